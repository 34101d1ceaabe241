"""Pages per second of the readers on the corpus, against bare text extraction.

Baselines measured in the same run on the same files: pdfplumber's
``page.extract_text()`` (what read_pdf builds on) and pypdfium2's
``get_textpage().get_text_range()`` (the fastest text layer we have). The
readers do more (layout, tables, reflow, page quality), so the ratio says what
that costs. DOCX and TXT have no pages: their rate is per rendered PDF page of
the same document, so the three formats compare like for like.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from bench._timing import best_of

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "corpus"
STEMS = ("ha-dong-18-ctr-2026", "thai-tan-ctr-2025")
REPEAT = 3


def pdfplumber_text(path: Path) -> None:
    import pdfplumber

    with pdfplumber.open(path) as pdf:
        for page in pdf.pages:
            page.extract_text()


def pdfium_text(path: Path) -> None:
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument(path)
    try:
        for i in range(len(pdf)):
            page = pdf[i]
            textpage = page.get_textpage()
            textpage.get_text_range()
            textpage.close()
            page.close()
    finally:
        pdf.close()


def pages_of(path: Path) -> int:
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument(path)
    try:
        return len(pdf)
    finally:
        pdf.close()


def main() -> None:
    from pipeline.readers.docx import read_docx
    from pipeline.readers.pdf import read_pdf

    try:
        from pipeline.readers.text import read_text
    except ImportError:
        read_text = None
        print("note: pipeline.readers.text not available yet; read_text skipped")

    pdfs = [CORPUS / f"{s}.pdf" for s in STEMS]
    pages = sum(pages_of(p) for p in pdfs)
    rows: list[tuple[str, float]] = []

    def measure(name: str, fn: Callable[[Path], object], suffix: str, repeat: int = REPEAT) -> None:
        files = [CORPUS / f"{s}{suffix}" for s in STEMS]
        seconds = sum(best_of(lambda f=f: fn(f), repeat) for f in files)
        rows.append((name, seconds))

    measure("pypdfium2 get_text_range (baseline)", pdfium_text, ".pdf")
    measure("pdfplumber extract_text (baseline)", pdfplumber_text, ".pdf", repeat=1)
    measure("read_pdf", read_pdf, ".pdf", repeat=1)
    measure("read_docx", read_docx, ".docx")
    if read_text is not None:
        measure("read_text", read_text, ".txt")

    base = dict(rows)["pdfplumber extract_text (baseline)"]
    print(f"{len(pdfs)} documents, {pages} PDF pages (DOCX/TXT rates per page of the same documents)")
    print(f"{'reader':40} {'seconds':>8} {'pages/s':>9} {'vs pdfplumber text':>19}")
    for name, seconds in rows:
        print(f"{name:40} {seconds:8.3f} {pages / seconds:9.1f} {base / seconds:18.2f}x")


if __name__ == "__main__":
    main()
