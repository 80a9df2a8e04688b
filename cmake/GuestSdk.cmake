# The guest SDK: building guests outside the source tree (docs/guests.md).
#
# Two ways to use it, from the build tree or from an install prefix
# (cmake --install build --prefix PREFIX):
#   find_package(uintrsim) with CMAKE_PREFIX_PATH=<build or PREFIX>, then uintrsim_add_guest()
#     (cmake/GuestProgram.cmake; build: build/uintrsimConfig.cmake, PREFIX:
#     lib/cmake/uintrsim/uintrsimConfig.cmake);
#   the compiler wrapper uintrsim-cc (build/bin, PREFIX/bin; scripts/uintrsim-cc), which reads
#     lib/uintrsim/riscv64/uintrsim-cc.conf beside it.
# Both carry the values of cmake/GuestProgram.cmake: the same flags, runtime libraries,
# headers and linker scripts as the in-tree guests.
#
# Install layout (paths relative to PREFIX):
#   bin/uintrsim, bin/uintrsim-cc
#   lib/uintrsim/riscv64/         libuintrsim-{baremetal,sel4,sel4-async,sel4-adaptive}.a,
#                                 baremetal.ld, sel4.ld, uintrsim-cc.conf,
#                                 include/{uintrsim/,sel4/,bm.h}, src/ (the runtime's sources)
#   lib/cmake/uintrsim/           uintrsimConfig.cmake, uintrsimConfigVersion.cmake,
#                                 GuestProgram.cmake
#   share/uintrsim/configs/       platforms/, calibration/ (for `include = [...]`)
# The build folder has the same bin/, lib/uintrsim/riscv64/ (libraries and uintrsim-cc.conf;
# headers and linker scripts are used in place) and share/uintrsim/configs (a link).
include(CMakePackageConfigHelpers)

set(UINTRSIM_SDK_DEST lib/uintrsim/riscv64)
set(UINTRSIM_CMAKE_DEST lib/cmake/uintrsim)
set(UINTRSIM_CONFIGS_DEST share/uintrsim/configs)
set(UINTRSIM_EXECUTABLE ${CMAKE_RUNTIME_OUTPUT_DIRECTORY}/uintrsim)
set(UINTRSIM_CONFIG_DIR ${PROJECT_SOURCE_DIR}/configs)

write_basic_package_version_file(${CMAKE_BINARY_DIR}/uintrsimConfigVersion.cmake
  VERSION ${PROJECT_VERSION} COMPATIBILITY SameMinorVersion ARCH_INDEPENDENT)

# --- the build tree: the values as the in-tree build uses them ------------------------------
# Laid out like a prefix where a user looks: bin/, share/uintrsim/configs (-> the source's).
file(MAKE_DIRECTORY ${CMAKE_BINARY_DIR}/share/uintrsim)
file(CREATE_LINK ${PROJECT_SOURCE_DIR}/configs ${CMAKE_BINARY_DIR}/share/uintrsim/configs SYMBOLIC)
uintrsim_guest_write_cc_config(${UINTRSIM_GUEST_LIBRARY_DIR}/uintrsim-cc.conf)
configure_file(${PROJECT_SOURCE_DIR}/scripts/uintrsim-cc ${CMAKE_RUNTIME_OUTPUT_DIRECTORY}/uintrsim-cc COPYONLY)
set(UINTRSIM_PACKAGE_FLAVOUR "build tree ${CMAKE_BINARY_DIR}")
set(UINTRSIM_PACKAGE_ROOT_CODE "")
set(UINTRSIM_PACKAGE_GUESTPROGRAM ${PROJECT_SOURCE_DIR}/cmake/GuestProgram.cmake)
configure_file(${PROJECT_SOURCE_DIR}/cmake/uintrsimConfig.cmake.in ${CMAKE_BINARY_DIR}/uintrsimConfig.cmake @ONLY)

