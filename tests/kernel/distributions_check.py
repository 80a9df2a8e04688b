#!/usr/bin/python3
"""Distribution statistics of an asynchronous run agree with the counters of the same run.

usage: distributions_check.py OUT.json -- UINTRSIM ARGS...

Runs the simulator (which must run an async program with async_latency_samples = 1) with
--stats-out OUT.json and checks, over the whole run and over the ROI:
  kernel.async.batch_size: one sample per activation (count == kernel.async.activations) and
      the samples sum to the requests executed (count * mean == kernel.async.requests);
  kernel.async.wake_to_serve: at most one sample per activation, each >= 0;
  async.request_latency (guest-measured): one sample per request the runtime submitted in the
      ROI (== roi.syscalls_requested for thesis_bench), and its p50 <= p90 <= p99 <= max;
  roi.threads: per-thread ROI counters sum to the ROI's kernel.traps.syscall.
Prints "distributions: OK" on success.
"""
import json
import subprocess
import sys


def main():
    sep = sys.argv.index("--")
    out, cmd = sys.argv[1], sys.argv[sep + 1:]
    run = subprocess.run(cmd + ["--quiet", "--stats-out", out], capture_output=True, text=True)
    if run.returncode != 0:
        sys.exit(f"distributions: FAIL: simulator exited {run.returncode}\n{run.stderr}")
    with open(out) as f:
        res = json.load(f)
    errors = []

    def check(cond, what):
        if not cond:
            errors.append(what)

    for scope, dists, stats in (("run", res["distributions"], res["stats"]),
                                ("roi", res["roi"]["distributions"], res["roi"]["stats"])):
        v = lambda k: stats[k]["value"]
        b = dists["kernel.async.batch_size"]
        check(b["count"] == v("kernel.async.activations"),
              f"{scope}: batch_size count {b['count']} != activations {v('kernel.async.activations')}")
        check(b["count"] > 0, f"{scope}: no activations")
        if b["count"]:
            check(round(b["count"] * b["mean"]) == v("kernel.async.requests"),
                  f"{scope}: batch sizes sum {b['count'] * b['mean']} != requests {v('kernel.async.requests')}")
            check(sum(n for _, _, n in b["bins"]) == b["count"], f"{scope}: batch_size bins do not add up")
        w = dists["kernel.async.wake_to_serve"]
        check(w["count"] <= b["count"], f"{scope}: more wake_to_serve samples than activations")
        lat = dists.get("async.request_latency")
        check(lat is not None and lat["count"] > 0, f"{scope}: no request latency samples")
        if lat and lat["count"]:
            check(lat["min"] <= lat["p50"] <= lat["p90"] <= lat["p99"] <= lat["max"],
                  f"{scope}: percentiles out of order {lat}")
    roi = res["roi"]
    check(roi["distributions"]["async.request_latency"]["count"] == roi["syscalls_requested"]["value"],
          f"roi: {roi['distributions']['async.request_latency']['count']} latency samples for "
          f"{roi['syscalls_requested']['value']} requests")
    threads = roi["threads"]
    check(sum(t["syscalls"] for t in threads.values()) == roi["stats"]["kernel.traps.syscall"]["value"],
          "roi: per-thread syscalls do not sum to kernel.traps.syscall")
    if errors:
        sys.exit("distributions: FAIL:\n  " + "\n  ".join(errors))
    print("distributions: OK")


if __name__ == "__main__":
    main()
