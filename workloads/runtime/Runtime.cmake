# seL4-style user programs (root tasks under the kernel model) built on workloads/runtime.
#
#   add_sel4_program(<name> SOURCES <c/S files...> [FLAGS <extra compiler flags...>]
#                    [INCLUDES <dirs...>] [ASYNC [ADAPTIVE]])
#
# Calls add_guest_program() (cmake/GuestProgram.cmake) with the runtime sources (crt0,
# syscalls, printf, allocator, threads), the include folders workloads/include (uintrsim/abi.h)
# and workloads/runtime/include (sel4/sel4.h, sel4/runtime.h), and the user-mode linker
# script workloads/runtime/link.ld. The ELF is ${UINTRSIM_GUEST_DIR}/<name>.elf, the target
# guest_<name>. Programs provide `int main(seL4_BootInfo*)`.

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
# ASYNC ADAPTIVE: per-request choice of sync or async submission (sel4/async.h), which reads
# the executor's ready queues (compiled in only for these programs: -DASYNC_INTROSPECT).
set(SEL4_ADAPTIVE_SOURCES ${SEL4_RUNTIME_DIR}/async/adaptive.c)
set(SEL4_ADAPTIVE_FLAGS -DASYNC_INTROSPECT)
set(SEL4_RUNTIME_FLAGS -std=gnu11 -Wextra)

function(add_sel4_program name)
  cmake_parse_arguments(P "ASYNC;ADAPTIVE" "" "SOURCES;FLAGS;INCLUDES" ${ARGN})
  if(NOT P_SOURCES)
    message(FATAL_ERROR "add_sel4_program(${name}): no SOURCES")
  endif()
  set(extra "")
  set(extra_flags "")
  if(P_ASYNC)
    set(extra ${SEL4_ASYNC_SOURCES})
  endif()
  if(P_ADAPTIVE)
    if(NOT P_ASYNC)
      message(FATAL_ERROR "add_sel4_program(${name}): ADAPTIVE needs ASYNC")
    endif()
    list(APPEND extra ${SEL4_ADAPTIVE_SOURCES})
    set(extra_flags ${SEL4_ADAPTIVE_FLAGS})
  endif()
  add_guest_program(${name}
    SOURCES ${SEL4_RUNTIME_SOURCES} ${extra} ${P_SOURCES}
    LINKER_SCRIPT ${SEL4_RUNTIME_DIR}/link.ld
    INCLUDES ${PROJECT_SOURCE_DIR}/workloads/include ${SEL4_RUNTIME_DIR}/include ${P_INCLUDES}
    FLAGS ${SEL4_RUNTIME_FLAGS} ${extra_flags} ${P_FLAGS})
  # add_guest_program only watches headers beside (or one folder above) the sources; the
  # runtime's headers live two folders down, so add them to the command's dependencies.
  file(GLOB_RECURSE runtime_headers CONFIGURE_DEPENDS ${SEL4_RUNTIME_DIR}/include/*.h)
  add_custom_command(OUTPUT ${UINTRSIM_GUEST_DIR}/${name}.elf APPEND
    DEPENDS ${runtime_headers} ${PROJECT_SOURCE_DIR}/workloads/include/uintrsim/abi.h)
endfunction()
