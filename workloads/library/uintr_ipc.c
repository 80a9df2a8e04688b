// uintr_ipc (docs/workloads.md): client/server IPC over U-notifications, ReL4's other use of
// user interrupts, against seL4's synchronous IPC as the baseline.
//   sync:  the client (root task) makes R seL4_Calls of `words` message registers to a server
//          thread in seL4_Recv/seL4_ReplyRecv (the Call/ReplyRecv fastpath when words <= 4 and
//          both share a core; the slow path and kernel IPIs across cores);
//   async: the two threads share a request ring and a reply ring in memory; each is the
//          receiver of a U-notification and a sender to the other's. The client keeps up to
//          `concurrency` requests outstanding: it pushes what its window allows and wakes the
//          server with one uipi.send; the server drains the ring, pushes the replies and wakes
//          the client with one uipi.send. A thread with nothing to do waits for its
//          notification: on a shared core it yields (the kernel delivers the pending user
//          interrupt when it switches the thread back in), on a core of its own it spins in
//          user mode and the interrupt arrives directly -- no kernel entry at all.
// Every request carries `words` words that depend on its number; the server checks them and
// replies with words computed from what it read; the client checks every reply, in order.
// Arguments: mode (sync | async), concurrency (outstanding requests, async; sync makes one
// Call at a time whatever it is), words (1..120), requests (R), server_core (the server
// thread's core, < platform.harts). Marks: rounds = R, syscalls = 2 R (the Call and the
// ReplyRecv each request costs synchronously), so trap frequency 1 is the sync baseline.
#include "workload.h"
#include "../uintr/uintr_hw.h"
#include <sel4/uintr.h>

#define MAX_WORDS seL4_MsgMaxLength   // 120
#define MAX_WINDOW 512
#define RING 512                       // slots per ring (>= the largest window)
#define STOP_SEQ (~0ull)
#define VEC_REQ 1                      // vector (badge) of the server's notification
#define VEC_RSP 2                      // vector (badge) of the client's notification
#define LABEL_REQUEST 0x51
#define LABEL_REPLY 0x52
#define LABEL_WARMUP 0x50              // sync: one Call before the ROI, so the server waits in ReplyRecv

static int ASYNC, C, W, SERVER_CORE, SHARED_CORE;
static seL4_Word R;

static seL4_Word req_word(seL4_Word r, int j) { return (0xc1ull << 56) | (r << 8) | (seL4_Word)j; }
static seL4_Word reply_of(seL4_Word v, int j) { return ~v ^ ((seL4_Word)j << 40); }

// ---- single-producer single-consumer rings of (seq, words[W]) messages ----------------------------
typedef struct {
  volatile seL4_Word tail;             // producer's count of pushed messages
  seL4_Word pad0[7];
  volatile seL4_Word head;             // consumer's count of popped messages
  seL4_Word pad1[7];
  seL4_Word data[RING * (1 + MAX_WORDS)];
} ring_t;
static ring_t req_ring __attribute__((aligned(64))), rsp_ring __attribute__((aligned(64)));

static seL4_Word* slot(ring_t* q, seL4_Word i) { return &q->data[(i % RING) * (seL4_Word)(1 + W)]; }
static int ring_empty(ring_t* q) { return __atomic_load_n(&q->head, __ATOMIC_RELAXED) == __atomic_load_n(&q->tail, __ATOMIC_ACQUIRE); }
static void ring_publish(ring_t* q) { __atomic_store_n(&q->tail, q->tail + 1, __ATOMIC_RELEASE); }
static void ring_consume(ring_t* q) { __atomic_store_n(&q->head, q->head + 1, __ATOMIC_RELEASE); }

// ---- U-notifications ----------------------------------------------------------------------------------
static volatile int server_flag, client_flag;
static volatile seL4_Word server_irqs, client_irqs;
static seL4_Word idx_to_server, idx_to_client;   // sender-table entries for uipi.send

