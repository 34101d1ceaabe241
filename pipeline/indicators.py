"""Comparable indicators: give each target the catalogue code of what it measures.

Programs of different communes state the same indicators in their own words
("tỷ lệ dân số tham gia bảo hiểm y tế", "tỷ lệ tham gia BHYT đạt 98% dân số").
``pipeline/data/indicators.json`` lists the indicators these programs keep
repeating, each with a code, a sector and its wording variants, so analysts can
compare communes by code. Matching runs on ``normalize.compare_key`` (case,
hoá/hóa, uỷ/ủy folded); the entry whose wording starts first in the indicator
wins, the longest on ties ("bảo hiểm xã hội tự nguyện" beats "bảo hiểm xã hội").
A close misspelling is caught with rapidfuzz when nothing matches exactly.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from rapidfuzz import fuzz

from .normalize import compare_key

CATALOGUE_PATH = Path(__file__).resolve().parent / "data" / "indicators.json"
# Fuzzy fallback: only wordings long enough to be specific, and only near-exact.
FUZZY_MIN_LENGTH = 10
FUZZY_MIN_SCORE = 92.0


@dataclass(frozen=True, kw_only=True)
class Indicator:
    """One catalogue entry: a comparable indicator and the ways it is worded."""

    code: str
    sector: str
    label_vi: str
    label_en: str
    variants: tuple[str, ...]
    patterns: tuple[re.Pattern[str], ...]


@dataclass(frozen=True)
class Catalogue:
    indicators: tuple[Indicator, ...]
    sectors: dict[str, str]

    def get(self, code: str) -> Indicator | None:
        return next((i for i in self.indicators if i.code == code), None)

    @property
    def codes(self) -> list[str]:
        return [i.code for i in self.indicators]


def _word_regex(phrase: str) -> re.Pattern[str]:
    return re.compile(r"(?<!\w)" + re.escape(phrase) + r"(?!\w)")


@lru_cache(maxsize=1)
def catalogue() -> Catalogue:
    """The indicator catalogue, loaded once from pipeline/data/indicators.json."""
    data = json.loads(CATALOGUE_PATH.read_text(encoding="utf-8"))
    entries = []
    for raw in data["indicators"]:
        variants = tuple(compare_key(v) for v in raw.get("variants", []))
        patterns = tuple(_word_regex(v) for v in variants) + tuple(
            re.compile(r"(?<!\w)" + p) for p in raw.get("patterns", [])
        )
        entries.append(
            Indicator(
                code=raw["code"],
                sector=raw["sector"],
                label_vi=raw["label_vi"],
                label_en=raw["label_en"],
                variants=variants,
                patterns=patterns,
            )
        )
    codes = [e.code for e in entries]
    if len(codes) != len(set(codes)):
        raise ValueError(f"{CATALOGUE_PATH}: duplicate indicator codes")
    return Catalogue(indicators=tuple(entries), sectors=dict(data.get("sectors", {})))


def _best_match(key: str) -> Indicator | None:
    best: tuple[int, int] | None = None
    found: Indicator | None = None
    for entry in catalogue().indicators:
        for pattern in entry.patterns:
            m = pattern.search(key)
            if m is None:
                continue
            rank = (m.start(), -(m.end() - m.start()))
            if best is None or rank < best:
                best, found = rank, entry
    return found


def _fuzzy_match(key: str) -> Indicator | None:
    best_score, found = 0.0, None
    for entry in catalogue().indicators:
        for variant in entry.variants:
            if len(variant) < FUZZY_MIN_LENGTH or len(key) < len(variant) - 2:
                continue
            score = fuzz.partial_ratio(variant, key)
            if score >= FUZZY_MIN_SCORE and score > best_score:
                best_score, found = score, entry
    return found


def classify(indicator: str | None, text: str | None = None) -> tuple[str | None, str | None]:
    """Given a target's indicator (and optionally its clause), return (code, sector).

    The indicator wording decides; the clause is consulted only when the indicator
    matches nothing. (None, None) when no catalogue entry fits. Never raises.

    >>> classify("tỷ lệ dân số tham gia BHYT")
    ('health_insurance_coverage', 'health')
    """
    for candidate in (indicator, text):
        if not isinstance(candidate, str) or not candidate.strip():
            continue
        key = compare_key(candidate)
        entry = _best_match(key) or _fuzzy_match(key)
        if entry is not None:
            return entry.code, entry.sector
    return None, None


def classify_target(target: dict[str, Any]) -> tuple[str | None, str | None]:
    """(code, sector) of a target dict of the output contract."""
    return classify(target.get("indicator"), target.get("text"))
