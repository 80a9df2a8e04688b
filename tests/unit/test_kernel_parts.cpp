// Unit tests of the kernel model's parts through its port alone (tests/unit/kernel_rig.h):
// boot, CSpace, VSpace, the scheduler, IPC transfer and TLB shootdowns, each checked
// against seL4's documented behaviour (error codes, message layout, scheduling rule).
#include <catch2/catch.hpp>

#include <set>
#include <variant>

#include "sim/stats/stats_registry.h"
#include "tests/unit/kernel_rig.h"

using namespace uintrsim;
using namespace uintrsim::test;
using State = RecordingPort::State;

TEST_CASE("kernel boot: the root task starts at its entry in its own Sv39 VSpace with BootInfo in a0",
          "[kernel]") {
  KernelRig r;
  RecordingPort& p = r.port(0);
  CHECK(p.state == State::kUser);
  CHECK(p.user_pc == KernelRig::kEntry);
  CHECK((p.csr[rv::csr::satp] >> UINTRSIM_SATP_MODE_SHIFT) == 8);  // Sv39
  // The image page is a user-executable leaf holding the segment's bytes.
  const sv39::WalkResult w = r.walk(KernelRig::kEntry);
  REQUIRE(w.leaf());
  CHECK((w.pte & UINTRSIM_PTE_U));
  CHECK((w.pte & UINTRSIM_PTE_X));
  CHECK_FALSE((w.pte & UINTRSIM_PTE_W));
  CHECK(r.ram[w.pa(KernelRig::kEntry) + 4 - KernelRig::kRamBase] == 0xde);
  // BootInfo: untyped memory after the image caps, then the empty slots up to the CNode's size.
  CHECK(r.bootinfo.untyped.end > r.bootinfo.untyped.start);
  CHECK(r.bootinfo.userImageFrames.end - r.bootinfo.userImageFrames.start == 1);
  CHECK(r.bootinfo.empty.start == r.bootinfo.untyped.end);
  CHECK(r.bootinfo.empty.end == (1u << r.bootinfo.initThreadCNodeSizeBits));
}

TEST_CASE("kernel CSpace: retype into an empty slot only, mint a badge once, depth and lookup errors",
          "[kernel]") {
  KernelRig r;
  const uint64_t ep = r.free_slot(0), badged = r.free_slot(1), other = r.free_slot(2);
  CHECK(r.retype(seL4_EndpointObject, ep) == seL4_NoError);
  CHECK(r.retype(seL4_EndpointObject, ep) == seL4_DeleteFirst);  // the slot is taken
  // Mint: dest index/depth, src index/depth, rights, badge (root CNode as both roots).
  CHECK(r.call(seL4_CapInitThreadCNode, CNodeMint, {badged, 64, ep, 64, seL4_AllRights_word, 5},
               {seL4_CapInitThreadCNode}) == seL4_NoError);
  // A badged capability cannot be badged again.
  CHECK(r.call(seL4_CapInitThreadCNode, CNodeMint, {other, 64, badged, 64, seL4_AllRights_word, 6},
               {seL4_CapInitThreadCNode}) == seL4_IllegalOperation);
  // Depth beyond 64 bits is a range error; a depth that does not match the guard is a failed lookup.
  CHECK(r.call(seL4_CapInitThreadCNode, CNodeCopy, {other, 65, ep, 64, seL4_AllRights_word},
               {seL4_CapInitThreadCNode}) == seL4_RangeError);
  CHECK(r.call(seL4_CapInitThreadCNode, CNodeCopy, {other, 64, ep, 63, seL4_AllRights_word},
               {seL4_CapInitThreadCNode}) == seL4_FailedLookup);
  // Delete empties the slot: the retype succeeds again.
  CHECK(r.call(seL4_CapInitThreadCNode, CNodeDelete, {ep, 64}) == seL4_NoError);
  CHECK(r.retype(seL4_EndpointObject, ep) == seL4_NoError);
}

