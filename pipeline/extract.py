"""The target stage: a canonical Document in, the JSON of OUTPUT_CONTRACT out.

Where targets are (ANNOTATION.md):
  - tier "list": every clause of an item of a target list or assignment section
    (qualitative or not), of the "Mục tiêu" cell of an appendix table, and every
    row of an indicator table (Chỉ tiêu | ĐVT | ... | Mục tiêu đến năm 2030);
  - tier "prose": a clause elsewhere that commits to a number with a unit;
  - tier "optional": a restatement in another unit inside an item ("(8 xã)"),
    and a dated qualitative commitment in prose ("Phấn đấu đến năm 2030 xã đạt ...").
An item without its own timeframe inherits one: from the clause before it in
the same sentence, from the item it is a sub-bullet of ("- Khu vực dịch vụ
tăng 8,8%" under "Hằng năm ... trong đó:"), then from the headings and lead-in
sentences above it ("chỉ tiêu chủ yếu của nhiệm kỳ" = term). Responsible
bodies come from the assignment lead-in above an item ("Giao cho X chủ trì,
phối hợp với Y ...") or from the role columns of its table row.
"""

from __future__ import annotations

import copy
import json
import re
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from functools import lru_cache
from pathlib import Path
from typing import Any

from . import __version__
from .consistency import check as check_consistency
from .indicators import classify, split_coordinated
from .model import Block, Cell, Document, Outline, Section
from .nlp.bodies import body_registry
from .nlp.metadata import extract_metadata
from .nlp.references import find_references
from .nlp.roles import find_assignment, roles_from_table_row
from .nlp.targets import (
    Analysis,
    Clause,
    is_lead_in,
    is_list_heading,
    is_predicate_phrase,
    read_clause,
    split_clauses,
    tier_of,
)
from .nlp.timeframes import find_timeframes, resolve
from .normalize import compare_key, match_key
from .numbering import LEADING_LABEL_RE, is_item_label, label_length
from .schemes import extract_schemes
from .structure import build_outline

SCHEMA_VERSION = "1.0"
LIST_KINDS = {"target_list", "assignment"}
NO_TARGET_KINDS = {"preamble", "review", "closing"}
_DIGIT_OR_CUE = re.compile(r"\d|(?:ít nhất|tối thiểu|không dưới) (?:một|hai|ba|bốn|năm)\b")
_SENTENCE = re.compile(r"(?:[^.!?…]|\.(?=\d))+(?:[.!?…]+(?=\s|$)|$)")  # "1.200 ha" is one number


@dataclass(kw_only=True)
class Unit:
    """A piece of text read as a whole: one list item, one table cell or one prose sentence."""

    start: int
    end: int
    tier: str  # "list" or "prose"
    section: str | None
    page: int | None
    inherited_timeframe: dict[str, Any] | None = None
    responsible: dict[str, list[dict[str, Any]]] = field(
        default_factory=lambda: {"lead": [], "advisor": [], "support": []}
    )


# --- public API ------------------------------------------------------------------------


def extract_file(path: str | Path, *, pdf_engine: str | None = None) -> dict[str, Any]:
    """Read a program document (any format ``readers.read`` takes) and return its result JSON (not yet validated).

    ``pdf_engine``: which engine reads a PDF (pipeline.readers.read_raw); None for the default.
    """
    from .readers import read

    return extract_document(read(path, pdf_engine=pdf_engine))


def extract_document(doc: Document) -> dict[str, Any]:
    """Given a canonical Document, return the result dict of OUTPUT_CONTRACT."""
    match_key.cache_clear()  # the memo serves one document: no document is faster for the one before
    outline = build_outline(doc)
    targets = extract_targets(doc, outline)
    result: dict[str, Any] = {
        "schema_version": SCHEMA_VERSION,
        "pipeline_version": __version__,
        "document": _document_info(doc),
        "text": doc.text,
        "outline": [_section_dict(doc, s) for s in outline.sections],
        "targets": targets,
        "schemes": extract_schemes(doc, outline),
        "references": find_references(doc),
        "bodies": [],
        "warnings": [_quality_warning(pq) for pq in doc.page_quality if not pq.ok]
        + [{"kind": "reading", "message": w, "sources": []} for w in doc.warnings],
    }
    result["bodies"] = body_registry(result)
    result["warnings"].extend(check_consistency(result))
    return result


