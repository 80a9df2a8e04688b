#!/usr/bin/python3
"""Runs the ROI guest with --stats-out and checks the statistics JSON.

usage: check_roi.py SIM ELF OUT.json [extra uintrsim args...]

Checks: exit status 0 and exit.reason guest_exit; roi.cycles.value > 0; roi.rounds.value
equals the rounds the guest printed ("rounds=N"); roi.ticks.value == roi.cycles.value *
timebase_hz / clock_hz (+-1); the ROI length agrees with the guest's own rdcycle/rdtime
measurement around it (within the few instructions and two MMIO stores outside it);
every stats entry has value, unit and description, and hartN.instret / hartN.cycles exist
for every hart; roi.stats holds deltas (hart0.instret > 0, hart0.cycles == roi.cycles).
"""
import os
import re
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "lib"))
from uintrsim_check import run_guest  # noqa: E402

TAG = "check_roi"


def main():
    if len(sys.argv) < 4:
        print(__doc__)
        return 2
    sim, elf, out = sys.argv[1:4]
    extra = sys.argv[4:]
    run, ck = run_guest(sim, elf, out, extra)
    check, j = ck.check, run.doc
    if j is None:
        return ck.finish(TAG)

    m = re.search(r"rounds=(\d+) guest_cycles=(\d+) guest_ticks=(\d+)", j.get("console", ""))
    check(m is not None, "guest printed its report in the console")
    if m is None:
        return ck.finish(TAG)
    rounds, guest_cycles, guest_ticks = map(int, m.groups())

    roi = j.get("roi")
    check(roi is not None, "roi section present")
    if roi is None:
        return ck.finish(TAG)
    for k in ("cycles", "ticks", "rounds"):
        check(isinstance(roi.get(k), dict) and {"value", "unit", "description"} <= roi[k].keys(),
              f"roi.{k} has value, unit and description")
    cycles, ticks = roi["cycles"]["value"], roi["ticks"]["value"]
    check(cycles > 0, f"roi.cycles.value > 0 (got {cycles})")
    check(roi["rounds"]["value"] == rounds,
          f"roi.rounds.value == guest-reported rounds {rounds} (got {roi['rounds']['value']})")
    plat = j["config"]["platform"]
    clock, timebase = plat["clock_hz"], plat["timebase_hz"]
    expect_ticks = cycles * timebase / clock
    check(abs(ticks - expect_ticks) <= 1,
          f"roi.ticks.value {ticks} == roi.cycles * timebase/clock = {expect_ticks:.1f} +-1")
    # The guest's rdcycle pair encloses the ROI (plus the ROI_BEGIN/ROI_END stores, a few
    # instructions and rdtime); allow for that and MMIO latency, nothing more.
    slack = 200
    check(guest_cycles >= cycles and guest_cycles - cycles <= slack,
          f"guest rdcycle span {guest_cycles} encloses roi.cycles {cycles} within {slack}")
    check(abs(guest_ticks - expect_ticks) <= slack * timebase / clock + 2,
          f"guest rdtime span {guest_ticks} agrees with roi ticks {ticks}")

    stats = j.get("stats", {})
    harts = plat["harts"]
    for h in range(harts):
        for k in ("instret", "cycles"):
            key = f"hart{h}.{k}"
            e = stats.get(key)
            check(isinstance(e, dict) and "value" in e and e.get("unit") and e.get("description"),
                  f"stats['{key}'] exists with value, unit and description ({e})")
    bad = [k for k, e in stats.items()
           if not (isinstance(e, dict) and "value" in e and "unit" in e and "description" in e)]
    check(not bad, f"every stats entry has value, unit and description (bad: {bad[:5]})")
    rs = roi.get("stats", {})
    i0 = rs.get("hart0.instret", {})
    i0 = i0.get("value") if isinstance(i0, dict) else i0
    c0 = rs.get("hart0.cycles", {})
    c0 = c0.get("value") if isinstance(c0, dict) else c0
    check(isinstance(i0, int) and 0 < i0 <= cycles, f"roi.stats hart0.instret delta in (0, cycles] (got {i0})")
    check(c0 == cycles, f"roi.stats hart0.cycles delta == roi.cycles (got {c0})")

    return ck.finish(TAG)


if __name__ == "__main__":
    sys.exit(main())
