"""The same document made into DOCX and PDF by different hands, for testing the readers.

Analysts get one program as a Word file from one office, a PDF printed by another and a
copy re-typed into a new template by a third; the readers must give the same blocks from
all of them. This module makes such files from a text/markdown document (``corpus/*.txt``,
the dev documents) in several independent *ways*:

* ``project``: the project's own renderer (``make corpus``): the seed text reflowed,
  Times New Roman 14pt, Word automatic numbering, one bordered appendix table with a
  repeating header row and merged group rows;
* ``pandoc``: pandoc's DOCX writer from the document's blocks (its own styles: Heading N,
  Compact, a "Table" style without rules), labels typed as text;
* ``plain``: python-docx's default template (Calibri 11, other margins), headings and the
  signature block as plain bold or centred Normal paragraphs, every table split where a
  group heading stands into several Word tables each starting with the header row again
  (the group heading a paragraph between them or a merged row), header cells wrapped as a
  narrow column wraps them ("ST" / "T"), the recipients and the signature side by side in a
  borderless two-column table;

and a PDF of each DOCX way (LibreOffice headless). ``render`` is deterministic: the same
source gives the same bytes.
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import re
import shutil
import statistics
import subprocess
import tempfile
import zipfile
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from docx import Document as new_document
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt

from .model import RawBlock, RawCell
from .normalize import compare_key
from .numbering import is_all_caps, split_label

FIXED_TIME = datetime(2026, 4, 1, 8, 0, 0)
# Bump when a way changes what it writes: cached renderings made before are made again.
RENDER_VERSION = "6"

WAYS: dict[str, tuple[str, ...]] = {
    "docx": ("project", "pandoc", "plain"),
    "pdf": ("project", "pandoc", "plain"),
}
EXTENSIONS = {"docx": ".docx", "pdf": ".pdf"}


class RenderError(RuntimeError):
    """A rendering could not be made: a tool is missing or failed, or the way is unknown."""


def rendering_name(source: Path, fmt: str, way: str) -> str:
    """File name of a rendering: ``<stem>.<way>.<ext>`` (tests/data/renderings, the cache)."""
    return f"{source.stem}.{way}{EXTENSIONS[fmt]}"


def render(source: Path, fmt: str, way: str, cache_dir: Path) -> Path:
    """Render a .txt/.md document as ``fmt`` ("docx", "pdf") the way ``way`` into ``cache_dir``.

    Returns ``cache_dir/<stem>.<way>.<ext>``; a rendering already there made from the same
    source by the same version of this module is reused. Raises RenderError for an unknown
    format or way and when a needed tool (pandoc, LibreOffice) is missing.
    """
    source = Path(source)
    if fmt not in WAYS:
        raise RenderError(f"unknown format {fmt!r}; expected one of {', '.join(WAYS)}")
    if way not in WAYS[fmt]:
        raise RenderError(f"unknown {fmt} way {way!r}; expected one of {', '.join(WAYS[fmt])}")
    if source.suffix.lower() not in (".txt", ".md"):
        raise RenderError(f"{source}: only .txt and .md documents are rendered")
    cache_dir = Path(cache_dir)
    cache_dir.mkdir(parents=True, exist_ok=True)
    out = cache_dir / rendering_name(source, fmt, way)
    stamp = out.with_name(out.name + ".key")
    key = hashlib.sha256(f"{RENDER_VERSION}\0{fmt}\0{way}\0".encode() + source.read_bytes()).hexdigest()
    if out.exists() and stamp.exists() and stamp.read_text() == key:
        return out
    with tempfile.TemporaryDirectory() as tmp:
        made = _make(source, fmt, way, Path(tmp))
        tmp_out = out.with_name(out.name + ".part")
        shutil.copyfile(made, tmp_out)
        os.replace(tmp_out, out)
    stamp.write_text(key)
    return out


def _make(source: Path, fmt: str, way: str, tmp: Path) -> Path:
    docx_path = tmp / f"{source.stem}.docx"
    if way == "project":
        write_project_docx(source, docx_path)
    elif way == "pandoc":
        write_pandoc_docx(source_blocks(source), docx_path)
    else:
        write_plain_docx(source_blocks(source), docx_path)
    if fmt == "docx":
        return docx_path
    pdf = to_pdf(docx_path, tmp / "pdf")
    fix_pdf_identity(pdf)
    return pdf


def _tool(*names: str, purpose: str) -> str:
    for name in names:
        if found := shutil.which(name):
            return found
    raise RenderError(f"{names[0]} is needed to {purpose} (install it: make system-deps)")


# --- the project's way (scripts/render_corpus.py, ``make corpus``) -----------------
# The seeds in corpus/*.txt are what a converter left of the original documents (lines
# broken as on the page, table rows split at page breaks, markdown and HTML residue);
# this rebuilds a plausible original from them.

# How each seed lost its layout: "paragraphs" = blank lines separate paragraphs (Word
# export); "lines" = every printed line is followed by a blank line (PDF export). Other
# documents get what their lines say (see project_layout).
PROJECT_SEEDS = {
    "ha-dong-18-ctr-2026": {"mode": "paragraphs", "title_blocks": 2, "footer": None},
    "thai-tan-ctr-2025": {
        "mode": "lines",
        "title_blocks": 2,
        # The last line of the seed is the running footer of every page.
        "footer": "Tài liệu này thuộc sở hữu của các cơ quan Đảng. Việc phát tán, sử dụng trái phép bị nghiêm cấm",
    },
}
PRINTED_LINE_MAX_CHARS = 100  # a text whose lines are mostly shorter was extracted from print


def project_layout(source: Path) -> dict[str, Any]:
    """How the project renderer reads a text: the seed's settings, or its lines' median length."""
    if source.stem in PROJECT_SEEDS:
        return PROJECT_SEEDS[source.stem]
    lines = [ln.strip() for ln in source.read_text(encoding="utf-8").splitlines() if ln.strip()]
    median = statistics.median(len(ln) for ln in lines) if lines else 0
    return {
        "mode": "lines" if median < PRINTED_LINE_MAX_CHARS else "paragraphs",
        "title_blocks": 2,
        "footer": None,
    }


def write_project_docx(source: Path, out: Path) -> None:
    """The project's Word rendering of a text document (what ``make corpus`` commits)."""
    cfg = project_layout(source)
    blocks = parse_seed(source, cfg["mode"], cfg["title_blocks"], cfg["footer"])
    write_docx(blocks, out, cfg["footer"])


