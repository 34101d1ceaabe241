"""Candidates from tables: indicator tables, one per planned cell, and objective columns.

Two kinds of table state targets (ANNOTATION.md "Tables"):

- an indicator table, one indicator per row:

      | TT | Chỉ tiêu  | ĐVT | ƯTH 2025 |  Giai đoạn 2026 - 2030      |
      |    |           |     |          | Năm 2026 | ... | Năm 2030 |
      | -  | Diện tích | Ha  | 14.350   | 15.000   | ... | 17.200   |

  gives one target per planned-year cell (27.000 ha by 2026 ... 30.000 ha by 2030);
  the past ("Thực hiện", "Ước TH", "ƯTH") is no target; equal figures in consecutive
  years are one target for the period; the unit comes from the ĐVT column or from the
  column's own header ("Lượng (Tấn)"); a "Cơ quan chủ trì" column names the lead. A
  column of values without a year ("Kết quả", "Mục tiêu") takes the table's frame.
- an objective table (an appendix of schemes): its "Mục tiêu" cells are sentences,
  read like list items, with the row's bodies.

Header rows are the rows above the first data row (the reader marks them); a column's
header is the text of every header cell above it, outermost first.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from ..model import Block, Cell, Document, Outline
from ..nlp.comparators import comparator_for
from ..nlp.quantities import Quantity, find_quantities
from ..nlp.quantities import tables as quantity_tables
from ..nlp.roles import roles_from_table_row
from ..nlp.targets import Analysis, Clause
from ..nlp.timeframes import find_timeframes, resolve
from ..normalize import compare_key, match_key
from ..numbering import is_bullet, split_label
from .candidates import Candidate, Context, _section_index
from .context import YEAR

DATA = Path(__file__).resolve().parents[1] / "data"
_NUMBERING = re.compile(r"\(?\d{1,2}\)?|[a-z]|[ivx]+")
_UNIT_IN_HEADER = re.compile(r"\(([^()]{1,30})\)\s*$")


@dataclass(frozen=True)
class ColumnCues:
    objective: tuple[str, ...]
    indicator: tuple[str, ...]
    unit: tuple[str, ...]
    unit_exact: tuple[str, ...]
    target_words: re.Pattern[str]
    past_words: re.Pattern[str]
    not_value: tuple[str, ...]


@lru_cache(maxsize=1)
def cues() -> ColumnCues:
    d = json.loads((DATA / "table_columns.json").read_text(encoding="utf-8"))

    def keys(name: str) -> tuple[str, ...]:
        return tuple(compare_key(w) for w in d[name])

    def words(name: str) -> re.Pattern[str]:
        return re.compile(r"(?<!\w)(?:" + "|".join(re.escape(w) for w in keys(name)) + r")(?!\w)")

    return ColumnCues(
        objective=keys("objective"),
        indicator=keys("indicator"),
        unit=keys("unit"),
        unit_exact=keys("unit_exact"),
        target_words=words("target_words"),
        past_words=words("past_words"),
        not_value=keys("not_value_columns"),
    )


def _starts(key: str, words: tuple[str, ...]) -> bool:
    return any(key == w or key.startswith(w + " ") for w in words)


@dataclass(frozen=True)
class TableCell:
    """A planned cell of an indicator table, read: what a target needs besides its text."""

    indicator: str
    quantity: Quantity
    unit: str | None
    comparator: str
    timeframe: dict[str, Any] | None
    responsible: dict[str, list[dict[str, Any]]] = field(
        default_factory=lambda: {"lead": [], "advisor": [], "support": []}
    )


# --- the columns of a table ------------------------------------------------------------------


def column_headers(b: Block, header_rows: int) -> dict[int, list[str]]:
    """Column -> the texts of the header cells above it, outermost first."""
    out: dict[int, list[str]] = {}
    rows = [r for r in (b.rows or [])[:header_rows] if not _is_numbering_row(r)]  # "| 1 | 2 |" numbers columns
    for ri, row in enumerate(rows):
        below = {c.col for r in rows[ri + 1 :] for c in r if c.text.strip()}
        left = ""
        for c in sorted(row, key=lambda c: c.col):
            text = c.text.strip()
            if not text and left and c.col in below:
                text = left  # "Kế hoạch 2026 | (empty)" over "Lượng | Giá trị": a merge written as an empty cell
            left = text if c.text.strip() else left if c.col in below else ""
            if not text:
                continue
            for col in range(c.col, c.col + max(1, c.colspan)):
                out.setdefault(col, []).append(text)
    return out


@dataclass(frozen=True)
class IndicatorColumns:
    indicator: int
    unit: int | None
    values: tuple[tuple[int, dict[str, Any] | None, str | None, str], ...]  # (col, frame, unit, series)


def indicator_columns(headers: dict[int, list[str]]) -> IndicatorColumns | None:
    """The indicator, unit and value columns of a table with one indicator per row, else None.

    | TT | Chỉ tiêu | ĐVT | Thực hiện năm 2025 | Mục tiêu đến năm 2030 |  -> indicator 1, unit 2,
    values [(4, by 2030)]: the past column is none.
    """
    c = cues()
    keys = {col: compare_key(" ".join(texts)) for col, texts in headers.items()}
    indicator = next((col for col, k in sorted(keys.items()) if _starts(k, c.indicator)), None)
    if indicator is None:
        return None
    unit = next(
        (col for col, k in sorted(keys.items()) if col != indicator and (_starts(k, c.unit) or k in c.unit_exact)),
        None,
    )
    values = []
    spare = []
    for col, texts in sorted(headers.items()):
        if col in (indicator, unit):
            continue
        key = keys[col]
        first = compare_key(texts[0])
        if _starts(first, c.not_value) or _starts(key, c.not_value) or c.past_words.search(key):
            continue
        deepest = compare_key(texts[-1])
        frame = _column_frame(deepest) or _column_frame(key)
        unit_of_column = _header_unit(texts[-1])
        series = compare_key(_UNIT_IN_HEADER.sub("", texts[-1])) if len(texts) > 1 and not YEAR.search(texts[-1]) else ""
        if frame is not None or c.target_words.search(key):
            values.append((col, frame, unit_of_column, series))
        else:
            spare.append((col, None, unit_of_column, series))
    if not values and len(spare) == 1 and unit is not None:
        values = spare  # "| Chỉ tiêu | Đơn vị | Kết quả |": the one column of values
    if not values:
        return None
    return IndicatorColumns(indicator=indicator, unit=unit, values=tuple(values))


def _column_frame(key: str) -> dict[str, Any] | None:
    """A column's timeframe: "mục tiêu đến năm 2030" -> by 2030, "kế hoạch 2026" -> by 2026."""
    frame = resolve(find_timeframes(key))
    if frame is not None and frame["kind"] != "annual":
        return frame
    years = YEAR.findall(key)
    return {"kind": "by", "year": int(years[-1])} if years else None


