// The simulated machine: harts, bus, RAM, CLINT, HTIF and sim-control, assembled from the
// resolved configuration, with the guest ELF loaded. One Platform per process (SystemC
// elaborates once).
#pragma once
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "sim/config/config.h"
#include "sim/devices/clint.h"
#include "sim/devices/htif.h"
#include "sim/devices/sim_control.h"
#include "sim/platform/workload_args.h"
#include "sim/loader/elf_file.h"
#include "sim/loader/symbolizer.h"
#include "sim/mem/bus.h"
#include "sim/mem/ram.h"
#include "sim/platform/clock.h"
#include "sim/platform/hart_module.h"
#include "sim/stats/stats_registry.h"
#include "sim/uintr/uintc.h"
#include "sim/uintr/unotify.h"
#include "sim/uintr/upid_lines.h"

namespace uintrsim {

// Declares the parameters of the platform and its harts (each module declares its own).
void declare_platform_params(ParamRegistry& reg);

struct PlatformParams {
  unsigned harts;
  uint64_t clock_hz, timebase_hz, quantum_cycles, sync_quantum_cycles, sync_window_cycles, max_cycles;
  uint64_t ram_base, ram_size, clint_base, simctrl_base, mmio_latency_cycles;
  uint64_t trap_storm_traps;                  // 0: no fault-storm detection
  uint64_t console_keep_bytes, snapshots_keep;  // what the results file keeps
  static void declare(ParamRegistry& reg);
  static PlatformParams from_config(const Config& cfg);
};

// The state of one hart for an error or cycle-limit report: its pc, privilege and last trap,
// every pc with its symbol, and its recent traps (Hart::recent_traps: the first trap of a
// storm, and what came before it). Several lines, each indented. With user_symbols_only
// (the program is a user task under modelled software) only U-mode pcs get symbols.
std::string hart_report(const Hart& h, const Symbolizer& sym, bool user_symbols_only = false);
// `text` with " <symbol+0xoff>" after every "pc 0x<hex>" that a symbol covers.
std::string symbolize_pcs(const std::string& text, const Symbolizer& sym);

class Platform {
 public:
  enum class ExitReason { kNone, kGuestExit, kCycleLimit, kDeadlock, kBadArgument, kTrapStorm };

  // With `load_elf` false the ELF's segments are not copied into RAM (modelled software,
  // such as the kernel model, loads the program itself).
  Platform(const Config& cfg, const ElfFile& elf, bool load_elf = true);
  ~Platform();

  // Runs the simulation to its end; exit_reason() and exit_code() tell how it ended.
  void run();

  ExitReason exit_reason() const { return exit_reason_; }
  // The guest's exit code, all 64 bits of it (kGuestExit only).
  uint64_t exit_code() const { return exit_code_; }
  std::string failure_report() const;      // for kCycleLimit: where each hart was
  // Why the run's workload arguments make its results invalid ("" if they do not): an invalid
  // lookup (kBadArgument), or a guest that exited 0 without reading a set argument.
  std::string argument_failure() const;
  nlohmann::json results_json() const;     // config, exit, stats, roi, snapshots
  // What the results could not hold or what the guest did that left something out of them
  // (an ROI never ended, a round count that overflowed, dropped console output or snapshots):
  // one line each, also in results_json()["warnings"].
  std::vector<std::string> warnings() const;
  void set_console_echo(bool echo) { echo_console_ = echo; }
  // Keep the console output (up to results.console_bytes) for results_json(); off when no
  // results file is written, so a chatty guest costs no memory.
  void set_keep_console(bool keep) { keep_console_ = keep; }
  uint64_t total_instret() const;
  StatsRegistry& stats() { return stats_; }