LIST_NUMBER = re.compile(r"^\((\d+)\)\s+")
BULLET = re.compile(r"^[-–]\s+")
STRUCT_LABEL = re.compile(r"^(?:[A-Z]\.|[IVXLC]+\.|\d+(?:\.\d+)*\.)\s+")
TERMINAL = tuple('.;:!?…”")')
APPENDIX_COLUMNS = 7
APPENDIX_WIDTHS = [Cm(1.3), Cm(5.2), Cm(6.4), Cm(3.4), Cm(2.8), Cm(3.0), Cm(3.6)]


# --- the seed as a sequence of blocks ----------------------------------------


@dataclass
class Block:
    kind: str  # title | heading | item | bullet | para | note | sign | table
    text: str = ""
    number: int | None = None  # (n) items
    bold: bool = False
    italic_spans: list[tuple[int, int]] = field(default_factory=list)
    rows: list[list[str]] | None = None  # table: header, then rows; a group row has one cell


def _is_caps(line: str) -> bool:
    letters = [c for c in line if c.isalpha()]
    return len(letters) >= 4 and all(c.isupper() for c in letters)


def _starts_lower(line: str) -> bool:
    return line[:1].isalpha() and line[:1].islower() and not re.match(r"^[a-zđ]\)\s", line)


def _is_label_start(line: str) -> bool:
    return bool(LIST_NUMBER.match(line) or BULLET.match(line) or STRUCT_LABEL.match(line))


def _strip_residue(text: str) -> str:
    """Drop HTML tags and markdown emphasis left by the converter."""
    text = re.sub(r"<[^>]+>", " ", text)
    return text.replace("**", "")


def reflow(lines: list[tuple[str, bool]], mode: str) -> list[str]:
    """Join printed lines back into paragraphs.

    ``lines`` are (text, blank_line_before). A line joins the previous one
    unless something says a new block starts: a numbering label, an ALL CAPS
    line, a parenthesised note, or (for PDF-extracted seeds) a previous line
    that ended a sentence or stopped short of the right margin.
    """
    paras: list[str] = []
    prev = ""
    n_lines = 0  # printed lines in the current paragraph
    for text, blank_before in lines:
        text = text.strip()
        if not text:
            continue
        if paras and _is_caps(prev) and _is_caps(text) and not _is_label_start(text):
            # consecutive capitals lines are one title with line breaks
            paras[-1] = paras[-1] + "\n" + text
            prev, n_lines = text, n_lines + 1
            continue
        new = not paras or _is_caps(prev)
        if not new and not _starts_lower(text):
            ended = prev.endswith(TERMINAL)
            short = len(prev) < 50
            heading = bool(STRUCT_LABEL.match(paras[-1]))
            if (
                _is_caps(text)
                or _is_caps(prev)
                or (text.startswith("(") and text.endswith(")") and not LIST_NUMBER.match(text))
            ):
                new = True
            elif LIST_NUMBER.match(text) or STRUCT_LABEL.match(text):
                new = True
            elif BULLET.match(text):
                new = ended or short or heading or mode == "paragraphs"
            elif mode == "paragraphs":
                new = blank_before
            else:
                # past its second line, a wrapped heading only takes a line that ends it
                new = ended or short or (heading and n_lines >= 2 and not text.endswith(TERMINAL))
        if new:
            paras.append(text)
            n_lines = 1
        else:
            paras[-1] = paras[-1] + " " + text
            n_lines += 1
        prev = text
    return paras


def classify(text: str) -> Block:
    if m := LIST_NUMBER.match(text):
        return Block("item", text[m.end() :], number=int(m.group(1)))
    if m := BULLET.match(text):
        return Block("bullet", text[m.end() :])
    if STRUCT_LABEL.match(text) or _is_caps(text):
        return Block("heading", text, bold=True)
    return Block("para", text)


