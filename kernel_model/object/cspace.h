// Capability spaces: CPtr resolution with guards (seL4 resolveAddressBits), the capability
// derivation tree (insert, delete, revoke, finalise) and the CNode invocations.
#pragma once
#include "kernel_model/api/invocation.h"
#include "kernel_model/kernel/part.h"

namespace uintrsim::kernel {

class CSpace : public Part {
 public:
  using Part::Part;
  // Resolves `depth` bits of `cptr` from the thread's CSpace root (or `root`): the slot, or
  // nullptr on a lookup failure (bad guard, depth mismatch, not a CNode).
  Slot* lookup_slot(Tcb* t, uint64_t cptr, unsigned depth, const Cap* root = nullptr);
  // Extra capability `i` of the message (its CPtr in the IPC buffer), looked up in t's CSpace.
  Slot* extra_cap(KernelPort& h, Tcb* t, unsigned i, seL4_MessageInfo_t info);
  void insert_cap(Slot* dst, const Cap& c, Slot* parent);
  // Empties the slot; the object goes with its last capability. With a hart, unmapping
  // shoots down the TLBs from it.
  void delete_slot(KernelPort* h, Slot* s);
  void revoke(KernelPort* h, Slot* s);
  // Copy, Mint, Move, Mutate, Delete, Revoke.
  void invoke_cnode(const Invocation& inv);

 private:
  void finalise(KernelPort* h, const Cap& c);
};

}  // namespace uintrsim::kernel
