// Reads two workload arguments by name and prints them: `count` (integer, default 3) and
// `label` (string, default "none"); exits 0. For the workload-argument tests.
#include "../../../workloads/baremetal/bm.h"

int main(void) {
  char label[32];
  const int64_t count = uintrsim_arg_int("count", 3);
  const size_t len = uintrsim_arg_str("label", label, sizeof label, "none");
  bm_printf("args_echo: count=%ld label=%s len=%lu\n", (long)count, label, (unsigned long)len);
  return 0;
}
