# How uintrsim guest programs are built: the one definition of the guest toolchain, its
# flags, the runtimes and the CMake functions that use them. The in-tree build
# (CMakeLists.txt, workloads/, tests/) and the exported package (find_package(uintrsim),
# cmake/uintrsimConfig.cmake.in) both include this file; scripts/uintrsim-cc reads the same
# values from the uintrsim-cc.conf that uintrsim_guest_write_cc_config() writes. docs/guests.md
# is the user's guide.
#
# The includer says where the runtime lives (paths differ between the source/build tree and
# an install prefix):
#   UINTRSIM_GUEST_INCLUDE_DIR              <uintrsim/devices.h>, <uintrsim/abi.h>, ...
#   UINTRSIM_GUEST_BAREMETAL_INCLUDE_DIR    bm.h
#   UINTRSIM_GUEST_SEL4_INCLUDE_DIR         <sel4/sel4.h>, <sel4/runtime.h>, <sel4/async.h>
#   UINTRSIM_GUEST_BAREMETAL_LINKER_SCRIPT  bare-metal layout (M-mode, code at 0x80000000)
#   UINTRSIM_GUEST_SEL4_LINKER_SCRIPT       root-task layout (U-mode ET_EXEC at 0x10000)
#   UINTRSIM_GUEST_LIBRARY_DIR              the prebuilt runtime libraries
#   UINTRSIM_GUEST_RUNTIME_SOURCE_DIR       the runtime's sources (workloads/ in the tree), for
#                                           guests built with RUNTIME_FLAGS
#   UINTRSIM_GUEST_BUILDS_RUNTIMES          (in-tree) TRUE: this project builds the libraries
#                                           (targets uintrsim_runtime_<part>)
#
# The runtime comes in parts, each a static library; a guest links the parts of its variant,
# in this order, as whole archives:
#   variant          parts                   extra flags (runtime and program)
#   baremetal        BAREMETAL
#   sel4             SEL4                    -std=gnu11 -Wextra
#   sel4 ASYNC       SEL4 SEL4_ASYNC         -std=gnu11 -Wextra
#   sel4 ADAPTIVE    SEL4 SEL4_ADAPTIVE      -std=gnu11 -Wextra -DASYNC_INTROSPECT
#   none             (no runtime)
#
# Functions:
#   uintrsim_add_guest(<target>
#       KIND baremetal|sel4|none [ASYNC [ADAPTIVE]]
#       SOURCES <c/S files...>
#       [FLAGS <compiler flags...>]      for the program's own sources (and the link)
#       [RUNTIME_FLAGS <flags...>]       compile the runtime for this guest with these flags
#                                        (-DASYNC_STACK_BYTES=8192, -DASYNC_TRACE, ...)
#                                        instead of linking the prebuilt libraries
#       [INCLUDES <dirs...>]             searched before the runtime's headers
#       [LINK_FLAGS <flags...>]          link only (-Wl,-Map=..., extra libraries)
#       [LINKER_SCRIPT <file>]           default: the kind's
#       [OUTPUT <file.elf>]              default: ${CMAKE_CURRENT_BINARY_DIR}/<target>.elf
#       [ARCH <march>] [ABI <mabi>])     KIND none only (the runtimes are built for the default)
#     Builds an ELF from the sources linked with the kind's runtime: baremetal (crt0 + bm.c:
#     console, exit, ROI markers; `int main(int hartid)`), sel4 (a root task on the seL4-style
#     runtime, `int main(seL4_BootInfo*)`; ASYNC adds the asynchronous-syscall client,
#     ADAPTIVE its per-request sync/async choice) or none (no runtime: bring _start; the
#     bare-metal linker script by default). Target <target> is part of `all`; its property
#     ELF holds the ELF's path.
#   add_guest_program(<name> SOURCES ... [LINKER_SCRIPT] [INCLUDES] [FLAGS] [ARCH] [ABI])
#     In-tree shorthand for KIND none: ${UINTRSIM_GUEST_DIR}/<name>.elf, target guest_<name>.
#   uintrsim_guest_runtime_libraries()
#     Builds every part into UINTRSIM_GUEST_LIBRARY_DIR (the in-tree build, once).
#   uintrsim_guest_write_cc_config(<file>)
#     Writes the values above as the bash file scripts/uintrsim-cc sources (a path may start
#     with the literal ${UINTRSIM_SDK_ROOT}: the wrapper sets it to the install prefix).
#
# Every source is compiled to an object of its own (with a depfile, so header changes are
# seen) and the objects are linked after the runtime, in that order, with the whole runtime
# archives included (--whole-archive): the same image as compiling runtime and program
# sources in one gcc call, but without gcc's random temporary object names, which end up in
# the symbol table as the STT_FILE of assembly sources: the same sources give the same ELF.
include_guard(DIRECTORY)
cmake_policy(PUSH)
cmake_policy(SET CMP0116 NEW)  # Ninja: DEPFILE paths as written by gcc (absolute here)

