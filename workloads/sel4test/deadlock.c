// The root task waits on an endpoint nobody will ever send to: the kernel must detect that
// no thread can run any more and end the run with a report (not hang until the cycle limit).
#include <sel4/runtime.h>
#include <sel4/sel4.h>

int main(seL4_BootInfo* bi) {
  const seL4_CPtr ep = alloc_object(bi, seL4_EndpointObject, 0);
  printf("deadlock: waiting on an endpoint with no sender\n");
  seL4_Word badge;
  seL4_Recv(ep, &badge);
  printf("deadlock: FAIL (woke up)\n");
  return 1;
}