  // --- for modelled software attached to the platform (the kernel model) ---
  std::vector<Hart*> harts();
  const PlatformParams& params() const { return pp_; }
  const Clock& clock() const { return clock_; }
  void exit_with(uint64_t code) { on_exit(code); }
  // Ends the run because nothing can ever run again (reported like a runaway guest).
  void deadlock(const std::string& report);
  void console_out(const char* s, size_t n) { on_console(s, n); }
  // The timeline (docs/debugging.md): harts, the UINTC and the ROI report to `t` (before run()).
  void set_tracer(trace::TraceSink* t);
  // Reads RAM without any side effect (the timeline reads the asynchronous rings' indices).
  bool peek_ram(uint64_t pa, void* out, unsigned len) const;
  // Runs `f` at the start of simulation, after the harts have their direct memory access.
  void at_start(std::function<void()> f) { start_hooks_.push_back(std::move(f)); }
  // Registers more statistics (called before run()).
  void add_stats(std::function<void(StatsRegistry&)> f) { stats_hooks_.push_back(std::move(f)); }
  // Calls `f(true)` when the guest's ROI begins and `f(false)` when it ends.
  void on_roi(std::function<void(bool)> f) { roi_hooks_.push_back(std::move(f)); }
  // Installs an observer of every hart's instructions and traps (sim/debug/).
  void set_insn_observer(InsnObserver* o) {
    for (auto& h : harts_) h->hart().set_insn_observer(o);
  }
  // The program's symbols (pc -> "name+0xoff") for reports.
  const Symbolizer& symbols() const { return symbols_; }
  // Adds a section of counters read at ROI begin and end; the results' roi.<name> is their
  // difference (unsigned-integer leaves subtracted, others as at the end).
  void add_roi_section(std::string name, std::function<nlohmann::json()> f) {
    roi_sections_.emplace_back(std::move(name), std::move(f));
  }
  // Adds a section computed at the end of the run to the results JSON.
  void add_results_section(std::string name, std::function<nlohmann::json()> f) {
    result_sections_.emplace_back(std::move(name), std::move(f));
  }

 private:
  void load_elf(const ElfFile& elf);
  void register_stats();
  void on_exit(uint64_t code);
  void bad_argument(const std::string& error);
  // Replaces hart h's C++ uipi.send engine by the implementation that goes with uintc.impl.
  void attach_send_engine(const Config& cfg, unsigned hart, Hart& h);
  void check_rtl_outputs(const Config& cfg, const std::string& impl) const;
  static std::string send_vcd_path(const std::string& vcd, unsigned hart);
  void on_simctrl(SimControl::Reg reg, uint64_t value, const sc_core::sc_time& at);
  void on_console(const char* s, size_t n);
  void guest_sample(uint64_t value);  // sim-control SAMPLE

  const Config& cfg_;
  PlatformParams pp_;
  Clock clock_;
  sc_core::sc_time period_;
  std::unique_ptr<ReservationSet> resv_;
  SyncPolicy sync_;
  std::unique_ptr<Bus> bus_;
  std::unique_ptr<Ram> ram_;
  std::unique_ptr<Clint> clint_;
  std::unique_ptr<Htif> htif_;
  WorkloadArgs args_;
  std::unique_ptr<SimControl> simctrl_;
  std::unique_ptr<UintcDevice> uintc_;
  std::unique_ptr<Unotify> unotify_;  // uintr.arch = posted only
  UpidLines upid_lines_;
  std::string send_impl_ = "cpp";  // the harts' uipi.send engine: cpp, or rtl with uintc.impl = rtl
  std::vector<std::unique_ptr<HartModule>> harts_;
  StatsRegistry stats_;

  ExitReason exit_reason_ = ExitReason::kNone;
  uint64_t exit_code_ = 0;
  std::string console_;  // raw bytes, at most pp_.console_keep_bytes
  uint64_t console_dropped_ = 0;
  bool keep_console_ = true;
  std::string deadlock_report_;
  std::string bad_argument_;
  bool echo_console_ = true;
  std::string echo_error_;  // why the echo stopped (a closed stdout), or ""
  trace::TraceSink* tracer_ = nullptr;
  uint64_t htif_tohost_ = 0;
  Symbolizer symbols_;
  bool user_program_ = false;  // the ELF is loaded by modelled software (its symbols are user code)
  std::vector<std::function<void(bool)>> roi_hooks_;
  std::vector<std::function<void()>> start_hooks_;
  std::vector<std::function<void(StatsRegistry&)>> stats_hooks_;
  std::vector<std::pair<std::string, std::function<nlohmann::json()>>> result_sections_;
  std::vector<std::pair<std::string, std::function<nlohmann::json()>>> roi_sections_;
  std::map<unsigned, Distribution*> guest_dists_;
  struct StartRunner;
  std::unique_ptr<StartRunner> start_runner_;

  struct Roi {
    bool begun = false, ended = false;
    uint64_t begin_cycle = 0, end_cycle = 0, begin_ticks = 0, end_ticks = 0, rounds = 0, syscalls = 0;
    bool rounds_overflow = false, syscalls_overflow = false;  // saturated at 2^64 - 1
    std::map<std::string, StatsRegistry::Value> begin_stats, end_stats;
    std::map<std::string, nlohmann::json> begin_sections, end_sections;
    // What the guest did that the one ROI of the results does not show.
    uint64_t ends_without_begin = 0, ends_again = 0, replaced = 0;
  } roi_;
};

}  // namespace uintrsim
