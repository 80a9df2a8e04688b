// Host-target interface (the riscv-tests / Spike convention): the guest writes commands to
// the `tohost` word and the host answers in `fromhost`; both are found through the ELF's
// symbols. Supported: exit (device 0, payload bit 0 set: code = payload >> 1), the syscall
// proxy (device 0, payload = address of a magic_mem block; write(64), at most 1 MiB a call, and
// exit(93)), and the
// console (device 1, command 1: putchar). The encoding is in workloads/include/uintrsim/devices.h.
#pragma once
#include <functional>
#include <string>

#include <systemc>
#include <tlm>
#include <tlm_utils/simple_target_socket.h>

namespace uintrsim {

class Htif : public sc_core::sc_module {
 public:
  tlm_utils::simple_target_socket<Htif> socket;  // UINTRSIM_HTIF_TOHOST (0), UINTRSIM_HTIF_FROMHOST (8)

  // `mem` reads/writes guest physical memory for the syscall proxy.
  using MemAccess = std::function<bool(bool write, uint64_t pa, void* data, unsigned len)>;
  // `on_exit` gets the guest's exit code whole (64 bits; 0 = pass).
  Htif(sc_core::sc_module_name name, MemAccess mem, std::function<void(uint64_t)> on_exit,
       std::function<void(const char*, size_t)> on_console);

 private:
  void b_transport(tlm::tlm_generic_payload& tx, sc_core::sc_time& delay);
  void command(uint64_t v);
  void proxy_syscall(uint64_t magic);

  MemAccess mem_;
  std::function<void(uint64_t)> on_exit_;
  std::function<void(const char*, size_t)> on_console_;
  uint64_t tohost_ = 0, fromhost_ = 0;
};

}  // namespace uintrsim
