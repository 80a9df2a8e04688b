// The uipi.send engine as a replaceable part of the hart (docs/architecture.md): a hart with
// an engine attached hands every uipi.send to it instead of running its C++ engine
// (sim/hart/hart_uintr.cpp). The verilated RTL (rtl_models/uipi_send.sv) is the one
// implementation; it registers a factory, as the RTL UINTC does.
//
// Both engines follow the Rocket design's FSM state by state (docs/hardware-uintr.md "Send path"),
// one core cycle per state, so they cost the same cycles:
//   no-op before the load (Enable clear; index beyond Size under qemu checks):  RESP = 1
//   UISTE load: WAIT_MEM0 (1) + READ_UIST (the D-cache latency: 1 on a hit, 1 + miss latency)
//   then fault or Valid-clear no-op: RESP (1)
//   or the SEND store: WAIT_MEM1 (1), the store, CHECK_NACK0, CHECK_NACK1 (a nack goes back to
//   WAIT_MEM1 and replays the store), RESP: 3 cycles after the store.
// A hit with no nack costs 6 cycles, 3 of them before the SEND leaves the hart.
#pragma once
#include <cstdint>
#include <functional>
#include <memory>
#include <string>

#include "sim/uintr/uintr_params.h"

namespace uintrsim {

// What the engine needs from its hart: the hart's data path at physical S level.
class UipiSendPort {
 public:
  virtual ~UipiSendPort() = default;
  // Reads the 8-byte UISTE; false = access fault. `latency` = cycles until the data returns
  // (the READ_UIST state's length: 1 on a D-cache hit, 1 + miss latency on a miss).
  virtual bool read_uiste(uint64_t pa, uint64_t* value, unsigned* latency) = 0;
  // Issues the uncached SEND store, `elapsed` engine cycles after the command; false = the
  // memory system refused it (nack: the engine replays it).
  virtual bool store_send(uint64_t pa, uint64_t data, uint64_t elapsed) = 0;
};

class UipiSendEngine {
 public:
  virtual ~UipiSendEngine() = default;
  struct Result {
    bool fault = false;   // load access fault on the UISTE (tval = index)
    uint64_t cycles = 0;  // engine cycles from the command to the response
  };
  // Runs one uipi.send to completion (on the calling hart's SystemC thread).
  virtual Result send(uint64_t index, uint64_t suist, UipiSendPort& port) = 0;
};

struct UipiSendEngineParams {
  unsigned hart = 0;
  UintrParams uintr;
  std::string vcd_path;  // waveform of this engine ("" = none)
};
using UipiSendFactory = std::function<std::unique_ptr<UipiSendEngine>(const UipiSendEngineParams&)>;
// Makes an engine implementation available under `impl` (the RTL adapter registers "rtl").
void register_uipi_send_impl(const std::string& impl, UipiSendFactory f);
UipiSendFactory uipi_send_impl(const std::string& impl);

// The C++ engine (the default): the Rocket FSM's states as straight-line code.
class FsmUipiSend : public UipiSendEngine {
 public:
  explicit FsmUipiSend(const UintrParams& u) : u_(u) {}
  Result send(uint64_t index, uint64_t suist, UipiSendPort& port) override;

 private:
  UintrParams u_;
};

}  // namespace uintrsim
