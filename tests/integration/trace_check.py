#!/usr/bin/env python3
"""Checks a timeline (--trace-out) against the statistics of the same run (--stats-out).

  trace_check.py SIM OUT_DIR NAME [--expect KIND]... [--exit STATUS] -- UINTRSIM_ARGS...

Runs the simulator twice with UINTRSIM_ARGS: once with --stats-out only, once with
--trace-out and --stats-out. Checks that
  - the trace is valid JSON (the object format, traceEvents + otherData, not cut);
  - tracing does not change the run: both statistics files are identical;
  - its event counts equal the statistics:
      kernel: kernel slices = kernel.entries, per path = kernel.path.<p>.count, slices with
              trap "syscall" = kernel.traps.syscall, tick instants = kernel.ticks;
      async:  coroutine slices = kernel.async.activations, the requests they list =
              kernel.async.requests, wake instants = kernel.async.wakes, one flow per request, offline windows
              that stranded / rechecked = kernel.async.stranded / .rechecks;
      uipi:   SEND flows = uintc.sends, "user interrupt" slices = the harts' USI traps;
  - slices on one track nest (no partial overlap), and every slice has dur >= 0;
  - Perfetto's JSON importer, replayed by perfetto_import.py, loads it whole: no event or slice
    dropped, every flow point bound to the slice that contains it, and the arrows of each kind
    between the slices docs/debugging.md names (uipi: send -> user interrupt; async: submit ->
    coroutine -> consume).
--expect names what the program must show (kernel, async, uipi): its counts must not be 0;
--exit the exit status both runs must have (default 0).
Prints "trace_check: OK" or "trace_check: FAIL: ..." lines.
"""
import collections
import json
import os
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import perfetto_import  # noqa: E402

# The arrows as docs/debugging.md describes them: (from slice, to slice) name patterns.
FLOW_LINKS = {
    "uipi": ["uipi:(uipi\\.send|UINTC SEND \\(signal\\)|SEND \\(store\\))=>(user interrupt|pending read without a user trap)"],
    "async": ["async:submit x.*=>coroutine: .*", "async:coroutine: .*=>(submit x\\d+, )?consume x.*"],
}


def fail(msg):
    print("trace_check: FAIL: " + msg)
    sys.exit(1)


