"""Wall time of `chitieu extract` on one small text file, as a user at a terminal sees it.

A fresh process each run (python start-up, imports, models, writing the JSON, the
review page and the tables): the median of REPEAT runs (and the fastest), and the same
with --no-tables (no pandas). The baseline measured in the same run is a bare
`python -c pass`. Goal: < 1.5 s, judged on the median.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SMALL = ROOT / "tests" / "data" / "revisions" / "thai-tan-ctr-2025-rev.txt"
SMALL_CHARS = 3000  # the opening of a program: a title, a few targets
GOAL_S = 1.5
REPEAT = 5


def wall(command: list[str]) -> float:
    """Wall seconds of one run of ``command``."""
    t0 = time.perf_counter()
    subprocess.run(command, check=True, capture_output=True, cwd=ROOT)
    return time.perf_counter() - t0


def _figure(runs: list[float]) -> str:
    return f"{statistics.median(runs):6.2f} s  (fastest {min(runs):.2f})"


def main() -> None:
    chitieu = str(Path(sys.executable).with_name("chitieu"))
    with tempfile.TemporaryDirectory(prefix="chitieu-startup-") as tmp:
        doc = Path(tmp) / "small.txt"
        doc.write_text(SMALL.read_text(encoding="utf-8")[:SMALL_CHARS], encoding="utf-8")
        out = Path(tmp) / "out"
        extract = [chitieu, "extract", str(doc), "-o", str(out), "--no-cache", "--quiet"]
        base, full, no_tables = [], [], []
        for _ in range(REPEAT):  # in turn, so a change in the machine's load falls on all three
            base.append(wall([sys.executable, "-c", "pass"]))
            full.append(wall(extract))
            no_tables.append(wall([*extract, "--no-tables"]))
    median = statistics.median(full)
    print(f"median of {REPEAT} runs; machine: {os.cpu_count()} cores, load average {os.getloadavg()[0]:.1f}")
    print(f"bare python start-up                      {_figure(base)}")
    print(f"chitieu extract one small .txt            {_figure(full)}  (goal < {GOAL_S:g} s: {'ok' if median < GOAL_S else 'above goal'})")
    print(f"chitieu extract one small .txt, no tables {_figure(no_tables)}")


if __name__ == "__main__":
    main()
