"""`make bench`: run every bench/bench_*.py in turn; each prints its own ratios against
baselines measured in the same run."""

import runpy
import sys
from pathlib import Path

here = Path(__file__).parent
sys.path.insert(0, str(here.parent))
for script in sorted(here.glob("bench_*.py")):
    print(f"\n== {script.stem} ==", flush=True)
    runpy.run_path(str(script), run_name="__main__")
