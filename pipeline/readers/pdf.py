"""Read a PDF into blocks as a reader of the printed page sees them.

A PDF has no paragraphs, only positioned lines. We rebuild blocks from layout
cues a person uses: a numbering label ("(3)", "1.2.", "a)", "-") or a first-line
indent starts a block, so do a larger gap, a change of weight (bold headings),
and a previous line that stopped short of the right margin; a line broken
mid-sentence, also across a page break, is joined. Page numbers and running
headers/footers (text repeated at the same edge of many pages) are dropped.

Characters come from PDFium (``pdf_pdfium``); a page whose drawings may form a
ruled table, or whose text PDFium cannot give cleanly, is read by pdfplumber
(``pdf_pdfplumber``), which is also the reference engine (``engine="pdfplumber"``).
Everything below works on the engines' common PageText (``pdf_page``).

Tables come from pdfplumber's ruling lines, or, typed without rules, from how their
words line up (``pdf_tables``: columns from the blank strips between them, wrapped
cells, group headings, spanning header cells); they are returned as table blocks and
their characters are excluded from the running text. A table continued on the next
page is one table: its repeated header rows are dropped and a row split by the page
break (next page's first row with an empty first cell) is merged back.

Every page gets a PageQuality, so a page without a text layer or with a broken
one (split diacritics, doubled glyphs, unmapped glyphs) never passes silently.
"""

from __future__ import annotations

import bisect
import itertools
import operator
import re
import statistics
import unicodedata
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..errors import DocumentError
from ..legacy import ENCODING_NAMES
from ..legacy import detect as detect_legacy
from ..model import BlockKind, PageQuality, RawBlock, RawCell, RawDocument, SourceInfo
from ..numbering import is_all_caps, is_bullet, is_item_label, split_label
from . import DEFAULT_PDF_ENGINE, PDF_ENGINES
from .pdf_page import Char, PageText, TablePart, TextLine, font_style, median_size, spaced_text
from .pdf_tables import MAYBE_BROKEN, borderless_tables, join_cut_row, join_maybe_broken, same_columns
from .tables import tidy_tables

_X0, _X1 = operator.attrgetter("x0"), operator.attrgetter("x1")

# --- block kinds (shared with the DOCX and OCR readers) ----------------------

SENTENCE_END = tuple(".;!?…")
FOOTER_MAX_CHARS = 60
MAX_HEADER_ROWS = 3
HEADING_MAX_CHARS = 260


def block_kind(text: str, *, bold: bool = False, style_heading: bool = False) -> BlockKind:
    """Heading, list item or paragraph, from the text first and weight second.

    Item labels ("(1)", "a)", "-", "+") make a list item; a structural label
    ("I.", "1.", "1.1.", "A.") makes a heading ("1. Mục tiêu", "2.1. Các chỉ
    tiêu ...:"), as the text reader decides. Unlabelled ALL CAPS lines, Word heading styles and
    short bold lines are headings. The text rules come first so the same block
    gets the same kind from txt, docx and pdf.
    """
    stripped = text.strip()
    label = split_label(stripped)
    if style_heading:
        return "heading"
    if is_item_label(label):
        return "list_item"
    if label:
        return "heading"
    if is_all_caps(stripped) and len(stripped) <= HEADING_MAX_CHARS:
        return "heading"
    if bold and len(stripped.split()) <= 20 and not stripped.endswith(SENTENCE_END):
        return "heading"
    return "paragraph"


# --- opening the file --------------------------------------------------------

SIGNATURES = {
    b"\x89PNG": "PNG",
    b"\xff\xd8\xff": "JPEG",
    b"GIF8": "GIF",
    b"II*\x00": "TIFF",
    b"MM\x00*": "TIFF",
    b"PK\x03\x04": "ZIP (DOCX/XLSX?)",
    b"\xd0\xcf\x11\xe0": "OLE (legacy .doc/.xls?)",
    b"{\\rtf": "RTF",
    b"<!DOCTYPE html": "HTML",
    b"<html": "HTML",
}


