"""Wall time of `chitieu extract` on one small text file, as a user at a terminal sees it.

A fresh process each run (python start-up, imports, models, writing the JSON, the
review page and the tables): the best of a few runs, and the same with --no-tables
(no pandas). The baseline measured in the same run is a bare `python -c pass`.
Goal: < 1.5 s.
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SMALL = ROOT / "tests" / "data" / "revisions" / "thai-tan-ctr-2025-rev.txt"
SMALL_CHARS = 3000  # the opening of a program: a title, a few targets
GOAL_S = 1.5
REPEAT = 3


def best_wall(command: list[str]) -> float:
    best = float("inf")
    for _ in range(REPEAT):
        t0 = time.perf_counter()
        subprocess.run(command, check=True, capture_output=True, cwd=ROOT)
        best = min(best, time.perf_counter() - t0)
    return best


def main() -> None:
    chitieu = str(Path(sys.executable).with_name("chitieu"))
    with tempfile.TemporaryDirectory(prefix="chitieu-startup-") as tmp:
        doc = Path(tmp) / "small.txt"
        doc.write_text(SMALL.read_text(encoding="utf-8")[:SMALL_CHARS], encoding="utf-8")
        out = Path(tmp) / "out"
        base = best_wall([sys.executable, "-c", "pass"])
        full = best_wall([chitieu, "extract", str(doc), "-o", str(out), "--no-cache", "--quiet"])
        no_tables = best_wall([chitieu, "extract", str(doc), "-o", str(out), "--no-cache", "--quiet", "--no-tables"])
    print(f"bare python start-up                     {base:6.2f} s")
    print(f"chitieu extract one small .txt           {full:6.2f} s  (goal < {GOAL_S:g} s: {'ok' if full < GOAL_S else 'above goal'})")
    print(f"chitieu extract one small .txt, no tables{no_tables:6.2f} s")


if __name__ == "__main__":
    main()
