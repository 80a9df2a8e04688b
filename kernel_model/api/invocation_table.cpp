// The invocation table (api/invocation.h): every object invocation the kernel model
// implements, in seL4's label order per object type. A label not listed for a capability type
// is an illegal operation, rejected before any object cost is charged.
#include "kernel_model/api/invocation.h"

#include "kernel_model/kernel.h"

namespace uintrsim::kernel {

namespace {
using C = KernelCosts;
// Handlers: the part that owns the object type does the work.
void retype(Kernel& k, const Invocation& i) { k.untyped().retype(i); }
void tcb(Kernel& k, const Invocation& i) { k.threads().invoke(i); }
void cnode(Kernel& k, const Invocation& i) { k.cspace().invoke_cnode(i); }
void page_map(Kernel& k, const Invocation& i) { k.vspace().page_map(i); }
void page_unmap(Kernel& k, const Invocation& i) { k.vspace().page_unmap(i); }
void page_get_address(Kernel& k, const Invocation& i) { k.vspace().page_get_address(i); }
void page_table_map(Kernel& k, const Invocation& i) { k.vspace().page_table_map(i); }
void page_table_unmap(Kernel& k, const Invocation& i) { k.vspace().page_table_unmap(i); }
void asid_pool_assign(Kernel& k, const Invocation& i) { k.vspace().asid_pool_assign(i); }
void uintr_register(Kernel& k, const Invocation& i) { k.notifications().invoke_uintr(i); }
}  // namespace

const std::vector<InvocationInfo>& invocation_table() {
  static const std::vector<InvocationInfo> kTable = {
      {CapType::kUntyped, UntypedRetype, "untyped.retype", Path::kUntypedRetype, retype, &C::retype_base},
      {CapType::kThread, TCBReadRegisters, "tcb.read_registers", Path::kTcb, tcb, &C::tcb_op},
      {CapType::kThread, TCBWriteRegisters, "tcb.write_registers", Path::kTcb, tcb, &C::tcb_op},
      {CapType::kThread, TCBConfigure, "tcb.configure", Path::kTcb, tcb, &C::tcb_op},
      {CapType::kThread, TCBSetPriority, "tcb.set_priority", Path::kTcb, tcb, &C::tcb_op},
      {CapType::kThread, TCBSetMCPriority, "tcb.set_mc_priority", Path::kTcb, tcb, &C::tcb_op},
      {CapType::kThread, TCBSetIPCBuffer, "tcb.set_ipc_buffer", Path::kTcb, tcb, &C::tcb_op},
      {CapType::kThread, TCBSuspend, "tcb.suspend", Path::kTcb, tcb, &C::tcb_op},
      {CapType::kThread, TCBResume, "tcb.resume", Path::kTcb, tcb, &C::tcb_op},
      {CapType::kThread, TCBBindNotification, "tcb.bind_notification", Path::kTcb, tcb, &C::tcb_op},
      {CapType::kThread, TCBUnbindNotification, "tcb.unbind_notification", Path::kTcb, tcb, &C::tcb_op},
      {CapType::kThread, TCBSetAffinity, "tcb.set_affinity", Path::kTcb, tcb, &C::tcb_op},
      {CapType::kCNode, CNodeRevoke, "cnode.revoke", Path::kCNode, cnode, &C::cnode_op},
      {CapType::kCNode, CNodeDelete, "cnode.delete", Path::kCNode, cnode, &C::cnode_op},
      {CapType::kCNode, CNodeCopy, "cnode.copy", Path::kCNode, cnode, &C::cnode_op},
      {CapType::kCNode, CNodeMint, "cnode.mint", Path::kCNode, cnode, &C::cnode_op},
      {CapType::kCNode, CNodeMove, "cnode.move", Path::kCNode, cnode, &C::cnode_op},
      {CapType::kCNode, CNodeMutate, "cnode.mutate", Path::kCNode, cnode, &C::cnode_op},
      {CapType::kPageTable, RISCVPageTableMap, "page_table.map", Path::kPageTableMap, page_table_map,
       &C::page_table_map},
      {CapType::kPageTable, RISCVPageTableUnmap, "page_table.unmap", Path::kPageTableUnmap, page_table_unmap,
       &C::page_table_unmap},
      {CapType::kFrame, RISCVPageMap, "page.map", Path::kPageMap, page_map, &C::page_map},
      {CapType::kFrame, RISCVPageUnmap, "page.unmap", Path::kPageUnmap, page_unmap, &C::page_unmap},
      {CapType::kFrame, RISCVPageGetAddress, "page.get_address", Path::kPageGetAddress, page_get_address,
       &C::page_get_address},
      {CapType::kAsidPool, RISCVASIDPoolAssign, "asid_pool.assign", Path::kAsidAssign, asid_pool_assign,
       &C::asid_assign},
      {CapType::kNotification, UintrRegisterReceiver, "notification.uintr_register_receiver", Path::kUintrRegister,
       uintr_register, &C::uintr_register},
      {CapType::kNotification, UintrRegisterSender, "notification.uintr_register_sender", Path::kUintrRegister,
       uintr_register, &C::uintr_register},
      {CapType::kNotification, UintrRegisterAsyncSyscall, "notification.uintr_register_async_syscall",
       Path::kUintrRegister, uintr_register, &C::uintr_register},
  };
  return kTable;
}

const InvocationInfo* find_invocation(CapType cap, uint64_t label) {
  for (const InvocationInfo& e : invocation_table())
    if (e.cap == cap && e.label == label) return &e;
  return nullptr;
}

namespace {
// The reply of a kernel invocation: label (seL4_Error; 0 = success) and the first MRs.
void reply(Tcb* t, uint64_t label, std::initializer_list<uint64_t> mrs) {
  t->regs[kA0] = 0;
  t->regs[kA1] = seL4_MessageInfo_new(label, 0, 0, mrs.size()).words[0];
  unsigned i = 0;
  for (uint64_t d : mrs)
    if (i < seL4_FastMessageRegisters) t->regs[kA2 + i++] = d;
}
}  // namespace

void reply_error(Tcb* t, seL4_Error e, std::initializer_list<uint64_t> detail) { reply(t, e, detail); }
void reply_ok(Tcb* t, std::initializer_list<uint64_t> mrs) { reply(t, 0, mrs); }

}  // namespace uintrsim::kernel
