// The platform: assembly from the configuration, the devices' hooks (sim-control, console,
// exit), statistics and the run. Reports and results are in platform_results.cpp.
#include "sim/platform/platform.h"

#include "sim/loader/ram_image.h"
#include "sim/platform/address_map.h"
#include "sim/platform/trap_names.h"
#include "sim/platform/workload_params.h"

#include <cerrno>
#include <cstdio>
#include <cstring>

#include <fcntl.h>
#include <unistd.h>

namespace uintrsim {

using namespace sc_core;
using namespace trap_names;

// Calls the platform's start hooks from SystemC's start_of_simulation, after every hart
// module (created earlier) has set up its direct memory access.
struct Platform::StartRunner : sc_module {
  StartRunner(sc_module_name name, Platform* p) : sc_module(name), p_(p) {}
  void start_of_simulation() override {
    for (auto& f : p_->start_hooks_) f();
  }
  Platform* p_;
};

std::vector<Hart*> Platform::harts() {
  std::vector<Hart*> v;
  for (auto& h : harts_) v.push_back(&h->hart());
  return v;
}

Platform::Platform(const Config& cfg, const ElfFile& elf, bool load)
    : cfg_(cfg), pp_(PlatformParams::from_config(cfg)), clock_(pp_.clock_hz, pp_.timebase_hz), symbols_(elf) {
  period_ = sc_time::from_value(clock_.period_ps());
  if (period_.value() == 0) throw ConfigError("platform.clock_hz is too high for 1 ps resolution");
  // The HTIF words are the ELF's symbols, physical addresses of a bare-metal program; a root
  // task's symbols are virtual addresses (under the kernel model the ELF is not loaded as is),
  // so it gets no HTIF.
  HtifWindows htif_words;
  if (load) htif_words = {elf.symbol("tohost"), elf.symbol("tohost") ? elf.symbol("fromhost") : std::nullopt};
  check_address_map(cfg, pp_, UintrParams::from_config(cfg), elf, htif_words);
  stats_.set_snapshot_limit(pp_.snapshots_keep);
  const sc_time mmio_latency = period_ * double(pp_.mmio_latency_cycles);
  resv_ = std::make_unique<ReservationSet>(pp_.harts);
  bus_ = std::make_unique<Bus>("bus", mmio_latency);
  ram_ = std::make_unique<Ram>("ram", pp_.ram_size);
  clint_ = std::make_unique<Clint>("clint", pp_.harts, clock_, SC_ZERO_TIME);
  auto interaction = [this](const sc_time& t) { sync_.note_interaction(clock_.cycle_at_ps(t.value())); };
  clint_->set_interaction_hook(interaction);
  args_ = WorkloadArgs(cfg);
  simctrl_ = std::make_unique<SimControl>(
      "simctrl", pp_.harts, UintrParams::from_config(cfg).uintc_base, args_, SC_ZERO_TIME,
      SimControl::Hooks{[this](SimControl::Reg r, uint64_t v, const sc_time& at) { on_simctrl(r, v, at); },
                        [this](const std::string& e) { bad_argument(e); }});

  unsigned port = 0;
  // HTIF first: its windows take priority over the RAM they sit in.
  if (auto tohost = htif_words.tohost) {
    htif_tohost_ = *tohost;
    htif_ = std::make_unique<Htif>(
        "htif",
        [this](bool w, uint64_t pa, void* d, unsigned len) {
          if (pa < pp_.ram_base || pa - pp_.ram_base > pp_.ram_size || len > pp_.ram_size - (pa - pp_.ram_base))
            return false;
          if (len == 0) return true;  // nothing to copy (and `d` may be null)
          uint8_t* host = ram_->host() + (pa - pp_.ram_base);
          if (w) std::memcpy(host, d, len);
          else std::memcpy(d, host, len);
          return true;
        },
        [this](uint64_t code) { on_exit(code); }, [this](const char* s, size_t n) { on_console(s, n); });
    bus_->init.bind(htif_->socket);
    bus_->map("htif.tohost", *tohost, 8, port, 0);
    if (auto fromhost = htif_words.fromhost) bus_->map("htif.fromhost", *fromhost, 8, port, 8);
    ++port;
  }
  bus_->init.bind(clint_->socket);
  bus_->map("clint", pp_.clint_base, Clint::kSize, port++);
  bus_->init.bind(simctrl_->socket);
  bus_->map("simctrl", pp_.simctrl_base, SimControl::kSize, port++);
  {
    const UintrParams up = UintrParams::from_config(cfg);
    UintcDevice::Params p;
    p.entries = up.uintc_entries;
    p.line_latency = period_ * double(cfg.get_int("uintc.line_latency_cycles"));
    p.clock_period = period_;
    p.sticky_line = cfg.get_string("uintc.line_semantics") == "sticky";
    p.vcd_path = cfg.get_string("uintc.rtl_vcd");
    p.rtl_variant = cfg.get_string("uintc.rtl_variant");
    const std::string impl = cfg.get_string("uintc.impl");
    check_rtl_outputs(cfg, impl);
    send_impl_ = impl == "tlm" ? "cpp" : impl;  // the RTL UINTC comes with the RTL send engine
    if (impl == "tlm") {
      uintc_ = std::make_unique<Uintc>("uintc", pp_.harts, p);
    } else {
      UintcFactory make = uintc_impl(impl);
      if (!make) throw ConfigError(cfg.origin("uintc.impl") + ": uintc.impl = " + impl + " is not built into this simulator");
      if (p.sticky_line)
        throw ConfigError(cfg.origin("uintc.line_semantics") + ": the RTL UINTC has level lines only");
      uintc_ = make("uintc", pp_.harts, p);
    }
    uintc_->set_interaction_hook(interaction);
    bus_->init.bind(uintc_->target_socket());
    bus_->map("uintc", up.uintc_base, uintc_->size(), port++);
    if (up.posted.enabled) {  // the posted architecture's notification device (docs/uintr-posted.md)
      if (pp_.harts > UINTRSIM_UNOTIFY_MAX_HARTS)
        throw ConfigError(cfg.origin("platform.harts") + ": the notification device of uintr.arch = posted has "
                          "CLAIM registers for " + std::to_string(UINTRSIM_UNOTIFY_MAX_HARTS) + " harts");
      unotify_ = std::make_unique<Unotify>("unotify", pp_.harts, period_ * double(up.posted.notify_latency_cycles));
      unotify_->set_interaction_hook(interaction);
      bus_->init.bind(unotify_->socket);
      bus_->map("unotify", up.posted.notify_base, Unotify::kSize, port++);
    }
  }
  bus_->init.bind(ram_->socket);
  bus_->map("ram", pp_.ram_base, pp_.ram_size, port++);

  sync_.quantum = pp_.quantum_cycles;
  sync_.sync_quantum = std::min(pp_.sync_quantum_cycles, pp_.quantum_cycles);
  sync_.window = pp_.sync_window_cycles;
  const HartModule::Timing timing{&clock_, &sync_, pp_.max_cycles};
  for (unsigned h = 0; h < pp_.harts; ++h) {
    HartParams hp = HartParams::from_config(cfg, h);
    hp.reset_pc = elf.entry;
    hp.trap_storm_traps = pp_.trap_storm_traps;
    auto m = std::make_unique<HartModule>(("hart" + std::to_string(h)).c_str(), hp, timing, resv_.get(),
                                          [this](const sc_time& t) { return clint_->mtime_at(t); });
    m->set_ram_window(pp_.ram_base, pp_.ram_size);
    if (send_impl_ != "cpp") attach_send_engine(cfg, h, m->hart());
    m->socket.bind(bus_->targ);
    clint_->connect(h, m.get());
    uintc_->connect(h, m.get());
    if (unotify_) {
      unotify_->connect(h, m.get());
      m->hart().set_upid_lines(&upid_lines_);
    }
    harts_.push_back(std::move(m));
  }
  start_runner_ = std::make_unique<StartRunner>("start_hooks", this);
  user_program_ = !load;
  if (load) load_elf(elf);
}

Platform::~Platform() = default;

// Settings of the RTL UINTC that would have no effect with the TLM one are errors, and a VCD
// file that cannot be written is found before the run (Verilator would skip it silently).
void Platform::check_rtl_outputs(const Config& cfg, const std::string& impl) const {
  const std::string vcd = cfg.get_string("uintc.rtl_vcd"), variant = cfg.get_string("uintc.rtl_variant");
  if (impl == "tlm" && !vcd.empty())
    throw ConfigError(cfg.origin("uintc.rtl_vcd") + ": uintc.rtl_vcd is written by the RTL UINTC only; with "
                      "uintc.impl = tlm it would have no effect (add --set uintc.impl=rtl)");
  if (impl == "tlm" && variant != "rocket")
    throw ConfigError(cfg.origin("uintc.rtl_variant") + ": uintc.rtl_variant = " + variant +
                      " selects an RTL design; with uintc.impl = tlm it would have no effect (add --set uintc.impl=rtl)");
  if (vcd.empty()) return;
  std::vector<std::string> paths = {vcd};
  for (unsigned h = 0; h < pp_.harts; ++h) paths.push_back(send_vcd_path(vcd, h));
  for (const std::string& path : paths) {
    const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_NONBLOCK | O_CLOEXEC, 0666);
    if (fd < 0)
      throw ConfigError(cfg.origin("uintc.rtl_vcd") + ": " + path + ": cannot write the VCD file: " + std::strerror(errno));
    ::close(fd);
  }
}

