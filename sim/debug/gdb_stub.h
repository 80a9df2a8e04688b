// The GDB remote serial protocol on a loopback TCP port (--gdb PORT), over Boost.Asio.
//
// Harts are GDB threads (thread id = hart + 1). GDB sees the general registers and pc (g/G,
// p/P), the CSRs and the privilege through a target description (qXfer:features:read), and
// memory by virtual address through the selected hart's current translation (m/M/X; RAM
// only). It can set software breakpoints (Z0/z0; Z1 is taken as the same), single-step a
// hart (s, vCont;s), continue (c, vCont;c), interrupt with Ctrl-C, and is told when the
// guest exits (W).
//
// The stub runs on the simulation's own thread: when a hart stops (a breakpoint, a finished
// step, Ctrl-C, the first instruction of the run) the whole simulation waits inside that
// hart's instruction loop while the stub serves GDB. Simulated time does not advance while
// GDB holds the target, and nothing the stub does is charged to the guest: a run under GDB
// gives the same statistics as the same run without it. All-stop only: while one hart steps,
// the others run as they would (GDB's default, scheduler-locking off).
//
// GDB detaching, being killed, or the connection closing mid-run: breakpoints are dropped
// and the run continues to its end. docs/debugging.md has a worked example.
#pragma once
#include <cstdint>
#include <memory>
#include <string>
#include <unordered_set>
#include <vector>

#include "sim/hart/hart_ports.h"

namespace uintrsim {

class GdbStub : public InsnObserver {
 public:
  // Listens on 127.0.0.1:port (0: a free port the system picks; port() tells which).
  // Throws ConfigError naming the port and the system's reason if it cannot.
  GdbStub(unsigned port, std::vector<Hart*> harts);
  ~GdbStub() override;
  GdbStub(const GdbStub&) = delete;
  GdbStub& operator=(const GdbStub&) = delete;

  unsigned port() const;
  // Waits for GDB to connect. The first hart to reach an instruction then stops for it.
  void accept();
  // The run ended with exit status `status`: tells a connected GDB (W) and disconnects.
  void on_exit(int status);
  bool connected() const { return connected_; }

  void before_fetch(Hart& h) override;
  void before_exec(Hart&, const DecodedInsn&, uint64_t, uint64_t) override {}
  void retired(Hart& h, const DecodedInsn&, uint64_t) override;
  void trap(Hart& h, uint64_t, uint64_t, uint64_t) override;

 private:
  struct Net;
  void stop(Hart& h, int signal, bool swbreak);
  void serve();                        // handles packets until GDB resumes or goes away
  bool handle(const std::string& p);   // false: resume
  void poll_input();                   // while running: Ctrl-C or a closed connection
  void disconnect();
  bool read_packet(std::string& out);  // false: the connection is gone
  void send_packet(const std::string& payload);
  bool read_byte(char& c);
  std::string stop_reply() const;
  std::string read_register(Hart& h, unsigned regno) const;
  bool write_register(Hart& h, unsigned regno, uint64_t v);
  Hart* thread_hart(long tid) const;
  Hart& g_hart() const;
  void resume(bool step, long step_tid);

  std::unique_ptr<Net> net_;
  std::vector<Hart*> harts_;
  std::string target_xml_;
  std::vector<uint16_t> csrs_;  // exposed CSRs, in target-description order
  std::unordered_set<uint64_t> breakpoints_;
  bool connected_ = false, ack_ = true, waiting_reply_ = false;
  bool stop_all_ = true;  // stop at the next instruction of any hart (start, Ctrl-C)
  int stop_signal_ = 5;
  int step_hart_ = -1;
  bool step_done_ = false;
  unsigned poll_countdown_ = 1;
  unsigned last_hart_ = 0, g_thread_ = 0;
  long c_thread_ = -1;
  int last_signal_ = 5;
  bool last_swbreak_ = false;
  std::string pending_;  // received bytes not yet consumed
};

}  // namespace uintrsim