find_program(RISCV_GCC NAMES riscv64-unknown-elf-gcc REQUIRED)
find_program(RISCV_AR NAMES riscv64-unknown-elf-ar REQUIRED)

# --- the guest flags (one list for every guest, in-tree or not) --------------------------
set(UINTRSIM_GUEST_ARCH rv64imac_zicsr_zifencei)
set(UINTRSIM_GUEST_ABI lp64)
# Code generation and warnings, after -march/-mabi.
set(UINTRSIM_GUEST_CFLAGS -mcmodel=medany -O2 -g -ffreestanding -fno-builtin -Wall)
set(UINTRSIM_GUEST_LDFLAGS -nostdlib -nostartfiles -static)
# libgcc (helpers the compiler may call: soft-float, 128-bit division, ...) of the guests'
# multilib. GCC 12 picks a multilib by the exact -march string: rv64imac_zicsr_zifencei
# matches none and `-lgcc` would take the default rv64gc/lp64d libgcc, which has no soft-float
# routines and whose objects do not link with lp64 ones. The ISA without its Z extensions
# names the rv64imac/lp64 multilib.
string(REGEX REPLACE "_z[a-z0-9_]*$" "" _uintrsim_multilib_arch "${UINTRSIM_GUEST_ARCH}")
execute_process(
  COMMAND ${RISCV_GCC} -march=${_uintrsim_multilib_arch} -mabi=${UINTRSIM_GUEST_ABI} -print-multi-directory
  OUTPUT_VARIABLE _uintrsim_multilib OUTPUT_STRIP_TRAILING_WHITESPACE ERROR_QUIET)
execute_process(
  COMMAND ${RISCV_GCC} -march=${_uintrsim_multilib_arch} -mabi=${UINTRSIM_GUEST_ABI} -print-libgcc-file-name
  OUTPUT_VARIABLE _uintrsim_libgcc OUTPUT_STRIP_TRAILING_WHITESPACE ERROR_QUIET)
if(_uintrsim_multilib STREQUAL "." OR NOT EXISTS "${_uintrsim_libgcc}")
  message(WARNING "uintrsim guests: ${RISCV_GCC} has no ${_uintrsim_multilib_arch}/${UINTRSIM_GUEST_ABI} multilib; "
                  "linking -lgcc (guests that need soft-float or other libgcc helpers will not link)")
  set(UINTRSIM_GUEST_LIBS -lgcc)
else()
  set(UINTRSIM_GUEST_LIBS ${_uintrsim_libgcc})
