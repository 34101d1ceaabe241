"""Damaged documents for fuzzing the readers: small real documents and the ways files break.

Used by tests/test_fuzz.py (hypothesis, in `make test`) and, run as a script, by
`make fuzz`: a longer campaign that writes N damaged files per format, extracts them
with `chitieu extract` (workers, time limit, schema check: what a user runs) and counts
ok / clean errors / crashes / hangs.

The bases are built here from the seeds: the first pages of the text, a Word file
with numbering, a table and a text box, the first two pages of the seed PDF. A
damage is a list of operations, each (kind, where in 0..1, bytes), applied to the
bytes of a file, or for a .docx to its word/document.xml (a zip with a wrong byte
mostly fails its CRC check, which says nothing about the reader behind it).
"""

from __future__ import annotations

import io
import random
import re
import zipfile
from collections.abc import Sequence
from functools import cache
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "corpus"
SEED = "thai-tan-ctr-2025"
FORMATS = ("txt", "docx", "pdf")

Op = tuple[str, float, bytes]
KINDS = ("flip", "insert", "delete", "truncate", "repeat", "token", "swap")
# What damaged or odd files hold: encodings, page breaks, quotes, PDF and XML syntax, numbers.
TOKENS = (
    b"\x00", b"\xff\xfe", b"\xef\xbb\xbf", b"\r", b"\f", b"\t", "“".encode(), "”".encode(), b'"',
    b"(1) ", "Đến năm 2030, tỷ lệ đạt 98%. ".encode(), b"\xe1\xbb", b"\x9d",
    b"obj", b"endobj", b"stream", b"endstream", b"/Count 0", b"/Count 99999", b"%%EOF", b"xref", b"R",
    b"999999999", b"-1", b"abc", b"<", b">", b"&", b"&xa;", b'w:val="abc"', b'w:gridSpan w:val="abc"/',
    b"<w:p>", b"</w:p>", b"<w:tbl>", b"</w:tc>", b"<!DOCTYPE w:document [<!ENTITY xa \"x\">]>",
)
# Well-formed Word fragments inserted after a run, so that the reader behind the XML parser is reached.
FRAGMENTS = (
    b"<w:r><w:t>\xc4\x90\xe1\xba\xbfn n\xc4\x83m 2030 &#8220; &amp; 98%</w:t></w:r>",
    b'<w:r><w:sym w:font="Symbol" w:char="ZZZZ"/></w:r>', b"<w:r><w:tab/><w:br/></w:r>",
    b'<w:pPr><w:numPr><w:ilvl w:val="99"/><w:numId w:val="1"/></w:numPr></w:pPr>',
    b'<w:tcPr><w:gridSpan w:val="0"/><w:vMerge/></w:tcPr>', b"<w:tr><w:tc><w:p/></w:tc></w:tr>",
)
# Values an attribute of Word's XML may be damaged into.
VALUES = (b"abc", b"-1", b"0", b"", b"999999999", b"1e9", b"restart", b"%1.%2.%9", b"F0B7", b"ZZZZ")


@cache
def base(fmt: str) -> bytes:
    """A small real document of the format, as bytes."""
    if fmt == "txt":
        lines = (CORPUS / f"{SEED}.txt").read_text(encoding="utf-8").splitlines()
        return ("\n".join(lines[:120]) + "\n").encode("utf-8")
    if fmt == "docx":
        return _docx_base()
    if fmt == "pdf":
        return _pdf_base()
    raise ValueError(fmt)


def _docx_base() -> bytes:
    import docx

    lines = [ln.strip() for ln in (CORPUS / f"{SEED}.txt").read_text(encoding="utf-8").splitlines() if ln.strip()]
    document = docx.Document()
    document.add_heading(lines[0], level=1)
    for line in lines[1:40]:
        document.add_paragraph(line, style="List Number" if line[:1].isdigit() else None)
    table = document.add_table(rows=4, cols=3)
    table.style = "Table Grid"
    rows = [["STT", "Chỉ tiêu", "Mục tiêu"], ["1", "Tỷ lệ hộ nghèo", "dưới 1%"], ["2", "Thu ngân sách", "tăng 10%"]]
    for r, row in enumerate(rows):
        for c, text in enumerate(row):
            table.rows[r].cells[c].text = text
    table.rows[3].cells[0].merge(table.rows[3].cells[2]).text = "II. NHÓM B"  # a gridSpan
    buf = io.BytesIO()
    document.save(buf)
    return buf.getvalue()


def _pdf_base() -> bytes:
    import pypdfium2 as pdfium

    src = pdfium.PdfDocument(CORPUS / f"{SEED}.pdf")
    out = pdfium.PdfDocument.new()
    try:
        out.import_pages(src, [0, 1])
        buf = io.BytesIO()
        out.save(buf)
        return buf.getvalue()
    finally:
        out.close()
        src.close()


