"""``chitieu read FILE [--outline]``: show the document model of one file.

Prints the blocks a reader found (kind, page, label, offsets, text) or the
outline tree (path, kind, title), so a reader or outline problem can be seen
without running the whole extraction.
"""

from __future__ import annotations

import argparse
import sys
from typing import TextIO

from .model import Document, Outline

PREVIEW_CHARS = 100


def _preview(text: str, width: int = PREVIEW_CHARS) -> str:
    text = text.replace("\n", " ⏎ ").replace("\t", " | ")
    return text if len(text) <= width else text[: width - 1] + "…"


def format_blocks(doc: Document, out: TextIO) -> None:
    """Write one line per block: index, kind, page, label, offsets, text preview."""
    pages = doc.source.pages if doc.source.pages is not None else "-"
    out.write(f"{doc.source.path} ({doc.source.format}, {pages} pages, {len(doc.blocks)} blocks)\n")
    for b in doc.blocks:
        page = "-" if b.page is None else str(b.page)
        label = b.label or ""
        out.write(f"{b.index:4d} {b.kind:<9} p{page:<3} {label:<7} {b.start:>6}-{b.end:<6} ")
        if b.kind == "table" and b.rows:
            width = max(len(r) for r in b.rows)
            out.write(f"table {len(b.rows)} rows x {width} cols\n")
            for row in b.rows:
                cells = " | ".join(_preview(c.text, 30) for c in row)
                out.write(f"{'':>40}{cells}\n")
        else:
            out.write(_preview(b.text) + "\n")
    for w in doc.warnings:
        out.write(f"warning: {w}\n")


def format_outline(outline: Outline, out: TextIO) -> None:
    """Write the outline as an indented tree: path, kind, title."""
    for s in outline.sections:
        indent = "  " * (s.level - 1)
        out.write(f"{indent}{s.path}  [{s.kind}]  {_preview(s.title, 80)}\n")


def run(args: argparse.Namespace) -> int:
    """Print the blocks (or, with --outline, the outline) of ``args.file``."""
    from .readers import read
    from .structure import build_outline

    doc = read(args.file, pdf_engine=getattr(args, "pdf_engine", None))  # DocumentError: one line from the CLI, exit 2
    try:
        if getattr(args, "outline", False):
            format_outline(build_outline(doc), sys.stdout)
        else:
            format_blocks(doc, sys.stdout)
    except BrokenPipeError:  # `chitieu read x | head`
        sys.stderr.close()
    return 0