def _header_unit(text: str) -> str | None:
    """The unit a column header names in brackets: "Lượng (Tấn)" -> "tấn"."""
    m = _UNIT_IN_HEADER.search(text.strip())
    return _unit(m.group(1)) if m else None


def _unit(text: str) -> str | None:
    """A unit as written in a table, as the contract writes it ("Ha" -> "ha", "Nghìn USD" -> "nghìn USD")."""
    text = text.strip()
    if not text:
        return None
    key = match_key(text)
    qt = quantity_tables()
    m = qt.measure_re.match(key)
    if m and (not key[m.end() :].strip(" /") or key[m.end() :].lstrip().startswith("/")):
        return qt.measures[m.group(1)]  # "%", "%/năm", "triệu đồng/người"
    return re.sub(r"\busd\b", "USD", key)


def _header_rows(b: Block) -> int:
    """How many rows head the table: the reader's count, and a numbering row ("1 | 2 | 3") after it."""
    rows = b.rows or []
    n = max(1, b.header_rows)
    while n < len(rows) and _is_numbering_row(rows[n]):
        n += 1
    return n


def _is_numbering_row(row: list[Cell]) -> bool:
    filled = [compare_key(c.text) for c in row if c.text.strip()]
    return len(filled) >= 3 and all(_NUMBERING.fullmatch(t.strip("*")) for t in filled)


# --- candidates -------------------------------------------------------------------------------------


def table_candidates(doc: Document, outline: Outline) -> Iterator[Candidate]:
    """The candidates of every table of the document: planned cells and objective cells."""
    for b in doc.blocks:
        if b.kind != "table" or not b.rows:
            continue
        si = _section_index(outline, b.start)
        sec = outline.sections[si] if si is not None else None
        base = Context(section=sec.path if sec else None, section_kind=sec.kind if sec else "other", page=b.page)
        n = _header_rows(b)
        headers = column_headers(b, n)
        columns = indicator_columns(headers)
        if columns is not None:
            yield from _indicator_cells(doc, b, n, headers, columns, base)
            continue
        yield from _objective_cells(doc, b, base)


