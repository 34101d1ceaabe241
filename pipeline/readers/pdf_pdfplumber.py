"""Read PDF pages with pdfplumber: the reference engine, and the finder of ruled tables.

pdfplumber (on pdfminer) is slow but well understood: its characters, its
``extract_text_lines`` and its ruling-line table finder are what the PDF reader
was built and tested on. ``read_pdf(engine="pdfplumber")`` reads every page here;
the PDFium engine sends here only the pages it cannot read alone (ruled tables,
rotated text, glyphs without Unicode).
"""

from __future__ import annotations

import bisect
import re
from pathlib import Path
from typing import Any

from ..errors import DocumentError
from ..model import RawCell
from .pdf_page import Char, PageText, TablePart, TextLine, has_doubled_chars, is_bold, text_lines
from .pdf_tables import join_cell_lines


def open_pdf(path: Path) -> Any:
    """A pdfplumber PDF, or a DocumentError saying why the file cannot be one."""
    import pdfplumber
    from pdfminer.pdfdocument import PDFEncryptionError, PDFPasswordIncorrect

    try:
        pdf = pdfplumber.open(path)
        pdf.pages  # noqa: B018 - parses the page tree, where damage shows
    except Exception as exc:
        cause = exc.__cause__ or exc.__context__ or exc
        chain = (exc, cause, *getattr(exc, "args", ()))
        if any(isinstance(e, PDFPasswordIncorrect | PDFEncryptionError) for e in chain):
            raise DocumentError(path, "encrypted PDF (password required)") from exc
        raise DocumentError(path, f"damaged PDF ({type(cause).__name__}: {cause})".strip()) from exc
    return pdf


def to_char(c: dict[str, Any]) -> Char:
    return Char(
        text=c["text"],
        x0=c["x0"],
        x1=c["x1"],
        top=c["top"],
        bottom=c["bottom"],
        size=c["size"],
        fontname=c.get("fontname", ""),
    )


def _edges(values: list[float], tol: float = 2.0) -> list[float]:
    out: list[float] = []
    for v in sorted(values):
        if not out or v - out[-1] > tol:
            out.append(v)
    return out


def _span(edges: list[float], a: float, b: float) -> tuple[int, int]:
    start = min(range(len(edges)), key=lambda i: abs(edges[i] - a))
    end = min(range(len(edges)), key=lambda i: abs(edges[i] - b))
    return start, max(1, end - start)


def _table_part(table: Any, chars: list[Char], number: int) -> TablePart | None:
    """A found table as rows of cells, with whether its first row is set in bold."""
    cells = [c for row in table.rows for c in row.cells if c is not None]
    if not cells:
        return None
    xs = _edges([c[0] for c in cells] + [c[2] for c in cells])
    ys = _edges([c[1] for c in cells] + [c[3] for c in cells])
    rows: list[list[RawCell]] = []
    texts = table.extract()
    lines = _CellLines(chars)
    for r, row in enumerate(table.rows):
        out: list[RawCell] = []
        for bbox, text in zip(row.cells, texts[r], strict=True):
            if bbox is None:
                continue  # covered by a merged cell to the left or above
            col, colspan = _span(xs, bbox[0], bbox[2])
            _, rowspan = _span(ys, bbox[1], bbox[3])
            out.append(RawCell(text=(text or "").strip(), row=r, col=col, colspan=colspan, rowspan=rowspan))
            lines.add(out[-1], bbox)
        if out:
            rows.append(out)
    lines.join_broken_words()
    x0, top, x1, bottom = table.rows[0].bbox
    first_row = [c for c in chars if _overlaps((c.x0, c.top, c.x1, c.bottom), (x0, top, x1, bottom))]
    return TablePart(page=number, top=table.bbox[1], col_edges=xs, rows=rows, bold_first_row=is_bold(first_row))