def _italics(text: str) -> tuple[str, list[tuple[int, int]]]:
    """Turn markdown *x* into plain text plus italic spans."""
    spans = []
    out = ""
    for part in re.split(r"(\*[^*]+\*)", text):
        if part.startswith("*") and part.endswith("*") and len(part) > 2:
            spans.append((len(out), len(out) + len(part) - 2))
            out += part[1:-1]
        else:
            out += part
    return out, spans


def parse_seed(path: Path, mode: str, title_blocks: int, footer: str | None) -> list[Block]:
    raw = path.read_text(encoding="utf-8").splitlines()
    appendix_at = next((i for i, line in enumerate(raw) if line.strip() == "PHỤ LỤC"), None)
    body = raw if appendix_at is None else raw[:appendix_at]
    lines: list[tuple[str, bool]] = []
    blank = True
    for line in body:
        if footer and line.strip() == footer:
            continue
        if not line.strip():
            blank = True
            continue
        lines.append((_strip_residue(line), blank if mode == "paragraphs" else False))
        blank = False
    blocks: list[Block] = []
    for i, para in enumerate(reflow(lines, mode)):
        text, spans = _italics(para)
        text = "\n".join(re.sub(r"\s+", " ", part).strip() for part in text.split("\n"))
        if i < title_blocks:
            blocks.append(Block("title", text, bold=_is_caps(text)))
            continue
        b = classify(text)
        b.italic_spans = spans if b.kind == "para" else []
        if b.kind == "heading" and b.text.startswith("T/M "):
            b.kind = "sign"
        blocks.append(b)
    _mark_signature(blocks)
    if appendix_at is not None:
        blocks.extend(parse_appendix(raw[appendix_at:]))
    return blocks


def _mark_signature(blocks: list[Block]) -> None:
    """The signer's name after "BÍ THƯ" and the "Nơi nhận" line are laid out apart."""
    for i, b in enumerate(blocks):
        if b.text.rstrip(":") == "Nơi nhận":
            b.kind = "note"
        if b.text.endswith("BÍ THƯ") and i + 1 < len(blocks) and blocks[i + 1].kind == "para":
            blocks[i].kind = "sign"
            blocks[i + 1].kind = "sign"


def _cell_items(text: str) -> str:
    """ "- A. - B" in one converted cell -> "- A.\\n- B" (one paragraph each)."""
    text = re.sub(r"\s+", " ", _strip_residue(text)).strip()
    if not text.startswith("- "):
        return text
    parts = re.split(r" - (?=\w)", text)
    items = [parts[0]]
    for part in parts[1:]:
        if part[0].isupper():
            items.append("- " + part)
        else:
            items[-1] += " - " + part
    return "\n".join(items)


def parse_appendix(lines: list[str]) -> list[Block]:
    """PHỤ LỤC: title paragraphs, then the table (repeated headers dropped,
    page-break continuation rows merged into their row)."""
    blocks = [Block("heading", "PHỤ LỤC", bold=True)]
    header: list[str] | None = None
    rows: list[list[str]] = []
    intro: list[str] = []
    for line in lines[1:]:
        if not line.strip():
            continue
        cells = [c.strip() for c in line.split("\t")]
        if len(cells) == 1 and not re.match(r"^[IVX]+\.\s", cells[0]):
            intro.append(cells[0])
            continue
        if all(re.fullmatch(r"-+", c) for c in cells if c):
            continue  # markdown table rule
        if cells[0].replace(" ", "") == "STT":
            if header is None:
                header = ["STT", *cells[1:]]
            continue
        if re.match(r"^[IVX]+\.\s", cells[0]) and not any(cells[1:]):
            rows.append([cells[0]])
            continue
        cells = (cells + [""] * APPENDIX_COLUMNS)[:APPENDIX_COLUMNS]
        if not cells[0] and rows and len(rows[-1]) == APPENDIX_COLUMNS:
            prev = rows[-1]
            for c, extra in enumerate(cells):
                if extra:
                    prev[c] = f"{prev[c]} {extra}".strip()
            continue
        rows.append(cells)
    for text in intro:
        blocks.append(Block("title", _strip_residue(text), bold=False))
    if header is None:
        raise RenderError("the appendix has no STT header row")
    table = [header] + [[_cell_items(c) for c in row] for row in rows]
    blocks.append(Block("table", rows=table))
    return blocks


# --- Word numbering ----------------------------------------------------------


def _w(tag: str, **attrs: str) -> Any:
    """A WordprocessingML element w:<tag> with w: attributes, in order: _w("ind", left="720")."""
    el = OxmlElement(f"w:{tag}")
    for name, value in attrs.items():
        el.set(qn(f"w:{name}"), value)
    return el


