// Formatting helpers and ring layout shared by the timeline writer's files (timeline.cpp,
// timeline_async.cpp, timeline_output.cpp). Internal to sim/trace.
#pragma once
#include <cinttypes>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <string>

#include "sim/isa/encoding.h"
#include "sim/trace/timeline.h"
#include "workloads/include/uintrsim/abi.h"
#include "workloads/include/uintrsim/devices.h"

namespace uintrsim::trace::detail {


constexpr uint64_t kInterrupt = 1ull << 63;

inline std::string q(const std::string& s) {
  std::string o;
  o.reserve(s.size() + 2);
  o += '"';
  for (unsigned char c : s) {
    if (c == '"' || c == '\\') { o += '\\'; o += char(c); }
    else if (c < 0x20) {
      char b[8];
      std::snprintf(b, sizeof b, "\\u%04x", c);
      o += b;
    } else o += char(c);
  }
  o += '"';
  return o;
}

// Microseconds (the format's unit) with the nanosecond as the last digit.
inline std::string us(uint64_t ns) {
  char b[32];
  std::snprintf(b, sizeof b, "%" PRIu64 ".%03" PRIu64, ns / 1000, ns % 1000);
  return b;
}

inline std::string num(uint64_t v) { return std::to_string(v); }

inline std::string hex(uint64_t v) {
  char b[24];
  std::snprintf(b, sizeof b, "0x%" PRIx64, v);
  return b;
}

inline const char* state_name(HartState s) {
  switch (s) {
    case HartState::kUser: return "U";
    case HartState::kSupervisor: return "S";
    case HartState::kMachine: return "M";
    case HartState::kIdle: return "idle";
  }
  return "?";
}

inline std::string cause_name(uint64_t cause) {
  static const char* exc[16] = {"insn_misaligned", "insn_access_fault", "illegal_insn", "breakpoint",
                                "load_misaligned", "load_access_fault", "store_misaligned", "store_access_fault",
                                "ecall_u", "ecall_s", "exception10", "ecall_m", "insn_page_fault",
                                "load_page_fault", "exception14", "store_page_fault"};
  static const char* irq[16] = {"usi", "ssi", "irq2", "msi", "uti", "sti", "irq6", "mti",
                                "uei", "sei", "irq10", "mei", "irq12", "irq13", "irq14", "irq15"};
  const unsigned c = unsigned(cause & 63);
  if (c >= 16) return (cause & kInterrupt ? "irq" : "exception") + std::to_string(c);
  return cause & kInterrupt ? irq[c] : exc[c];
}

inline const char* trap_kind(uint64_t cause) {
  if (cause & kInterrupt) return "interrupt";
  return cause == 8 ? "syscall" : "fault";
}

inline const char* async_label_name(uint32_t l) {
  switch (l) {
    case AsyncPutChar: return "PutChar";
    case AsyncPutString: return "PutString";
    case AsyncPageGetAddress: return "PageGetAddress";
    case AsyncUntypedRetype: return "UntypedRetype";
    case AsyncTCBBindNotification: return "TCBBindNotification";
    case AsyncTCBUnbindNotification: return "TCBUnbindNotification";
    case AsyncPageTableMap: return "PageTableMap";
    case AsyncPageTableUnmap: return "PageTableUnmap";
    case AsyncPageMap: return "PageMap";
    case AsyncPageUnmap: return "PageUnmap";
    default: return "unknown";
  }
}

// Ring layout (abi.h): both ring kinds have a 32-byte header before the items.
constexpr uint64_t kReqRing = offsetof(NewBuffer, req), kResRing = offsetof(NewBuffer, res);
constexpr uint64_t kItems = offsetof(AsyncRing, items);
static_assert(offsetof(AsyncMutexRing, items) == offsetof(AsyncRing, items), "both rings: items after 32 bytes");
constexpr unsigned kMaxListed = 32;  // cids listed in a slice's args


}  // namespace uintrsim::trace::detail

namespace uintrsim::trace {

// --- per-hart and per-client state ------------------------------------------------------------

struct Timeline::HartTrack {
  HartState state = HartState::kMachine;
  uint64_t since = 0;
  bool have_cause = false;
  uint64_t cause = 0, epc = 0;  // the trap that led into `state`
  std::string state_args;
  // a user trap at utvec, until its uret
  bool uh_open = false, uh_entry_valid = false;
  uint64_t uh_begin = 0, uh_cause = 0;
  bool uh_child_set = false;  // a uipi.send nested in the handler began at uh_child
  uint64_t uh_child = 0;
  unsigned uh_entry = 0;
  std::vector<PendingSend> uh_sends;  // the SENDs this trap delivered
  // uipi.send in progress
  bool send_open = false;
  uint64_t send_begin = 0, send_index = 0;
  std::vector<std::pair<unsigned, uint64_t>> send_flows;  // (UINTC entry, flow id) of its SENDs
  // kernel entry in progress
  bool k_open = false;
  uint64_t k_begin = 0, k_tcb = 0, k_cause = 0;
  std::string k_thread, k_args;
  // kernel coroutine activation in progress
  bool co_open = false;
  uint64_t co_begin = 0, co_tcb = 0;
  uint64_t co_last = 0;  // cycle of the activation's last item (its begin before the first)
  bool window_named = false;  // the offline-window track has its name
  unsigned co_batch = 0, co_dropped = 0, co_listed = 0;
  std::map<std::string, unsigned> co_labels;
  std::string co_cids;
  // the kernel's own SEND
  bool ks_open = false;
  uint64_t ks_begin = 0;
  unsigned ks_entry = 0;
  std::vector<std::pair<unsigned, uint64_t>> ks_flows;
  // the user thread on this hart
  uint64_t run_tcb = 0, run_since = 0;
  std::string run_name;
};

struct Timeline::Client {
  uint64_t tcb = 0;
  std::string name;
  std::vector<uint64_t> pages;
  bool mutex = false;
  Track ring_track;
  bool have_obs = false;
  uint64_t req_end = 0, res_start = 0, last_obs_ns = 0;
  int64_t req_occ = -1, res_occ = -1;
  struct Request {
    FlowPoint submit, drain;
    uint64_t pushed_ns = 0;  // when the coroutine pushed its result
    uint32_t cid = 0, label = 0;
  };
  std::map<uint64_t, FlowPoint> submitted;  // request ring index -> where its push was observed
  std::map<uint64_t, uint64_t> await_submit;  // popped before observed: req index -> result index
  std::map<uint64_t, Request> results;        // result ring index -> its request
};


}  // namespace uintrsim::trace