# --- an install prefix: the same values at their installed places -------------------------
block()
  set(root "\${UINTRSIM_SDK_ROOT}")
  set(UINTRSIM_GUEST_INCLUDE_DIR ${root}/${UINTRSIM_SDK_DEST}/include)
  set(UINTRSIM_GUEST_BAREMETAL_INCLUDE_DIR ${root}/${UINTRSIM_SDK_DEST}/include)
  set(UINTRSIM_GUEST_SEL4_INCLUDE_DIR ${root}/${UINTRSIM_SDK_DEST}/include)
  set(UINTRSIM_GUEST_BAREMETAL_LINKER_SCRIPT ${root}/${UINTRSIM_SDK_DEST}/baremetal.ld)
  set(UINTRSIM_GUEST_SEL4_LINKER_SCRIPT ${root}/${UINTRSIM_SDK_DEST}/sel4.ld)
  set(UINTRSIM_GUEST_LIBRARY_DIR ${root}/${UINTRSIM_SDK_DEST})
  set(UINTRSIM_GUEST_RUNTIME_SOURCE_DIR ${root}/${UINTRSIM_SDK_DEST}/src)
  set(UINTRSIM_EXECUTABLE ${root}/bin/uintrsim)
  set(UINTRSIM_CONFIG_DIR ${root}/${UINTRSIM_CONFIGS_DEST})
  set(stage ${CMAKE_BINARY_DIR}/CMakeFiles/uintrsim-install)
  uintrsim_guest_write_cc_config(${stage}/uintrsim-cc.conf)
  set(UINTRSIM_PACKAGE_FLAVOUR "install prefix")
  set(UINTRSIM_PACKAGE_ROOT_CODE
    "get_filename_component(UINTRSIM_SDK_ROOT \"\${CMAKE_CURRENT_LIST_DIR}/../../..\" ABSOLUTE)")
  set(UINTRSIM_PACKAGE_GUESTPROGRAM "\${CMAKE_CURRENT_LIST_DIR}/GuestProgram.cmake")
  configure_file(${PROJECT_SOURCE_DIR}/cmake/uintrsimConfig.cmake.in ${stage}/uintrsimConfig.cmake @ONLY)
endblock()

set(stage ${CMAKE_BINARY_DIR}/CMakeFiles/uintrsim-install)
install(TARGETS uintrsim RUNTIME DESTINATION bin)
install(PROGRAMS ${PROJECT_SOURCE_DIR}/scripts/uintrsim-cc DESTINATION bin)
set(libs "")
foreach(part ${UINTRSIM_GUEST_ALL_PARTS})
  list(APPEND libs ${UINTRSIM_GUEST_LIBRARY_DIR}/${UINTRSIM_GUEST_PART_LIBRARY_${part}})
  # The part's sources (and the headers beside them), for guests built with RUNTIME_FLAGS.
  foreach(src ${UINTRSIM_GUEST_PART_SOURCES_${part}})
    get_filename_component(rel ${src} DIRECTORY)
    file(GLOB hs ${UINTRSIM_GUEST_RUNTIME_SOURCE_DIR}/${rel}/*.h)
    install(FILES ${UINTRSIM_GUEST_RUNTIME_SOURCE_DIR}/${src} ${hs} DESTINATION ${UINTRSIM_SDK_DEST}/src/${rel})
  endforeach()
endforeach()
install(FILES ${libs} ${stage}/uintrsim-cc.conf DESTINATION ${UINTRSIM_SDK_DEST})
install(FILES ${UINTRSIM_GUEST_BAREMETAL_LINKER_SCRIPT} DESTINATION ${UINTRSIM_SDK_DEST} RENAME baremetal.ld)
install(FILES ${UINTRSIM_GUEST_SEL4_LINKER_SCRIPT} DESTINATION ${UINTRSIM_SDK_DEST} RENAME sel4.ld)
install(DIRECTORY ${UINTRSIM_GUEST_INCLUDE_DIR}/uintrsim ${UINTRSIM_GUEST_SEL4_INCLUDE_DIR}/sel4
  DESTINATION ${UINTRSIM_SDK_DEST}/include FILES_MATCHING PATTERN "*.h")
install(FILES ${UINTRSIM_GUEST_BAREMETAL_INCLUDE_DIR}/bm.h DESTINATION ${UINTRSIM_SDK_DEST}/include)
install(FILES
    ${stage}/uintrsimConfig.cmake
    ${CMAKE_BINARY_DIR}/uintrsimConfigVersion.cmake
    ${PROJECT_SOURCE_DIR}/cmake/GuestProgram.cmake
  DESTINATION ${UINTRSIM_CMAKE_DEST})
install(DIRECTORY ${PROJECT_SOURCE_DIR}/configs/platforms ${PROJECT_SOURCE_DIR}/configs/calibration
  DESTINATION ${UINTRSIM_CONFIGS_DEST} FILES_MATCHING PATTERN "*.toml")
