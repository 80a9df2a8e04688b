#include "sim/mem/ram.h"

#include <sys/mman.h>

#include <cstring>
#include <stdexcept>

namespace uintrsim {

Ram::Ram(sc_core::sc_module_name name, uint64_t size) : sc_module(name), socket("socket"), size_(size) {
  void* p = mmap(nullptr, size, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
  if (p == MAP_FAILED) throw std::runtime_error("cannot allocate " + std::to_string(size) + " bytes of guest RAM");
  mem_ = static_cast<uint8_t*>(p);
  socket.register_b_transport(this, &Ram::b_transport);
  socket.register_get_direct_mem_ptr(this, &Ram::get_direct_mem_ptr);
  socket.register_transport_dbg(this, &Ram::transport_dbg);
}

Ram::~Ram() { munmap(mem_, size_); }

void Ram::b_transport(tlm::tlm_generic_payload& tx, sc_core::sc_time&) {
  const uint64_t a = tx.get_address();
  const unsigned len = tx.get_data_length();
  if (a >= size_ || len > size_ - a) {
    tx.set_response_status(tlm::TLM_ADDRESS_ERROR_RESPONSE);
    return;
  }
  if (tx.is_write()) std::memcpy(mem_ + a, tx.get_data_ptr(), len);
  else std::memcpy(tx.get_data_ptr(), mem_ + a, len);
  tx.set_dmi_allowed(true);
  tx.set_response_status(tlm::TLM_OK_RESPONSE);
}

bool Ram::get_direct_mem_ptr(tlm::tlm_generic_payload&, tlm::tlm_dmi& dmi) {
  dmi.set_dmi_ptr(mem_);
  dmi.set_start_address(0);
  dmi.set_end_address(size_ - 1);
  dmi.allow_read_write();
  return true;
}

unsigned Ram::transport_dbg(tlm::tlm_generic_payload& tx) {
  sc_core::sc_time t;
  b_transport(tx, t);
  return tx.is_response_ok() ? tx.get_data_length() : 0;
}

}  // namespace uintrsim
