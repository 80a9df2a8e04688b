#!/usr/bin/env python3
"""The GDB stub at the protocol level (a small remote-serial-protocol client), for what a
scripted gdb-multiarch session cannot do reliably: Ctrl-C (0x03) while the guest runs,
GDB disconnecting mid-run (the run continues to its end, with unchanged statistics), the
stop reply on exit (W), memory writes, and bad input (a port in use, a bad port).

usage: gdb_protocol_check.py UINTRSIM gdb_demo.elf spin.elf OUT_DIR
Prints "gdb_protocol: OK" on success, "gdb_protocol: FAIL: ..." otherwise."""
import json
import os
import re
import socket
import subprocess
import sys
import time

SIM, DEMO, SPIN, OUT = sys.argv[1:5]
os.makedirs(OUT, exist_ok=True)


def fail(msg):
    print(f"gdb_protocol: FAIL: {msg}")
    sys.exit(1)


class Rsp:
    def __init__(self, port):
        self.s = socket.create_connection(("127.0.0.1", port), timeout=30)
        self.buf = b""

    def _byte(self):
        while not self.buf:
            d = self.s.recv(4096)
            if not d:
                raise EOFError("connection closed")
            self.buf += d
        b, self.buf = self.buf[:1], self.buf[1:]
        return b

    def send(self, payload):
        data = payload.encode("latin-1")
        pkt = b"$" + data + b"#" + b"%02x" % (sum(data) & 0xff)
        self.s.sendall(pkt)
        while self._byte() != b"+":
            pass

    def recv(self):
        while self._byte() != b"$":
            pass
        body = b""
        while (c := self._byte()) != b"#":
            body += c
        cs = self._byte() + self._byte()
        if int(cs, 16) != sum(body) & 0xff:
            fail(f"bad checksum on {body!r}")
        self.s.sendall(b"+")
        return body.decode("latin-1")

    def ask(self, payload):
        self.send(payload)
        return self.recv()

    def close(self):
        self.s.close()


def start(elf, *extra):
    log = open(os.path.join(OUT, "sim.log"), "w+")
    p = subprocess.Popen([SIM, "--elf", elf, "--quiet", "--gdb", "0", *extra], stdout=log, stderr=subprocess.STDOUT)
    for _ in range(200):
        log.seek(0)
        m = re.search(r"listening on 127\.0\.0\.1:(\d+);", log.read())
        if m:
            return p, int(m.group(1)), log
        if p.poll() is not None:
            break
        time.sleep(0.05)
    p.kill()
    log.seek(0)
    fail("uintrsim did not report its port: " + log.read())


def finish(p, log, want_rc, what):
    try:
        rc = p.wait(timeout=120)
    except subprocess.TimeoutExpired:
        p.kill()
        fail(f"{what}: uintrsim did not end")
    log.seek(0)
    text = log.read()
    if rc != want_rc:
        fail(f"{what}: uintrsim exited with {rc}, expected {want_rc}: {text}")
    return text


def le64(hexstr):
    return int.from_bytes(bytes.fromhex(hexstr), "little")


def symbol(elf, name):
    out = subprocess.run(["riscv64-unknown-elf-nm", elf], capture_output=True, text=True).stdout
    for line in out.splitlines():
        parts = line.split()
        if len(parts) == 3 and parts[2] == name:
            return int(parts[0], 16)
    fail(f"no symbol {name} in {elf}")


# --- bad input: a port in use, a bad port (125, before the run) --------------------------
busy = socket.socket()
busy.bind(("127.0.0.1", 0))
busy.listen(1)
port = busy.getsockname()[1]
r = subprocess.run([SIM, "--elf", DEMO, "--gdb", str(port)], capture_output=True, text=True, timeout=30)
if r.returncode != 125 or f"--gdb {port}: cannot listen on 127.0.0.1:{port}: Address already in use" not in r.stderr:
    fail(f"port in use: exit {r.returncode}, {r.stderr!r}")
busy.close()
print(f"gdb_protocol: a port in use fails before the run: {r.stderr.strip()}")
r = subprocess.run([SIM, "--elf", DEMO, "--gdb", "70000"], capture_output=True, text=True, timeout=30)
if r.returncode != 125 or "--gdb 70000: not a TCP port" not in r.stderr:
    fail(f"bad port: exit {r.returncode}, {r.stderr!r}")
print(f"gdb_protocol: a bad port: {r.stderr.strip()}")

