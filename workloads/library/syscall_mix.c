// syscall_mix (docs/workloads.md): a weighted mix of the system calls the kernel also serves
// asynchronously, run synchronously (a trap per call) or asynchronously (N coroutines
// awaiting requests through the shared buffer), to compare cycles per request and trap
// frequency for a mix of your own.
//
// Operations and their weights ([workload.args], relative frequencies, 0 = never):
//   w_put_char          PutChar                               1 request
//   w_put_string        PutString of 12 characters            1 request (sync: 12 DebugPutChar)
//   w_page_get_address  PageGetAddress                        1 request
//   w_untyped_retype    UntypedRetype of an endpoint          1 request (into a fresh slot)
//   w_tcb_bind          TCBBindNotification + Unbind          2 requests
//   w_page_table_map    PageTableMap + PageTableUnmap         2 requests
//   w_page_map          PageMap + touch + PageUnmap           2 requests (the thesis round)
// The sequence of N x E operations is a smooth weighted round robin over the weights (exact
// proportions, no randomness); operation k goes to worker k % N. Sync runs them in that order;
// async gives worker w its operations as a coroutine (priority 2), each request awaited.
// mode, concurrency (N) and epochs (E, operations per worker) are workload settings.
// Marks: rounds = requests, syscalls = the syscalls those requests are (sync PutString: one
// DebugPutChar per character), so roi.cycles_per_round is cycles per request.
#include <sel4/async.h>
#include "workload.h"

#define MAX_N 512
#define MAX_OPS 65536
#define FRAME_BASE 0x2000000000ull   // worker w's frame at FRAME_BASE + w * 4 KiB
#define PT_REGION 0x3000000000ull    // a 1 GiB region: worker w's page table covers 2 MiB at + w * 2 MiB
#define MIX_STRING "[put_string]"   // 12 characters

enum { OP_PUT_CHAR, OP_PUT_STRING, OP_PAGE_GET_ADDRESS, OP_UNTYPED_RETYPE, OP_TCB_BIND, OP_PAGE_TABLE_MAP,
       OP_PAGE_MAP, OP_COUNT };
static const char* const op_arg[OP_COUNT] = {"w_put_char",       "w_put_string", "w_page_get_address",
                                             "w_untyped_retype", "w_tcb_bind",   "w_page_table_map",
                                             "w_page_map"};
static const int op_requests[OP_COUNT] = {1, 1, 1, 1, 2, 2, 2};
static const int op_default_weight[OP_COUNT] = {1, 1, 1, 1, 1, 1, 1};

static int N, E, ASYNC;
static int64_t weight[OP_COUNT];
static uint8_t seq[MAX_OPS];
static uint16_t retype_slot[MAX_OPS];   // the destination slot of each retype operation
static seL4_CPtr frames[MAX_N], pts[MAX_N], tcbs[MAX_N], ntfns[MAX_N], retype_ut;
static seL4_Word frame_pa[MAX_N];
static seL4_Word done[OP_COUNT], errors[OP_COUNT], wrong_address, touch_errors;

static seL4_Word frame_vaddr(int w) { return FRAME_BASE + ((seL4_Word)w << 12); }
static seL4_Word pt_vaddr(int w) { return PT_REGION + ((seL4_Word)w << 21); }
static void count(int op, seL4_Word err) { ++done[op]; if (err) ++errors[op]; }

static void touch(int w, int k) {
  volatile seL4_Word* p = (volatile seL4_Word*)frame_vaddr(w);
  *p = (seL4_Word)k * 977 + (seL4_Word)w;
  if (*p != (seL4_Word)k * 977 + (seL4_Word)w) ++touch_errors;
}

