#!/usr/bin/env python3
"""Replays Perfetto's JSON trace importer on a Chrome trace-event file and reports what it would
lose, drop or attach to the wrong slice.

  perfetto_import.py TRACE.json [--expect-problem KIND]... [--links CAT:FROM_RE=>TO_RE]...

Perfetto UI opens a JSON trace with the trace processor's JSON importer. That importer is not a
JSON validator: a file that `json.load` accepts can still lose its whole import, drop slices, or
draw flow arrows between the wrong slices. This script follows the importer's rules (google/
perfetto, src/trace_processor: importers/json/json_trace_tokenizer.cc, json_trace_parser_impl.cc,
json_utils.cc, importers/common/slice_tracker.cc, flow_tracker.cc, sorter/trace_sorter.h) step
by step, so that a test can check a uintrsim timeline loads as intended without a browser:

tokenizer (whole file)
  - the file starts with '{' (object format) or '['; `traceEvents` is an array; `displayTimeUnit`
    is read and ignored (timestamps are microseconds whatever it says);
  - per event, the top-level keys are scanned in order for "ts" and "dur" (and "ph" when there is
    no ts); an array value met before the key is found aborts the WHOLE import ("unsupported JSON
    dictionary with array");
  - an event without ts is dropped unless it is metadata ("M"); ts is converted from its text,
    digit by digit, to integer nanoseconds; an event with ts < 0 is dropped.
sorter
  - events are parsed in order of (ts, E first, X longest first, the rest), ties by file order.
parser
  - pid/tid: integers in [0, 2^32) (a string is interned, a hack this file should not need);
    tid defaults to pid; thread tracks are (pid, tid);
  - X: dur is coerced from the JSON number as double * 1000 truncated to an integer (so a
    duration can come out 1 ns short of its text); a slice is pushed on its track's stack after
    closing what ended before it (intervals closed on the left, open on the right); one that
    starts inside an open slice and ends after it is dropped (newer versions move it to an
    overflow track; either way it is not where the file put it);
  - i/I with scope t (or none): a zero-duration slice on the thread track; g, p: global/process
    instant tracks; another scope is a parser failure;
  - C: args must be an object of numbers (or numeric strings);
  - M: only process_name and thread_name (with args.name) are used; others are ignored;
  - s/t/f (v1 flows): the flow is keyed by (id, cat, name); s and t, and f with bp = "e", bind to
    the TOP of the track's slice stack at that moment, which can be a slice that already ended
    (stacks are only popped when a new slice starts); f without bp binds to the NEXT slice that
    starts on the track; a second s with the same key is a duplicate (dropped); t or f without an
    s is dropped. Each arrow is drawn from the slice that begins earlier to the one that begins
    later (whatever the points' order), and an f does not move the flow on (a later t starts
    from the slice before the f).

Reported as problems (each is something the viewer would not show as the file means it):
  import-aborted, event-dropped, slice-dropped-overlap, counter-invalid, instant-invalid,
  id-string, flow-unbound (no slice to bind), flow-stale (bound to a slice that does not contain the flow
  point's time), flow-duplicate, flow-without-start, flow-pending-unbound (f without bp that no
  later slice picked up), dur-rounded (a slice dropped only because the importer's double
  arithmetic made its parent's duration 1 ns shorter than the text says).
Ignored metadata (process_sort_index, ...) is counted, not a problem.

--expect-problem KIND: exit 0 only if a problem of that kind IS reported (for tests of this
script on hand-made bad traces); without it, exit 0 only if there is no problem.
--links CAT:FROM_RE=>TO_RE (repeatable): every flow link of category CAT must join a slice whose
name matches FROM_RE and one whose name matches TO_RE, for one of the pairs given for CAT; and
there must be at least one link of CAT. Arrows the viewer draws against the flow's order (the
later point's slice began first, e.g. a long kernel coroutine that was already running when
the user submitted) are counted and printed, not failed: that is how Perfetto orders arrows.
Prints "perfetto_import: OK ..." or "perfetto_import: FAIL: ..." lines.
"""
import collections
import decimal
import json
import re
import sys

INT64_MAX = (1 << 63) - 1


def ts_from_text(text):
    """json_utils.cc CoerceToTs(std::string): microseconds text -> integer ns by moving digits."""
    s = text
    shift = 0
    m = re.search(r"[eE]", s)
    if m:
        shift = int(s[m.start() + 1:])
        s = s[:m.start()]
    int_size = len(s)
    if "." in s:
        int_size = s.index(".")
        s = s.replace(".", "", 1)
    size = max(1, int_size + shift + 3)
    s = (s + "0" * size)[:size]
    return int(s)


