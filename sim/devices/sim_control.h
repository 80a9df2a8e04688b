// The sim-control device (the idea of gem5's m5ops): a guest marks its region of interest and
// its rounds, takes stats snapshots, prints characters and exits through 64-bit stores.
// Register map (offsets, defined in workloads/include/uintrsim/devices.h; writes only unless noted):
//   0x00 ROI_BEGIN   0x08 ROI_END   0x10 ROUNDS (adds the value to the round count)
//   0x18 SNAPSHOT (value = label number)   0x20 EXIT (value = exit code)
//   0x28 PUTCHAR (low byte)   0x30 HARTS (read: number of harts)
//   0x38 UINTC_BASE (read: the UINTC's base address, so guests need not hard-code it)
//   0x40 SYSCALLS (adds the value to the syscalls the ROI's work requested: trap frequency)
//   0x48 ARG_CONCURRENCY, 0x50 ARG_EPOCHS, 0x58 ARG_MODE (read: workload.concurrency,
//        workload.epochs, workload.mode as 0 sync / 1 async)
//   0x60 ARG_ASYNC_OVERHEAD (read: workload.async_overhead_cycles)
//   0x68 ARG_ASYNC_JITTER (read: workload.async_overhead_jitter_cycles)
//   0x70 ARG_SEED (read: workload.seed)
#pragma once
#include <functional>

#include <systemc>
#include <tlm>
#include <tlm_utils/simple_target_socket.h>

#include "workloads/include/uintrsim/devices.h"

namespace uintrsim {

class SimControl : public sc_core::sc_module {
 public:
  static constexpr uint64_t kSize = UINTRSIM_SIMCTRL_SIZE;
  enum Reg : uint64_t {
    kRoiBegin = UINTRSIM_SIMCTRL_ROI_BEGIN, kRoiEnd = UINTRSIM_SIMCTRL_ROI_END,
    kRounds = UINTRSIM_SIMCTRL_ROUNDS, kSnapshot = UINTRSIM_SIMCTRL_SNAPSHOT,
    kExit = UINTRSIM_SIMCTRL_EXIT, kPutchar = UINTRSIM_SIMCTRL_PUTCHAR,
    kHarts = UINTRSIM_SIMCTRL_HARTS, kUintcBase = UINTRSIM_SIMCTRL_UINTC_BASE,
    kSyscalls = UINTRSIM_SIMCTRL_SYSCALLS, kArgConcurrency = UINTRSIM_SIMCTRL_ARG_CONCURRENCY,
    kArgEpochs = UINTRSIM_SIMCTRL_ARG_EPOCHS, kArgMode = UINTRSIM_SIMCTRL_ARG_MODE,
    kArgAsyncOverhead = UINTRSIM_SIMCTRL_ARG_ASYNC_OVERHEAD, kArgAsyncJitter = UINTRSIM_SIMCTRL_ARG_ASYNC_JITTER,
    kArgSeed = UINTRSIM_SIMCTRL_ARG_SEED,
  };
  struct WorkloadArgs { uint64_t concurrency = 0, epochs = 0, mode = 0, async_overhead = 0, async_jitter = 0, seed = 0; };
  tlm_utils::simple_target_socket<SimControl> socket;

  struct Hooks {
    std::function<void(Reg, uint64_t value, const sc_core::sc_time& at)> on_command;
  };
  SimControl(sc_core::sc_module_name name, unsigned harts, uint64_t uintc_base, WorkloadArgs args,
             sc_core::sc_time latency, Hooks hooks);

 private:
  void b_transport(tlm::tlm_generic_payload& tx, sc_core::sc_time& delay);
  unsigned harts_;
  uint64_t uintc_base_;
  WorkloadArgs args_;
  sc_core::sc_time latency_;
  Hooks hooks_;
};

}  // namespace uintrsim