endif()
# --- the runtime: variants and parts ------------------------------------------------------
# Flags of a variant, for its runtime parts and for the programs built on it.
set(UINTRSIM_GUEST_FLAGS_BAREMETAL "")
set(UINTRSIM_GUEST_FLAGS_SEL4 -std=gnu11 -Wextra)
set(UINTRSIM_GUEST_FLAGS_SEL4_ASYNC ${UINTRSIM_GUEST_FLAGS_SEL4})
# The adaptive policy reads the executor's ready queues (compiled in only for it).
set(UINTRSIM_GUEST_FLAGS_SEL4_ADAPTIVE ${UINTRSIM_GUEST_FLAGS_SEL4} -DASYNC_INTROSPECT)
set(UINTRSIM_GUEST_FLAGS_NONE "")
set(UINTRSIM_GUEST_VARIANTS BAREMETAL SEL4 SEL4_ASYNC SEL4_ADAPTIVE NONE)
set(UINTRSIM_GUEST_PARTS_BAREMETAL BAREMETAL)
set(UINTRSIM_GUEST_PARTS_SEL4 SEL4)
set(UINTRSIM_GUEST_PARTS_SEL4_ASYNC SEL4 SEL4_ASYNC)
set(UINTRSIM_GUEST_PARTS_SEL4_ADAPTIVE SEL4 SEL4_ADAPTIVE)
set(UINTRSIM_GUEST_PARTS_NONE "")
# Each part: its library, the variant whose flags and headers it is compiled with, and its
# sources (relative to UINTRSIM_GUEST_RUNTIME_SOURCE_DIR, in link order).
set(UINTRSIM_GUEST_ALL_PARTS BAREMETAL SEL4 SEL4_ASYNC SEL4_ADAPTIVE)
set(UINTRSIM_GUEST_PART_LIBRARY_BAREMETAL libuintrsim-baremetal.a)
set(UINTRSIM_GUEST_PART_VARIANT_BAREMETAL BAREMETAL)
set(UINTRSIM_GUEST_PART_SOURCES_BAREMETAL baremetal/crt0.S baremetal/bm.c)
# crt0 (stack, TLS, IPC buffer, main, exit), printf, string functions, allocators, threads,
# sim-control (ROI, workload arguments).
set(UINTRSIM_GUEST_PART_LIBRARY_SEL4 libuintrsim-sel4.a)
set(UINTRSIM_GUEST_PART_VARIANT_SEL4 SEL4)
set(UINTRSIM_GUEST_PART_SOURCES_SEL4
    runtime/crt0.S runtime/sel4_runtime.c runtime/printf.c runtime/string.c runtime/alloc.c
    runtime/thread.c runtime/simctrl.c)
# The asynchronous-syscall client: executor, response coroutine, user-interrupt entry.
set(UINTRSIM_GUEST_PART_LIBRARY_SEL4_ASYNC libuintrsim-sel4-async.a)
set(UINTRSIM_GUEST_PART_VARIANT_SEL4_ASYNC SEL4_ASYNC)
set(UINTRSIM_GUEST_PART_SOURCES_SEL4_ASYNC
    runtime/async/coro_switch.S runtime/async/executor.c runtime/async/async_syscall.c uintr/uintr_vec.S)
# The same with the per-request sync/async choice (async/adaptive.c).
set(UINTRSIM_GUEST_PART_LIBRARY_SEL4_ADAPTIVE libuintrsim-sel4-adaptive.a)
set(UINTRSIM_GUEST_PART_VARIANT_SEL4_ADAPTIVE SEL4_ADAPTIVE)
set(UINTRSIM_GUEST_PART_SOURCES_SEL4_ADAPTIVE ${UINTRSIM_GUEST_PART_SOURCES_SEL4_ASYNC} runtime/async/adaptive.c)

if(NOT DEFINED UINTRSIM_GUEST_DIR)
  set(UINTRSIM_GUEST_DIR ${CMAKE_BINARY_DIR}/guest)
endif()

# _uintrsim_guest_variant(<out> <context> <kind> <async> <adaptive>): the variant's name.
function(_uintrsim_guest_variant out context kind async adaptive)
  string(TOUPPER "${kind}" K)
  if(NOT K MATCHES "^(BAREMETAL|SEL4|NONE)$")
    message(FATAL_ERROR "${context}: KIND '${kind}' is none of baremetal, sel4, none")
  endif()
  if(async AND NOT K STREQUAL "SEL4")
    message(FATAL_ERROR "${context}: ASYNC needs KIND sel4 (the asynchronous-syscall client runs under the kernel model)")
  endif()
  if(adaptive AND NOT async)
    message(FATAL_ERROR "${context}: ADAPTIVE needs ASYNC")
  endif()
  if(adaptive)
    set(K SEL4_ADAPTIVE)
  elseif(async)
    set(K SEL4_ASYNC)
  endif()
  set(${out} ${K} PARENT_SCOPE)
