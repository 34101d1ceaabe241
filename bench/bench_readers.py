"""Pages per second of the readers on the corpus, against bare text extraction.

Baselines measured in the same run on the same files: pdfplumber's
``page.extract_text()`` (what the reference PDF reader builds on) and pypdfium2's
``get_textpage().get_text_range()`` (the fastest text layer we have). The
readers do more (layout, tables, reflow, page quality), so the ratio says what
that costs. ``read_pdf`` is timed with each engine: PDFium (the default; the
Hà Đông appendix pages go through pdfplumber's table finder) and pdfplumber
(every page). DOCX and TXT have no pages: their rate is per rendered PDF page of
the same document, so the three formats compare like for like. Seconds are CPU
seconds of this process (best of several runs): other work on the machine does
not count.
Goal: read_pdf (PDFium) >= 150 pages/s on a text PDF (Thái Tân: no ruled table). "Python char pass":
read_pdf with the Python twin of its compiled character pass, what it costs where nothing could build it.
"""

from __future__ import annotations

import functools
import time
from collections.abc import Callable
from pathlib import Path
from unittest import mock

from bench._timing import best_of

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "corpus"
STEMS = ("ha-dong-18-ctr-2026", "thai-tan-ctr-2025")
TEXT_PDF = "thai-tan-ctr-2025"
GOAL_PAGES_PER_S = 150.0
REPEAT = 5


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
    from pipeline.readers import pdf_pdfium
    from pipeline.readers.docx import read_docx
    from pipeline.readers.pdf import read_pdf
    from pipeline.readers.text import read_text

    pdfs = [CORPUS / f"{s}.pdf" for s in STEMS]
    pages = {s: pages_of(CORPUS / f"{s}.pdf") for s in STEMS}
    for p in pdfs:  # load the engines once: a batch worker pays for that once, not per document
        read_pdf(p)
        read_pdf(p, engine="pdfplumber")
    seconds: dict[tuple[str, str], float] = {}

    def measure(name: str, fn: Callable[[Path], object], suffix: str, repeat: int = REPEAT) -> None:
        for s in STEMS:
            seconds[(name, s)] = best_of(lambda f=CORPUS / f"{s}{suffix}": fn(f), repeat, clock=time.process_time)

    pdfium_read = functools.partial(read_pdf, engine="pdfium")
    plumber_read = functools.partial(read_pdf, engine="pdfplumber")
    measure("pypdfium2 get_text_range (baseline)", pdfium_text, ".pdf")
    measure("pdfplumber extract_text (baseline)", pdfplumber_text, ".pdf", repeat=2)
    measure("read_pdf, PDFium", pdfium_read, ".pdf")
    compiled = pdf_pdfium.page_chars is not pdf_pdfium._page_chars
    if compiled:  # what the compiled character pass saves, against its Python twin
        with mock.patch.object(pdf_pdfium, "page_chars", pdf_pdfium._page_chars):
            measure("read_pdf, PDFium, Python char pass", pdfium_read, ".pdf")
    measure("read_pdf, pdfplumber (reference)", plumber_read, ".pdf", repeat=2)
    measure("read_docx", read_docx, ".docx")
    measure("read_text", read_text, ".txt")

    names = list(dict.fromkeys(name for name, _ in seconds))
    total = sum(pages.values())
    print(f"{len(pdfs)} documents, {total} PDF pages (DOCX/TXT rates per page of the same documents)")
    print(f"{'reader':38} {'seconds':>8} {'pages/s':>9} {'vs pdfplumber text':>19} {TEXT_PDF + ' pages/s':>26}")
    base = sum(seconds[("pdfplumber extract_text (baseline)", s)] for s in STEMS)
    for name in names:
        secs = sum(seconds[(name, s)] for s in STEMS)
        text_rate = pages[TEXT_PDF] / seconds[(name, TEXT_PDF)]
        print(f"{name:38} {secs:8.3f} {total / secs:9.1f} {base / secs:18.2f}x {text_rate:26.1f}")
    rate = pages[TEXT_PDF] / seconds[("read_pdf, PDFium", TEXT_PDF)]
    verdict = "ok" if rate >= GOAL_PAGES_PER_S else "below goal"
    print(f"read_pdf (PDFium) on a text PDF: {rate:.0f} pages/s (goal >= {GOAL_PAGES_PER_S:g}: {verdict})")
    if not compiled:
        print("  the compiled character pass is not built (make setup needs gcc): read_pdf ran its Python twin")
    speedup = seconds[("read_pdf, pdfplumber (reference)", TEXT_PDF)] / seconds[("read_pdf, PDFium", TEXT_PDF)]
    print(f"read_pdf PDFium vs pdfplumber engine, same run: {speedup:.1f}x faster")


if __name__ == "__main__":
    main()