class _CellLines:
    """The printed lines of a ruled table's cells, to join the words its narrow columns broke.

    A cell's text comes from the table finder one printed line a line; where a line is one
    word that its column cut (``pdf_tables.join_cell_lines``), the line break goes.
    """

    def __init__(self, chars: list[Char]) -> None:
        self.chars = sorted(chars, key=lambda c: c.top)
        self.tops = [c.top for c in self.chars]
        self.cells: list[tuple[RawCell, list[TextLine]]] = []
        self.reach: dict[int, float] = {}  # how far the text of each column reaches

    def add(self, cell: RawCell, bbox: tuple[float, float, float, float]) -> None:
        x0, top, x1, bottom = bbox
        lo, hi = bisect.bisect_left(self.tops, top - 1), bisect.bisect_right(self.tops, bottom + 1)
        inside = [
            c
            for c in self.chars[lo:hi]
            if x0 <= (c.x0 + c.x1) / 2 <= x1 and top <= (c.top + c.bottom) / 2 <= bottom
        ]
        lines = text_lines(inside) if inside else []
        if cell.colspan == 1 and lines:
            self.reach[cell.col] = max(self.reach.get(cell.col, 0.0), *(ln.x1 for ln in lines))
        if "\n" in cell.text:
            self.cells.append((cell, lines))

    def join_broken_words(self) -> None:
        for cell, lines in self.cells:
            texts = cell.text.split("\n")
            if len(texts) != len(lines) or cell.colspan != 1:
                continue
            limit = self.reach.get(cell.col, 0.0)
            widths = [(ln.chars[0].x1 - ln.chars[0].x0) if ln.chars else 0.0 for ln in lines]
            cell.text = join_cell_lines(
                [(t, ln.x1, w) for t, ln, w in zip(texts, lines, widths, strict=True)], limit
            )


def _overlaps(a: tuple[float, float, float, float], b: tuple[float, float, float, float]) -> bool:
    """pdfplumber's crop test: the boxes share an area, an edge or a segment of one."""
    width = min(a[2], b[2]) - max(a[0], b[0])
    height = min(a[3], b[3]) - max(a[1], b[1])
    return width >= 0 and height >= 0 and width + height > 0


class _RuledPage:
    """What pdfplumber's TableFinder and Table.extract read of a page: edges and characters."""

    def __init__(self, edges: list[dict[str, Any]], chars: list[Char], width: float, height: float) -> None:
        self.edges = edges
        self.bbox = (0.0, 0.0, width, height)
        self.chars = [
            {
                "text": c.text,
                "x0": c.x0,
                "x1": c.x1,
                "top": c.top,
                "doctop": c.top,
                "bottom": c.bottom,
                "upright": True,
                "size": c.size,
                "fontname": c.fontname,
            }
            for c in chars
        ]


def ruled_tables(
    edges: list[dict[str, Any]], chars: list[Char], width: float, height: float, number: int
) -> tuple[list[TablePart], list[tuple[float, float, float, float]]]:
    """The tables pdfplumber's finder makes of a page's edges (from PDFium) and characters, and their boxes."""
    from pdfplumber.table import TableFinder, TableSettings

    found = TableFinder(_RuledPage(edges, chars, width, height), TableSettings.resolve(None)).tables
    return [part for t in found if (part := _table_part(t, chars, number))], [t.bbox for t in found]


def _inside(obj: dict, boxes: list[tuple[float, float, float, float]]) -> bool:
    cx = (obj["x0"] + obj["x1"]) / 2
    cy = (obj["top"] + obj["bottom"]) / 2
    return any(x0 - 1 <= cx <= x1 + 1 and top - 1 <= cy <= bottom + 1 for x0, top, x1, bottom in boxes)


