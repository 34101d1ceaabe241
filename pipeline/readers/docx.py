"""Read a Word document (.docx) into blocks in body order, numbering labels included.

python-docx gives paragraph text without Word's automatic numbering, yet in
these documents the numbering *is* the structure: "(1)", "(2)" ... are the
targets, "1.", "1.1." the sections. So labels are resolved here from
numbering.xml the way Word renders them (abstractNum levels, lvlText such as
"(%1)" or "%1.%2.", start values and overrides, one counter per list and
level, lower levels restarting) and put in front of the block text.

Paragraphs and tables are read interleaved as they appear in the body. Merged
cells appear once (gridSpan -> colspan, vMerge -> rowspan); a header row marked
to repeat on each page (tblHeader) is in the file once, and rows that repeat
the header by hand are dropped. Header rows are found by their words and a table
cut into several Word tables is joined again (readers/tables.py).
"""

from __future__ import annotations

import re
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..errors import DocumentError
from ..model import RawBlock, RawCell, RawDocument, SourceInfo
from ..numbering import roman_numeral, split_label
from .pdf import block_kind
from .tables import tidy_tables

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"

# Refuse archives that would inflate to absurd sizes before parsing them.
MAX_UNCOMPRESSED_BYTES = 200 * 1024 * 1024
MAX_COMPRESSION_RATIO = 100
RATIO_CHECK_MIN_BYTES = 10 * 1024 * 1024
# A borderless table of at most this many columns only places text side by side
# (issuer | motto, recipients | signature); a wider one holds data even without rules.
LAYOUT_TABLE_MAX_COLUMNS = 2


def _w(tag: str) -> str:
    return W + tag


def _val(el: Any, tag: str, default: str | None = None) -> str | None:
    child = el.find(_w(tag)) if el is not None else None
    if child is None:
        return default
    return child.get(_w("val"), default)


# Bounds Word itself keeps: 63 columns, 9 list levels, counters up to 32767. A number
# outside them is damage, and taken as it stands it could make a label of millions of letters.
MAX_GRID = 63
MAX_LEVEL = 8
MAX_COUNTER = 32767


class Problems:
    """What could not be read as written in one document, each said once with how often."""

    def __init__(self) -> None:
        self.counts: dict[str, int] = {}

    def add(self, message: str) -> None:
        self.counts[message] = self.counts.get(message, 0) + 1

    def messages(self) -> list[str]:
        return [m if n == 1 else f"{m} ({n} times)" for m, n in self.counts.items()]


def _int(value: str | None, default: int, what: str, problems: Problems, low: int = 0, high: int = MAX_COUNTER) -> int:
    """A number attribute of the XML, or ``default`` (said in ``problems``) when it is none or out of bounds."""
    if value is None:
        return default
    try:
        n = int(value)
    except ValueError:
        problems.add(f'{what}="{value[:20]}" is not a number: read as {default}')
        return default
    if not low <= n <= high:
        problems.add(f"{what}={n} is out of range ({low}..{high}): read as {default}")
        return default
    return n


# --- the container -------------------------------------------------------------


def _check_container(path: Path) -> None:
    """A .docx must be a zip holding word/document.xml, and not a zip bomb."""
    with open(path, "rb") as fh:
        head = fh.read(8)
    if head.startswith(b"\xd0\xcf\x11\xe0"):
        raise DocumentError(path, "not a .docx (OLE container: legacy .doc or password-protected Word file)")
    if not zipfile.is_zipfile(path):
        raise DocumentError(path, ".docx is not a zip archive (renamed or damaged file)")
    try:
        with zipfile.ZipFile(path) as zf:
            infos = zf.infolist()
            names = {i.filename for i in infos}
    except (zipfile.BadZipFile, OSError) as exc:
        raise DocumentError(path, f"damaged .docx ({exc})") from exc
    if "word/document.xml" not in names:
        raise DocumentError(path, ".docx is a zip but not a Word document (no word/document.xml)")
    total = sum(i.file_size for i in infos)
    if total > MAX_UNCOMPRESSED_BYTES:
        raise DocumentError(
            path, f"refused: zip members declare {total // (1024 * 1024)} MB uncompressed (zip bomb?)"
        )
    for i in infos:
        if i.file_size >= RATIO_CHECK_MIN_BYTES and i.file_size > MAX_COMPRESSION_RATIO * max(
            1, i.compress_size
        ):
            raise DocumentError(
                path,
                f"refused: {i.filename} inflates {i.file_size // max(1, i.compress_size)}x (zip bomb?)",
            )


