#include "sim/debug/gdb_stub.h"

#include <chrono>
#include <cstdio>
#include <cstring>
#include <functional>

#include <boost/asio.hpp>

#include "sim/config/config.h"
#include "sim/debug/csr_names.h"
#include "sim/hart/hart.h"

namespace uintrsim {

namespace asio = boost::asio;
using tcp = asio::ip::tcp;

namespace {

// GDB's RISC-V register numbers: x0..x31, pc, f0..f31 (absent here), fcsr & co, then the
// CSRs at 65 + their number, and the "priv" pseudo register after the last CSR.
constexpr unsigned kPcRegnum = 32, kFirstCsrRegnum = 65, kPrivRegnum = 65 + 4096;
constexpr unsigned kPollInterval = 1u << 14;  // instructions between checks for Ctrl-C

const char* const kXregNames[32] = {"zero", "ra", "sp", "gp", "tp", "t0", "t1", "t2", "fp", "s1", "a0",
                                    "a1",   "a2", "a3", "a4", "a5", "a6", "a7", "s2", "s3", "s4", "s5",
                                    "s6",   "s7", "s8", "s9", "s10", "s11", "t3", "t4", "t5", "t6"};

std::string hex64le(uint64_t v) {
  char b[17];
  for (unsigned i = 0; i < 8; ++i) std::snprintf(b + 2 * i, 3, "%02x", unsigned((v >> (8 * i)) & 0xff));
  return std::string(b, 16);
}

int hexval(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

bool parse_hex(const std::string& s, uint64_t& v) {
  if (s.empty() || s.size() > 16) return false;
  v = 0;
  for (char c : s) {
    const int d = hexval(c);
    if (d < 0) return false;
    v = v << 4 | unsigned(d);
  }
  return true;
}

uint64_t parse_le64(const std::string& s, size_t at, bool& ok) {
  uint64_t v = 0;
  ok = s.size() >= at + 16;
  for (unsigned i = 0; ok && i < 8; ++i) {
    const int hi = hexval(s[at + 2 * i]), lo = hexval(s[at + 2 * i + 1]);
    if (hi < 0 || lo < 0) ok = false;
    else v |= uint64_t(hi << 4 | lo) << (8 * i);
  }
  return v;
}

std::string to_hex(const std::string& s) {
  std::string out;
  char b[3];
  for (unsigned char c : s) {
    std::snprintf(b, sizeof b, "%02x", c);
    out += b;
  }
  return out;
}

// "addr,len" -> values.
bool parse_addr_len(const std::string& s, uint64_t& addr, uint64_t& len) {
  const size_t comma = s.find(',');
  return comma != std::string::npos && parse_hex(s.substr(0, comma), addr) && parse_hex(s.substr(comma + 1), len);
}

}  // namespace

struct GdbStub::Net {
  asio::io_context io;
  tcp::acceptor acceptor{io};
  tcp::socket sock{io};
};

GdbStub::GdbStub(unsigned port, std::vector<Hart*> harts) : net_(std::make_unique<Net>()), harts_(std::move(harts)) {
  const std::string where = "--gdb " + std::to_string(port);
  if (port > 65535) throw ConfigError(where + ": not a TCP port (0..65535)");
  boost::system::error_code ec;
  const tcp::endpoint ep(asio::ip::address_v4::loopback(), static_cast<unsigned short>(port));
  net_->acceptor.open(ep.protocol(), ec);
  if (!ec) net_->acceptor.set_option(tcp::acceptor::reuse_address(true), ec);
  if (!ec) net_->acceptor.bind(ep, ec);
  if (!ec) net_->acceptor.listen(1, ec);
  if (ec) throw ConfigError(where + ": cannot listen on 127.0.0.1:" + std::to_string(port) + ": " + ec.message());

  // The target description: the RV64 integer registers and pc, the CSRs this hart can read,
  // and the privilege level.
  std::string x = "<?xml version=\"1.0\"?>\n<!DOCTYPE target SYSTEM \"gdb-target.dtd\">\n<target version=\"1.0\">\n"
                  "  <architecture>riscv:rv64</architecture>\n  <feature name=\"org.gnu.gdb.riscv.cpu\">\n";
  for (unsigned i = 0; i < 32; ++i)
    x += std::string("    <reg name=\"") + kXregNames[i] + "\" bitsize=\"64\" regnum=\"" + std::to_string(i) +
         "\" type=\"" + (i == 1 ? "code_ptr" : i == 2 || i == 8 ? "data_ptr" : "int") + "\"/>\n";
  x += "    <reg name=\"pc\" bitsize=\"64\" regnum=\"32\" type=\"code_ptr\"/>\n  </feature>\n"
       "  <feature name=\"org.gnu.gdb.riscv.csr\">\n";
  for (const CsrName& c : csr_names()) {
    uint64_t v;
    if (harts_.empty() || !harts_[0]->machine_csr_read(c.addr, v)) continue;
    csrs_.push_back(c.addr);
    x += "    <reg name=\"" + c.name + "\" bitsize=\"64\" regnum=\"" + std::to_string(kFirstCsrRegnum + c.addr) +
         "\" group=\"csr\"/>\n";
  }
  x += "  </feature>\n  <feature name=\"org.gnu.gdb.riscv.virtual\">\n"
       "    <reg name=\"priv\" bitsize=\"64\" regnum=\"" + std::to_string(kPrivRegnum) + "\" group=\"general\"/>\n"
       "  </feature>\n</target>\n";
  target_xml_ = x;
}

GdbStub::~GdbStub() = default;

unsigned GdbStub::port() const {
  boost::system::error_code ec;
  return net_->acceptor.is_open() ? net_->acceptor.local_endpoint(ec).port() : 0;
}

void GdbStub::accept() {
  boost::system::error_code ec;
  net_->acceptor.accept(net_->sock, ec);
  net_->acceptor.close();
  if (ec) return;  // no debugger: the run goes on without one
  net_->sock.set_option(tcp::no_delay(true), ec);
  connected_ = true;
}

void GdbStub::disconnect() {
  boost::system::error_code ec;
  net_->sock.shutdown(tcp::socket::shutdown_both, ec);
  net_->sock.close(ec);
  connected_ = false;
  breakpoints_.clear();
  stop_all_ = false;
  step_hart_ = -1;
}

// --- byte and packet I/O -------------------------------------------------------------------

bool GdbStub::read_byte(char& c) {
  if (pending_.empty()) {
    char buf[4096];
    boost::system::error_code ec;
    const size_t n = net_->sock.read_some(asio::buffer(buf), ec);
    if (ec || n == 0) return false;
    pending_.assign(buf, n);
  }
  c = pending_[0];
  pending_.erase(0, 1);
  return true;
}

bool GdbStub::read_packet(std::string& out) {
  for (;;) {
    char c;
    do {  // skip acks, Ctrl-C while stopped, and noise up to the next packet
      if (!read_byte(c)) return false;
    } while (c != '$');
    out.clear();
    uint8_t sum = 0;
    for (;;) {
      if (!read_byte(c)) return false;
      if (c == '#') break;
      out += c;
      sum = uint8_t(sum + uint8_t(c));
    }
    char h, l;
    if (!read_byte(h) || !read_byte(l)) return false;
    const bool good = hexval(h) >= 0 && hexval(l) >= 0 && uint8_t(hexval(h) << 4 | hexval(l)) == sum;
    if (ack_) {
      boost::system::error_code ec;
      asio::write(net_->sock, asio::buffer(good ? "+" : "-", 1), ec);
    }
    if (good || !ack_) return true;
  }
}

void GdbStub::send_packet(const std::string& payload) {
  uint8_t sum = 0;
  for (char c : payload) sum = uint8_t(sum + uint8_t(c));
  char tail[4];
  std::snprintf(tail, sizeof tail, "#%02x", sum);
  const std::string pkt = "$" + payload + tail;
  for (int attempt = 0; attempt < 5; ++attempt) {
    boost::system::error_code ec;
    asio::write(net_->sock, asio::buffer(pkt), ec);
    if (ec) return;
    if (!ack_) return;
    char c;
    do {
      if (!read_byte(c)) return;
    } while (c != '+' && c != '-');
    if (c == '+') return;
  }
}

// --- running and stopping ---------------------------------------------------------------

void GdbStub::poll_input() {
  boost::system::error_code ec;
  net_->sock.non_blocking(true, ec);
  char buf[256];
  const size_t n = net_->sock.read_some(asio::buffer(buf), ec);
  boost::system::error_code ec2;
  net_->sock.non_blocking(false, ec2);
  if (ec == asio::error::would_block || ec == asio::error::try_again) return;
  if (ec || n == 0) {  // GDB went away: the run continues to its end
    disconnect();
    return;
  }
  for (size_t i = 0; i < n; ++i)
    if (buf[i] == '\x03') {
      stop_all_ = true;
      stop_signal_ = 2;  // SIGINT
    } else {
      pending_ += buf[i];
    }
}

void GdbStub::before_fetch(Hart& h) {
  if (!connected_) return;
  if (--poll_countdown_ == 0) {
    poll_countdown_ = kPollInterval;
    poll_input();
    if (!connected_) return;
  }
  const int id = int(h.hartid());
  if (stop_all_) stop(h, stop_signal_, false);
  else if (step_hart_ == id && step_done_) stop(h, 5, false);
  else if (!breakpoints_.empty() && breakpoints_.count(h.pc)) stop(h, 5, true);
}

void GdbStub::retired(Hart& h, const DecodedInsn&, uint64_t) {
  if (int(h.hartid()) == step_hart_) step_done_ = true;
}

void GdbStub::trap(Hart& h, uint64_t, uint64_t, uint64_t) {
  if (int(h.hartid()) == step_hart_) step_done_ = true;  // a step into a trap handler stops there
}

void GdbStub::stop(Hart& h, int signal, bool swbreak) {
  stop_all_ = false;
  step_hart_ = -1;
  step_done_ = false;
  last_hart_ = g_thread_ = h.hartid();
  last_signal_ = signal;
  last_swbreak_ = swbreak;
  if (waiting_reply_) send_packet(stop_reply());
  waiting_reply_ = false;
  serve();
}

std::string GdbStub::stop_reply() const {
  char b[64];
  std::snprintf(b, sizeof b, "T%02xthread:%x;%s", last_signal_, last_hart_ + 1, last_swbreak_ ? "swbreak:;" : "");
  return b;
}

void GdbStub::serve() {
  std::string p;
  while (connected_) {
    if (!read_packet(p)) {
      disconnect();
      return;
    }
    if (!handle(p)) return;
  }
}

void GdbStub::resume(bool step, long step_tid) {
  waiting_reply_ = true;
  step_done_ = false;
  step_hart_ = -1;
  if (step) {
    Hart* h = thread_hart(step_tid);
    if (!h) h = thread_hart(c_thread_);
    step_hart_ = int(h ? h->hartid() : last_hart_);
  }
}

void GdbStub::on_exit(int status) {
  if (!connected_) return;
  char b[8];
  std::snprintf(b, sizeof b, "W%02x", status & 0xff);
  send_packet(b);
  // Let GDB take the packet and close its side first (at most a second), then close.
  boost::system::error_code ec;
  net_->sock.shutdown(tcp::socket::shutdown_send, ec);
  char buf[256];
  bool done = false;
  std::function<void()> drain = [&] {
    net_->sock.async_read_some(asio::buffer(buf), [&](const boost::system::error_code& e, size_t) {
      if (e) done = true;
      else drain();
    });
  };
  drain();
  net_->io.restart();
  net_->io.run_for(std::chrono::seconds(1));
  if (!done) {
    net_->sock.cancel(ec);
    net_->io.restart();
    net_->io.run();
  }
  net_->sock.close(ec);
  connected_ = false;
}

// --- registers and threads --------------------------------------------------------------

Hart* GdbStub::thread_hart(long tid) const {
  if (tid <= 0 || size_t(tid) > harts_.size()) return nullptr;
  return harts_[size_t(tid - 1)];
}

Hart& GdbStub::g_hart() const { return *harts_[g_thread_]; }

std::string GdbStub::read_register(Hart& h, unsigned regno) const {
  if (regno < 32) return hex64le(h.x[regno]);
  if (regno == kPcRegnum) return hex64le(h.pc);
  if (regno == kPrivRegnum) return hex64le(uint64_t(h.privilege()));
  if (regno >= kFirstCsrRegnum && regno < kFirstCsrRegnum + 4096) {
    uint64_t v;
    if (h.machine_csr_read(uint16_t(regno - kFirstCsrRegnum), v)) return hex64le(v);
  }
  return "xxxxxxxxxxxxxxxx";  // unavailable
}

bool GdbStub::write_register(Hart& h, unsigned regno, uint64_t v) {
  if (regno == 0) return true;
  if (regno < 32) { h.x[regno] = v; return true; }
  if (regno == kPcRegnum) { h.pc = v; return true; }
  if (regno == kPrivRegnum) {
    if (v != 0 && v != 1 && v != 3) return false;
    h.set_privilege(rv::Priv(v));
    return true;
  }
  if (regno >= kFirstCsrRegnum && regno < kFirstCsrRegnum + 4096)
    return h.machine_csr_write(uint16_t(regno - kFirstCsrRegnum), v);
  return false;
}

// --- packets ----------------------------------------------------------------------------

bool GdbStub::handle(const std::string& p) {
  auto starts = [&](const char* s) { return p.rfind(s, 0) == 0; };
  if (p.empty()) { send_packet(""); return true; }
  switch (p[0]) {
    case '?': send_packet(stop_reply()); return true;
    case 'g': {
      std::string r;
      for (unsigned i = 0; i <= kPcRegnum; ++i) r += read_register(g_hart(), i);
      send_packet(r);
      return true;
    }
    case 'G': {
      bool ok = true;
      for (unsigned i = 0; ok && i <= kPcRegnum && 1 + 16 * i < p.size(); ++i) {
        const uint64_t v = parse_le64(p, 1 + 16 * i, ok);
        if (ok) write_register(g_hart(), i, v);
      }
      send_packet(ok ? "OK" : "E01");
      return true;
    }
    case 'p': {
      uint64_t n;
      send_packet(parse_hex(p.substr(1), n) ? read_register(g_hart(), unsigned(n)) : "E01");
      return true;
    }
    case 'P': {
      const size_t eq = p.find('=');
      uint64_t n;
      bool ok = eq != std::string::npos && parse_hex(p.substr(1, eq - 1), n);
      const uint64_t v = ok ? parse_le64(p, eq + 1, ok) : 0;
      send_packet(ok && write_register(g_hart(), unsigned(n), v) ? "OK" : "E01");
      return true;
    }
    case 'm': {
      uint64_t addr, len;
      if (!parse_addr_len(p.substr(1), addr, len) || len > 0x8000) { send_packet("E01"); return true; }
      std::string r;
      std::vector<uint8_t> all(len);
      if (len && g_hart().debug_read(addr, all.data(), len)) {
        for (uint8_t b : all) {
          char hx[3];
          std::snprintf(hx, sizeof hx, "%02x", b);
          r += hx;
        }
        send_packet(r);
        return true;
      }
      for (uint64_t i = 0; i < len; ++i) {  // as far as the memory is readable
        uint8_t b;
        if (!g_hart().debug_read(addr + i, &b, 1)) break;
        char hx[3];
        std::snprintf(hx, sizeof hx, "%02x", b);
        r += hx;
      }
      send_packet(r.empty() && len ? "E14" : r);
      return true;
    }
    case 'M': case 'X': {
      const size_t colon = p.find(':');
      uint64_t addr, len;
      if (colon == std::string::npos || !parse_addr_len(p.substr(1, colon - 1), addr, len)) { send_packet("E01"); return true; }
      std::vector<uint8_t> data;
      if (p[0] == 'M') {
        for (size_t i = colon + 1; i + 1 < p.size(); i += 2) data.push_back(uint8_t(hexval(p[i]) << 4 | hexval(p[i + 1])));
      } else {
        for (size_t i = colon + 1; i < p.size(); ++i)
          data.push_back(p[i] == '}' && i + 1 < p.size() ? uint8_t(p[++i] ^ 0x20) : uint8_t(p[i]));
      }
      if (data.size() != len) { send_packet("E01"); return true; }
      send_packet(len == 0 || g_hart().debug_write(addr, data.data(), data.size()) ? "OK" : "E14");
      return true;
    }
    case 'Z': case 'z': {
      // Z0/Z1,addr,kind: software and hardware breakpoints, both kept by the stub (guest
      // memory is never patched). Watchpoints (Z2..Z4) are not supported.
      if (p.size() < 2 || (p[1] != '0' && p[1] != '1')) { send_packet(""); return true; }
      const size_t c2 = p.find(',', 3);
      uint64_t addr;
      if (p.size() < 4 || p[2] != ',' || c2 == std::string::npos || !parse_hex(p.substr(3, c2 - 3), addr)) {
        send_packet("E01");
        return true;
      }
      if (p[0] == 'Z') breakpoints_.insert(addr);
      else breakpoints_.erase(addr);
      send_packet("OK");
      return true;
    }
    case 'H': {
      long tid = 0;
      if (p.size() >= 3) tid = p.substr(2) == "-1" ? -1 : std::strtol(p.c_str() + 2, nullptr, 16);
      if (p.size() >= 2 && p[1] == 'g') {
        if (Hart* h = thread_hart(tid)) g_thread_ = h->hartid();
      } else if (p.size() >= 2 && p[1] == 'c') {
        c_thread_ = tid;
      }
      send_packet("OK");
      return true;
    }
    case 'T': {
      send_packet(thread_hart(std::strtol(p.c_str() + 1, nullptr, 16)) ? "OK" : "E01");
      return true;
    }
    case 'c': case 's': {
      uint64_t addr;
      if (p.size() > 1 && parse_hex(p.substr(1), addr)) {
        Hart* h = thread_hart(c_thread_);
        (h ? *h : *harts_[last_hart_]).pc = addr;
      }
      resume(p[0] == 's', c_thread_);
      return false;
    }
    case 'D': send_packet("OK"); disconnect(); return false;
    case 'k': disconnect(); return false;
    default: break;
  }
  if (starts("qSupported")) {
    send_packet("PacketSize=4000;QStartNoAckMode+;qXfer:features:read+;swbreak+;hwbreak+;vContSupported+");
  } else if (p == "QStartNoAckMode") {
    send_packet("OK");
    ack_ = false;
  } else if (starts("qXfer:features:read:target.xml:")) {
    uint64_t off, len;
    if (!parse_addr_len(p.substr(std::strlen("qXfer:features:read:target.xml:")), off, len)) {
      send_packet("E01");
    } else if (off >= target_xml_.size()) {
      send_packet("l");
    } else {
      const std::string chunk = target_xml_.substr(off, len);
      send_packet((off + chunk.size() >= target_xml_.size() ? "l" : "m") + chunk);
    }
  } else if (starts("qXfer:features:read:")) {
    send_packet("E00");  // only target.xml exists
  } else if (p == "qfThreadInfo") {
    std::string r = "m";
    for (size_t i = 0; i < harts_.size(); ++i) {
      char b[24];
      std::snprintf(b, sizeof b, "%s%zx", i ? "," : "", i + 1);
      r += b;
    }
    send_packet(r);
  } else if (p == "qsThreadInfo") {
    send_packet("l");
  } else if (p == "qC") {
    char b[16];
    std::snprintf(b, sizeof b, "QC%x", last_hart_ + 1);
    send_packet(b);
  } else if (starts("qThreadExtraInfo,")) {
    Hart* h = thread_hart(std::strtol(p.c_str() + std::strlen("qThreadExtraInfo,"), nullptr, 16));
    if (!h) {
      send_packet("E01");
    } else {
      const rv::Priv pv = h->privilege();
      std::string s = "hart " + std::to_string(h->hartid()) + ", " +
                      (pv == rv::Priv::M ? "M" : pv == rv::Priv::S ? "S" : "U") + "-mode" + (h->in_wfi() ? ", in wfi" : "");
      send_packet(to_hex(s));
    }
  } else if (starts("qAttached")) {
    send_packet("1");  // GDB detaches (never kills) when it quits
  } else if (starts("qSymbol")) {
    send_packet("OK");
  } else if (p == "vCont?") {
    send_packet("vCont;c;C;s;S");
  } else if (starts("vCont;")) {
    // vCont;ACTION[:TID][;ACTION[:TID]]...: the first step action picks the hart to step;
    // all other harts run (all-stop).
    bool step = false;
    long tid = -1;
    size_t at = 6;
    while (at <= p.size()) {
      const size_t semi = p.find(';', at);
      const std::string a = p.substr(at, semi == std::string::npos ? std::string::npos : semi - at);
      if (!step && !a.empty() && (a[0] == 's' || a[0] == 'S')) {
        step = true;
        const size_t colon = a.find(':');
        tid = colon == std::string::npos ? c_thread_ : std::strtol(a.c_str() + colon + 1, nullptr, 16);
      }
      if (semi == std::string::npos) break;
      at = semi + 1;
    }
    resume(step, tid);
    return false;
  } else if (starts("vKill")) {
    send_packet("OK");
    disconnect();
    return false;
  } else {
    send_packet("");  // not supported
  }
  return true;
}

}  // namespace uintrsim
