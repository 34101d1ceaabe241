"""Step 2 of the target stage: is a candidate a target, and if not, what is it?

Each candidate gets a ``Decision``: a verdict ("target", or what the number is instead:
"estimate", "forecast", "result", "rule", "description", "lead-in", "no-unit",
"no-commitment") and the reason in words, which the output keeps for every rejected
candidate so that a reviewer sees why a number is not a target. The evidence, first
that applies wins:

1. where it stands: the lead-in of a list ("Nghị quyết đề ra 18 chỉ tiêu, trong đó"),
   the review of the past term, the closing, a document that lays down rules;
2. its own words: "ước đạt" estimates, "dự báo" forecasts, "đã", "so với chỉ tiêu",
   "vượt kế hoạch" report, "x 100%", "điểm", "trường hợp", "định mức" state a rule,
   "tán thành", "bầu ... đồng chí" describe a meeting, "hiện có" how things stand;
3. its sentence and paragraph: a clause without a commitment of its own in a sentence
   whose other clauses estimate or report ("... ước đạt 65 triệu đồng; tỷ lệ hộ nghèo
   còn 0,08%"), or in a paragraph that opens with a year before the one the document
   plans for ("Năm 2025, ..." in a plan for 2026), reports too; and so does such a clause of
   prose in a report (báo cáo) unless it, its sentence, paragraph or heading names a later year;
4. what it states: in a list every clause is a target (a restatement of the number in
   another unit is optional); in prose a number with a unit is, a bare number is not,
   and a qualitative clause is an optional target when it commits with a deadline.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from ..nlp.targets import (
    dated_commitment,
    describes_present,
    has_predicate,
    is_commitment,
    main_quantity,
    states_something,
)
from ..nlp.timeframes import resolve
from .candidates import Candidate
from .context import DocumentContext, find_lead_ins

DATA = Path(__file__).resolve().parents[1] / "data"
NO_TARGET_KINDS = {"review", "closing", "resources"}


@dataclass(frozen=True)
class Decision:
    verdict: str  # "target" or what the candidate is instead
    tier: str | None  # for targets: "list", "prose" or "optional"
    reason: str

    @property
    def is_target(self) -> bool:
        return self.verdict == "target"


@dataclass(frozen=True)
class DecisionCues:
    kinds: tuple[tuple[str, re.Pattern[str]], ...]  # (verdict, pattern) in the order they are tried
    commitment: re.Pattern[str]
    description: re.Pattern[str]
    purpose: re.Pattern[str]  # at the start of a clause
    rule_units: frozenset[str]


def _words(patterns: list[str]) -> re.Pattern[str]:
    # one pair of word boundaries around the alternation: ten times faster than one per pattern
    return re.compile(r"(?<!\w)(?:" + "|".join(f"(?:{p})" for p in patterns) + r")(?!\w)")


@lru_cache(maxsize=1)
def cues() -> DecisionCues:
    d = json.loads((DATA / "decision_cues.json").read_text(encoding="utf-8"))
    kinds = tuple((k, _words(d[k])) for k in ("estimate", "forecast", "result", "rule", "description"))
    return DecisionCues(
        kinds=kinds,
        commitment=_words(d["commitment"]),
        description=_words(d["description"]),
        purpose=re.compile(rf"^\W*(?:{_words(d['purpose']).pattern})"),
        rule_units=frozenset(d["rule_units"]),
    )


REASONS = {
    "estimate": "estimates ({cue!r})",
    "forecast": "forecasts ({cue!r})",
    "result": "reports a result ({cue!r})",
    "rule": "states a rule, threshold or norm ({cue!r})",
    "description": "describes ({cue!r})",
}


@lru_cache(maxsize=4096)
def own_kind(key: str) -> tuple[str, str] | None:
    """What a clause's own words make it when not a target: (verdict, cue) or None."""
    for verdict, rx in cues().kinds:
        m = rx.search(key)
        if m:
            return verdict, m.group(0)
    return None


