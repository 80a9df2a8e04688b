// The platform's reports and results: the failure report of a run that did not end by the
// guest's exit, the results JSON (--stats-out) and the warnings about what the results could
// not hold.
#include <cctype>
#include <sstream>

#include "sim/config/utf8.h"
#include "sim/platform/platform.h"
#include "sim/platform/trap_names.h"

namespace uintrsim {

using namespace sc_core;
using namespace trap_names;

namespace {
// `to` - `from` for every unsigned-integer leaf of `to` (a leaf missing from `from` counts as 0:
// a thread created inside the ROI); other leaves (names, states) are kept as `to` has them.
nlohmann::json counter_delta(const nlohmann::json& from, const nlohmann::json& to) {
  if (to.is_number_unsigned()) return to.get<uint64_t>() - (from.is_number_unsigned() ? from.get<uint64_t>() : 0);
  if (to.is_object()) {
    nlohmann::json out = nlohmann::json::object();
    for (auto it = to.begin(); it != to.end(); ++it)
      out[it.key()] = counter_delta(from.is_object() && from.contains(it.key()) ? from[it.key()] : nlohmann::json(), *it);
    return out;
  }
  return to;
}
}  // namespace

std::string Platform::failure_report() const {
  std::ostringstream o;
  auto harts = [&] {
    for (auto& m : harts_) o << "\n" << hart_report(const_cast<HartModule&>(*m).hart(), symbols_, user_program_);
  };
  if (exit_reason_ == ExitReason::kDeadlock) {
    o << symbolize_pcs(deadlock_report_, symbols_) << "\nharts:";
    harts();
    return o.str();
  }
  // A trap's pc with its symbol (under the kernel model only if the trap came from U-mode,
  // as the hart's trap history tells).
  auto trap_text = [&](const Hart& h, const Hart::TrapRecord& t) {
    bool user = false;
    for (const Hart::TrapRun& r : h.recent_traps())
      if (r.cause == t.cause && r.epc == t.epc) user = r.from == rv::Priv::U;
    const std::string pc = user_program_ && !user ? hex(t.epc) : symbols_.describe(t.epc);
    return "cause " + describe_cause(t.cause) + " at pc " + pc + " (tval " + hex(t.tval) + ")";
  };
  if (exit_reason_ == ExitReason::kTrapStorm) {
    o << "fault storm: a hart took the same exception platform.trap_storm_traps = " << pp_.trap_storm_traps
      << " times in a row without getting past it";
    for (auto& m : harts_) {
      const Hart& h = const_cast<HartModule&>(*m).hart();
      const Hart::TrapStorm& st = h.trap_storm();
      if (!st.hit) continue;
      o << "\n  hart " << h.hartid() << ": " << trap_text(h, st.trap) << ", repeated since cycle " << st.first_cycle;
      if (st.before.cause != ~0ull) o << "\n  the trap that led into it: " << trap_text(h, st.before);
      else o << " (the first trap of the run)";
    }
    o << "\nharts:";
    harts();
    return o.str();
  }
  o << "cycle limit platform.max_cycles = " << pp_.max_cycles << " reached";
  harts();
  return o.str();
}

std::string hart_report(const Hart& h, const Symbolizer& sym, bool user_symbols_only) {
  std::ostringstream o;
  // With the program's symbols naming user code only (the kernel model's root task), a pc in
  // S or M mode is the modelled kernel's or firmware's and has no symbol.
  auto describe = [&](uint64_t pc, rv::Priv p) {
    return user_symbols_only && p != rv::Priv::U ? hex(pc) : sym.describe(pc);
  };
  const auto& t = h.last_trap();
  const std::vector<Hart::TrapRun> runs = h.recent_traps();
  o << "  hart " << h.hartid() << ": pc " << hex(h.pc) << ", privilege " << priv_name(h.privilege())
    << ", last trap cause " << describe_cause(t.cause);
  if (t.cause != ~0ull)
    o << " at pc " << describe(t.epc, runs.empty() ? rv::Priv::M : runs.back().from) << " (tval " << hex(t.tval) << ")";
  o << "\n    at " << describe(h.pc, h.privilege());
  if (runs.empty()) return o.str();
  o << "\n    traps taken: " << h.traps_taken()
    << "; the most recent, oldest first (the same trap at the same pc in a row is one line):";
  for (const Hart::TrapRun& r : runs) {
    o << "\n      #" << r.first_seq << " cycle " << r.first_cycle << ": cause " << describe_cause(r.cause) << " at pc "
      << describe(r.epc, r.from) << " from " << priv_name(r.from) << ", tval " << hex(r.tval);
    if (r.count > 1)
      o << "; " << r.count << " times in a row (#" << r.first_seq << "..#" << r.first_seq + r.count - 1
        << ", until cycle " << r.last_cycle << ")";
  }
  return o.str();
}

std::string symbolize_pcs(const std::string& text, const Symbolizer& sym) {
  if (sym.empty()) return text;
  std::string out;
  size_t at = 0;
  for (;;) {
    const size_t p = text.find("pc 0x", at);
    if (p == std::string::npos) break;
    size_t e = p + 5;
    while (e < text.size() && std::isxdigit(static_cast<unsigned char>(text[e]))) ++e;
    out.append(text, at, e - at);
    at = e;
    if (e == p + 5) continue;
    const std::string s = sym.symbol(std::stoull(text.substr(p + 5, e - p - 5), nullptr, 16));
    if (!s.empty()) out += " <" + s + ">";
  }
  out.append(text, at, std::string::npos);
  return out;
}

nlohmann::json Platform::results_json() const {
  nlohmann::json j;
  j["config"] = cfg_.dump_json();
  j["config_hash"] = cfg_.hash_hex();
  nlohmann::json ex;
  const std::string arg_failure = argument_failure();
  ex["reason"] = !arg_failure.empty() ? "bad_argument"
               : exit_reason_ == ExitReason::kGuestExit ? "guest_exit"
               : exit_reason_ == ExitReason::kCycleLimit ? "cycle_limit"
               : exit_reason_ == ExitReason::kDeadlock ? "deadlock"
               : exit_reason_ == ExitReason::kTrapStorm ? "trap_storm" : "none";
  ex["code"] = exit_reason_ == ExitReason::kGuestExit ? nlohmann::json(exit_code_) : nlohmann::json(-1);
  if (exit_reason_ == ExitReason::kCycleLimit || exit_reason_ == ExitReason::kDeadlock ||
      exit_reason_ == ExitReason::kTrapStorm)
    ex["report"] = failure_report();
  if (!arg_failure.empty()) ex["report"] = arg_failure;
  j["exit"] = ex;
  j["workload_args"] = args_.json();
  j["stats"] = stats_.dump();
  j["distributions"] = stats_.distributions(false);
  if (roi_.ended) {
    nlohmann::json r;
    r["begin_cycle"] = roi_.begin_cycle;
    r["end_cycle"] = roi_.end_cycle;
    r["cycles"] = {{"value", roi_.end_cycle - roi_.begin_cycle}, {"unit", "cycles"}, {"description", "ROI length in core cycles"}};
    r["ticks"] = {{"value", roi_.end_ticks - roi_.begin_ticks}, {"unit", "ticks"}, {"description", "ROI length in mtime (rdtime) ticks"}};
    r["rounds"] = {{"value", roi_.rounds}, {"unit", "rounds"}, {"description", "rounds the guest reported in the ROI"}};
    r["stats"] = stats_.delta(roi_.begin_stats, roi_.end_stats);
    r["distributions"] = stats_.distributions(true);
    for (const auto& [name, f] : roi_sections_)
      r[name] = counter_delta(roi_.begin_sections.at(name), roi_.end_sections.at(name));
    // docs/architecture.md "Metrics": cycles per round (cycles and rdtime ticks) and trap frequency =
    // syscall traps in the ROI / syscalls the work requested. A count that overflowed has no
    // meaningful ratio: it is flagged instead.
    if (roi_.rounds_overflow) r["rounds_overflow"] = true;
    if (roi_.syscalls_overflow) r["syscalls_overflow"] = true;
    if (roi_.rounds && !roi_.rounds_overflow) {
      r["cycles_per_round"] = {{"value", double(roi_.end_cycle - roi_.begin_cycle) / double(roi_.rounds)},
                               {"unit", "cycles/round"}, {"description", "ROI cycles per reported round"}};
      r["ticks_per_round"] = {{"value", double(roi_.end_ticks - roi_.begin_ticks) / double(roi_.rounds)},
                              {"unit", "ticks/round"}, {"description", "ROI rdtime ticks per reported round"}};
    }
    r["syscalls_requested"] = {{"value", roi_.syscalls}, {"unit", "syscalls"},
                               {"description", "syscalls the guest reported its ROI work requested"}};
    if (roi_.syscalls && !roi_.syscalls_overflow && r["stats"].contains("kernel.traps.syscall")) {
      const double traps = r["stats"]["kernel.traps.syscall"]["value"].get<double>();
      r["trap_frequency"] = {{"value", traps / double(roi_.syscalls)}, {"unit", "traps/syscall"},
                             {"description", "syscall traps in the ROI per syscall requested"}};
    }
    j["roi"] = r;
  } else if (roi_.begun) {
    // Begun and never ended: no ROI figures, but not silently nothing.
    j["roi_unended"] = {{"begin_cycle", roi_.begin_cycle}, {"begin_ticks", roi_.begin_ticks}};
  }
  nlohmann::json snaps = nlohmann::json::array();
  for (const auto& [label, values] : stats_.snapshots()) {
    nlohmann::json s;
    for (const auto& [k, v] : values)
      s[k] = std::holds_alternative<uint64_t>(v) ? nlohmann::json(std::get<uint64_t>(v)) : nlohmann::json(std::get<double>(v));
    snaps.push_back({{"label", label}, {"values", s}});
  }
  j["snapshots"] = snaps;
  for (const auto& [name, f] : result_sections_) j[name] = f();
  // Console bytes are the guest's data: bytes that are not UTF-8 (which JSON requires) are
  // kept as the text \xHH and counted.
  size_t escaped = 0;
  j["console"] = utf8::escape_invalid(console_, &escaped);
  if (escaped) j["console_escaped_bytes"] = escaped;
  nlohmann::json dropped = nlohmann::json::object();
  if (console_dropped_) dropped["console_bytes"] = console_dropped_;
  if (stats_.snapshots_dropped()) dropped["snapshots"] = stats_.snapshots_dropped();
  if (!dropped.empty()) j["dropped"] = dropped;
  if (const std::vector<std::string> w = warnings(); !w.empty()) j["warnings"] = w;
  return j;
}

std::vector<std::string> Platform::warnings() const {
  std::vector<std::string> w;
  auto times = [](uint64_t n) { return n == 1 ? std::string("once") : std::to_string(n) + " times"; };
  if (roi_.begun && !roi_.ended)
    w.push_back("the region of interest begun at cycle " + std::to_string(roi_.begin_cycle) +
                " was never ended (no ROI_END): the results have no 'roi'");
  if (roi_.replaced)
    w.push_back("ROI_BEGIN after a completed region of interest replaced it " + times(roi_.replaced) +
                ": the results hold the last one only");
  if (roi_.ends_again)
    w.push_back("ROI_END came again after the region of interest had ended (" + times(roi_.ends_again) +
                "): the last one ends it");
  if (roi_.ends_without_begin) w.push_back("ROI_END without ROI_BEGIN ignored " + times(roi_.ends_without_begin));
  if (roi_.rounds_overflow)
    w.push_back("the ROI's round count overflowed 64 bits (saturated): no per-round figures");
  if (roi_.syscalls_overflow)
    w.push_back("the ROI's requested-syscall count overflowed 64 bits (saturated): no trap frequency");
  if (!echo_error_.empty())
    w.push_back("the console echo on stdout failed (" + echo_error_ + "); the rest of the console was not echoed");
  if (console_dropped_)
    w.push_back(std::to_string(console_dropped_) + " bytes of console output beyond results.console_bytes = " +
                std::to_string(pp_.console_keep_bytes) + " were not kept in the results");
  if (stats_.snapshots_dropped())
    w.push_back(std::to_string(stats_.snapshots_dropped()) + " snapshots beyond results.snapshots = " +
                std::to_string(pp_.snapshots_keep) + " were not kept in the results");
  return w;
}

}  // namespace uintrsim