// uintc.rtl_vcd = "x.vcd": the engine of hart h writes "x.send<h>.vcd" beside the UINTC's.
std::string Platform::send_vcd_path(const std::string& vcd, unsigned hart) {
  const size_t dot = vcd.rfind(".vcd");
  return (dot != std::string::npos && dot == vcd.size() - 4 ? vcd.substr(0, dot) : vcd) + ".send" +
         std::to_string(hart) + ".vcd";
}

void Platform::attach_send_engine(const Config& cfg, unsigned hart, Hart& h) {
  UipiSendFactory make = uipi_send_impl(send_impl_);
  if (!make)
    throw ConfigError(cfg.origin("uintc.impl") + ": uintc.impl = " + send_impl_ + " has no uipi.send engine built in");
  UipiSendEngineParams p;
  p.hart = hart;
  p.uintr = UintrParams::from_config(cfg);
  if (std::string vcd = cfg.get_string("uintc.rtl_vcd"); !vcd.empty()) p.vcd_path = send_vcd_path(vcd, hart);
  std::unique_ptr<UipiSendEngine> e = make(p);
  if (!e)
    throw ConfigError(cfg.origin("uintr.uist_stride") + ": the RTL uipi.send engine is built for uintr.uist_stride = 8 "
                      "or 256 (add a verilate() line in rtl_models/CMakeLists.txt for another stride)");
  h.set_send_engine(std::move(e));
}