TEST_CASE("kernel VSpace: PageMap writes a user leaf for the frame, PageUnmap clears it and fences",
          "[kernel]") {
  KernelRig r;
  const uint64_t frame = r.free_slot(0), va = KernelRig::kEntry + 0x10000;  // same page table as the image
  REQUIRE(r.retype(seL4_RISCV_4K_Page, frame) == seL4_NoError);
  REQUIRE(r.call(frame, RISCVPageGetAddress) == seL4_NoError);
  const uint64_t frame_pa = r.port(0).regs[kernel::kA2];
  CHECK(frame_pa >= KernelRig::kRamBase);
  CHECK(r.call(frame, RISCVPageMap, {va, seL4_AllRights_word, 0}, {seL4_CapInitThreadVSpace}) == seL4_NoError);
  sv39::WalkResult w = r.walk(va);
  REQUIRE(w.leaf());
  CHECK(w.pa(va) == frame_pa);
  CHECK((w.pte & (UINTRSIM_PTE_R | UINTRSIM_PTE_W | UINTRSIM_PTE_U)) == (UINTRSIM_PTE_R | UINTRSIM_PTE_W | UINTRSIM_PTE_U));
  // Where no page table exists the map fails with a lookup error.
  const uint64_t frame2 = r.free_slot(1);
  REQUIRE(r.retype(seL4_RISCV_4K_Page, frame2) == seL4_NoError);
  CHECK(r.call(frame2, RISCVPageMap, {0x40000000, seL4_AllRights_word, 0}, {seL4_CapInitThreadVSpace}) ==
        seL4_FailedLookup);
  const unsigned fences = r.port(0).tlb_flushes;
  CHECK(r.call(frame, RISCVPageUnmap) == seL4_NoError);
  w = r.walk(va);
  CHECK_FALSE(w.leaf());
  CHECK(r.port(0).tlb_flushes == fences + 1);
  CHECK(r.port(0).shootdowns.empty());  // no other hart
}

namespace {
// A second thread in the root task's CSpace and VSpace, at priority `prio`, resumed at `pc`.
uint64_t make_thread(KernelRig& r, unsigned slot_index, uint64_t prio, uint64_t pc) {
  const uint64_t tcb = r.free_slot(slot_index);
  REQUIRE(r.retype(seL4_TCBObject, tcb) == seL4_NoError);
  REQUIRE(r.call(tcb, TCBConfigure, {0, 0, 0, 0}, {seL4_CapInitThreadCNode, seL4_CapInitThreadVSpace, 0}) ==
          seL4_NoError);
  REQUIRE(r.call(tcb, TCBSetPriority, {prio}, {seL4_CapInitThreadTCB}) == seL4_NoError);
  REQUIRE(r.call(tcb, TCBWriteRegisters, {1, 1, pc}) == seL4_NoError);  // resume, pc only
  return tcb;
}
}  // namespace

TEST_CASE("kernel scheduler: the highest-priority runnable thread runs, the root keeps the core "
          "against lower priority",
          "[kernel]") {
  KernelRig r;
  const uint64_t root_pc = r.port(0).user_pc;
  make_thread(r, 0, 200, 0x5000);
  // The root (priority 255) keeps running after resuming a lower-priority thread.
  CHECK(r.port(0).user_pc == root_pc + 4 * 4);  // four calls, each returns after its ecall
  // Lowering its own priority below the thread's hands the core over.
  CHECK(r.call(seL4_CapInitThreadTCB, TCBSetPriority, {100}, {seL4_CapInitThreadTCB}) == seL4_NoError);
  CHECK(r.port(0).user_pc == 0x5000);
  // That thread yields with nothing else at its priority: it keeps the core.
  r.syscall(0, seL4_SysYield, 0, 0);
  CHECK(r.port(0).user_pc == 0x5004);
}

TEST_CASE("kernel IPC: a Send to a waiting receiver delivers the badge, label and message registers",
          "[kernel]") {
  KernelRig r;
  const uint64_t ep = r.free_slot(10), badged = r.free_slot(11);
  REQUIRE(r.retype(seL4_EndpointObject, ep) == seL4_NoError);
  REQUIRE(r.call(seL4_CapInitThreadCNode, CNodeMint, {badged, 64, ep, 64, seL4_AllRights_word, 0x77},
                 {seL4_CapInitThreadCNode}) == seL4_NoError);
  make_thread(r, 0, 200, 0x5000);
  REQUIRE(r.call(seL4_CapInitThreadTCB, TCBSetPriority, {100}, {seL4_CapInitThreadTCB}) == seL4_NoError);
  REQUIRE(r.port(0).user_pc == 0x5000);
  // The receiver waits on the endpoint: it blocks and the root runs again.
  r.syscall(0, seL4_SysRecv, ep, 0);
  REQUIRE(r.port(0).user_pc != 0x5004);
  // The root sends through the badged copy: label 0x42, six message registers (two in the
  // IPC buffer); the receiver, of higher priority, runs at once with the message.
  r.syscall(0, seL4_SysSend, badged, 0x42, {11, 22, 33, 44, 55, 66});
  RecordingPort& p = r.port(0);
  REQUIRE(p.user_pc == 0x5004);
  CHECK(p.regs[kernel::kA0] == 0x77);
  const seL4_MessageInfo_t info{{p.regs[kernel::kA1]}};
  CHECK(seL4_MessageInfo_get_label(info) == 0x42);
  // Without an IPC buffer the receiver gets the register part of the message only.
  CHECK(seL4_MessageInfo_get_length(info) == seL4_FastMessageRegisters);
  CHECK(p.regs[kernel::kA2] == 11);
  CHECK(p.regs[kernel::kA2 + 3] == 44);
}