class Numbering:
    """Adds our abstract numbering definitions and one w:num per list run."""

    def __init__(self, document) -> None:
        self.root = document.part.numbering_part.element
        ids = [int(a.get(qn("w:abstractNumId"))) for a in self.root.findall(qn("w:abstractNum"))]
        self.next_abstract = max(ids, default=-1) + 1
        nums = [int(n.get(qn("w:numId"))) for n in self.root.findall(qn("w:num"))]
        self.next_num = max(nums, default=0) + 1
        self.paren = self._abstract("decimal", "(%1)", left=0, first_line=709)
        self.dash = self._abstract("bullet", "-", left=0, first_line=709)

    def _abstract(self, fmt: str, text: str, *, left: int, first_line: int) -> int:
        aid = self.next_abstract
        self.next_abstract += 1
        a = _w("abstractNum", abstractNumId=str(aid))
        a.append(_w("multiLevelType", val="singleLevel"))
        lvl = _w("lvl", ilvl="0")
        for tag, val in (("start", "1"), ("numFmt", fmt), ("lvlText", text), ("lvlJc", "left")):
            lvl.append(_w(tag, val=val))
        lvl.insert(3, _w("suff", val="space"))
        ppr = _w("pPr")
        ppr.append(_w("ind", left=str(left), firstLine=str(first_line)))
        lvl.append(ppr)
        if fmt == "bullet":
            rpr = _w("rPr")
            rpr.append(_w("rFonts", ascii="Times New Roman", hAnsi="Times New Roman", cs="Times New Roman"))
            lvl.append(rpr)
        a.append(lvl)
        first_num = self.root.find(qn("w:num"))
        if first_num is not None:
            first_num.addprevious(a)
        else:
            self.root.append(a)
        return aid

    def new_list(self, abstract: int, start: int = 1) -> int:
        """A fresh w:num (Word's "restart numbering"), starting at ``start``."""
        nid = self.next_num
        self.next_num += 1
        num = _w("num", numId=str(nid))
        num.append(_w("abstractNumId", val=str(abstract)))
        ov = _w("lvlOverride", ilvl="0")
        ov.append(_w("startOverride", val=str(start)))
        num.append(ov)
        self.root.append(num)
        return nid


def _set_num(paragraph, num_id: int) -> None:
    ppr = paragraph._p.get_or_add_pPr()
    numpr = _w("numPr")
    numpr.append(_w("ilvl", val="0"))
    numpr.append(_w("numId", val=str(num_id)))
    ppr.insert(0, numpr) if ppr.find(qn("w:pStyle")) is None else ppr.find(qn("w:pStyle")).addnext(numpr)


# --- writing the DOCX --------------------------------------------------------

BODY_PT = 14
TABLE_PT = 12


def _page_number_header(section, *, first_page_blank: bool = True) -> None:
    """Vietnamese official style: page number centred at the top, none on page 1."""
    section.different_first_page_header_footer = first_page_blank
    p = section.header.paragraphs[0]
    p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    run = p.add_run()
    for kind, text in (("begin", None), (None, " PAGE "), ("end", None)):
        if kind:
            run._r.append(_w("fldChar", fldCharType=kind))
        else:
            it = OxmlElement("w:instrText")
            it.set(qn("xml:space"), "preserve")
            it.text = text
            run._r.append(it)
    run.font.size = Pt(13)


def _footer(section, text: str) -> None:
    for footer in (section.footer, section.first_page_footer):
        p = footer.paragraphs[0]
        p.alignment = WD_ALIGN_PARAGRAPH.CENTER
        r = p.add_run(text)
        r.italic = True
        r.font.size = Pt(10)


def _cell_margins_and_borders(table) -> None:
    tbl_pr = table._tbl.tblPr
    borders = _w("tblBorders")
    for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
        borders.append(_w(edge, val="single", sz="4", space="0", color="000000"))
    tbl_pr.append(borders)


def _mark_header_row(row) -> None:
    tr_pr = row._tr.get_or_add_trPr()
    tr_pr.append(_w("tblHeader"))


def _fill_cell(cell, text: str, *, bold: bool = False, center: bool = False) -> None:
    parts = text.split("\n")
    first = cell.paragraphs[0]
    for i, part in enumerate(parts):
        p = first if i == 0 else cell.add_paragraph()
        p.alignment = WD_ALIGN_PARAGRAPH.CENTER if center else WD_ALIGN_PARAGRAPH.JUSTIFY
        p.paragraph_format.space_after = Pt(2)
        p.paragraph_format.first_line_indent = Cm(0)
        r = p.add_run(part)
        r.bold = bold
        r.font.size = Pt(TABLE_PT)


def _fixed_a4(doc: Any, *, author: str) -> Any:
    """Fixed author and times (re-rendering gives the same bytes); the first section on A4."""
    core = doc.core_properties
    core.author = core.last_modified_by = author
    core.created = core.modified = FIXED_TIME
    core.revision = 1
    section = doc.sections[0]
    section.page_width, section.page_height = Cm(21), Cm(29.7)
    return section