def extract_targets(doc: Document, outline: Outline) -> list[dict[str, Any]]:
    """All targets of a document, numbered t001 ... in document order."""
    from .nlp.pipeline import build_nlp

    nlp = build_nlp()
    out: list[dict[str, Any]] = []
    for unit in (part for u in iter_units(doc, outline) for part in bounded_units(doc.text, u)):
        text = doc.text[unit.start : unit.end]
        analysis = Analysis.from_doc(nlp(text))
        out.extend(_unit_targets(doc, unit, analysis))
    for b in doc.blocks:
        if b.kind == "table":
            sec = outline.section_at(b.start)
            out.extend(indicator_table_targets(doc, b, sec.path if sec else None))
    out = [part for t in out for part in one_per_indicator(t)]
    out.sort(key=lambda t: (t["source"]["start"], t["source"]["end"]))
    for i, t in enumerate(out, 1):
        t["id"] = f"t{i:03d}"
    return out


# Longer than any real clause: such a unit is a run-on text (a plan pasted as one paragraph).
MAX_UNIT_CHARS = 5000
_PIECE_ENDS = (re.compile(r"[.!?…](?=\s)"), re.compile(r"[;:](?=\s)"), re.compile(r",(?=\s)"), re.compile(r"\s"))


def bounded_units(text: str, unit: Unit) -> Iterator[Unit]:
    """A unit as it is, or, past MAX_UNIT_CHARS, in pieces that end where a sentence does.

    Reading a clause costs time in proportion to the unit around it, so a unit of
    a million characters would take hours (and spaCy refuses texts that long);
    in pieces, length is no limit. A piece ends at the last sentence end in its
    window, else at a clause separator, else at a space.
    """
    start = unit.start
    while unit.end - start > MAX_UNIT_CHARS:
        window = text[start : start + MAX_UNIT_CHARS]
        cut = next((m.end() for rx in _PIECE_ENDS for m in [_last(rx, window)] if m), MAX_UNIT_CHARS)
        yield replace(unit, start=start, end=start + cut)
        start += cut
        while start < unit.end and text[start].isspace():
            start += 1
    if start < unit.end:
        yield replace(unit, start=start, end=unit.end) if start != unit.start else unit