void Platform::set_tracer(trace::TraceSink* t) {
  tracer_ = t;
  for (auto& h : harts_) h->set_tracer(t);
  uintc_->set_tracer(t);
}

bool Platform::peek_ram(uint64_t pa, void* out, unsigned len) const {
  if (pa < pp_.ram_base || pa - pp_.ram_base >= pp_.ram_size || len > pp_.ram_size - (pa - pp_.ram_base)) return false;
  std::memcpy(out, ram_->host() + (pa - pp_.ram_base), len);
  return true;
}

void Platform::load_elf(const ElfFile& elf) {
  copy_segments_to_ram(elf, pp_.ram_base, pp_.ram_size, ram_->host());
}

void Platform::on_console(const char* s, size_t n) {
  if (keep_console_) {
    const size_t room = console_.size() < pp_.console_keep_bytes ? size_t(pp_.console_keep_bytes - console_.size()) : 0;
    const size_t keep = std::min(n, room);
    console_.append(s, keep);
    console_dropped_ += n - keep;
  }
  if (echo_console_) {
    // A reader that went away (SIGPIPE is ignored, see uintrsim_main.cpp) must not cost the
    // run: the echo stops, the results keep the console.
    if (std::fwrite(s, 1, n, stdout) != n || std::fflush(stdout) != 0) {
      echo_console_ = false;
      echo_error_ = std::strerror(errno);
    }
  }
}