def write_docx(blocks: list[Block], out: Path, footer: str | None) -> None:
    doc = new_document()
    style = doc.styles["Normal"]
    style.font.name = "Times New Roman"
    style.font.size = Pt(BODY_PT)
    rpr = style.element.get_or_add_rPr()
    rpr.rFonts.set(qn("w:eastAsia"), "Times New Roman")
    rpr.rFonts.set(qn("w:cs"), "Times New Roman")
    pf = style.paragraph_format
    pf.space_before = Pt(0)
    pf.space_after = Pt(6)
    pf.line_spacing = 1.1
    section = _fixed_a4(doc, author="Văn phòng Đảng ủy")
    section.top_margin, section.bottom_margin = Cm(2), Cm(2)
    section.left_margin, section.right_margin = Cm(3), Cm(1.5)
    _page_number_header(section)
    if footer:
        _footer(section, footer)

    numbering = Numbering(doc)
    item_list: int | None = None
    last_number = 0
    bullet_list: int | None = None
    prev_kind = ""
    for b in blocks:
        if b.kind == "table":
            _write_table(doc, b.rows or [])
            prev_kind = "table"
            continue
        if b.kind == "heading" and b.text == "PHỤ LỤC":
            new = doc.add_section()
            new.orientation = WD_ORIENT.LANDSCAPE
            new.page_width, new.page_height = Cm(29.7), Cm(21)
            new.left_margin, new.right_margin = Cm(2), Cm(2)
            new.top_margin, new.bottom_margin = Cm(2), Cm(1.5)
        p = doc.add_paragraph()
        fmt = p.paragraph_format
        if b.kind in ("title", "sign") or (b.kind == "heading" and b.text == "PHỤ LỤC"):
            p.alignment = WD_ALIGN_PARAGRAPH.CENTER
            if b.kind == "sign":
                fmt.left_indent = Cm(8)
                fmt.space_after = Pt(48) if b.text.endswith("BÍ THƯ") else Pt(0)
        else:
            p.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
            fmt.first_line_indent = Cm(1.25)
        if b.kind == "item":
            if item_list is None or b.number != last_number + 1:
                item_list = numbering.new_list(numbering.paren, start=b.number or 1)
            last_number = b.number or 0
            _set_num(p, item_list)
            fmt.first_line_indent = None
        elif b.kind == "bullet":
            if bullet_list is None or prev_kind != "bullet":
                bullet_list = numbering.new_list(numbering.dash)
            _set_num(p, bullet_list)
            fmt.first_line_indent = None
        elif b.kind == "heading" and not b.text.startswith(("(",)):
            fmt.keep_with_next = True
        if b.kind not in ("item",) and prev_kind == "item" and b.kind == "heading":
            item_list = None
        if b.kind == "heading" and STRUCT_LABEL.match(b.text):
            item_list = None  # a new section restarts the (n) list
        _add_runs(p, b)
        prev_kind = b.kind
    doc.save(out)
    normalise_zip(out)


def _add_runs(p, b: Block) -> None:
    bold = b.bold or (b.kind in ("title",) and _is_caps(b.text)) or (b.kind == "sign" and _is_caps(b.text))
    italic = b.kind == "note" or (b.kind == "title" and b.text.startswith("("))
    pos = 0
    for s, e in b.italic_spans:
        if s > pos:
            r = p.add_run(b.text[pos:s])
            r.bold, r.italic = bold, italic
        r = p.add_run(b.text[s:e])
        r.bold, r.italic = bold, True
        pos = e
    if pos < len(b.text):
        r = p.add_run(b.text[pos:])
        r.bold, r.italic = bold, italic
        if b.kind == "note":
            r.bold = True
            r.underline = True


def _write_table(doc, rows: list[list[str]]) -> None:
    header, body = rows[0], rows[1:]
    ncols = len(header)
    table = doc.add_table(rows=1 + len(body), cols=ncols)
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    _cell_margins_and_borders(table)
    widths = APPENDIX_WIDTHS if ncols == len(APPENDIX_WIDTHS) else [Cm(25.7 / ncols)] * ncols
    for r in table.rows:
        for c, w in zip(r.cells, widths, strict=True):
            c.width = w
    grid = table._tbl.tblGrid
    for gc, w in zip(grid.findall(qn("w:gridCol")), widths, strict=True):
        gc.set(qn("w:w"), str(int(w.twips)))
    _mark_header_row(table.rows[0])
    for c, text in enumerate(header):
        _fill_cell(table.rows[0].cells[c], text, bold=True, center=True)
    for i, row in enumerate(body, start=1):
        cells = table.rows[i].cells
        if len(row) == 1:  # a group heading spans the whole row
            merged = cells[0].merge(cells[ncols - 1])
            _fill_cell(merged, row[0], bold=True)
            continue
        for c, text in enumerate(row):
            _fill_cell(cells[c], text, center=c == 0)
    doc.add_paragraph()


def normalise_zip(path: Path) -> None:
    """Fixed timestamps and member order, so re-rendering gives the same bytes."""
    with zipfile.ZipFile(path) as zin:
        members = [(i.filename, zin.read(i.filename)) for i in zin.infolist()]
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zout:
        for name, data in members:
            info = zipfile.ZipInfo(name, date_time=FIXED_TIME.timetuple()[:6])
            info.compress_type = zipfile.ZIP_DEFLATED
            zout.writestr(info, data)
    path.write_bytes(buf.getvalue())


# --- PDF and scan ------------------------------------------------------------


def fix_pdf_identity(path: Path) -> None:
    """Fixed dates and a content-derived /ID, so re-rendering gives the same bytes.

    Replacements keep their length, so the cross-reference offsets stay valid.
    """
    data = path.read_bytes()
    stamp = FIXED_TIME.strftime("%Y%m%d%H%M%S").encode()
    data = re.sub(rb"(/(?:CreationDate|ModDate)\s*\(D:)\d{14}", lambda m: m.group(1) + stamp, data)
    ids = re.compile(rb"(/ID\s*\[\s*<|>\s*<|/DocChecksum\s*/)([0-9A-Fa-f]{32})")
    blank = ids.sub(lambda m: m.group(1) + b"0" * 32, data)
    digest = hashlib.md5(blank).hexdigest().upper().encode()
    path.write_bytes(ids.sub(lambda m: m.group(1) + digest, data))


