# The kernel model on the posted user-interrupt architecture (uintr.arch = posted,
# docs/uintr-posted.md "The kernel model"): the same guests as on the UINTC, unchanged, and the
# statistics that prove they ran on UPIDs and UITTs -- no UINTC SEND at all, user interrupts
# delivered by the posted path, vectors posted while the receiver was away re-notified by the
# kernel on switch-in.
set(POSTED --set uintr.arch=posted)
# U-notifications: 50 user-to-user senduipi and one kernel Signal, receiver and sender on one
# core (most sends find the receiver switched out: SN suppresses the notification, the
# switch-in re-sends it).
function(posted_test name status prog)
  cmake_parse_arguments(A "" "" "CHECKS;ARGS" ${ARGN})
  add_test(NAME kernel/${name}
    COMMAND ${CHECK} ${status} ${CMAKE_CURRENT_BINARY_DIR}/${name}.json ${A_CHECKS} --
            $<TARGET_FILE:uintrsim> --elf ${UINTRSIM_GUEST_DIR}/${prog}.elf --set kernel.enabled=true
            --set platform.max_cycles=4000000000 ${POSTED} ${A_ARGS})
  set_tests_properties(kernel/${name} PROPERTIES PASS_REGULAR_EXPRESSION "check_results: OK" TIMEOUT 300)
endfunction()
set(NO_UINTC stats.uintc.sends==0)
posted_test(posted_uintr_notify 0 sel4test_uintr_notify
            CHECKS "console~uintr_notify: PASS" ${NO_UINTC} stats.hart0.posted.sends==50 stats.hart0.posted.suppressed>=1
                   stats.kernel.uintr.renotifications>=1 stats.hart0.posted.deliveries==51 stats.kernel.uintr.signals==1)
posted_test(posted_uintr_notify_functional 0 sel4test_uintr_notify
            CHECKS "console~uintr_notify: PASS" ${NO_UINTC} stats.hart0.posted.deliveries==51 ARGS --set timing.mode=functional)
posted_test(posted_uintr_notify_2harts 0 sel4test_uintr_notify
            CHECKS "console~uintr_notify: PASS" ${NO_UINTC} stats.hart0.posted.deliveries==51
            ARGS --config ${PROJECT_SOURCE_DIR}/configs/platforms/rocket-fpga.toml)
# The thesis protocol's results reach the user through the kernel's UITT (senduipi on the hart
# the kernel coroutine runs on); the same trap counts as on the UINTC.
posted_test(posted_thesis_async_n2 0 thesis_bench_async_n2
            CHECKS roi.stats.kernel.traps.syscall==20 roi.trap_frequency==0.5 stats.kernel.async.requests==40 ${NO_UINTC}
                   stats.kernel.async.notifications>=1 stats.hart0.posted.deliveries>=1
            ARGS --config ${PROJECT_SOURCE_DIR}/configs/platforms/rocket-fpga.toml)
posted_test(posted_thesis_async_n8 0 thesis_bench_async
            CHECKS roi.trap_frequency<0.5 stats.kernel.async.requests==160 stats.kernel.async.stranded==0 ${NO_UINTC}
            ARGS --config ${PROJECT_SOURCE_DIR}/configs/platforms/rocket-fpga.toml)
posted_test(posted_thesis_async_tracked 0 thesis_bench_async
            CHECKS stats.kernel.async.requests==160 ${NO_UINTC}
            ARGS --config ${PROJECT_SOURCE_DIR}/configs/platforms/rocket-fpga.toml --set uintr.delivery=tracked)
posted_test(posted_thesis_async_polling 0 thesis_bench_async
            CHECKS stats.kernel.async.requests==160 ${NO_UINTC} stats.hart1.posted.sends>=1
            ARGS --config ${PROJECT_SOURCE_DIR}/configs/platforms/rocket-fpga.toml --set kernel.async.placement=polling
                 --set kernel.async.core=1 --set kernel.async.protocol=fixed)
# Every asynchronous syscall against its synchronous result, and the buffer fuzzer.
posted_test(posted_async_calls 0 sel4test_async_calls CHECKS "console~async_calls: PASS" ${NO_UINTC}
            ARGS --set kernel.tick_us=200)
posted_test(posted_async_fuzz 0 sel4test_async_fuzz
            CHECKS stats.kernel.async.buffer_errors>=1 stats.kernel.async.requests>=1000 ${NO_UINTC}
            ARGS --config ${PROJECT_SOURCE_DIR}/configs/platforms/rocket-fpga.toml --set kernel.tick_us=20)
# The kernel's syscall fuzzer (random syscalls and invocations; the kernel on posted must not
# differ outside user interrupts) and the mutex-ring buffer fuzzer on posted.
posted_test(posted_syscall_fuzz 0 sel4test_syscall_fuzz CHECKS "console~syscall_fuzz: PASS" ${NO_UINTC})
posted_test(posted_async_fuzz_mutex 0 sel4test_async_fuzz
            CHECKS stats.kernel.async.buffer_errors>=1 stats.kernel.async.requests>=1000 ${NO_UINTC}
            ARGS --set kernel.tick_us=20 --set kernel.async.queue=mutex)
