// Boot (seL4's boot protocol for the root task): the root task's image is loaded into frames
// mapped in a fresh VSpace; it gets a CSpace with the initial capabilities, its IPC buffer
// and a BootInfo frame describing its image caps, the untyped memory and the empty slots.
#pragma once
#include <vector>

#include "kernel_model/kernel/part.h"
#include "kernel_model/objects.h"
#include "sim/loader/elf_file.h"

namespace uintrsim::kernel {

class BootLoader : public Part {
 public:
  // Boot-time objects are allocated from `first_free` (after the kernel's reservation).
  BootLoader(Kernel& k, uint64_t first_free) : Part(k), next_(first_free) {}
  // Creates the root task from `elf`; returns its thread, runnable on core 0.
  Tcb* create_root_task(const ElfFile& elf);

 private:
  uint64_t alloc(uint64_t bytes);
  // Maps a 4 KiB page at `vaddr` in the VSpace rooted at `root`, creating page tables (their
  // (pa, vaddr) pairs are appended to `new_tables`).
  void map(uint64_t root, uint64_t vaddr, uint64_t pa, uint64_t pte_bits, std::vector<uint64_t>& new_tables);

  uint64_t next_;  // bump allocator for boot-time objects
};

}  // namespace uintrsim::kernel