def _last(rx: re.Pattern[str], text: str) -> re.Match[str] | None:
    found = list(rx.finditer(text, len(text) // 2))  # in the second half: pieces never get short
    return found[-1] if found else None


# --- where targets are -----------------------------------------------------------------


def _is_item(section: Section | None, block: Block) -> bool:
    label = (block.label or (section.label if section else "") or "").strip()
    return is_item_label(label)


def iter_units(doc: Document, outline: Outline) -> Iterator[Unit]:
    """Given a document and its outline, yield the units to read for targets, in order."""
    heading_of = {s.heading_block: i for i, s in enumerate(outline.sections)}
    section_of_block = [_section_index(outline, b.start) for b in doc.blocks]
    last_item_frame: dict[int, dict[str, Any] | None] = {}
    list_sections: dict[str, bool] = {}
    list_context: dict[str, tuple[dict[str, Any] | None, dict[str, list[dict[str, Any]]]]] = {}
    for b in doc.blocks:
        si = section_of_block[b.index]
        sec = outline.sections[si] if si is not None else None
        if b.kind == "table":
            yield from _table_units(doc, outline, b, sec)
            continue
        kind = sec.kind if sec else "other"
        if kind in NO_TARGET_KINDS:
            continue
        own = outline.sections[heading_of[b.index]] if b.index in heading_of else None
        is_heading = own is not None and not _is_item(own, b)
        if is_heading and _is_list_section(outline, sec, list_sections) and _is_leaf(own, b):
            is_heading = False  # "2.1. Tốc độ tăng trưởng ... 8%/năm." numbered like a heading, read as an item
        if is_heading or (own is not None and _is_subheading(b, own)):
            continue
        if _is_list_section(outline, sec, list_sections):
            if _introduces_items(b):
                continue
            ctx_key = sec.path if sec else ""
            if ctx_key not in list_context:
                list_context[ctx_key] = (_list_frame(doc, outline, sec), _list_responsible(doc, outline, sec))
            inherited, responsible = list_context[ctx_key]
            if b.label in ("-", "–", "+", "•") or b.text.startswith("- "):
                parent = last_item_frame.get(si if si is not None else -1)
                inherited = parent or inherited
            unit = Unit(
                start=b.start + label_length(b.text),
                end=b.end,
                tier="list",
                section=sec.path if sec else None,
                page=b.page,
                inherited_timeframe=inherited,
                responsible=_own_responsible(b.text) or responsible,
            )
            if b.index in heading_of:
                last_item_frame[si if si is not None else -1] = _first_sentence_frame(b.text) or inherited
            yield unit
            continue
        yield from _prose_units(b, sec)


def _is_list_section(outline: Outline, sec: Section | None, cache: dict[str, bool]) -> bool:
    """A target list or assignment section, or a section under a list heading ("Mục tiêu cụ thể")."""
    if sec is None:
        return False
    if sec.path not in cache:
        cache[sec.path] = sec.kind in LIST_KINDS or any(
            is_list_heading(s.title) for s in _ancestors(outline, sec) if not is_item_label(s.label.strip())
        )
    return cache[sec.path]


def _introduces_items(b: Block) -> bool:
    """A lead-in: "Giao cho X chủ trì ... các chỉ tiêu sau:", or an unlabelled sentence ending in ':'."""
    if is_lead_in(b.text):
        return True
    text = b.text.strip()
    return text.endswith(":") and not LEADING_LABEL_RE.match(text) and not re.search(r"\d+\s*%", text)


def _own_responsible(text: str) -> dict[str, list[dict[str, Any]]] | None:
    """Bodies an item names itself ("... đạt 95% (Phòng Kinh tế chủ trì)")."""
    if "chủ trì" not in match_key(text):
        return None
    paren = re.search(r"\(([^()]*chủ trì[^()]*)\)", text)
    found = find_assignment(paren.group(1) if paren else text)
    return found.as_dict() if found is not None and not found.is_empty() else None


def _is_leaf(sec: Section, b: Block) -> bool:
    """A section that is just its heading: no sub-sections, no paragraphs under it."""
    return not sec.children and sec.end <= b.end + 2


def _is_subheading(b: Block, sec: Section) -> bool:
    """An item label used as a heading: "a) Về kinh tế" with items under it, no number, no sentence."""
    has_items_under = sec.end > b.end + 2
    text = b.text[label_length(b.text) :].strip()
    return has_items_under and not re.search(r"\d|[.;]$", text) and len(text.rstrip(" :").split()) <= 8



def _section_index(outline: Outline, offset: int) -> int | None:
    best = None
    for i, s in enumerate(outline.sections):
        if s.start <= offset < s.end and (best is None or s.level >= outline.sections[best].level):
            best = i
    return best


def _ancestors(outline: Outline, sec: Section | None) -> Iterator[Section]:
    while sec is not None:
        yield sec
        sec = outline.sections[sec.parent] if sec.parent is not None else None


def _lead_ins(doc: Document, outline: Outline, sec: Section) -> list[Block]:
    """Paragraphs directly under a heading, before its first sub-section, that introduce a list."""
    first_child = min((outline.sections[c].start for c in sec.children), default=sec.end)
    out = []
    for b in doc.blocks[sec.heading_block + 1 :]:
        if b.start >= first_child or b.start >= sec.end:
            break
        if b.kind != "table" and _introduces_items(b):
            out.append(b)
    return out


def _heading_texts(doc: Document, outline: Outline, sec: Section | None) -> Iterator[str]:
    """Titles and lead-in paragraphs of the structural sections above (and at) an item."""
    for s in _ancestors(outline, sec):
        if is_item_label(s.label.strip()):
            continue
        for b in _lead_ins(doc, outline, s):
            yield b.text
        yield s.title


def _list_frame(doc: Document, outline: Outline, sec: Section | None) -> dict[str, Any] | None:
    """The timeframe a list heading or lead-in gives to all its items ("của nhiệm kỳ" = term)."""
    for text in _heading_texts(doc, outline, sec):
        frame = resolve(find_timeframes(match_key(text)))
        if frame:
            return frame
    return None


def _list_responsible(
    doc: Document, outline: Outline, sec: Section | None
) -> dict[str, list[dict[str, Any]]]:
    """Bodies named by the assignment lead-in above a list ("Giao cho X chủ trì, phối hợp với Y")."""
    for text in _heading_texts(doc, outline, sec):
        if "chủ trì" not in match_key(text):
            continue
        found = find_assignment(text)
        if found is not None and not found.is_empty():
            return found.as_dict()
    return {"lead": [], "advisor": [], "support": []}


def _first_sentence_frame(text: str) -> dict[str, Any] | None:
    m = _SENTENCE.match(text)
    return resolve(find_timeframes(match_key(m.group(0) if m else text)))


def _prose_units(b: Block, sec: Section | None) -> Iterator[Unit]:
    """Sentences of a prose block that mention a number (the only ones that can commit to one)."""
    skip = label_length(b.text)
    for m in _SENTENCE.finditer(b.text, skip):
        s, e = m.start(), m.end()
        if not _DIGIT_OR_CUE.search(match_key(b.text[s:e])):
            continue
        while s < e and b.text[s].isspace():
            s += 1
        unit = Unit(start=b.start + s, end=b.start + e, tier="prose", section=sec.path if sec else None, page=b.page)
        # "Sở Xây dựng chủ trì nâng cấp tối thiểu 20 km đường tỉnh.": the sentence names its lead
        if own := _own_responsible(b.text[s:e]):
            unit.responsible = own
        yield unit


def _table_units(doc: Document, outline: Outline, b: Block, sec: Section | None) -> Iterator[Unit]:
    """The objective cells ("Mục tiêu") of a table, with the row's responsible bodies."""
    if not b.rows:
        return
    header_row = None
    for ri, row in enumerate(b.rows[: max(1, b.header_rows) + 1]):
        if any(compare_key(c.text).startswith("mục tiêu") for c in row):
            header_row = ri
            break
    if header_row is None:
        return
    header = b.rows[header_row]
    if indicator_columns(header) is not None:
        return  # one indicator per row: read by indicator_table_targets
    objective_col = next(c.col for c in header if compare_key(c.text).startswith("mục tiêu"))
    group = ""
    for row in b.rows[header_row + 1 :]:
        filled = [c for c in row if c.text.strip()]
        if len(filled) == 1 and filled[0].col != objective_col:
            group = filled[0].text.split(".")[0].strip()  # "I. NHÓM ĐỀ ÁN ..." -> "I"
            continue
        cell: Cell | None = next((c for c in row if c.col == objective_col), None)
        if cell is None or not cell.text.strip() or compare_key(cell.text).startswith("mục tiêu"):
            continue
        number = next((c.text.strip() for c in row if c.col == 0), "")
        responsible = roles_from_table_row(header, row).as_dict()
        path = "Phụ lục" if not sec else sec.path
        yield Unit(
            start=cell.start,
            end=cell.end,
            tier="list",
            section=f"{path} {group}.{number}".strip(" ."),
            page=b.page,
            responsible=responsible,
        )


# --- indicator tables -------------------------------------------------------------------


@lru_cache(maxsize=1)
def _column_cues() -> dict[str, list[str]]:
    data = json.loads((Path(__file__).parent / "data" / "table_columns.json").read_text(encoding="utf-8"))
    return {k: [compare_key(w) for w in v] for k, v in data.items() if not k.startswith("_")}


def _starts(text: str, words: list[str]) -> bool:
    key = compare_key(text)
    return any(key == w or key.startswith(w + " ") for w in words)


def indicator_columns(header: list[Cell]) -> tuple[int, int, int] | None:
    """(indicator, unit, target) columns of a table with one indicator per row, else None.

    | TT | Chỉ tiêu | ĐVT | Thực hiện năm 2025 | Mục tiêu đến năm 2030 |  -> (1, 2, 4)
    """
    cues = _column_cues()
    indicator = next((c.col for c in header if _starts(c.text, cues["indicator"])), None)
    unit = next((c.col for c in header if _starts(c.text, cues["unit"])), None)
    if indicator is None or unit is None:
        return None
    targets = [
        c.col
        for c in header
        if c.col not in (indicator, unit)
        and any(w in compare_key(c.text) for w in cues["target_words"])
        and not _starts(c.text, cues["not_target_words"])
    ]
    return (indicator, unit, max(targets)) if targets else None


def indicator_table_targets(doc: Document, b: Block, section: str | None) -> list[dict[str, Any]]:
    """One target per row of an indicator table: indicator, unit (ĐVT) and the target column's value.

    The timeframe comes from the target column's header ("Mục tiêu đến năm 2030"; a bare
    year there is the deadline) or from a "/năm" unit; the text is the row up to the value.
    """
    from .nlp.comparators import comparator_for
    from .nlp.direction import direction_for, find_direction_cues
    from .nlp.quantities import find_quantities
    from .nlp.quantities import tables as quantity_tables

    if not b.rows:
        return []
    header_row = next((ri for ri, row in enumerate(b.rows[:3]) if indicator_columns(row)), None)
    if header_row is None:
        return []
    header = b.rows[header_row]
    ind_col, unit_col, target_col = indicator_columns(header)  # type: ignore[misc]
    target_header = next(c.text for c in header if c.col == target_col)
    header_frame = resolve(find_timeframes(match_key(target_header)))
    if header_frame is None:
        years = re.findall(r"(?:19|20)\d\d", target_header)
        header_frame = {"kind": "by", "year": int(years[-1])} if years else None
    out = []
    for row in b.rows[header_row + 1 :]:
        cells = {c.col: c for c in row}
        ind, unit_cell, val = cells.get(ind_col), cells.get(unit_col), cells.get(target_col)
        if ind is None or val is None or not ind.text.strip() or not val.text.strip():
            continue
        unit_key = match_key(unit_cell.text) if unit_cell else ""
        m = quantity_tables().measure_re.match(unit_key)
        unit = quantity_tables().measures[m.group(1)] if m else (unit_cell.text.strip() or None if unit_cell else None)
        qs = find_quantities(val.text)
        q = qs[0] if qs else None
        comparator = comparator_for(match_key(val.text), q)[0] if q else None
        frame = header_frame or ({"kind": "annual"} if re.search(r"/\s*năm", unit_key) else None)
        own = resolve(find_timeframes(match_key(ind.text)))
        start = min(c.start for c in row if c.text.strip())
        code, sector = classify(ind.text)
        target = {
            "id": "",
            "text": doc.text[start : val.end],
            "indicator": ind.text.strip(),
            "indicator_code": code,
            "sector": sector,
            "value": q.value if q and not q.is_range else None,
            "low": q.low if q and q.is_range else None,
            "high": q.high if q and q.is_range else None,
            "unit": unit if q else None,
            "comparator": comparator,
            "direction": direction_for(find_direction_cues(match_key(ind.text))),
            "timeframe": own or frame,
            "responsible": {"lead": [], "advisor": [], "support": []},
            "tier": "list",
            "section": section,
            "source": {"page": b.page, "start": start, "end": val.end},
        }
        if q is not None and q.ambiguous:
            target["flags"] = ["ambiguous_number"]
        out.append(target)
    return out


# --- reading a unit ---------------------------------------------------------------------


def _unit_targets(doc: Document, unit: Unit, a: Analysis) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []
    clauses = split_clauses(a)
    prev_frame: dict[int, dict[str, Any] | None] = {}
    prev_indicator: dict[int, str] = {}
    sentence_spans: dict[int, tuple[int, int]] = {}
    for cl in clauses:
        s, e = sentence_spans.get(cl.sentence, (cl.start, cl.end))
        sentence_spans[cl.sentence] = (min(s, cl.start), max(e, cl.end))
    for cl in clauses:
        reading = read_clause(a, cl)
        if is_predicate_phrase(reading.indicator) and prev_indicator.get(cl.sentence):
            # "Tỷ lệ hộ nghèo giảm 1%/năm; đến năm 2030 còn dưới 0,5%": same indicator, new level
            reading.indicator = prev_indicator[cl.sentence]
        if not cl.parenthetical:
            prev_indicator[cl.sentence] = reading.indicator
        frame = reading.own_timeframe
        if frame is None and not cl.parenthetical:
            frame = prev_frame.get(cl.sentence) or unit.inherited_timeframe
        if not cl.parenthetical:
            prev_frame[cl.sentence] = frame
        s, e = sentence_spans[cl.sentence]
        tier = tier_of(unit.tier, cl, reading, a.text[cl.start : cl.end], a.text[s:e])
        if tier is not None:
            out.append(_target_dict(doc, unit, a, cl, reading, frame, tier))
    return out


def _target_dict(
    doc: Document, unit: Unit, a: Analysis, cl: Clause, reading: Any, frame: Any, tier: str
) -> dict[str, Any]:
    q = reading.quantity
    start, end = unit.start + cl.start, unit.start + cl.end
    code, sector = classify(reading.indicator, doc.text[start:end])
    target: dict[str, Any] = {
        "id": "",
        "text": doc.text[start:end],
        "indicator": reading.indicator,
        "indicator_code": code,
        "sector": sector,
        "value": q.value if q and not q.is_range else None,
        "low": q.low if q and q.is_range else None,
        "high": q.high if q and q.is_range else None,
        "unit": q.unit if q else None,
        "comparator": reading.comparator if q else None,
        "direction": reading.direction,
        "timeframe": frame,
        "responsible": {k: [dict(b) for b in v] for k, v in unit.responsible.items()},
        "tier": tier,
        "section": unit.section,
        "source": {"page": unit.page, "start": start, "end": end},
    }
    flags = list(reading.flags)
    if q is not None and q.of is not None:
        flags.append(f"of:{q.of:g}")
    if flags:
        target["flags"] = flags
    return target


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


# --- the rest of the result ---------------------------------------------------------------


def _document_info(doc: Document) -> dict[str, Any]:
    src = doc.source
    info: dict[str, Any] = {
        "id": doc.id,
        "source": {"path": src.path, "format": src.format, "sha256": src.sha256, "pages": src.pages},
        "title": None,
        "number": None,
        "date": None,
        "issuer": None,
        "place": None,
        "term": None,
        "replaces": [],
        "signer": None,
    }
    meta = extract_metadata(doc)
    info.update({k: v for k, v in meta.items() if k not in ("id", "source")})
    return info


def _section_dict(doc: Document, s: Section) -> dict[str, Any]:
    page = doc.blocks[s.heading_block].page if 0 <= s.heading_block < len(doc.blocks) else None
    return {
        "path": s.path,
        "label": s.label,
        "title": s.title,
        "kind": s.kind,
        "level": s.level,
        "start": s.start,
        "end": s.end,
        "page": page,
    }


def _quality_warning(pq: Any) -> dict[str, Any]:
    return {
        "kind": "page_quality",
        "message": f"page {pq.page}: {', '.join(pq.reasons) or 'poor text layer'}",
        "sources": [{"page": pq.page, "start": 0, "end": 0}],
    }