# The other architecture's receiver cost would have no effect: a configuration error.
add_test(NAME kernel/posted_uintc_cost_rejected
  COMMAND bash ${EXPECT} 125 "kernel.cost.uintc_access applies to uintr.arch = uintc only" --
          $<TARGET_FILE:uintrsim> --elf ${UINTRSIM_GUEST_DIR}/sel4test_hello.elf --set kernel.enabled=true ${POSTED}
          --set kernel.cost.uintc_access=9)
add_test(NAME kernel/uintc_upid_cost_rejected
  COMMAND bash ${EXPECT} 125 "kernel.cost.upid_access applies to uintr.arch = posted only" --
          $<TARGET_FILE:uintrsim> --elf ${UINTRSIM_GUEST_DIR}/sel4test_hello.elf --set kernel.enabled=true
          --set kernel.cost.upid_access=9)
set_tests_properties(kernel/posted_uintc_cost_rejected kernel/uintc_upid_cost_rejected PROPERTIES
  PASS_REGULAR_EXPRESSION "expect_exit: OK" TIMEOUT 60)
# uintr_ipc (the workload library's user-interrupt IPC): on two cores no kernel entry at all in
# the request path, every notification a senduipi.
set(IPC_POSTED --config ${PROJECT_SOURCE_DIR}/configs/experiments/uintr_ipc.toml --set workload.args.requests=64
    --set workload.concurrency=8 --set workload.mode=async --set workload.args.words=5)
posted_test(posted_uintr_ipc_2cores 0 uintr_ipc
            CHECKS "console~uintr_ipc: PASS (replies=64 served=64 bad_replies=0 bad_requests=0" roi.trap_frequency==0
                   ${NO_UINTC} roi.stats.hart0.posted.sends>=8 roi.stats.hart1.posted.sends>=8
            ARGS ${IPC_POSTED} --set platform.harts=2 --set workload.args.server_core=1)
posted_test(posted_uintr_ipc_1core 0 uintr_ipc
            CHECKS "console~uintr_ipc: PASS (replies=64 served=64 bad_replies=0 bad_requests=0" roi.trap_frequency<0.5
                   ${NO_UINTC} roi.stats.hart0.posted.sends>=8
            ARGS ${IPC_POSTED} --set platform.harts=1)
# The UINTR micro-benchmarks on the posted architecture (bare metal, 2 harts): every ping
# answered through UPIDs and UITTs, in both delivery strategies.
function(posted_bench name prog)
  cmake_parse_arguments(A "" "" "CHECKS;ARGS" ${ARGN})
  add_test(NAME uintr-bench/${name}
    COMMAND ${CHECK} 0 ${CMAKE_CURRENT_BINARY_DIR}/${name}.json ${A_CHECKS} --
            $<TARGET_FILE:uintrsim> --elf ${UINTRSIM_GUEST_DIR}/${prog}.elf
            --config ${PROJECT_SOURCE_DIR}/configs/platforms/rocket-fpga.toml ${POSTED} ${A_ARGS})
  set_tests_properties(uintr-bench/${name} PROPERTIES PASS_REGULAR_EXPRESSION "check_results: OK" TIMEOUT 120)
endfunction()
posted_bench(posted_latency uipi_latency_posted CHECKS "console~vector bits 0x20" ${NO_UINTC}
             stats.hart0.posted.sends==16 stats.hart1.posted.deliveries==16 stats.hart1.posted.processed==16)
posted_bench(posted_pingpong uipi_pingpong_posted CHECKS "console~1000 round trips" ${NO_UINTC}
             stats.hart0.posted.deliveries==1000 stats.hart1.posted.deliveries==1000 roi.rounds==1000)
posted_bench(posted_pingpong_tracked uipi_pingpong_posted CHECKS "console~1000 round trips" ${NO_UINTC}
             stats.hart1.posted.deliveries==1000 ARGS --set uintr.delivery=tracked)
# The comparison experiment expands to the thesis sweep three times: 27 points on the UINTC, 27
# on posted with flush and 27 with tracked delivery.
add_test(NAME kernel/posted_experiment_expands
  COMMAND /usr/bin/python3 -c "import collections,json,subprocess,sys
out = subprocess.run(sys.argv[1:], capture_output=True, text=True, check=True).stdout.splitlines()
c = collections.Counter((json.loads(l)['sets']['uintr.arch'], json.loads(l)['sets']['uintr.delivery']) for l in out)
want = {(\"'uintc'\", \"'flush'\"): 27, (\"'posted'\", \"'flush'\"): 27, (\"'posted'\", \"'tracked'\"): 27}
print('posted_experiment: OK' if dict(c) == want else 'posted_experiment: FAIL %r' % dict(c))"
          $<TARGET_FILE:uintrsim> --config ${PROJECT_SOURCE_DIR}/configs/experiments/uintr_arch.toml --expand-sweep)
set_tests_properties(kernel/posted_experiment_expands PROPERTIES PASS_REGULAR_EXPRESSION "posted_experiment: OK" TIMEOUT 60)
