"""OCR for scanned PDF pages (no text layer) with Tesseract's Vietnamese model.

Pages are rendered with pypdfium2 at 300 dpi in grey (below that, tone marks
blur: "Hằng" reads "Hăng") and read by the ``tesseract`` command with ``-l vie``.
Tesseract runs single-threaded (OMP_THREAD_LIMIT=1): pages are small and batch
workers already use every core, so its own threads only cost time.

The recognised text is cut into blocks the way the PDF reader cuts printed
lines: a numbering label ("(3)", "2.1.", "-") or a blank line starts a block.
Scanner specks that Tesseract reads as stray "_", "K)" or "--" are dropped.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import tempfile
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path

from ..errors import DocumentError
from ..model import PageQuality, RawBlock, RawDocument

DPI = 300
LANG = "vie"
INSTALL_HINT = "install: apt-get install tesseract-ocr tesseract-ocr-vie"
PAGE_SECONDS = 120  # one page never takes this long; a stuck tesseract is killed

_NOISE_LINE = re.compile(r"^\W{0,3}$|^[A-Za-z]\)?$")  # "_", "--", "K)", "."
_LEAD_NOISE = re.compile(r"^[_~|'`]+\s+|^-{2,}(?=\s)")
_TRAIL_NOISE = re.compile(r"(?:\s+[_~|'`.:,-]+)+$")
_ROMAN_ONE = re.compile(r"^[Ll]\.(?=\s+[A-ZĐ])")  # "I." read as "L."


def check_tesseract() -> str:
    """Path of the tesseract binary; DocumentError-ready reason when it or ``vie`` is missing."""
    exe = shutil.which("tesseract")
    if exe is None:
        raise FileNotFoundError(f"tesseract not found ({INSTALL_HINT})")
    langs = subprocess.run([exe, "--list-langs"], capture_output=True, text=True, timeout=30)
    if LANG not in (langs.stdout + langs.stderr).split():
        raise FileNotFoundError(f"tesseract has no Vietnamese model '{LANG}' ({INSTALL_HINT})")
    return exe


def ocr_pdf_pages(path: str | Path, pages: Sequence[int]) -> list[str]:
    """Text of the given 1-based ``pages`` of a PDF, read by Tesseract (one string per page)."""
    import pypdfium2 as pdfium

    p = Path(path)
    try:
        exe = check_tesseract()
    except FileNotFoundError as err:
        raise DocumentError(p, f"scanned pages {_page_list(pages)} need OCR, but {err}") from None
    from .pdf_pdfium import LOCK, load_page, open_pdf

    env = {**os.environ, "OMP_THREAD_LIMIT": "1"}
    texts: list[str] = []
    with LOCK:
        pdf = open_pdf(p)
    try:
        with tempfile.TemporaryDirectory(prefix="chitieu-ocr-") as tmp:
            for number in pages:
                image = Path(tmp) / f"page-{number}.png"
                with LOCK:  # PDFium, one thread at a time; Tesseract below runs outside it
                    page = load_page(pdf, number, p)
                    try:
                        page.render(scale=DPI / 72, grayscale=True).to_pil().save(image)
                    except pdfium.PdfiumError as exc:
                        raise DocumentError(p, f"damaged PDF (page {number} cannot be rendered for OCR)") from exc
                    finally:
                        page.close()
                try:
                    run = subprocess.run(
                        [exe, str(image), "stdout", "-l", LANG],
                        capture_output=True,
                        text=True,
                        env=env,
                        timeout=PAGE_SECONDS,
                    )
                except subprocess.TimeoutExpired:
                    raise DocumentError(p, f"OCR of page {number} took over {PAGE_SECONDS} s") from None
                if run.returncode != 0:
                    reason = (run.stderr.strip().splitlines() or ["no message"])[-1]
                    raise DocumentError(p, f"OCR failed on page {number}: {reason}")
                texts.append(run.stdout)
    finally:
        with LOCK:
            pdf.close()
    return texts


def _page_list(pages: Sequence[int]) -> str:
    return ", ".join(map(str, pages))


def _clean_line(line: str) -> str:
    line = _LEAD_NOISE.sub(lambda m: "-" if m.group().startswith("--") else "", line.strip())
    return _ROMAN_ONE.sub("I.", _TRAIL_NOISE.sub("", line).strip())


def ocr_blocks(text: str, page: int, furniture: frozenset[str] = frozenset()) -> list[RawBlock]:
    """Cut one page of OCR text into raw blocks (labels start blocks, as on paper).

    Tesseract often puts a blank line between printed lines, so a blank line ends
    a block only where a paragraph would end: after ".", ";", ":" or before a
    capital. Page numbers and ``furniture`` (lines repeated on every page) are dropped.
    """
    from ..numbering import split_label
    from .pdf import block_kind

    blocks: list[RawBlock] = []
    current: list[str] = []
    gap = False

    def flush() -> None:
        if current:
            joined = " ".join(current)
            blocks.append(RawBlock(kind=block_kind(joined), text=joined, page=page, label=split_label(joined)))
            current.clear()

    for raw_line in text.splitlines():
        line = _clean_line(raw_line)
        if not line or _NOISE_LINE.match(line) or line.isdigit() or line in furniture:
            gap = True
            continue
        if split_label(line) or (
            gap and current and (current[-1].endswith((".", ";", ":", "!", "?")) or line[0].isupper())
        ):
            flush()
        current.append(line)
        gap = False
    flush()
    return blocks


def _furniture(texts: Sequence[str]) -> frozenset[str]:
    """Lines found on most scanned pages: running headers and footers."""
    if len(texts) < 2:
        return frozenset()
    counts: dict[str, int] = {}
    for text in texts:
        for line in {_clean_line(ln) for ln in text.splitlines()}:
            if len(line) > 20:
                counts[line] = counts.get(line, 0) + 1
    return frozenset(line for line, n in counts.items() if n >= max(2, 0.6 * len(texts)))


def ocr_missing_pages(raw: RawDocument, path: str | Path) -> RawDocument:
    """Fill the pages a PDF reader found without a text layer with their OCR text."""
    missing = [q.page for q in raw.page_quality if any(r.startswith("no text layer") for r in q.reasons)]
    if not missing:
        return raw
    texts = ocr_pdf_pages(path, missing)
    furniture = _furniture(texts)
    new_blocks = {page: ocr_blocks(text, page, furniture) for page, text in zip(missing, texts, strict=True)}
    blocks: list[RawBlock] = []
    pending = sorted(new_blocks)
    for b in raw.blocks:
        while pending and b.page is not None and pending[0] < b.page:
            blocks.extend(new_blocks[pending.pop(0)])
        blocks.append(b)
    for page in pending:
        blocks.extend(new_blocks[page])
    quality = [
        PageQuality(page=q.page, ok=bool(new_blocks[q.page]), reasons=[*q.reasons, "text from OCR (tesseract vie)"])
        if q.page in new_blocks
        else q
        for q in raw.page_quality
    ]
    warnings = [w for w in raw.warnings if "OCR needed" not in w]
    warnings.append(f"pages {_page_list(missing)} have no text layer: text read by OCR (tesseract {LANG})")
    return replace(raw, blocks=blocks, page_quality=quality, warnings=warnings)
