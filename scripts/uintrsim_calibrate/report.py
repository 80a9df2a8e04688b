"""What a calibration reports: the per-point table, the shape criteria, the fitted TOML."""
import os

LABEL = {"sync_ticks": "sync ticks/round", "async_1core_ticks": "async 1-core ticks/round",
         "async_multicore_ticks": "async multi-core ticks/round", "async_1core_traps": "async 1-core traps",
         "async_multicore_traps": "async multi-core traps"}


def table_lines(rows):
    lines = [f"{'N':>5}  {'quantity':<30} {'simulated':>11} {'reference':>11} {'error %':>8}"]
    for (n, col, _s, _q, ref, _i), sim, err in rows:
        s = f"{sim:11.1f}" if sim is not None else f"{'failed':>11}"
        e = f"{100 * err:+8.2f}" if err is not None else f"{'-':>8}"
        lines.append(f"{n:>5}  {LABEL[col]:<30} {s} {ref:11.1f} {e}")
    return lines


def shape(values):
    """{N: (sync, async)} ticks per round -> (winners per N, crossover N, speed-up at the largest N).
    The crossover is the smallest N from which async is faster than sync at every larger N."""
    ns = sorted(n for n, (s, a) in values.items() if s is not None and a is not None)
    if not ns:
        return None
    wins = {n: "async" if values[n][1] < values[n][0] else "sync" for n in ns}
    cross = None
    for n in reversed(ns):
        if wins[n] != "async":
            break
        cross = n
    top = ns[-1]
    return wins, cross, values[top][0] / values[top][1], top


def shape_lines(rows, table):
    """The shape criteria of the simulated and the reference figure, sync against async on one
    core (or on several cores when the table has no one-core series)."""
    sim, ref = {}, {}
    for (n, col, _s, _q, refv, _i), simv, _e in rows:
        sim.setdefault(n, {})[col] = simv
        ref.setdefault(n, {})[col] = refv
    async_col = "async_1core_ticks"
    if not any(async_col in r for r in ref.values()):
        async_col = "async_multicore_ticks"
    out = []
    shapes = {}
    for name, d in (("simulated", sim), ("reference", ref)):
        shapes[name] = shape({n: (c.get("sync_ticks"), c.get(async_col)) for n, c in d.items()})
    if shapes["reference"] is None:
        return [f"shape: no N with both sync_ticks and {async_col}: no sync/async comparison"]
    series = async_col.replace("_ticks", "").replace("_", " ")
    for name in ("simulated", "reference"):
        sh = shapes[name]
        if sh is None:
            out.append(f"{name:>9}: no comparable points")
            continue
        wins, cross, speedup, top = sh
        out.append(f"{name:>9}: faster at each N: " + ", ".join(f"{n} {w}" for n, w in wins.items()))
        out.append(f"{'':>9}  crossover (async faster from N on): {cross if cross is not None else 'none'}; "
                   f"speed-up sync/{series} at N = {top}: {speedup:.3f}")
    if shapes["simulated"] is not None:
        same = shapes["simulated"][0] == shapes["reference"][0]
        out.append(f"shape: the winner at each N {'matches' if same else 'DIFFERS from'} the reference")
    return out


def write_toml(path, fit, best, loss, start_loss, rows, command, evaluations, ref_path, exp_path):
    """The fitted values as a calibration file to include after the experiment's own; the
    fit's provenance in comments. Nothing in it depends on the time or the host."""
    lines = ["# Fitted by scripts/uintrsim-calibrate (docs/calibration.md#the-calibration-tool).",
             f"# command: {command}",
             f"# experiment: {exp_path}; reference: {ref_path}",
             f"# loss (mean squared log error of ticks per round + trap weight x that of trap counts): "
             f"{loss:.6g} (start {start_loss:.6g}; {evaluations} evaluations)",
             "# start -> fitted [bounds]:"]
    for p in fit:
        lines.append(f"#   {p['key']} = {p['start']} -> {best[p['key']]} [{p['lo']:g}, {p['hi']:g}] {p['unit']}")
    lines.append("# per point (simulated with the fitted values):")
    lines += ["#   " + line for line in table_lines(rows)]
    tables = {}
    for p in fit:
        table, _, leaf = p["key"].rpartition(".")
        tables.setdefault(table, []).append((leaf, best[p["key"]]))
    for table in sorted(tables):
        lines += ["", f"[{table}]"] + [f"{leaf} = {v}" for leaf, v in tables[table]]
    tmp = path + ".partial"
    with open(tmp, "w") as f:
        f.write("\n".join(lines) + "\n")
    os.replace(tmp, path)
