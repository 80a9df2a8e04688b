// The sim-control device (the idea of gem5's m5ops): a guest marks its region of interest and
// its rounds, takes stats snapshots, prints characters and exits through 64-bit stores.
// Register map (offsets, defined in workloads/include/uintrsim/devices.h; writes only unless noted):
//   0x00 ROI_BEGIN   0x08 ROI_END   0x10 ROUNDS (adds the value to the round count)
//   0x18 SNAPSHOT (value = label number)   0x20 EXIT (value = exit code)
//   0x28 PUTCHAR (low byte)   0x30 HARTS (read: number of harts)
//   0x38 UINTC_BASE (read: the UINTC's base address, so guests need not hard-code it)
//   0x40 SYSCALLS (adds the value to the syscalls the ROI's work requested: trap frequency)
//   0x48..0x70 workload arguments by name (ARG_NAME, ARG_DEFAULT, ARG_LOOKUP writes; ARG_STATUS,
//        ARG_VALUE, ARG_STRING reads), served from the run's WorkloadArgs
//   0x78 SAMPLE (a sample for a distribution statistic: id b63:56, value b55:0)
#pragma once
#include <functional>
#include <string>

#include <systemc>
#include <tlm>
#include <tlm_utils/simple_target_socket.h>

#include "sim/platform/workload_args.h"
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
    kSyscalls = UINTRSIM_SIMCTRL_SYSCALLS, kArgName = UINTRSIM_SIMCTRL_ARG_NAME,
    kArgDefault = UINTRSIM_SIMCTRL_ARG_DEFAULT, kArgLookup = UINTRSIM_SIMCTRL_ARG_LOOKUP,
    kArgStatus = UINTRSIM_SIMCTRL_ARG_STATUS, kArgValue = UINTRSIM_SIMCTRL_ARG_VALUE,
    kArgString = UINTRSIM_SIMCTRL_ARG_STRING, kSample = UINTRSIM_SIMCTRL_SAMPLE,
  };
  tlm_utils::simple_target_socket<SimControl> socket;

  struct Hooks {
    std::function<void(Reg, uint64_t value, const sc_core::sc_time& at)> on_command;
    std::function<void(const std::string& error)> on_bad_argument;  // an invalid lookup: the run ends
  };
  // `args` (the run's workload arguments) must outlive the device.
  SimControl(sc_core::sc_module_name name, unsigned harts, uint64_t uintc_base, WorkloadArgs& args,
             sc_core::sc_time latency, Hooks hooks);

 private:
  void b_transport(tlm::tlm_generic_payload& tx, sc_core::sc_time& delay);
  void arg_lookup(uint64_t type);
  unsigned harts_;
  uint64_t uintc_base_;
  WorkloadArgs& args_;
  // the lookup in progress / last done
  std::string arg_name_;
  bool arg_name_bad_ = false;
  int64_t arg_default_ = 0;
  uint64_t arg_status_ = 0, arg_value_ = 0;
  std::string arg_string_;
  size_t arg_string_pos_ = 0;
  sc_core::sc_time latency_;
  Hooks hooks_;
};

}  // namespace uintrsim