# --- automatic numbering ---------------------------------------------------------


@dataclass
class Level:
    start: int = 1
    fmt: str = "decimal"
    text: str = "%1."
    restart: int | None = None  # lvlRestart: restart after this (1-based) level; 0 = never
    legal: bool = False  # isLgl: show all levels as decimal


@dataclass
class NumberingDefinitions:
    abstract: dict[str, dict[int, Level]] = field(default_factory=dict)
    nums: dict[str, tuple[str, dict[int, int], dict[int, Level]]] = field(default_factory=dict)


def _level(lvl: Any, problems: Problems) -> Level:
    restart = _val(lvl, "lvlRestart")
    return Level(
        start=_int(_val(lvl, "start"), 1, "w:start", problems),
        fmt=_val(lvl, "numFmt", "decimal") or "decimal",
        text=_val(lvl, "lvlText", "") or "",
        restart=_int(restart, 0, "w:lvlRestart", problems, high=MAX_LEVEL + 1) if restart is not None else None,
        legal=lvl.find(_w("isLgl")) is not None,
    )


def _ilvl(el: Any, problems: Problems) -> int:
    return _int(el.get(_w("ilvl")), 0, "w:ilvl", problems, high=MAX_LEVEL)


def _numbering_definitions(document: Any, problems: Problems) -> NumberingDefinitions:
    defs = NumberingDefinitions()
    try:
        root = document.part.numbering_part.element
    except (KeyError, NotImplementedError, AttributeError):
        return defs
    for a in root.findall(_w("abstractNum")):
        levels = {_ilvl(lvl, problems): _level(lvl, problems) for lvl in a.findall(_w("lvl"))}
        defs.abstract[a.get(_w("abstractNumId"))] = levels
    for n in root.findall(_w("num")):
        starts: dict[int, int] = {}
        overrides: dict[int, Level] = {}
        for ov in n.findall(_w("lvlOverride")):
            ilvl = _ilvl(ov, problems)
            if (so := _val(ov, "startOverride")) is not None:
                starts[ilvl] = _int(so, 1, "w:startOverride", problems)
            if (lvl := ov.find(_w("lvl"))) is not None:
                overrides[ilvl] = _level(lvl, problems)
        defs.nums[n.get(_w("numId"))] = (_val(n, "abstractNumId", "") or "", starts, overrides)
    return defs


# Symbol/Wingdings private-use bullets and their visible meaning.
_BULLET_GLYPHS = {
    "\uf0b7": "•",
    "\uf0a7": "•",
    "\uf0d8": "•",
    "\uf076": "•",
    "\uf0fc": "•",
    "o": "•",
    "§": "•",
}