void Platform::on_exit(uint64_t code) {
  if (exit_reason_ != ExitReason::kNone) return;
  exit_reason_ = ExitReason::kGuestExit;
  exit_code_ = code;
  for (auto& h : harts_) h->hart().request_stop();
  HartModule::stop_once();
}

void Platform::deadlock(const std::string& report) {
  if (exit_reason_ != ExitReason::kNone) return;
  exit_reason_ = ExitReason::kDeadlock;
  deadlock_report_ = report;
  for (auto& h : harts_) h->hart().request_stop();
  HartModule::stop_once();
}

void Platform::bad_argument(const std::string& error) {
  if (exit_reason_ != ExitReason::kNone) return;
  exit_reason_ = ExitReason::kBadArgument;
  bad_argument_ = error;
  for (auto& h : harts_) h->hart().request_stop();
  HartModule::stop_once();
}

std::string Platform::argument_failure() const {
  if (exit_reason_ == ExitReason::kBadArgument) return bad_argument_;
  if (exit_reason_ != ExitReason::kGuestExit || exit_code_ != 0) return "";
  const std::vector<std::string> unread = args_.unread();
  if (unread.empty()) return "";
  std::string r = "the guest never read ";
  for (size_t i = 0; i < unread.size(); ++i) r += (i ? ", " : "") + unread[i];
  r += ": its results do not reflect that setting (a guest reads its arguments with uintrsim_arg_int / "
       "uintrsim_arg_str, docs/guests.md); list the name in workload.unread_ok to run anyway";
  return r;
}


void Platform::on_simctrl(SimControl::Reg r, uint64_t v, const sc_time& at) {
  const uint64_t cycle = clock_.cycle_at_ps(at.value());
  switch (r) {
    case SimControl::kRoiBegin:
      for (auto& h : harts_) h->hart().sync_stats();
      if (roi_.ended) ++roi_.replaced;  // a new ROI replaces the one that ended
      roi_.begun = true;
      roi_.ended = false;
      roi_.begin_cycle = cycle;
      roi_.begin_ticks = clint_->mtime_at(at);
      roi_.rounds = 0;
      roi_.syscalls = 0;
      roi_.rounds_overflow = roi_.syscalls_overflow = false;
      roi_.begin_stats = stats_.read_all();
      stats_.set_in_roi(true);
      for (auto& [name, f] : roi_sections_) roi_.begin_sections[name] = f();
      if (tracer_) tracer_->roi(true, cycle);
      for (auto& f : roi_hooks_) f(true);
      break;
    case SimControl::kRoiEnd:
      if (!roi_.begun) {
        ++roi_.ends_without_begin;
        break;
      }
      if (roi_.ended) ++roi_.ends_again;  // moves the end (as it always has): reported
      for (auto& h : harts_) h->hart().sync_stats();
      roi_.ended = true;
      roi_.end_cycle = cycle;
      roi_.end_ticks = clint_->mtime_at(at);
      roi_.end_stats = stats_.read_all();
      stats_.set_in_roi(false);
      for (auto& [name, f] : roi_sections_) roi_.end_sections[name] = f();
      if (tracer_) tracer_->roi(false, cycle);
      for (auto& f : roi_hooks_) f(false);
      break;
    case SimControl::kRounds:  // only rounds inside the ROI count; a sum beyond 64 bits saturates
      if (roi_.begun && !roi_.ended && __builtin_add_overflow(roi_.rounds, v, &roi_.rounds)) {
        roi_.rounds = ~uint64_t(0);
        roi_.rounds_overflow = true;
      }
      break;
    case SimControl::kSyscalls:
      if (roi_.begun && !roi_.ended && __builtin_add_overflow(roi_.syscalls, v, &roi_.syscalls)) {
        roi_.syscalls = ~uint64_t(0);
        roi_.syscalls_overflow = true;
      }
      break;
    case SimControl::kSnapshot:
      for (auto& h : harts_) h->hart().sync_stats();
      stats_.snapshot("mark" + std::to_string(v));
      break;
    case SimControl::kExit: on_exit(v); break;
    case SimControl::kSample: guest_sample(v); break;
    case SimControl::kPutchar: {
      const char c = char(v);
      on_console(&c, 1);
      break;
    }
    default: break;
  }
}