// ---- one operation, synchronously ------------------------------------------------------------
static void op_sync(int op, int w, int k) {
  switch (op) {
    case OP_PUT_CHAR: seL4_DebugPutChar('.'); count(op, 0); break;
    case OP_PUT_STRING:
      for (const char* s = MIX_STRING; *s; ++s) seL4_DebugPutChar(*s);
      count(op, 0);
      break;
    case OP_PAGE_GET_ADDRESS: {
      const seL4_RISCV_Page_GetAddress_t r = seL4_RISCV_Page_GetAddress(frames[w]);
      count(op, r.error);
      if (!r.error && r.paddr != frame_pa[w]) ++wrong_address;
      break;
    }
    case OP_UNTYPED_RETYPE:
      count(op, seL4_Untyped_Retype(retype_ut, seL4_EndpointObject, 0, seL4_CapInitThreadCNode, 0, 0,
                                    retype_slot[k], 1));
      break;
    case OP_TCB_BIND:
      count(op, seL4_TCB_BindNotification(tcbs[w], ntfns[w]));
      count(op, seL4_TCB_UnbindNotification(tcbs[w]));
      break;
    case OP_PAGE_TABLE_MAP:
      count(op, seL4_RISCV_PageTable_Map(pts[w], seL4_CapInitThreadVSpace, pt_vaddr(w), 0));
      count(op, seL4_RISCV_PageTable_Unmap(pts[w]));
      break;
    case OP_PAGE_MAP: {
      const seL4_Error e = seL4_RISCV_Page_Map(frames[w], seL4_CapInitThreadVSpace, frame_vaddr(w), seL4_ReadWrite, 0);
      count(op, e);
      if (!e) touch(w, k);
      count(op, seL4_RISCV_Page_Unmap(frames[w]));
      break;
    }
  }
}

// ---- one operation, asynchronously (the argument layouts of abi.h's AsyncMessageLabel) ----------
static seL4_Word call1(uint32_t label, seL4_CPtr c) {
  const uint16_t a[1] = {(uint16_t)c};
  return async_call(label, a, 1, NULL);
}

static void op_async(int op, int w, int k) {
  switch (op) {
    case OP_PUT_CHAR: {
      const uint16_t a[1] = {'.'};
      count(op, async_call(AsyncPutChar, a, 1, NULL));
      break;
    }
    case OP_PUT_STRING: count(op, async_put_string(MIX_STRING)); break;
    case OP_PAGE_GET_ADDRESS: {
      seL4_Word pa = 0;
      const seL4_Error e = async_page_get_address(frames[w], &pa);
      count(op, e);
      if (!e && pa != frame_pa[w]) ++wrong_address;
      break;
    }
    case OP_UNTYPED_RETYPE: {
      const uint16_t a[8] = {(uint16_t)retype_ut, seL4_EndpointObject, 0, seL4_CapInitThreadCNode, 0, 0,
                             retype_slot[k], 1};
      count(op, async_call(AsyncUntypedRetype, a, 8, NULL));
      break;
    }
    case OP_TCB_BIND: {
      const uint16_t a[2] = {(uint16_t)tcbs[w], (uint16_t)ntfns[w]};
      count(op, async_call(AsyncTCBBindNotification, a, 2, NULL));
      count(op, call1(AsyncTCBUnbindNotification, tcbs[w]));
      break;
    }
    case OP_PAGE_TABLE_MAP: {
      const seL4_Word va = pt_vaddr(w);
      const uint16_t a[5] = {(uint16_t)pts[w], seL4_CapInitThreadVSpace, (uint16_t)(va >> 12), (uint16_t)(va >> 28), 0};
      count(op, async_call(AsyncPageTableMap, a, 5, NULL));
      count(op, call1(AsyncPageTableUnmap, pts[w]));
      break;
    }
    case OP_PAGE_MAP: {
      const seL4_Error e = async_page_map(frames[w], seL4_CapInitThreadVSpace, frame_vaddr(w), seL4_ReadWrite.words[0], 0);
      count(op, e);
      if (!e) touch(w, k);
      count(op, async_page_unmap(frames[w]));
      break;
    }
  }
}

static void worker(void* arg) {
  const int w = (int)(uintptr_t)arg;
  for (int e = 0; e < E; ++e) op_async(seq[e * N + w], w, e * N + w);
}

static int read_args(void) {
  static const char* const modes[] = {"sync", "async", 0};
  ASYNC = wl_arg_choice("mode", "sync", modes);
  N = (int)wl_arg_int("concurrency", 8, 1, MAX_N);
  E = (int)wl_arg_int("epochs", 10, 1, MAX_OPS);
  int64_t total = 0;
  for (int i = 0; i < OP_COUNT; ++i) total += weight[i] = wl_arg_int(op_arg[i], op_default_weight[i], 0, 1000);
  if (!wl_bad_args && total == 0) {
    printf("%s: bad argument: every weight w_* is 0 (at least one must be > 0)\n", wl_name);
    ++wl_bad_args;
  }
  if (!wl_bad_args && (int64_t)N * E > MAX_OPS) {
    printf("%s: bad argument: concurrency x epochs = %d x %d = %ld operations (at most %d)\n", wl_name, N, E,
           (long)N * E, MAX_OPS);
    ++wl_bad_args;
  }
  return wl_args_ok();
}

