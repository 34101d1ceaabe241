"""The target stage, a chain a newcomer can follow:

1. ``candidates``: every clause anywhere that states a quantity or a commitment (prose,
   list item, table cell), with its context: heading chain, the lead-in of its list, its
   table's column header and row, the frames its sentence and paragraph open with;
2. ``decide``: whether each candidate commits (a target), reports a result, estimates or
   forecasts, or states a rule, a threshold or an allocation, with the reason; rejected
   candidates are kept in the output (``rejected``) so a reviewer sees why a number is
   not a target;
3. the fields, read by the nlp components (``nlp.targets.read_clause``: quantity,
   comparator, direction, indicator);
4. ``inherit``: the timeframe from the clause, its item, its sentence, list, paragraph or
   the year the document plans for; bodies from the candidate's context;
5. split: one target per indicator (``one_per_indicator``).

Section kinds are evidence for the decision, never a gate.
"""

from __future__ import annotations

import copy
import itertools
from typing import Any

from ..indicators import classify, split_coordinated
from ..model import Document, Outline
from ..nlp.direction import direction_for, find_direction_cues
from ..nlp.targets import is_measure_only, is_predicate_phrase, read_clause
from ..normalize import match_key
from .candidates import Candidate, text_candidates
from .context import DocumentContext, document_context
from .decide import Decision, decide
from .inherit import Frames, timeframe_for
from .tables import table_candidates

__all__ = ["DocumentContext", "document_context", "find_targets", "one_per_indicator"]


def find_targets(
    doc: Document, outline: Outline, context: DocumentContext
) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """The targets of a document, numbered t001 ... in document order, and the rejected candidates."""
    targets: list[dict[str, Any]] = []
    rejected: list[dict[str, Any]] = []
    previous: dict[tuple[int, int], str] = {}
    frames = Frames()
    for c in itertools.chain(text_candidates(doc, outline), table_candidates(doc, outline)):
        decision = decide(c, context)
        if not decision.is_target:
            rejected.append(_rejected(doc, c, decision))
            continue
        target = _target(doc, c, decision, context, previous, frames)
        targets.extend(one_per_indicator(target))
    targets.sort(key=lambda t: (t["source"]["start"], t["source"]["end"]))
    for i, t in enumerate(targets, 1):
        t["id"] = f"t{i:03d}"
    rejected.sort(key=lambda r: (r["source"]["start"], r["source"]["end"]))
    return targets, rejected


def _target(
    doc: Document,
    c: Candidate,
    decision: Decision,
    context: DocumentContext,
    previous: dict[tuple[int, int], str],
    frames: Frames,
) -> dict[str, Any]:
    """Read a target's fields (step 3) and what it inherits (step 4)."""
    if c.table is not None:
        cell = c.table
        q = cell.quantity
        indicator, comparator, flags = cell.indicator, cell.comparator, list(q.flags)
        direction = direction_for(find_direction_cues(match_key(indicator)))
        unit = cell.unit
    else:
        reading = read_clause(c.analysis, c.clause)
        q = reading.quantity
        indicator = reading.indicator
        sentence_key = (c.unit_start, c.clause.sentence)
        subject = previous.get(sentence_key)
        if is_measure_only(indicator) and subject:
            # "doanh thu du lịch đạt 120 tỷ đồng, tốc độ tăng bình quân 7%/năm": the growth of that
            indicator = f"{subject}: {indicator}"
        elif is_predicate_phrase(indicator) and subject:
            # "Tỷ lệ hộ nghèo giảm 1%/năm; đến năm 2030 còn dưới 0,5%": same indicator, new level
            indicator = subject
        elif not c.clause.parenthetical:
            previous[sentence_key] = indicator
        comparator, direction, flags = reading.comparator, reading.direction, list(reading.flags)
        unit = q.unit if q else None
    code, sector = classify(indicator, doc.text[c.start : c.end])
    responsible = c.table.responsible if c.table is not None else c.context.responsible
    target: dict[str, Any] = {
        "id": "",
        "text": doc.text[c.start : c.end],
        "indicator": indicator,
        "indicator_code": code,
        "sector": sector,
        "value": q.value if q and not q.is_range else None,
        "low": q.low if q and q.is_range else None,
        "high": q.high if q and q.is_range else None,
        "unit": unit if q else None,
        "comparator": comparator if q else None,
        "direction": direction,
        "timeframe": timeframe_for(c, context, frames),
        "responsible": {k: [dict(b) for b in v] for k, v in responsible.items()},
        "tier": decision.tier,
        "section": c.context.section,
        "source": {"page": c.context.page, "start": c.start, "end": c.end, "quote": _quote(doc, c)},
    }
    if q is not None and q.of is not None:
        flags.append(f"of:{q.of:g}")
    if flags:
        target["flags"] = sorted(set(flags), key=flags.index)
    return target


def _quote(doc: Document, c: Candidate) -> str:
    """The item (the part of its sentence between ";") or table row a target is read from."""
    s, e = c.item
    return doc.text[c.unit_start + s : c.unit_start + e].strip()


def _rejected(doc: Document, c: Candidate, decision: Decision) -> dict[str, Any]:
    return {
        "text": doc.text[c.start : c.end],
        "verdict": decision.verdict,
        "reason": decision.reason,
        "section": c.context.section,
        "source": {"page": c.context.page, "start": c.start, "end": c.end},
    }


def one_per_indicator(target: dict[str, Any]) -> list[dict[str, Any]]:
    """A target whose indicator coordinates distinct catalogue indicators, as one target each.

    "hoàn thành 100% chỉ tiêu tuyển chọn, gọi công dân nhập ngũ và tham gia nghĩa vụ công
    an nhân dân" commits to two quotas met by different bodies: two targets sharing the
    clause (text and offsets) and its level, each with its own indicator phrase and code.
    """
    parts = split_coordinated(target.get("indicator"))
    if len(parts) < 2:
        return [target]
    return [
        {**copy.deepcopy(target), "indicator": phrase, "indicator_code": code, "sector": sector}
        for phrase, code, sector in parts
    ]
