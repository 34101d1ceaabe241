"""Schemes: the Đề án / Kế hoạch a program commits to build, with who leads them.

They come in two shapes:

- prose sections under a "schemes" heading ("III. Triển khai xây dựng và tổ chức
  thực hiện các Đề án trọng tâm"): "1. Đề án “...”" with "1.1. Mục tiêu của Đề
  án" and "1.3. ... - Người chủ trì: ... - Cơ quan tham mưu: ...";
- appendix tables, one scheme per data row: "Tên Đề án, Kế hoạch | Mục tiêu |
  Thời gian thực hiện | Cơ quan chủ trì | Cơ quan thường trực | Cơ quan phối hợp
  thực hiện", with group rows ("I. NHÓM ĐỀ ÁN ...") as one full-width cell.

Column headers and labels are data (``pipeline/data/scheme_columns.json``, role
columns from ``role_cues.json``). A timeline that is not stated apart is the
period in the scheme's own name ("... giai đoạn 2025 - 2030").
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from .model import Block, Cell, Document, Outline, Section
from .nlp.roles import Responsible, find_assignment, parse_scheme_roles, role_of_header, roles_from_table_row
from .normalize import compare_key, match_key, phrase_alternation

COLUMNS_PATH = Path(__file__).resolve().parent / "data" / "scheme_columns.json"


@dataclass(kw_only=True)
class SchemeCues:
    types: re.Pattern[str]
    columns: dict[str, list[str]]
    labels: dict[str, re.Pattern[str]]
    period: re.Pattern[str]
    headers: dict[str, set[str]] = field(default_factory=dict)


@lru_cache(maxsize=1)
def cues() -> SchemeCues:
    """The scheme cue tables, loaded once."""
    data = json.loads(COLUMNS_PATH.read_text(encoding="utf-8"))
    return SchemeCues(
        types=re.compile(rf"^(?:{phrase_alternation(data['types'])})(?!\w)"),
        columns=data["columns"],
        labels={
            f: re.compile(rf"^\s*[-–+•]?\s*(?:{phrase_alternation(v)})\s*:\s*")
            for f, v in data["labels"].items()
        },
        period=re.compile(r"(?<!\w)(?:" + "|".join(data["period"]) + r")(?!\w)"),
        headers={f: {compare_key(h) for h in v} for f, v in data["columns"].items()},
    )


def _source(doc: Document, start: int, end: int) -> dict[str, Any]:
    page = next((b.page for b in doc.blocks if b.start <= start < b.end), None)
    return {"page": page, "start": start, "end": end}


def _period_in(name: str) -> str | None:
    """The period a scheme's name states ("giai đoạn 2025 - 2030", "đến năm 2030"), as written."""
    m = cues().period.search(match_key(name))
    return name[m.start() : m.end()] if m else None


def _scheme(
    *,
    name: str,
    objective: str | None,
    timeline: str | None,
    roles: Responsible,
    section: str | None,
    source: dict[str, Any],
) -> dict[str, Any]:
    return {
        "id": "",
        "name": name,
        "objective": objective or None,
        "timeline": timeline or _period_in(name),
        "lead": roles.lead,
        "advisor": roles.advisor,
        "support": roles.support,
        "section": section,
        "source": source,
    }


# --- prose schemes ------------------------------------------------------------------


def _in_schemes(outline: Outline, s: Section) -> bool:
    while s is not None:
        if s.kind == "schemes":
            return True
        s = outline.sections[s.parent] if s.parent is not None else None
    return False


def _blocks_in(doc: Document, start: int, end: int) -> list[Block]:
    return [b for b in doc.blocks if start <= b.start and b.end <= end]


def _body_text(doc: Document, s: Section) -> str:
    return " ".join(b.text for b in _blocks_in(doc, s.start, s.end) if b.index != s.heading_block).strip()


def _prose_scheme(doc: Document, outline: Outline, s: Section) -> dict[str, Any]:
    c = cues()
    objective = timeline = None
    for child in (outline.sections[i] for i in s.children):
        is_objective = child.kind == "objectives" or c.labels["objective"].match(match_key(child.title + ":"))
        if objective is None and is_objective:
            objective = _body_text(doc, child) or None
    lines = []
    for b in _blocks_in(doc, s.start, s.end):
        if b.index == s.heading_block or b.kind == "table":
            continue
        key = match_key(b.text)
        if timeline is None and (t := c.labels["timeline"].match(key)):
            timeline = b.text[t.end() :].strip(" .;")
        lines.append(b.text)
    return _scheme(
        name=s.title,
        objective=objective,
        timeline=timeline,
        roles=parse_scheme_roles(lines),
        section=s.path,
        source=_source(doc, s.start, s.end),
    )


# --- appendix tables ----------------------------------------------------------------


