"""How long `chitieu diff` takes on two extracted programs, against loading them.

The diff of two ~20-25 page programs (from their JSON) should take well under a
second. Baselines measured in the same run: loading and validating the two JSON
files (what any diff must do), and a naive diff that pairs targets by exact text.
"""

from __future__ import annotations

import json
import tempfile
import time
from pathlib import Path

from bench._timing import best_of
from pipeline.diff import _key, diff_programs, load_program
from pipeline.export import write_json
from pipeline.extract import extract_file
from pipeline.normalize import compare_key

ROOT = Path(__file__).resolve().parent.parent

# The PDFs (about 20 pages each): a revision with known edits, and two communes' programs.
PAIRS = [
    (
        ROOT / "corpus" / "ha-dong-18-ctr-2026.pdf",
        ROOT / "tests" / "data" / "revisions" / "ha-dong-18-ctr-2026-rev.pdf",
    ),
    (ROOT / "corpus" / "thai-tan-ctr-2025.pdf", ROOT / "corpus" / "ha-dong-18-ctr-2026.pdf"),
]
REPEAT = 5


def naive_diff(old: dict, new: dict) -> int:
    """Exact-text matching: what a line diff would see (renumbered or reworded items do not pair)."""
    new_texts = {compare_key(t["text"]) for t in new["targets"]}
    return sum(compare_key(t["text"]) not in new_texts for t in old["targets"])


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        for old_src, new_src in PAIRS:
            paths = []
            for src in (old_src, new_src):
                out = Path(tmp) / f"{src.stem}.json"
                write_json(extract_file(src), out)
                paths.append(out)
            old_json, new_json = paths
            _key.cache_clear()
            t0 = time.perf_counter()
            old, new = load_program(old_json), load_program(new_json)
            diff_programs(old, new)
            cold = time.perf_counter() - t0  # as `chitieu diff A.json B.json` does it: caches empty
            pages = [(p.get("document", {}).get("source") or {}).get("pages") for p in (old, new)]
            read = best_of(
                lambda o=old_json, n=new_json: (json.loads(o.read_bytes()), json.loads(n.read_bytes())),
                REPEAT,
            )
            load = best_of(lambda o=old_json, n=new_json: (load_program(o), load_program(n)), REPEAT)
            naive = best_of(lambda o=old, n=new: naive_diff(o, n), REPEAT)
            diff = best_of(lambda o=old, n=new: diff_programs(o, n), REPEAT)
            print(
                f"{old_src.stem} ({len(old['targets'])} targets) vs {new_src.stem} ({len(new['targets'])} targets)"
                f"{'' if pages == [None, None] else f', pages {pages}'}"
            )
            print(f"  json.loads both         {read * 1000:8.1f} ms")
            print(f"  naive exact-text diff   {naive * 1000:8.1f} ms")
            print(f"  load+validate both      {load * 1000:8.1f} ms")
            print(f"  align+classify          {diff * 1000:8.1f} ms   = {diff / load:.2f}x load+validate")
            verdict = "ok" if cold < 1 else "TOO SLOW"
            print(
                f"  load+diff, first run    {cold:8.3f} s    = {cold / load:.2f}x load+validate (budget 1 s: {verdict})"
            )


if __name__ == "__main__":
    main()
