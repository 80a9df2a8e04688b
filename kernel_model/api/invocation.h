// Invocations of kernel objects (seL4 decodeInvocation): one table names every invocation the
// kernel model implements -- the capability type and label that select it, its name
// (kernel.invocations.<name>), the kernel path it is accounted to (kernel.path.<path>.*),
// the part's handler and the named cost charged before the handler runs. Dispatch, names and
// statistics all come from this table (api/invocation_table.cpp).
#pragma once
#include <cstdint>
#include <vector>

#include "kernel_model/api/paths.h"
#include "kernel_model/kernel_params.h"
#include "kernel_model/kernel_port.h"
#include "kernel_model/objects.h"

namespace uintrsim::kernel {

class Kernel;

// One invocation in progress: the invoking thread, the invoked capability's slot and the
// message info (label, length, extra caps).
struct Invocation {
  KernelPort& h;
  Tcb* t;
  Slot* s;
  seL4_MessageInfo_t info;
  uint64_t label() const { return seL4_MessageInfo_get_label(info); }
  uint64_t length() const { return seL4_MessageInfo_get_length(info); }
  uint64_t extra_caps() const { return seL4_MessageInfo_get_extraCaps(info); }
};

struct InvocationInfo {
  CapType cap;
  uint64_t label;                           // abi.h invocation label
  const char* name;                         // kernel.invocations.<name>
  Path path;                                // kernel.path.<path>.*
  void (*handler)(Kernel&, const Invocation&);
  uint64_t KernelCosts::*cost;              // charged before the handler
};

const std::vector<InvocationInfo>& invocation_table();
// The table entry for `label` on a capability of type `cap` (nullptr: no such invocation).
const InvocationInfo* find_invocation(CapType cap, uint64_t label);

// Replies to a kernel invocation (seL4's error or success message in a0/a1/MRs).
void reply_error(Tcb* t, seL4_Error e, std::initializer_list<uint64_t> detail = {});
void reply_ok(Tcb* t, std::initializer_list<uint64_t> mrs = {});

}  // namespace uintrsim::kernel
