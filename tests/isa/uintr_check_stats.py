#!/usr/bin/python3
"""Runs the two-hart user-interrupt guest (uintr_ping.S) with --stats-out and checks that the
UINTC and trap statistics match what the program did.

usage: uintr_check_stats.py SIM ELF OUT.json SENDER RECEIVER [extra uintrsim args...]

The guest prints "uintr_ping: hart S -> hart R, stride N, rounds=K, usip_after_read=X" after
it checked every round. It sends K user interrupts that reach the UINTC (its other sends are
no-ops by the send checks) and the receiver's handler does one uipi.read per interrupt, so:
  uintc.sends == K, uintc.reads == K, hartR.traps.interrupt.usi == K,
  hartS.traps.interrupt.usi == 0, and with the level line (default) uintc.line_raises == K
  (each SEND raises the line, each uipi.read lowers it).
"""
import os
import re
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "lib"))
from uintrsim_check import run_guest  # noqa: E402

TAG = "uintr_check_stats"


def main():
    if len(sys.argv) < 6:
        print(__doc__)
        return 2
    sim, elf, out, sender, receiver = sys.argv[1:6]
    extra = sys.argv[6:]
    run, ck = run_guest(sim, elf, out, extra)
    check, j = ck.check, run.doc
    if j is None:
        return ck.finish(TAG)
    m = re.search(r"uintr_ping: hart (\d+) -> hart (\d+), stride (\d+), rounds=(\d+), usip_after_read=(\d)",
                  j.get("console", ""))
    check(m is not None, "guest printed its summary")
    if m is None:
        return ck.finish(TAG)
    check(m.group(1) == sender and m.group(2) == receiver,
          f"guest ran hart {sender} -> hart {receiver} (got {m.group(1)} -> {m.group(2)})")
    rounds = int(m.group(4))
    check(rounds > 0, f"rounds > 0 (got {rounds})")

    stats = j.get("stats", {})

    def value(key):
        e = stats.get(key)
        check(isinstance(e, dict) and "value" in e and e.get("unit") and e.get("description"),
              f"stats['{key}'] exists with value, unit and description")
        return e.get("value") if isinstance(e, dict) else None

    sends, reads, raises = value("uintc.sends"), value("uintc.reads"), value("uintc.line_raises")
    usi_rx = value(f"hart{receiver}.traps.interrupt.usi")
    usi_tx = value(f"hart{sender}.traps.interrupt.usi")
    check(sends == rounds, f"uintc.sends == {rounds} (got {sends})")
    check(reads == rounds, f"uintc.reads == {rounds} (got {reads})")
    check(usi_rx == rounds, f"hart{receiver}.traps.interrupt.usi == {rounds} (got {usi_rx})")
    check(usi_tx == 0, f"hart{sender}.traps.interrupt.usi == 0 (got {usi_tx})")
    # Level (default): each SEND to the idle receiver raises the line, its uipi.read lowers
    # it. Sticky: each SEND to the active entry posts USIP once.
    check(raises == rounds, f"uintc.line_raises == {rounds} "
          f"({j['config']['uintc']['line_semantics']} line; got {raises})")
    # No exceptions at all on either hart (every check in the guest passed without traps).
    for h in (sender, receiver):
        exc = {k: e["value"] for k, e in stats.items()
               if k.startswith(f"hart{h}.traps.exception.") and e["value"]}
        check(not exc, f"hart{h}: no exceptions (got {exc})")

    return ck.finish(TAG)


if __name__ == "__main__":
    sys.exit(main())
