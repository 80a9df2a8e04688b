/* User-level access to the sim-control device: the kernel offers its page as a 4 KiB device
   untyped; we retype a frame from it and map it uncached-by-nature (device memory). */
#include <sel4/runtime.h>
#include <sel4/sel4.h>
#include <uintrsim/args.h>
#include <uintrsim/devices.h>

#define SIMCTRL_VADDR SEL4_SIMCTRL_VADDR
/* Register offsets as word indices. */
enum {
  ROI_BEGIN = UINTRSIM_SIMCTRL_ROI_BEGIN / UINTRSIM_SIMCTRL_REG_BYTES,
  ROI_END = UINTRSIM_SIMCTRL_ROI_END / UINTRSIM_SIMCTRL_REG_BYTES,
  ROUNDS = UINTRSIM_SIMCTRL_ROUNDS / UINTRSIM_SIMCTRL_REG_BYTES,
  SYSCALLS = UINTRSIM_SIMCTRL_SYSCALLS / UINTRSIM_SIMCTRL_REG_BYTES,
};

static volatile seL4_Word* simctrl;

int sel4_simctrl_init(seL4_BootInfo* bi) {
  if (simctrl) return 0;
  for (seL4_Word i = 0; i < bi->untyped.end - bi->untyped.start; ++i) {
    const seL4_UntypedDesc* d = &bi->untypedList[i];
    if (!d->isDevice || d->sizeBits != 12) continue;
    const seL4_CPtr slot = alloc_slot();
    if (slot == seL4_CapNull) return -1;
    if (seL4_Untyped_Retype(bi->untyped.start + i, seL4_RISCV_4K_Page, 12, seL4_CapInitThreadCNode, 0, 0, slot, 1))
      return -1;
    if (map_page(slot, seL4_CapInitThreadVSpace, SIMCTRL_VADDR, seL4_ReadWrite, seL4_RISCV_ExecuteNever)) return -1;
    simctrl = (volatile seL4_Word*)SIMCTRL_VADDR;
    return 0;
  }
  return -1;
}

void sel4_roi_begin(void) { if (simctrl) simctrl[ROI_BEGIN] = 0; }
void sel4_roi_end(void) { if (simctrl) simctrl[ROI_END] = 0; }
void sel4_rounds(seL4_Word n) { if (simctrl) simctrl[ROUNDS] = n; }
void sel4_syscalls(seL4_Word n) { if (simctrl) simctrl[SYSCALLS] = n; }
void sel4_sample(unsigned dist, seL4_Word value) {
  if (simctrl) simctrl[UINTRSIM_SIMCTRL_SAMPLE / UINTRSIM_SIMCTRL_REG_BYTES] = UINTRSIM_SAMPLE(dist, value);
}

int64_t uintrsim_arg_int(const char* name, int64_t def) {
  return uintrsim_arg_int_at((volatile uint64_t*)simctrl, name, def);
}
size_t uintrsim_arg_str(const char* name, char* buf, size_t cap, const char* def) {
  return uintrsim_arg_str_at((volatile uint64_t*)simctrl, name, buf, cap, def);
}
