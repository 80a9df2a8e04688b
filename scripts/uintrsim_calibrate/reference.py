"""A reference table in the format of configs/reference/thesis_fpga_ticks_per_round.csv:

    concurrency,sync_ticks,async_1core_ticks,async_multicore_ticks,async_1core_traps,async_multicore_traps

one row per concurrency N; ticks per round (rdtime ticks) of the three series, and the number
of kernel entries (traps) in the async runs. Lines starting with '#' are comments; an empty
cell is a value not measured. Columns may come in any order; all six must be there.
"""
import csv
import math

COLUMNS = ["concurrency", "sync_ticks", "async_1core_ticks", "async_multicore_ticks",
           "async_1core_traps", "async_multicore_traps"]
# (series, quantity) of each value column: series name -> how a point is recognised, in experiment.py
CELLS = {"sync_ticks": ("sync", "ticks"), "async_1core_ticks": ("async_1core", "ticks"),
         "async_multicore_ticks": ("async_multicore", "ticks"), "async_1core_traps": ("async_1core", "traps"),
         "async_multicore_traps": ("async_multicore", "traps")}


class BadInput(Exception):
    """A message for the user: file:line: what is wrong."""


def read_reference(path):
    """{N: {column: value}} with only the cells that have a value."""
    try:
        with open(path, newline="") as f:
            lines = f.read().splitlines()
    except OSError as e:
        raise BadInput(f"{path}: cannot read the reference table ({e.strerror})")
    rows = [(i + 1, line) for i, line in enumerate(lines) if line.strip() and not line.lstrip().startswith("#")]
    if not rows:
        raise BadInput(f"{path}: no header and no rows (expected the columns {','.join(COLUMNS)})")
    hline, header_text = rows[0]
    header = [h.strip() for h in next(csv.reader([header_text]))]
    missing = [c for c in COLUMNS if c not in header]
    extra = [h for h in header if h not in COLUMNS]
    dup = sorted({h for h in header if header.count(h) > 1})
    problems = []
    if missing:
        problems.append(f"missing column(s) {', '.join(missing)}")
    if extra:
        problems.append(f"unknown column(s) {', '.join(extra)}")
    if dup:
        problems.append(f"column(s) {', '.join(dup)} given twice")
    if problems:
        raise BadInput(f"{path}:{hline}: {'; '.join(problems)} (a reference table has the columns "
                       f"{','.join(COLUMNS)}; an unmeasured value is an empty cell)")
    table = {}
    for line_no, text in rows[1:]:
        cells = [c.strip() for c in next(csv.reader([text]))]
        if len(cells) != len(header):
            raise BadInput(f"{path}:{line_no}: {len(cells)} cells, the header has {len(header)}")
        row = {}
        for col, cell in zip(header, cells):
            if cell == "":
                if col == "concurrency":
                    raise BadInput(f"{path}:{line_no}: the concurrency is empty")
                continue
            try:
                v = float(cell)
            except ValueError:
                raise BadInput(f"{path}:{line_no}: column '{col}': '{cell}' is not a number")
            if not math.isfinite(v) or v <= 0:
                raise BadInput(f"{path}:{line_no}: column '{col}': {cell} must be a positive number")
            row[col] = v
        n = row["concurrency"]
        if n != int(n):
            raise BadInput(f"{path}:{line_no}: concurrency {cells[header.index('concurrency')]} is not an integer")
        n = int(n)
        if n in table:
            raise BadInput(f"{path}:{line_no}: concurrency {n} is listed twice (first at line {table[n]['line']})")
        del row["concurrency"]
        if not row:
            raise BadInput(f"{path}:{line_no}: concurrency {n} has no value")
        row["line"] = line_no
        table[n] = row
    if not table:
        raise BadInput(f"{path}: a header but no rows")
    return table
