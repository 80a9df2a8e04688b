"""The experiment's side of a calibration: which sweep point stands for which reference cell,
and the parameters to fit (their start values and bounds)."""
import json

from uintrsim_results import flatten

from .reference import CELLS, BadInput

N_KEY = "workload.concurrency"
# Fitted when --fit is not given (docs/calibration.md#the-calibration-tool): the three costs
# that set the three levels of the thesis figure -- the invocation (async N = 2 and sync),
# the synchronous trap path (sync), the async runtime's per-request work (async at high N and
# its trap frequency).
DEFAULT_FIT = ["kernel.cost.page_map", "kernel.cost.slowpath", "workload.async_overhead_cycles"]


def series_of(cfg):
    """The reference series a point belongs to, from its workload.mode and platform.harts."""
    mode, harts = cfg.get("workload.mode"), cfg.get("platform.harts", 1)
    if mode == "sync":
        return "sync"
    if mode == "async":
        return "async_1core" if harts == 1 else "async_multicore"
    return None


def targets(points, table, ref_path, exp_path):
    """[(N, column, series, quantity, reference value, point index)] for every reference cell,
    checking that the experiment sweeps each N and has exactly one point per series and N."""
    if not any(N_KEY in p["sets"] for p in points):
        raise BadInput(f"{exp_path}: the experiment does not sweep {N_KEY}; a reference table is per concurrency")
    cfgs = [flatten(p["config"]) for p in points]
    swept_ns = sorted({c[N_KEY] for c in cfgs})
    where = {}
    for i, c in enumerate(cfgs):
        s = series_of(c)
        if s is None:
            continue
        key = (s, c[N_KEY])
        if key in where:
            other = cfgs[where[key]]
            differ = sorted(k for k in set(c) | set(other) if c.get(k) != other.get(k))
            raise BadInput(f"{exp_path}: points {where[key] + 1} and {i + 1} are both series {s} at N = {key[1]} "
                           f"(they differ in {', '.join(differ)}): the reference cannot tell them apart")
        where[key] = i
    out = []
    for n, row in sorted(table.items()):
        if n not in swept_ns:
            raise BadInput(f"{ref_path}:{row['line']}: concurrency {n} is not swept by {exp_path} "
                           f"(it sweeps {', '.join(map(str, swept_ns))})")
        for col, (series, qty) in CELLS.items():
            if col not in row:
                continue
            if (series, n) not in where:
                raise BadInput(f"{ref_path}:{row['line']}: column '{col}' has a value at N = {n}, but {exp_path} "
                               f"has no {series} point at N = {n} (workload.mode and platform.harts tell the series)")
            out.append((n, col, series, qty, row[col], where[(series, n)]))
    return out


def parse_fit(specs, points, params, exp_path):
    """[{key, type, start, lo, hi}] from --fit "key[=lo:hi],..." (default: DEFAULT_FIT with
    bounds start/2 .. 2 x start)."""
    items = []
    for spec in specs or [",".join(DEFAULT_FIT)]:
        items += [s.strip() for s in spec.split(",") if s.strip()]
    if not items:
        raise BadInput("--fit: no parameter given")
    cfg = flatten(points[0]["config"])
    swept = {k for p in points for k in p["sets"]}
    has_sync = any(series_of(flatten(p["config"])) == "sync" for p in points)
    unread_ok = {n.strip() for n in str(cfg.get("workload.unread_ok", "")).split(",") if n.strip()}
    fit, seen = [], set()
    for item in items:
        key, eq, bounds = item.partition("=")
        key = key.strip()
        if key in seen:
            raise BadInput(f"--fit {item}: {key} is listed twice")
        seen.add(key)
        spec = params.get(key)
        if spec is None:
            near = [k for k in params if k.rsplit(".", 1)[-1] == key.rsplit(".", 1)[-1]]
            raise BadInput(f"--fit {item}: unknown parameter '{key}'" + (f" (did you mean {near[0]}?)" if near else ""))
        if spec["type"] not in ("int", "float"):
            raise BadInput(f"--fit {item}: {key} is a {spec['type']}, not a number")
        if key in swept:
            raise BadInput(f"--fit {item}: {key} is swept by {exp_path}; a fitted parameter has one value for all points")
        # The async runtime's costs are read by async_init only: a sync point given one fails the
        # run (an argument it never reads) unless workload.unread_ok lists it -- and unread_ok
        # may name only settings the configuration sets.
        short = key[len("workload."):]
        if key.startswith("workload.async_") and has_sync and short not in unread_ok:
            raise BadInput(f"--fit {item}: the synchronous points of {exp_path} do not read {key} (the async "
                           f"runtime's); set it in the experiment (e.g. {short} = 0 under [workload]) and list "
                           f"{short} in workload.unread_ok, as configs/calibration/rel4-fpga.toml does")
        start = cfg[key]
        pmin, pmax = spec.get("min", float("-inf")), spec.get("max", float("inf"))
        if eq:
            lo_s, colon, hi_s = bounds.partition(":")
            try:
                lo, hi = float(lo_s), float(hi_s)
            except ValueError:
                raise BadInput(f"--fit {item}: bounds are written key=LOW:HIGH with two numbers")
            if not colon or lo >= hi:
                raise BadInput(f"--fit {item}: bounds are written key=LOW:HIGH with LOW < HIGH")
            if lo < pmin or hi > pmax:
                raise BadInput(f"--fit {item}: {key} must stay within [{pmin:g}, {pmax:g}]")
        else:
            if start <= 0:
                raise BadInput(f"--fit {item}: {key} starts at {start}; give bounds (key=LOW:HIGH)")
            lo, hi = max(pmin, start / 2), min(pmax, start * 2)
        if not lo <= start <= hi:
            raise BadInput(f"--fit {item}: the start value {key} = {start} (from {exp_path}) is outside the bounds "
                           f"[{lo:g}, {hi:g}]: widen them, or set the start with --set {key}=VALUE")
        fit.append({"key": key, "type": spec["type"], "start": start, "lo": lo, "hi": hi,
                    "unit": spec.get("unit", "")})
    return fit


def list_params(sim_output, sim):
    params = {}
    for line in sim_output(sim, ["--list-params"]).splitlines():
        if line.strip():
            spec = json.loads(line)
            params[spec["key"]] = spec
    return params