void uintr_vec(void);
void uintr_dispatch(seL4_Word* frame) {  // both threads' handler: each sees its own entry's bits
  (void)frame;
  const seL4_Word pending = sel4_uintr_take();
  if (pending & (1ull << VEC_REQ)) { server_flag = 1; ++server_irqs; }
  if (pending & (1ull << VEC_RSP)) { client_flag = 1; ++client_irqs; }
}

static void enable_user_interrupts(void) {
  csr_write(CSR_UTVEC, (seL4_Word)(uintptr_t)uintr_vec);
  csr_set(CSR_UIE, 1);      // USIE
  csr_set(CSR_USTATUS, 1);  // UIE
}

// Waits for this thread's notification (and consumes it).
static void wait_notified(volatile int* flag) {
  while (!*flag)
    if (SHARED_CORE) seL4_Yield();  // let the partner run; our interrupt arrives when we are back
  *flag = 0;
}

// ---- the server ----------------------------------------------------------------------------------------
static seL4_CPtr g_ep, g_client_ntfn_badged;
static volatile int setup_done, server_ready, server_done;
static volatile seL4_Word served, server_bad, server_setup_error;
static char server_stack[16384] __attribute__((aligned(16)));

static int request_ok(seL4_Word seq, const seL4_Word* w, int len) {
  int ok = seq == served && len == W;
  for (int j = 0; j < W; ++j) ok &= w[j] == req_word(seq, j);
  return ok;
}

static void server_sync(void) {
  seL4_Word badge;
  server_ready = 1;
  seL4_MessageInfo_t info = seL4_Recv(g_ep, &badge);
  for (;;) {
    seL4_Word w[MAX_WORDS];
    const int len = (int)seL4_MessageInfo_get_length(info);
    for (int j = 0; j < W; ++j) w[j] = seL4_GetMR(j);
    if (seL4_MessageInfo_get_label(info) == LABEL_WARMUP) {  // not a request: the client's hand-shake
      info = seL4_ReplyRecv(g_ep, seL4_MessageInfo_new(LABEL_WARMUP, 0, 0, 0), &badge);
      continue;
    }
    if (seL4_MessageInfo_get_label(info) != LABEL_REQUEST || !request_ok(w[0] >> 8 & 0xffffffffffull, w, len))
      ++server_bad;
    ++served;
    for (int j = 0; j < W; ++j) seL4_SetMR(j, reply_of(w[j], j));
    info = seL4_ReplyRecv(g_ep, seL4_MessageInfo_new(LABEL_REPLY, 0, 0, (seL4_Word)W), &badge);
  }
}

static void server_async(void) {
  while (!setup_done) seL4_Yield();
  // Our sender entry towards the client (sender tables belong to the calling thread).
  seL4_MessageInfo_t info = seL4_Call(g_client_ntfn_badged, seL4_MessageInfo_new(UintrRegisterSender, 0, 0, 0));
  if (seL4_MessageInfo_get_label(info)) { server_setup_error = 1; server_ready = 1; return; }
  sel4_uintr_learn_arch(info);
  idx_to_client = seL4_GetMR(0);
  enable_user_interrupts();
  server_ready = 1;
  for (;;) {
    server_flag = 0;
    int n = 0, stop = 0;
    while (!ring_empty(&req_ring)) {
      seL4_Word* m = slot(&req_ring, req_ring.head);
      if (m[0] == STOP_SEQ) { ring_consume(&req_ring); stop = 1; break; }
      if (!request_ok(m[0], m + 1, W)) ++server_bad;
      seL4_Word* out = slot(&rsp_ring, rsp_ring.tail);
      out[0] = m[0];
      for (int j = 0; j < W; ++j) out[1 + j] = reply_of(m[1 + j], j);
      ring_consume(&req_ring);
      ring_publish(&rsp_ring);
      ++served;
      ++n;
    }
    if (n) sel4_uintr_send(idx_to_client);  // one notification per drained batch
    if (stop) break;
    wait_notified(&server_flag);
  }
  server_done = 1;
}

static void server(void* arg) {
  (void)arg;
  if (ASYNC) server_async();
  else server_sync();
}

// ---- the client -------------------------------------------------------------------------------------------
static seL4_Word client_bad, replies;