endfunction()

# _uintrsim_guest_kind(<variant> <prefix>): <prefix>_FLAGS, _INCLUDES, _PARTS, _LIBS (full
# paths of the prebuilt parts, link order), _LINKER_SCRIPT of a variant.
function(_uintrsim_guest_kind variant prefix)
  set(incs ${UINTRSIM_GUEST_INCLUDE_DIR})
  if(variant STREQUAL "BAREMETAL")
    list(APPEND incs ${UINTRSIM_GUEST_BAREMETAL_INCLUDE_DIR})
    set(ld ${UINTRSIM_GUEST_BAREMETAL_LINKER_SCRIPT})
  elseif(variant MATCHES "^SEL4")
    list(APPEND incs ${UINTRSIM_GUEST_SEL4_INCLUDE_DIR})
    set(ld ${UINTRSIM_GUEST_SEL4_LINKER_SCRIPT})
  else()
    set(ld ${UINTRSIM_GUEST_BAREMETAL_LINKER_SCRIPT})
  endif()
  list(REMOVE_DUPLICATES incs)
  set(libs "")
  foreach(part ${UINTRSIM_GUEST_PARTS_${variant}})
    list(APPEND libs ${UINTRSIM_GUEST_LIBRARY_DIR}/${UINTRSIM_GUEST_PART_LIBRARY_${part}})
  endforeach()
  set(${prefix}_FLAGS ${UINTRSIM_GUEST_FLAGS_${variant}} PARENT_SCOPE)
  set(${prefix}_INCLUDES ${incs} PARENT_SCOPE)
  set(${prefix}_PARTS ${UINTRSIM_GUEST_PARTS_${variant}} PARENT_SCOPE)
  set(${prefix}_LIBS ${libs} PARENT_SCOPE)
  set(${prefix}_LINKER_SCRIPT ${ld} PARENT_SCOPE)
endfunction()

# _uintrsim_guest_compile(<objects var> <object dir> ARCH .. ABI .. SOURCES .. FLAGS ..
#                         INCLUDES ..): one object per source, <object dir>/<file name>.o
#                         (<object dir>/<n>/<file name>.o for a second source of that name).
function(_uintrsim_guest_compile out objdir)
  cmake_parse_arguments(C "" "ARCH;ABI" "SOURCES;FLAGS;INCLUDES" ${ARGN})
  set(incs "")
  foreach(i ${C_INCLUDES})
    get_filename_component(abs ${i} ABSOLUTE)
    list(APPEND incs -I${abs})
  endforeach()
  list(REMOVE_DUPLICATES incs)
  set(objs "")
  set(names "")
  foreach(s ${C_SOURCES})
    get_filename_component(abs ${s} ABSOLUTE)
    get_filename_component(base ${abs} NAME)
    list(FIND names ${base} dup)
    list(APPEND names ${base})
    if(dup EQUAL -1)
      set(obj ${objdir}/${base}.o)
    else()
      list(LENGTH names n)
      set(obj ${objdir}/${n}/${base}.o)
    endif()
    get_filename_component(d ${obj} DIRECTORY)
    file(MAKE_DIRECTORY ${d})
    file(RELATIVE_PATH shown ${CMAKE_BINARY_DIR} ${obj})
    add_custom_command(
      OUTPUT ${obj}
      COMMAND ${RISCV_GCC} -march=${C_ARCH} -mabi=${C_ABI} ${UINTRSIM_GUEST_CFLAGS} ${C_FLAGS} ${incs}
              -MD -MF ${obj}.d -c ${abs} -o ${obj}
      DEPENDS ${abs}
      DEPFILE ${obj}.d
      COMMENT "Compiling guest object ${shown}"
      VERBATIM)
    list(APPEND objs ${obj})
  endforeach()
  set(${out} ${objs} PARENT_SCOPE)
