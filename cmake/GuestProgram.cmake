# Cross-compiles RISC-V guest programs with Debian's gcc-riscv64-unknown-elf.
#
#   add_guest_program(<name>
#       SOURCES <c/S files...>
#       [LINKER_SCRIPT <file>]          default: workloads/baremetal/link.ld
#       [INCLUDES <dirs...>]            workloads/include (uintrsim/*.h) is always searched
#       [FLAGS <extra compiler flags...>]
#       [ARCH rv64imac_zicsr_zifencei] [ABI lp64])
#
# Produces ${UINTRSIM_GUEST_DIR}/<name>.elf and a target named guest_<name>
# that is part of `all`. The ELF path is stored in the target property ELF.

find_program(RISCV_GCC NAMES riscv64-unknown-elf-gcc REQUIRED)
set(UINTRSIM_GUEST_DIR ${CMAKE_BINARY_DIR}/guest CACHE INTERNAL "guest ELF output folder")
file(MAKE_DIRECTORY ${UINTRSIM_GUEST_DIR})

function(add_guest_program name)
  cmake_parse_arguments(G "" "LINKER_SCRIPT;ARCH;ABI" "SOURCES;INCLUDES;FLAGS" ${ARGN})
  if(NOT G_LINKER_SCRIPT)
    set(G_LINKER_SCRIPT ${PROJECT_SOURCE_DIR}/workloads/baremetal/link.ld)
  endif()
  if(NOT G_ARCH)
    set(G_ARCH rv64imac_zicsr_zifencei)
  endif()
  if(NOT G_ABI)
    set(G_ABI lp64)
  endif()
  set(out ${UINTRSIM_GUEST_DIR}/${name}.elf)
  set(srcs "")
  set(headers "")
  foreach(s ${G_SOURCES})
    get_filename_component(abs ${s} ABSOLUTE)
    list(APPEND srcs ${abs})
    # Rebuild when a header beside a source or one folder up changes (Ninja ignores
    # IMPLICIT_DEPENDS, and one gcc call compiles all sources, so no per-source depfile).
    get_filename_component(dir ${abs} DIRECTORY)
    file(GLOB hs CONFIGURE_DEPENDS ${dir}/*.h ${dir}/../*.h ${dir}/../*/*.h)
    list(APPEND headers ${hs})
  endforeach()
  # The shared platform headers (<uintrsim/devices.h>, <uintrsim/sv39.h>, <uintrsim/abi.h>).
  file(GLOB shared_hs CONFIGURE_DEPENDS ${PROJECT_SOURCE_DIR}/workloads/include/uintrsim/*.h)
  list(APPEND headers ${shared_hs})
  list(REMOVE_DUPLICATES headers)
  set(incs "")
  foreach(i ${G_INCLUDES} ${PROJECT_SOURCE_DIR}/workloads/include)
    get_filename_component(abs ${i} ABSOLUTE)
    list(APPEND incs -I${abs})
  endforeach()
  list(REMOVE_DUPLICATES incs)
  add_custom_command(
    OUTPUT ${out}
    COMMAND ${RISCV_GCC} -march=${G_ARCH} -mabi=${G_ABI} -mcmodel=medany
            -O2 -g -ffreestanding -fno-builtin -nostdlib -nostartfiles -static
            -Wall ${G_FLAGS} ${incs}
            -T ${G_LINKER_SCRIPT} -o ${out} ${srcs} -lgcc
    DEPENDS ${srcs} ${headers} ${G_LINKER_SCRIPT}
    COMMENT "Cross-compiling guest program ${name}"
    VERBATIM)
  add_custom_target(guest_${name} ALL DEPENDS ${out})
  set_target_properties(guest_${name} PROPERTIES ELF ${out})
endfunction()
