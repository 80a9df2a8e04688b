// ipc_pingpong: synchronous IPC between the root task (client, seL4_Call) and a second
// thread (server, seL4_Recv + seL4_ReplyRecv) over one endpoint.
//   - every message carries 6 MRs: MR0..MR3 travel in registers, MR4..MR5 in the IPC buffers,
//     both ways, with values that change every round;
//   - round 0 goes through the original (unbadged) endpoint cap, rounds 1..N through a copy
//     minted with badge PINGPONG_BADGE: the server checks the badge of each request;
//   - labels and lengths are checked both ways; the N rounds are timed with seL4_GetClock.
// With -DPINGPONG_SERVER_CORE=1 the server runs on core 1 (TCB affinity) and every message
// crosses cores (kernel IPIs wake the partner's core).
#include "sel4test.h"

#ifndef PINGPONG_ROUNDS
#define PINGPONG_ROUNDS 1000
#endif
#define PINGPONG_BADGE 0x1234
#define PINGPONG_MRS 6
#define LABEL_REQUEST 0x42
#define LABEL_REPLY 0x43

static seL4_Word request_word(seL4_Word round, int i) { return (0xc1ull << 56) | (round << 8) | (seL4_Word)(i + 1); }
static seL4_Word reply_word(seL4_Word round, int i) { return ~request_word(round, i) ^ ((seL4_Word)i << 40); }

static seL4_CPtr g_ep;
static volatile seL4_Word server_rounds;       // requests served
static volatile seL4_Word server_bad_badge;    // requests with a wrong badge
static volatile seL4_Word server_bad_message;  // requests with a wrong label, length or MR
static volatile seL4_Word server_first_bad = ~0ull;

static char server_stack[16384] __attribute__((aligned(16)));

static void server(void* arg) {
  (void)arg;
  seL4_Word badge;
  seL4_MessageInfo_t info = seL4_Recv(g_ep, &badge);
  for (;;) {
    seL4_Word round = seL4_GetMR(0) >> 8 & 0xffffffffffull;
    seL4_Word want_badge = round == 0 ? 0 : PINGPONG_BADGE;
    int bad = seL4_MessageInfo_get_label(info) != LABEL_REQUEST ||
              seL4_MessageInfo_get_length(info) != PINGPONG_MRS || round != server_rounds;
    for (int i = 0; i < PINGPONG_MRS; ++i) bad |= seL4_GetMR(i) != request_word(round, i);
    if (badge != want_badge) ++server_bad_badge;
    if (bad) ++server_bad_message;
    if ((bad || badge != want_badge) && server_first_bad == ~0ull) server_first_bad = server_rounds;
    ++server_rounds;
    for (int i = 0; i < PINGPONG_MRS; ++i) seL4_SetMR(i, reply_word(round, i));
    info = seL4_ReplyRecv(g_ep, seL4_MessageInfo_new(LABEL_REPLY, 0, 0, PINGPONG_MRS), &badge);
  }
}

// One round trip; returns 1 when the reply is right.
static int call_round(seL4_CPtr cap, seL4_Word round) {
  for (int i = 0; i < PINGPONG_MRS; ++i) seL4_SetMR(i, request_word(round, i));
  seL4_MessageInfo_t reply = seL4_Call(cap, seL4_MessageInfo_new(LABEL_REQUEST, 0, 0, PINGPONG_MRS));
  int ok = seL4_MessageInfo_get_label(reply) == LABEL_REPLY && seL4_MessageInfo_get_length(reply) == PINGPONG_MRS;
  for (int i = 0; i < PINGPONG_MRS; ++i) ok &= seL4_GetMR(i) == reply_word(round, i);
  return ok;
}

int main(seL4_BootInfo* bi) {
  sel4test_begin("ipc_pingpong");
  g_ep = alloc_object(bi, seL4_EndpointObject, 0);
  REQUIRE(1, g_ep != seL4_CapNull, "retype an endpoint");
  seL4_CPtr badged = alloc_slot();
  REQUIRE(2, badged != seL4_CapNull, "allocate a slot");
  REQUIRE_ERR(3,
              seL4_CNode_Mint(seL4_CapInitThreadCNode, badged, seL4_RootCNodeDepth, seL4_CapInitThreadCNode, g_ep,
                              seL4_RootCNodeDepth, seL4_AllRights, PINGPONG_BADGE),
              seL4_NoError, "mint a badged endpoint cap");

  sel4_thread_t srv;
  REQUIRE_ERR(4, sel4_thread_create(&srv, server, NULL, server_stack, sizeof server_stack, seL4_MaxPrio),
              seL4_NoError, "create and start the server thread");

#ifdef PINGPONG_SERVER_CORE
  REQUIRE_ERR(12, seL4_TCB_SetAffinity(srv.tcb, PINGPONG_SERVER_CORE), seL4_NoError, "move the server to another core");
#endif
  CHECK(5, call_round(g_ep, 0), "round 0 through the unbadged cap: reply label, length and 6 MRs");
  CHECK(6, server_rounds == 1 && server_bad_badge == 0 && server_bad_message == 0,
        "server saw request 0 with badge 0 and 6 correct MRs");

  seL4_Word bad_replies = 0, first_bad_reply = 0;
  seL4_Word t0 = seL4_GetClock();
  for (seL4_Word r = 1; r <= PINGPONG_ROUNDS; ++r) {
    if (!call_round(badged, r) && bad_replies++ == 0) first_bad_reply = r;
  }
  seL4_Word t1 = seL4_GetClock();

  if (bad_replies) printf("  %lu bad replies, first in round %lu\n", bad_replies, first_bad_reply);
  if (server_bad_badge || server_bad_message)
    printf("  server: %lu bad badges, %lu bad requests, first in round %lu\n", server_bad_badge, server_bad_message,
           server_first_bad);
  CHECK(7, bad_replies == 0, "every reply had label, length and 6 MRs right (MR4/5 via IPC buffer)");
  CHECK_EQ(8, server_rounds, PINGPONG_ROUNDS + 1, "server served every request");
  CHECK(9, server_bad_badge == 0, "server saw the minted badge on every badged request");
  CHECK(10, server_bad_message == 0, "server saw label, length and 6 MRs right on every request");
  CHECK(11, t1 > t0, "seL4_GetClock advanced over the rounds");
  seL4_Word ticks = t1 - t0;
  printf("rounds=%d ticks=%lu ticks_per_round=%lu\n", PINGPONG_ROUNDS, ticks, ticks / PINGPONG_ROUNDS);
  return sel4test_finish();
}
