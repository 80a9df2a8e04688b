# seL4-style user programs (root tasks under the kernel model) built on workloads/runtime.
#
#   add_sel4_program(<name> SOURCES <c/S files...> [FLAGS <extra compiler flags...>]
#                    [INCLUDES <dirs...>] [ASYNC [ADAPTIVE]])
#
# uintrsim_add_guest(guest_<name> KIND sel4 ...) of cmake/GuestProgram.cmake, the function
# programs outside the tree use too (docs/guests.md), with the ELF at
# ${UINTRSIM_GUEST_DIR}/<name>.elf: the program's sources linked after the runtime
# (libuintrsim-sel4.a: crt0, syscalls, printf, allocator, threads, sim-control; ASYNC:
# libuintrsim-sel4-async.a, the asynchronous-syscall client: executor, response coroutine,
# user-interrupt entry; ASYNC ADAPTIVE: libuintrsim-sel4-adaptive.a, the same with
# async/adaptive.c, the per-request sync or async submission, and -DASYNC_INTROSPECT), with
# the headers workloads/include (uintrsim/*.h) and workloads/runtime/include (sel4/*.h) and
# the user-mode linker script workloads/runtime/link.ld. The runtime's parts and their
# sources are listed in cmake/GuestProgram.cmake. FLAGS apply to the runtime too (-DASYNC_TRACE
# compiles in its protocol-stage stamps), which is then compiled for this program instead of
# linked prebuilt. Programs provide `int main(seL4_BootInfo*)`.

function(add_sel4_program name)
  cmake_parse_arguments(P "ASYNC;ADAPTIVE" "" "SOURCES;FLAGS;INCLUDES" ${ARGN})
  set(variant "")
  if(P_ASYNC)
    list(APPEND variant ASYNC)
  endif()
  if(P_ADAPTIVE)
    list(APPEND variant ADAPTIVE)
  endif()
  uintrsim_add_guest(guest_${name} KIND sel4 ${variant} SOURCES ${P_SOURCES} FLAGS ${P_FLAGS}
    RUNTIME_FLAGS ${P_FLAGS} INCLUDES ${P_INCLUDES} OUTPUT ${UINTRSIM_GUEST_DIR}/${name}.elf)
endfunction()
