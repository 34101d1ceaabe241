"""Cited documents: "Nghị quyết số 57-NQ/TW ngày 22/12/2024 của Bộ Chính trị".

A program cites the resolutions, directives and plans it implements. Those
citations are not targets (their numbers and years must not become values or
deadlines), so besides listing them we expose their spans for the target finder.

A citation is: a document type (``pipeline/data/reference_types.json``), an
optional "số", a number in one of the official shapes ("57-NQ/TW", "50 -CT/TW",
"45/2020/NĐ-CP", "1234/QĐ-UBND", or a bare "06" only after "số" or before
"của"), an optional date ("ngày 22/12/2024", "ngày 31 tháng 3 năm 2026") and an
optional issuer after "của" (a gazetteer body, plus "(khóa XIII)").
"""

from __future__ import annotations

import datetime as dt
import json
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from ..model import Document
from ..normalize import compare_key, match_key
from .bodies import find_bodies

TYPES_PATH = Path(__file__).resolve().parents[1] / "data" / "reference_types.json"

_W = r"[^\S\t]+"
_CODE = r"[a-zđ][a-zđ0-9]*"
NUMBER = (
    rf"\d{{1,5}}(?:[^\S\t]*-[^\S\t]*{_CODE}(?:/{_CODE}(?:-{_CODE})*)+"  # 57-NQ/TW, 06-CTr/ĐU, 50 -CT/TW
    rf"|/\d{{4}}/{_CODE}(?:-{_CODE})*"  # 45/2020/NĐ-CP, 12/2022/QH15
    rf"|/{_CODE}(?:-{_CODE})+"  # 1234/QĐ-UBND
    rf"|/{_CODE}(?![\w/]))"  # 25/CT
)
DATE_NUMERIC = r"(?P<d>\d{1,2})[^\S\t]*[/.-][^\S\t]*(?P<m>\d{1,2})[^\S\t]*[/.-][^\S\t]*(?P<y>\d{4})"
DATE_WORDS = rf"(?P<d2>\d{{1,2}}){_W}tháng{_W}(?P<m2>\d{{1,2}}){_W}năm{_W}(?P<y2>\d{{4}})"
DATE = rf"ngày{_W}(?:{DATE_NUMERIC}|{DATE_WORDS})"
TERM_SUFFIX = re.compile(rf"[^\S\t]*(?:\([^\S\t]*khóa{_W}[ivxlc]+[^\S\t]*\)|,?{_W}khóa{_W}[ivxlc]+(?!\w))")


@dataclass(kw_only=True)
class Citation:
    """One citation as found: the span of type..date and, apart, the issuer."""

    start: int
    end: int  # end of the type, number and date (the reference text)
    full_end: int  # end including "của <issuer>"
    type: str
    number: str
    date: str | None
    issuer: str | None


def iso_date(day: str | int, month: str | int, year: str | int) -> str | None:
    """ISO date of Vietnamese day/month/year parts, None when no such day."""
    try:
        return dt.date(int(year), int(month), int(day)).isoformat()
    except ValueError:
        return None


def parse_vn_date(text: str) -> str | None:
    """ "ngày 22/12/2024" or "ngày 31 tháng 3 năm 2026" (first one in ``text``) -> ISO date."""
    m = re.search(DATE, match_key(text))
    return _date_of(m) if m else None


def _date_of(m: re.Match[str]) -> str | None:
    if m.group("d"):
        return iso_date(m.group("d"), m.group("m"), m.group("y"))
    return iso_date(m.group("d2"), m.group("m2"), m.group("y2"))


@lru_cache(maxsize=1)
def _patterns() -> tuple[re.Pattern[str], dict[str, str], list[str]]:
    data = json.loads(TYPES_PATH.read_text(encoding="utf-8"))
    names = {compare_key(t["name"]): t["name"] for t in data["types"]}
    alts = "|".join(re.escape(k).replace(r"\ ", _W) for k in sorted(names, key=len, reverse=True))
    pattern = re.compile(
        rf"(?<!\w)(?P<type>{alts}){_W}(?:(?P<so>số):?{_W})?"
        rf"(?P<number>{NUMBER}|\d{{1,4}}(?![\w/.,-]\d))(?![\w])"
        rf"(?:[^\S\t]*,?{_W}(?:ban hành{_W})?{DATE})?"
    )
    return pattern, names, [compare_key(c) for c in data.get("self_cues", [])]


