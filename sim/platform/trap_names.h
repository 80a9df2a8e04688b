// Names of trap causes and privilege levels for the platform's reports and statistics.
#pragma once
#include <cstdint>
#include <cstdio>
#include <string>

#include "sim/isa/encoding.h"

namespace uintrsim::trap_names {

inline const char* exception_name(unsigned c) {
  static const char* names[16] = {"insn_misaligned", "insn_access_fault", "illegal_insn", "breakpoint",
                                  "load_misaligned", "load_access_fault", "store_misaligned",
                                  "store_access_fault", "ecall_u", "ecall_s", "reserved10", "ecall_m",
                                  "insn_page_fault", "load_page_fault", "reserved14", "store_page_fault"};
  return names[c & 15];
}
inline const char* interrupt_name(unsigned c) {
  static const char* names[16] = {"usi", "ssi", "reserved2", "msi", "uti", "sti", "reserved6", "mti",
                                  "uei", "sei", "reserved10", "mei", "r12", "r13", "r14", "r15"};
  return names[c & 15];
}
inline const char* priv_name(rv::Priv p) { return p == rv::Priv::M ? "M" : p == rv::Priv::S ? "S" : "U"; }

inline std::string hex(uint64_t v) {
  char b[24];
  std::snprintf(b, sizeof b, "0x%llx", static_cast<unsigned long long>(v));
  return b;
}

// "2 (illegal_insn)", "7 (mti interrupt)", "none".
inline std::string describe_cause(uint64_t cause) {
  if (cause == ~0ull) return "none";
  const bool irq = cause >> 63;
  return std::to_string(cause & 63) + " (" + (irq ? interrupt_name(cause & 15) : exception_name(cause & 15)) +
         (irq ? " interrupt)" : ")");
}

}  // namespace uintrsim::trap_names