def decide(c: Candidate, doc: DocumentContext) -> Decision:
    """Given a candidate and what the document says of itself, return its decision."""
    ctx, a, cl = c.context, c.analysis, c.clause
    key = a.key[cl.start : cl.end]
    sentence_key = a.key[c.sentence[0] : c.sentence[1]]
    qs = a.quantities_in(cl.start, cl.end)
    q = main_quantity(qs, a.key)
    if ctx.in_lead_in:
        return Decision("lead-in", None, f"introduces a list of targets ({ctx.lead_in or key!r})")
    if ctx.section_kind in NO_TARGET_KINDS:
        return Decision("result" if ctx.section_kind == "review" else "description", None,
                        f"stands in the {ctx.section_kind} section {ctx.section}")
    if doc.rules:
        return Decision("rule", None, "the document lays down criteria or norms, not targets")
    if c.table is not None:
        if doc.reports and not _ahead([c.table.timeframe], doc, ctx.heading_year):
            return Decision("result", None, "a cell of a report's table, under no year ahead")
        return Decision("target", "list", "a planned cell of an indicator table")
    own = own_kind(key)
    commits = bool(cues().commitment.search(key))
    if own is not None and own[0] in ("estimate", "forecast") and q is None:
        own = None  # "nâng cao năng lực dự báo thời tiết": a noun, no figure estimated
    if own is not None and not (own[0] == "result" and commits and own[1] == "đã"):
        verdict, cue = own
        return Decision(verdict, None, REASONS[verdict].format(cue=cue))
    meeting = cues().description.search(sentence_key)
    if meeting and not commits:
        return Decision("description", None, f"its sentence describes a meeting ({meeting.group(0)!r})")
    if q is not None and q.unit in cues().rule_units:
        return Decision("rule", None, f"counts points ({q.text!r})")
    if not commits:
        reported = _reported_by_context(c, doc)
        if reported:
            return Decision("result", None, reported)
    if describes_present(sentence_key) and not cues().commitment.search(sentence_key):
        return Decision("description", None, "describes how things stand")
    frame = resolve(a.timeframes_in(cl.start, cl.end))
    if c.where == "list":
        if cl.restatement or (cl.parenthetical and frame is None):
            return Decision("target", "optional", "restates the item's number in another unit")
        if q is None and cues().purpose.match(key):
            return Decision("no-commitment", None, "says what the work is for, commits to nothing")
        if q is None and not states_something(a.text[cl.start : cl.end]):
            return Decision("no-commitment", None, "names a topic or a list of names, states nothing")
        return Decision("target", "list", f"an item of a list ({ctx.list_reason})")
    if cl.parenthetical and frame is None and not has_predicate(a, cl.start, cl.end):
        # "vận hành các nhà máy đã xây dựng (03 nhà máy nước sạch ...)": names what it speaks of
        return Decision("description", None, "a parenthesis naming what its sentence speaks of")
    if q is not None and _counts_list_after(key, q.end - cl.start):
        return Decision("description", None, "counts the names listed after it")
    if q is not None:
        if is_commitment(q, _comparator(c, q)):
            if cl.restatement:
                return Decision("target", "optional", "restates the number of the clause before")
            return Decision("target", "prose", "commits to a number with a unit")
        return Decision("no-unit", None, f"a number without a unit ({q.text!r})")
    if dated_commitment(key, frame):
        return Decision("target", "optional", "commits in words, with a deadline")
    return Decision("no-commitment", None, "states no number and no dated commitment")


_LISTED_AFTER = re.compile(r"^[^\W\d][^:;,.\d]{0,60}:\s*[^:;.]+,[^:;.]+,")


def _counts_list_after(key: str, end: int) -> bool:
    """Is a number the count of names that a colon lists after its noun ("phát triển 3 ngành mũi
    nhọn: du lịch, chế biến nông sản, năng lượng sạch")?"""
    return bool(_LISTED_AFTER.match(key[end:].lstrip()))


def _comparator(c: Candidate, q: Any) -> str | None:
    from ..nlp.comparators import comparator_for

    return comparator_for(c.analysis.key, q, c.clause.end)[0]


def _reported_by_context(c: Candidate, doc: DocumentContext) -> str | None:
    """Why a clause without a commitment of its own reports, from its sentence or paragraph."""
    a, cl = c.analysis, c.clause
    for other in _sibling_spans(c):
        kind = own_kind(a.key[other[0] : other[1]])
        if kind and kind[0] in ("estimate", "result"):
            return f"its sentence reports ({kind[1]!r} in {_shortened(a.text[other[0] : other[1]])!r})"
    ctx = c.context
    horizon = doc.plan_year or doc.year
    for frame, where in ((ctx.opening_frame, "sentence"), (ctx.paragraph_frame, "paragraph")):
        year = _year(frame)
        if horizon and year and year < horizon and not _own_future(a, cl, horizon):
            return f"its {where} is about {year}, before the year the document plans for ({horizon})"
    if doc.reports and c.where == "prose":
        frames = (resolve(a.timeframes_in(cl.start, cl.end)), ctx.opening_frame, ctx.paragraph_frame)
        if not _ahead(frames, doc, ctx.heading_year):
            return "the document is a report: a number that neither commits nor names a year ahead reports"
    return None


def _ahead(frames: Iterable[dict[str, Any] | None], doc: DocumentContext, heading_year: int | None) -> bool:
    """Whether any of these frames, or the headings above, names a year after the one a report speaks of."""
    latest = max((y for y in [*map(_year, frames), heading_year] if y), default=None)
    return latest is not None and (doc.report_year is None or latest > doc.report_year)


def _sibling_spans(c: Candidate) -> list[tuple[int, int]]:
    """The other clauses' spans of the candidate's sentence: the text between its separators."""
    a = c.analysis
    s0, s1 = c.sentence
    spans = []
    for m in re.finditer(r"[^;]+", a.key[s0:s1]):
        start, end = s0 + m.start(), s0 + m.end()
        if not (start <= c.clause.start < end) and not find_lead_ins(a.key[start:end]):
            spans.append((start, end))  # a lead-in ("Đại hội đã ... đề ra ... chỉ tiêu:") reports nothing
    return spans


def _year(frame: dict[str, Any] | None) -> int | None:
    if not frame:
        return None
    return frame.get("year") or frame.get("end")


def _own_future(a: Any, cl: Any, horizon: int) -> bool:
    year = _year(resolve(a.timeframes_in(cl.start, cl.end)))
    return bool(year and year >= horizon)


def _shortened(text: str, limit: int = 70) -> str:
    """A clause quoted in a reason: whole words, an ellipsis where it is cut."""
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    return text[:limit].rsplit(" ", 1)[0] + " …"
