"""Readers: PDF (PDFium; pdfplumber for ruled tables), DOCX (python-docx), .doc/.rtf/.odt
(LibreOffice -> DOCX) and plain text into one Document model.

Each ``read_*`` returns a RawDocument; ``read`` dispatches on the extension and
canonicalises it into a ``Document`` whose offsets everything else uses.
"""

from __future__ import annotations

import functools
import hashlib
from collections.abc import Callable
from pathlib import Path

from ..errors import DocumentError
from ..legacy import fix_legacy_encoding
from ..model import Document, RawDocument
from ..normalize import canonicalize
from .ocr import ocr_missing_pages
from .office import OFFICE_FORMATS

SUPPORTED_SUFFIXES = (".pdf", ".docx", *OFFICE_FORMATS, ".txt", ".md")


def file_sha256(path: str | Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


PDF_ENGINES = ("pdfium", "pdfplumber")  # what reads a PDF (pipeline.readers.pdf.read_pdf)
DEFAULT_PDF_ENGINE = "pdfium"


def _reader_for(path: Path, pdf_engine: str | None = None) -> Callable[[Path], RawDocument]:
    suffix = path.suffix.lower()
    if suffix == ".pdf":
        from .pdf import read_pdf

        return functools.partial(read_pdf, engine=pdf_engine or DEFAULT_PDF_ENGINE)
    if suffix == ".docx":
        from .docx import read_docx

        return read_docx
    if suffix in OFFICE_FORMATS:
        from .office import read_office

        return read_office
    if suffix in (".txt", ".md"):
        from .text import read_text

        return read_text
    raise DocumentError(
        path,
        f"unsupported file type '{suffix or '(none)'}'; expected one of {', '.join(SUPPORTED_SUFFIXES)}",
    )


def read_raw(path: str | Path, *, pdf_engine: str | None = None) -> RawDocument:
    """Read a file into a RawDocument, raising DocumentError for bad input.

    ``pdf_engine``: "pdfium" (the default) or "pdfplumber" (the reference reading), for PDFs.
    """
    p = Path(path)
    reader = _reader_for(p, pdf_engine)
    if not p.is_file():
        raise DocumentError(p, "no such file")
    if p.stat().st_size == 0:
        raise DocumentError(p, "empty file (0 bytes)")
    raw = fix_legacy_encoding(reader(p))  # TCVN3/VNI fonts -> Unicode
    if raw.source.format == "pdf":
        raw = ocr_missing_pages(raw, p)  # scanned pages -> tesseract vie
    return raw


def read(path: str | Path, *, pdf_engine: str | None = None) -> Document:
    """Read a program document (pdf, docx, doc, rtf, odt, txt, md) into its canonical Document
    (``pdf_engine``: see read_raw)."""
    return canonicalize(read_raw(path, pdf_engine=pdf_engine))