// The operation sequence: smooth weighted round robin (each weight's share, evenly spread).
static void build_sequence(int ops) {
  int64_t cur[OP_COUNT] = {0}, total = 0;
  for (int i = 0; i < OP_COUNT; ++i) total += weight[i];
  for (int k = 0; k < ops; ++k) {
    int best = -1;
    for (int i = 0; i < OP_COUNT; ++i) {
      if (!weight[i]) continue;
      cur[i] += weight[i];
      if (best < 0 || cur[i] > cur[best]) best = i;
    }
    cur[best] -= total;
    seq[k] = (uint8_t)best;
  }
}

static int setup(seL4_BootInfo* bi, int ops) {
  int uses[OP_COUNT] = {0};
  seL4_Word retypes = 0;
  for (int k = 0; k < ops; ++k) uses[seq[k]] = 1, retypes += seq[k] == OP_UNTYPED_RETYPE;
  const int need_frame = uses[OP_PAGE_MAP] || uses[OP_PAGE_GET_ADDRESS];
  if (uses[OP_PAGE_TABLE_MAP]) {  // the level-1 table of the region, so that workers' tables map at level 0
    const seL4_CPtr l1 = alloc_object(bi, seL4_RISCV_PageTableObject, 0);
    if (!l1 || seL4_RISCV_PageTable_Map(l1, seL4_CapInitThreadVSpace, PT_REGION, 0)) {
      printf("%s: FAIL (set-up: the page-table region)\n", wl_name);
      return 0;
    }
  }
  for (int w = 0; w < N; ++w) {
    if (need_frame) {
      frames[w] = alloc_object(bi, seL4_RISCV_4K_Page, 0);
      if (!frames[w] || map_page(frames[w], seL4_CapInitThreadVSpace, frame_vaddr(w), seL4_ReadWrite, 0) ||
          seL4_RISCV_Page_Unmap(frames[w])) {
        printf("%s: FAIL (set-up: frame of worker %d)\n", wl_name, w);
        return 0;
      }
      const seL4_RISCV_Page_GetAddress_t r = seL4_RISCV_Page_GetAddress(frames[w]);
      frame_pa[w] = r.paddr;
      if (r.error || !r.paddr) { printf("%s: FAIL (set-up: address of frame %d)\n", wl_name, w); return 0; }
    }
    if (uses[OP_PAGE_TABLE_MAP] && !(pts[w] = alloc_object(bi, seL4_RISCV_PageTableObject, 0))) {
      printf("%s: FAIL (set-up: page table of worker %d)\n", wl_name, w);
      return 0;
    }
    if (uses[OP_TCB_BIND] && (!(tcbs[w] = alloc_object(bi, seL4_TCBObject, 0)) ||
                              !(ntfns[w] = alloc_object(bi, seL4_NotificationObject, 0)))) {
      printf("%s: FAIL (set-up: TCB and notification of worker %d)\n", wl_name, w);
      return 0;
    }
  }
  if (retypes) {
    seL4_Word bits = 12;  // 16-byte endpoints
    while ((1ull << bits) < retypes * 16) ++bits;
    if (!(retype_ut = alloc_object(bi, seL4_UntypedObject, bits))) {
      printf("%s: FAIL (set-up: a %lu-byte untyped for %lu retypes)\n", wl_name, 1ul << bits, retypes);
      return 0;
    }
    for (int k = 0; k < ops; ++k) {
      if (seq[k] != OP_UNTYPED_RETYPE) continue;
      const seL4_CPtr s = alloc_slot();
      if (!s || s > 0xffff) {
        printf("%s: FAIL (set-up: no free CNode slot for retype %d of %lu; fewer operations or a smaller "
               "w_untyped_retype)\n", wl_name, k, retypes);
        return 0;
      }
      retype_slot[k] = (uint16_t)s;
    }
  }
  return 1;
}

