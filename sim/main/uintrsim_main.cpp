// uintrsim: run a RISC-V ELF on the simulated platform.
//
//   uintrsim --elf FILE [--config FILE.toml]... [--set key=value]... [--stats-out FILE.json]
//            [--trace-insn FILE [--trace-insn-harts LIST] [--trace-insn-roi-only]
//             [--trace-insn-pc LO:HI]] [--gdb PORT] [--dump-config] [--list-params]
//            [--expand-sweep] [--quiet] [--version] [--help]
//            [--trace-out FILE.json [--trace-roi-only | --trace-window BEGIN_NS:END_NS] [--trace-max-bytes N]]
//
// Exit status: the guest's exit code (HTIF tohost, riscv-tests convention; 0 = pass), with
// codes above 123 reported as 123; 124 = the cycle limit was reached (runaway guest);
// 125 = bad input (usage, config or ELF) or a results file that cannot be written;
// 126 = internal simulator error.
#include <cerrno>
#include <chrono>
#include <csignal>
#include <cstdlib>
#include <cstdio>
#include <cstring>
#include <iostream>
#include <string>
#include <vector>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <systemc>

#include "sim/config/config.h"
#include "sim/config/sweep.h"
#include "sim/debug/gdb_stub.h"
#include "sim/debug/insn_trace.h"
#include "sim/debug/observer_fanout.h"
#include "sim/loader/elf_file.h"
#include "sim/main/version.h"
#include "kernel_model/kernel.h"
#include "rtl_models/uintc_rtl.h"
#include "rtl_models/uipi_send_rtl.h"
#include "sim/platform/hart_kernel_port.h"
#include "sim/platform/platform.h"
#include "sim/trace/timeline.h"