def to_pdf(docx_path: Path, out_dir: Path) -> Path:
    """The PDF LibreOffice prints of a Word file, converted as the DOCX reader converts a .doc
    (``readers.office.converted``: a private folder and profile, killed whole past its time)."""
    from .errors import DocumentError
    from .readers.office import converted

    _tool("soffice", "libreoffice", purpose="make PDFs (LibreOffice)")
    out_dir.mkdir(parents=True, exist_ok=True)
    out = out_dir / (docx_path.stem + ".pdf")
    try:
        with converted(docx_path, "pdf", timeout=300) as pdf:
            shutil.copyfile(pdf, out)
    except DocumentError as exc:
        raise RenderError(f"{docx_path.name}: LibreOffice failed to make a PDF ({exc.reason})") from exc
    return out


# --- the document as its text reads ----------------------------------------------------
# The independent ways start from the blocks the text reader finds (headings, paragraphs,
# items with their typed labels, tables with header and group rows): what the author wrote,
# which each way then lays out in its own manner.


def source_blocks(source: Path) -> list[RawBlock]:
    """The blocks of a .txt/.md document as the project's text reader reads them."""
    from .readers.text import read_text

    return read_text(source).blocks


# "T/M BAN CHẤP HÀNH / BÍ THƯ", "TM. ỦY BAN NHÂN DÂN / KT. CHỦ TỊCH / PHÓ CHỦ TỊCH"
SIGNATURE_START = re.compile(r"^(?:t/m|tm\.|tm |thay mặt|k/t|kt\.|kt )")
SIGNATURE_TITLE = re.compile(
    r"(?:k/t|kt\.?)?\s*(?:phó bí thư thường trực|phó bí thư|bí thư|phó chủ tịch|chủ tịch|giám đốc|trưởng ban)$"
)
RECIPIENTS = "nơi nhận"
NAME_MAX_WORDS = 6


@dataclass
class Signature:
    """Where the closing "Nơi nhận" list and the signature block stand among the blocks."""

    recipients: tuple[int, int] | None  # [start, end) block indexes
    signature: tuple[int, int]


def find_signature(blocks: list[RawBlock]) -> Signature | None:
    """The last signature block ("T/M ..." to the signer's name) and the recipients before it."""
    for i in range(len(blocks) - 1, -1, -1):
        b = blocks[i]
        if b.kind == "table" or not SIGNATURE_START.match(compare_key(b.text)):
            continue
        end = i + 1
        while end < len(blocks) and end - i < 4 and _signature_line(blocks[end]):
            end += 1
            if _person_name(blocks[end - 1].text):
                break
        start = i
        rec = next(
            (
                j
                for j in range(i - 1, max(-1, i - 30), -1)
                if compare_key(blocks[j].text).startswith(RECIPIENTS)
            ),
            None,
        )
        recipients = None
        if rec is not None and all(blocks[k].kind == "list_item" for k in range(rec + 1, start)):
            recipients = (rec, start)
        return Signature(recipients=recipients, signature=(start, end))
    return None


def _signature_line(b: RawBlock) -> bool:
    return b.kind != "table" and len(b.text.split()) <= 12 and not b.text.rstrip().endswith((".", ";", ":"))


def _person_name(text: str) -> bool:
    words = text.split()
    return 2 <= len(words) <= NAME_MAX_WORDS and all(w[:1].isupper() and not w.isupper() for w in words)


def signature_lines(blocks: list[RawBlock], span: tuple[int, int]) -> list[str]:
    """The signature block as it is printed: one line for the body, one per title, the name."""
    lines: list[str] = []
    for b in blocks[span[0] : span[1]]:
        text = " ".join(b.text.split())
        key = compare_key(text)
        m = SIGNATURE_TITLE.search(key)
        if m and m.start() > 0 and SIGNATURE_START.match(key):
            lines.extend([text[: m.start()].strip(), text[m.start() :].strip()])
        else:
            lines.append(text)
    return [ln for ln in lines if ln]


def table_width(b: RawBlock) -> int:
    return max((c.col + c.colspan for row in b.rows or [] for c in row), default=0)


def is_group_row(row: list[RawCell], width: int) -> bool:
    """A row with one cell spanning the table: "I. NHÓM ĐỀ ÁN ...", "II. CÂY ĂN QUẢ"."""
    filled = [c for c in row if c.text.strip()]
    return width > 2 and len(filled) == 1 and (len(row) == 1 or filled[0].colspan >= width - 1)


def table_pieces(b: RawBlock) -> tuple[list[list[RawCell]], list[list[list[RawCell]]]]:
    """A table's header rows, and its body cut before every group row (as printed tables are)."""
    rows = b.rows or []
    header, body = rows[: b.header_rows], rows[b.header_rows :]
    width = table_width(b)
    pieces: list[list[list[RawCell]]] = []
    for row in body:
        if not pieces or (is_group_row(row, width) and pieces[-1]):
            pieces.append([])
        pieces[-1].append(row)
    return header, pieces