def mutate(data: bytes, ops: Sequence[Op]) -> bytes:
    """``data`` with each operation applied in turn."""
    buf = bytearray(data)
    for kind, where, payload in ops:
        at = min(len(buf), int(where * len(buf)))
        if kind == "flip" and buf:
            i = min(at, len(buf) - 1)
            buf[i] ^= payload[0] if payload else 0xFF
        elif kind == "insert":
            buf[at:at] = payload
        elif kind == "delete":
            del buf[at : at + 1 + (payload[0] if payload else 16)]
        elif kind == "truncate":
            del buf[at:]
        elif kind == "repeat":
            n = 1 + (payload[0] if payload else 64)
            buf[at:at] = buf[at : at + n] * (1 + len(payload))
        elif kind == "token":
            buf[at:at] = TOKENS[(payload[0] if payload else 0) % len(TOKENS)]
        elif kind == "value":  # the next Word attribute's value (XML): w:val="3" -> w:val="abc"
            m = re.compile(rb' w:\w+="([^"]*)"').search(bytes(buf), at)
            if m:
                buf[m.start(1) : m.end(1)] = VALUES[(payload[0] if payload else 0) % len(VALUES)]
        elif kind == "fragment":  # a Word fragment after the next run (XML)
            end = buf.find(b"</w:r>", at)
            if end >= 0:
                buf[end + 6 : end + 6] = FRAGMENTS[(payload[0] if payload else 0) % len(FRAGMENTS)]
        elif kind == "swap" and len(buf) > 2:
            j = (at + 1 + (payload[0] if payload else 7) * 97) % len(buf)
            buf[at % len(buf)], buf[j] = buf[j], buf[at % len(buf)]
    return bytes(buf)


def damaged(fmt: str, ops: Sequence[Op], zip_ops: Sequence[Op] = ()) -> bytes:
    """A damaged document: the base of ``fmt`` with ``ops`` applied (for a .docx inside the XML of
    its body and of its numbering, then ``zip_ops`` on the zip's own bytes)."""
    if fmt != "docx":
        return mutate(base(fmt), ops)
    src = zipfile.ZipFile(io.BytesIO(base("docx")))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zf:
        for info in src.infolist():
            data = src.read(info.filename)
            zf.writestr(info.filename, mutate(data, ops) if info.filename in DAMAGED_PARTS else data)
    return mutate(out.getvalue(), zip_ops)


DAMAGED_PARTS = ("word/document.xml", "word/numbering.xml")  # the body, and its list numbering


def random_ops(rng: random.Random, most: int = 6, kinds: Sequence[str] = KINDS) -> list[Op]:
    return [
        (rng.choice(kinds), rng.random(), bytes(rng.randrange(256) for _ in range(rng.randrange(1, 9))))
        for _ in range(rng.randrange(1, most + 1))
    ]


# In Word's XML mostly damage that stays well-formed: a byte at random breaks the XML,
# and the parser's one clear error is all that is then tested.
XML_KINDS = ("value", "value", "value", "fragment", "fragment", "token", "flip")


# --- the campaign (`make fuzz`) ----------------------------------------------------------


def campaign(per_format: int, seed: int, workers: int, timeout: float) -> dict[str, dict[str, int]]:
    """Extract ``per_format`` damaged files of each format; count what became of them."""
    import json
    import tempfile

    from pipeline.cli import main

    rng = random.Random(seed)
    figures: dict[str, dict[str, int]] = {}
    with tempfile.TemporaryDirectory(prefix="chitieu-fuzz-") as tmp:
        inp, out = Path(tmp) / "in", Path(tmp) / "out"
        inp.mkdir()
        for fmt in FORMATS:
            for i in range(per_format):
                zip_ops = random_ops(rng, 2) if fmt == "docx" and rng.random() < 0.1 else []
                ops = random_ops(rng, kinds=XML_KINDS if fmt == "docx" else KINDS)
                (inp / f"{fmt}-{i:04d}.{fmt}").write_bytes(damaged(fmt, ops, zip_ops))
        from contextlib import redirect_stderr

        with redirect_stderr(io.StringIO()):  # a line per file: the manifest has it all
            main(["extract", str(inp), "-o", str(out), "--workers", str(workers), "--timeout", str(timeout), "--quiet"])
        docs = json.loads((out / "manifest.json").read_text(encoding="utf-8"))["documents"]
    crashes: list[str] = []
    reasons: dict[str, int] = {}
    for d in docs:
        fmt = Path(d["input"]).suffix.lstrip(".")
        row = figures.setdefault(fmt, {"inputs": 0, "ok": 0, "clean errors": 0, "crashes": 0, "hangs": 0})
        row["inputs"] += 1
        error = d.get("error") or ""
        if d["status"] == "ok":
            row["ok"] += 1
        elif error.startswith("timed out"):
            row["hangs"] += 1
        elif error.startswith(("internal error", "worker process died")):
            row["crashes"] += 1
            crashes.append(f"{Path(d['input']).name}: {error}")
        else:
            row["clean errors"] += 1
            reason = f"{fmt}: {error.split('(')[0].split(':')[0].strip()}"
            reasons[reason] = reasons.get(reason, 0) + 1
    for reason, n in sorted(reasons.items(), key=lambda kv: -kv[1])[:15]:
        print(f"{n:5d}  {reason}")
    for line in sorted(crashes)[:40]:
        print(f"crash  {line}")
    return figures


def main() -> None:
    import argparse
    import os

    parser = argparse.ArgumentParser(description="a fuzzing campaign over the readers (make fuzz)")
    parser.add_argument("--per-format", type=int, default=300, help="damaged files of each format (default 300)")
    parser.add_argument("--seed", type=int, default=1, help="random seed (default 1)")
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--timeout", type=float, default=60.0, help="seconds per file before it is a hang")
    args = parser.parse_args()
    figures = campaign(args.per_format, args.seed, args.workers, args.timeout)
    total = {k: sum(row[k] for row in figures.values()) for k in next(iter(figures.values()))}
    print(f"{'format':8} " + " ".join(f"{k:>13}" for k in total))
    for fmt, row in [*sorted(figures.items()), ("all", total)]:
        print(f"{fmt:8} " + " ".join(f"{v:13d}" for v in row.values()))
    raise SystemExit(1 if total["crashes"] or total["hangs"] else 0)


if __name__ == "__main__":
    import sys

    sys.path.insert(0, str(ROOT))
    main()
