#!/usr/bin/env python3
"""Hand-made traces with one defect each: perfetto_import.py must report exactly that defect, and
nothing for the well-formed trace, so that a clean report on a uintrsim timeline means something.

Prints "perfetto_import_selftest: OK" or "... FAIL: ..." lines.
"""
import json
import os
import re
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import perfetto_import  # noqa: E402

M = [{"ph": "M", "pid": 1, "name": "process_name", "args": {"name": "machine"}},
     {"ph": "M", "pid": 1, "tid": 2, "name": "thread_name", "args": {"name": "hart 0"}}]


def X(ts, dur, name, tid=2, **kw):
    return dict({"ph": "X", "ts": ts, "dur": dur, "pid": 1, "tid": tid, "name": name, "cat": "c"}, **kw)


def F(ph, ts, fid, tid=2, **kw):
    return dict({"ph": ph, "ts": ts, "pid": 1, "tid": tid, "name": "arrow", "cat": "flow", "id": fid}, **kw)


def doc(events, raw=None):
    """The trace as text; ts and dur are written as given ("1.001" becomes the JSON number 1.001)."""
    if raw is not None:
        return raw
    text = json.dumps({"traceEvents": M + events, "displayTimeUnit": "ns"})
    return re.sub(r'"(ts|dur)": "(-?[0-9.]+)"', r'"\1": \2', text)


# A well-formed trace: nested slices, an instant, a counter, one flow across two tracks that binds
# inside its slices (the points lie in the slices' middles, as uintrsim writes them).
GOOD = [X("1.000", "10.000", "U"), X("2.000", "3.000", "uipi.send"), X("20.000", "5.000", "user interrupt", tid=3),
        {"ph": "i", "ts": "4.000", "s": "t", "pid": 1, "tid": 2, "name": "tick"},
        {"ph": "C", "ts": "1.000", "pid": 1, "name": "USIP hart 0", "args": {"value": 1}},
        F("s", "3.500", 7, bp="e"), F("f", "22.500", 7, tid=3, bp="e")]

CASES = [
    ("import-aborted", doc([], raw="traceEvents: []")),
    # an array at the top level of an event, before "dur" (which an instant never has)
    ("import-aborted", doc([{"ph": "i", "ts": "1.000", "s": "t", "pid": 1, "tid": 2, "name": "x", "cids": [1, 2]}])),
    ("event-dropped", doc([{"ph": "X", "dur": "1.000", "pid": 1, "tid": 2, "name": "no ts"}])),
    ("event-dropped", doc([X("-1.000", "1.000", "negative")])),
    ("event-dropped", doc([{"ph": "X", "ts": "1.000", "pid": 1, "tid": 2, "name": "no dur"}])),
    ("slice-dropped-overlap", doc([X("1.000", "10.000", "a"), X("5.000", "10.000", "b")])),
    # written as nested (the child ends with its parent at 1.301 us), but the importer computes the
    # parent's duration as int(1.001 * 1000.0) = 1000 ns
    ("dur-rounded", doc([X("0.300", "1.001", "parent"), X("0.301", "1.000", "child")])),
    ("counter-invalid", doc([{"ph": "C", "ts": "1.000", "pid": 1, "name": "ring", "args": {"value": "three"}}])),
    ("instant-invalid", doc([{"ph": "i", "ts": "1.000", "s": "x", "pid": 1, "tid": 2, "name": "bad scope"}])),
    ("flow-unbound", doc([F("s", "1.000", 1, bp="e")])),
    # the start lies after the slice ended, but no slice began since: it binds to the old one
    ("flow-stale", doc([X("1.000", "1.000", "a"), F("s", "5.000", 1, bp="e"), X("9.000", "1.000", "b", tid=3),
                        F("f", "9.500", 1, tid=3, bp="e")])),
    ("flow-duplicate", doc([X("1.000", "1.000", "a"), F("s", "1.500", 1, bp="e"), X("3.000", "1.000", "b"),
                            F("s", "3.500", 1, bp="e")])),
    ("flow-without-start", doc([X("1.000", "1.000", "a"), F("f", "1.500", 9, bp="e")])),
    # an end without bp = "e" waits for the NEXT slice on its track; here there is none
    ("flow-pending-unbound", doc([X("1.000", "1.000", "a"), F("s", "1.500", 1, bp="e"), X("3.000", "1.000", "b", tid=3),
                                  F("f", "3.500", 1, tid=3)])),
    ("id-string", doc([dict(X("1.000", "1.000", "a"), pid="machine")])),
]


def main():
    bad = False
    imp = perfetto_import.replay(doc(GOOD))
    if imp.problems:
        print("perfetto_import_selftest: FAIL: the good trace has problems: %s" % dict(imp.problems))
        bad = True
    want = {"slices": 4, "links": 1}
    got = {"slices": len(imp.slices), "links": len(imp.links)}
    if got != want:
        print("perfetto_import_selftest: FAIL: the good trace imports as %s, expected %s" % (got, want))
        bad = True
    link = imp.links[0] if imp.links else None
    if link and (link[2].name, link[3].name) != ("uipi.send", "user interrupt"):
        print("perfetto_import_selftest: FAIL: the arrow goes %r -> %r" % (link[2].name, link[3].name))
        bad = True
    for kind, text in CASES:
        imp = perfetto_import.replay(text)
        kinds = set(imp.problems)
        ok = kinds == {kind}
        print("perfetto_import_selftest: %-4s %s: reported %s" % ("ok" if ok else "BAD", kind, sorted(kinds) or "nothing"))
        bad |= not ok
    print("perfetto_import_selftest: " + ("FAIL" if bad else "OK (%d bad traces)" % len(CASES)))
    sys.exit(1 if bad else 0)


if __name__ == "__main__":
    main()
