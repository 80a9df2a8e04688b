#include "sim/platform/workload_params.h"

#include "sim/config/config.h"

namespace uintrsim {

void WorkloadParams::declare(ParamRegistry& reg) {
  reg.add_string("workload.program", "",
                 "the guest program: an ELF path, or a program name looked up in the build's guest folder "
                 "(used when --elf is not given)");
  reg.add_enum("workload.mode", "sync", {"sync", "async"},
               "syscall mode of the thesis benchmark: sync (trap per syscall) or async (shared buffer, kernel "
               "coroutine)", "docs/async-syscalls.md 'Benchmark'");
  reg.add_int("workload.concurrency", 8, "coroutines",
              "thesis benchmark: N frames / submitting coroutines", "thesis 6.3: N = 2 .. 512", 1, 512);
  reg.add_int("workload.epochs", 10, "epochs", "thesis benchmark: rounds of PageMap + PageUnmap per frame",
              "thesis: EPOCH = 10", 1, 1000000);
  reg.add_int("workload.async_overhead_cycles", 0, "cycles",
              "user-mode work the async runtime spends per request beyond this project's C runtime "
              "(models the thesis's Rust async runtime: future polling, wakers, reference counting)",
              "calibration value (configs/calibration/rel4-fpga.toml)", 0, 100000000);
  reg.add_int("workload.async_overhead_jitter_cycles", 0, "cycles",
              "spread of that work: each request adds a uniform draw from [0, this) (a real runtime's "
              "per-request cost varies with allocation, hashing and cache state; without it every tick period "
              "of the thesis benchmark is identical and results move in steps with the costs)",
              "calibration value (configs/calibration/rel4-fpga.toml)", 0, 100000000);
  // Where the runtime spends its work (docs/async-syscalls.md "Runtime overhead"): ReL4's user
  // root task ran as a Debug build (RELEASE OFF), so its per-request cost is large and spread
  // over submission (above), the response coroutine's handling of each reply and the
  // resumption of the awaiting coroutine; each stage's timing moves requests differently
  // relative to the kernel's ticks.
  reg.add_int("workload.async_reply_cycles", 0, "cycles",
              "user-mode work the async runtime's response coroutine spends per popped result, before it "
              "wakes the awaiting coroutine (the thesis's Rust runtime: waker and result bookkeeping)",
              "calibration value; 0 puts all of the runtime's work in submission", 0, 100000000);
  reg.add_int("workload.async_reply_jitter_cycles", 0, "cycles",
              "spread of the reply work: each result adds a uniform draw from [0, this)",
              "calibration value", 0, 100000000);
  reg.add_int("workload.async_resume_cycles", 0, "cycles",
              "user-mode work the async runtime spends resuming an awaiting coroutine after its result "
              "arrived, before the call returns (the thesis's Rust runtime: polling the future to completion)",
              "calibration value; 0 puts all of the runtime's work in submission", 0, 100000000);
  reg.add_int("workload.async_resume_jitter_cycles", 0, "cycles",
              "spread of the resume work: each request adds a uniform draw from [0, this)",
              "calibration value", 0, 100000000);
  reg.add_open_table("workload.args",
                     "named arguments of the guest program, integers or strings, read by name "
                     "(uintrsim_arg_int / uintrsim_arg_str; docs/guests.md)");
  reg.add_string("workload.unread_ok", "",
                 "comma-separated argument names the guest may leave unread (otherwise an argument or "
                 "workload setting that is set but never read by the guest fails the run)");
  reg.add_int("workload.seed", 1, "",
              "seed of the workload's pseudo-random choices (the jitter above); same seed, same results",
              "", 0, int64_t(1) << 62);
}

WorkloadParams WorkloadParams::from_config(const Config& cfg) {
  WorkloadParams w;
  w.program = cfg.get_string("workload.program");
  w.mode = cfg.get_string("workload.mode");
  w.concurrency = cfg.get_uint("workload.concurrency");
  w.epochs = cfg.get_uint("workload.epochs");
  w.async_overhead_cycles = cfg.get_uint("workload.async_overhead_cycles");
  w.async_overhead_jitter_cycles = cfg.get_uint("workload.async_overhead_jitter_cycles");
  w.async_reply_cycles = cfg.get_uint("workload.async_reply_cycles");
  w.async_reply_jitter_cycles = cfg.get_uint("workload.async_reply_jitter_cycles");
  w.async_resume_cycles = cfg.get_uint("workload.async_resume_cycles");
  w.async_resume_jitter_cycles = cfg.get_uint("workload.async_resume_jitter_cycles");
  w.seed = cfg.get_uint("workload.seed");
  return w;
}

}  // namespace uintrsim