def _indicator_cells(
    doc: Document, b: Block, n: int, headers: dict[int, list[str]], cols: IndicatorColumns, base: Context
) -> Iterator[Candidate]:
    header_cells = [Cell(text=" ".join(t), start=0, end=0, row=0, col=col) for col, t in sorted(headers.items())]
    group_frame: dict[str, Any] | None = None  # of a group row "I | Giai đoạn 2025-2027"
    subject: str | None = None  # of the last numbered row "1 | Cà phê": what its "- | Diện tích" rows measure
    for row in (b.rows or [])[n:]:
        cells = {c.col: c for c in row}
        ind = cells.get(cols.indicator)
        if _is_numbering_row(row):
            continue
        sub_row = _is_sub_row(cells, cols)
        if not sub_row:
            subject = ind.text.strip() if ind is not None and ind.text.strip() else None
        if _is_group_row(row, cols):
            frame = _column_frame(compare_key(" ".join(c.text for c in row)))
            group_frame = frame or group_frame
            if frame:
                subject = None
            continue
        if ind is None or not ind.text.strip():
            continue
        unit_cell = cells.get(cols.unit) if cols.unit is not None else None
        row_unit = _unit(unit_cell.text) if unit_cell is not None else None
        responsible = roles_from_table_row(header_cells, row).as_dict()
        start = min(c.start for c in row if c.text.strip())
        read = []
        for col, frame, header_unit, series in cols.values:
            cell = cells.get(col)
            qs = find_quantities(cell.text) if cell is not None and cell.text.strip() else []
            if not qs:
                continue
            read.append((cell, qs[0], frame or group_frame, header_unit or row_unit, series))
        for group in _runs(read):
            cell, q, frame, unit, _ = group[0]
            last = group[-1][0]
            if len(group) > 1:
                years = [g[2]["year"] for g in group if g[2] and g[2].get("year")]
                frame = {"kind": "period", "start": min(years), "end": max(years)} if len(years) == len(group) else frame
            key = match_key(cell.text)
            table = TableCell(
                indicator=f"{subject}: {ind.text.strip()}" if sub_row and subject else ind.text.strip(),
                quantity=q,
                unit=unit if q.unit is None or q.unit == unit or not q.measure else q.unit,
                comparator=comparator_for(key, q)[0],
                timeframe=frame,
                responsible=responsible,
            )
            text = doc.text[start : last.end]
            analysis = Analysis(text=text, key=match_key(text), quantities=[], timeframes=[], direction_cues=[])
            yield Candidate(
                start=start,
                end=last.end,
                unit_start=start,
                analysis=analysis,
                clause=Clause(start=0, end=len(text), sentence=0),
                item=(0, len(text)),
                sentence=(0, len(text)),
                context=base,
                where="table",
                table=table,
            )


def _is_sub_row(cells: dict[int, Cell], cols: IndicatorColumns) -> bool:
    """A row that a bullet puts under the numbered row above it ("- | Diện tích" under "1 | Cà phê")."""
    ind = cells.get(cols.indicator)
    before = [c.text.strip() for col, c in cells.items() if col < cols.indicator and c.text.strip()]
    if before:
        return all(is_bullet(t) for t in before)
    return ind is not None and is_bullet(split_label(ind.text))


def _is_group_row(row: list[Cell], cols: IndicatorColumns) -> bool:
    """A row that heads a group of rows: text and no value in any value column."""
    cells = {c.col: c for c in row}
    values = [cells.get(col) for col, *_ in cols.values]
    return any(c.text.strip() for c in row) and not any(v is not None and find_quantities(v.text) for v in values)


def _runs(read: list[tuple[Cell, Quantity, Any, Any, str]]) -> list[list[tuple[Cell, Quantity, Any, Any, str]]]:
    """Cells of one series (a column group such as "Lượng (Tấn)") with equal values in consecutive
    years, as one run: one target for the period."""
    runs: list[list[tuple[Cell, Quantity, Any, Any, str]]] = []
    last_of_series: dict[str, list[tuple[Cell, Quantity, Any, Any, str]]] = {}
    for item in read:
        _, q, frame, _, series = item
        prev = last_of_series.get(series)
        if (
            prev is not None
            and _same_value(prev[-1][1], q)
            and frame
            and prev[-1][2]
            and frame.get("year")
            and prev[-1][2].get("year") == frame["year"] - 1
        ):
            prev.append(item)
            continue
        run = [item]
        runs.append(run)
        last_of_series[series] = run
    return runs


def _same_value(a: Quantity, b: Quantity) -> bool:
    return (a.value, a.low, a.high) == (b.value, b.low, b.high)


def _objective_cells(doc: Document, b: Block, base: Context) -> Iterator[Candidate]:
    """The "Mục tiêu" cells of an appendix table of schemes, read as list items with the row's bodies."""
    from ..nlp.pipeline import build_nlp
    from .candidates import _unit_candidates

    rows = b.rows or []
    header_row = None
    for ri, row in enumerate(rows[: max(1, b.header_rows) + 1]):
        if any(_starts(compare_key(c.text), cues().objective) for c in row):
            header_row = ri
            break
    if header_row is None:
        return
    header = rows[header_row]
    objective_col = next(c.col for c in header if _starts(compare_key(c.text), cues().objective))
    group = ""
    nlp = build_nlp()
    for row in rows[header_row + 1 :]:
        filled = [c for c in row if c.text.strip()]
        if len(filled) == 1 and filled[0].col != objective_col:
            group = filled[0].text.split(".")[0].strip()  # "I. NHÓM ĐỀ ÁN ..." -> "I"
            continue
        cell = next((c for c in row if c.col == objective_col), None)
        if cell is None or not cell.text.strip() or _starts(compare_key(cell.text), cues().objective):
            continue
        number = next((c.text.strip() for c in row if c.col == 0), "")
        path = base.section or "Phụ lục"
        ctx = Context(
            section=f"{path} {group}.{number}".strip(" ."),
            section_kind=base.section_kind,
            page=b.page,
            in_list=True,
            list_reason="table",
            responsible=roles_from_table_row(header, row).as_dict(),
        )
        analysis = Analysis.from_doc(nlp(doc.text[cell.start : cell.end]))
        yield from _unit_candidates(cell.start, analysis, [], ctx)