# --- a session: stop at the start, registers, target description, memory, breakpoints --
plain = os.path.join(OUT, "plain.json")
subprocess.run([SIM, "--elf", DEMO, "--quiet", "--set", "platform.harts=2", "--stats-out", plain], check=True, timeout=60)
stats = os.path.join(OUT, "gdb.json")
p, port, log = start(DEMO, "--set", "platform.harts=2", "--stats-out", stats)
g = Rsp(port)
if "qXfer:features:read+" not in g.ask("qSupported:multiprocess+;swbreak+;hwbreak+"):
    fail("qSupported lacks qXfer:features:read+")
stop = g.ask("?")
if not stop.startswith("T05thread:1;"):
    fail(f"first stop reply {stop!r}")
if g.ask("qfThreadInfo") != "m1,2" or g.ask("qsThreadInfo") != "l":
    fail("thread list")
xml = ""
while True:
    chunk = g.ask(f"qXfer:features:read:target.xml:{len(xml):x},200")
    xml += chunk[1:]
    if chunk[0] == "l":
        break
for want in ('<architecture>riscv:rv64</architecture>', 'name="pc"', 'name="mstatus" bitsize="64" regnum="833"',
             'name="mhartid"', 'name="satp"', 'name="priv"'):
    if want not in xml:
        fail(f"target description lacks {want}")
regs = g.ask("g")
entry = symbol(DEMO, "_start")
if len(regs) != 33 * 16 or le64(regs[32 * 16:]) != entry:
    fail(f"g: pc is not the entry point {entry:#x}: {regs[32*16:]}")
if g.ask("Hg2") != "OK" or le64(g.ask(f"p{65 + 0xf14:x}")) != 1:
    fail("mhartid of thread 2 is not 1")
g.ask("Hg1")
# Memory by virtual address: write and read back a word of `progress`, then restore it.
prog = symbol(DEMO, "progress")
old = g.ask(f"m{prog:x},8")
if g.ask(f"M{prog:x},8:efbeadde00000000") != "OK" or g.ask(f"m{prog:x},8") != "efbeadde00000000":
    fail("memory write/read-back")
g.ask(f"M{prog:x},8:{old}")
if not g.ask("m0,4").startswith("E"):
    fail("reading unmapped memory does not fail")
# A breakpoint in compute(), continue, a single step on hart 0.
compute = symbol(DEMO, "compute")
if g.ask(f"Z0,{compute:x},2") != "OK":
    fail("Z0")
stop = g.ask("vCont;c")
if not stop.startswith("T05thread:1;swbreak:"):
    fail(f"breakpoint stop {stop!r}")
if le64(g.ask("p20")) != compute:
    fail("pc at the breakpoint")
if g.ask(f"z0,{compute:x},2") != "OK":
    fail("z0")
stop = g.ask("vCont;s:1;c")
if not stop.startswith("T05thread:1;") or le64(g.ask("p20")) == compute:
    fail(f"single step: {stop!r}")
print("gdb_protocol: registers, target description, memory, breakpoint and step: ok")
# --- GDB goes away mid-run: the run continues to its end, statistics unchanged ---------
g.send("c")
g.close()
finish(p, log, 0, "disconnect mid-run")
if open(plain).read() != open(stats).read():
    fail("statistics after a mid-run disconnect differ from the plain run's")
print("gdb_protocol: disconnecting mid-run: the run ends normally, statistics byte-identical")

# --- the exit stop reply -----------------------------------------------------------------
p, port, log = start(DEMO, "--set", "platform.harts=2")
g = Rsp(port)
g.ask("?")
reply = g.ask("c")
if reply != "W00":
    fail(f"exit stop reply {reply!r}")
g.close()
finish(p, log, 0, "exit reply")
print("gdb_protocol: the guest's exit is reported as W00")

# --- Ctrl-C while the guest runs, then detach: the run continues to its cycle limit -------
p, port, log = start(SPIN, "--set", "platform.max_cycles=200000000")
g = Rsp(port)
g.ask("?")
g.s.sendall(b"$c#63")
if g._byte() != b"+":
    fail("no ack for c")
time.sleep(0.3)
g.s.sendall(b"\x03")
stop = g.recv()
if not stop.startswith("T02thread:1;"):
    fail(f"Ctrl-C stop reply {stop!r}")
if g.ask("D") != "OK":
    fail("detach")
g.close()
text = finish(p, log, 124, "Ctrl-C and detach")
if "cycle limit platform.max_cycles = 200000000 reached" not in text:
    fail("the run did not continue to its cycle limit after detaching: " + text)
print("gdb_protocol: Ctrl-C stops the running guest (T02); after detaching the run continues to its end")
print("gdb_protocol: OK")
