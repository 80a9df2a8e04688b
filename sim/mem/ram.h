// Main memory: a TLM target that grants DMI over its whole range, so harts access it through
// host pointers. Backed by an anonymous mapping, so untouched memory costs nothing.
#pragma once
#include <systemc>
#include <tlm>
#include <tlm_utils/simple_target_socket.h>

namespace uintrsim {

class Ram : public sc_core::sc_module {
 public:
  tlm_utils::simple_target_socket<Ram> socket;

  Ram(sc_core::sc_module_name name, uint64_t size);
  ~Ram() override;

  uint8_t* host() { return mem_; }
  const uint8_t* host() const { return mem_; }
  uint64_t size() const { return size_; }

 private:
  void b_transport(tlm::tlm_generic_payload& tx, sc_core::sc_time& delay);
  bool get_direct_mem_ptr(tlm::tlm_generic_payload& tx, tlm::tlm_dmi& dmi);
  unsigned transport_dbg(tlm::tlm_generic_payload& tx);

  uint8_t* mem_ = nullptr;
  uint64_t size_;
};

}  // namespace uintrsim
