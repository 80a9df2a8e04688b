/* User interrupts for seL4 guests on either architecture (uintr.arch = uintc | posted;
   docs/uintr-posted.md "The kernel model"). The kernel reports the architecture in MR1 of the
   UintrRegisterReceiver and UintrRegisterSender replies; a program passes each reply to
   sel4_uintr_learn_arch and then uses the same three calls on both:

     sel4_uintr_send(index)   uipi.send (UINTC) or senduipi (posted) through its sender table;
     sel4_uintr_take()        in the handler: the vectors this delivery brings, acknowledged --
                              the UINTC's pending bits (uipi.read, uip.USIP cleared), or the one
                              vector in ucause (posted delivers one vector per interrupt, the
                              next one after uret);
     sel4_uintr_return(bits)  in the handler: vectors taken but not handled, given back to the
                              UINTC (uipi.write); posted has nowhere to put them (dropped). */
#ifndef SEL4_UINTR_H
#define SEL4_UINTR_H

#include <sel4/sel4.h>
#include <uintrsim/devices.h>

/* UINTRSIM_UINTR_ARCH_UINTC (0) until a registration reply says otherwise. Defined here, weak
   (one copy per program): only programs that use user interrupts have it, so the others keep
   their memory layout. */
__attribute__((weak)) volatile seL4_Word sel4_uintr_arch;

static inline void sel4_uintr_learn_arch(seL4_MessageInfo_t reply) {
  if (seL4_MessageInfo_get_label(reply) == 0 && seL4_MessageInfo_get_length(reply) >= 2)
    sel4_uintr_arch = seL4_GetMR(1);
}

static inline void sel4_uintr_send(seL4_Word index) {
  if (sel4_uintr_arch == UINTRSIM_UINTR_ARCH_POSTED)
    __asm__ volatile(".insn r 0b1111011, 0b110, 0b0000101, x0, %0, x0" ::"r"(index) : "memory"); /* senduipi */
  else
    __asm__ volatile(".insn r 0b1111011, 0b110, 0b0000000, x0, %0, x0" ::"r"(index) : "memory"); /* uipi.send */
}

static inline seL4_Word sel4_uintr_take(void) {
  seL4_Word v;
  if (sel4_uintr_arch == UINTRSIM_UINTR_ARCH_POSTED) {
    __asm__ volatile("csrr %0, 0x042" : "=r"(v)); /* ucause = interrupt | (16 + vector) */
    return (seL4_Word)1 << (((v << 1) >> 1) - UINTRSIM_POSTED_CAUSE_BASE);
  }
  __asm__ volatile(".insn r 0b1111011, 0b110, 0b0000001, %0, x0, x0" : "=r"(v)::"memory"); /* uipi.read */
  __asm__ volatile("csrc 0x044, %0" ::"r"(1ul));                                          /* uip.USIP */
  return v;
}

static inline void sel4_uintr_return(seL4_Word bits) {
  if (bits && sel4_uintr_arch != UINTRSIM_UINTR_ARCH_POSTED)
    __asm__ volatile(".insn r 0b1111011, 0b110, 0b0000010, x0, %0, x0" ::"r"(bits) : "memory"); /* uipi.write */
}

#endif
