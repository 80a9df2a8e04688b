// Compute-heavy guest benchmark for simulator speed (simulated MIPS): a mix of integer
// arithmetic, multiply/divide, loads/stores, branches and calls, like CoreMark's kernels:
// CRC-32, a matrix multiply, insertion sort over pseudo-random data, a sieve and a
// string-search loop. Prints a checksum so that a wrong simulation is visible.
#include "../baremetal/bm.h"

#ifndef ROUNDS
#define ROUNDS 600
#endif

static uint32_t crc32(const uint8_t* p, unsigned n, uint32_t crc) {
  crc = ~crc;
  for (unsigned i = 0; i < n; ++i) {
    crc ^= p[i];
    for (int k = 0; k < 8; ++k) crc = (crc >> 1) ^ (0xedb88320u & -(crc & 1));
  }
  return ~crc;
}

#define N 24
static int64_t A[N][N], B[N][N], C[N][N];
static void matmul(void) {
  for (int i = 0; i < N; ++i)
    for (int j = 0; j < N; ++j) {
      int64_t s = 0;
      for (int k = 0; k < N; ++k) s += A[i][k] * B[k][j];
      C[i][j] = s;
    }
}

#define SORT_N 256
static uint32_t data[SORT_N];
static uint32_t rng = 12345;
static uint32_t next_rand(void) { rng = rng * 1103515245u + 12345u; return rng >> 8; }
static void insertion_sort(uint32_t* a, int n) {
  for (int i = 1; i < n; ++i) {
    uint32_t v = a[i];
    int j = i - 1;
    while (j >= 0 && a[j] > v) { a[j + 1] = a[j]; --j; }
    a[j + 1] = v;
  }
}

#define SIEVE_N 8192
static uint8_t sieve[SIEVE_N];
static unsigned count_primes(void) {
  for (int i = 0; i < SIEVE_N; ++i) sieve[i] = 1;
  unsigned c = 0;
  for (int i = 2; i < SIEVE_N; ++i)
    if (sieve[i]) { ++c; for (int j = 2 * i; j < SIEVE_N; j += i) sieve[j] = 0; }
  return c;
}

static const char text[] = "the quick brown fox jumps over the lazy dog; a simulator that is "
                           "deterministic and fast is a simulator that researchers can trust";
static unsigned count_matches(const char* needle) {
  unsigned c = 0;
  for (const char* p = text; *p; ++p) {
    const char *a = p, *b = needle;
    while (*b && *a == *b) { ++a; ++b; }
    if (!*b) ++c;
  }
  return c;
}

int main(int hartid) {
  if (hartid != 0) for (;;) __asm__ volatile("wfi");
  uint64_t check = 0;
  for (int i = 0; i < N; ++i)
    for (int j = 0; j < N; ++j) { A[i][j] = i + j; B[i][j] = i - j + (i * j) % 7; }
  const uint64_t t0 = bm_rdtime(), c0 = bm_rdcycle(), n0 = bm_rdinstret();
  bm_simctrl(BM_ROI_BEGIN, 0);
  const int rounds = (int)uintrsim_arg_int("rounds", ROUNDS);  // workload.args.rounds
  for (int r = 0; r < rounds; ++r) {
    check += crc32((const uint8_t*)text, sizeof text - 1, (uint32_t)r);
    matmul();
    check += (uint64_t)C[r % N][(r * 7) % N];
    for (int i = 0; i < SORT_N; ++i) data[i] = next_rand();
    insertion_sort(data, SORT_N);
    check += data[SORT_N / 2] / 1000 + data[0] % 97;
    check += count_primes();
    check += count_matches("the") + count_matches("simulator") * 3;
    check = check * 31 + (check / 7) % 1000003;
    bm_simctrl(BM_ROUNDS, 1);
  }
  bm_simctrl(BM_ROI_END, 0);
  const uint64_t t1 = bm_rdtime(), c1 = bm_rdcycle(), n1 = bm_rdinstret();
  bm_printf("compute_mix: %d rounds, checksum %lx\n", rounds, check);
  bm_printf("compute_mix: %lu instructions, %lu cycles, %lu rdtime ticks (guest-measured)\n",
            n1 - n0, c1 - c0, t1 - t0);
  return 0;
}
