"""Comparable indicators: give each target the catalogue code of what it measures.

Programs of different communes state the same indicators in their own words
("tỷ lệ dân số tham gia bảo hiểm y tế", "tỷ lệ tham gia BHYT đạt 98% dân số").
``pipeline/data/indicators.json`` lists the indicators these programs keep
repeating, each with a code, a sector and its wording variants, so analysts can
compare communes by code. Matching runs on ``normalize.compare_key`` (case,
hoá/hóa, uỷ/ủy folded); the entry whose wording starts first in the indicator
wins, the longest on ties ("bảo hiểm xã hội tự nguyện" beats "bảo hiểm xã hội").
A close misspelling is caught with rapidfuzz when nothing matches exactly.

One wording can name two catalogued indicators joined by "và", "," or "cùng"
("chỉ tiêu tuyển chọn, gọi công dân nhập ngũ và tham gia nghĩa vụ công an nhân
dân" is the military quota and the police quota, met by different bodies);
``split_coordinated`` cuts it into one phrase per indicator so that the target
stage can emit one target per indicator (ANNOTATION.md: one target = one indicator).
"""

from __future__ import annotations

import itertools
import json
import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any, NamedTuple

from rapidfuzz import fuzz

from .normalize import compare_key, match_key

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
    coordinators: re.Pattern[str]
    # every (word, pattern, entry) in catalogue order: a pattern made of a wording cannot
    # match a key without its longest word ("" for the catalogue's own regexes), so a key
    # is searched only with the patterns whose word it holds (most keys hold few wordings)
    searches: tuple[tuple[str, re.Pattern[str], Indicator], ...] = ()

    def patterns_for(self, key: str) -> Iterator[tuple[re.Pattern[str], Indicator]]:
        """The (pattern, entry) pairs that may match ``key``, in catalogue order."""
        return ((pattern, entry) for need, pattern, entry in self.searches if need in key)

    def get(self, code: str) -> Indicator | None:
        return next((i for i in self.indicators if i.code == code), None)

    @property
    def codes(self) -> list[str]:
        return [i.code for i in self.indicators]


def _word_regex(phrase: str) -> re.Pattern[str]:
    """Whole words only (a "," is a word of its own); any run of white space between words."""
    before = r"(?<!\w)" if phrase[:1].isalnum() else ""
    after = r"(?!\w)" if phrase[-1:].isalnum() else ""
    return re.compile(before + r"\s+".join(map(re.escape, phrase.split())) + after)


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
    words = sorted((compare_key(w) for w in data.get("coordinators", [])), key=len, reverse=True)
    coordinators = re.compile("|".join(_word_regex(w).pattern for w in words) or "(?!)")
    searches = tuple(
        (max(entry.variants[k].split(), key=len, default="") if k < len(entry.variants) else "", pattern, entry)
        for entry in entries
        for k, pattern in enumerate(entry.patterns)  # the wordings' patterns first, then the regexes
    )
    return Catalogue(
        indicators=tuple(entries), sectors=dict(data.get("sectors", {})), coordinators=coordinators, searches=searches
    )


def _best_match(key: str) -> Indicator | None:
    best: tuple[int, int] | None = None
    found: Indicator | None = None
    for pattern, entry in catalogue().patterns_for(key):
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


# --- several indicators in one wording ------------------------------------------------------


class IndicatorMention(NamedTuple):
    """A catalogue wording found in a text: its entry's code and sector, and where it is."""

    code: str
    sector: str
    start: int
    end: int


def find_indicators(text: str) -> list[IndicatorMention]:
    """Every catalogue wording in a text, left to right, without overlaps (the longest wins).

    Offsets are into the NFC form of ``text`` (canonical text is already NFC).

    >>> [m.code for m in find_indicators("chỉ tiêu giao quân và tham gia nghĩa vụ công an")]
    ['military_recruitment', 'police_recruitment']
    """
    key = match_key(unicodedata.normalize("NFC", text))
    found: list[tuple[int, int, Indicator]] = []
    for pattern, entry in catalogue().patterns_for(key):
        found.extend((m.start(), m.end(), entry) for m in pattern.finditer(key) if m.end() > m.start())
    found.sort(key=lambda f: (f[0] - f[1], f[0]))
    kept: list[tuple[int, int, Indicator]] = []
    for start, end, entry in found:
        if all(end <= s or start >= e for s, e, _ in kept):
            kept.append((start, end, entry))
    return [IndicatorMention(e.code, e.sector, s, t) for s, t, e in sorted(kept, key=lambda f: f[0])]


def _depths(key: str) -> list[int]:
    depth, out = 0, []
    for ch in key:
        depth += ch == "("
        out.append(depth)
        depth -= ch == ")" and depth > 0
    return out


def split_coordinated(indicator: str | None) -> list[tuple[str, str, str]]:
    """One (phrase, code, sector) per catalogued indicator that a wording coordinates, else [].

    The wording splits only when it names two or more DISTINCT catalogue indicators and a
    coordinator ("và", ",", "cùng") stands between each one and the next, outside any
    parenthesis; the cut is at the first coordinator after an indicator. A wording that
    names one indicator twice ("hộ nghèo và hộ cận nghèo"), or one joined to words the
    catalogue does not know ("giao quân, tuyển sinh quân sự"), stays whole.

    >>> [p for p, _, _ in split_coordinated("chỉ tiêu tuyển chọn, gọi công dân nhập ngũ và tham gia nghĩa vụ công an nhân dân")]
    ['chỉ tiêu tuyển chọn, gọi công dân nhập ngũ', 'tham gia nghĩa vụ công an nhân dân']
    """
    if not isinstance(indicator, str) or not indicator.strip():
        return []
    text = unicodedata.normalize("NFC", indicator)
    mentions = find_indicators(text)
    runs: list[list[IndicatorMention]] = []  # consecutive mentions of one entry name it once
    for m in mentions:
        if runs and runs[-1][0].code == m.code:
            runs[-1].append(m)
        else:
            runs.append([m])
    codes = [r[0].code for r in runs]
    if len(runs) < 2 or len(set(codes)) != len(codes):
        return []
    key = match_key(text)
    depth = _depths(key)
    if any(depth[m.start] for m in mentions):
        return []
    cuts: list[tuple[int, int]] = []
    for left, right in itertools.pairwise(runs):
        gap_start, gap_end = left[-1].end, right[0].start
        coordinator = next(
            (c for c in catalogue().coordinators.finditer(key, gap_start, gap_end) if not depth[c.start()]), None
        )
        if coordinator is None:
            return []
        cuts.append((coordinator.start(), coordinator.end()))
    bounds = [0] + [x for cut in cuts for x in cut] + [len(text)]
    out = []
    for run, (start, end) in zip(runs, zip(bounds[::2], bounds[1::2], strict=True), strict=True):
        phrase = text[start:end].strip(" ,;:.-–")
        out.append((phrase, run[0].code, run[0].sector))
    return out
