"""The target stage's caller: a canonical Document in, the JSON of the program schema out.

The document's metadata, outline, targets (``pipeline.targets``: candidates, decisions,
fields, inheritance, one per indicator), the candidates it rejected and why, schemes,
references, bodies and consistency warnings, in one result dict, validated on write
(``export``).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from . import __version__
from .consistency import check as check_consistency
from .model import Document, Section
from .nlp.bodies import body_registry
from .nlp.metadata import extract_metadata
from .nlp.references import find_references
from .normalize import match_key
from .schemes import extract_schemes
from .structure import build_outline
from .targets import document_context, find_targets

SCHEMA_VERSION = "1.0"


# --- public API ------------------------------------------------------------------------


def extract_file(path: str | Path, *, pdf_engine: str | None = None) -> dict[str, Any]:
    """Read a program document (any format ``readers.read`` takes) and return its result JSON (not yet validated).

    ``pdf_engine``: which engine reads a PDF (pipeline.readers.read_raw); None for the default.
    """
    from .readers import read

    return extract_document(read(path, pdf_engine=pdf_engine))


def extract_document(doc: Document) -> dict[str, Any]:
    """Given a canonical Document, return the result dict of the program schema."""
    match_key.cache_clear()  # the memo serves one document: no document is faster for the one before
    outline = build_outline(doc)
    info = _document_info(doc)
    targets, rejected = find_targets(doc, outline, document_context(doc, info))
    result: dict[str, Any] = {
        "schema_version": SCHEMA_VERSION,
        "pipeline_version": __version__,
        "document": info,
        "text": doc.text,
        "outline": [_section_dict(doc, s) for s in outline.sections],
        "targets": targets,
        "rejected": rejected,
        "schemes": extract_schemes(doc, outline),
        "references": find_references(doc),
        "bodies": [],
        "warnings": [_quality_warning(pq) for pq in doc.page_quality if not pq.ok]
        + [{"kind": "reading", "message": w, "sources": []} for w in doc.warnings],
    }
    result["bodies"] = body_registry(result, doc.key)
    result["warnings"].extend(check_consistency(result))
    return result


# --- the rest of the result ---------------------------------------------------------------


def _document_info(doc: Document) -> dict[str, Any]:
    src = doc.source
    info: dict[str, Any] = {
        "id": doc.id,
        "source": {"path": src.path, "format": src.format, "sha256": src.sha256, "pages": src.pages},
        "title": None,
        "number": None,
        "date": None,
        "issuer": None,
        "place": None,
        "term": None,
        "replaces": [],
        "signer": None,
    }
    meta = extract_metadata(doc)
    info.update({k: v for k, v in meta.items() if k not in ("id", "source")})
    return info


def _section_dict(doc: Document, s: Section) -> dict[str, Any]:
    page = doc.blocks[s.heading_block].page if 0 <= s.heading_block < len(doc.blocks) else None
    return {
        "path": s.path,
        "label": s.label,
        "title": s.title,
        "kind": s.kind,
        "level": s.level,
        "start": s.start,
        "end": s.end,
        "page": page,
    }


def _quality_warning(pq: Any) -> dict[str, Any]:
    return {
        "kind": "page_quality",
        "message": f"page {pq.page}: {', '.join(pq.reasons) or 'poor text layer'}",
        "sources": [{"page": pq.page, "start": 0, "end": 0}],
    }
