"""F1 of every rendering of a document next to the F1 of its text (the reference scorer).

The same program made into Word and PDF files by other hands must give the same targets
as its text. For each document this renders it every way of pipeline/renderings.py (the
seeds' independent renderings are committed in tests/data/renderings; the dev documents,
other people's texts, are rendered only here, into an ignored cache), extracts every
rendering with ``chitieu extract --no-tables`` and scores it with ../shared/tools/score.py:

    python scripts/score_renderings.py            # the seeds and the default dev documents
    python scripts/score_renderings.py --seeds    # the seeds only
    python scripts/score_renderings.py --dev son-la-qd-2954-xuat-khau-2026-2030.md ...

It prints one line per document: the text F1, then each rendering's F1 and its difference
from the text; metadata per rendering for the seeds; and exits 1 when a rendering is
further than --tolerance from its text.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from pipeline.normalize import compare_key  # noqa: E402
from pipeline.renderings import WAYS, RenderError, render, rendering_name  # noqa: E402

SHARED = ROOT.parent / "shared"
SCORER = SHARED / "tools" / "score.py"
SEED_GOLD = ROOT / "tests" / "gold"
DEV_DOCS = SHARED / "dev" / "docs"
DEV_GOLD = SHARED / "dev" / "gold"
COMMITTED = ROOT / "tests" / "data" / "renderings"
CACHE = ROOT / "outputs" / ".cache" / "renderings"
# Documents of different kinds: indicator and task tables, decisions, plans, news pages.
DEFAULT_DEV = (
    "son-la-qd-2954-xuat-khau-2026-2030.md",
    "chinh-phu-qd-2629-chinh-phu-so-2030.md",
    "dong-thap-kh-552-doi-moi-cong-nghe-2035.md",
    "dong-thap-kh-556-tai-nguyen-bien-2030.md",
    "hcm-kh-174-binh-dang-gioi-2025.md",
    "can-tho-kh-165-dan-so-2025.md",
    "quoc-hoi-nq-ke-hoach-ktxh-2026.txt",
    "phuong-dong-son-bim-son-dai-hoi-2015.txt",
    "xa-dong-phuc-dai-hoi-2015.txt",
    "quoc-gia-chien-luoc-giao-duc-2030.txt",
    "nghe-an-ntm-2025.txt",
)
TOLERANCE = 0.03


def renderings_of(source: Path, committed: bool) -> dict[str, Path]:
    """'<fmt>-<way>' -> file: committed seed renderings where they are, else rendered into the cache."""
    out = {}
    for fmt, ways in WAYS.items():
        for way in ways:
            kept = COMMITTED / rendering_name(source, fmt, way)
            if committed and kept.exists():
                out[f"{fmt}-{way}"] = kept
            elif committed and way == "project":
                out[f"{fmt}-{way}"] = source.with_suffix(f".{fmt}")  # corpus/<stem>.docx|pdf
            else:
                out[f"{fmt}-{way}"] = render(source, fmt, way, CACHE)
    return out


def extract(files: dict[str, Path], workdir: Path) -> Path:
    """Extract files named <doc>.<ext> (linked into one folder) so the scorer finds <doc>.json."""
    inputs = workdir / "in"
    out = workdir / "out"
    inputs.mkdir(parents=True, exist_ok=True)
    for doc, path in files.items():
        link = inputs / f"{doc}{path.suffix}"
        if link.is_symlink() or link.exists():
            link.unlink()
        link.symlink_to(path.resolve())
    chitieu = ROOT / ".venv" / "bin" / "chitieu"
    cmd = [str(chitieu), "extract", str(inputs), "-o", str(out), "--no-tables", "--no-cache"]
    subprocess.run(cmd, check=False, capture_output=True, env={**os.environ, "PYTHONHASHSEED": "0"})
    return out


def score(gold: Path, out: Path, docs: list[str]) -> dict:
    args = [sys.executable, str(SCORER), str(gold), str(out), "--json"]
    for d in docs:
        args += ["--doc", d]
    result = subprocess.run(args, check=True, capture_output=True, text=True)
    return json.loads(result.stdout)["docs"]


def f1(s: dict) -> float:
    npred = s["pred"] - s["opt_hit"]
    if not s["req"]:
        return 1.0 / (1 + max(0, npred))
    r = s["hit"] / s["req"]
    p = s["hit"] / npred if npred > 0 else 0.0
    return 2 * p * r / (p + r) if p + r else 0.0


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--seeds", action="store_true", help="only the two seeds")
    ap.add_argument("--dev", nargs="*", help="dev documents (file names in ../shared/dev/docs)")
    ap.add_argument("--tolerance", type=float, default=TOLERANCE)
    ap.add_argument("--work", type=Path, default=ROOT / "outputs" / ".cache" / "score-renderings")
    args = ap.parse_args(argv)

    groups: list[tuple[str, Path, list[Path], bool]] = [
        ("seeds", SEED_GOLD, sorted((ROOT / "corpus").glob("*.txt")), True)
    ]
    if not args.seeds:
        names = args.dev if args.dev else DEFAULT_DEV
        groups.append(("dev", DEV_GOLD, [DEV_DOCS / n for n in names], False))
    keys = ["text"] + [f"{fmt}-{way}" for fmt, ways in WAYS.items() for way in ways]
    failures = 0
    for name, gold, sources, committed in groups:
        by_key: dict[str, dict[str, Path]] = {k: {} for k in keys}
        for src in sources:
            by_key["text"][src.stem] = src
            try:
                for k, path in renderings_of(src, committed).items():
                    by_key[k][src.stem] = path
            except RenderError as exc:
                print(f"{src.name}: {exc}", file=sys.stderr)
                return 2
        docs = [s.stem for s in sources]
        outs = {k: extract(files, args.work / name / k) for k, files in by_key.items()}
        scores = {k: score(gold, out, docs) for k, out in outs.items()}
        print(f"\n{name}: F1 per document, text then each rendering (difference from text)")
        print(f"{'document':44} " + " ".join(f"{k:>17}" for k in keys))
        for d in docs:
            base = f1(scores["text"][d])
            cells = [f"{base:17.3f}"]
            for k in keys[1:]:
                v = f1(scores[k][d])
                bad = abs(v - base) > args.tolerance
                failures += bad
                cells.append(f"{v:.3f} ({v - base:+.3f}){'!' if bad else ' '}".rjust(17))
            print(f"{d[:44]:44} " + " ".join(cells))
        if name == "seeds":
            print("metadata per rendering (score.py's number, date, replaces, signer, term; and issuer):")
            for d in docs:
                gold_meta = json.loads((gold / f"{d}.json").read_text(encoding="utf-8"))["metadata"]
                for k in keys:
                    meta = dict(scores[k][d]["meta"] or {})
                    got = json.loads((outs[k] / f"{d}.json").read_text(encoding="utf-8"))["document"]
                    meta["issuer"] = compare_key(got.get("issuer") or "") == compare_key(
                        gold_meta["issuer"] or ""
                    )
                    wrong = [f for f, ok in meta.items() if not ok]
                    failures += bool(wrong)
                    print(
                        f"  {d[:40]:40} {k:14} {'all right' if not wrong else 'wrong: ' + ', '.join(wrong)}"
                    )
    print(f"\n{failures} rendering(s) further than {args.tolerance} from their text")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