endfunction()

# _uintrsim_guest_part_library(<part> <lib.a> <object dir> [runtime flags...]): the custom
# command that compiles a runtime part (its variant's flags and headers, then the extra flags)
# into a static library.
function(_uintrsim_guest_part_library part lib objdir)
  if(NOT UINTRSIM_GUEST_RUNTIME_SOURCE_DIR)
    message(FATAL_ERROR "uintrsim guest: the runtime's sources are not known (UINTRSIM_GUEST_RUNTIME_SOURCE_DIR)")
  endif()
  set(variant ${UINTRSIM_GUEST_PART_VARIANT_${part}})
  _uintrsim_guest_kind(${variant} kind)
  set(srcs "")
  foreach(s ${UINTRSIM_GUEST_PART_SOURCES_${part}})
    list(APPEND srcs ${UINTRSIM_GUEST_RUNTIME_SOURCE_DIR}/${s})
  endforeach()
  _uintrsim_guest_compile(objs ${objdir} ARCH ${UINTRSIM_GUEST_ARCH} ABI ${UINTRSIM_GUEST_ABI} SOURCES ${srcs}
    FLAGS ${kind_FLAGS} ${ARGN} INCLUDES ${kind_INCLUDES})
  get_filename_component(name ${lib} NAME)
  get_filename_component(dir ${lib} DIRECTORY)
  file(MAKE_DIRECTORY ${dir})
  # Members in source order (the link order of the whole archive); D: no timestamps or uids.
  add_custom_command(
    OUTPUT ${lib}
    COMMAND ${CMAKE_COMMAND} -E rm -f ${lib}
    COMMAND ${RISCV_AR} crsD ${lib} ${objs}
    DEPENDS ${objs}
    COMMENT "Archiving guest runtime ${name}"
    VERBATIM)
endfunction()

