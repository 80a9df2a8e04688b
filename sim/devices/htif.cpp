#include "sim/devices/htif.h"

#include <cstring>
#include <vector>

#include "workloads/include/uintrsim/devices.h"

namespace uintrsim {

Htif::Htif(sc_core::sc_module_name name, MemAccess mem, std::function<void(uint64_t)> on_exit,
           std::function<void(const char*, size_t)> on_console)
    : sc_module(name), socket("socket"), mem_(std::move(mem)), on_exit_(std::move(on_exit)),
      on_console_(std::move(on_console)) {
  socket.register_b_transport(this, &Htif::b_transport);
}

void Htif::b_transport(tlm::tlm_generic_payload& tx, sc_core::sc_time&) {
  const uint64_t a = tx.get_address();
  const unsigned len = tx.get_data_length();
  constexpr uint64_t kFromhost = UINTRSIM_HTIF_FROMHOST;
  static_assert(UINTRSIM_HTIF_TOHOST == 0 && kFromhost == 8, "tohost and fromhost: consecutive 64-bit words");
  // Inside the two words, not across them (written so that no sum can wrap).
  if (a > kFromhost + 8 || len > kFromhost + 8 - a || (a < kFromhost && a + len > kFromhost)) {
    tx.set_response_status(tlm::TLM_ADDRESS_ERROR_RESPONSE);
    return;
  }
  uint64_t& reg = a < kFromhost ? tohost_ : fromhost_;
  uint8_t* bytes = reinterpret_cast<uint8_t*>(&reg) + (a % 8);
  tx.set_response_status(tlm::TLM_OK_RESPONSE);
  if (tx.is_read()) {
    std::memcpy(tx.get_data_ptr(), bytes, len);
    return;
  }
  std::memcpy(bytes, tx.get_data_ptr(), len);
  // A command is issued by the write that covers tohost's low byte (riscv-tests write the
  // low word first, then zero the high word).
  if (a == UINTRSIM_HTIF_TOHOST && tohost_ != 0) {
    const uint64_t v = tohost_;
    tohost_ = 0;
    command(v);
  }
}

void Htif::command(uint64_t v) {
  const unsigned dev = unsigned(v >> UINTRSIM_HTIF_DEV_SHIFT), cmd = unsigned((v >> UINTRSIM_HTIF_CMD_SHIFT) & 0xff);
  const uint64_t payload = v & UINTRSIM_HTIF_PAYLOAD_MASK;
  if (dev == UINTRSIM_HTIF_DEV_SYSCALL && cmd == 0) {
    if (payload & UINTRSIM_HTIF_EXIT_FLAG) on_exit_(payload >> UINTRSIM_HTIF_EXIT_SHIFT);
    else proxy_syscall(payload);
  } else if (dev == UINTRSIM_HTIF_DEV_CONSOLE && cmd == UINTRSIM_HTIF_CONSOLE_PUTCHAR) {
    const char c = char(payload & 0xff);
    on_console_(&c, 1);  // no answer in fromhost, as Spike's console device gives none
  }
  // Other devices/commands are ignored, as Spike ignores unknown devices.
}

void Htif::proxy_syscall(uint64_t magic) {
  uint64_t m[8];
  if (!mem_(false, magic, m, sizeof m)) return;  // bad pointer: no answer, like a lost command
  int64_t ret = -38;  // -ENOSYS
  if (m[0] == UINTRSIM_HTIF_SYS_WRITE) {   // write(fd, buf, len)
    const uint64_t len = std::min<uint64_t>(m[3], 1 << 20);
    std::vector<char> buf(len);
    if (m[1] != 1 && m[1] != 2) {
      ret = -14;  // bad fd
    } else if (len == 0) {
      ret = 0;  // nothing to read (and no buffer to read into)
    } else if (mem_(false, m[2], buf.data(), unsigned(len))) {
      on_console_(buf.data(), len);
      ret = int64_t(len);
    } else {
      ret = -14;  // -EFAULT
    }
  } else if (m[0] == UINTRSIM_HTIF_SYS_EXIT) {  // exit(code)
    on_exit_(m[1]);
    return;
  }
  m[0] = uint64_t(ret);
  mem_(true, magic, m, 8);
  fromhost_ = 1;
}

}  // namespace uintrsim
