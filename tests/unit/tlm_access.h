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

// The payload for `len` bytes at `data` (optionally with byte enables), through `transport`.
template <typename Transport>
tlm::tlm_response_status tlm_transport(Transport&& transport, bool write, uint64_t addr, uint8_t* data, unsigned len,
                                       sc_core::sc_time& delay, const uint8_t* byte_enable = nullptr,
                                       uint64_t* addr_after = nullptr) {
  tlm::tlm_generic_payload tx;
  tx.set_command(write ? tlm::TLM_WRITE_COMMAND : tlm::TLM_READ_COMMAND);
  tx.set_address(addr);
  tx.set_data_ptr(data);
  tx.set_data_length(len);
  tx.set_streaming_width(len);
  if (byte_enable) {
    tx.set_byte_enable_ptr(const_cast<uint8_t*>(byte_enable));
    tx.set_byte_enable_length(len);
  }
  tx.set_response_status(tlm::TLM_INCOMPLETE_RESPONSE);
  transport(tx, delay);
  if (addr_after) *addr_after = tx.get_address();
  return tx.get_response_status();
}

template <typename Transport>
TlmAccess tlm_access(Transport&& transport, bool write, uint64_t addr, unsigned len, uint64_t value = 0,
                     sc_core::sc_time delay = sc_core::SC_ZERO_TIME, const uint8_t* byte_enable = nullptr) {
  uint8_t buf[16] = {};
  std::memcpy(buf, &value, 8);
  uint64_t addr_after = 0;
  const tlm::tlm_response_status st = tlm_transport(transport, write, addr, buf, len, delay, byte_enable, &addr_after);
  uint64_t v = 0;
  std::memcpy(&v, buf, 8);
  return {st, v, addr_after, delay};
}

}  // namespace uintrsim::test