def _check_file(path: Path) -> None:
    """Refuse what is not a whole PDF before pdfminer tries to make sense of it."""
    with open(path, "rb") as fh:
        head = fh.read(1024)
        fh.seek(0, 2)
        size = fh.tell()
        fh.seek(max(0, size - 2048))
        tail = fh.read()
    if b"%PDF-" not in head:
        kind = next((name for sig, name in SIGNATURES.items() if head.startswith(sig)), None)
        reason = f"not a PDF (starts with {kind} signature)" if kind else "not a PDF (no %PDF- header)"
        raise DocumentError(path, reason)
    if b"%%EOF" not in tail:
        raise DocumentError(path, f"truncated PDF (no end-of-file marker; {size} bytes)")


# --- per-page layout ---------------------------------------------------------


@dataclass
class Line:
    text: str
    page: int
    x0: float
    x1: float
    top: float
    bottom: float
    bold: bool
    size: float
    italic: bool = False
    # (bold, italic) of the line's first and last words: a style that changes inside a line
    # ("... thấp hơn (như: Sở Nội vụ," in italics to the next line's end) runs on across the break
    head: tuple[bool, bool] = (False, False)
    tail: tuple[bool, bool] = (False, False)


STYLE_EDGE_CHARS = 6  # visible characters that say the style at a line's start or end


@dataclass
class PageLayout:
    number: int
    width: float
    left: float = 0.0
    right: float = 0.0
    pitch: float = 0.0  # usual distance between tops of lines in a paragraph
    size: float = 0.0  # the commonest font size of its lines, whose spacing ``pitch`` is
    items: list[Line | TablePart] = field(default_factory=list)


def _segments(line: TextLine) -> list[tuple[str, list[Char]]]:
    """Split a printed line where a wide gap separates two columns of text.

    Official documents put the issuer and the national motto, or "Nơi nhận" and
    the signature, side by side; both engines read such pairs as one line.
    """
    chars = [c for c in line.chars if c.text]
    if not chars:
        return []
    size = median_size(chars)
    gap_limit = max(20.0, 2.5 * size)
    groups: list[list[Char]] = [[chars[0]]]
    last_x1 = chars[0].x1
    for c in chars[1:]:
        if not c.text.strip():
            continue
        if c.x0 - last_x1 > gap_limit and any(g.text.strip() for g in groups[-1]):
            groups.append([])
        groups[-1].append(c)
        last_x1 = c.x1
    if len(groups) == 1:
        text = line.text.strip()
        return [(text, chars)] if text else []
    out = []
    for g in groups:
        text = spaced_text(g, size)
        if text:
            out.append((text, g))
    return out


def _column_bands(items: list[Any], width: float) -> list[Any]:
    """Read side-by-side columns (header, signature block) left column first.

    A band starts at a printed row split in two by a wide gap and runs on over
    rows whose text stays on one side of the page middle.
    """
    mid = width / 2
    rows: list[list[Any]] = []
    for it in items:
        if (
            rows
            and isinstance(it, Line)
            and isinstance(rows[-1][0], Line)
            and abs(rows[-1][0].top - it.top) < 2
        ):
            rows[-1].append(it)
        else:
            rows.append([it])
    out: list[Any] = []
    i = 0
    while i < len(rows):
        row = rows[i]
        if len(row) < 2 or not all(isinstance(x, Line) for x in row):
            out.extend(row)
            i += 1
            continue
        band = [row]
        i += 1
        while i < len(rows) and all(isinstance(x, Line) and (x.x1 <= mid or x.x0 >= mid) for x in rows[i]):
            band.append(rows[i])
            i += 1
        cells = [x for r in band for x in r]
        out.extend([x for x in cells if x.x0 < mid] + [x for x in cells if x.x0 >= mid])
    return out