def tokenized_ns(raw):
    """A ts or dur as the tokenizer reads it: the value's text, digit by digit, to ns (None: not a number)."""
    if isinstance(raw, bool) or not isinstance(raw, (int, decimal.Decimal, str)):
        return None
    try:
        return ts_from_text(str(raw))
    except ValueError:
        return None


def dur_from_value(raw):
    """json_utils.cc CoerceToTs(Json::Value): a real is double * 1000.0 truncated; an int * 1000."""
    if isinstance(raw, decimal.Decimal):  # a JSON number with a fraction or exponent
        return int(float(raw) * 1000.0)
    if isinstance(raw, int) and not isinstance(raw, bool):
        return raw * 1000
    if isinstance(raw, str):
        return tokenized_ns(raw)
    return None


def as_uint32(v):
    if isinstance(v, bool):
        return None
    if isinstance(v, decimal.Decimal):
        v = int(v)
    if isinstance(v, str):
        try:
            v = int(v, 10)
        except ValueError:
            return None
    if not isinstance(v, int) or v < 0 or v > 0xFFFFFFFF:
        return None
    return v


class Slice:
    __slots__ = ("ts", "dur", "text_dur", "name", "cat", "track", "index")

    def __init__(self, ts, dur, text_dur, name, cat, track, index):
        self.ts, self.dur, self.text_dur = ts, dur, text_dur
        self.name, self.cat, self.track, self.index = name, cat, track, index

    def contains(self, t):
        return self.ts <= t < self.ts + self.dur or (self.dur == 0 and t == self.ts)

    def __repr__(self):
        return "%r [%d, %d) ns on %r" % (self.name, self.ts, self.ts + self.dur, self.track)


class Import:
    """The result of replaying the importer on one file."""

    def __init__(self):
        self.problems = collections.defaultdict(list)   # kind -> messages
        self.slices = []
        self.links = []        # (cat, name, from Slice, to Slice)
        self.counters = collections.Counter()
        self.tracks = set()
        self.ignored_metadata = collections.Counter()
        self.reversed = collections.Counter()  # cat -> arrows drawn against the flow's order
        self.events = 0

    def problem(self, kind, msg):
        self.problems[kind].append(msg)


def _scan_keys(ev, key):
    """json_trace_tokenizer.cc ExtractValueForJsonKey: False if an array is met before `key`."""
    for k, v in ev.items():
        if k == key:
            return True
        if isinstance(v, list):
            return False
    return True


