# seL4-style user programs (root tasks under the kernel model) built on workloads/runtime.
#
#   add_sel4_program(<name> [ASYNC] SOURCES <c/S files...> [FLAGS <extra compiler flags...>]
#                    [INCLUDES <dirs...>])
#
# Builds the runtime once, as the static libraries of the guest SDK (cmake/GuestProgram.cmake,
# installed for programs outside the tree: docs/guests.md): libuintrsim-sel4.a (crt0,
# syscalls, printf, allocator, threads, sim-control) and libuintrsim-sel4-async.a (the
# asynchronous-syscall client: executor, response coroutine, user-interrupt entry).
# add_sel4_program() is uintrsim_add_guest(guest_<name> KIND sel4 [ASYNC] ...) with the ELF at
# ${UINTRSIM_GUEST_DIR}/<name>.elf: the program's sources linked after the runtime, with the
# headers workloads/include (uintrsim/*.h) and workloads/runtime/include (sel4/*.h) and the
# user-mode linker script workloads/runtime/link.ld. Programs provide `int main(seL4_BootInfo*)`.

set(SEL4_RUNTIME_DIR ${CMAKE_CURRENT_LIST_DIR})
set(SEL4_RUNTIME_SOURCES
    ${SEL4_RUNTIME_DIR}/crt0.S
    ${SEL4_RUNTIME_DIR}/sel4_runtime.c
    ${SEL4_RUNTIME_DIR}/printf.c
    ${SEL4_RUNTIME_DIR}/string.c
    ${SEL4_RUNTIME_DIR}/alloc.c
    ${SEL4_RUNTIME_DIR}/thread.c
    ${SEL4_RUNTIME_DIR}/simctrl.c)
# The asynchronous-syscall client (add_sel4_program(... ASYNC)): executor, response coroutine,
# user-interrupt entry.
set(SEL4_ASYNC_SOURCES
    ${SEL4_RUNTIME_DIR}/async/coro_switch.S
    ${SEL4_RUNTIME_DIR}/async/executor.c
    ${SEL4_RUNTIME_DIR}/async/async_syscall.c
    ${SEL4_RUNTIME_DIR}/../uintr/uintr_vec.S)

uintrsim_guest_runtime_library(uintrsim_runtime_sel4 KIND sel4
  OUTPUT ${UINTRSIM_GUEST_LIBRARY_DIR}/${UINTRSIM_GUEST_RUNTIME_SEL4} SOURCES ${SEL4_RUNTIME_SOURCES})
uintrsim_guest_runtime_library(uintrsim_runtime_sel4_async KIND sel4
  OUTPUT ${UINTRSIM_GUEST_LIBRARY_DIR}/${UINTRSIM_GUEST_RUNTIME_SEL4_ASYNC} SOURCES ${SEL4_ASYNC_SOURCES})

function(add_sel4_program name)
  cmake_parse_arguments(P "ASYNC" "" "SOURCES;FLAGS;INCLUDES" ${ARGN})
  set(async "")
  if(P_ASYNC)
    set(async ASYNC)
  endif()
  uintrsim_add_guest(guest_${name} KIND sel4 ${async} SOURCES ${P_SOURCES} FLAGS ${P_FLAGS}
    INCLUDES ${P_INCLUDES} OUTPUT ${UINTRSIM_GUEST_DIR}/${name}.elf)
endfunction()
