// The system bus: routes TLM transactions from harts to devices by an address map taken from
// config. Windows may overlap; the first mapped wins (small device windows such as HTIF's
// tohost are mapped before RAM). DMI grants are clipped so that no page holding a
// higher-priority window is ever accessed directly.
#pragma once
#include <string>
#include <vector>

#include <systemc>
#include <tlm>
#include <tlm_utils/multi_passthrough_initiator_socket.h>
#include <tlm_utils/multi_passthrough_target_socket.h>

namespace uintrsim {

class Bus : public sc_core::sc_module {
 public:
  tlm_utils::multi_passthrough_target_socket<Bus> targ;   // from harts
  tlm_utils::multi_passthrough_initiator_socket<Bus> init; // to devices

  Bus(sc_core::sc_module_name name, sc_core::sc_time access_latency);

  // Maps [base, base+size) to initiator port `port`; the device sees address - base + offset.
  void map(std::string name, uint64_t base, uint64_t size, unsigned port, uint64_t offset = 0);
  // The mapped window containing `addr`, or nullptr.
  struct Window { std::string name; uint64_t base, size; unsigned port; uint64_t offset; };
  const Window* find(uint64_t addr) const;
  const std::vector<Window>& windows() const { return map_; }

 private:
  void b_transport(int id, tlm::tlm_generic_payload& tx, sc_core::sc_time& delay);
  bool get_direct_mem_ptr(int id, tlm::tlm_generic_payload& tx, tlm::tlm_dmi& dmi);
  unsigned transport_dbg(int id, tlm::tlm_generic_payload& tx);

  std::vector<Window> map_;
  sc_core::sc_time latency_;
};

}  // namespace uintrsim