TEST_CASE("kernel TLB shootdown (kernel.tlb.policy = active_harts): an unmap sends one IPI to each other "
          "hart with an address space loaded, carrying the remote handler cost",
          "[kernel]") {
  KernelParams params;
  params.tlb_policy = TlbPolicy::kActiveHarts;
  params.cost.tlb_shootdown = 400;
  params.cost.tlb_shootdown_remote = 300;
  KernelRig r(2, params);
  const uint64_t frame = r.free_slot(0), va = KernelRig::kEntry + 0x10000;
  REQUIRE(r.retype(seL4_RISCV_4K_Page, frame) == seL4_NoError);
  REQUIRE(r.call(frame, RISCVPageMap, {va, seL4_AllRights_word, 0}, {seL4_CapInitThreadVSpace}) == seL4_NoError);
  // Hart 1 has never run user code: nothing to shoot down.
  REQUIRE(r.call(frame, RISCVPageUnmap) == seL4_NoError);
  CHECK(r.port(0).shootdowns.empty());
  CHECK(r.k->vspace().tlb_shootdowns() == 0);
  // A thread moved to hart 1: the root's kernel wakes hart 1 by IPI; hart 1 takes it and runs it.
  const uint64_t tcb = make_thread(r, 1, 200, 0x5000);
  r.port(0).ipis_sent.clear();
  REQUIRE(r.call(tcb, TCBSetAffinity, {1}) == seL4_NoError);
  REQUIRE(r.port(0).ipis_sent == std::vector<unsigned>{1});
  r.k->on_supervisor_trap(r.port(1), rv::kInterruptBit | rv::kSSI, 0, 0);
  REQUIRE(r.port(1).state == State::kUser);
  CHECK(r.port(1).user_pc == 0x5000);
  // Now an unmap on hart 0 shoots down hart 1, and costs the initiator its IPI.
  REQUIRE(r.call(frame, RISCVPageMap, {va, seL4_AllRights_word, 0}, {seL4_CapInitThreadVSpace}) == seL4_NoError);
  const uint64_t before = r.port(0).cycles;
  REQUIRE(r.call(frame, RISCVPageUnmap) == seL4_NoError);
  CHECK(r.port(0).shootdowns == std::vector<std::pair<unsigned, uint64_t>>{{1, 300}});
  CHECK(r.k->vspace().tlb_shootdowns() == 1);
  CHECK(r.port(0).cycles - before >= 400);
  CHECK(r.port(1).shootdowns.empty());
}

