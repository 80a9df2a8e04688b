// A second compute benchmark for simulator speed, unlike compute_mix in its code: pointer
// chasing through a linked list that is reversed and merge-sorted, a recursive quicksort
// (calls and returns, jalr-heavy), a table-free state machine over text, bit manipulation
// and a word-copy loop. Every hart runs it on its own data, so with platform.harts = N the
// simulator runs N independent compute streams (the multi-hart case of scripts/bench-mips.sh);
// hart 0 waits for the others and prints the combined checksum.
#include "../baremetal/bm.h"

#ifndef ROUNDS
#define ROUNDS 200
#endif
#define MAX_HARTS 8
#define LIST_N 512
#define QS_N 512
#define COPY_N 256

struct node { struct node* next; uint32_t key; };
struct hart_data {
  struct node nodes[LIST_N];
  uint32_t qs[QS_N];
  uint64_t src[COPY_N], dst[COPY_N];
  uint32_t rng;
} __attribute__((aligned(64)));
static struct hart_data hd[MAX_HARTS];
static volatile uint64_t done_harts;
static volatile uint64_t checksums[MAX_HARTS];

static uint32_t next_rand(struct hart_data* d) { d->rng = d->rng * 1664525u + 1013904223u; return d->rng >> 4; }

static struct node* reverse(struct node* n) {
  struct node* r = 0;
  while (n) { struct node* nx = n->next; n->next = r; r = n; n = nx; }
  return r;
}
static struct node* merge(struct node* a, struct node* b) {
  struct node head, *t = &head;
  while (a && b) {
    if (a->key <= b->key) { t->next = a; a = a->next; } else { t->next = b; b = b->next; }
    t = t->next;
  }
  t->next = a ? a : b;
  return head.next;
}
static struct node* merge_sort(struct node* n) {
  if (!n || !n->next) return n;
  struct node *slow = n, *fast = n->next;
  while (fast && fast->next) { slow = slow->next; fast = fast->next->next; }
  struct node* b = slow->next;
  slow->next = 0;
  return merge(merge_sort(n), merge_sort(b));
}

static void quicksort(uint32_t* a, int lo, int hi) {
  while (lo < hi) {
    const uint32_t p = a[(lo + hi) / 2];
    int i = lo, j = hi;
    while (i <= j) {
      while (a[i] < p) ++i;
      while (a[j] > p) --j;
      if (i <= j) { uint32_t t = a[i]; a[i] = a[j]; a[j] = t; ++i; --j; }
    }
    if (j - lo < hi - i) { quicksort(a, lo, j); lo = i; } else { quicksort(a, i, hi); hi = j; }
  }
}

// Counts numbers, words and punctuation in a text with a small state machine.
static const char text[] = "In 2026, 3 harts ran 17 rounds; each round: 512 nodes, 512 keys, 256 words. "
                           "Results -- deterministic, bit-identical -- were 100% reproducible!";
static uint64_t scan(void) {
  enum { kSpace, kWord, kNumber } s = kSpace;
  unsigned words = 0, numbers = 0, punct = 0;
  for (const char* p = text; *p; ++p) {
    const char c = *p;
    const int digit = c >= '0' && c <= '9', alpha = (c | 32) >= 'a' && (c | 32) <= 'z';
    if (digit) { if (s == kSpace) ++numbers; s = s == kWord ? kWord : kNumber; }
    else if (alpha) { if (s == kSpace) ++words; s = kWord; }
    else { if (c != ' ') ++punct; s = kSpace; }
  }
  return words * 10000u + numbers * 100u + punct;
}

static uint64_t bits(uint64_t v) {
  unsigned pop = 0, lead = 0;
  for (uint64_t x = v; x; x &= x - 1) ++pop;
  for (uint64_t m = 1ull << 63; m && !(v & m); m >>= 1) ++lead;
  return (v ^ (v >> 17)) * 0x9e3779b97f4a7c15ull + pop * 64 + lead;
}

static uint64_t run_round(struct hart_data* d, int r) {
  uint64_t check = 0;
  for (int i = 0; i < LIST_N; ++i) {
    d->nodes[i].key = next_rand(d);
    d->nodes[i].next = i + 1 < LIST_N ? &d->nodes[i + 1] : 0;
  }
  struct node* l = merge_sort(reverse(&d->nodes[0]));
  for (int i = 0; l && i < 5; ++i, l = l->next) check += l->key;
  for (int i = 0; i < QS_N; ++i) d->qs[i] = next_rand(d);
  quicksort(d->qs, 0, QS_N - 1);
  check += d->qs[QS_N / 3] + d->qs[QS_N - 1];
  check += scan() + bits(check + (uint64_t)r);
  for (int i = 0; i < COPY_N; ++i) d->src[i] = check + (uint64_t)i;
  for (int i = 0; i < COPY_N; ++i) d->dst[i] = d->src[COPY_N - 1 - i] ^ d->dst[i];
  return check + d->dst[r % COPY_N];
}

int main(int hartid) {
#ifdef BM_HTIF_ONLY
  const uint64_t harts = 1;
#else
  const uint64_t harts = bm_harts();
#endif
  if ((uint64_t)hartid >= harts || hartid >= MAX_HARTS) for (;;) __asm__ volatile("wfi");
  struct hart_data* d = &hd[hartid];
  d->rng = 2026u + (uint32_t)hartid;
  const int rounds = (int)uintrsim_arg_int("rounds", ROUNDS);  // workload.args.rounds
  uint64_t check = 0;
  for (int r = 0; r < rounds; ++r) check = check * 31 + run_round(d, r);
  checksums[hartid] = check;
  __atomic_fetch_add(&done_harts, 1, __ATOMIC_SEQ_CST);
  if (hartid != 0) for (;;) __asm__ volatile("wfi");
  while (done_harts < harts) {}
  uint64_t all = 0;
  for (uint64_t h = 0; h < harts; ++h) all ^= checksums[h] + h;
  bm_printf("compute_kernels: %d rounds on %lu hart(s), checksum %lx\n", rounds, harts, all);
  return 0;
}
