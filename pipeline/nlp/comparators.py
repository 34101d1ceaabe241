"""Comparators of committed numbers: ">=" (từ X trở lên, ít nhất, tối thiểu ...), ">" (trên X,
vượt, ">X"), "<=" (không quá, tối đa), "<" (dưới X), "range", "=" otherwise.

The cue may stand before the number ("ít nhất 02") or after it and its noun
("96 % gia đình trở lên"); an after-cue further away than a few words, or past
a comma, belongs to another phrase ("90% tổ chức đảng, đảng viên hoàn thành
tốt nhiệm vụ trở lên" is "=").
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from spacy.language import Language
from spacy.tokens import Doc

from ..normalize import alternation, match_key
from .quantities import Quantity
from .tokenizer import doc_key

DATA = Path(__file__).resolve().parents[1] / "data"


@dataclass(frozen=True)
class ComparatorTables:
    before_re: re.Pattern[str]
    before: dict[str, str]
    after_re: re.Pattern[str]
    after: dict[str, str]
    window: int


@lru_cache(maxsize=1)
def tables() -> ComparatorTables:
    data = json.loads((DATA / "comparators.json").read_text(encoding="utf-8"))
    before = {match_key(k): v for k, v in data["before"].items()}
    after = {match_key(k): v for k, v in data["after"].items()}
    alt = alternation(before)
    return ComparatorTables(
        before_re=re.compile(rf"(?:(?<=\s)|(?<=^)|(?<=[(,;:]))({alt})\s*$"),
        before=before,
        after_re=re.compile(alternation(after)),
        after=after,
        window=int(data.get("after_window_words", 5)),
    )


# What may stand between a comparator cue and its number: a year, a copula or "đạt".
_BETWEEN = re.compile(r"(?:\s+(?:(?:vào|đến|tới|trong)(?: hết| cuối)?(?: năm)? (?:19|20)\d\d|đạt|là|ở mức|bằng))+\s*$")


def comparator_for(key: str, q: Quantity, clause_end: int | None = None) -> tuple[str, int | None]:
    """Given the clause key and one of its quantities, return (comparator, cue start or None).

    >>> from .quantities import find_quantities
    >>> comparator_for("đạt từ 3% tổng số đảng viên trở lên", find_quantities("đạt từ 3% tổng số đảng viên trở lên")[0])
    ('>=', 4)
    """
    t = tables()
    head = key[max(0, q.start - 40) : q.start]
    m = t.before_re.search(head)
    if m is None:
        # "ít nhất vào năm 2027 đạt 35%", "đạt ít nhất là 120": the cue, then a year or a verb
        m = t.before_re.search(_BETWEEN.sub("", head))
    if q.is_range:  # "từ 62-63%": the cue only marks where the number phrase starts
        return "range", (q.start - len(head) + m.start(1)) if m else None
    if m:
        return t.before[m.group(1)], q.start - len(head) + m.start(1)
    end = len(key) if clause_end is None else clause_end
    tail = key[q.end : end]
    stop = re.search(r"[,;.:()]", tail)
    if stop:
        tail = tail[: stop.start()]
    m = t.after_re.search(tail)
    if m and len(tail[: m.start()].split()) <= t.window:
        return t.after[m.group(0)], None
    return "=", None


if not Doc.has_extension("comparators"):
    Doc.set_extension("comparators", default=None)


@Language.factory("vn_comparators", assigns=["doc._.comparators"], requires=["doc._.quantities"])
def make_comparators(nlp: Language, name: str) -> VnComparators:
    return VnComparators()


class VnComparators:
    """Sets the comparator of every quantity found by ``vn_quantities``."""

    def __call__(self, doc: Doc) -> Doc:
        key = doc_key(doc)
        for q in doc._.quantities or []:
            q.comparator, q.comparator_start = comparator_for(key, q)
        doc._.comparators = [q.comparator for q in doc._.quantities or []]
        return doc