def page_text(page: Any, number: int) -> PageText:
    """One pdfplumber page: its ruled tables, and its lines outside them."""
    if has_doubled_chars([to_char(c) for c in page.chars]):  # dedupe_chars is costly; most pages do not need it
        page = page.dedupe_chars()
    tables = page.find_tables()
    boxes = [t.bbox for t in tables]
    chars = [to_char(c) for c in page.chars] if tables else []
    parts = [part for t in tables if (part := _table_part(t, chars, number))]
    body = page.filter(lambda o: o.get("object_type") != "char" or not _inside(o, boxes)) if boxes else page
    lines = [
        TextLine(
            text=ln["text"],
            x0=ln["x0"],
            x1=ln["x1"],
            top=ln["top"],
            bottom=ln["bottom"],
            chars=[to_char(c) for c in ln["chars"]],
        )
        for ln in body.extract_text_lines(return_chars=True, strip=True)
    ]
    return PageText(
        number=number, width=page.width, lines=lines, tables=parts, has_images=bool(page.images), engine="pdfplumber"
    )



SUBSET_TAG = re.compile(r"^[A-Z]{6}\+")


def font_key(name: str) -> str:
    """A font's name without its subset tag ("BAAAAA+LiberationSerif" -> "LiberationSerif")."""
    return SUBSET_TAG.sub("", name)


def font_descents(path: Path) -> dict[str, float]:
    """Each font's descent below the baseline, in font sizes, as pdfminer reads it (by ``font_key``).

    pdfminer puts a character's box from the descent of the font descriptor (AFM
    metrics for the standard fonts) to one font size above it. PDFium gives the
    baseline, and its own descent where a descriptor has none, so the PDFium reader
    takes the descents from here to draw the same boxes. {} when pdfminer cannot
    read the file's fonts (the boxes then sit on the baseline).
    """
    try:
        from pdfminer.fontmetrics import FONT_METRICS
        from pdfminer.pdfdocument import PDFDocument
        from pdfminer.pdfpage import PDFPage
        from pdfminer.pdfparser import PDFParser
        from pdfminer.pdftypes import resolve1
        from pdfminer.psparser import literal_name

        def descent(spec: dict[str, Any]) -> float:
            subtype = literal_name(spec.get("Subtype")) if spec.get("Subtype") else ""
            if subtype == "Type3":
                bbox = resolve1(spec.get("FontBBox")) or [0, 0, 0, 0]
                matrix = resolve1(spec.get("FontMatrix")) or [0.001, 0, 0, 0.001, 0, 0]
                return float(resolve1(bbox[1])) * abs(float(resolve1(matrix[3])))
            if subtype == "Type0":
                spec = resolve1(resolve1(spec.get("DescendantFonts"))[0])
                subtype = "CID"
            base = literal_name(spec["BaseFont"]) if spec.get("BaseFont") else ""
            if subtype != "CID" and base in FONT_METRICS:
                desc: dict[str, Any] = FONT_METRICS[base][0]
            else:
                desc = resolve1(spec.get("FontDescriptor")) or {}
            value = float(resolve1(desc.get("Descent", 0)) or 0)
            return (-value if value > 0 else value) / 1000

        out: dict[str, float] = {}
        seen: set[int] = set()

        def collect(resources: Any) -> None:
            resources = resolve1(resources) or {}
            for ref in (resolve1(resources.get("Font")) or {}).values():
                if id(ref) in seen:
                    continue
                seen.add(id(ref))
                spec = resolve1(ref)
                if spec.get("BaseFont"):
                    out.setdefault(font_key(literal_name(spec["BaseFont"])), descent(spec))
            for ref in (resolve1(resources.get("XObject")) or {}).values():
                xobject = resolve1(ref)
                if id(xobject) not in seen and getattr(xobject, "attrs", {}).get("Resources"):
                    seen.add(id(xobject))
                    collect(xobject.attrs["Resources"])

        with open(path, "rb") as fh:
            for page in PDFPage.create_pages(PDFDocument(PDFParser(fh))):
                collect(page.resources)
        return out
    except Exception:
        return {}
