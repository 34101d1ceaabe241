"""The two PDF engines side by side: same canonical document? and how much faster?

Read with PDFium (the default) and with pdfplumber (the reference): the committed
PDFs, the real files of ../shared/real (read in place) and PDF renderings of the
dev documents (bench/renderings.py; made into .cache/dev-pdf/, never committed).
For each file: whether text, blocks, tables and page health are the same, and
the CPU seconds of each engine in the same run. Where they differ, the first
differing blocks are printed. A rendering of a plain-text document has a referee:
the document itself, so for those the text of each engine is compared with it
(white space aside).
"""

from __future__ import annotations

import re
import time
import unicodedata
from dataclasses import asdict
from pathlib import Path

from bench.renderings import DEV_DOCS, dev_pdfs

ROOT = Path(__file__).resolve().parent.parent
REAL = ROOT.parent / "shared" / "real"
COMMITTED = [
    *sorted((ROOT / "corpus").glob("*.pdf")),
    *sorted((ROOT / "tests" / "data").rglob("*.pdf")),
]


def _read(path: Path, engine: str) -> tuple[dict, float]:
    from pipeline.errors import DocumentError
    from pipeline.normalize import canonicalize
    from pipeline.readers.pdf import read_pdf

    t0 = time.process_time()
    try:
        doc = asdict(canonicalize(read_pdf(path, engine=engine)))
    except DocumentError as err:
        doc = {"error": err.reason}
    return doc, time.process_time() - t0


def _blocks(doc: dict) -> list[tuple]:
    return [(b["kind"], b["page"], b["text"][:90]) for b in doc.get("blocks", [])]


def _squeeze(text: str) -> str:
    return re.sub(r"\s+", "", unicodedata.normalize("NFC", text))


def main() -> None:
    renderings = dev_pdfs()
    groups = [
        ("committed PDFs", COMMITTED),
        ("real files (../shared/real)", sorted(REAL.glob("*.pdf")) if REAL.is_dir() else []),
        ("renderings of the dev documents", renderings),
    ]
    if not renderings:
        print("(no renderings of the dev documents: LibreOffice, pandoc or ../shared/dev missing)")
    totals = {"pdfium": 0.0, "pdfplumber": 0.0}
    for title, paths in groups:
        same = 0
        print(f"{title}: {len(paths)} files")
        for path in paths:
            (a, ta), (b, tb) = _read(path, "pdfium"), _read(path, "pdfplumber")
            totals["pdfium"] += ta
            totals["pdfplumber"] += tb
            if a == b:
                same += 1
                continue
            print(f"  {path.name}: DIFFERENT ({ta:.2f} s vs {tb:.2f} s)")
            if "error" in a or "error" in b:
                print(f"    pdfium: {a.get('error', 'read')}; pdfplumber: {b.get('error', 'read')}")
                continue
            if a["page_quality"] != b["page_quality"]:
                bad = [(q["page"], q["reasons"]) for q in b["page_quality"] if not q["ok"]]
                print(f"    page health differs; pdfplumber finds: {bad[:3]}")
            source = DEV_DOCS / path.name.removesuffix(".txt.pdf")
            if path.name.endswith(".txt.pdf") and source.with_suffix(".txt").is_file():
                truth = _squeeze(source.with_suffix(".txt").read_text(encoding="utf-8"))
                print(
                    f"    text = the document itself (white space aside): pdfium {_squeeze(a['text']) == truth}, "
                    f"pdfplumber {_squeeze(b['text']) == truth}"
                )
                continue
            diff = [(x, y) for x, y in zip(_blocks(a), _blocks(b), strict=False) if x != y]
            for x, y in diff[:3]:
                print(f"    pdfium:     {x}\n    pdfplumber: {y}")
            if len(a["blocks"]) != len(b["blocks"]):
                print(f"    blocks: {len(a['blocks'])} vs {len(b['blocks'])}")
        print(f"  same document from both engines: {same} of {len(paths)}")
    ratio = totals["pdfplumber"] / totals["pdfium"] if totals["pdfium"] else float("nan")
    print(
        f"CPU seconds, all files: pdfium {totals['pdfium']:.1f} s, pdfplumber {totals['pdfplumber']:.1f} s "
        f"({ratio:.1f}x faster)"
    )


if __name__ == "__main__":
    main()