namespace {

constexpr int kExitCycleLimit = 124, kExitBadInput = 125, kExitInternal = 126;

const char* kUsage =
    "usage: uintrsim --elf FILE [--config FILE.toml]... [--set key=value]...\n"
    "                [--stats-out FILE.json] [--trace-insn FILE [filters]] [--gdb PORT]\n"
    "                [--dump-config] [--list-params] [--expand-sweep] [--quiet] [--version]\n"
    "                [--help]\n"
    "\n"
    "Runs a RISC-V ELF program on the simulated platform until it exits through HTIF\n"
    "(tohost) or the sim-control device.\n"
    "\n"
    "  --elf FILE          the guest program (RV64, statically linked, ET_EXEC)\n"
    "  --config FILE       a TOML configuration; may be given several times, later files\n"
    "                      override earlier ones; files may `include = [...]` others\n"
    "  --set key=value     override one parameter (after all config files)\n"
    "  --stats-out FILE    write the resolved config, exit status and all statistics as JSON\n"
    "  --dump-config       print the fully resolved configuration (every parameter, with\n"
    "                      unit and description) as TOML and exit\n"
    "  --list-params       print every declared parameter as one JSON line (key, type,\n"
    "                      default, unit, description) and exit\n"
    "  --expand-sweep      validate the [sweep] table and print its points (one JSON line\n"
    "                      each: the --set assignments, the resolved-config hash, the\n"
    "                      resolved configuration and the guest ELF it runs)\n"
    "  --quiet             do not echo the guest console or print the summary\n"
    "  --trace-insn FILE   write an instruction trace in Spike's --log-commits format (one\n"
    "                      line per retired instruction, traps and interrupts marked)\n"
    "  --trace-insn-harts LIST   only these harts (e.g. 0,2)\n"
    "  --trace-insn-roi-only     only inside the guest's ROI\n"
    "  --trace-insn-pc LO:HI     only pcs in [LO, HI] (hex with 0x, or decimal)\n"
    "  --gdb PORT          serve the GDB remote protocol on 127.0.0.1:PORT (0: any free port,\n"
    "                      printed); waits for GDB before the run, which then stops at the\n"
    "                      first instruction (docs/debugging.md)\n"
    "  --version           print the version and the source revision of this build\n"
    "  --trace-out FILE    write a timeline of the run as Chrome trace-event JSON (Perfetto UI,\n"
    "                      chrome://tracing): harts, kernel paths, threads, user interrupts,\n"
    "                      asynchronous syscalls (docs/debugging.md)\n"
    "  --trace-roi-only    trace only the region of interest the guest marks\n"
    "  --trace-window B:E  trace only simulated time [B, E] ns (either may be left empty)\n"
    "  --trace-max-bytes N stop tracing before the file exceeds N bytes (suffix k, M, G: powers\n"
    "                      of 1024); the file stays valid JSON and records the cut\n"
    "\n"
    "Exit status: the guest's exit code (0 = pass; codes above 123 are reported as 123),\n"
    "124 if platform.max_cycles was reached (or a fault storm or deadlock ended the run),\n"
    "125 for bad input or an unwritable --stats-out, 126 for an internal error.\n";

struct Args {
  std::string elf, stats_out, trace_out, trace_window, trace_max_bytes;
  bool trace_roi_only = false;
  std::vector<std::string> configs, sets;
  bool dump_config = false, quiet = false, help = false, expand_sweep = false, version = false, list_params = false;
  uintrsim::InsnTraceOptions trace;
  bool trace_filter = false;  // a --trace-insn-* filter was given
  long gdb_port = -1;         // -1: no GDB stub
};

long parse_port(const std::string& s) {
  if (s.empty() || s.size() > 5 || s.find_first_not_of("0123456789") != std::string::npos || std::stol(s) > 65535)
    throw uintrsim::ConfigError("--gdb " + s + ": not a TCP port (0..65535; 0 picks a free one)");
  return std::stol(s);
}

Args parse_args(int argc, char** argv) {
  Args a;
  for (int i = 1; i < argc; ++i) {
    const std::string s = argv[i];
    auto value = [&](const char* opt) -> std::string {
      const std::string prefix = std::string(opt) + "=";
      if (s.rfind(prefix, 0) == 0) return s.substr(prefix.size());
      if (i + 1 >= argc) throw uintrsim::ConfigError(std::string(opt) + " needs a value");
      return argv[++i];
    };
    auto is = [&](const char* opt) { return s == opt || s.rfind(std::string(opt) + "=", 0) == 0; };
    if (is("--elf")) a.elf = value("--elf");
    else if (is("--config")) a.configs.push_back(value("--config"));
    else if (is("--set")) a.sets.push_back(value("--set"));
    else if (is("--stats-out")) a.stats_out = value("--stats-out");
    else if (is("--trace-insn-harts")) { a.trace.parse_harts(value("--trace-insn-harts")); a.trace_filter = true; }
    else if (is("--trace-insn-pc")) { a.trace.parse_pc_range(value("--trace-insn-pc")); a.trace_filter = true; }
    else if (s == "--trace-insn-roi-only") { a.trace.roi_only = true; a.trace_filter = true; }
    else if (is("--trace-insn")) a.trace.path = value("--trace-insn");
    else if (is("--gdb")) a.gdb_port = parse_port(value("--gdb"));
    else if (is("--trace-out")) a.trace_out = value("--trace-out");
    else if (is("--trace-window")) a.trace_window = value("--trace-window");
    else if (is("--trace-max-bytes")) a.trace_max_bytes = value("--trace-max-bytes");
    else if (s == "--trace-roi-only") a.trace_roi_only = true;
    else if (s == "--dump-config") a.dump_config = true;
    else if (s == "--expand-sweep") a.expand_sweep = true;
    else if (s == "--list-params") a.list_params = true;
    else if (s == "--version") a.version = true;
    else if (s == "--quiet") a.quiet = true;
    else if (s == "--help" || s == "-h") a.help = true;
    else throw uintrsim::ConfigError("unknown argument '" + s + "' (see --help)");
  }
  if (a.trace_filter && a.trace.path.empty())
    throw uintrsim::ConfigError("--trace-insn-harts, --trace-insn-roi-only and --trace-insn-pc filter --trace-insn FILE, "
                                "which is not given");
  return a;
}

// workload.program: a path (absolute, or relative to the working directory), or the name of
// a program in the build's guest folder (<bin>/../guest/<name>.elf).
std::string resolve_program(const uintrsim::Config& cfg, const char* argv0) {
  const std::string p = cfg.get_string("workload.program");
  if (p.empty() || p.find('/') != std::string::npos || (p.size() > 4 && p.substr(p.size() - 4) == ".elf")) return p;
  std::string bin = argv0;
  const auto slash = bin.rfind('/');
  bin = slash == std::string::npos ? "." : bin.substr(0, slash);
  return bin + "/../guest/" + p + ".elf";
}

// The --stats-out file, opened before the run so that a path that cannot be written is an
// error before any simulated time is spent, and written at its end. An existing file keeps its
// contents until then; a file this run created is removed again if the run fails before
// writing it, so a failed run leaves no empty "results".
class ResultsFile {
 public:
  explicit ResultsFile(std::string path) : path_(std::move(path)) {
    if (path_.empty()) return;
    struct stat st {};
    const bool existed = ::stat(path_.c_str(), &st) == 0;
    // O_NONBLOCK: a FIFO nobody reads is refused (ENXIO) instead of waiting for a reader.
    fd_ = ::open(path_.c_str(), O_WRONLY | O_CREAT | O_NONBLOCK | O_CLOEXEC, 0666);
    if (fd_ < 0) {
      const int e = errno;
      throw uintrsim::ConfigError(path_ + ": cannot write statistics file: " +
                                  (e == ENXIO ? std::string("a FIFO that no process reads") : std::strerror(e)));
    }
    ::fcntl(fd_, F_SETFL, ::fcntl(fd_, F_GETFL) & ~O_NONBLOCK);
    if (::fstat(fd_, &st) == 0 && S_ISDIR(st.st_mode)) {
      ::close(fd_);
      fd_ = -1;
      throw uintrsim::ConfigError(path_ + ": cannot write statistics file: " + std::strerror(EISDIR));
    }
    regular_ = S_ISREG(st.st_mode);
    created_ = !existed && regular_;
  }
  ~ResultsFile() {
    if (fd_ < 0) return;
    ::close(fd_);
    if (created_ && !written_) ::unlink(path_.c_str());
  }
  ResultsFile(const ResultsFile&) = delete;
  ResultsFile& operator=(const ResultsFile&) = delete;
  bool wanted() const { return fd_ >= 0; }

