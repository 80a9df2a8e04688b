// One TLM access for the device and bus tests: builds the generic payload for a read or
// write of `len` bytes (value little-endian in the low bytes), calls `transport` with it and
// the delay, and returns the response, the data read, the address after the call (a bus
// restores it) and the delay after it.
#pragma once
#include <cstdint>
#include <cstring>

#include <systemc>
#include <tlm>

namespace uintrsim::test {

struct TlmAccess {
  tlm::tlm_response_status status;
  uint64_t value;
  uint64_t addr_after;
  sc_core::sc_time delay_after;
};

template <typename Transport>
TlmAccess tlm_access(Transport&& transport, bool write, uint64_t addr, unsigned len, uint64_t value = 0,
                     sc_core::sc_time delay = sc_core::SC_ZERO_TIME) {
  uint8_t buf[16] = {};
  std::memcpy(buf, &value, 8);
  tlm::tlm_generic_payload tx;
  tx.set_command(write ? tlm::TLM_WRITE_COMMAND : tlm::TLM_READ_COMMAND);
  tx.set_address(addr);
  tx.set_data_ptr(buf);
  tx.set_data_length(len);
  tx.set_streaming_width(len);
  tx.set_response_status(tlm::TLM_INCOMPLETE_RESPONSE);
  transport(tx, delay);
  uint64_t v = 0;
  std::memcpy(&v, buf, 8);
  return {tx.get_response_status(), v, tx.get_address(), delay};
}

}  // namespace uintrsim::test
