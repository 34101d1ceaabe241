"""Step 4 of the target stage: the timeframe a target has by its own words or inherits.

ANNOTATION.md: the item's own words first (a named period beats "đến năm", which beats
a bare "/năm" rate, which reads as annual); failing those, the heading or lead-in of
its list, a sub-heading, the year a lead-in names; and a document that plans for one
year gives that year to every target that names none. In order:

1. the clause's own period, deadline, explicit "hằng năm" or term;
2. a period or deadline elsewhere in its item, said or inherited ("... đến năm 2030 dự kiến
   đạt 36,5 triệu USD, tốc độ tăng bình quân 07 - 08%/năm": the rate is by 2030 too);
3. its own bare "/năm": annual;
4. the frame its sentence opens with ("Năm 2026, phường đặt mục tiêu ..."), then its
   list's (heading, lead-in, parent item: "các chỉ tiêu chủ yếu của nhiệm kỳ:");
5. the deadline of the clause before it in its sentence (not an annual rate: "duy trì ...
   hàng năm từ 8-12%, mở rộng thương mại ..." does not make the second annual); a sentence
   that opens with "Trong đó" details the one before and takes its deadline;
6. the year the document plans for.
"Trong giai đoạn này" is the period the document plans for.

Bodies come with the candidate (its own "(X chủ trì)", an assignment lead-in, a heading
that names a body, a table row's columns).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from ..nlp.timeframes import TimeframeMention, resolve
from .candidates import Candidate
from .context import DocumentContext

DEADLINES = ("period", "by", "before")
_THEREOF = re.compile(r"^\W*trong đó(?!\w)")  # "Trong đó: ..." details the sentence before


def _bare_rate(key: str, m: TimeframeMention) -> bool:
    """A "/năm" after a number ("13%/năm"): annual only when nothing else frames the item."""
    return m.kind == "annual" and key[m.start : m.end].lstrip().startswith("/")


@dataclass
class Frames:
    """What the clauses read so far in a unit have had as deadlines: by sentence, by item."""

    by_sentence: dict[tuple[int, int], dict[str, Any]] = field(default_factory=dict)  # the last
    first_of_sentence: dict[int, dict[str, Any]] = field(default_factory=dict)  # by where it starts
    by_item: dict[tuple[int, int], dict[str, Any]] = field(default_factory=dict)

    def remember(self, c: Candidate, frame: dict[str, Any] | None) -> None:
        if frame and frame.get("kind") in DEADLINES:
            self.by_sentence[(c.unit_start, c.sentence[0])] = frame
            self.first_of_sentence.setdefault(c.unit_start + c.sentence[0], frame)
            self.by_item[(c.unit_start, c.item[0])] = frame


def timeframe_for(c: Candidate, doc: DocumentContext, seen: Frames | None = None) -> dict[str, Any] | None:
    """The timeframe of a candidate, by its own words or inherited (see the module docstring)."""
    frame = _fill_period(_timeframe(c, doc, seen or Frames()), doc)
    if seen is not None:
        seen.remember(c, frame)
    return frame


def _timeframe(c: Candidate, doc: DocumentContext, seen: Frames) -> dict[str, Any] | None:
    if c.table is not None:
        return c.table.timeframe or c.context.list_frame or doc.frame()
    a, cl = c.analysis, c.clause
    own = a.timeframes_in(cl.start, cl.end)
    explicit = [m for m in own if not _bare_rate(a.key, m)]
    if explicit:
        return resolve(explicit)
    item = [
        m
        for m in a.timeframes_in(*c.item)
        if m.kind in DEADLINES and not (cl.start <= m.start < cl.end)
    ]
    if item:
        return resolve(item)
    if (c.unit_start, c.item[0]) in seen.by_item:
        return dict(seen.by_item[(c.unit_start, c.item[0])])
    if own:
        return {"kind": "annual"}
    ctx = c.context
    for frame in (ctx.opening_frame, ctx.list_frame):
        if frame:
            return dict(frame)
    before = seen.by_sentence.get((c.unit_start, c.sentence[0]))
    if before is None and _THEREOF.match(a.key[c.sentence[0] :]):
        here = c.unit_start + c.sentence[0]
        earlier = [start for start in seen.first_of_sentence if start < here]
        before = seen.first_of_sentence[max(earlier)] if earlier else None
    if before is not None:
        return dict(before)
    return doc.frame()


def _fill_period(frame: dict[str, Any] | None, doc: DocumentContext) -> dict[str, Any] | None:
    """"Trong giai đoạn này": the period the document plans for, or none when it names none."""
    if frame and frame.get("kind") == "period" and frame.get("start") is None:
        return {"kind": "period", "start": doc.period[0], "end": doc.period[1]} if doc.period else None
    return frame