static int reply_ok(seL4_Word seq, const seL4_Word* w) {
  int ok = seq == replies;
  for (int j = 0; j < W; ++j) ok &= w[j] == reply_of(req_word(seq, j), j);
  return ok;
}

static void client_sync(seL4_CPtr ep) {
  for (seL4_Word r = 0; r < R; ++r) {
    for (int j = 0; j < W; ++j) seL4_SetMR(j, req_word(r, j));
    const seL4_MessageInfo_t info = seL4_Call(ep, seL4_MessageInfo_new(LABEL_REQUEST, 0, 0, (seL4_Word)W));
    seL4_Word w[MAX_WORDS];
    for (int j = 0; j < W; ++j) w[j] = seL4_GetMR(j);
    if (seL4_MessageInfo_get_label(info) != LABEL_REPLY || (int)seL4_MessageInfo_get_length(info) != W ||
        !reply_ok(r, w))
      ++client_bad;
    ++replies;
  }
}

static void client_async(void) {
  seL4_Word next = 0;
  for (;;) {
    client_flag = 0;
    while (!ring_empty(&rsp_ring)) {
      const seL4_Word* m = slot(&rsp_ring, rsp_ring.head);
      if (!reply_ok(m[0], m + 1)) ++client_bad;
      ring_consume(&rsp_ring);
      ++replies;
    }
    if (replies >= R) break;
    int pushed = 0;
    while (next < R && next - replies < (seL4_Word)C) {
      seL4_Word* m = slot(&req_ring, req_ring.tail);
      m[0] = next;
      for (int j = 0; j < W; ++j) m[1 + j] = req_word(next, j);
      ring_publish(&req_ring);
      ++next;
      pushed = 1;
    }
    if (pushed) sel4_uintr_send(idx_to_server);  // one notification per batch
    wait_notified(&client_flag);
  }
}

// ---- set-up -------------------------------------------------------------------------------------------------
static int fail(const char* what) {
  printf("uintr_ipc: FAIL (set-up: %s)\n", what);
  return 0;
}

static seL4_Error invoke_ntfn(seL4_CPtr ntfn, seL4_Word label, seL4_CPtr cap0) {
  if (cap0) seL4_SetCap(0, cap0);
  const seL4_MessageInfo_t info = seL4_Call(ntfn, seL4_MessageInfo_new(label, 0, cap0 ? 1 : 0, 0));
  sel4_uintr_learn_arch(info);
  return (seL4_Error)seL4_MessageInfo_get_label(info);
}

static seL4_CPtr mint(seL4_CPtr obj, seL4_Word badge) {
  const seL4_CPtr s = alloc_slot();
  if (!s || seL4_CNode_Mint(seL4_CapInitThreadCNode, s, seL4_RootCNodeDepth, seL4_CapInitThreadCNode, obj,
                            seL4_RootCNodeDepth, seL4_AllRights, badge))
    return seL4_CapNull;
  return s;
}