TEST_CASE("kernel TLB maintenance (kernel.tlb.policy = sbi_broadcast, ReL4): every map and unmap fences "
          "locally and sends an SBI remote fence to every other hart, idle ones included",
          "[kernel]") {
  KernelParams params;  // the default policy
  REQUIRE(params.tlb_policy == TlbPolicy::kSbiBroadcast);
  params.cost.sbi_remote_fence = 1000;
  params.cost.sbi_remote_fence_per_hart = 300;
  params.cost.sbi_remote_fence_remote = 150;
  params.cost.tlb_shootdown = 1000000;  // the other policy's cost: never charged here
  KernelRig r(3, params);
  const uint64_t frame = r.free_slot(0), va = KernelRig::kEntry + 0x10000;
  REQUIRE(r.retype(seL4_RISCV_4K_Page, frame) == seL4_NoError);
  // A first map (no stale entry anywhere) still fences: hart 0 locally, harts 1 and 2 (which
  // never ran user code) by the firmware, each with the target's M-mode handler cost.
  unsigned fences = r.port(0).tlb_flushes;
  uint64_t before = r.port(0).cycles;
  REQUIRE(r.call(frame, RISCVPageMap, {va, seL4_AllRights_word, 0}, {seL4_CapInitThreadVSpace}) == seL4_NoError);
  CHECK(r.port(0).tlb_flushes == fences + 1);
  CHECK(r.port(0).shootdowns == std::vector<std::pair<unsigned, uint64_t>>{{1, 150}, {2, 150}});
  const uint64_t map_cycles = r.port(0).cycles - before;
  CHECK(map_cycles >= 1000 + 2 * 300);
  CHECK(map_cycles < 1000000);
  CHECK(r.k->vspace().tlb_shootdowns() == 2);
  CHECK(r.k->vspace().tlb_local_fences() == 1);
  // The unmap does the same.
  r.port(0).shootdowns.clear();
  REQUIRE(r.call(frame, RISCVPageUnmap) == seL4_NoError);
  CHECK(r.port(0).shootdowns == std::vector<std::pair<unsigned, uint64_t>>{{1, 150}, {2, 150}});
  CHECK(r.k->vspace().tlb_shootdowns() == 4);
  CHECK(r.k->vspace().tlb_local_fences() == 2);
  // On one hart the local fence is all: no SBI call, no cost of one.
  KernelParams one = params;
  one.cost.sbi_remote_fence = 1000000;
  KernelRig r1(1, one);
  REQUIRE(r1.retype(seL4_RISCV_4K_Page, frame) == seL4_NoError);
  fences = r1.port(0).tlb_flushes;
  before = r1.port(0).cycles;
  REQUIRE(r1.call(frame, RISCVPageMap, {va, seL4_AllRights_word, 0}, {seL4_CapInitThreadVSpace}) == seL4_NoError);
  CHECK(r1.port(0).tlb_flushes == fences + 1);
  CHECK(r1.port(0).cycles - before < 1000000);
  CHECK(r1.port(0).shootdowns.empty());
  CHECK(r1.k->vspace().tlb_local_fences() == 1);
}

TEST_CASE("kernel invocation table: one entry per (object type, label), unique names, known paths", "[kernel]") {
  std::set<std::pair<int, uint64_t>> keys;
  std::set<std::string> names;
  for (const kernel::InvocationInfo& e : kernel::invocation_table()) {
    CHECK(keys.insert({int(e.cap), e.label}).second);
    CHECK(names.insert(e.name).second);
    CHECK(e.path != kernel::Path::kOther);
    CHECK(e.handler != nullptr);
    CHECK(e.cost != nullptr);
    CHECK(kernel::find_invocation(e.cap, e.label) == &e);
  }
  CHECK(kernel::find_invocation(kernel::CapType::kCNode, CNodeRotate) == nullptr);  // not implemented
  CHECK(kernel::find_invocation(kernel::CapType::kUntyped, CNodeCopy) == nullptr);   // wrong object type
}

TEST_CASE("kernel invocations: dispatch from the table, counted by name, an unknown label costs nothing of the object's",
          "[kernel]") {
  KernelParams params;
  params.cost.retype_base = 1000000;  // unmistakable if charged
  KernelRig r(1, params);
  StatsRegistry st;
  r.k->register_stats(st);
  auto counter = [&](const std::string& key) { return std::get<uint64_t>(st.read_all().at(key)); };
  REQUIRE(counter("kernel.invocations.untyped.retype") == 0);
  uint64_t before = r.port(0).cycles;
  REQUIRE(r.retype(seL4_EndpointObject, r.free_slot(0)) == seL4_NoError);
  CHECK(r.port(0).cycles - before >= 1000000);
  CHECK(counter("kernel.invocations.untyped.retype") == 1);
  CHECK(counter("kernel.path.untyped_retype.count") == 1);
  // A CNode label on an untyped capability: IllegalOperation, not retype's cost or path.
  before = r.port(0).cycles;
  CHECK(r.call(r.bootinfo.untyped.start, CNodeCopy, {0, 0, 0, 0, 0}) == seL4_IllegalOperation);
  CHECK(r.port(0).cycles - before < 1000000);
  CHECK(counter("kernel.invocations.untyped.retype") == 1);
  CHECK(counter("kernel.path.untyped_retype.count") == 1);
  CHECK(counter("kernel.path.syscall.call.count") >= 1);
}