def _letters(n: int) -> str:
    # Word repeats the letter: a..z, aa..zz, aaa...
    n = max(1, n)
    return chr(ord("a") + (n - 1) % 26) * ((n - 1) // 26 + 1)


def format_number(n: int, fmt: str) -> str:
    """One counter in a numbering format, as Word displays it."""
    match fmt:
        case "decimal" | "decimalHalfWidth" | "decimalFullWidth":
            return str(n)
        case "decimalZero":
            return f"{n:02d}"
        case "lowerLetter":
            return _letters(n)
        case "upperLetter":
            return _letters(n).upper()
        case "lowerRoman":
            return roman_numeral(n)
        case "upperRoman":
            return roman_numeral(n).upper()
        case "none":
            return ""
        case _:
            return str(n)


class NumberingState:
    """Word's list counters while walking the body.

    As Word does, lists (w:num) that share an abstract definition share its
    counters and continue each other; a list with a start override ("restart
    numbering") starts again at its first paragraph of that level.
    """

    def __init__(self, defs: NumberingDefinitions) -> None:
        self.defs = defs
        self.counters: dict[str, dict[int, int]] = {}  # abstractNumId -> level -> value
        self.started: set[tuple[str, int]] = set()  # (numId, level) whose override was applied

    def _levels(self, num_id: str) -> tuple[str, dict[int, Level], dict[int, int]] | None:
        entry = self.defs.nums.get(num_id)
        if entry is None:
            return None
        abstract_id, starts, overrides = entry
        levels = dict(self.defs.abstract.get(abstract_id, {}))
        levels.update(overrides)
        return abstract_id, levels, starts

    def label(self, num_id: str, ilvl: int) -> str | None:
        """Advance the counter of (num_id, ilvl) and return the visible label."""
        if num_id in ("0", "") or (found := self._levels(num_id)) is None:
            return None
        abstract_id, levels, starts = found
        level = levels.get(ilvl)
        if level is None:
            return None
        counters = self.counters.setdefault(abstract_id, {})
        start = starts.get(ilvl, level.start)
        if ilvl in starts and (num_id, ilvl) not in self.started:
            self.started.add((num_id, ilvl))
            counters[ilvl] = start
        else:
            counters[ilvl] = counters[ilvl] + 1 if ilvl in counters else start
        for deeper in [k for k in counters if k > ilvl]:
            restart_after = levels.get(deeper, Level()).restart
            if restart_after is None or (restart_after and ilvl <= restart_after - 1):
                del counters[deeper]
        if level.fmt == "bullet":
            text = level.text.strip()
            return _BULLET_GLYPHS.get(text, text) or "•"

        def sub(m: re.Match[str]) -> str:
            k = int(m.group(1)) - 1
            lvl = levels.get(k, Level())
            value = counters.get(k, starts.get(k, lvl.start))
            fmt = "decimal" if level.legal and lvl.fmt not in ("none",) else lvl.fmt
            return format_number(value, fmt)

        return re.sub(r"%([1-9])", sub, level.text).strip() or None


def _num_pr(p_el: Any, styles: dict[str, Any], problems: Problems) -> tuple[str, int] | None:
    """numId/ilvl of a paragraph, directly or through its style chain."""
    ppr = p_el.find(_w("pPr"))
    numpr = ppr.find(_w("numPr")) if ppr is not None else None
    if numpr is not None:
        num_id = _val(numpr, "numId")
        if num_id is not None:
            return num_id, _int(_val(numpr, "ilvl"), 0, "w:ilvl", problems, high=MAX_LEVEL)
    style_id = _val(ppr, "pStyle") if ppr is not None else None
    seen = set()
    while style_id and style_id not in seen:
        seen.add(style_id)
        st = styles.get(style_id)
        if st is None:
            break
        sppr = st.find(_w("pPr"))
        snum = sppr.find(_w("numPr")) if sppr is not None else None
        if snum is not None and _val(snum, "numId") is not None:
            return _val(snum, "numId") or "0", _int(_val(snum, "ilvl"), 0, "w:ilvl", problems, high=MAX_LEVEL)
        based = st.find(_w("basedOn"))
        style_id = based.get(_w("val")) if based is not None else None
    return None


# --- body walk -----------------------------------------------------------------

MC = "{http://schemas.openxmlformats.org/markup-compatibility/2006}"
# Subtrees whose text is not shown: properties, deletions, hidden-field code,
# and the fallback copy of a drawing (its text is in the mc:Choice already).
_SKIP = {_w("pPr"), _w("rPr"), _w("del"), _w("moveFrom"), _w("instrText"), MC + "Fallback"}


def visible_text(p_el: Any, problems: Problems | None = None) -> str:
    """The text Word shows for a paragraph.

    python-docx's Paragraph.text reads only direct runs and hyperlinks; text in
    tracked insertions, content controls, simple fields, smart tags and text
    boxes is visible too, and hidden (vanish) runs are not. An entity reference
    (``&x;`` declared in a DTD, which Word never writes) is not expanded, as the
    XML parser must not for safety: the text around it is kept and ``problems`` says so.
    """
    from lxml import etree

    out: list[str] = []

    def walk(el: Any) -> None:
        for child in el.iterchildren():
            tag = child.tag
            if tag in _SKIP:
                continue
            if tag == _w("r"):
                rpr = child.find(_w("rPr"))
                if rpr is not None and rpr.find(_w("vanish")) is not None:
                    continue
            if tag == _w("t"):
                out.append(child.text or "")
                for ref in child:  # text after an entity reference is the reference's tail
                    if ref.tag is etree.Entity and problems is not None:
                        problems.add(f"entity reference {ref.text} not expanded: its text is missing")
                    out.append(ref.tail or "")
            elif tag == _w("tab"):
                out.append("\t")
            elif tag in (_w("br"), _w("cr")):
                out.append("\n")
            elif tag == _w("noBreakHyphen"):
                out.append("-")
            elif tag == _w("sym"):
                out.append(_BULLET_GLYPHS.get(_symbol(child.get(_w("char"), "0")), ""))
            else:
                walk(child)

    walk(p_el)
    return "".join(out)


def _symbol(code: str) -> str:
    """The character of a w:sym code ("F0B7"), or "" when the code is no character."""
    try:
        return chr(int(code, 16))
    except (ValueError, OverflowError):
        return ""


def _body_elements(body: Any) -> Iterator[Any]:
    """Paragraphs and tables in body order, looking inside content controls."""
    for child in body.iterchildren():
        if child.tag in (_w("p"), _w("tbl")):
            yield child
        elif child.tag == _w("sdt"):
            content = child.find(_w("sdtContent"))
            if content is not None:
                yield from _body_elements(content)


def _on(el: Any) -> bool | None:
    """A toggle property (w:b) as set on an rPr, or None when not set."""
    if el is None:
        return None
    b = el.find(_w("b"))
    if b is None:
        return None
    return b.get(_w("val"), "true") not in ("0", "false", "off")


class _Styles:
    """Style lookups on the XML (python-docx's style objects are slow per paragraph)."""

    def __init__(self, document: Any) -> None:
        elements = document.styles.element.findall(_w("style"))
        self.by_id = {s.get(_w("styleId")): s for s in elements}
        self.default_paragraph = next(
            (
                s.get(_w("styleId"))
                for s in elements
                if s.get(_w("type")) == "paragraph" and s.get(_w("default")) in ("1", "true")
            ),
            None,
        )
        self._bold: dict[str | None, bool] = {}
        self._heading: dict[str | None, bool] = {}

    def chain(self, style_id: str | None) -> Iterator[Any]:
        seen = set()
        while style_id and style_id not in seen and (st := self.by_id.get(style_id)) is not None:
            seen.add(style_id)
            yield st
            style_id = _val(st, "basedOn")

    def bold(self, style_id: str | None) -> bool:
        if style_id not in self._bold:
            found = next(
                (v for st in self.chain(style_id) if (v := _on(st.find(_w("rPr")))) is not None), False
            )
            self._bold[style_id] = found
        return self._bold[style_id]

    def heading(self, style_id: str | None) -> bool:
        """Heading/Title styles, or any style that gives the paragraph an outline level."""
        if style_id not in self._heading:
            found = False
            for st in self.chain(style_id):
                name = _val(st, "name", "") or ""
                ppr = st.find(_w("pPr"))
                if re.match(r"(heading|title)\b", name, re.I) or (
                    ppr is not None and ppr.find(_w("outlineLvl")) is not None
                ):
                    found = True
                    break
            self._heading[style_id] = found
        return self._heading[style_id]

    def of(self, p_el: Any) -> str | None:
        ppr = p_el.find(_w("pPr"))
        return (_val(ppr, "pStyle") if ppr is not None else None) or self.default_paragraph


def _is_bold(p_el: Any, styles: _Styles) -> bool:
    """Every visible run bold: directly, through its character style or the paragraph style."""
    pstyle = styles.of(p_el)
    runs = [r for r in p_el.iter(_w("r")) if "".join(t.text or "" for t in r.findall(_w("t"))).strip()]
    if not runs:
        return False
    for r in runs:
        rpr = r.find(_w("rPr"))
        direct = _on(rpr)
        if direct is None and rpr is not None and (rstyle := _val(rpr, "rStyle")):
            direct = (
                styles.bold(rstyle)
                if any(_on(st.find(_w("rPr"))) is not None for st in styles.chain(rstyle))
                else None
            )
        if not (direct if direct is not None else styles.bold(pstyle)):
            return False
    return True


def _is_heading_style(p_el: Any, styles: _Styles) -> bool:
    ppr = p_el.find(_w("pPr"))
    if ppr is not None and (lvl := _val(ppr, "outlineLvl")) is not None and lvl != "9":
        return True
    return styles.heading(styles.of(p_el))


class _Reader:
    def __init__(self, document: Any) -> None:
        self.document = document
        self.problems = Problems()
        self.numbering = NumberingState(_numbering_definitions(document, self.problems))
        self.style_info = _Styles(document)
        self.styles = self.style_info.by_id

    def paragraph_text(self, p_el: Any) -> tuple[str, str | None]:
        """Visible text with the numbering label in front, and the label."""
        text = visible_text(p_el, self.problems)
        label = None
        if (numpr := _num_pr(p_el, self.styles, self.problems)) is not None:
            label = self.numbering.label(*numpr)
        if label:
            text = f"{label} {text.lstrip()}" if text.strip() else ""
        return text, label

    def block(self, p_el: Any) -> RawBlock | None:
        text, label = self.paragraph_text(p_el)
        if not text.strip():
            return None
        kind = block_kind(
            text, bold=_is_bold(p_el, self.style_info), style_heading=_is_heading_style(p_el, self.style_info)
        )
        label = label or split_label(text)
        return RawBlock(kind=kind, text=text, label=label if kind != "paragraph" else None)

    def cell_text(self, tc: Any) -> str:
        parts = []
        for el in tc.iterchildren():
            if el.tag == _w("p"):
                text, _ = self.paragraph_text(el)
                if text.strip():
                    parts.append(text.strip())
            elif el.tag == _w("tbl"):
                parts.extend(
                    self.cell_text(inner) for row in el.findall(_w("tr")) for inner in row.findall(_w("tc"))
                )
        return "\n".join(p for p in parts if p)

    def grid_number(self, props: Any, tag: str, default: int) -> int:
        """gridSpan / gridBefore of a cell or row: a count of grid columns."""
        return _int(_val(props, tag), default, f"w:{tag}", self.problems, low=default, high=MAX_GRID)

    def table(self, tbl: Any) -> RawBlock | None:
        rows: list[list[RawCell]] = []
        open_cells: dict[int, RawCell] = {}  # grid column -> cell a vMerge continues
        header_rows = 0
        counting_header = True
        for tr in tbl.findall(_w("tr")):
            trpr = tr.find(_w("trPr"))
            is_header = (
                trpr is not None
                and trpr.find(_w("tblHeader")) is not None
                and (_val(trpr, "tblHeader", "1") not in ("0", "false"))
            )
            grid_before = self.grid_number(trpr, "gridBefore", 0)
            col = grid_before
            out: list[RawCell] = []
            for tc in tr.findall(_w("tc")):
                tcpr = tc.find(_w("tcPr"))
                span = self.grid_number(tcpr, "gridSpan", 1)
                vmerge = tcpr.find(_w("vMerge")) if tcpr is not None else None
                if (
                    vmerge is not None
                    and vmerge.get(_w("val"), "continue") == "continue"
                    and col in open_cells
                ):
                    above = open_cells[col]
                    above.rowspan += 1
                    extra = self.cell_text(tc)
                    if extra:
                        above.text = f"{above.text}\n{extra}".strip()
                    col += span
                    continue
                cell = RawCell(text=self.cell_text(tc), row=len(rows), col=col, colspan=span)
                for c in range(col, col + span):
                    open_cells.pop(c, None)
                if vmerge is not None:
                    open_cells[col] = cell
                out.append(cell)
                col += span
            if not out:
                continue
            key = [" ".join(c.text.split()) for c in out]
            if rows and header_rows and key == [" ".join(c.text.split()) for c in rows[0]]:
                continue  # the header typed again where a page broke
            if counting_header and is_header:
                header_rows += 1
            else:
                counting_header = False
            for c in out:
                c.row = len(rows)
            rows.append(out)
        if not rows:
            return None
        if header_rows == 0 and len(rows) > 1 and all(r.text and len(r.text) < 60 for r in rows[0]):
            header_rows = 1 if len(rows[0]) == len(rows[1]) and len(rows[0]) > 1 else 0
        return RawBlock(kind="table", rows=rows, header_rows=header_rows)

    def has_borders(self, tbl: Any) -> bool:
        """Whether any border of the table, its style or its cells is drawn."""

        def visible(borders: Any) -> bool:
            return borders is not None and any(
                b.get(_w("val"), "nil") not in ("nil", "none") for b in borders.iterchildren()
            )

        tblpr = tbl.find(_w("tblPr"))
        if tblpr is not None and visible(tblpr.find(_w("tblBorders"))):
            return True
        if tblpr is not None and tblpr.find(_w("tblBorders")) is None:
            style_id = _val(tblpr, "tblStyle")
            seen = set()
            while style_id and style_id not in seen:
                seen.add(style_id)
                st = self.styles.get(style_id)
                if st is None:
                    break
                stpr = st.find(_w("tblPr"))
                if stpr is not None and stpr.find(_w("tblBorders")) is not None:
                    if visible(stpr.find(_w("tblBorders"))):
                        return True
                    break
                style_id = _val(st, "basedOn")
        return any(visible(b) for b in tbl.iter(_w("tcBorders")))

    def layout_table(self, tbl: Any) -> list[RawBlock]:
        """A borderless table only places text side by side (issuer | motto,
        recipients | signature): read it as paragraphs, column by column, as
        the PDF of the page reads."""
        cells = []
        for r, tr in enumerate(tbl.findall(_w("tr"))):
            col = 0
            for tc in tr.findall(_w("tc")):
                tcpr = tc.find(_w("tcPr"))
                span = self.grid_number(tcpr, "gridSpan", 1)
                cells.append((col, r, tc))
                col += span
        out: list[RawBlock] = []
        for _, _, tc in sorted(cells, key=lambda c: (c[0], c[1])):
            out.extend(self.elements(tc))
        return out

    def elements(self, parent: Any) -> list[RawBlock]:
        out: list[RawBlock] = []
        for el in _body_elements(parent):
            if el.tag == _w("p"):
                if (b := self.block(el)) is not None:
                    out.append(b)
            elif not self.has_borders(el) and _grid_columns(el) <= LAYOUT_TABLE_MAX_COLUMNS:
                out.extend(self.layout_table(el))
            elif (t := self.table(el)) is not None:
                out.append(t)
        return out

    def blocks(self) -> list[RawBlock]:
        return tidy_tables(self.elements(self.document.element.body))


def _grid_columns(tbl: Any) -> int:
    """Number of grid columns of a table (w:tblGrid), or of its widest row."""
    grid = tbl.find(_w("tblGrid"))
    if grid is not None and len(grid):
        return len(grid.findall(_w("gridCol")))
    return max((len(tr.findall(_w("tc"))) for tr in tbl.findall(_w("tr"))), default=0)


def read_docx(path: str | Path) -> RawDocument:
    """Read a .docx into blocks in body order, with Word's numbering labels."""
    import docx

    from . import file_sha256

    p = Path(path)
    _check_container(p)
    try:
        document = docx.Document(str(p))
    except Exception as exc:
        raise DocumentError(p, f"damaged .docx ({type(exc).__name__}: {exc})") from exc
    if document.element.tag != _w("document") or document.element.find(_w("body")) is None:
        raise DocumentError(p, "damaged .docx (word/document.xml holds no Word document body)")
    reader = _Reader(document)
    blocks = reader.blocks()
    warnings = ([] if blocks else ["the document body has no text"]) + reader.problems.messages()
    return RawDocument(
        source=SourceInfo(path=str(p), format="docx", sha256=file_sha256(p), pages=None),
        blocks=blocks,
        warnings=warnings,
    )
