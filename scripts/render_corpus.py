"""Render the text seeds as the DOCX, PDF and scanned PDF a commune would really publish.

The seeds in corpus/*.txt are what a converter left of the original documents
(lines broken as on the page, table rows split at page breaks, markdown and
HTML residue). This script rebuilds a plausible original from them so the
readers are tested on realistic input:

* a Word document (python-docx): reflowed, justified Times New Roman 14pt
  paragraphs on A4 with official-document margins, bold headings, the
  ``(1) (2) ...`` target lists and ``-`` bullets as REAL Word automatic
  numbering (the label lives in numbering.xml, not in the paragraph text), and
  the appendix of 18-CTr as one 7-column table with a repeating header row,
  group headings merged across all columns and continuation rows merged back
  into their row, on a landscape page;
* a PDF of it (LibreOffice headless), where that table continues across pages
  with its header repeated and rows split at page breaks;
* an image-only "scan" of a few pages (pdftoppm + Pillow), with no text layer.

Outputs are committed so tests need no LibreOffice. ``make corpus`` runs this.
"""

from __future__ import annotations

import argparse
import hashlib
import io
import random
import re
import shutil
import subprocess
import sys
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

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "corpus"
FIXED_TIME = datetime(2026, 4, 1, 8, 0, 0)

# How each seed lost its layout: "paragraphs" = blank lines separate paragraphs
# (Word export); "lines" = every printed line is followed by a blank line (PDF export).
SEEDS = {
    "ha-dong-18-ctr-2026": {"mode": "paragraphs", "title_blocks": 2, "footer": None},
    "thai-tan-ctr-2025": {
        "mode": "lines",
        "title_blocks": 2,
        # The last line of the seed is the running footer of every page.
        "footer": "Tài liệu này thuộc sở hữu của các cơ quan Đảng. Việc phát tán, sử dụng trái phép bị nghiêm cấm",
    },
}
# Pages of each PDF to put in the scanned copy (1-based): the target lists.
SCAN_PAGES = {"thai-tan-ctr-2025": (1, 3, 4)}

LIST_NUMBER = re.compile(r"^\((\d+)\)\s+")
BULLET = re.compile(r"^[-–]\s+")
STRUCT_LABEL = re.compile(r"^(?:[A-Z]\.|[IVXLC]+\.|\d+(?:\.\d+)*\.)\s+")
TERMINAL = tuple('.;:!?…”")')
APPENDIX_COLUMNS = 7


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
    assert header is not None, "appendix without a header row"
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
    core = doc.core_properties
    core.author = core.last_modified_by = "Văn phòng Đảng ủy"
    core.created = core.modified = FIXED_TIME
    core.revision = 1

    section = doc.sections[0]
    section.page_width, section.page_height = Cm(21), Cm(29.7)
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
    _normalise_zip(out)


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
    widths = [Cm(1.3), Cm(5.2), Cm(6.4), Cm(3.4), Cm(2.8), Cm(3.0), Cm(3.6)]
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


def _normalise_zip(path: Path) -> None:
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


def _fix_pdf_identity(path: Path) -> None:
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
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if not soffice:
        sys.exit("render_corpus: LibreOffice (soffice) is needed to make the PDFs")
    with tempfile.TemporaryDirectory() as profile:
        subprocess.run(
            [
                soffice,
                f"-env:UserInstallation=file://{profile}",
                "--headless",
                "--convert-to",
                "pdf",
                "--outdir",
                str(out_dir),
                str(docx_path),
            ],
            check=True,
            capture_output=True,
            timeout=300,
        )
    return out_dir / (docx_path.stem + ".pdf")


def scan(pdf: Path, pages: tuple[int, ...], out: Path, dpi: int = 200) -> None:
    """Rasterise pages as a photocopier would: grey, slightly skewed, noisy; no text layer."""
    from PIL import Image, ImageFilter

    rng = random.Random(pdf.stem)
    images = []
    with tempfile.TemporaryDirectory() as tmp:
        for n in pages:
            prefix = Path(tmp) / f"p{n}"
            subprocess.run(
                [
                    "pdftoppm",
                    "-r",
                    str(dpi),
                    "-gray",
                    "-f",
                    str(n),
                    "-l",
                    str(n),
                    "-png",
                    str(pdf),
                    str(prefix),
                ],
                check=True,
            )
            png = next(Path(tmp).glob(f"p{n}*.png"))
            img = Image.open(png).convert("L")
            img = img.rotate(rng.uniform(-0.6, 0.6), resample=Image.BICUBIC, expand=False, fillcolor=255)
            img = img.filter(ImageFilter.GaussianBlur(0.5))
            px = img.load()
            w, h = img.size
            for _ in range(w * h // 3000):  # speckle
                x, y = rng.randrange(w), rng.randrange(h)
                px[x, y] = rng.choice((0, 90, 160))
            img = img.point(lambda v: min(255, int(v * 0.92 + 12)))  # toner grey, paper not white
            images.append(img)
    out.parent.mkdir(parents=True, exist_ok=True)
    images[0].save(out, "PDF", resolution=dpi, save_all=True, append_images=images[1:], quality=45)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--no-pdf", action="store_true", help="only write the DOCX files")
    args = ap.parse_args(argv)
    for stem, cfg in SEEDS.items():
        seed = CORPUS / f"{stem}.txt"
        blocks = parse_seed(seed, cfg["mode"], cfg["title_blocks"], cfg["footer"])
        docx_path = CORPUS / f"{stem}.docx"
        write_docx(blocks, docx_path, cfg["footer"])
        print(f"wrote {docx_path.relative_to(ROOT)} ({len(blocks)} blocks)")
        if args.no_pdf:
            continue
        with tempfile.TemporaryDirectory() as tmp:
            pdf = to_pdf(docx_path, Path(tmp))
            shutil.copyfile(pdf, CORPUS / f"{stem}.pdf")
            _fix_pdf_identity(CORPUS / f"{stem}.pdf")
        print(f"wrote corpus/{stem}.pdf")
        if stem in SCAN_PAGES:
            out = CORPUS / "scanned" / f"{stem}-scan.pdf"
            scan(CORPUS / f"{stem}.pdf", SCAN_PAGES[stem], out)
            _fix_pdf_identity(out)
            print(f"wrote {out.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
