"""Readers: PDF (pdfplumber), DOCX (python-docx), .doc/.rtf/.odt (LibreOffice -> DOCX) and plain
text into one Document model.

Each ``read_*`` returns a RawDocument; ``read`` dispatches on the extension and
canonicalises it into a ``Document`` whose offsets everything else uses.
"""

from __future__ import annotations

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


def _reader_for(path: Path) -> Callable[[Path], RawDocument]:
    suffix = path.suffix.lower()
    if suffix == ".pdf":
        from .pdf import read_pdf

        return read_pdf
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


def read_raw(path: str | Path) -> RawDocument:
    """Read a file into a RawDocument, raising DocumentError for bad input."""
    p = Path(path)
    reader = _reader_for(p)
    if not p.is_file():
        raise DocumentError(p, "no such file")
    if p.stat().st_size == 0:
        raise DocumentError(p, "empty file (0 bytes)")
    raw = fix_legacy_encoding(reader(p))  # TCVN3/VNI fonts -> Unicode
    if raw.source.format == "pdf":
        raw = ocr_missing_pages(raw, p)  # scanned pages -> tesseract vie
    return raw


def read(path: str | Path) -> Document:
    """Read a program document (pdf, docx, doc, rtf, odt, txt, md) into its canonical Document."""
    return canonicalize(read_raw(path))