  // Writes `text` as the whole file; "" on success, else the error (with errno's text).
  std::string write(const std::string& text) {
    written_ = true;
    auto error = [&](const char* what) { return path_ + ": cannot write statistics file: " + what; };
    if (regular_ && ::ftruncate(fd_, 0) != 0) return error(std::strerror(errno));
    for (size_t done = 0; done < text.size();) {
      const ssize_t n = ::write(fd_, text.data() + done, text.size() - done);
      if (n < 0 && errno == EINTR) continue;
      if (n <= 0) return error(n < 0 ? std::strerror(errno) : "short write");
      done += size_t(n);
    }
    const int rc = ::close(fd_);
    fd_ = -1;
    if (rc != 0) return error(std::strerror(errno));
    return "";
  }

 private:
  std::string path_;
  int fd_ = -1;
  bool regular_ = false, created_ = false, written_ = false;
};
// One declared parameter as JSON (for tools: the sweep driver's summary units and defaults).
nlohmann::json param_json(const uintrsim::ParamSpec& p) {
  using uintrsim::ParamType;
  static const char* kTypes[] = {"bool", "int", "float", "string", "enum"};
  nlohmann::json j{{"key", p.key}, {"type", kTypes[static_cast<int>(p.type)]}, {"unit", p.unit},
                   {"description", p.description}};
  std::visit([&](const auto& v) { j["default"] = v; }, p.default_value);
  if (p.min) j["min"] = *p.min;
  if (p.max) j["max"] = *p.max;
  if (!p.choices.empty()) j["choices"] = p.choices;
  return j;
}

// The timeline's bounds from the command line (docs/debugging.md).
uintrsim::trace::TimelineOptions trace_options(const Args& a) {
  using uintrsim::ConfigError;
  uintrsim::trace::TimelineOptions o;
  o.path = a.trace_out;
  if (a.trace_out.empty()) {
    if (a.trace_roi_only || !a.trace_window.empty() || !a.trace_max_bytes.empty())
      throw ConfigError("--trace-roi-only, --trace-window and --trace-max-bytes need --trace-out FILE");
    return o;
  }
  auto number = [](const std::string& opt, const std::string& s, uint64_t& out) {
    size_t used = 0;
    try {
      if (s.empty() || s[0] == '-') throw std::invalid_argument(s);
      out = std::stoull(s, &used, 10);
    } catch (const std::exception&) {
      throw ConfigError(opt + " " + s + ": expected a non-negative integer");
    }
    return s.substr(used);
  };
  o.roi_only = a.trace_roi_only;
  if (!a.trace_window.empty()) {
    if (o.roi_only) throw ConfigError("--trace-window and --trace-roi-only exclude each other");
    const auto colon = a.trace_window.find(':');
    if (colon == std::string::npos)
      throw ConfigError("--trace-window " + a.trace_window + ": expected BEGIN_NS:END_NS (e.g. 1000000:2000000)");
    const std::string b = a.trace_window.substr(0, colon), e = a.trace_window.substr(colon + 1);
    if (!b.empty() && !number("--trace-window", b, o.window_begin_ns).empty())
      throw ConfigError("--trace-window " + a.trace_window + ": BEGIN_NS is not an integer number of nanoseconds");
    if (!e.empty() && !number("--trace-window", e, o.window_end_ns).empty())
      throw ConfigError("--trace-window " + a.trace_window + ": END_NS is not an integer number of nanoseconds");
    if (o.window_end_ns <= o.window_begin_ns)
      throw ConfigError("--trace-window " + a.trace_window + ": END_NS must be after BEGIN_NS");
  }
  if (!a.trace_max_bytes.empty()) {
    const std::string rest = number("--trace-max-bytes", a.trace_max_bytes, o.max_bytes);
    const uint64_t scale = rest.empty() ? 1 : rest == "k" || rest == "K" ? 1ull << 10 : rest == "M" ? 1ull << 20
                         : rest == "G" ? 1ull << 30 : 0;
    if (!scale) throw ConfigError("--trace-max-bytes " + a.trace_max_bytes + ": unknown suffix '" + rest + "' (k, M or G)");
    o.max_bytes *= scale;
    if (o.max_bytes < uintrsim::trace::Timeline::kMinMaxBytes)
      throw ConfigError("--trace-max-bytes " + a.trace_max_bytes + ": at least " +
                        std::to_string(uintrsim::trace::Timeline::kMinMaxBytes) + " bytes");
  }
  return o;
}

}  // namespace

