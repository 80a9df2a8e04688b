#include "sim/devices/sim_control.h"

#include <cctype>
#include <cstring>

namespace uintrsim {

SimControl::SimControl(sc_core::sc_module_name name, unsigned harts, uint64_t uintc_base, WorkloadArgs& args,
                       sc_core::sc_time latency, Hooks hooks)
    : sc_module(name), socket("socket"), harts_(harts), uintc_base_(uintc_base), args_(args), latency_(latency),
      hooks_(std::move(hooks)) {
  socket.register_b_transport(this, &SimControl::b_transport);
}

void SimControl::b_transport(tlm::tlm_generic_payload& tx, sc_core::sc_time& delay) {
  const uint64_t a = tx.get_address();
  const sc_core::sc_time at = sc_core::sc_time_stamp() + delay;
  delay += latency_;
  if (tx.get_data_length() != UINTRSIM_SIMCTRL_REG_BYTES || a % UINTRSIM_SIMCTRL_REG_BYTES || a > UINTRSIM_SIMCTRL_LAST) {
    tx.set_response_status(tlm::TLM_BURST_ERROR_RESPONSE);  // 8-byte aligned accesses only
    return;
  }
  tx.set_response_status(tlm::TLM_OK_RESPONSE);
  uint64_t v = 0;
  if (tx.is_read()) {
    if (a == kHarts) v = harts_;
    if (a == kUintcBase) v = uintc_base_;
    if (a == kArgStatus) v = arg_status_;
    if (a == kArgValue) v = arg_value_;
    if (a == kArgString) {
      char chunk[8] = {};
      for (unsigned i = 0; i < 8 && arg_string_pos_ < arg_string_.size(); ++i) chunk[i] = arg_string_[arg_string_pos_++];
      std::memcpy(&v, chunk, 8);
    }
    std::memcpy(tx.get_data_ptr(), &v, 8);
    return;
  }
  std::memcpy(&v, tx.get_data_ptr(), 8);
  if ((a < kHarts || a == kSyscalls || a == kSample) && hooks_.on_command) hooks_.on_command(Reg(a), v, at);
  if (a == kArgName) {
    // 8 name bytes, little-endian; a NUL ends the name.
    for (unsigned i = 0; i < 8; ++i) {
      const char c = char(v >> (8 * i));
      if (!c) break;
      if (arg_name_.size() >= UINTRSIM_ARG_NAME_MAX) { arg_name_bad_ = true; break; }
      arg_name_ += c;
    }
  }
  if (a == kArgDefault) arg_default_ = int64_t(v);
  if (a == kArgLookup) arg_lookup(v);
}

void SimControl::arg_lookup(uint64_t type) {
  std::string error;
  WorkloadArgs::Lookup r;
  bool valid_name = !arg_name_bad_ && !arg_name_.empty();
  for (char c : arg_name_)
    if (!(std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '-')) valid_name = false;
  if (type != UINTRSIM_ARG_TYPE_INT && type != UINTRSIM_ARG_TYPE_STRING) {
    r.status = UINTRSIM_ARG_INVALID;
    r.error = "argument lookup with unknown type " + std::to_string(type);
  } else if (!valid_name) {
    r.status = UINTRSIM_ARG_INVALID;
    r.error = "argument lookup with a malformed name (letters, digits, '_', '-'; at most " +
              std::to_string(UINTRSIM_ARG_NAME_MAX) + " bytes)";
  } else {
    r = args_.lookup(arg_name_, type == UINTRSIM_ARG_TYPE_STRING, arg_default_);
  }
  arg_name_.clear();
  arg_name_bad_ = false;
  arg_default_ = 0;
  arg_status_ = r.status;
  arg_string_.clear();
  arg_string_pos_ = 0;
  if (const int64_t* i = std::get_if<int64_t>(&r.value)) {
    arg_value_ = uint64_t(*i);
  } else {
    arg_string_ = std::get<std::string>(r.value);
    arg_value_ = arg_string_.size();
  }
  if (r.status == UINTRSIM_ARG_INVALID && hooks_.on_bad_argument) hooks_.on_bad_argument("guest: " + r.error);
}

}  // namespace uintrsim
