// A two-hart bare-metal C guest for the GDB test (tests/debug/gdb_session.sh) and the GDB
// example in docs/debugging.md. Built with -O0 so that every variable lives where the debug
// information says. Hart 0 computes a sum of squares, waits until hart 1 has counted a while,
// and ends the run; hart 1 counts until hart 0 is done. Exit code 0 if the sum is right.
#include "bm.h"

volatile int done;
volatile long progress[2];

int compute(int n) {
  int sum = 0;
  for (int i = 1; i <= n; ++i) {
    int sq = i * i;
    sum += sq;
  }
  return sum;
}

int main(int hartid) {
  if (hartid != 0) {
    while (!done) progress[hartid]++;
    for (;;) __asm__ volatile("wfi");
  }
  int total = compute(10);
  progress[0] = total;
  while (progress[1] < 100) {}
  done = 1;
  return total == 385 ? 0 : 1;
}