def replay(text):
    imp = Import()
    stripped = text.lstrip()
    if not stripped or stripped[0] not in "{[":
        imp.problem("import-aborted", "first non-whitespace character is not [ or {")
        return imp
    try:
        doc = json.loads(text, parse_float=decimal.Decimal, object_pairs_hook=collections.OrderedDict)
    except ValueError as e:
        imp.problem("import-aborted", "not JSON: %s" % e)
        return imp
    if isinstance(doc, dict):
        events = doc.get("traceEvents")
        if not isinstance(events, list):
            imp.problem("import-aborted", "traceEvents is missing or not an array")
            return imp
    else:
        events = doc
    # --- tokenizer --------------------------------------------------------------------------
    queue = []
    for i, ev in enumerate(events):
        where = "traceEvents[%d]" % i
        if not isinstance(ev, dict):
            imp.problem("import-aborted", "%s is not an object" % where)
            return imp
        for key in ("ts", "dur") + (() if "ts" in ev else ("ph",)):
            if not _scan_keys(ev, key):
                imp.problem("import-aborted", "%s: a top-level array before key %r (the importer stops: "
                            "'unsupported JSON dictionary with array')" % (where, key))
                return imp
        raw_ts = ev.get("ts")
        if raw_ts is None:
            if ev.get("ph") != "M":
                imp.problem("event-dropped", "%s (%r): no ts" % (where, ev.get("name")))
                continue
            ts = 0
        else:
            ts = tokenized_ns(raw_ts)
            if ts is None:
                imp.problem("event-dropped", "%s (%r): ts %r is not a number" % (where, ev.get("name"), raw_ts))
                continue
        if ts < 0:
            imp.problem("event-dropped", "%s (%r): negative ts" % (where, ev.get("name")))
            continue
        ph = ev.get("ph")
        if ph == "E":
            key = -INT64_MAX - 1
        elif ph == "X":
            key = INT64_MAX - (tokenized_ns(ev.get("dur")) or 0)
        else:
            key = INT64_MAX
        queue.append((ts, key, i, ev))
    queue.sort(key=lambda q: (q[0], q[1], q[2]))
    imp.events = len(queue)

    # --- parser -----------------------------------------------------------------------------
    stacks = collections.defaultdict(list)          # track -> [Slice]
    pending = collections.defaultdict(list)         # track -> [(flow key, point)] (f without bp)
    flow_src = {}                                    # flow key -> Slice (the last point)
    begun = set()

    def start_slice(track, s):
        stack = stacks[track]
        i = len(stack) - 1
        while i >= 0:
            top = stack[i]
            end = top.ts + top.dur
            if end < s.ts or (end == s.ts and not (top.dur == 0 and s.dur == 0)):
                del stack[i]
            elif s.ts < end < s.ts + s.dur:
                if s.ts + s.text_dur <= top.ts + top.text_dur:
                    imp.problem("dur-rounded", "%r is dropped: it nests in %r as written, but the importer makes "
                                "that slice's duration %d ns instead of %d" % (s, top, top.dur, top.text_dur))
                else:
                    imp.problem("slice-dropped-overlap", "%r starts inside %r and ends after it" % (s, top))
                return False
            i -= 1
        stack.append(s)
        imp.slices.append(s)
        for fkey, point in pending.pop(track, []):
            link(fkey, point, s, False)
        return True

    def link(fkey, point, to, step):
        """flow_tracker.cc Step / End: the arrow goes from the slice that BEGINS earlier to the
        later one, whatever the order of the points; a step moves the flow on, an end does not."""
        src = flow_src.get(fkey)
        if src is None:
            imp.problem("flow-without-start", "%s point at %d ns on %r has no start" % (fkey, point[0], point[1]))
            return
        out, inc = (to, src) if src.ts > to.ts else (src, to)
        imp.links.append((fkey[1], fkey[2], out, inc))
        if out is not src:
            imp.reversed[fkey[1]] += 1
        if step:
            flow_src[fkey] = to

    def bind(track, t, what, fkey):
        stack = stacks.get(track)
        if not stack:
            imp.problem("flow-unbound", "%s %s at %d ns on %r: no slice open on the track" % (fkey, what, t, track))
            return None
        top = stack[-1]
        if not top.contains(t):
            imp.problem("flow-stale", "%s %s at %d ns on %r binds to %r, which does not contain it"
                        % (fkey, what, t, track, top))
        return top

    for ts, _, i, ev in queue:
        where = "traceEvents[%d]" % i
        ph = ev.get("ph")
        if not isinstance(ph, str) or not ph:
            continue
        ph = ph[0]
        pid = as_uint32(ev["pid"]) if "pid" in ev else None
        tid = as_uint32(ev["tid"]) if "tid" in ev else None
        if isinstance(ev.get("pid"), str) or isinstance(ev.get("tid"), str):
            imp.problem("id-string", "%s: pid/tid given as a string (the importer interns it: not the number it reads as)" % where)
        track = (pid or 0, tid if tid is not None else (pid or 0))
        name = ev.get("name", "")
        cat = ev.get("cat", "") if isinstance(ev.get("cat"), str) else ""
        if ph == "X":
            dur = dur_from_value(ev.get("dur"))
            if dur is None:
                imp.problem("event-dropped", "%s (%r): X without a numeric dur" % (where, name))
                continue
            imp.tracks.add(track)
            start_slice(track, Slice(ts, dur, tokenized_ns(ev["dur"]), name, cat, track, i))
        elif ph in "iI":
            scope = ev.get("s")
            if scope in (None, "t"):
                if tid is None:
                    imp.problem("instant-invalid", "%s (%r): thread instant without tid" % (where, name))
                    continue
                imp.tracks.add(track)
                start_slice(track, Slice(ts, 0, 0, name, cat, track, i))
            elif scope == "p" and pid is None:
                imp.problem("instant-invalid", "%s (%r): process instant without pid" % (where, name))
            elif scope not in ("g", "p"):
                imp.problem("instant-invalid", "%s (%r): scope %r" % (where, name, scope))
        elif ph == "C":
            args = ev.get("args")
            if not isinstance(args, dict):
                imp.problem("counter-invalid", "%s (%r): args is not an object" % (where, name))
                continue
            for k, v in args.items():
                ok = isinstance(v, (int, decimal.Decimal)) and not isinstance(v, bool)
                if isinstance(v, str):
                    try:
                        float(v)
                        ok = True
                    except ValueError:
                        ok = False
                if not ok:
                    imp.problem("counter-invalid", "%s (%r): args.%s = %r is not a number" % (where, name, k, v))
                else:
                    imp.counters["%s %s" % (name, k)] += 1
        elif ph == "M":
            args = ev.get("args") if isinstance(ev.get("args"), dict) else {}
            if name not in ("process_name", "thread_name") or not args.get("name"):
                imp.ignored_metadata[name] += 1
        elif ph in "stf":
            raw_id = ev.get("id")
            fid = None
            if isinstance(raw_id, int) and not isinstance(raw_id, bool):
                fid = raw_id
            elif isinstance(raw_id, str):
                try:
                    fid = int(raw_id, 16)
                except ValueError:
                    fid = None
            if fid is None:
                imp.problem("event-dropped", "%s: flow event without a valid id" % where)
                continue
            fkey = (fid, cat, name)
            if ph == "s":
                top = bind(track, ts, "start", fkey)
                if top is None:
                    continue
                if fkey in begun:
                    imp.problem("flow-duplicate", "%s: a second start of flow %s" % (where, fkey))
                    continue
                begun.add(fkey)
                flow_src[fkey] = top
            elif ph == "t" or ev.get("bp") == "e":
                top = bind(track, ts, "step" if ph == "t" else "end", fkey)
                if top is not None:
                    link(fkey, (ts, track), top, ph == "t")
            else:
                pending[track].append((fkey, (ts, track)))
    for track, points in pending.items():
        for fkey, point in points:
            imp.problem("flow-pending-unbound", "%s end at %d ns on %r: no later slice on the track" % (fkey, point[0], track))
    return imp