def wrap_cell(text: str, chars: int) -> list[str]:
    """A header cell as a narrow column prints it: lines of at most ``chars``, long words cut."""
    out: list[str] = []
    for word in text.split():
        pieces = [word[k : k + chars] for k in range(0, len(word), chars)]
        if out and len(out[-1]) + 1 + len(pieces[0]) <= chars:
            out[-1] += " " + pieces.pop(0)
        out.extend(pieces)
    return out or [""]


# --- pandoc ---------------------------------------------------------------------------

PANDOC_API = [1, 22, 2, 1]


def _inlines(text: str, *, strong: bool = False) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []
    for n, line in enumerate(text.split("\n")):
        if n:
            out.append({"t": "LineBreak"})
        for k, word in enumerate(line.split()):
            if k:
                out.append({"t": "Space"})
            out.append({"t": "Str", "c": word})
    return [{"t": "Strong", "c": out}] if strong and out else out


def _cell(text: str, colspan: int = 1) -> list[Any]:
    paras = [{"t": "Plain", "c": _inlines(p)} for p in text.split("\n") if p.strip()]
    return [["", [], []], {"t": "AlignDefault"}, 1, colspan, paras]


def _row(cells: list[RawCell], width: int) -> list[Any]:
    out: list[Any] = []
    col = 0
    for c in sorted(cells, key=lambda c: c.col):
        while col < c.col:
            out.append(_cell(""))
            col += 1
        out.append(_cell(c.text, min(c.colspan, width - col)))
        col += c.colspan
    while col < width:
        out.append(_cell(""))
        col += 1
    return [["", [], []], out]


def _pandoc_table(b: RawBlock) -> dict[str, Any]:
    width = table_width(b)
    rows = b.rows or []
    head = [_row(r, width) for r in rows[: b.header_rows]]
    body = [_row(r, width) for r in rows[b.header_rows :]]
    widths = _column_widths(b)
    specs = [[{"t": "AlignDefault"}, {"t": "ColWidth", "c": w / sum(widths)}] for w in widths]
    return {
        "t": "Table",
        "c": [
            ["", [], []],
            [None, []],
            specs,
            [["", [], []], head],
            [[["", [], []], 0, [], body]],
            [["", [], []], []],
        ],
    }


def write_pandoc_docx(blocks: list[RawBlock], out: Path) -> None:
    """pandoc's Word file of the blocks: its reference styles, headings as Heading 1/2."""
    pandoc = _tool("pandoc", purpose="make the pandoc renderings")
    ast: list[dict[str, Any]] = []
    for b in blocks:
        if b.kind == "table":
            ast.append(_pandoc_table(b))
        elif b.kind == "heading":
            level = 1 if is_all_caps(b.text) and not split_label(b.text) else 2
            ast.append({"t": "Header", "c": [level, ["", [], []], _inlines(b.text)]})
        else:
            ast.append({"t": "Para", "c": _inlines(b.text)})
    doc = {"pandoc-api-version": PANDOC_API, "meta": {}, "blocks": ast}
    env = {**os.environ, "SOURCE_DATE_EPOCH": str(int(FIXED_TIME.timestamp()))}
    try:
        subprocess.run(
            [pandoc, "-f", "json", "-t", "docx", "-o", str(out)],
            input=json.dumps(doc, ensure_ascii=False).encode(),
            check=True,
            capture_output=True,
            env=env,
            timeout=300,
        )
    except (subprocess.CalledProcessError, subprocess.TimeoutExpired) as exc:
        err = getattr(exc, "stderr", b"") or b""
        raise RenderError(f"pandoc failed to write {out.name}: {err.decode(errors='replace')[:200]}") from exc
    normalise_zip(out)


# --- python-docx, default template ----------------------------------------------------

PLAIN_FIRST_COLUMN_CM = 1.0  # "STT" in a column this narrow prints as "ST" / "T"
PLAIN_CHARS_PER_CM = 4.5  # bold 11pt characters per cm of column
PLAIN_CELL_MARGINS_CM = 0.4
PLAIN_PAGE_CM = 17.0
PLAIN_MARGIN_CM = 2.0  # the right margin: a table may reach into it, not past it


def _plain_paragraph(doc: Any, text: str, *, bold: bool = False, center: bool = False) -> Any:
    p = doc.add_paragraph()
    for n, line in enumerate(text.split("\n")):
        run = p.add_run()
        if n:
            run.add_break()
        run.add_text(line)
        run.bold = bold or None
    if center:
        p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    return p


NUMBER_COLUMN_CHARS = 8  # "STT", "12", "II.3", "a)": what a number column holds


