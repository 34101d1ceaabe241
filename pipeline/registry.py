"""One id per responsible body across documents, so analysts can group targets by body.

Each document's JSON names bodies as written ("UBND xã", "Uỷ ban Nhân dân xã").
The bodies gazetteer (``pipeline.nlp.bodies.canonical_body``) gives the ones it
knows a canonical name and id; for the others the id is derived from the name
with the usual abbreviations expanded, so "Ủy ban MTTQ xã" and "Ủy ban Mặt trận
Tổ quốc xã" still meet. The registry keeps every spelling seen and where.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from .normalize import clean_text, compare_key

# Abbreviations that the documents use for bodies (compare_key form, whole words).
ABBREVIATIONS = {
    "ubnd": "ủy ban nhân dân",
    "hđnd": "hội đồng nhân dân",
    "mttqvn": "mặt trận tổ quốc việt nam",
    "mttq": "mặt trận tổ quốc",
    "bch": "ban chấp hành",
    "btv": "ban thường vụ",
    "ubkt": "ủy ban kiểm tra",
    "ub": "ủy ban",
    "tt": "thường trực",
    "chxhcn": "cộng hòa xã hội chủ nghĩa",
}
_ABBREV_RE = re.compile(r"(?<!\w)(" + "|".join(sorted(ABBREVIATIONS, key=len, reverse=True)) + r")(?!\w)")
_LEADING_NOISE = re.compile(r"^(?:các|cơ quan|đồng chí|đ/c)\s+")
_TRIM = " \t\n.,;:-–•+()"
ROLES = ("lead", "advisor", "support")


def slug(text: str) -> str:
    """ASCII slug: "Phòng Văn hóa - Xã hội" -> "phong-van-hoa-xa-hoi"."""
    s = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    s = "".join(c for c in s if not unicodedata.combining(c)).lower()
    return re.sub(r"[^a-z0-9]+", "-", s).strip("-")


def expanded_key(name: str) -> str:
    """compare_key of a body name with abbreviations spelled out and list noise dropped."""
    key = compare_key(clean_text(name).strip(_TRIM))
    key = _ABBREV_RE.sub(lambda m: ABBREVIATIONS[m.group(1)], key)
    key = _LEADING_NOISE.sub("", key)
    key = re.sub(r"\s*-\s*", " - ", key)
    return " ".join(key.split())


def _gazetteer_body(name: str) -> dict[str, Any] | None:
    try:
        from .nlp.bodies import canonical_body
    except ImportError:  # the gazetteer is optional for the registry
        return None
    try:
        body = canonical_body(name)
    except Exception:
        return None
    return body if body.get("id") else None


@lru_cache(maxsize=8192)
def canonical(name: str, given_id: str | None = None) -> tuple[str, str]:
    """Given a body as written (and the id the document gave it), return (registry id, canonical name).

    Gazetteer bodies keep the gazetteer id; others get a slug of their expanded name.
    """
    body = _gazetteer_body(name)
    if body is not None:
        return body["id"], body["name"]
    if given_id:
        return given_id, clean_text(name).strip(_TRIM)
    key = expanded_key(name)
    return (slug(key) or "unknown"), clean_text(name).strip(_TRIM)


@dataclass
class BodyRecord:
    """One registry body: its id, name, every spelling seen, and where it appears."""

    id: str
    name: str
    variants: set[str] = field(default_factory=set)
    documents: set[str] = field(default_factory=set)
    mentions: int = 0
    lead: int = 0
    advisor: int = 0
    support: int = 0

    def as_row(self) -> dict[str, Any]:
        return {
            "body_id": self.id,
            "name": self.name,
            "variants": sorted(self.variants),
            "documents": sorted(self.documents),
            "mentions": self.mentions,
            "targets_lead": self.lead,
            "targets_advisor": self.advisor,
            "targets_support": self.support,
        }


def _bodies_of(items: Iterable[dict[str, Any]], role: str) -> Iterator[dict[str, Any]]:
    for item in items:
        holder = item.get("responsible") if "responsible" in item else item
        for body in (holder or {}).get(role) or []:
            if isinstance(body, dict) and (body.get("text") or body.get("name")):
                yield body
            elif isinstance(body, str) and body.strip():
                yield {"text": body, "name": body, "id": None}


class Registry:
    """Cross-document registry of bodies, keyed by registry id."""

    def __init__(self) -> None:
        self.records: dict[str, BodyRecord] = {}

    def resolve(self, body: dict[str, Any] | str) -> str:
        """Register one body (contract Body dict or a plain name) and return its registry id."""
        if isinstance(body, str):
            body = {"text": body, "name": body, "id": None}
        written = body.get("text") or body.get("name") or ""
        body_id, name = canonical(body.get("name") or written, body.get("id"))
        record = self.records.get(body_id)
        if record is None:
            record = self.records[body_id] = BodyRecord(id=body_id, name=name)
        record.variants.add(clean_text(written))
        return body_id

    def add_result(self, result: dict[str, Any]) -> None:
        """Count a document's bodies: its bodies list, and the roles in targets and schemes."""
        doc_id = (result.get("document") or {}).get("id") or ""
        for body in result.get("bodies") or []:
            body_id = self.resolve(body)
            rec = self.records[body_id]
            rec.documents.add(doc_id)
            rec.mentions += int(body.get("mentions") or 0)
        for items in (result.get("targets") or [], result.get("schemes") or []):
            for role in ROLES:
                for body in _bodies_of(items, role):
                    rec = self.records[self.resolve(body)]
                    rec.documents.add(doc_id)
                    if items is result.get("targets"):
                        setattr(rec, role, getattr(rec, role) + 1)

    def rows(self) -> list[dict[str, Any]]:
        return [r.as_row() for r in sorted(self.records.values(), key=lambda r: r.id)]


def build_registry(results: Iterable[dict[str, Any]]) -> Registry:
    """Given extraction results (contract JSON dicts), return the registry of their bodies."""
    registry = Registry()
    for result in results:
        registry.add_result(result)
    return registry
