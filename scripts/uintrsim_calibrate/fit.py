"""One evaluation of a parameter vector (a sweep through the driver), the loss, and the
bounded derivative-free optimiser (scipy's Nelder-Mead in coordinates scaled to [0, 1])."""
import json
import math
import os
import subprocess
import sys

DRIVER = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "uintrsim-sweep")
SIMPLEX_STEP = 0.2  # first simplex: the start and a step of a fifth of each range


class DriverFailed(Exception):
    pass


def rounded(p, x):
    """A parameter's value as the simulator takes it: an int parameter in whole units."""
    return int(round(x)) if p["type"] == "int" else float(f"{x:.6g}")


class Evaluator:
    """Runs the experiment through the sweep driver for parameter values and scores it.
    Points already run (same values, any earlier evaluation or invocation) come from the
    driver's cache; repeated values within one fit are not even asked for."""

    def __init__(self, a, fit, targets, name):
        self.a, self.fit, self.targets, self.name = a, fit, targets, name
        self.memo = {}
        self.history = []  # (values, loss) in evaluation order
        fit_keys = {p["key"] for p in fit}
        self.base_sets = [s for s in a.set if s.split("=", 1)[0] not in fit_keys]

    def driver_cmd(self, values):
        cmd = [sys.executable, DRIVER, self.a.experiment, "--sim", self.a.sim, "--results", self.a.results,
               "--backend", self.a.backend, "--timeout", str(self.a.timeout)]
        if self.a.backend == "local" and self.a.jobs:
            cmd += ["-j", str(self.a.jobs)]
        if self.a.backend != "local":
            if self.a.partition:
                cmd += ["--partition", self.a.partition]
            if self.a.max_parallel:
                cmd += ["--max-parallel", str(self.a.max_parallel)]
            cmd += [f"--sbatch-arg={s}" for s in self.a.sbatch_arg]
            cmd += ["--poll", str(self.a.poll)]
        for s in self.base_sets:
            cmd += ["--set", s]
        for k, v in values.items():
            cmd += ["--set", f"{k}={v}"]
        return cmd

    def summary(self, values):
        proc = subprocess.run(self.driver_cmd(values), capture_output=True, text=True)
        if proc.returncode not in (0, 1):  # 1: some point failed; the loss says so
            raise DriverFailed(f"the sweep driver stopped with exit status {proc.returncode}:\n"
                               + (proc.stderr + proc.stdout).strip())
        with open(os.path.join(self.a.results, self.name, "summary.json")) as f:
            return json.load(f)["points"]

    def score(self, points):
        """(loss, rows): rows are (target, simulated value, relative error or None)."""
        ticks, traps, rows = [], [], []
        for t in self.targets:
            n, col, series, qty, ref, idx = t
            p = points[idx]
            if qty == "ticks":
                sim = p.get("ticks_per_round") if p["status"] == "ok" else None
                ref_v = ref
            else:
                tf, req = p.get("trap_frequency"), p.get("syscalls_requested")
                sim = tf * req if p["status"] == "ok" and tf is not None and req else None
                ref_v = ref
            if sim is None or sim <= 0:
                rows.append((t, sim, None))
                (ticks if qty == "ticks" else traps).append(math.inf)
                continue
            rows.append((t, sim, sim / ref_v - 1))
            (ticks if qty == "ticks" else traps).append(math.log(sim / ref_v) ** 2)
        loss = sum(ticks) / len(ticks) if ticks else 0.0
        if traps:
            loss += self.a.trap_weight * sum(traps) / len(traps)
        return loss, rows

    def __call__(self, values):
        key = tuple(values.items())
        if key not in self.memo:
            self.memo[key] = self.score(self.summary(values))
            loss = self.memo[key][0]
            best = min([h[1] for h in self.history], default=math.inf)
            self.history.append((values, loss))
            shown = " ".join(f"{k.rsplit('.', 1)[-1]}={v}" for k, v in values.items())
            sys.stderr.write(f"uintrsim-calibrate: evaluation {len(self.history)}: {shown}: loss {loss:.6g}"
                             f"{' (best so far)' if loss < best else ''}\n")
        return self.memo[key]


def values_at(fit, u):
    return {p["key"]: rounded(p, p["lo"] + min(1.0, max(0.0, ui)) * (p["hi"] - p["lo"])) for p, ui in zip(fit, u)}


def optimise(ev, fit, max_evals, xatol):
    """Nelder-Mead over [0, 1]^d (each parameter scaled to its bounds), from the start values;
    deterministic: a fixed first simplex, no random restarts. Returns the best values seen."""
    import numpy
    import scipy.optimize

    u0 = numpy.array([(p["start"] - p["lo"]) / (p["hi"] - p["lo"]) for p in fit])
    simplex = [u0]
    for i in range(len(fit)):
        v = u0.copy()
        v[i] += SIMPLEX_STEP if v[i] + SIMPLEX_STEP <= 1 else -SIMPLEX_STEP
        simplex.append(v)
    scipy.optimize.minimize(lambda u: ev(values_at(fit, u))[0], u0, method="Nelder-Mead",
                            bounds=[(0.0, 1.0)] * len(fit),
                            options={"initial_simplex": numpy.array(simplex), "xatol": xatol, "fatol": 1e-9,
                                     "maxfev": max_evals})
    # The best of every evaluation (ties: the first), not scipy's last simplex vertex.
    return min(ev.history, key=lambda h: h[1])[0]