// After the ROI: every object is back in its initial state, so every operation really ran.
static seL4_Word check_state(int ops) {
  seL4_Word bad = 0;
  const seL4_CPtr scratch = alloc_slot();
  for (int w = 0; w < N; ++w) {
    if (frames[w]) {  // unmapped: it maps again
      if (seL4_RISCV_Page_Map(frames[w], seL4_CapInitThreadVSpace, frame_vaddr(w), seL4_ReadWrite, 0)) ++bad;
      else seL4_RISCV_Page_Unmap(frames[w]);
    }
    if (pts[w]) {
      if (seL4_RISCV_PageTable_Map(pts[w], seL4_CapInitThreadVSpace, pt_vaddr(w), 0)) ++bad;
      else seL4_RISCV_PageTable_Unmap(pts[w]);
    }
    if (tcbs[w]) {
      if (seL4_TCB_BindNotification(tcbs[w], ntfns[w])) ++bad;
      else seL4_TCB_UnbindNotification(tcbs[w]);
    }
  }
  for (int k = 0; k < ops; ++k) {  // each retype left a capability in its slot
    if (seq[k] != OP_UNTYPED_RETYPE) continue;
    if (!scratch || seL4_CNode_Copy(seL4_CapInitThreadCNode, scratch, seL4_RootCNodeDepth, seL4_CapInitThreadCNode,
                                    retype_slot[k], seL4_RootCNodeDepth, seL4_AllRights)) ++bad;
    else seL4_CNode_Delete(seL4_CapInitThreadCNode, scratch, seL4_RootCNodeDepth);
  }
  return bad;
}

int main(seL4_BootInfo* bi) {
  const int have_roi = wl_begin("syscall_mix", bi) == 0;
  if (!have_roi) { printf("syscall_mix: FAIL (no sim-control device)\n"); return WL_EXIT_SETUP; }
  if (!read_args()) return WL_EXIT_BAD_ARG;
  const int ops = N * E;
  build_sequence(ops);
  seL4_Word requests = 0, syscalls = 0, want[OP_COUNT] = {0};
  for (int k = 0; k < ops; ++k) {
    want[seq[k]] += (seL4_Word)op_requests[seq[k]];
    requests += (seL4_Word)op_requests[seq[k]];
    syscalls += !ASYNC && seq[k] == OP_PUT_STRING ? strlen(MIX_STRING) : (seL4_Word)op_requests[seq[k]];
  }
  printf("syscall_mix: mode=%s N=%d E=%d operations=%d requests=%lu weights", ASYNC ? "async" : "sync", N, E, ops,
         requests);
  for (int i = 0; i < OP_COUNT; ++i) printf(" %s=%ld", op_arg[i] + 2, (long)weight[i]);
  printf("\n");
  if (!setup(bi, ops)) return WL_EXIT_SETUP;
  if (ASYNC) {
    if (async_init(bi, seL4_CapInitThreadTCB)) { printf("syscall_mix: FAIL (async_init)\n"); return WL_EXIT_SETUP; }
    for (int w = 0; w < N; ++w)
      if (async_spawn(worker, (void*)(uintptr_t)w, 2) < 0) { printf("syscall_mix: FAIL (spawn)\n"); return WL_EXIT_SETUP; }
  }
  sel4_roi_begin();
  const seL4_Word c0 = wl_rdcycle();
  if (ASYNC) async_run_until_complete();
  else
    for (int k = 0; k < ops; ++k) op_sync(seq[k], k % N, k);
  const seL4_Word c1 = wl_rdcycle();
  sel4_rounds(requests);
  sel4_syscalls(syscalls);
  sel4_roi_end();

  printf("\nsyscall_mix: requests=%lu syscalls=%lu cycles=%lu cycles_per_request=%lu\n", requests, syscalls, c1 - c0,
         wl_mean(c1 - c0, requests));
  seL4_Word total_errors = 0, count_mismatch = 0;
  for (int i = 0; i < OP_COUNT; ++i) {
    if (want[i] || done[i])
      printf("  %-18s requests=%lu errors=%lu\n", op_arg[i] + 2, done[i], errors[i]);
    total_errors += errors[i];
    count_mismatch += done[i] != want[i];
  }
  const seL4_Word bad_state = check_state(ops);
  seL4_Word async_lost = 0;
  if (ASYNC) {
    printf("async: submitted=%lu completed=%lu wakes=%lu interrupts=%lu\n", async_stats.submitted,
           async_stats.completed, async_stats.wakes, async_stats.interrupts);
    async_lost = async_stats.submitted != requests || async_stats.completed != requests;
  }
  const int ok = !total_errors && !count_mismatch && !wrong_address && !touch_errors && !bad_state && !async_lost;
  printf("syscall_mix: %s (errors=%lu count_mismatch=%lu wrong_address=%lu touch=%lu bad_state=%lu async_lost=%lu)\n",
         ok ? "PASS" : "FAIL", total_errors, count_mismatch, wrong_address, touch_errors, bad_state, async_lost);
  return ok ? WL_EXIT_OK : WL_EXIT_WRONG;
}