def _column_widths(b: RawBlock) -> list[float]:
    """A narrow number column ("TT", "1", "I.2"), the rest by how much text each column holds.

    A first column of words (the issuer's name in a header table) is sized like the rest:
    squeezed to a number's width it would print one letter per line, as no document does.
    """
    width = table_width(b)
    chars = [1.0] * width
    longest_first = 0
    for row in b.rows or []:
        for c in row:
            if c.colspan == 1:
                chars[c.col] += len(c.text)
                if c.col == 0:
                    longest_first = max(longest_first, len(c.text))
    if longest_first > NUMBER_COLUMN_CHARS:
        total = sum(chars) or 1.0
        widths = [max(1.5, PLAIN_PAGE_CM * n / total) for n in chars]
    else:
        rest = PLAIN_PAGE_CM - PLAIN_FIRST_COLUMN_CM
        total = sum(chars[1:]) or 1.0
        widths = [PLAIN_FIRST_COLUMN_CM] + [max(1.5, rest * n / total) for n in chars[1:]]
    if sum(widths) > PLAIN_PAGE_CM + PLAIN_MARGIN_CM:
        # many columns at their least width run past the paper's edge, where the printer cuts
        # them off, as no document does: the table is narrowed to the page instead
        widths = [w * PLAIN_PAGE_CM / sum(widths) for w in widths]
    return widths


def _fill_plain_cell(cell: Any, lines: list[str], *, bold: bool = False) -> None:
    first = cell.paragraphs[0]
    for n, line in enumerate(lines):
        p = first if n == 0 else cell.add_paragraph()
        run = p.add_run(line)
        run.bold = bold or None


def _plain_table(
    doc: Any, header: list[list[RawCell]], rows: list[list[RawCell]], widths: list[float]
) -> None:
    width = len(widths)
    table = doc.add_table(rows=len(header) + len(rows), cols=width)
    table.style = doc.styles["Table Grid"]
    table.autofit = False
    for r in table.rows:
        for c, w in zip(r.cells, widths, strict=True):
            c.width = Cm(w)
    for gc, w in zip(table._tbl.tblGrid.findall(qn("w:gridCol")), widths, strict=True):
        gc.set(qn("w:w"), str(int(Cm(w).twips)))
    for i, row in enumerate(header + rows):
        cells = table.rows[i].cells
        is_header = i < len(header)
        if not is_header and is_group_row(row, width):
            merged = cells[0].merge(cells[width - 1])
            _fill_plain_cell(merged, [next(c.text for c in row if c.text.strip())], bold=True)
            continue
        for c in row:
            target = cells[c.col]
            if c.colspan > 1 and c.col + c.colspan <= width:
                target = target.merge(cells[c.col + c.colspan - 1])
            if is_header:
                chars = max(
                    2,
                    int(
                        (sum(widths[c.col : c.col + c.colspan]) - PLAIN_CELL_MARGINS_CM) * PLAIN_CHARS_PER_CM
                    ),
                )
                _fill_plain_cell(target, wrap_cell(c.text, chars), bold=True)
            else:
                _fill_plain_cell(target, [ln for ln in c.text.split("\n") if ln.strip()] or [""])


def _plain_split_table(doc: Any, b: RawBlock) -> None:
    """The table as several Word tables cut at its group rows, each starting with the header
    row again. Every other group heading stands between two tables as a bold paragraph (so a
    table whose body opens with a group leaves a first table holding only the header); the
    others are a merged row under the repeated header."""
    header, pieces = table_pieces(b)
    widths = _column_widths(b)
    width = len(widths)
    groups = 0
    for piece in pieces:
        rows = piece
        if rows and is_group_row(rows[0], width):
            groups += 1
            if groups % 2 == 1:
                if piece is pieces[0] and header:
                    _plain_table(doc, header, [], widths)  # the header alone, before the first group
                _plain_paragraph(doc, next(c.text for c in rows[0] if c.text.strip()), bold=True)
                rows = rows[1:]
        _plain_table(doc, header, rows, widths)


def _plain_signature(doc: Any, blocks: list[RawBlock], sig: Signature) -> None:
    """Recipients left, signature right, in a borderless two-column table."""
    table = doc.add_table(rows=1, cols=2)
    left, right = table.rows[0].cells
    if sig.recipients is not None:
        lines = [blocks[k].text for k in range(*sig.recipients)]
        _fill_plain_cell(left, lines)
        left.paragraphs[0].runs[0].bold = True
    lines = signature_lines(blocks, sig.signature)
    _fill_plain_cell(right, [*lines[:-1], "", "", lines[-1]] if len(lines) > 1 else lines, bold=True)
    for p in right.paragraphs:
        p.alignment = WD_ALIGN_PARAGRAPH.CENTER


def write_plain_docx(blocks: list[RawBlock], out: Path) -> None:
    """The blocks in python-docx's default template: only Normal paragraphs and plain tables."""
    doc = new_document()
    section = _fixed_a4(doc, author="chitieu")
    section.left_margin = section.right_margin = Cm(PLAIN_MARGIN_CM)
    section.top_margin = section.bottom_margin = Cm(2.5)
    sig = find_signature(blocks)
    skip = set()
    if sig is not None:
        skip = set(range(*sig.signature)) | (set(range(*sig.recipients)) if sig.recipients else set())
    for i, b in enumerate(blocks):
        if sig is not None and i == (sig.recipients or sig.signature)[0]:
            _plain_signature(doc, blocks, sig)
        if i in skip:
            continue
        if b.kind == "table":
            _plain_split_table(doc, b)
        elif b.kind == "heading":
            _plain_paragraph(doc, b.text, bold=True, center=is_all_caps(b.text) and not split_label(b.text))
        else:
            _plain_paragraph(doc, b.text)
    doc.save(out)
    normalise_zip(out)
