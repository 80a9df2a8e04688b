// Boot (seL4's boot protocol for the root task): the root task's image is loaded into frames
// mapped in a fresh VSpace; it gets a CSpace with the initial capabilities, its IPC buffer
// and a BootInfo frame describing its image caps, the untyped memory and the empty slots.
#include "kernel_model/kernel/boot.h"

#include <cstdio>
#include <cstring>

#include "kernel_model/kernel.h"
#include "sim/config/config.h"

namespace uintrsim::kernel {

using namespace rv;

namespace {
constexpr uint64_t kUserTop = 1ull << (UINTRSIM_SV39_VA_BITS - 1);
constexpr uint64_t kRootAsid = 1;
constexpr uint64_t kPteR = UINTRSIM_PTE_R, kPteW = UINTRSIM_PTE_W, kPteX = UINTRSIM_PTE_X;

std::string hex(uint64_t v) {
  char b[24];
  std::snprintf(b, sizeof b, "0x%llx", static_cast<unsigned long long>(v));
  return b;
}
}  // namespace

uint64_t BootLoader::alloc(uint64_t bytes) {
  const uint64_t align = std::max<uint64_t>(bytes, 8);
  uint64_t a = 1;
  while (a < align) a <<= 1;
  next_ = (next_ + a - 1) & ~(a - 1);
  const uint64_t pa = next_;
  next_ += bytes;
  if (next_ > info_.ram_base + info_.ram_size)
    throw ElfError("kernel: RAM too small for the root task (platform.ram_size)");
  zero_memory(nullptr, pa, bytes);
  return pa;
}

void BootLoader::map(uint64_t root, uint64_t vaddr, uint64_t pa, uint64_t pte_bits,
                     std::vector<uint64_t>& new_tables) {
  for (int level = sv39::kRootLevel; level > 0; --level) {
    const sv39::WalkResult w = vspace().walk(root, vaddr, level);
    if (w.kind == sv39::PteKind::kPointer) continue;
    const uint64_t pt = alloc(4096);
    new_tables.push_back(pt);
    new_tables.push_back(vaddr & ~(UINTRSIM_SV39_PAGE_SIZE(level) - 1));
    vspace().write_pte(w.pte_pa, UINTRSIM_PTE_POINTER(pt));
  }
  const sv39::WalkResult leaf = vspace().walk(root, vaddr, 0);
  vspace().write_pte(leaf.pte_pa, UINTRSIM_PTE_MAKE(pa, UINTRSIM_PTE_V | UINTRSIM_PTE_U | UINTRSIM_PTE_A | UINTRSIM_PTE_D | pte_bits));
}

Tcb* BootLoader::create_root_task(const ElfFile& elf) {
  // Root CNode, VSpace, ASID pool, TCB.
  CNode* cn = &objects().add_cnode(alloc(uint64_t(1) << (p_.root_cnode_bits + seL4_SlotBits)), p_.root_cnode_bits);
  const uint64_t root_pt = alloc(4096);
  AsidPool& pool = objects().add_asid_pool(alloc(4096));
  pool.first_asid = 0;
  pool.vspace[kRootAsid] = root_pt;
  vspace().bind_asid(kRootAsid, root_pt);
  const uint64_t pool_pa = pool.pa;
  Tcb* t = &objects().add_tcb(alloc(1 << seL4_TCBBits));
  t->name = "rootserver";

  // The image, page by page (segments may share a page: permissions are OR-ed).
  std::map<uint64_t, std::pair<uint64_t, uint64_t>> pages;  // vaddr page -> (pa, pte bits)
  uint64_t image_end = 0;
  for (const auto& seg : elf.segments) {
    if (seg.memsz == 0) continue;
    if (seg.vaddr == 0 || seg.vaddr >= kUserTop || seg.memsz > kUserTop - seg.vaddr)
      throw ElfError(elf.path + ": root-task segment at virtual " + hex(seg.vaddr) +
                     " is outside the user address space [0x1000, 2^38)");
    const uint64_t bits = kPteR | (seg.writable ? kPteW : 0) | (seg.executable ? kPteX : 0);
    for (uint64_t va = seg.vaddr & ~0xfffull; va < seg.vaddr + seg.memsz; va += 4096) {
      auto& page = pages[va];
      if (!page.first) page.first = alloc(4096);
      page.second |= bits;
      // Copy the part of the file data that lies in this page.
      const uint64_t lo = std::max(va, seg.vaddr), hi = std::min(va + 4096, seg.vaddr + seg.data.size());
      if (hi > lo) mem().phys_write(page.first + (lo - va), seg.data.data() + (lo - seg.vaddr), unsigned(hi - lo));
    }
    image_end = std::max<uint64_t>(image_end, (seg.vaddr + seg.memsz + 0xfff) & ~0xfffull);
  }
  if (pages.empty()) throw ElfError(elf.path + ": root task has no loadable segment");
  std::vector<uint64_t> tables;  // (pa, vaddr) pairs
  std::vector<std::pair<uint64_t, uint64_t>> image_frames;  // (pa, vaddr)
  for (const auto& [va, page] : pages) {
    map(root_pt, va, page.first, page.second, tables);
    image_frames.push_back({page.first, va});
  }
  const uint64_t ipc_vaddr = image_end, bootinfo_vaddr = image_end + 4096;
  const uint64_t ipc_pa = alloc(4096), bootinfo_pa = alloc(4096);
  map(root_pt, ipc_vaddr, ipc_pa, kPteR | kPteW, tables);
  map(root_pt, bootinfo_vaddr, bootinfo_pa, kPteR, tables);

  // The root CNode holds the initial caps, a cap per page table and image frame, and at least
  // one untyped (the root task's memory); seL4 too refuses to boot without room for them.
  const uint64_t needed = seL4_NumInitialCaps + tables.size() / 2 + image_frames.size() + 1;
  if (needed > cn->slots.size()) {
    unsigned bits = cn->radix;
    while ((uint64_t(1) << bits) < needed) ++bits;
    throw ConfigError("kernel.root_cnode_bits = " + std::to_string(cn->radix) + ": the root CNode's " +
                      std::to_string(cn->slots.size()) + " slots cannot hold the root task's boot capabilities (" +
                      std::to_string(seL4_NumInitialCaps) + " initial, " + std::to_string(tables.size() / 2) +
                      " page tables, " + std::to_string(image_frames.size()) +
                      " image frames and at least one untyped: " + std::to_string(needed) +
                      "); kernel.root_cnode_bits must be at least " + std::to_string(bits) + " for this ELF");
  }

  // Initial capabilities (seL4_RootCNodeCapSlots).
  auto put = [&](unsigned slot, Cap c) {
    if (slot >= cn->slots.size()) throw std::logic_error("kernel boot: root CNode slot " + std::to_string(slot) + " out of range");
    cspace().insert_cap(&cn->slots[slot], c, nullptr);
  };
  Cap c;
  c.type = CapType::kThread; c.obj = t->pa; put(seL4_CapInitThreadTCB, c);
  Cap cnode_cap;
  cnode_cap.type = CapType::kCNode; cnode_cap.obj = cn->pa; cnode_cap.radix = uint8_t(cn->radix);
  cnode_cap.guard_size = uint8_t(64 - cn->radix); cnode_cap.guard = 0;
  put(seL4_CapInitThreadCNode, cnode_cap);
  Cap vs;
  vs.type = CapType::kPageTable; vs.obj = root_pt; vs.mapped_asid = kRootAsid; vs.is_vspace_root = true;
  put(seL4_CapInitThreadVSpace, vs);
  c = Cap{}; c.type = CapType::kIrqControl; put(seL4_CapIRQControl, c);
  c = Cap{}; c.type = CapType::kAsidControl; put(seL4_CapASIDControl, c);
  c = Cap{}; c.type = CapType::kAsidPool; c.obj = pool_pa; put(seL4_CapInitThreadASIDPool, c);
  Cap bi;
  bi.type = CapType::kFrame; bi.obj = bootinfo_pa; bi.size_bits = 12; bi.mapped_asid = kRootAsid;
  bi.mapped_vaddr = bootinfo_vaddr; bi.rights = seL4_CanRead_word;
  put(seL4_CapBootInfoFrame, bi);
  Cap ipc;
  ipc.type = CapType::kFrame; ipc.obj = ipc_pa; ipc.size_bits = 12; ipc.mapped_asid = kRootAsid;
  ipc.mapped_vaddr = ipc_vaddr;
  put(seL4_CapInitThreadIPCBuffer, ipc);
  c = Cap{}; c.type = CapType::kDomain; put(seL4_CapDomain, c);

  seL4_BootInfo info{};
  unsigned next = seL4_NumInitialCaps;
  info.userImagePaging.start = next;
  for (size_t i = 0; i < tables.size(); i += 2) {
    Cap pt;
    pt.type = CapType::kPageTable; pt.obj = tables[i]; pt.mapped_asid = kRootAsid; pt.mapped_vaddr = tables[i + 1];
    put(next++, pt);
  }
  info.userImagePaging.end = next;
  info.userImageFrames.start = next;
  for (const auto& [pa, va] : image_frames) {
    Cap f;
    f.type = CapType::kFrame; f.obj = pa; f.size_bits = 12; f.mapped_asid = kRootAsid; f.mapped_vaddr = va;
    put(next++, f);
  }
  info.userImageFrames.end = next;

  // Untyped memory: the rest of RAM in naturally aligned power-of-two blocks.
  info.untyped.start = next;
  uint64_t free_pa = (next_ + 0xfff) & ~0xfffull;
  const uint64_t end = info_.ram_base + info_.ram_size;
  unsigned n_untyped = 0;
  while (free_pa < end && n_untyped < CONFIG_MAX_NUM_BOOTINFO_UNTYPED_CAPS && next < cn->slots.size()) {
    unsigned bits = 12;
    while (bits < seL4_MaxUntypedBits && !(free_pa & ((1ull << (bits + 1)) - 1)) && free_pa + (1ull << (bits + 1)) <= end)
      ++bits;
    Cap uc;
    uc.type = CapType::kUntyped; uc.obj = free_pa; uc.size_bits = uint8_t(bits);
    objects().add_untyped(uc);
    put(next++, uc);
    info.untypedList[n_untyped].paddr = free_pa;
    info.untypedList[n_untyped].sizeBits = uint8_t(bits);
    info.untypedList[n_untyped].isDevice = 0;
    ++n_untyped;
    free_pa += 1ull << bits;
  }
  // The sim-control device page as a device untyped (seL4 hands out device memory this way),
  // so user-level workloads can mark their region of interest.
  if (info_.simctrl_base && n_untyped < CONFIG_MAX_NUM_BOOTINFO_UNTYPED_CAPS && next < cn->slots.size()) {
    Cap uc;
    uc.type = CapType::kUntyped; uc.obj = info_.simctrl_base & ~0xfffull; uc.size_bits = 12; uc.is_device = true;
    objects().add_untyped(uc);
    put(next++, uc);
    info.untypedList[n_untyped].paddr = uc.obj;
    info.untypedList[n_untyped].sizeBits = 12;
    info.untypedList[n_untyped].isDevice = 1;
    ++n_untyped;
  }
  info.untyped.end = next;
  info.empty.start = next;
  info.empty.end = uint64_t(1) << cn->radix;
  info.nodeID = 0;
  info.numNodes = k_.harts();
  info.ipcBuffer = ipc_vaddr;
  info.initThreadCNodeSizeBits = cn->radix;
  mem().phys_write(bootinfo_pa, &info, sizeof info);

  // The root thread.
  t->cspace.cap = cnode_cap;
  t->vspace.cap = vs;
  t->ipc_frame.cap = ipc;
  t->ipc_buffer_vaddr = ipc_vaddr;
  t->priority = t->mcp = p_.root_priority;
  t->time_slice = p_.timeslice_ticks;
  t->regs[10] = bootinfo_vaddr;  // a0: the BootInfo
  t->pc = elf.entry;
  t->state = ThreadState::kRunning;
  t->core = 0;

  return t;
}

void Kernel::boot(const ElfFile& elf) {
  kernel_code_pa_ = info_.ram_base;
  kernel_data_pa_ = info_.ram_base + p_.reserved_bytes / 2;
  kernel_pool_ = kernel_data_pa_ + 64 * 0x1000;  // after the per-hart kernel data pages
  Tcb* root = BootLoader(*this, info_.ram_base + p_.reserved_bytes).create_root_task(elf);
  async_.boot();
  for (KernelPort* h : ports_) boot_hart(*h);
  scheduler_.core(0).current = nullptr;
  scheduler_.make_runnable(root);
  exit(*ports_[0]);
}

// Puts a hart in the state the kernel expects: traps from U delegated to S (and into the
// kernel model), the supervisor timer forwarded by the firmware model, PMP open, counters
// readable from U, the timer programmed; every hart but the boot hart idles.
void Kernel::boot_hart(KernelPort& h) {
  const uint64_t medeleg = bit(kInsnMisaligned) | bit(kInsnAccessFault) | bit(kIllegalInsn) |
                           bit(kBreakpoint) | bit(kLoadMisaligned) | bit(kLoadAccessFault) |
                           bit(kStoreMisaligned) | bit(kStoreAccessFault) | bit(kEcallU) |
                           bit(kInsnPageFault) | bit(kLoadPageFault) | bit(kStorePageFault);
  h.csr_write(csr::medeleg, medeleg);
  h.csr_write(csr::mideleg, bit(kSSI) | bit(kSTI) | bit(kSEI) | bit(kUSI));
  h.csr_write(csr::sideleg, bit(kUSI));  // user software interrupts go to U (UINTR)
  h.csr_write(csr::mie, bit(kMSI) | bit(kMTI) | bit(kSTI) | bit(kSSI) | bit(kSEI));
  h.csr_write(csr::mcounteren, 7);
  h.csr_write(csr::scounteren, 7);
  h.csr_write(csr::pmpaddr0, ~0ull >> 10);
  h.csr_write(csr::pmpcfg0, 0x1f);  // NAPOT all memory, R W X
  scheduler_.start_idle(h);
  h.enter_idle();
}

}  // namespace uintrsim::kernel