void Platform::guest_sample(uint64_t v) {
  const unsigned id = unsigned(v >> UINTRSIM_SAMPLE_ID_SHIFT);
  const uint64_t value = v & UINTRSIM_SAMPLE_VALUE_MASK;
  auto it = guest_dists_.find(id);
  if (it == guest_dists_.end()) {
    std::string name, unit, what;
    if (id == UINTRSIM_DIST_ASYNC_REQUEST_LATENCY) {
      name = "async.request_latency";
      unit = "cycles";
      what = "asynchronous requests: submission to the result seen by the submitting coroutine (guest-measured rdcycle)";
    } else {
      name = "guest.dist" + std::to_string(id);
      unit = "";
      what = "samples the guest reported for distribution " + std::to_string(id);
    }
    it = guest_dists_.emplace(id, &stats_.add_distribution(name, unit, what)).first;
  }
  stats_.sample(*it->second, value);
}

void Platform::register_stats() {
  for (auto& m : harts_) {
    Hart* h = &m->hart();
    const std::string p = "hart" + std::to_string(h->hartid()) + ".";
    stats_.add_counter(p + "cycles", "cycles", "core cycles elapsed (including idle)", [h] { return h->cycle(); });
    stats_.add_counter(p + "instret", "instructions", "instructions retired", [h] { return h->instret(); });
    stats_.add_formula(p + "ipc", "instructions/cycle", "instructions per cycle", [h] {
      return h->cycle() ? double(h->instret()) / double(h->cycle()) : 0.0;
    });
    const std::pair<rv::Priv, const char*> privs[] = {{rv::Priv::U, "user"}, {rv::Priv::S, "supervisor"}, {rv::Priv::M, "machine"}};
    for (auto [pv, name] : privs) {
      const unsigned i = unsigned(pv);
      stats_.add_counter(p + "cycles." + name, "cycles", std::string("cycles spent in ") + name + " mode",
                         [h, i] { return h->stats().cycles_by_priv[i]; });
      stats_.add_counter(p + "instret." + name, "instructions", std::string("instructions retired in ") + name + " mode",
                         [h, i] { return h->stats().instret_by_priv[i]; });
    }
    for (unsigned c = 0; c < 16; ++c) {
      if (std::strncmp(exception_name(c), "reserved", 8) == 0) continue;
      stats_.add_counter(p + "traps.exception." + exception_name(c), "traps",
                         std::string("synchronous exceptions taken: ") + exception_name(c),
                         [h, c] { return h->stats().exceptions[c]; });
    }
    for (unsigned c : {0u, 1u, 3u, 4u, 5u, 7u, 8u, 9u, 11u})
      stats_.add_counter(p + "traps.interrupt." + interrupt_name(c), "traps",
                         std::string("interrupts taken: ") + interrupt_name(c),
                         [h, c] { return h->stats().interrupts[c]; });
    stats_.add_counter(p + "idle_cycles", "cycles", "cycles skipped while waiting in wfi", [h] { return h->stats().idle_cycles; });
    stats_.add_counter(p + "wfi_sleeps", "sleeps",
                       "times the hart slept in wfi (until an interrupt line, its timer deadline or the cycle limit)",
                       [hm = m.get()] { return hm->wfi_sleeps(); });
    stats_.add_counter(p + "branch_mispredicts", "branches", "conditional branches mispredicted (inorder mode)",
                       [h] { return h->stats().branch_mispredicts; });
    stats_.add_counter(p + "load_use_stalls", "stalls", "load-use interlocks (inorder mode)", [h] { return h->stats().load_use_stalls; });
    stats_.add_counter(p + "mmio_accesses", "accesses", "uncached device accesses", [h] { return h->stats().mmio_accesses; });
    stats_.add_counter(p + "page_walks", "walks", "Sv39 page-table walks", [h] { return h->stats().page_walks; });
    stats_.add_counter(p + "decode_misses", "instructions",
                       "instructions decoded into the block cache (a host-side count: code first run at a "
                       "physical address, and again after fence.i, a store to decoded code, a "
                       "conflict or a full cache; every page-straddling instruction)",
                       [h] { return h->stats().decode_misses; });
    stats_.add_counter(p + "itlb.misses", "misses", "instruction TLB misses", [h] { return h->itlb().misses; });
    stats_.add_counter(p + "dtlb.misses", "misses", "data TLB misses", [h] { return h->dtlb().misses; });
    if (h->icache()) {
      for (auto [name, cache] : {std::pair{"icache", h->icache()}, std::pair{"dcache", h->dcache()}}) {
        const CacheModel* c = cache;
        const std::string k = p + name + ".";
        stats_.add_counter(k + "hits", "accesses", std::string("L1 ") + name + " hits", [c] { return c->hits; });
        stats_.add_counter(k + "misses", "accesses", std::string("L1 ") + name + " misses", [c] { return c->misses; });
        stats_.add_counter(k + "writebacks", "lines", std::string("L1 ") + name + " dirty lines evicted", [c] { return c->writebacks; });
      }
    }
  }
  UintcDevice* u = uintc_.get();
  stats_.add_counter("uintc.sends", "requests", "SEND writes that set a pending bit", [u] { return u->sends(); });
  stats_.add_counter("uintc.reads", "requests", "READ_HIGH reads (uipi.read), which clear pending",
                     [u] { return u->reads(); });
  stats_.add_counter("uintc.line_raises", "interrupts", "USIP line raises towards harts",
                     [u] { return u->line_raises(); });
  if (Unotify* n = unotify_.get()) {
    stats_.add_counter("unotify.sends", "notifications", "posted: notifications the device passed to a hart",
                       [n] { return n->sends(); });
    stats_.add_counter("unotify.dropped", "notifications",
                       "posted: SENDs dropped (destination not a hart or vector >= 64)", [n] { return n->dropped(); });
    for (auto& m : harts_) {
      Hart* h = &m->hart();
      const std::string p = "hart" + std::to_string(h->hartid()) + ".posted.";
      const std::pair<const char*, uint64_t Hart::PostedStats::*> counters[] = {
          {"sends", &Hart::PostedStats::sends},           {"notifications", &Hart::PostedStats::notifications},
          {"suppressed", &Hart::PostedStats::suppressed}, {"processed", &Hart::PostedStats::processed},
          {"deliveries", &Hart::PostedStats::deliveries}, {"other_vectors", &Hart::PostedStats::other_vectors},
          {"upid_faults", &Hart::PostedStats::upid_faults}};
      const char* what[] = {"senduipi that posted a vector", "senduipi that sent a notification",
                            "senduipi that found ON or SN set (no notification)",
                            "notification processing done (PIR moved into suirr)",
                            "user interrupts delivered", "claimed notification vectors other than UINV (sip.SSIP)",
                            "notification processing with a UPID outside RAM (no-op)"};
      for (size_t i = 0; i < std::size(counters); ++i) {
        auto f = counters[i].second;
        stats_.add_counter(p + counters[i].first, "events", std::string("posted: ") + what[i],
                           [h, f] { return h->posted_stats().*f; });
      }
    }
  }
  stats_.add_counter("sim.mtime", "ticks", "platform timer (mtime) at the end of the run",
                     [this] { return clint_->mtime_at(sc_time_stamp()); });
}

void Platform::run() {
  register_stats();
  for (auto& f : stats_hooks_) f(stats_);
  sc_start();
  if (exit_reason_ == ExitReason::kNone)
    for (auto& h : harts_)
      if (h->hit_trap_storm()) exit_reason_ = ExitReason::kTrapStorm;
  if (exit_reason_ == ExitReason::kNone)
    for (auto& h : harts_)
      if (h->hit_cycle_limit()) exit_reason_ = ExitReason::kCycleLimit;
  // Harts asleep in wfi have not advanced their clocks since they slept: bring them to the
  // end of the run so that their idle time is counted.
  uint64_t end = 0;
  for (auto& h : harts_) end = std::max(end, h->hart().cycle());
  for (auto& h : harts_) {
    if (h->hart().in_wfi()) h->hart().advance_to(end);
    h->hart().sync_stats();
  }
}

uint64_t Platform::total_instret() const {
  uint64_t n = 0;
  for (auto& h : harts_) n += h->hart().instret();
  return n;
}

}  // namespace uintrsim
