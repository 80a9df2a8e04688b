// The rules of the posted user-interrupt architecture (docs/uintr-posted.md), on 2 harts with
// M-mode set-up in place of a kernel; hart 0 sends (U), hart 1 receives (U). Each phase's
// checks exit with their own code:
//   A (10-19) PIR accumulates while ON is set, one notification for three sends; delivery
//             after notification processing, highest vector first (60, 10, 3);
//   B (20-29) SN suppresses the notification (PIR still posted); clearing SN and sending the
//             notification by hand (a kernel's switch-in) delivers it;
//   C (30-39) with UIF clear notification processing happens (ON cleared) but no delivery;
//             STUI delivers before the next instruction;
//   D (40-49) a bad index, V = 0 and reserved bits raise the documented exception (compiled
//             with -DCUSTOM_FAULT: uintr.posted.fault = custom, cause 24 with tval = index;
//             else illegal instruction, tval 0);
//   E (50-59) a notification to a hart that does not exist is dropped by the device.
// Counts of notifications are checked from the statistics (tests/isa/CMakeLists.txt).
#include "../../workloads/uintr/posted_hw.h"

#define UINV 5
#ifdef CUSTOM_FAULT
#define FAULT_CAUSE UINTRSIM_POSTED_FAULT_CAUSE_CUSTOM
#define FAULT_TVAL(index) (index)
#else
#define FAULT_CAUSE 2
#define FAULT_TVAL(index) 0
#endif

static struct uitte table[256] __attribute__((aligned(4096)));
static struct upid upid1, upid_nowhere;
static uint64_t m_save[2][2];
volatile uint64_t posted_fault_cause, posted_fault_tval, posted_fault_count;
static volatile uint64_t setup_done, go_rx, rx_count, order[8], req_clui, ack_clui, release_clui, stui_immediate;

void uintr_vec(void);
void posted_fault_trap(void);

void uintr_dispatch(uint64_t* frame) {
  (void)frame;
  if (rx_count < 8) order[rx_count] = posted_vector();
  rx_count = rx_count + 1;
}

#define CHECK(cond, code) do { if (!(cond)) { bm_printf("posted_rules: check %d failed\n", code); bm_exit(code); } } while (0)
static void delay(unsigned n) { for (volatile unsigned i = 0; i < n; ++i) { } }
static int wait_for(volatile uint64_t* p, uint64_t v) {
  for (unsigned i = 0; i < 2000000; ++i) if (*p == v) return 1;
  return 0;
}

static void fault(uint64_t index, int code) {
  const uint64_t before = posted_fault_count;
  senduipi(index);
  CHECK(posted_fault_count == before + 1, code);
  CHECK(posted_fault_cause == FAULT_CAUSE, code + 1);
  CHECK(posted_fault_tval == FAULT_TVAL(index), code + 2);
}

static void sender(void) {
  // A: three sends while the receiver sits in M-mode (it cannot recognise the notification).
  senduipi(0);
  senduipi(1);
  senduipi(2);
  CHECK(upid1.pir == ((1ull << 3) | (1ull << 60) | (1ull << 10)), 10);
  CHECK(upid1.word0 & UINTRSIM_UPID_ON, 11);
  go_rx = 1;
  CHECK(wait_for(&rx_count, 3), 12);
  CHECK(order[0] == 60 && order[1] == 10 && order[2] == 3, 13);
  CHECK(!(upid1.word0 & UINTRSIM_UPID_ON) && upid1.pir == 0, 14);
  // B: SN set: posted, not notified.
  upid1.word0 |= UINTRSIM_UPID_SN;
  senduipi(0);
  delay(3000);
  CHECK(rx_count == 3, 20);
  CHECK(upid1.pir == (1ull << 3) && !(upid1.word0 & UINTRSIM_UPID_ON), 21);
  // ... a kernel's switch-in: clear SN, PIR != 0, so set ON and send the notification.
  upid1.word0 = (upid1.word0 & ~UINTRSIM_UPID_SN) | UINTRSIM_UPID_ON;
  *(volatile uint64_t*)(UINTRSIM_DEFAULT_UNOTIFY_BASE + UINTRSIM_UNOTIFY_SEND) =
      UINTRSIM_UNOTIFY_SEND_VALUE(1ull, (uint64_t)UINV);
  CHECK(wait_for(&rx_count, 4), 22);
  CHECK(order[3] == 3, 23);
  // C: UIF clear on the receiver.
  req_clui = 1;
  CHECK(wait_for(&ack_clui, 1), 30);
  senduipi(2);
  for (unsigned i = 0; i < 2000000 && (upid1.word0 & UINTRSIM_UPID_ON); ++i) { }
  CHECK(!(upid1.word0 & UINTRSIM_UPID_ON) && upid1.pir == 0, 31);  // processed
  delay(3000);
  CHECK(rx_count == 4, 32);  // but not delivered
  release_clui = 1;
  CHECK(wait_for(&rx_count, 5), 33);
  CHECK(order[4] == 10, 34);
  CHECK(wait_for(&stui_immediate, 1), 35);
  // D: faults.
  fault(7, 40);  // index > UITTSZ (5)
  fault(3, 43);  // V = 0
  fault(4, 46);  // UV >= 64 (reserved bits)
  // E: a UPID naming hart 7, which does not exist: posted, notified, dropped by the device.
  senduipi(5);
  CHECK(upid_nowhere.pir == (1ull << 1) && (upid_nowhere.word0 & UINTRSIM_UPID_ON), 50);
  delay(3000);
  CHECK(rx_count == 5, 51);
  bm_printf("posted_rules: order 60 10 3 | 3 | 10, fault cause %d, faults %d\n", (int)posted_fault_cause,
            (int)posted_fault_count);
  bm_exit(0);
}

static void receiver(void) {
  for (;;) {
    if (req_clui && !ack_clui) {
      clui();
      ack_clui = 1;
      while (!release_clui) { }
      stui();
      stui_immediate = rx_count == 5;  // delivered before this load
    }
  }
}

int main(int hartid) {
  if (bm_harts() < 2) { bm_puts("posted_rules needs 2 harts (--set platform.harts=2)\n"); return 2; }
  if (hartid == 0) {
    uitte_set(&table[0], 3, &upid1);
    uitte_set(&table[1], 60, &upid1);
    uitte_set(&table[2], 10, &upid1);
    uitte_set(&table[3], 11, &upid1);
    table[3].word0 &= ~UINTRSIM_UITTE_V;
    uitte_set(&table[4], 11, &upid1);
    table[4].word0 |= 64ull << UINTRSIM_UITTE_UV_SHIFT;  // UV bit 14: reserved
    uitte_set(&table[5], 1, &upid_nowhere);
    upid_nowhere.word0 = UINTRSIM_UPID_WORD0((uint64_t)UINV, 7ull);
    posted_setup_sender(table, 5);
    csr_write(mscratch, (uint64_t)&m_save[0][0]);
    csr_write(mtvec, (uint64_t)posted_fault_trap);
    while (!setup_done) { }
    enter_user(sender);
  } else if (hartid == 1) {
    posted_setup_receiver(&upid1, 1, UINV, uintr_vec);
    setup_done = 1;
    while (!go_rx) { }
    enter_user(receiver);
  }
  for (;;) __asm__ volatile("wfi");
}
