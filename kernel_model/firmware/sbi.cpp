// The firmware model (SBI-like, as OpenSBI): machine-mode traps once the kernel runs. The machine
// timer is forwarded to the supervisor as STIP, a machine software interrupt (IPI) as SSIP.
#include "kernel_model/firmware/sbi.h"

#include <cstring>

#include "kernel_model/kernel.h"

namespace uintrsim::kernel {

using namespace rv;

void Firmware::on_machine_trap(KernelPort& h, uint64_t cause, uint64_t tval, uint64_t epc) {
  h.charge(p_.cost.sbi_timer);
  if (cause == (kInterruptBit | kMTI)) {
    uint64_t mip = 0, mie = 0;
    mip = h.csr_read(csr::mip);
    h.csr_write(csr::mip, mip | bit(kSTI));
    mie = h.csr_read(csr::mie);
    h.csr_write(csr::mie, mie & ~bit(kMTI));
    h.return_from_firmware();
    return;
  }
  if (cause == (kInterruptBit | kMSI)) {  // IPI: clear msip, raise SSIP (as OpenSBI does)
    h.clear_ipi();
    uint64_t mip = 0;
    mip = h.csr_read(csr::mip);
    h.csr_write(csr::mip, mip | bit(kSSI));
    h.return_from_firmware();
    return;
  }
  char msg[160];
  std::snprintf(msg, sizeof msg, "kernel: unexpected machine-mode trap, cause %llu tval 0x%llx at pc 0x%llx\n",
                (unsigned long long)cause, (unsigned long long)tval, (unsigned long long)epc);
  info_.console(msg, std::strlen(msg));
  info_.halt(122);
  h.stop();
}

}  // namespace uintrsim::kernel
