"""Step 4 of the target stage: the timeframe a target has by its own words or inherits.

ANNOTATION.md: the item's own words first (a named period beats "đến năm", which beats
a bare "/năm" rate, which reads as annual); failing those, the heading or lead-in of
its list, a sub-heading, the year a lead-in names; and a document that plans for one
year gives that year to every target that names none. In order:

1. the clause's own period, deadline, explicit "hằng năm" or term;
2. a period or deadline elsewhere in its item ("... đến năm 2030 dự kiến đạt 48,3 triệu
   USD, tốc độ tăng bình quân 05 - 06%/năm": the rate is by 2030 too);
3. its own bare "/năm": annual;
4. the frame its sentence opens with ("Năm 2026, phường đặt mục tiêu ..."), then its
   list's (heading, lead-in, parent item), then the document's.

Bodies come with the candidate (its own "(X chủ trì)", an assignment lead-in, a heading
that names a body, a table row's columns).
"""

from __future__ import annotations

from typing import Any

from ..nlp.timeframes import TimeframeMention, resolve
from .candidates import Candidate
from .context import DocumentContext


def _bare_rate(key: str, m: TimeframeMention) -> bool:
    """A "/năm" after a number ("13%/năm"): annual only when nothing else frames the item."""
    return m.kind == "annual" and key[m.start : m.end].lstrip().startswith("/")


def timeframe_for(c: Candidate, doc: DocumentContext) -> dict[str, Any] | None:
    """The timeframe of a text candidate, by its own words or inherited (see the module docstring)."""
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
        if m.kind in ("period", "by", "before") and not (cl.start <= m.start < cl.end)
    ]
    if item:
        return resolve(item)
    if own:
        return {"kind": "annual"}
    ctx = c.context
    for frame in (ctx.opening_frame, ctx.list_frame, doc.frame()):
        if frame:
            return dict(frame)
    return None