def find_citations(text: str, key: str | None = None) -> list[Citation]:
    """Given canonical text (and its match key), return every citation in reading order."""
    pattern, names, _ = _patterns()
    key = match_key(text) if key is None else key
    out = []
    for m in pattern.finditer(key):
        number = re.sub(r"\s+", "", text[m.start("number") : m.end("number")])
        after = key[m.end() : m.end() + 12]
        bare = number.isdigit()
        if bare and not (m.group("so") or re.match(rf"{_W}của{_W}", after)):
            continue
        if bare and re.match(r"[^\S\t]*(?:năm|%|tháng)", after):
            continue
        date = _date_of(m) if (m.group("d") or m.group("d2")) else None
        issuer, full_end = _issuer_after(text, key, m.end())
        type_name = names.get(" ".join(m.group("type").split()), m.group("type"))
        out.append(
            Citation(
                start=m.start(),
                end=m.end(),
                full_end=full_end,
                type=type_name,
                number=number,
                date=date,
                issuer=issuer,
            )
        )
    return out


def _issuer_after(text: str, key: str, pos: int) -> tuple[str | None, int]:
    """The issuer named by "của <body>" right after ``pos``, and where it ends."""
    m = re.compile(rf"[^\S\t]*,?{_W}của{_W}").match(key, pos)
    if not m:
        return None, pos
    window_end = min(len(text), m.end() + 160)
    bodies = [b for b in find_bodies(text[m.end() : window_end]) if b.start == 0]
    if bodies:
        end = m.end() + bodies[0].end
    else:  # a name the gazetteer lacks: its capitalised words ("của Chính phủ", "của Thủ tướng")
        w = re.match(r"(?:[A-ZĐÀ-Ỹ]\w*(?:[^\S\t]+|$))+", text[m.end() : window_end])
        if not w:
            return None, pos
        end = m.end() + len(w.group(0).rstrip())
    term = TERM_SUFFIX.match(key, end)
    if term:
        end = term.end()
    return text[m.end() : end].strip(), end


def _page_at(doc: Document, offset: int) -> int | None:
    for b in doc.blocks:
        if b.start <= offset < b.end:
            return b.page
    return None


def _is_self(doc: Document, c: Citation) -> bool:
    """Whether a citation names this very document ("Kèm theo Chương trình ... số 18-CTr/ĐU")."""
    _, _, self_cues = _patterns()
    before = doc.key[max(0, c.start - 30) : c.start]
    return any(re.search(rf"{re.escape(cue)}\W*$", before) for cue in self_cues)


def find_references(doc: Document) -> list[dict[str, Any]]:
    """Given a document, return the documents it cites, one per number, in order of first mention.

    A document cited several times keeps its fullest mention (the one with a date,
    else the first) and borrows a missing issuer from another mention. The
    document's own number ("Kèm theo Chương trình hành động số 18-CTr/ĐU") is not
    a reference.
    """
    groups: dict[str, list[Citation]] = {}
    for c in find_citations(doc.text, doc.key):
        if _is_self(doc, c):
            continue
        groups.setdefault(compare_key(c.number), []).append(c)
    out = []
    for cites in groups.values():
        best = next((c for c in cites if c.date), cites[0])
        issuer = best.issuer or next((c.issuer for c in cites if c.issuer), None)
        out.append(
            {
                "text": doc.text[best.start : best.end],
                "type": best.type,
                "number": best.number,
                "date": best.date,
                "issuer": issuer,
                "source": {"page": _page_at(doc, best.start), "start": best.start, "end": best.end},
            }
        )
    return out


def reference_spans(doc: Document) -> list[tuple[int, int]]:
    """Spans of every citation, issuer included, so numbers and years inside them are not targets."""
    return [(c.start, c.full_end) for c in find_citations(doc.text, doc.key)]
