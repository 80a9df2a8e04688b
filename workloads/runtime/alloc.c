// Slot, untyped-object, virtual-address and frame allocation for the root task, on top of
// the boot info (see <sel4/runtime.h>). Single-threaded; nothing is ever freed.
#include <sel4/runtime.h>

static struct {
  seL4_BootInfo* bi;
  seL4_CPtr next_slot, end_slot;
  seL4_Word next_vaddr;
  seL4_Error last_error;
  // Our copy of each untyped's watermark (bytes used from its start) and a "gave
  // NotEnoughMemory" mark, indexed like bi->untypedList.
  seL4_Word used[CONFIG_MAX_NUM_BOOTINFO_UNTYPED_CAPS];
  uint8_t exhausted[CONFIG_MAX_NUM_BOOTINFO_UNTYPED_CAPS];
} g;

void alloc_init(seL4_BootInfo* bi) {
  memset(&g, 0, sizeof g);
  g.bi = bi;
  g.next_slot = bi->empty.start;
  g.end_slot = bi->empty.end;
  g.next_vaddr = SEL4_DYN_VADDR_BASE;
}

seL4_Error alloc_last_error(void) { return g.last_error; }

seL4_CPtr alloc_slot(void) {
  if (!g.bi || g.next_slot >= g.end_slot) return seL4_CapNull;
  return g.next_slot++;
}

seL4_Word object_size_bits(seL4_ObjectType type, seL4_Word size_bits) {
  switch (type) {
    case seL4_UntypedObject: return size_bits;
    case seL4_TCBObject: return seL4_TCBBits;
    case seL4_EndpointObject: return seL4_EndpointBits;
    case seL4_NotificationObject: return seL4_NotificationBits;
    case seL4_CapTableObject: return size_bits + seL4_SlotBits;
    case seL4_RISCV_Giga_Page: return seL4_HugePageBits;
    case seL4_RISCV_4K_Page: return seL4_PageBits;
    case seL4_RISCV_Mega_Page: return seL4_LargePageBits;
    case seL4_RISCV_PageTableObject: return seL4_PageTableBits;
    default: return 0;
  }
}

seL4_CPtr alloc_object(seL4_BootInfo* bi, seL4_ObjectType type, seL4_Word size_bits) {
  if (!g.bi && bi) alloc_init(bi);
  g.last_error = seL4_NoError;
  seL4_Word obj_bits = object_size_bits(type, size_bits);
  if (!g.bi || obj_bits == 0 || obj_bits >= seL4_WordBits - 1) {
    g.last_error = seL4_InvalidArgument;
    return seL4_CapNull;
  }
  seL4_CPtr slot = alloc_slot();
  if (slot == seL4_CapNull) {
    g.last_error = seL4_NotEnoughMemory;
    return seL4_CapNull;
  }
  seL4_Word obj_size = (seL4_Word)1 << obj_bits;
  seL4_Word n = g.bi->untyped.end - g.bi->untyped.start;
  if (n > CONFIG_MAX_NUM_BOOTINFO_UNTYPED_CAPS) n = CONFIG_MAX_NUM_BOOTINFO_UNTYPED_CAPS;
  for (seL4_Word i = 0; i < n; ++i) {
    const seL4_UntypedDesc* d = &g.bi->untypedList[i];
    if (d->isDevice || g.exhausted[i] || d->sizeBits < obj_bits || d->sizeBits >= seL4_WordBits) continue;
    seL4_Word ut_size = (seL4_Word)1 << d->sizeBits;
    seL4_Word offset = (g.used[i] + obj_size - 1) & ~(obj_size - 1);  // seL4 aligns to the object size
    if (offset > ut_size || ut_size - offset < obj_size) continue;
    seL4_Error err = seL4_Untyped_Retype(g.bi->untyped.start + i, type, size_bits, seL4_CapInitThreadCNode, 0, 0,
                                         slot, 1);
    if (err == seL4_NoError) {
      g.used[i] = offset + obj_size;
      return slot;
    }
    if (err == seL4_NotEnoughMemory) {  // someone else retyped from it: our watermark is behind
      g.exhausted[i] = 1;
      continue;
    }
    g.last_error = err;  // a real error (bad type, slot, ...): trying other untypeds will not help
    if (slot + 1 == g.next_slot) --g.next_slot;
    return seL4_CapNull;
  }
  g.last_error = seL4_NotEnoughMemory;
  if (slot + 1 == g.next_slot) --g.next_slot;
  return seL4_CapNull;
}

seL4_Word alloc_vaddr(seL4_Word npages) {
  seL4_Word v = g.next_vaddr;
  g.next_vaddr += npages << seL4_PageBits;
  return v;
}

seL4_Error map_page(seL4_CPtr frame, seL4_CPtr vspace, seL4_Word vaddr, seL4_CapRights_t rights,
                    seL4_RISCV_VMAttributes attr) {
  seL4_Error err = seL4_NoError;
  // Sv39: at most two page tables are missing below the root, so three attempts suffice.
  for (int attempt = 0; attempt < 4; ++attempt) {
    err = seL4_RISCV_Page_Map(frame, vspace, vaddr, rights, attr);
    if (err != seL4_FailedLookup) break;
    seL4_CPtr pt = alloc_object(NULL, seL4_RISCV_PageTableObject, 0);
    if (pt == seL4_CapNull) return seL4_NotEnoughMemory;
    seL4_Error pt_err = seL4_RISCV_PageTable_Map(pt, vspace, vaddr, seL4_RISCV_Default_VMAttributes);
    if (pt_err != seL4_NoError) {
      g.last_error = pt_err;
      return pt_err;
    }
  }
  if (err != seL4_NoError) g.last_error = err;
  return err;
}

seL4_CPtr alloc_frame_at(seL4_CPtr vspace, seL4_Word vaddr) {
  seL4_CPtr frame = alloc_object(NULL, seL4_RISCV_4K_Page, 0);
  if (frame == seL4_CapNull) return seL4_CapNull;
  if (map_page(frame, vspace, vaddr, seL4_ReadWrite, seL4_RISCV_Default_VMAttributes) != seL4_NoError)
    return seL4_CapNull;
  return frame;
}