def _column_fields(header: list[Cell]) -> dict[int, str]:
    """Which scheme field each header column holds (roles included), by column index."""
    heads = cues().headers
    out: dict[int, str] = {}
    for cell in header:
        key = " ".join(compare_key(cell.text).split())
        for f in ("number", "name", "objective", "timeline"):
            if key in heads[f]:
                out[cell.col] = f
                break
        else:
            role = role_of_header(cell.text)
            if role:
                out[cell.col] = role
    return out


def _is_group_row(row: list[Cell], ncols: int) -> bool:
    filled = [c for c in row if c.text.strip()]
    return len(filled) == 1 and (filled[0].colspan >= max(2, ncols - 1) or len(row) == 1)


def _table_schemes(doc: Document, outline: Outline, table: Block) -> list[dict[str, Any]]:
    rows = table.rows or []
    if not rows or table.header_rows < 1:
        return []
    header = rows[table.header_rows - 1]
    fields = _column_fields(header)
    if "name" not in fields.values() or not {"lead", "advisor", "support"} & set(fields.values()):
        return []
    section = outline.section_at(table.start)
    base = section.path if section else None
    ncols = len(header)
    group = None
    found: list[tuple[list[Cell], str | None]] = []
    for row in rows[table.header_rows :]:
        if _is_group_row(row, ncols):
            m = re.match(r"\s*([IVXLC]+|[A-ZĐ]|\d{1,2})[.)]", row[0].text)
            group = m.group(1) if m else None
            continue
        by_field = {fields.get(c.col): c for c in row}
        number = by_field.get("number")
        name = by_field.get("name")
        if found and (number is None or not number.text.strip()):  # continuation of the previous row
            prev, _ = found[-1]
            for c in row:
                target = next((p for p in prev if p.col == c.col), None)
                if target is not None and c.text.strip():
                    prev[prev.index(target)] = Cell(
                        text=f"{target.text} {c.text}".strip(),
                        start=target.start,
                        end=c.end,
                        row=target.row,
                        col=target.col,
                        colspan=target.colspan,
                        rowspan=target.rowspan,
                    )
            continue
        if name is None or not name.text.strip():
            continue
        label = number.text.strip().rstrip(".") if number is not None else None
        path = ".".join(p for p in (base, group, label) if p) or None
        found.append((list(row), path))
    out = []
    for row, path in found:
        by_field = {fields.get(c.col): c for c in row}
        start = min(c.start for c in row if c.text)
        end = max(c.end for c in row if c.text)
        out.append(
            _scheme(
                name=by_field["name"].text.strip(),
                objective=by_field["objective"].text.strip() if "objective" in by_field else None,
                timeline=by_field["timeline"].text.strip() if "timeline" in by_field else None,
                roles=roles_from_table_row(header, row),
                section=path,
                source=_source(doc, start, end),
            )
        )
    return out


_BULLET = re.compile(r"^\s*(?:[-–+•*]|[a-zđ]\)|\(?\d{1,2}\))\s*")


def _listed_schemes(doc: Document, outline: Outline, s: Section) -> list[dict[str, Any]]:
    """Schemes listed as items of a schemes section ("- Đề án ... (Giao UBND xã chủ trì)")."""
    c = cues()
    inner = [outline.sections[i] for i in s.children]
    out = []
    for b in _blocks_in(doc, s.start, s.end):
        if b.index == s.heading_block or b.kind == "table" or any(x.start <= b.start < x.end for x in inner):
            continue
        label = _BULLET.match(b.text)
        text = b.text[label.end() :] if label else b.text
        if not c.types.match(match_key(text)):
            continue
        name = re.split(r"\s*[(:;]", text, maxsplit=1)[0].strip(" .")
        roles = find_assignment(text) or Responsible()
        out.append(
            _scheme(
                name=name,
                objective=None,
                timeline=None,
                roles=roles,
                section=s.path,
                source=_source(doc, b.start, b.end),
            )
        )
    return out


def extract_schemes(doc: Document, outline: Outline) -> list[dict[str, Any]]:
    """Given a document and its outline, return its schemes (contract ``schemes``) in reading order.

    A scheme is a titled section under a schemes heading, an item of a schemes
    section that starts with "Đề án" / "Kế hoạch" ..., or a row of a table whose
    columns name the scheme and who is responsible for it.
    """
    c = cues()
    found = []
    titled = [s for s in outline.sections if c.types.match(match_key(s.title)) and _in_schemes(outline, s)]
    for s in titled:
        found.append((s.start, _prose_scheme(doc, outline, s)))
    for s in outline.sections:
        if s.kind == "schemes" and not any(t.start <= s.start < t.end for t in titled):
            found += [(sch["source"]["start"], sch) for sch in _listed_schemes(doc, outline, s)]
    for b in doc.blocks:
        if b.kind == "table":
            found += [(sch["source"]["start"], sch) for sch in _table_schemes(doc, outline, b)]
    found.sort(key=lambda x: x[0])
    out = []
    for i, (_, sch) in enumerate(found, 1):
        sch["id"] = f"s{i:02d}"
        out.append(sch)
    return out
