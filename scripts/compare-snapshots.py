#!/usr/bin/python3
"""compare-snapshots: the differences between two regression-snapshot.sh folders.

usage: compare-snapshots.py BEFORE_DIR AFTER_DIR [--ignore-config]

Prints every statistic, ROI figure, exit status, console line or summary cell that
differs (name: before -> after) and exits 1 if anything differs. --ignore-config leaves out
the resolved configuration and its hash (and summary columns derived from it), for changes
that add a parameter but must not move a number. A sweep summary's simulator provenance
(binary sha256, source revision) and cache keys are never compared: they name the build.
"""
import csv
import json
import os
import sys


def flatten(node, prefix, out):
    if isinstance(node, dict):
        if "value" in node and set(node) <= {"value", "unit", "description"}:
            out[prefix] = node["value"]
            return
        for k, v in node.items():
            flatten(v, f"{prefix}.{k}" if prefix else k, out)
    elif isinstance(node, list):
        for i, v in enumerate(node):
            flatten(v, f"{prefix}[{i}]", out)
    else:
        out[prefix] = node


def load(path, ignore_config):
    if path.endswith(".json"):
        with open(path) as f:
            doc = json.load(f)
        if isinstance(doc, dict) and isinstance(doc.get("provenance"), dict):
            # A sweep summary's simulator identity (binary sha256, source revision) and the points'
            # cache keys name the build, so they differ between any two builds: not a result.
            doc["provenance"].pop("simulator", None)
            for row in doc.get("points", []):
                if isinstance(row, dict):
                    row.pop("key", None)
                    for run in row.get("runs", []) or []:
                        run.pop("key", None)
        if ignore_config and isinstance(doc, dict):
            doc.pop("config", None)
            doc.pop("config_hash", None)
            for row in doc.get("points", []) if isinstance(doc.get("points"), list) else []:
                if isinstance(row, dict):
                    row.pop("hash", None)
        out = {}
        flatten(doc, "", out)
        if ignore_config:
            out = {k: v for k, v in out.items() if not k.endswith(".hash") and ".hash" not in k}
        return out
    if path.endswith(".csv"):
        with open(path) as f:
            rows = list(csv.DictReader(f))
        out = {}
        for i, r in enumerate(rows):
            for k, v in r.items():
                if ignore_config and k in ("hash", "config_hash"):
                    continue
                out[f"row{i}.{k}"] = v
        return out
    with open(path, errors="replace") as f:
        return {f"line{i}": l.rstrip("\n") for i, l in enumerate(f)}


def main():
    args = [a for a in sys.argv[1:] if not a.startswith("--")]
    ignore = "--ignore-config" in sys.argv
    if len(args) != 2:
        sys.exit(__doc__)
    a, b = args
    names = sorted(set(os.listdir(a)) | set(os.listdir(b)))
    differs = False
    for n in names:
        pa, pb = os.path.join(a, n), os.path.join(b, n)
        if n == "DONE":
            continue
        if not os.path.exists(pa) or not os.path.exists(pb):
            print(f"{n}: only in {'after' if os.path.exists(pb) else 'before'}")
            differs = True
            continue
        da, db = load(pa, ignore), load(pb, ignore)
        for k in sorted(set(da) | set(db)):
            if da.get(k) != db.get(k):
                print(f"{n}: {k}: {da.get(k, '(absent)')} -> {db.get(k, '(absent)')}")
                differs = True
    sys.exit(1 if differs else 0)


main()