def run(sim, args, extra, status=0):
    r = subprocess.run([sim, "--quiet"] + args + extra, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    if r.returncode != status:
        fail("uintrsim exited %d: %s" % (r.returncode, r.stderr.strip()[-2000:]))
    return r


def stat(stats, key):
    v = stats["stats"].get(key)
    return 0 if v is None else v["value"]


def check_nesting(events):
    by_track = collections.defaultdict(list)
    for e in events:
        if e["ph"] == "X":
            if e["dur"] < 0:
                fail("negative duration: %r" % e)
            b = round(e["ts"] * 1000)
            by_track[(e["pid"], e["tid"])].append((b, b + round(e["dur"] * 1000), e["name"]))
    for track, sl in by_track.items():
        sl.sort(key=lambda s: (s[0], -s[1]))
        stack = []
        for b, e, name in sl:
            while stack and stack[-1][1] <= b:
                stack.pop()
            if stack and e > stack[-1][1]:
                fail("track %r: slice %s [%d, %d] ns overlaps %s [%d, %d] ns without nesting"
                     % (track, name, b, e, stack[-1][2], stack[-1][0], stack[-1][1]))
            stack.append((b, e, name))


def main():
    argv = sys.argv[1:]
    if "--" not in argv or len(argv) < 4:
        print(__doc__)
        sys.exit(2)
    sep = argv.index("--")
    head, args = argv[:sep], argv[sep + 1:]
    sim, out, name = head[0], head[1], head[2]
    expect = [head[i + 1] for i, a in enumerate(head) if a == "--expect"]
    status = int(next((head[i + 1] for i, a in enumerate(head) if a == "--exit"), "0"))
    os.makedirs(out, exist_ok=True)
    plain_stats = os.path.join(out, name + ".plain.json")
    traced_stats = os.path.join(out, name + ".stats.json")
    trace_path = os.path.join(out, name + ".trace.json")
    run(sim, args, ["--stats-out", plain_stats], status)
    run(sim, args, ["--stats-out", traced_stats, "--trace-out", trace_path], status)

    with open(plain_stats) as f:
        plain = json.load(f)
    with open(traced_stats) as f:
        stats = json.load(f)
    for k in ("stats", "roi", "exit", "threads", "console"):
        if plain.get(k) != stats.get(k):
            fail("tracing changed the run: results section '%s' differs" % k)

    try:
        with open(trace_path) as f:
            trace = json.load(f)
    except ValueError as e:
        fail("the trace is not valid JSON: %s" % e)
    if not isinstance(trace, dict) or "traceEvents" not in trace or "otherData" not in trace:
        fail("not the object format with traceEvents and otherData")
    if trace["otherData"].get("cut") is not None:
        fail("the trace was cut without --trace-max-bytes")
    ev = trace["traceEvents"]
    if trace["otherData"].get("events") != len(ev):
        fail("otherData.events = %r, but %d events" % (trace["otherData"].get("events"), len(ev)))
    check_nesting(ev)
    with open(trace_path) as f:
        imp = perfetto_import.replay(f.read())
    if not perfetto_import.report(imp, [spec for kind in expect for spec in FLOW_LINKS.get(kind, [])]):
        fail("Perfetto's importer would not show the trace as written")

    def count(pred):
        return sum(1 for e in ev if pred(e))

    checks = []

    def eq(what, got, want, kind):
        checks.append((what, got, want, kind))

    # kernel
    # (an entry still in progress when the run ends is drawn, but the statistics count entries at their exit)
    kslices = [e for e in ev if e["ph"] == "X" and e.get("cat") == "kernel" and e["tid"] >= 10 and e["pid"] == 1
               and e["name"] != "(open at end)"]
    eq("kernel slices = kernel.entries", len(kslices), stat(stats, "kernel.entries"), "kernel")
    eq("syscall kernel slices = kernel.traps.syscall",
       sum(1 for e in kslices if e["args"].get("trap") == "syscall"), stat(stats, "kernel.traps.syscall"), "kernel")
    eq("tick instants = kernel.ticks", count(lambda e: e["ph"] == "i" and e["name"] == "tick"),
       stat(stats, "kernel.ticks"), "kernel")
    per_path = collections.Counter(e["name"] for e in kslices)
    for key in stats["stats"]:
        if key.startswith("kernel.path.") and key.endswith(".count"):
            path = key[len("kernel.path."):-len(".count")]
            eq("slices of path %s = %s" % (path, key), per_path.get(path, 0), stat(stats, key), "kernel-paths")
    # async
    co = [e for e in ev if e["ph"] == "X" and e.get("cat") == "kernel.coroutine"]
    eq("coroutine slices = kernel.async.activations", len(co), stat(stats, "kernel.async.activations"), "async")
    eq("requests in coroutine slices = kernel.async.requests", sum(e["args"]["batch"] for e in co),
       stat(stats, "kernel.async.requests"), "async")
    eq("wake instants = kernel.async.wakes", count(lambda e: e["ph"] == "i" and e["name"] == "wake"),
       stat(stats, "kernel.async.wakes"), "async")
    for outcome, key in (("stranded", "kernel.async.stranded"), ("recheck", "kernel.async.rechecks")):
        eq("offline windows '%s' = %s" % (outcome, key),
           count(lambda e: e["ph"] == "i" and e["name"] == "offline window: " + outcome), stat(stats, key), "async")
    async_flows = {e["id"] for e in ev if e["ph"] in "stf" and e.get("cat") == "async"}
    eq("request flows = kernel.async.requests", len(async_flows), stat(stats, "kernel.async.requests"), "async")
    # uipi
    eq("SEND flows = uintc.sends", count(lambda e: e["ph"] == "s" and e.get("cat") == "uipi"),
       stat(stats, "uintc.sends"), "uipi")
    usi = sum(v["value"] for k, v in stats["stats"].items() if k.startswith("hart") and k.endswith(".traps.interrupt.usi"))
    eq("user interrupt slices = USI traps", count(lambda e: e["ph"] == "X" and e["name"] == "user interrupt"), usi, "uipi")

    bad = False
    for what, got, want, kind in checks:
        ok = got == want
        print("trace_check: %-4s %s: trace %d, statistics %d" % ("ok" if ok else "BAD", what, got, want))
        bad |= not ok
    for kind in expect:
        if not any(k == kind and want > 0 for _, _, want, k in checks):
            print("trace_check: BAD: the run shows no %s events (expected some)" % kind)
            bad = True
    if bad:
        fail("trace counts differ from the statistics")
    print("trace_check: OK (%d events, %d bytes)" % (len(ev), os.path.getsize(trace_path)))


if __name__ == "__main__":
    main()