static int setup(seL4_BootInfo* bi, sel4_thread_t* srv, seL4_CPtr* client_ep) {
  if (!ASYNC) {
    g_ep = alloc_object(bi, seL4_EndpointObject, 0);
    if (!g_ep || !(*client_ep = mint(g_ep, 0x77))) return fail("endpoint");
  }
  const seL4_CPtr ntfn_s = ASYNC ? alloc_object(bi, seL4_NotificationObject, 0) : 0;
  const seL4_CPtr ntfn_c = ASYNC ? alloc_object(bi, seL4_NotificationObject, 0) : 0;
  if (ASYNC && (!ntfn_s || !ntfn_c)) return fail("notifications");
  if (sel4_thread_create(srv, server, NULL, server_stack, sizeof server_stack, seL4_MaxPrio)) return fail("server thread");
  if (SERVER_CORE && seL4_TCB_SetAffinity(srv->tcb, (seL4_Word)SERVER_CORE)) return fail("server affinity");
  if (ASYNC) {
    const seL4_CPtr to_server = mint(ntfn_s, VEC_REQ);
    if (!to_server || !(g_client_ntfn_badged = mint(ntfn_c, VEC_RSP))) return fail("badged notification caps");
    if (seL4_TCB_BindNotification(srv->tcb, ntfn_s) || invoke_ntfn(ntfn_s, UintrRegisterReceiver, srv->tcb))
      return fail("the server as the receiver of its notification");
    if (seL4_TCB_BindNotification(seL4_CapInitThreadTCB, ntfn_c) ||
        invoke_ntfn(ntfn_c, UintrRegisterReceiver, seL4_CapInitThreadTCB))
      return fail("the client as the receiver of its notification");
    if (invoke_ntfn(to_server, UintrRegisterSender, 0)) return fail("the client as a sender to the server");
    idx_to_server = seL4_GetMR(0);
    enable_user_interrupts();
    setup_done = 1;
  }
  while (!server_ready) seL4_Yield();
  if (server_setup_error) return fail("the server as a sender to the client");
  if (!ASYNC && seL4_MessageInfo_get_label(seL4_Call(*client_ep, seL4_MessageInfo_new(LABEL_WARMUP, 0, 0, 0))) !=
                    LABEL_WARMUP)
    return fail("the hand-shake Call");
  return 1;
}

int main(seL4_BootInfo* bi) {
  if (wl_begin("uintr_ipc", bi)) { printf("uintr_ipc: FAIL (no sim-control device)\n"); return WL_EXIT_SETUP; }
  static const char* const modes[] = {"sync", "async", 0};
  ASYNC = wl_arg_choice("mode", "sync", modes);
  C = (int)wl_arg_int("concurrency", 8, 1, MAX_WINDOW);
  W = (int)wl_arg_int("words", 4, 1, MAX_WORDS);
  R = (seL4_Word)wl_arg_int("requests", 256, 1, 1000000);
  SERVER_CORE = (int)wl_arg_int("server_core", 0, 0, (int64_t)bi->numNodes - 1);
  if (!wl_args_ok()) return WL_EXIT_BAD_ARG;
  SHARED_CORE = SERVER_CORE == 0;  // the client is the root task, on core 0
  printf("uintr_ipc: mode=%s concurrency=%d words=%d requests=%lu server_core=%d (%s)\n", ASYNC ? "async" : "sync", C,
         W, R, SERVER_CORE, SHARED_CORE ? "one core" : "across cores");
  sel4_thread_t srv;
  seL4_CPtr client_ep = 0;
  if (!setup(bi, &srv, &client_ep)) return WL_EXIT_SETUP;

  sel4_roi_begin();
  const seL4_Word c0 = wl_rdcycle();
  if (ASYNC) client_async();
  else client_sync(client_ep);
  const seL4_Word c1 = wl_rdcycle();
  sel4_rounds(R);
  sel4_syscalls(2 * R);
  sel4_roi_end();

  if (ASYNC) {  // stop the server (outside the ROI) and wait until it has left its loop
    seL4_Word* m = slot(&req_ring, req_ring.tail);
    m[0] = STOP_SEQ;
    ring_publish(&req_ring);
    sel4_uintr_send(idx_to_server);
    for (int i = 0; i < 1000000 && !server_done; ++i)
      if (SHARED_CORE) seL4_Yield();
  }
  printf("uintr_ipc: requests=%lu cycles=%lu cycles_per_request=%lu\n", R, c1 - c0, wl_mean(c1 - c0, R));
  if (ASYNC)
    printf("uintr_ipc: notifications server=%lu client=%lu (requests per server wake-up: %lu)\n", server_irqs,
           client_irqs, wl_mean(R, server_irqs));
  const int ok = replies == R && served == R && !client_bad && !server_bad && (!ASYNC || server_done);
  printf("uintr_ipc: %s (replies=%lu served=%lu bad_replies=%lu bad_requests=%lu server_stopped=%d)\n",
         ok ? "PASS" : "FAIL", replies, served, client_bad, server_bad, ASYNC ? (int)server_done : 1);
  return ok ? WL_EXIT_OK : WL_EXIT_WRONG;
}