int sc_main(int argc, char** argv) {
  using namespace uintrsim;
  setenv("SYSTEMC_DISABLE_COPYRIGHT_MESSAGE", "1", 0);
  // A closed stdout (`uintrsim ... | head`) must not kill the run before its results are
  // written: writes then fail with EPIPE, and the console echo stops.
  std::signal(SIGPIPE, SIG_IGN);
  sc_core::sc_report_handler::set_actions("/IEEE_Std_1666/deprecated", sc_core::SC_DO_NOTHING);
  sc_core::sc_report_handler::set_actions(sc_core::SC_INFO, sc_core::SC_DO_NOTHING);
  sc_core::sc_set_time_resolution(1, sc_core::SC_PS);
  register_rtl_uintc();
  register_rtl_uipi_send();
  Args args;
  try {
    args = parse_args(argc, argv);
  } catch (const ConfigError& e) {
    std::fprintf(stderr, "uintrsim: error: %s\n", e.what());
    return kExitBadInput;
  }
  if (args.help) {
    std::fputs(kUsage, stdout);
    return 0;
  }
  if (args.version) {
    std::printf("uintrsim %s\nsource revision %s\n", version(), source_revision());
    return 0;
  }
  try {
    ParamRegistry reg;
    declare_platform_params(reg);
    KernelParams::declare(reg);
    Config cfg(reg);
    for (const auto& f : args.configs) cfg.load_file(f);
    for (const auto& s : args.sets) cfg.set_override(s);
    if (args.dump_config) {
      std::fputs(cfg.dump_toml().c_str(), stdout);
      return 0;
    }
    if (args.list_params) {
      for (const ParamSpec* p : reg.all()) std::printf("%s\n", param_json(*p).dump().c_str());
      return 0;
    }
    if (args.expand_sweep) {
      // One JSON line per point: its --set assignments, the hash of its resolved config, the
      // resolved config and the ELF it would run (--elf, or workload.program resolved).
      for (const SweepPoint& p : expand_sweep(cfg, reg)) {
        Config point = cfg;
        nlohmann::json sets = nlohmann::json::object();
        for (const auto& [k, v] : p.sets) {
          point.set_override(k + "=" + v);
          sets[k] = v;
        }
        const std::string elf = args.elf.empty() ? resolve_program(point, argv[0]) : args.elf;
        std::printf("%s\n", nlohmann::json{{"sets", sets}, {"hash", point.hash_hex()}, {"config", point.dump_json()},
                                           {"elf", elf}}.dump().c_str());
      }
      return 0;
    }
    if (args.elf.empty()) args.elf = resolve_program(cfg, argv[0]);
    if (args.elf.empty())
      throw ConfigError("no program given: --elf FILE or workload.program is required (see --help)");
    ResultsFile results(args.stats_out);
    const trace::TimelineOptions topt = trace_options(args);
    const ElfFile elf = ElfFile::load(args.elf);
    const KernelParams kp = KernelParams::from_config(cfg);
    Platform platform(cfg, elf, /*load_elf=*/!kp.enabled);
    platform.set_console_echo(!args.quiet);
    platform.set_keep_console(results.wanted());
    // The timeline: its file is opened before the run, so a bad path fails at once.
    std::unique_ptr<std::FILE, int (*)(std::FILE*)> trace_file(nullptr, &std::fclose);
    std::unique_ptr<trace::Timeline> timeline;
    if (!topt.path.empty()) {
      trace_file.reset(std::fopen(topt.path.c_str(), "wb"));
      if (!trace_file) {
        const int err = errno;
        throw ConfigError("--trace-out " + topt.path + ": cannot open for writing: " + std::strerror(err) +
                          " (errno " + std::to_string(err) + ")");
      }
      static char trace_buffer[1 << 20];
      std::setvbuf(trace_file.get(), trace_buffer, _IOFBF, sizeof trace_buffer);
      const nlohmann::json other{{"uintrsim", {{"config_hash", cfg.hash_hex()},
                                               {"program", args.elf},
                                               {"clock_hz", platform.params().clock_hz},
                                               {"time", "simulated; ts in microseconds, to the nanosecond"},
                                               {"roi_only", topt.roi_only},
                                               {"window_ns", {topt.window_begin_ns, topt.window_end_ns}},
                                               {"max_bytes", topt.max_bytes}}}};
      const std::string o = other.dump();
      timeline = std::make_unique<trace::Timeline>(
          trace_file.get(), topt, platform.clock(), platform.params().harts,
          [&platform](uint64_t pa, void* out, unsigned len) { return platform.peek_ram(pa, out, len); },
          o.substr(1, o.size() - 2));
      timeline->on_cut([](const trace::Timeline& t) {
        std::fprintf(stderr,
                     "uintrsim: trace: --trace-max-bytes reached at simulated time %llu ns: the trace is cut there "
                     "(the file stays valid JSON and records the cut; the rest of the run is not traced)\n",
                     static_cast<unsigned long long>(t.cut_at_ns()));
      });
      platform.set_tracer(timeline.get());
    }
    std::unique_ptr<kernel::Kernel> kernel;
    std::unique_ptr<KernelPorts> ports;
    if (kp.enabled) {
      // The kernel model: the ELF is its root task.
      kernel::PlatformInfo info;
      info.ram_base = platform.params().ram_base;
      info.ram_size = platform.params().ram_size;
      info.simctrl_base = platform.params().simctrl_base;
      const UintrParams up = UintrParams::from_config(cfg);
      info.uintc_base = up.uintc_base;
      info.uintc_entries = up.uintc_entries;
      info.uist_stride = up.uist_stride;
      info.posted = up.posted.enabled;
      info.notify_base = up.posted.notify_base;
      info.timebase_hz = platform.params().timebase_hz;
      info.clock_hz = platform.params().clock_hz;
      info.halt = [&platform](uint64_t code) { platform.exit_with(code); };
      info.console = [&platform](const char* s, size_t n) { platform.console_out(s, n); };
      info.deadlock = [&platform](const std::string& r) { platform.deadlock(r); };
      info.trace = timeline.get();
      kernel = std::make_unique<kernel::Kernel>(kp, info, platform.params().harts);
      kernel::Kernel* k = kernel.get();
      // One port per hart: the only way the kernel model reaches the machine.
      ports = std::make_unique<KernelPorts>(platform.harts(), platform.clock(), platform.params().clint_base, *k);
      std::vector<kernel::KernelPort*> by_hart;
      for (unsigned h = 0; h < ports->size(); ++h) by_hart.push_back(&(*ports)[h]);
      k->connect(by_hart);
      platform.at_start([k, &elf] { k->boot(elf); });
      platform.add_stats([k](StatsRegistry& s) { k->register_stats(s); });
      platform.add_results_section("threads", [k] { return k->threads_json(); });
      platform.add_roi_section("threads", [k] { return k->thread_counters(); });
    }
    // Debugging (docs/debugging.md): the instruction trace and the GDB stub observe the harts.
    std::unique_ptr<InsnTrace> insn_trace;
    std::unique_ptr<GdbStub> gdb;
    ObserverFanout observers;
    if (!args.trace.path.empty()) {
      insn_trace = std::make_unique<InsnTrace>(args.trace, platform.params().harts);
      InsnTrace* t = insn_trace.get();
      platform.on_roi([t](bool inside) { t->set_roi(inside); });
      observers.add(t);
    }
    if (args.gdb_port >= 0) {
      gdb = std::make_unique<GdbStub>(unsigned(args.gdb_port), platform.harts());
      std::fprintf(stderr, "uintrsim: GDB: listening on 127.0.0.1:%u; waiting for GDB to connect\n", gdb->port());
      std::fflush(stderr);
      gdb->accept();
      observers.add(gdb.get());
    }
    platform.set_insn_observer(observers.get());
    const auto t0 = std::chrono::steady_clock::now();
    platform.run();
    const double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();

    // The trace's end (a failure to write it is reported with the results', after the run's own report).
    std::string trace_error;
    if (timeline) {
      uint64_t end = 0;
      for (Hart* h : platform.harts()) end = std::max(end, h->cycle());
      const bool ok = timeline->finish(end) && std::fclose(trace_file.release()) == 0;
      if (!ok) trace_error = "--trace-out " + topt.path + ": cannot write the trace file: " + std::strerror(errno);
      else if (!args.quiet)
        std::fprintf(stderr, "uintrsim: trace %s: %llu events, %llu bytes%s\n", topt.path.c_str(),
                     static_cast<unsigned long long>(timeline->events_written()),
                     static_cast<unsigned long long>(timeline->bytes()), timeline->cut() ? " (cut)" : "");
    }

    // The results first (a failure to write them is reported after the run's own report).
    // `replace` is a last guard: a byte that is not UTF-8 must not cost the whole file.
    const std::string results_error =
        results.wanted()
            ? results.write(platform.results_json().dump(2, ' ', false, nlohmann::json::error_handler_t::replace) + "\n")
            : "";
    const uint64_t instret = platform.total_instret();
    if (!args.quiet)
      std::fprintf(stderr, "uintrsim: %llu instructions in %.3f s host time (%.1f MIPS)\n",
                   static_cast<unsigned long long>(instret), secs, secs > 0 ? instret / secs / 1e6 : 0.0);
    int status = kExitInternal;
    if (const std::string arg_failure = platform.argument_failure(); !arg_failure.empty()) {
      std::fprintf(stderr, "uintrsim: error: workload arguments: %s\n", arg_failure.c_str());
      status = kExitBadInput;
    } else {
      switch (platform.exit_reason()) {
        case Platform::ExitReason::kGuestExit: {
          const uint64_t code = platform.exit_code();
          if (!args.quiet && code != 0) {
            std::fprintf(stderr, "uintrsim: guest exited with code %llu", static_cast<unsigned long long>(code));
            if (code >> 63) std::fprintf(stderr, " (%lld as a signed value)", static_cast<long long>(code));
            std::fprintf(stderr, "\n");
          }
          // Any code that is not 0 fails: all 64 bits count.
          status = code > 123 ? 123 : int(code);
          break;
        }
        case Platform::ExitReason::kDeadlock:
        case Platform::ExitReason::kCycleLimit:
        case Platform::ExitReason::kTrapStorm:
          std::fprintf(stderr, "uintrsim: error: %s\n", platform.failure_report().c_str());
          status = kExitCycleLimit;
          break;
        default:
          std::fprintf(stderr, "uintrsim: error: simulation ended without the guest exiting\n");
          break;
      }
    }
    for (const std::string& w : platform.warnings()) std::fprintf(stderr, "uintrsim: warning: %s\n", w.c_str());
    std::string insn_trace_error;
    if (insn_trace) insn_trace->finish(insn_trace_error);
    const bool output_failed = !trace_error.empty() || !insn_trace_error.empty() || !results_error.empty();
    if (gdb) gdb->on_exit(output_failed ? kExitBadInput : status);
    for (const std::string* e : std::initializer_list<const std::string*>{&trace_error, &insn_trace_error, &results_error})
      if (!e->empty()) std::fprintf(stderr, "uintrsim: error: %s\n", e->c_str());
    if (output_failed) return kExitBadInput;
    return status;
  } catch (const ConfigError& e) {
    std::fprintf(stderr, "uintrsim: error: %s\n", e.what());
    return kExitBadInput;
  } catch (const ElfError& e) {
    std::fprintf(stderr, "uintrsim: error: %s\n", e.what());
    return kExitBadInput;
  } catch (const std::exception& e) {
    std::fprintf(stderr, "uintrsim: internal error: %s\n", e.what());
    return kExitInternal;
  }
}

// Our own main() so that the SystemC banner is disabled before the library can print it.
int main(int argc, char** argv) {
  setenv("SYSTEMC_DISABLE_COPYRIGHT_MESSAGE", "1", 0);
  return sc_core::sc_elab_and_sim(argc, argv);
}
