"""What surrounds a candidate: the document's own year and plan, list lead-ins, opening frames.

A number means a target or a result by where it stands as much as by its words:

- the document: a web page dated 2025-12 about an HĐND session that sets "Năm 2026, xã
  phấn đấu ..." plans for 2026, so its "Năm 2025, ... còn 0,08%" reports; a rating
  decision ("Quy định tiêu chí đánh giá, xếp loại") states thresholds, not targets;
- the lead-in of a list: "các chỉ tiêu chủ yếu gồm:", "đặt ra các chỉ tiêu chủ yếu,
  như:", "Nghị quyết đề ra 18 chỉ tiêu ... trong đó", "đặt mục tiêu": what follows is a
  list of targets, qualitative items included, and takes the lead-in's timeframe;
- the frame a sentence or paragraph opens with ("Năm 2026, ...", "Nhiệm kỳ 2020-2025,
  ...", "Đến năm 2030, ..."): it applies to every clause after it that names none.

The cue phrases are data (``pipeline/data/context_cues.json``), matched on the match key.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from ..model import Document
from ..nlp.timeframes import find_timeframes, resolve
from ..normalize import match_key

DATA = Path(__file__).resolve().parents[1] / "data"
TITLE_BLOCKS = 25  # the front matter (header, title, "Căn cứ") is in the first blocks
CRITERIA_BLOCKS = 3  # this many "Tiêu chí 2.1. ..." blocks make a document of criteria, not targets
YEAR = re.compile(r"(?<!\d)((?:19|20)\d\d)(?!\d)")  # a year as written: "2026", not "12026"


@dataclass(frozen=True)
class ContextCues:
    lead_in: tuple[re.Pattern[str], ...]
    list_heading_lead_in: tuple[re.Pattern[str], ...]
    opening_frame: re.Pattern[str]
    plan_title: re.Pattern[str]
    plan_lead: re.Pattern[str]
    web_date: re.Pattern[str]
    rules_title: re.Pattern[str]
    general_objectives: re.Pattern[str]
    criteria_item: re.Pattern[str]
    list_title: re.Pattern[str]
    report_title: re.Pattern[str]
    report_number: re.Pattern[str]
    report_outlook: re.Pattern[str]


@lru_cache(maxsize=1)
def cues() -> ContextCues:
    d = json.loads((DATA / "context_cues.json").read_text(encoding="utf-8"))
    return ContextCues(
        lead_in=tuple(re.compile(p) for p in d["lead_in"]),
        list_heading_lead_in=tuple(re.compile(p) for p in d["list_heading_lead_in"]),
        opening_frame=re.compile(d["opening_frame"]),
        plan_title=re.compile(d["plan_title"]),
        plan_lead=re.compile(d["plan_lead"]),
        web_date=re.compile(d["web_date"]),
        rules_title=re.compile(d["rules_title"]),
        general_objectives=re.compile("|".join(re.escape(match_key(w)) for w in d["general_objectives"])),
        criteria_item=re.compile(d["criteria_item"]),
        list_title=re.compile(d["list_title"]),
        report_title=re.compile(d["report_title"]),
        report_number=re.compile(d["report_number"]),
        report_outlook=re.compile(d["report_outlook"]),
    )


# --- the document --------------------------------------------------------------------------


@dataclass(frozen=True, kw_only=True)
class DocumentContext:
    """What the whole document says about its numbers."""

    year: int | None  # the year it was issued (metadata date, or a web page's date line)
    plan_year: int | None  # the one year it plans for, when it plans for one ("kế hoạch ... năm 2026")
    rules: bool  # it lays down criteria, scores or norms (or quotes a standard's): its thresholds are no targets
    period: tuple[int, int] | None = None  # the period its title names ("... giai đoạn 2026 - 2030")
    reports: bool = False  # a report (báo cáo): its numbers are results unless they commit or look ahead
    report_year: int | None = None  # the year a report speaks of (``_report_year``)

    def frame(self) -> dict[str, Any] | None:
        """The timeframe of a target the document plans for and that names none itself."""
        return {"kind": "by", "year": self.plan_year} if self.plan_year else None


def document_context(doc: Document, metadata: dict[str, Any] | None = None) -> DocumentContext:
    """Given a document (and its metadata), return its year, the year it plans for, its kind."""
    c = cues()
    year = None
    date = (metadata or {}).get("date")
    if date:
        year = int(str(date)[:4])
    elif doc.blocks:
        m = c.web_date.match(match_key(doc.blocks[0].text))
        if m:
            year = int(m.group("year"))
    title = title_key(doc, metadata)
    found = [int(m.group("year")) for m in c.plan_title.finditer(title)]
    if not found:
        for b in doc.blocks:
            if b.kind != "table":
                found.extend(int(m.group("year")) for m in c.plan_lead.finditer(match_key(b.text)))
    found = [y for y in found if year is None or y >= year]
    periods = [m for m in find_timeframes(title) if m.kind == "period" and m.first]
    criteria = sum(1 for b in doc.blocks if b.kind != "table" and c.criteria_item.match(match_key(b.text[:40])))
    reports = _is_report(doc, metadata)
    return DocumentContext(
        year=year,
        plan_year=max(found) if found else None,
        rules=bool(c.rules_title.search(title)) or criteria >= CRITERIA_BLOCKS,
        period=(periods[0].first, periods[0].last) if periods else None,  # type: ignore[arg-type]
        reports=reports,
        report_year=_report_year(title, year) if reports else None,
    )


def _report_year(title: str, year: int | None) -> int | None:
    """The year a report speaks of: the latest its title names before what it plans ("Kết quả
    năm 2025 và phương hướng, nhiệm vụ năm 2026" -> 2025; signed in January 2026), else its date's."""
    m = cues().report_outlook.search(title)
    reported = [int(y) for y in YEAR.findall(title[: m.start()] if m else title)]
    return max(reported) if reported else year


def _is_report(doc: Document, metadata: dict[str, Any] | None) -> bool:
    """Whether the front matter names the document a report: its title ("BÁO CÁO Kết quả ..."),
    or its number ("Số: 112/BC-UBND"), before the first numbered heading."""
    c = cues()
    if metadata and (c.report_title.match(match_key(metadata.get("title") or ""))
                     or "/bc-" in match_key(metadata.get("number") or "")):
        return True
    for b in doc.blocks[:TITLE_BLOCKS]:
        if b.label:
            break
        key = match_key(b.text)
        if b.kind != "table" and (c.report_title.match(key) or c.report_number.match(key)):
            return True
    return False


def title_key(doc: Document, metadata: dict[str, Any] | None = None) -> str:
    """The match key of what names the document: its title, or else its first lines.

    A web page has no title block: its first lines up to the first "Căn cứ" / "Thực
    hiện" line, tables (a header layout) and numbered headings aside, joined by ". " so
    that no cue runs from one line into the next.
    """
    if metadata and metadata.get("title"):
        return _without_citations(match_key(metadata["title"]))
    parts: list[str] = []
    for b in doc.blocks[:TITLE_BLOCKS]:
        if b.kind == "table":
            continue
        key = match_key(b.text)
        if _BASIS.match(key) or len(parts) >= TITLE_LINES or b.label:
            break
        parts.append(_without_citations(key))
    return ". ".join(parts)


def _without_citations(key: str) -> str:
    """A title's key up to the first document it cites ("... thực hiện Kế hoạch số 52-KH/HU ngày
    29/7/2025 ..."): the years of cited documents are not the years a document plans for."""
    from ..nlp.references import find_citations

    cited = find_citations(key, key)
    return key[: min(c.start for c in cited)] if cited else key


_BASIS = re.compile(r"\W*(?:căn cứ|thực hiện|theo đề nghị|xét đề nghị)(?!\w)")
TITLE_LINES = 6


# --- lead-ins and opening frames ---------------------------------------------------------------


@dataclass(frozen=True)
class LeadIn:
    """A phrase that introduces a list of targets, at text[start:end] (offsets of the text searched).

    ``opens_list``: the list goes on after the sentence (a lead-in ending with ':', or a sentence
    opening with a list heading), into the paragraphs and items that follow with numbers.
    """

    start: int
    end: int
    frame: dict[str, Any] | None
    opens_list: bool = False


def find_lead_ins(key: str) -> list[LeadIn]:
    """Given a match key, return the lead-ins in it, left to right, with the frame each names.

    >>> [key[l.start:l.end] for key in ["năm 2026, phường phấn đấu thực hiện các chỉ tiêu: a đạt 5%"]
    ...  for l in find_lead_ins(key)]
    ['năm 2026, phường phấn đấu thực hiện các chỉ tiêu:']
    """
    found: list[LeadIn] = []
    c = cues()
    for rx, heading in [(rx, False) for rx in c.lead_in] + [(rx, True) for rx in c.list_heading_lead_in]:
        for m in rx.finditer(key):
            start = _sentence_start(key, m.start())
            if any(lead.start <= m.end() - 1 < lead.end for lead in found):
                continue
            frame = resolve(find_timeframes(key[start : m.end()]))
            opens = heading or key[: m.end()].rstrip().endswith(":")
            found.append(LeadIn(start=start, end=m.end(), frame=frame, opens_list=opens))
    found.sort(key=lambda lead: lead.start)
    return found


def _sentence_start(key: str, pos: int) -> int:
    """Start of the sentence (or clause after ';') containing ``pos``."""
    cut = max(key.rfind(". ", 0, pos), key.rfind("; ", 0, pos), key.rfind(": ", 0, pos))
    return 0 if cut < 0 else cut + 2


def opening_frame(key: str) -> tuple[int, dict[str, Any]] | None:
    """The frame a sentence opens with and where it ends: "năm 2026, ..." -> (10, by 2026).

    >>> opening_frame("nhiệm kỳ 2025-2030, đảng bộ xã phấn đấu ...")
    (18, {'kind': 'term'})
    """
    m = cues().opening_frame.match(key)
    if not m:
        return None
    phrase = key[: m.end()]
    if re.match(r"\s*nhiệm kỳ", phrase):
        return m.end(), {"kind": "term"}
    frame = resolve(find_timeframes(phrase))
    if frame is None:
        years = YEAR.findall(phrase)
        frame = {"kind": "by", "year": int(years[-1])} if len(years) == 1 else None
    return (m.end(), frame) if frame else None
