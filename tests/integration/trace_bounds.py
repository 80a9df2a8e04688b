#!/usr/bin/env python3
"""The timeline's bounds and determinism (docs/debugging.md).

  trace_bounds.py SIM OUT_DIR -- UINTRSIM_ARGS...

With UINTRSIM_ARGS (a run that marks an ROI):
  - determinism: two traced runs give byte-identical files;
  - --trace-max-bytes: the file is valid JSON, no larger than the bound, records the cut in
    otherData.cut and as a "trace cut" instant, and the cut is reported on stderr;
  - --trace-roi-only: every timed event lies in the ROI of the same run's statistics;
  - --trace-window B:E: every timed event lies in [B, E];
  - each of these files (full, cut, ROI only, window) loads whole in Perfetto's JSON importer,
    as perfetto_import.py replays it (slices clipped at a bound still nest, flows still bind).
Prints "trace_bounds: OK" or "trace_bounds: FAIL: ...".
"""
import filecmp
import json
import os
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import perfetto_import  # noqa: E402


def fail(msg):
    print("trace_bounds: FAIL: " + msg)
    sys.exit(1)


def run(sim, args, extra):
    r = subprocess.run([sim, "--quiet"] + args + extra, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    if r.returncode != 0:
        fail("uintrsim exited %d: %s" % (r.returncode, r.stderr.strip()[-2000:]))
    return r


def load(path, trace=True):
    try:
        with open(path) as f:
            text = f.read()
        doc = json.loads(text)
    except ValueError as e:
        fail("%s is not valid JSON: %s" % (path, e))
    if trace and not perfetto_import.report(perfetto_import.replay(text)):
        fail("%s: Perfetto's importer would not show it as written" % path)
    return doc


def span_ns(trace):
    timed = [e for e in trace["traceEvents"] if e["ph"] != "M"]
    if not timed:
        fail("no timed events")
    lo = min(round(e["ts"] * 1000) for e in timed)
    hi = max(round((e["ts"] + e.get("dur", 0)) * 1000) for e in timed)
    return lo, hi, len(timed)


def main():
    argv = sys.argv[1:]
    if "--" not in argv:
        print(__doc__)
        sys.exit(2)
    sep = argv.index("--")
    sim, out = argv[0], argv[1]
    args = argv[sep + 1:]
    os.makedirs(out, exist_ok=True)
    p = lambda n: os.path.join(out, n)

    # determinism
    run(sim, args, ["--trace-out", p("a.json"), "--stats-out", p("stats.json")])
    run(sim, args, ["--trace-out", p("b.json")])
    if not filecmp.cmp(p("a.json"), p("b.json"), shallow=False):
        fail("two runs of the same configuration gave different trace files")
    full = load(p("a.json"))
    size = os.path.getsize(p("a.json"))
    print("trace_bounds: ok   deterministic (%d bytes, %d events)" % (size, len(full["traceEvents"])))

    # the size bound
    bound = max(8192, size // 4)
    r = run(sim, args, ["--trace-out", p("cut.json"), "--trace-max-bytes", str(bound)])
    cut = load(p("cut.json"))
    csize = os.path.getsize(p("cut.json"))
    if csize > bound:
        fail("the cut file has %d bytes, more than --trace-max-bytes %d" % (csize, bound))
    c = cut["otherData"].get("cut")
    if not c or c.get("max_bytes") != bound or not c.get("events_not_written"):
        fail("otherData.cut does not record the cut: %r" % c)
    marks = [e for e in cut["traceEvents"] if e["name"] == "trace cut (--trace-max-bytes)"]
    if len(marks) != 1 or round(marks[0]["ts"] * 1000) != c["at_ns"]:
        fail("no (or a misplaced) trace cut instant: %r" % marks)
    if "--trace-max-bytes reached at simulated time %d ns" % c["at_ns"] not in r.stderr:
        fail("the cut is not reported on stderr: %r" % r.stderr)
    print("trace_bounds: ok   cut at %d ns: %d bytes <= %d, %d events not written"
          % (c["at_ns"], csize, bound, c["events_not_written"]))

    # the ROI
    stats = load(p("stats.json"), trace=False)
    if "roi" not in stats:
        fail("the run marks no ROI")
    run(sim, args, ["--trace-out", p("roi.json"), "--trace-roi-only"])
    roi = load(p("roi.json"))
    lo, hi, n = span_ns(roi)
    rois = [e for e in full["traceEvents"] if e["ph"] == "X" and e["name"] == "ROI"]
    if len(rois) != 1:
        fail("the full trace has %d ROI slices" % len(rois))
    rb = round(rois[0]["ts"] * 1000)
    re_ = rb + round(rois[0]["dur"] * 1000)
    if lo < rb or hi > re_:
        fail("--trace-roi-only: events span [%d, %d] ns, the ROI is [%d, %d] ns" % (lo, hi, rb, re_))
    co_full = sum(1 for e in full["traceEvents"] if e.get("cat") == "kernel.coroutine"
                  and rb <= round(e["ts"] * 1000) and round((e["ts"] + e["dur"]) * 1000) <= re_)
    co_roi = sum(1 for e in roi["traceEvents"] if e.get("cat") == "kernel.coroutine")
    want = stats["roi"]["stats"].get("kernel.async.activations", {}).get("value", co_full)
    if co_roi != want:
        fail("--trace-roi-only: %d coroutine slices, the ROI's statistics count %d activations" % (co_roi, want))
    print("trace_bounds: ok   ROI only: %d events in [%d, %d] ns (the ROI), %d activations" % (n, lo, hi, co_roi))

    # a fixed window: the middle third of the ROI
    wb, we = rb + (re_ - rb) // 3, rb + 2 * (re_ - rb) // 3
    run(sim, args, ["--trace-out", p("win.json"), "--trace-window", "%d:%d" % (wb, we)])
    win = load(p("win.json"))
    lo, hi, n = span_ns(win)
    if lo < wb or hi > we:
        fail("--trace-window %d:%d: events span [%d, %d] ns" % (wb, we, lo, hi))
    print("trace_bounds: ok   window: %d events in [%d, %d] ns" % (n, lo, hi))
    print("trace_bounds: OK")


if __name__ == "__main__":
    main()