function(uintrsim_add_guest target)
  cmake_parse_arguments(G "ASYNC;ADAPTIVE" "KIND;LINKER_SCRIPT;OUTPUT;ARCH;ABI"
                        "SOURCES;FLAGS;RUNTIME_FLAGS;INCLUDES;LINK_FLAGS" ${ARGN})
  set(ctx "uintrsim_add_guest(${target})")
  if(G_UNPARSED_ARGUMENTS)
    message(FATAL_ERROR "${ctx}: unknown arguments: ${G_UNPARSED_ARGUMENTS}")
  endif()
  if(NOT G_KIND)
    message(FATAL_ERROR "${ctx}: KIND baremetal|sel4|none is required")
  endif()
  if(NOT G_SOURCES)
    message(FATAL_ERROR "${ctx}: no SOURCES")
  endif()
  _uintrsim_guest_variant(variant "${ctx}" "${G_KIND}" "${G_ASYNC}" "${G_ADAPTIVE}")
  if((G_ARCH OR G_ABI) AND NOT variant STREQUAL "NONE")
    message(FATAL_ERROR "${ctx}: ARCH/ABI only with KIND none (the runtime libraries are built for -march=${UINTRSIM_GUEST_ARCH} -mabi=${UINTRSIM_GUEST_ABI})")
  endif()
  if(G_RUNTIME_FLAGS AND variant STREQUAL "NONE")
    message(FATAL_ERROR "${ctx}: RUNTIME_FLAGS with KIND none (no runtime)")
  endif()
  if(NOT G_ARCH)
    set(G_ARCH ${UINTRSIM_GUEST_ARCH})
  endif()
  if(NOT G_ABI)
    set(G_ABI ${UINTRSIM_GUEST_ABI})
  endif()
  _uintrsim_guest_kind(${variant} kind)
  if(G_LINKER_SCRIPT)
    get_filename_component(kind_LINKER_SCRIPT ${G_LINKER_SCRIPT} ABSOLUTE)
  endif()
  if(G_OUTPUT)
    get_filename_component(out ${G_OUTPUT} ABSOLUTE BASE_DIR ${CMAKE_CURRENT_BINARY_DIR})
  else()
    set(out ${CMAKE_CURRENT_BINARY_DIR}/${target}.elf)
  endif()
  get_filename_component(outdir ${out} DIRECTORY)
  file(MAKE_DIRECTORY ${outdir})
  set(objdir ${CMAKE_CURRENT_BINARY_DIR}/CMakeFiles/${target}.guest)

  # The runtime: the prebuilt parts, or this guest's own build of them.
  set(libs ${kind_LIBS})
  if(G_RUNTIME_FLAGS)
    set(libs "")
    foreach(part ${kind_PARTS})
      set(lib ${objdir}/runtime/${UINTRSIM_GUEST_PART_LIBRARY_${part}})
      _uintrsim_guest_part_library(${part} ${lib} ${objdir}/runtime/${part} ${G_RUNTIME_FLAGS})
      list(APPEND libs ${lib})
    endforeach()
  endif()
  set(flags ${kind_FLAGS} ${G_FLAGS})
  _uintrsim_guest_compile(objs ${objdir}
    ARCH ${G_ARCH} ABI ${G_ABI} SOURCES ${G_SOURCES} FLAGS ${flags} INCLUDES ${G_INCLUDES} ${kind_INCLUDES})
  set(runtime "")
  if(libs)
    set(runtime -Wl,--whole-archive ${libs} -Wl,--no-whole-archive)
  endif()
  get_filename_component(name ${out} NAME)
  add_custom_command(
    OUTPUT ${out}
    COMMAND ${RISCV_GCC} -march=${G_ARCH} -mabi=${G_ABI} ${UINTRSIM_GUEST_CFLAGS} ${UINTRSIM_GUEST_LDFLAGS}
            ${flags} -T ${kind_LINKER_SCRIPT} -o ${out} ${runtime} ${objs} ${G_LINK_FLAGS} ${UINTRSIM_GUEST_LIBS}
    DEPENDS ${objs} ${libs} ${kind_LINKER_SCRIPT}
    COMMENT "Linking guest program ${name}"
    VERBATIM)
  add_custom_target(${target} ALL DEPENDS ${out})
  set_target_properties(${target} PROPERTIES ELF ${out})
  if(UINTRSIM_GUEST_BUILDS_RUNTIMES AND NOT G_RUNTIME_FLAGS)
    foreach(part ${kind_PARTS})
      string(TOLOWER ${part} p)
      add_dependencies(${target} uintrsim_runtime_${p})
    endforeach()
  endif()
endfunction()

function(add_guest_program name)
  cmake_parse_arguments(G "" "LINKER_SCRIPT;ARCH;ABI" "SOURCES;INCLUDES;FLAGS" ${ARGN})
  set(opt "")
  foreach(o LINKER_SCRIPT ARCH ABI)
    if(G_${o})
      list(APPEND opt ${o} ${G_${o}})
    endif()
  endforeach()
  uintrsim_add_guest(guest_${name} KIND none SOURCES ${G_SOURCES} FLAGS ${G_FLAGS} INCLUDES ${G_INCLUDES}
    OUTPUT ${UINTRSIM_GUEST_DIR}/${name}.elf ${opt})
endfunction()

function(uintrsim_guest_runtime_libraries)
  foreach(part ${UINTRSIM_GUEST_ALL_PARTS})
    string(TOLOWER ${part} p)
    set(lib ${UINTRSIM_GUEST_LIBRARY_DIR}/${UINTRSIM_GUEST_PART_LIBRARY_${part}})
    _uintrsim_guest_part_library(${part} ${lib} ${CMAKE_CURRENT_BINARY_DIR}/CMakeFiles/uintrsim_runtime_${p}.guest)
    add_custom_target(uintrsim_runtime_${p} ALL DEPENDS ${lib})
  endforeach()
endfunction()

