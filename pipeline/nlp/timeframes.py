"""Timeframes: annual (hằng năm, mỗi năm, "%/năm"), by a year (đến năm 2030, vào năm 2027),
before a year (trước năm 2028), a named period (giai đoạn 2026 - 2030), the term
(trong nhiệm kỳ).

Precedence inside one clause (ANNOTATION.md): a named period beats a deadline,
which beats the term, which beats an annual rate. Years that only name things
are no deadlines: those inside a cited document ("Nghị quyết số 70-NQ/TW ... về
... đến năm 2030, tầm nhìn đến năm 2045"), a vision year, "báo cáo hằng năm".
A clause without its own frame inherits one (see targets.py): from the clause
before it in the same sentence, then from its list item, then from the list
heading or lead-in ("Hằng năm, ..."; "chỉ tiêu ... của nhiệm kỳ" = term).
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from spacy.language import Language
from spacy.tokens import Doc

from .quantities import find_references
from .tokenizer import doc_key

DATA = Path(__file__).resolve().parents[1] / "data"
PRECEDENCE = {"period": 0, "by": 1, "before": 1, "term": 2, "annual": 3}


@dataclass(frozen=True)
class TimeframeMention:
    start: int
    end: int
    kind: str
    year: int | None = None
    first: int | None = None
    last: int | None = None

    def as_dict(self) -> dict[str, Any]:
        if self.kind == "period":
            return {"kind": "period", "start": self.first, "end": self.last}
        if self.kind in ("by", "before"):
            return {"kind": self.kind, "year": self.year}
        return {"kind": self.kind}


@dataclass(frozen=True)
class TimeframeTables:
    patterns: tuple[tuple[str, re.Pattern[str]], ...]
    not_re: re.Pattern[str]


@lru_cache(maxsize=1)
def tables() -> TimeframeTables:
    data = json.loads((DATA / "timeframe_patterns.json").read_text(encoding="utf-8"))
    pats = []
    for kind in ("period", "by", "before", "term", "annual"):
        for p in data[kind]:
            # a word-initial cue must not start inside a word; "/năm" may follow one ("lao động/năm")
            pats.append((kind, re.compile(rf"(?<!\w){p}" if p[:1].isalpha() else p)))
    return TimeframeTables(
        patterns=tuple(pats), not_re=re.compile("|".join(f"(?:{p})" for p in data["not_deadlines"]))
    )


def find_timeframes(key: str) -> list[TimeframeMention]:
    """Given a match key, return its timeframe mentions (outside references), left to right.

    >>> [m.as_dict() for m in find_timeframes("đến năm 2030, tỷ lệ ... đạt 85%")]
    [{'kind': 'by', 'year': 2030}]
    """
    t = tables()
    blocked = find_references(key) + [(m.start(), m.end()) for m in t.not_re.finditer(key)]
    found: list[TimeframeMention] = []
    taken: list[tuple[int, int]] = []
    for kind, rx in t.patterns:
        for m in rx.finditer(key):
            if any(s <= m.start() < e or s < m.end() <= e for s, e in blocked + taken):
                continue
            g = m.groupdict()
            found.append(
                TimeframeMention(
                    start=m.start(),
                    end=m.end(),
                    kind=kind,
                    year=int(g["year"]) if g.get("year") else None,
                    first=int(g["start"]) if g.get("start") else None,
                    last=int(g["end"]) if g.get("end") else None,
                )
            )
            taken.append((m.start(), m.end()))
    found.sort(key=lambda x: x.start)
    return found


def resolve(mentions: list[TimeframeMention]) -> dict[str, Any] | None:
    """The clause's own timeframe by precedence (period > by/before > term > annual), or None."""
    if not mentions:
        return None
    best = min(mentions, key=lambda m: (PRECEDENCE[m.kind], m.start))
    return best.as_dict()


if not Doc.has_extension("timeframes"):
    Doc.set_extension("timeframes", default=None)


@Language.factory("vn_timeframes", assigns=["doc._.timeframes"])
def make_timeframes(nlp: Language, name: str) -> VnTimeframes:
    return VnTimeframes()


class VnTimeframes:
    """Finds timeframe mentions (character offsets into doc.text)."""

    def __call__(self, doc: Doc) -> Doc:
        doc._.timeframes = find_timeframes(doc_key(doc))
        return doc