def main():
    argv = sys.argv[1:]
    if not argv or argv[0].startswith("-"):
        print(__doc__)
        sys.exit(2)
    path = argv[0]
    expect = [argv[i + 1] for i, a in enumerate(argv) if a == "--expect-problem"]
    links = [argv[i + 1] for i, a in enumerate(argv) if a == "--links"]
    with open(path) as f:
        imp = replay(f.read())
    ok = report(imp, links, expect)
    sys.exit(0 if ok else 1)


def report(imp, links=(), expect=()):
    """Prints the outcome; True if it is what the caller expects."""
    bad = False
    for kind, msgs in sorted(imp.problems.items()):
        print("perfetto_import: %s %s x%d, first: %s" % ("expected" if kind in expect else "PROBLEM", kind, len(msgs), msgs[0]))
        bad |= kind not in expect
    for kind in expect:
        if kind not in imp.problems:
            print("perfetto_import: FAIL: expected a %s problem, none reported" % kind)
            bad = True
    allowed = collections.defaultdict(list)
    for spec in links:
        cat, pair = spec.split(":", 1)
        from_re, to_re = pair.split("=>", 1)
        allowed[cat].append((from_re, to_re))
    for cat, pairs in sorted(allowed.items()):
        mine = [l for l in imp.links if l[0] == cat]
        # The pair as the flow means it, whichever way the viewer draws the arrow (see reversed).
        wrong = [l for l in mine
                 if not any((re.fullmatch(f, l[2].name) and re.fullmatch(t, l[3].name)) or
                            (re.fullmatch(f, l[3].name) and re.fullmatch(t, l[2].name)) for f, t in pairs)]
        print("perfetto_import: %s flow links: %d, %d of them between the documented slices, %d drawn reversed"
              % (cat, len(mine), len(mine) - len(wrong), imp.reversed[cat]))
        if not mine:
            print("perfetto_import: FAIL: no %s flow link" % cat)
            bad = True
        for l in wrong[:3]:
            print("perfetto_import: FAIL: %s link %r -> %r" % (cat, l[2], l[3]))
        bad |= bool(wrong)
    if imp.ignored_metadata:
        print("perfetto_import: note: metadata Perfetto ignores: %s" % dict(imp.ignored_metadata))
    if bad:
        print("perfetto_import: FAIL")
        return False
    print("perfetto_import: OK (%d events, %d slices on %d tracks, %d flow links, %d counter samples)"
          % (imp.events, len(imp.slices), len(imp.tracks), len(imp.links), sum(imp.counters.values())))
    return True


if __name__ == "__main__":
    main()