# A list as the elements of a bash array, each double-quoted ($ is kept, so that a path may
# start with ${UINTRSIM_SDK_ROOT}).
function(_uintrsim_bash_array out)
  set(s "")
  foreach(e ${ARGN})
    string(REPLACE "\\" "\\\\" e "${e}")
    string(REPLACE "\"" "\\\"" e "${e}")
    string(REPLACE "`" "\\`" e "${e}")
    string(APPEND s " \"${e}\"")
  endforeach()
  set(${out} "(${s} )" PARENT_SCOPE)
endfunction()

function(uintrsim_guest_write_cc_config file)
  set(lines "# uintrsim guest SDK for scripts/uintrsim-cc (generated by CMake from cmake/GuestProgram.cmake).\n")
  string(APPEND lines "# UINTRSIM_SDK_ROOT: set by uintrsim-cc to the install prefix (three folders up).\n")
  _uintrsim_bash_array(v ${RISCV_GCC})
  string(APPEND lines "UINTRSIM_CC_GCC=${v}\n")
  _uintrsim_bash_array(v -march=${UINTRSIM_GUEST_ARCH} -mabi=${UINTRSIM_GUEST_ABI} ${UINTRSIM_GUEST_CFLAGS})
  string(APPEND lines "UINTRSIM_CC_CFLAGS=${v}\n")
  _uintrsim_bash_array(v ${UINTRSIM_GUEST_LDFLAGS})
  string(APPEND lines "UINTRSIM_CC_LDFLAGS=${v}\n")
  _uintrsim_bash_array(v ${UINTRSIM_GUEST_LIBS})
  string(APPEND lines "UINTRSIM_CC_LIBS=${v}\n")
  foreach(variant ${UINTRSIM_GUEST_VARIANTS})
    _uintrsim_guest_kind(${variant} k)
    string(TOLOWER ${variant} suffix)
    set(incs "")
    foreach(i ${k_INCLUDES})
      list(APPEND incs -I${i})
    endforeach()
    _uintrsim_bash_array(v ${k_FLAGS})
    string(APPEND lines "UINTRSIM_CC_FLAGS_${suffix}=${v}\n")
    _uintrsim_bash_array(v ${incs})
    string(APPEND lines "UINTRSIM_CC_INCLUDES_${suffix}=${v}\n")
    _uintrsim_bash_array(v ${k_LIBS})
    string(APPEND lines "UINTRSIM_CC_RUNTIME_${suffix}=${v}\n")
    _uintrsim_bash_array(v ${k_PARTS})
    string(APPEND lines "UINTRSIM_CC_PARTS_${suffix}=${v}\n")
    _uintrsim_bash_array(v ${k_LINKER_SCRIPT})
    string(APPEND lines "UINTRSIM_CC_LINKER_SCRIPT_${suffix}=${v}\n")
  endforeach()
  # The runtime's parts, for --runtime-flags (the wrapper compiles them itself).
  foreach(part ${UINTRSIM_GUEST_ALL_PARTS})
    set(srcs "")
    foreach(src ${UINTRSIM_GUEST_PART_SOURCES_${part}})
      list(APPEND srcs ${UINTRSIM_GUEST_RUNTIME_SOURCE_DIR}/${src})
    endforeach()
    _uintrsim_bash_array(v ${srcs})
    string(APPEND lines "UINTRSIM_CC_PART_SOURCES_${part}=${v}\n")
    string(TOLOWER ${UINTRSIM_GUEST_PART_VARIANT_${part}} pv)
    string(APPEND lines "UINTRSIM_CC_PART_VARIANT_${part}=${pv}\n")
  endforeach()
  _uintrsim_bash_array(v ${UINTRSIM_EXECUTABLE})
  string(APPEND lines "UINTRSIM_CC_SIMULATOR=${v}\n")
  _uintrsim_bash_array(v ${UINTRSIM_CONFIG_DIR})
  string(APPEND lines "UINTRSIM_CC_CONFIG_DIR=${v}\n")
  file(CONFIGURE OUTPUT ${file} CONTENT "${lines}" @ONLY)
endfunction()

cmake_policy(POP)
