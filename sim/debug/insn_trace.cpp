#include "sim/debug/insn_trace.h"

#include <algorithm>
#include <cerrno>
#include <cinttypes>
#include <cstring>

#include "sim/config/config.h"
#include "sim/debug/csr_names.h"
#include "sim/hart/hart.h"
#include "sim/isa/decoder.h"

namespace uintrsim {

namespace {

uint64_t parse_number(const std::string& s, const std::string& what) {
  if (s.empty()) throw ConfigError(what + ": empty number");
  size_t used = 0;
  uint64_t v = 0;
  try {
    v = std::stoull(s, &used, 0);
  } catch (const std::exception&) {
    used = 0;
  }
  if (used != s.size() || s[0] == '-') throw ConfigError(what + ": '" + s + "' is not a number");
  return v;
}

// Spike's trap names (riscv/trap.h): "trap_<name>", and whether the trap has a tval line.
const char* exception_trap_name(unsigned cause, bool& has_tval) {
  static const char* const names[16] = {
      "trap_instruction_address_misaligned", "trap_instruction_access_fault", "trap_illegal_instruction",
      "trap_breakpoint", "trap_load_address_misaligned", "trap_load_access_fault",
      "trap_store_address_misaligned", "trap_store_access_fault", "trap_user_ecall",
      "trap_supervisor_ecall", "trap_virtual_supervisor_ecall", "trap_machine_ecall",
      "trap_instruction_page_fault", "trap_load_page_fault", nullptr, "trap_store_page_fault"};
  has_tval = !(cause >= 8 && cause <= 11);  // the ecalls carry no tval
  return cause < 16 ? names[cause] : nullptr;
}

// Line building without printf (the trace writes a line per instruction).
struct Line {
  char buf[320];
  char* p = buf;
  void str(const char* s) {
    while (*s) *p++ = *s++;
  }
  void hex(uint64_t v, int digits) {  // "0x" and exactly `digits` hex digits
    static const char kDigits[] = "0123456789abcdef";
    *p++ = '0';
    *p++ = 'x';
    for (int i = digits - 1; i >= 0; --i) *p++ = kDigits[(v >> (4 * i)) & 15];
  }
  void dec(unsigned v, int width) {  // right-aligned in `width`, as %*u
    char t[12];
    int n = 0;
    do t[n++] = char('0' + v % 10); while (v /= 10);
    for (int i = n; i < width; ++i) *p++ = ' ';
    while (n) *p++ = t[--n];
  }
  void core(unsigned hart) {  // "core%4u: "
    str("core");
    dec(hart, 4);
    str(": ");
  }
  size_t size() const { return size_t(p - buf); }
};

// The opcode fields of the (expanded) 32-bit encoding.
unsigned opcode(uint32_t raw) { return raw & 0x7f; }
unsigned funct3(uint32_t raw) { return (raw >> 12) & 7; }

bool writes_rd(uint32_t raw) {
  switch (opcode(raw)) {
    case 0x37: case 0x17: case 0x6f: case 0x67: case 0x03: case 0x13: case 0x1b: case 0x33:
    case 0x3b: case 0x2f:
      return true;
    case 0x73: return funct3(raw) != 0;               // CSR instructions
    case 0x7b: return funct3(raw) == 6 && (raw >> 25) == 1;  // uipi.read
    default: return false;
  }
}

}  // namespace

void InsnTraceOptions::parse_harts(const std::string& list) {
  harts.clear();
  size_t start = 0;
  while (start <= list.size()) {
    const size_t comma = list.find(',', start);
    const std::string item = list.substr(start, comma == std::string::npos ? std::string::npos : comma - start);
    harts.push_back(unsigned(parse_number(item, "--trace-insn-harts " + list)));
    if (comma == std::string::npos) break;
    start = comma + 1;
  }
}

void InsnTraceOptions::parse_pc_range(const std::string& range) {
  const size_t colon = range.find(':');
  if (colon == std::string::npos) throw ConfigError("--trace-insn-pc " + range + ": expected LO:HI");
  pc_lo = parse_number(range.substr(0, colon), "--trace-insn-pc " + range);
  pc_hi = parse_number(range.substr(colon + 1), "--trace-insn-pc " + range);
  if (pc_lo > pc_hi) throw ConfigError("--trace-insn-pc " + range + ": LO is above HI");
}

InsnTrace::InsnTrace(const InsnTraceOptions& o, unsigned harts) : opt_(o), enabled_(harts, o.harts.empty()), pending_(harts) {
  for (unsigned h : o.harts) {
    if (h >= harts)
      throw ConfigError("--trace-insn-harts: hart " + std::to_string(h) + " does not exist (platform.harts = " +
                        std::to_string(harts) + ")");
    enabled_[h] = true;
  }
  f_ = std::fopen(o.path.c_str(), "w");
  if (!f_) throw ConfigError("--trace-insn " + o.path + ": cannot open for writing: " + std::strerror(errno));
  buf_.resize(1 << 20);
  std::setvbuf(f_, buf_.data(), _IOFBF, buf_.size());
}

InsnTrace::~InsnTrace() {
  if (f_) std::fclose(f_);
}

bool InsnTrace::finish(std::string& error) {
  if (!f_) return true;
  const bool ok = std::fflush(f_) == 0 && !std::ferror(f_);
  const int e = errno;
  const bool closed = std::fclose(f_) == 0;
  f_ = nullptr;
  if (!ok || !closed) {
    error = "--trace-insn " + opt_.path + ": write failed: " + std::strerror(ok ? errno : e);
    return false;
  }
  return true;
}

void InsnTrace::before_exec(Hart& h, const DecodedInsn& d, uint64_t pc, uint64_t pa) {
  Pending& p = pending_[h.hartid()];
  p.active = traced(h.hartid(), pc);
  if (!p.active) return;
  p.priv = unsigned(h.privilege());
  p.len = d.len;
  p.bits = d.raw;  // the encoding as fetched (16 bits for a compressed instruction)
  p.rs1 = h.x[d.rs1];
  p.rs2 = h.x[d.rs2];
}

void InsnTrace::retired(Hart& h, const DecodedInsn& d, uint64_t pc) {
  Pending& p = pending_[h.hartid()];
  if (!p.active) return;
  p.active = false;
  Line l;
  l.core(h.hartid());
  *l.p++ = char('0' + p.priv);
  *l.p++ = ' ';
  l.hex(pc, 16);
  l.str(" (");
  l.hex(p.bits, p.len == 2 ? 4 : 8);
  *l.p++ = ')';
  // Register writes in Spike's order: by (number << 4 | kind), x registers kind 0, CSRs kind 4.
  struct Write {
    unsigned key;
    uint64_t value;
  };
  Write w[4];
  unsigned nw = 0;
  // The fields below are those of the 32-bit equivalent.
  const uint32_t raw = d.len == 2 ? expand_compressed(uint16_t(d.raw)) : d.raw;
  const unsigned rd = d.rd;
  if (rd && writes_rd(raw)) w[nw++] = {rd << 4, h.x[rd]};
  auto log_csr = [&](uint16_t a) {
    uint64_t v = 0;
    h.machine_csr_read(a, v);
    w[nw++] = {unsigned(a) << 4 | 4, v};
  };
  if (opcode(raw) == 0x73) {
    const unsigned f3 = funct3(raw);
    const uint16_t csr = raw >> 20;
    if (f3 != 0 && f3 != 4 && (f3 == 1 || f3 == 5 || ((raw >> 15) & 31) != 0)) {
      // Spike logs what a write changes (checked against Spike): sstatus/ustatus are views of
      // mstatus (mstatus alone is logged), sie/uie log themselves and mie, sip/uip log mip
      // (Spike also logs its AIA mvip, which this hart does not have).
      switch (csr) {
        case rv::csr::sstatus: case rv::csr::ustatus: log_csr(rv::csr::mstatus); break;
        case rv::csr::sie: case rv::csr::uie: log_csr(csr); log_csr(rv::csr::mie); break;
        case rv::csr::sip: case rv::csr::uip: log_csr(rv::csr::mip); break;
        default: log_csr(csr); break;
      }
    } else if (raw == 0x30200073 || raw == 0x10200073 || raw == 0x00200073) {  // mret, sret, uret
      log_csr(rv::csr::mstatus);
    }
  }
  for (unsigned i = 1; i < nw; ++i)  // at most three entries
    for (unsigned j = i; j > 0 && w[j].key < w[j - 1].key; --j) std::swap(w[j], w[j - 1]);
  for (unsigned i = 0; i < nw; ++i) {
    const unsigned num = w[i].key >> 4;
    if (w[i].key & 4) {  // " c%u_%s "
      l.str(" c");
      l.dec(num, 0);
      *l.p++ = '_';
      l.str(csr_name(uint16_t(num)).c_str());
      *l.p++ = ' ';
    } else {  // " x%-2u "
      l.str(" x");
      l.dec(num, 0);
      if (num < 10) *l.p++ = ' ';
      *l.p++ = ' ';
    }
    l.hex(w[i].value, 16);
  }
  // Memory: the loads' addresses, then the stores' addresses and values (virtual addresses).
  auto store = [&](uint64_t va, unsigned size, uint64_t v) {
    l.str(" mem ");
    l.hex(va, 16);
    *l.p++ = ' ';
    l.hex(v, int(2 * size));
  };
  auto load = [&](uint64_t va) {
    l.str(" mem ");
    l.hex(va, 16);
  };
  switch (opcode(raw)) {
    case 0x03: load(p.rs1 + uint64_t(d.imm)); break;
    case 0x23: store(p.rs1 + uint64_t(d.imm), 1u << (funct3(raw) & 3), p.rs2); break;
    case 0x2f: {
      const unsigned size = funct3(raw) == 3 ? 8 : 4;
      const unsigned f5 = raw >> 27;
      if (f5 == 0x02) {  // lr
        load(p.rs1);
      } else if (f5 == 0x03) {  // sc: a store if it succeeded
        if (rd == 0 || h.x[rd] == 0) store(p.rs1, size, p.rs2);
      } else {  // an AMO: the load, then the store of what it computed
        load(p.rs1);
        uint64_t v = 0;
        h.debug_read(p.rs1, &v, size);
        store(p.rs1, size, v);
      }
      break;
    }
    default: break;
  }
  *l.p++ = '\n';
  std::fwrite(l.buf, 1, l.size(), f_);
  ++lines_;
}

void InsnTrace::trap(Hart& h, uint64_t cause, uint64_t tval, uint64_t epc) {
  pending_[h.hartid()].active = false;  // the instruction in flight does not retire
  if (!traced(h.hartid(), epc)) return;
  char line[160];
  bool has_tval = false;
  int n;
  if (cause >> 63) {
    n = std::snprintf(line, sizeof line, "core%4u: exception interrupt #%u, epc 0x%016" PRIx64 "\n", h.hartid(),
                      unsigned(cause & 63), epc);
  } else {
    const char* name = exception_trap_name(unsigned(cause), has_tval);
    n = name ? std::snprintf(line, sizeof line, "core%4u: exception %s, epc 0x%016" PRIx64 "\n", h.hartid(), name, epc)
             : std::snprintf(line, sizeof line, "core%4u: exception trap #%u, epc 0x%016" PRIx64 "\n", h.hartid(),
                             unsigned(cause), epc);
  }
  if (has_tval)
    n += std::snprintf(line + n, sizeof line - n, "core%4u:           tval 0x%016" PRIx64 "\n", h.hartid(), tval);
  std::fwrite(line, 1, size_t(n), f_);
  lines_ += has_tval ? 2 : 1;
}

}  // namespace uintrsim
