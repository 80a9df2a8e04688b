"""Shared by scripts/uintrsim-sweep and scripts/uintrsim-plot: reading a run's statistics,
flattening a resolved configuration, folding repeated runs, content hashes.

Not a command; the two scripts import it from their own folder.
"""
import hashlib
import json
import math

CONFIDENCE = 0.95  # the interval of folded repeats (Student's t)


def sha256_file(path):
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def sha256_json(doc):
    """sha256 of a canonical JSON text of doc (sorted keys, no spaces)."""
    return hashlib.sha256(json.dumps(doc, sort_keys=True, separators=(",", ":")).encode()).hexdigest()


def flatten(config, prefix=""):
    """{"platform": {"harts": 2}} -> {"platform.harts": 2}."""
    out = {}
    for k, v in config.items():
        if isinstance(v, dict):
            out.update(flatten(v, prefix + k + "."))
        else:
            out[prefix + k] = v
    return out


def stat_node(doc, path):
    """The node at a dotted path of a stats.json document, or None. Statistic names contain
    dots ("roi.stats.kernel.traps.syscall"): at each level the longest key present wins."""
    node = doc
    parts = path.split(".")
    i = 0
    while i < len(parts):
        for j in range(len(parts), i, -1):
            key = ".".join(parts[i:j])
            if isinstance(node, dict) and key in node:
                node = node[key]
                i = j
                break
        else:
            return None
    return node


def stat_value(doc, path):
    """The value of a statistic ({"value", "unit", "description"} nodes give their value)."""
    node = stat_node(doc, path)
    if isinstance(node, dict) and "value" in node:
        return node["value"]
    return node


def stat_meta(doc, path):
    """(unit, description) of a statistic, or None when the path is not a statistic."""
    node = stat_node(doc, path)
    if isinstance(node, dict) and "value" in node:
        return node.get("unit", ""), node.get("description", "")
    return None


def fold(values):
    """Mean and 95 % t-interval (low, high) of repeated runs' values. One value: no interval
    (None, None); identical values: a zero-width interval."""
    import numpy  # only repeated sweeps need them (Debian: python3-numpy, python3-scipy)
    import scipy.stats

    vals = [float(v) for v in values]
    mean = float(numpy.mean(vals))
    if len(vals) < 2:
        return mean, None, None
    sem = float(scipy.stats.sem(vals))
    if sem == 0 or not math.isfinite(sem):
        return mean, mean, mean
    low, high = scipy.stats.t.interval(CONFIDENCE, len(vals) - 1, loc=mean, scale=sem)
    return mean, float(low), float(high)