def _layout(page: PageText, after: TablePart | None = None) -> tuple[PageLayout, PageQuality]:
    """The page's lines and tables in reading order, with its margins, line pitch and text health.

    ``after``: the table the page before ended with, which a table at the top may continue.
    """
    number = page.number
    layout = PageLayout(number=number, width=page.width)
    layout.items.extend(page.tables)
    borderless, taken = borderless_tables(page.lines, number, after)
    layout.items.extend(borderless)
    for ln in (ln for n, ln in enumerate(page.lines) if n not in taken):
        for text, chars in _segments(ln):
            bold, italic = font_style(chars)
            visible = [c for c in chars if c.text.strip()]
            layout.items.append(
                Line(
                    text=text,
                    page=number,
                    x0=min(map(_X0, chars)),
                    x1=max(map(_X1, chars)),
                    top=ln.top,
                    bottom=ln.bottom,
                    bold=bold,
                    italic=italic,
                    size=median_size(visible),
                    head=font_style(visible[:STYLE_EDGE_CHARS]) if visible else (bold, italic),
                    tail=font_style(visible[-STYLE_EDGE_CHARS:]) if visible else (bold, italic),
                )
            )
    layout.items.sort(key=lambda it: (round(it.top), it.x0 if isinstance(it, Line) else 0))
    lines = [it for it in layout.items if isinstance(it, Line)]
    if lines:
        layout.left = statistics.median_low(sorted(round(ln.x0) for ln in lines)[: max(1, len(lines) // 2)])
        layout.right = max(ln.x1 for ln in lines)
        layout.size = Counter(round(ln.size, 1) for ln in lines).most_common(1)[0][0]
        # the pitch of the lines of the commonest size (lines of another size are spaced otherwise)
        steps = [
            b.top - a.top
            for a, b in itertools.pairwise(lines)
            if 0 < b.top - a.top < 3 * a.size and round(a.size, 1) == round(b.size, 1) == layout.size
        ] or [b.top - a.top for a, b in itertools.pairwise(lines) if 0 < b.top - a.top < 3 * a.size]
        layout.pitch = _commonest_step(steps) if steps else (lines[0].size * 1.2)
    layout.items = _column_bands(layout.items, page.width)
    return layout, assess_text(_seen_text(layout), number, has_images=page.has_images)


PITCH_TOLERANCE = 1.5  # points: line steps of one paragraph's lines differ by this much


def _commonest_step(steps: list[float]) -> float:
    """The line pitch of a page: the median of the commonest run of near-equal steps (the
    smaller on a tie). Not the least step: a title set tighter than the text under it (16 pt
    steps over a text at 19) would make every line of the text a paragraph of its own."""
    ordered = sorted(steps)
    best = (0, 0)  # the run ordered[i:j] of most steps within the tolerance of its first
    for i, s in enumerate(ordered):
        j = bisect.bisect_right(ordered, s + PITCH_TOLERANCE, i)
        if j - i > best[1] - best[0]:
            best = (i, j)
    return statistics.median(ordered[best[0] : best[1]])


def _seen_text(layout: PageLayout) -> str:
    seen = [it.text for it in layout.items if isinstance(it, Line)]
    seen += [c.text for it in layout.items if isinstance(it, TablePart) for row in it.rows for c in row]
    return "\n".join(seen)


# --- text-layer health -------------------------------------------------------

_COMBINING = re.compile(r"[\u0300-\u036f]")
_SPACING_ACCENT = re.compile(
    r"(?<=\w)[\u02c6\u02dc\u00b4\u0060\u02cb\u02ca\u02c0\u02c9]|[\u02c6\u02dc\u00b4\u0060\u02cb\u02ca](?=\w)"
)
_CID = re.compile(r"\(cid:\d+\)")
_WORD = re.compile(r"[^\W\d_]+")
_SINGLE_LETTER_WORDS = frozenset("àáạảãởơôóòỏõọêếềểễệýỳỷỹỵủùúụũưđeioay")


def assess_page(page: Any, number: int) -> PageQuality:
    """Say whether a page's text layer can be trusted, and if not, why."""
    return assess_text(page.extract_text() or "", number, has_images=bool(page.images))


def assess_text(text: str, number: int, *, has_images: bool = False) -> PageQuality:
    """Judge the text extracted from one page (see assess_page)."""
    letters = sum(map(str.isalpha, text))
    reasons: list[str] = []
    if not text.strip():
        reasons.append("no text layer" + (" (page is an image)" if has_images else ""))
        return PageQuality(page=number, ok=False, reasons=reasons)
    if (n := len(_CID.findall(text))) >= 3:
        reasons.append(f"{n} unmapped glyphs (cid:NN): font without a Unicode map")
    composed = unicodedata.normalize("NFC", text)
    # Every Vietnamese letter has a precomposed form: a mark left over after NFC
    # (or a spacing accent glued to a word) is a diacritic split from its letter.
    lone = len(_COMBINING.findall(composed)) + len(_SPACING_ACCENT.findall(composed))
    if lone >= 3 and lone > 0.01 * max(1, letters):
        reasons.append(f"{lone} diacritics split from their letters")
    words = _WORD.findall(composed.lower())
    if words:
        doubled = sum(1 for w in words if len(w) >= 4 and len(w) % 2 == 0 and w[::2] == w[1::2])
        if doubled >= 5 and doubled > 0.05 * len(words):
            reasons.append(f"{doubled} words with every character doubled (fake bold)")
        singles = sum(1 for w in words if len(w) == 1 and w not in _SINGLE_LETTER_WORDS)
        if singles >= 10 and singles > 0.15 * len(words):
            reasons.append(f"{singles} stray single letters: syllables cut by spaces")
    if (encoding := detect_legacy(text)) is not None:
        reasons.append(f"legacy Vietnamese font encoding ({ENCODING_NAMES[encoding]}): text is not Unicode")
    return PageQuality(page=number, ok=not reasons, reasons=reasons)


# --- page furniture: numbers, running headers and footers --------------------

_PAGE_NUMBER = re.compile(r"[-–—\s]*(?:trang\s*)?\d{1,4}(?:\s*/\s*\d{1,4})?[-–—\s]*", re.I)


def _furniture_key(text: str) -> str:
    return re.sub(r"\d+", "#", " ".join(text.lower().split()))


def _drop_furniture(pages: list[PageLayout]) -> None:
    """Remove page numbers and running headers/footers from the page edges."""
    edge_keys: Counter[str] = Counter()
    for p in pages:
        lines = [it for it in p.items if isinstance(it, Line)]
        for ln in {id(x): x for x in lines[:2] + lines[-2:]}.values():
            edge_keys[_furniture_key(ln.text)] += 1
    repeated = {k for k, n in edge_keys.items() if n >= max(3, len(pages) // 2)}
    for p in pages:
        lines = [it for it in p.items if isinstance(it, Line)]
        edge = {id(x) for x in lines[:2] + lines[-2:]}
        keep: list[Line | TablePart] = []
        for it in p.items:
            if isinstance(it, Line) and id(it) in edge:
                if _PAGE_NUMBER.fullmatch(it.text) or _furniture_key(it.text) in repeated:
                    continue
            keep.append(it)
        p.items = keep


# --- lines -> blocks ----------------------------------------------------------


def _centered(ln: Line, p: PageLayout) -> bool:
    body_mid = (p.left + p.right) / 2
    return ln.x0 > p.left + 15 and ln.x1 < p.right - 15 and abs((ln.x0 + ln.x1) / 2 - body_mid) < 3


def _symmetric(ln: Line, p: PageLayout) -> bool:
    """As far from the left margin as from the right: centred, or full width."""
    return abs((ln.x0 - p.left) - (p.right - ln.x1)) < 6


def _starts_block(
    prev: Line, ln: Line, prev_page: PageLayout, page: PageLayout, first_of_block: bool
) -> bool:
    label = split_label(ln.text)
    same_page = prev.page == ln.page
    indented = ln.x0 > page.left + 6
    if same_page and ln.top < prev.top - 1:
        return True  # back up the page: the next column of a band
    # A paragraph's first line is indented relative to the line before it; the
    # second line of a hanging-indent item ("(1) ..." then text aligned under
    # the words) is indented too, but continues the item.
    hanging = first_of_block and split_label(prev.text) is not None and 6 < ln.x0 - prev.x0 < 45
    rel_indented = (ln.x0 > prev.x0 + 6 and not hanging) if same_page else indented
    prev_short = prev.x1 < prev_page.right - 0.12 * (prev_page.right - prev_page.left)
    prev_ended = prev.text.endswith((*SENTENCE_END, ":", "”", '"', ")"))
    if label and (not is_item_label(label) or label.startswith("(")):
        if indented or prev_ended or prev_short:
            return True
    if is_bullet(label) and (indented or prev_ended or prev_short):
        return True
    if abs(prev.size - ln.size) > 1.0:
        return True
    if (prev.bold, prev.italic) != (ln.bold, ln.italic) and prev.tail != ln.head:
        return True  # a bold heading over its text, an italic note: not a style running on
    # lines of a larger type (a heading style) are spaced wider in proportion
    pitch = page.pitch * max(1.0, ln.size / page.size) if page.size else page.pitch
    if same_page and ln.top - prev.top > pitch + max(1.5, 0.12 * ln.size):
        return True
    if _centered(ln, page) and _centered(prev, prev_page):
        return False
    if (_centered(ln, page) and not _symmetric(prev, prev_page)) or (
        _centered(prev, prev_page) and not _symmetric(ln, page)
    ):
        return True  # a title and the text under it
    if indented and not hanging and prev_ended and ln.text[:1].isupper():
        return True  # a sentence ended and the next line starts at the paragraph indent
    if (
        same_page
        and min(ln.x0, prev.x0) > page.left + 15
        and abs((ln.x0 + ln.x1) - (prev.x0 + prev.x1)) < 4
        and abs(ln.x0 - prev.x0) > 3
    ):
        return False  # lines centred on each other (a signature block) belong together
    if rel_indented and not _centered(ln, page):
        return True
    if prev_short and not _centered(prev, prev_page) and (ln.text[:1].isupper() or label):
        return True
    return False


def _join_lines(lines: list[Line]) -> str:
    """Join printed lines with a space, except after a hyphen inside a token ("2025-|2030")."""
    text = lines[0].text
    for ln in lines[1:]:
        sep = "" if re.search(r"\w[-/]$", text) else " "
        text = text + sep + ln.text
    return text


def _emit_text_block(lines: list[Line]) -> RawBlock:
    text = _join_lines(lines)
    text = re.sub(r"\s+", " ", text).strip()
    bold = all(ln.bold for ln in lines)
    kind = block_kind(text, bold=bold)
    label = split_label(text)
    return RawBlock(kind=kind, text=text, page=lines[0].page, label=label if kind != "paragraph" else None)


def _cell_text(cell: RawCell) -> str:
    return " ".join(cell.text.split())


def _row_key(row: list[RawCell]) -> tuple[str, ...]:
    """A row's cells as the page shows them, however their lines broke ("ST" / "T" is "STT")."""
    return tuple("".join(c.text.replace(MAYBE_BROKEN, " ").split()) for c in row)


def _continues(prev: TablePart, part: TablePart, size: float) -> bool:
    if not prev.ruled and not part.ruled:
        return same_columns(prev, part, size)
    if len(prev.col_edges) != len(part.col_edges):
        return False
    return all(abs(a - b) < 3 for a, b in zip(prev.col_edges, part.col_edges, strict=True))


def _merge_part(block: RawBlock, first: TablePart, part: TablePart) -> None:
    """Append a continuation page's rows: repeated header dropped, split row merged."""
    assert block.rows is not None
    rows = list(part.rows)
    repeated = 0  # the first rows typed again on top of the next page: they are the header
    while (
        repeated < min(MAX_HEADER_ROWS, len(rows) - 1, len(block.rows) - 1)
        and _row_key(rows[repeated]) == _row_key(block.rows[repeated])
    ):
        repeated += 1
    block.header_rows = max(block.header_rows, repeated)
    header = [_row_key(r) for r in block.rows[: block.header_rows]]
    while rows and header and _row_key(rows[0]) in header:
        rows.pop(0)
    ncols = len(first.col_edges) - 1
    if rows and block.rows:
        head, last = rows[0], block.rows[-1]
        if len(head) == ncols and len(last) == ncols and not _cell_text(head[0]) and head[0].col == 0:
            for mine, extra in zip(last, head, strict=True):
                if extra.text.strip():
                    mine.text = join_cut_row(mine.text, extra.text)
            rows.pop(0)
    base = len(block.rows)
    for i, row in enumerate(rows):
        for c in row:
            c.row = base + i
        block.rows.append(row)


def _blocks(pages: list[PageLayout]) -> list[RawBlock]:
    blocks: list[RawBlock] = []
    current: list[Line] = []
    prev: Line | None = None
    prev_layout: PageLayout | None = None
    table_block: RawBlock | None = None
    table_first: TablePart | None = None
    last_part: TablePart | None = None

    def flush() -> None:
        nonlocal current
        if current:
            blocks.append(_emit_text_block(current))
            current = []

    for p in pages:
        for it in p.items:
            if isinstance(it, TablePart):
                flush()
                prev = None
                if table_block is not None and last_part is not None and blocks and blocks[-1] is table_block:
                    if last_part.page == it.page - 1 and _continues(last_part, it, p.size) and it is p.items[0]:
                        _merge_part(table_block, table_first, it)  # type: ignore[arg-type]
                        last_part = it
                        continue
                header_rows = 1 if it.bold_first_row and len(it.rows) > 1 else 0
                table_block = RawBlock(kind="table", page=it.page, rows=it.rows, header_rows=header_rows)
                table_first = last_part = it
                blocks.append(table_block)
                continue
            if (
                prev is not None
                and prev_layout is not None
                and not _starts_block(prev, it, prev_layout, p, first_of_block=len(current) == 1)
            ):
                current.append(it)
            else:
                flush()
                current = [it]
            prev, prev_layout = it, p
    flush()
    join_maybe_broken(
        [b.text for b in blocks if b.kind != "table"],
        [c for b in blocks if b.kind == "table" for row in b.rows or [] for c in row],
    )
    blocks = tidy_tables(blocks)
    for b in blocks:
        if b.kind == "table" and b.header_rows == 0 and b.rows and len(b.rows) > 1:
            b.header_rows = 1 if _looks_like_header(b.rows[0], b.rows[1]) else 0
    return blocks


def _looks_like_header(first: list[RawCell], second: list[RawCell]) -> bool:
    texts = [_cell_text(c) for c in first]
    return len(first) == len(second) and all(t and len(t) < 40 for t in texts)


# --- the reader ---------------------------------------------------------------


class _Plumber:
    """pdfplumber, opened on the first page that needs it (most documents never do)."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.pdf: Any = None

    def pages(self) -> int:
        return len(self._open().pages)

    def page(self, number: int) -> PageText:
        from . import pdf_pdfplumber

        return pdf_pdfplumber.page_text(self._open().pages[number - 1], number)

    def _open(self) -> Any:
        if self.pdf is None:
            from . import pdf_pdfplumber

            self.pdf = pdf_pdfplumber.open_pdf(self.path)
        return self.pdf

    def close(self) -> None:
        if self.pdf is not None:
            self.pdf.close()


def _damage(path: Path, number: int, exc: Exception) -> DocumentError:
    return DocumentError(path, f"damaged PDF (page {number}: {type(exc).__name__}: {exc})".strip())


def _no_pages(path: Path) -> DocumentError:
    return DocumentError(path, "no pages (the PDF's page tree is empty)")


def read_pages(path: Path, engine: str, warnings: list[str]) -> Iterator[tuple[PageText, PageLayout, PageQuality]]:
    """The pages of a PDF as ``engine`` reads them, each with its layout and text health.

    With PDFium, a page whose text PDFium cannot give cleanly (its own checks, or a
    text layer ``assess_text`` finds broken) is read by pdfplumber instead, that page only.
    """
    plumber = _Plumber(path)
    try:
        if engine == "pdfplumber":
            n_pages = plumber.pages()
            if n_pages == 0:
                raise _no_pages(path)
            after: TablePart | None = None
            for number in range(1, n_pages + 1):
                try:
                    page = plumber.page(number)
                except DocumentError:
                    raise
                except Exception as exc:
                    raise _damage(path, number, exc) from exc
                layout, quality = _layout(page, after)
                after = _last_table(layout)
                yield page, layout, quality
            return
        from . import pdf_pdfium
        from .pdf_pdfplumber import font_descents

        lock = pdf_pdfium.LOCK  # taken for each step, never across a yield
        try:
            with lock:
                pdf = pdf_pdfium.open_pdf(path)
                n_pages = len(pdf)
        except DocumentError as err:
            if err.reason.startswith("encrypted"):
                raise
            # PDFium refuses some files pdfminer still reads (an empty page tree, a
            # damage it does not repair): pdfplumber reads them, or says what is wrong.
            warnings.append(f"PDFium could not open the file ({err.reason}): read by pdfplumber")
            yield from read_pages(path, "pdfplumber", warnings)
            return
        try:
            if n_pages == 0:
                raise _no_pages(path)
            descents = font_descents(path)
            after = None
            for number in range(1, n_pages + 1):
                with lock:
                    page, layout, quality = _pdfium_page(path, pdf, number, descents, plumber, warnings, after)
                after = _last_table(layout)
                yield page, layout, quality
        finally:
            with lock:
                pdf.close()
    finally:
        plumber.close()


def _last_table(layout: PageLayout) -> TablePart | None:
    """The table a page ends with (a page number or a short footer may follow), which the next
    page may go on with."""
    for n, it in enumerate(reversed(layout.items)):
        if isinstance(it, TablePart):
            return it
        if n >= 2 or len(it.text) > FOOTER_MAX_CHARS:
            return None
    return None


def _pdfium_page(
    path: Path,
    pdf: Any,
    number: int,
    descents: dict[str, float],
    plumber: _Plumber,
    warnings: list[str],
    after: TablePart | None,
) -> tuple[PageText, PageLayout, PageQuality]:
    from . import pdf_pdfium

    got = pdf_pdfium.read_page(pdf, number, path, descents)
    if got.handover is None:
        layout, quality = _layout(got.text, after)
        if quality.ok or not got.text.lines:
            return got.text, layout, quality
    try:
        page = plumber.page(number)
    except Exception as exc:  # pdfminer cannot parse what PDFium can: keep PDFium's reading
        reason = exc.reason if isinstance(exc, DocumentError) else f"{type(exc).__name__}: {exc}"
        warnings.append(f"page {number}: pdfplumber could not read it ({reason}); read by PDFium alone")
        page = pdf_pdfium.read_page(pdf, number, path, descents, alone=True).text
    return (page, *_layout(page, after))


def load_engines() -> None:
    """Import what reading a PDF needs (PDFium, pdfminer's font metrics, the table finder) now,
    so that a batch worker's first PDF does not pay for it."""
    import pdfminer.pdfdocument
    import pdfminer.pdfpage  # noqa: F401
    import pdfplumber.table  # noqa: F401

    from . import pdf_pdfium  # noqa: F401


def read_pdf(path: str | Path, *, engine: str = DEFAULT_PDF_ENGINE) -> RawDocument:
    """Read a PDF into blocks in reading order, tables as tables, with page quality.

    ``engine`` is "pdfium" (fast; pdfplumber only for the pages that need it) or
    "pdfplumber" (every page: the reference reading, to compare against).
    """
    from . import file_sha256

    if engine not in PDF_ENGINES:
        raise ValueError(f"unknown PDF engine {engine!r}; expected one of {', '.join(PDF_ENGINES)}")
    p = Path(path)
    _check_file(p)
    layouts: list[PageLayout] = []
    quality: list[PageQuality] = []
    warnings: list[str] = []
    for _page, layout, q in read_pages(p, engine, warnings):
        layouts.append(layout)
        quality.append(q)
    n_pages = len(layouts)
    _drop_furniture(layouts)
    blocks = _blocks(layouts)
    bad = [q.page for q in quality if not q.ok]
    if bad:
        no_text = [q.page for q in quality if any(r.startswith("no text layer") for r in q.reasons)]
        if no_text:
            warnings.append(f"{len(no_text)} of {n_pages} pages have no text layer (scanned?): OCR needed")
        if len(bad) > len(no_text):
            warnings.append(
                f"pages with a broken text layer: {', '.join(map(str, sorted(set(bad) - set(no_text))))}"
            )
    return RawDocument(
        source=SourceInfo(path=str(p), format="pdf", sha256=file_sha256(p), pages=n_pages),
        blocks=blocks,
        page_quality=quality,
        warnings=warnings,
    )
