"""Plain-text reader: text pasted or extracted from PDF or Word, re-flowed into blocks.

Two kinds of plain text reach us:

* PDF-extracted text: every printed line is its own line (often with a blank
  line after each), sentences and headings broken mid-way, stray leading spaces.
  Lines are joined back into paragraphs.
* Word-converted text: one line per paragraph, blank lines between paragraphs,
  tables as tab-separated rows (with the header repeated at each page break and
  continuation rows whose first cell is empty), and HTML/markdown residue
  (``<ul><li>``, ``**``, ``*nếu có*``).

Both come out as the same blocks a DOCX or PDF reader gives: headings, list
items and paragraphs with their visible label, and tables with one header row,
group-heading rows as one full-width cell and continuation rows merged.
"""

from __future__ import annotations

import codecs
import html
import re
import statistics
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..errors import DocumentError
from ..model import RawBlock, RawCell, RawDocument, SourceInfo
from ..normalize import compare_key
from ..numbering import HEADING_SCHEMES, is_all_caps, label_readings, standalone_kind
from .tables import header_row_count

LEGACY_ENCODING = "cp1258"  # Windows Vietnamese, the usual legacy code page
MAX_CONTROL_RATIO = 0.01  # more control characters than this: not a text file
WRAPPED_LINE_FILL = 0.8  # a PDF line this full (of the typical width) wraps on
BLANK_PARAGRAPHS_MIN = 0.05  # this share of blank lines, at least, sets paragraphs apart
_FINAL_PUNCT = (".", "!", "?", ":", ";", "…")
_CLOSERS = ' ”"’)»]'

# --- decoding ----------------------------------------------------------------


def decode_text(data: bytes, path: str | Path) -> tuple[str, str, int]:
    """Given a file's bytes, return its text (NFC), its encoding and the number of
    replacement characters put for undecodable bytes; raise DocumentError for binary content.

    UTF-8 (with or without BOM) and UTF-16/32 with a BOM are read as such; UTF-16
    without a BOM is recognised by its byte pattern (the zero high byte of every
    ASCII letter, space and digit falls on one side). UTF-8 with a few stray bytes
    (a file cut and pasted together) stays UTF-8, each bad sequence replaced by
    U+FFFD and counted. Anything else is read as Windows-1258, whose tone marks are
    combining characters (NFC composes them).
    """
    for bom, encoding in (
        (codecs.BOM_UTF32_LE, "utf-32"),
        (codecs.BOM_UTF32_BE, "utf-32"),
        (codecs.BOM_UTF8, "utf-8-sig"),
        (codecs.BOM_UTF16_LE, "utf-16"),
        (codecs.BOM_UTF16_BE, "utf-16"),
    ):
        if data.startswith(bom):
            try:
                return _checked(data.decode(encoding), path), encoding, 0
            except UnicodeDecodeError as err:
                raise DocumentError(
                    path, f"not a text file (invalid {encoding} after its byte-order mark)"
                ) from err
    if (utf16 := _utf16_without_bom(data)) is not None:
        text, replaced = _decode_counting(data[: len(data) // 2 * 2], utf16)
        return _checked(text, path), utf16, replaced
    if b"\x00" in data:
        raise DocumentError(path, "not a text file (binary content)")
    try:
        return _checked(data.decode("utf-8"), path), "utf-8", 0
    except UnicodeDecodeError:
        pass
    text, replaced = _decode_counting(data, "utf-8")
    if _mostly_utf8(text, replaced):
        return _checked(text, path), "utf-8", replaced
    try:
        return _checked(data.decode(LEGACY_ENCODING), path), LEGACY_ENCODING, 0
    except UnicodeDecodeError:
        pass
    if replaced <= MAX_STRAY_BYTE_RATIO * len(text):  # plain ASCII text with a stray byte or two
        return _checked(text, path), "utf-8", replaced
    raise DocumentError(path, "not a text file (binary content)")


MAX_STRAY_BYTE_RATIO = 0.01  # bad UTF-8 sequences per character still read as damaged UTF-8
MIN_UTF16_ZERO_SIDE = 0.3  # UTF-16: share of code units whose high byte is zero, at least
MAX_UTF16_ZERO_OTHER = 0.02  # and of low bytes that are zero, at most


def _utf16_without_bom(data: bytes) -> str | None:
    """"utf-16-le" or "utf-16-be" when the zero bytes fall on one side of the code units."""
    units = len(data) // 2
    if units < 2:
        return None
    even, odd = data[0 : units * 2 : 2].count(0), data[1 : units * 2 : 2].count(0)
    if odd >= MIN_UTF16_ZERO_SIDE * units and even <= MAX_UTF16_ZERO_OTHER * units:
        return "utf-16-le"
    if even >= MIN_UTF16_ZERO_SIDE * units and odd <= MAX_UTF16_ZERO_OTHER * units:
        return "utf-16-be"
    return None


def _decode_counting(data: bytes, encoding: str) -> tuple[str, int]:
    """The text with U+FFFD for each undecodable sequence, and how many were put in."""
    text = data.decode(encoding, errors="replace")
    genuine = data.decode(encoding, errors="ignore").count("\ufffd")
    return text, text.count("\ufffd") - genuine


def _mostly_utf8(text: str, replaced: int) -> bool:
    """UTF-8 whose non-ASCII characters decode but for a few bad bytes (Windows-1258
    Vietnamese read as UTF-8 is the opposite: nearly every high byte is bad)."""
    decoded = sum(1 for c in text if ord(c) > 127) - replaced
    return decoded > 0 and replaced <= MAX_STRAY_BYTE_RATIO * len(text) and replaced * 20 <= decoded


def _checked(text: str, path: str | Path) -> str:
    control = sum(1 for c in text if unicodedata.category(c) == "Cc" and c not in "\t\n\r\f")
    if text and control / len(text) > MAX_CONTROL_RATIO:
        raise DocumentError(path, "not a text file (binary content)")
    return unicodedata.normalize("NFC", text)


# --- markup residue ----------------------------------------------------------

_LI = re.compile(r"<li\b[^>]*>", re.I)
_BR = re.compile(r"<br\s*/?>|</p>|</li>", re.I)
_TAG = re.compile(r"</?[a-zA-Z][^<>]*>")
_STRONG = re.compile(r"\*\*|__")
_EMPHASIS = re.compile(r"(?<![\w*])\*(?=\S)([^*\n]+?)(?<=\S)\*(?![\w*])")
_MD_HEADING = re.compile(r"^\s{0,3}#{1,6}\s+")
# An asterisk that opens (before a word) or closes (after one) emphasis whose other half is on
# another line; "* Về kinh tế" (asterisk, space) is a bullet and stays.
_EMPHASIS_EDGE = re.compile(r"(?<!\S)\*+(?=\S)|(?<=\S)\*+(?!\S)|^\s*\*(?:\s*\*)+\s*$", re.M)


def strip_markup(text: str) -> str:
    """Remove HTML/markdown residue, keeping the words; ``<li>`` items become "- item" lines.

    >>> strip_markup('<ul style="x"><li>Các phòng</li><li>Công an xã</li></ul>')
    '\\n- Các phòng\\n\\n- Công an xã\\n'
    >>> strip_markup("kéo dài (*nếu có*); **T/M BAN CHẤP HÀNH**")
    'kéo dài (nếu có); T/M BAN CHẤP HÀNH'
    """
    text = _LI.sub("\n- ", text)
    text = _BR.sub("\n", text)
    text = _TAG.sub("", text)
    text = _STRONG.sub("", text)
    text = _EMPHASIS.sub(r"\1", text)
    text = _EMPHASIS_EDGE.sub("", text)  # "*b) Hàng thủ công, mỹ" + "nghệ*": emphasis over a line break
    return html.unescape(text)


# --- lines -------------------------------------------------------------------


@dataclass
class Line:
    text: str  # stripped
    page: int | None
    blank_before: bool  # a blank line separates it from the previous line


def split_lines(text: str) -> list[tuple[str, int | None]]:
    """Given decoded text, return its lines with their page (pages only when form feeds mark them)."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    pages = text.split("\f")
    numbered = len(pages) > 1
    out: list[tuple[str, int | None]] = []
    for i, page in enumerate(pages, start=1):
        for line in page.split("\n"):
            out.append((line.rstrip(), i if numbered else None))
    return out


def _is_table_line(line: str) -> bool:
    """A tab-separated row (Word export) or a markdown pipe row ("| 1 | Đề án ... |")."""
    line = line.strip(" ")
    return "\t" in line or _is_pipe_row(line)


def _is_pipe_row(line: str) -> bool:
    line = line.strip()
    return len(line) > 2 and line.startswith("|") and line.endswith("|") and line.count("|") >= 3


def split_row(line: str) -> list[str]:
    """Given one table line, return its cells (tabs, or markdown pipes without the outer ones)."""
    if _is_pipe_row(line) and "\t" not in line:
        return line.strip()[1:-1].split("|")
    return line.split("\t")


def table_regions(lines: list[tuple[str, int | None]]) -> list[tuple[int, int]]:
    """Given the lines, return (first, last) index ranges of tab-separated tables.

    A short run of non-tab lines between two table lines (a group heading written
    as a plain line, blank lines at a page break) belongs to the table.
    """
    regions: list[tuple[int, int]] = []
    i, n = 0, len(lines)
    while i < n:
        if not _is_table_line(lines[i][0]):
            i += 1
            continue
        start = end = i
        j = i + 1
        gap_text = 0
        while j < n:
            line = lines[j][0]
            if _is_table_line(line):
                end, gap_text = j, 0
            elif line.strip():
                gap_text += 1
                if gap_text > 2:
                    break
            j += 1
        regions.append((start, end))
        i = end + 1
    return regions


# --- tables flattened one cell per line (markdown exports of Word tables) ------
#
#     |              a table of three columns and two rows, as one export writes it:
#     **TT**         every cell on its own lines, a "|" line between cells, and a row
#     |              ending in "|" right before the next row's opening "|". An empty cell
#     **Chỉ tiêu**   is two "|" lines in a row too, so the rows are found by their width:
#     |              the width whose row breaks all fall on empty items, read back from
#     ...            the end (header rows with merged cells have fewer cells).

FLAT_TABLE_MAX_GAP = 40  # lines of one cell's text between two "|" lines
FLAT_TABLE_MAX_WIDTH = 40


def _is_flat_pipe(line: str) -> bool:
    return line.strip() == "|"


def flat_table_regions(lines: list[tuple[str, int | None]]) -> list[tuple[int, int]]:
    """Given the lines, return (first, last) index ranges of tables flattened between "|" lines.

    A "|" line followed by a blank line ends a region (cells hold no blank line right after
    their separator); exports without blank lines make one region of several tables, which
    ``flat_table_parts`` takes apart.
    """
    regions: list[tuple[int, int]] = []
    i, n = 0, len(lines)
    while i < n:
        if not _is_flat_pipe(lines[i][0]):
            i += 1
            continue
        start = last = i
        j = i + 1
        while j < n and j - last <= FLAT_TABLE_MAX_GAP:
            if _is_flat_pipe(lines[j][0]):
                last = j
                if j + 1 < n and not lines[j + 1][0].strip():
                    break
            j += 1
        if last > start:
            regions.append((start, last))
        i = last + 1
    return regions


def _flat_items(lines: list[str]) -> list[str]:
    """The texts between consecutive "|" lines (an empty string where two "|" lines meet)."""
    items: list[str] = []
    current: list[str] | None = None
    for line in lines:
        if _is_flat_pipe(line):
            if current is not None:
                items.append("\n".join(current).strip())
            current = []
        elif current is not None:
            current.append(line)
    return items


_NUMBER_CELL = re.compile(r"[\d.,%\s]+")  # a value, never the label of a group row
FLAT_GROUP_ROW_CELLS = 3  # a merged group row ("I | Giai đoạn 2025-2027") has at most this many cells


def _table_rows(items: list[str], width: int) -> tuple[int, int, list[tuple[int, int]]]:
    """The best run of rows of ``width`` cells in the items: (score, start, [(row start, row end)]).

    A row is ``width`` items (some may be empty, not all) or a merged group row of a few
    non-empty items, and is followed by one empty item (the row break) or the end. The run
    that covers most items (row breaks included) wins, the narrowest on a tie; it starts at the first item or after a row break. What stands before and after
    it is no part of it.
    """
    n = len(items)
    score = [0] * (n + 2)
    step: list[tuple[int, int] | None] = [None] * (n + 2)  # (row end, next row start)
    for i in range(n - 1, -1, -1):
        best, how = 0, None
        end = i + width
        if end <= n and any(items[i:end]) and (end == n or not items[end]):
            cand = width + 1 + score[end + 1] if end < n else width
            if cand > best:
                best, how = cand, (end, end + 1)
        for k in range(1, min(FLAT_GROUP_ROW_CELLS, width - 1) + 1):
            end = i + k
            if end > n or not all(items[i:end]) or (end < n and items[end]) or _NUMBER_CELL.fullmatch(items[i]):
                continue
            if end < n and step[end + 1] is None:
                continue  # a group row heads the rows after it, or ends the table
            cand = k + 1 + (score[end + 1] if end < n else 0)
            if cand > best:
                best, how = cand, (end, end + 1)
        score[i], step[i] = best, how
    # a table starts at the first item or right after a row break
    starts = [i for i in range(n) if i == 0 or not items[i - 1]]
    start = max(starts, key=lambda i: (score[i], -i)) if starts else 0
    rows: list[tuple[int, int]] = []
    i = start
    while i < n and step[i] is not None:
        end, nxt = step[i]  # type: ignore[misc]
        rows.append((i, end))
        i = nxt
    return score[start] if n else 0, start, rows


def _best_table(items: list[str]) -> tuple[int, int, list[tuple[int, int]]]:
    """(width, start, rows) of the table that explains most items; width 0 when there is none.

    The header rows before the rows count for their width too (``_header``).
    """
    best: tuple[int, int, int, list[tuple[int, int]]] = (0, 0, 0, [])
    for w in range(2, min(FLAT_TABLE_MAX_WIDTH, len(items)) + 1):
        sc, start, rows = _table_rows(items, w)
        if sum(1 for a, b in rows if b - a == w) < 2:
            continue
        tries = [(sc, start, rows)]
        if rows and rows[0][1] - rows[0][0] < w and len(rows) > 1:
            # a short first row may be a header row ("| Năm 2026 | Năm 2027 |" under a merged cell)
            tries.append((sc - (rows[1][0] - rows[0][0]), rows[1][0], rows[1:]))
        for score, first, body in tries:
            score += first - _header(items[:first], w)[1]
            if score > best[0]:
                best = (score, w, first, body)
    return best[1], best[2], best[3]


def _chunks(items: list[str]) -> list[tuple[int, int]]:
    """(start, end) of the runs of non-empty items."""
    out: list[tuple[int, int]] = []
    start = None
    for i, it in enumerate([*items, ""]):
        if it and start is None:
            start = i
        elif not it and start is not None:
            out.append((start, i))
            start = None
    return out


def _merged_header(top: list[str], below: list[str], width: int) -> list[list[RawCell]] | None:
    """Two header rows where the first row's last cells span the cells of the second, or None.

    ``| TT | Chỉ tiêu | ĐVT | Giai đoạn 2026 - 2030 |`` over ``| 2026 | ... | 2030 |`` in a
    table of 8 columns: the first three span two rows, the last spans five columns.
    """
    spanning = len(top) + len(below) - width
    if not (0 < spanning <= len(top) < width) or len(below) % spanning:
        return None
    per = len(below) // spanning
    fixed = len(top) - spanning
    row0 = [RawCell(text=t, row=0, col=c, rowspan=2) for c, t in enumerate(top[:fixed])]
    row1 = []
    for k, t in enumerate(top[fixed:]):
        col = fixed + k * per
        row0.append(RawCell(text=t, row=0, col=col, colspan=per))
        row1.extend(RawCell(text=below[k * per + m], row=1, col=col + m) for m in range(per))
    return [row0, row1]


def _header(head: list[str], width: int) -> tuple[list[list[RawCell]], int]:
    """The header rows at the end of the items before a table's rows, and where they start.

    A full row of ``width`` cells (perhaps after other text) or two merged rows; none: ([], len).
    """
    chunks = _chunks(head)
    if chunks and chunks[-1][1] - chunks[-1][0] >= width:
        b = chunks[-1][1]
        return [[RawCell(text=t, row=0, col=c) for c, t in enumerate(head[b - width : b])]], b - width
    if len(chunks) >= 2:
        (a1, b1), (a2, b2) = chunks[-2], chunks[-1]
        merged = _merged_header(head[a1:b1], head[a2:b2], width)
        if merged:
            return merged, a1
    return [], len(head)


def flat_table_parts(lines: list[str], page: int | None) -> list[RawBlock | list[str]]:
    """Given one region of "|"-flattened lines, return its tables and, as lists of lines, the
    text around them that reads as no table (a title between two tables, a signature block).
    """
    items = [_clean_cell(t) for t in _flat_items(lines)]
    parts: list[RawBlock | list[str]] = []
    for part in _flat_parts(items, page):
        prev = parts[-1] if parts else None
        if isinstance(part, RawBlock) and isinstance(prev, RawBlock) and _width(prev) == _width(part):
            # one table broken by an irregular row: its rows go on
            prev.rows = [*(prev.rows or []), *(part.rows or [])]
            for r, row in enumerate(prev.rows):
                for cell in row:
                    cell.row = r
            continue
        parts.append(part)
    return parts


def _width(table: RawBlock) -> int:
    return max((c.col + c.colspan for row in table.rows or [] for c in row), default=0)


def _flat_parts(items: list[str], page: int | None) -> list[RawBlock | list[str]]:
    width, first, body = _best_table(items)
    if width < 2:
        return [_as_lines(items)] if any(items) else []
    header, cut = _header(items[:first], width)
    rest = items[:cut]
    rows = list(header)
    for a, b in body:
        cells = items[a:b]
        if len(cells) < width:  # a merged group row: its first cell spans the rest
            rows.append([RawCell(text=t, row=0, col=c) for c, t in enumerate(cells[:-1])]
                        + [RawCell(text=cells[-1], row=0, col=len(cells) - 1, colspan=width - len(cells) + 1)])
        else:
            rows.append([RawCell(text=t, row=0, col=c) for c, t in enumerate(cells)])
    for r, row in enumerate(rows):
        for cell in row:
            cell.row = r
    table = RawBlock(kind="table", rows=rows, header_rows=max(1, len(header)), page=page)
    tail = items[body[-1][1] + 1 :] if body else []
    return [
        *(_flat_parts(rest, page) if rest else []),
        table,
        *(_flat_parts(tail, page) if any(tail) else []),
    ]


def _as_lines(items: list[str]) -> list[str]:
    """Texts that are no table, as lines with a blank line after each (each its own paragraph)."""
    out: list[str] = []
    for it in items:
        if it:
            out.extend([*it.split("\n"), ""])
    return out


# --- tables ------------------------------------------------------------------

_SEPARATOR_CELL = re.compile(r"[\s\-–:=|+_]*")


def _clean_cell(text: str) -> str:
    parts = [p.strip() for p in strip_markup(text).split("\n")]
    return "\n".join(p for p in parts if p)


def parse_table(rows_text: list[str], page: int | None) -> RawBlock | None:
    """Given the lines of one tab-separated table, return it as one table block.

    The first row is the header; repeats of it (page breaks) and separator rows
    ("---") are dropped; a row with only its first cell filled is a group
    heading (one cell spanning the table); a row whose first cell is empty
    continues the previous data row and is merged into it cell by cell.
    """
    raw_rows = [[_clean_cell(c) for c in split_row(line)] for line in rows_text if line.strip()]
    if not raw_rows:
        return None
    header = raw_rows[0]
    width = max(len(r) for r in raw_rows)
    header += [""] * (width - len(header))
    header_key = compare_key(" ".join(header))
    rows: list[list[str]] = [header]
    kinds: list[str] = ["header"]
    for cells in raw_rows[1:]:
        cells = cells + [""] * (width - len(cells))
        filled = [i for i, c in enumerate(cells) if c]
        if not filled or all(_SEPARATOR_CELL.fullmatch(c) for c in cells):
            continue
        if compare_key(" ".join(cells)) == header_key:
            continue
        if filled == [0]:
            rows.append([cells[0]])
            kinds.append("group")
        elif 0 not in filled and kinds[-1] == "data":
            prev = rows[-1]
            for i in filled:
                prev[i] = f"{prev[i]}\n{cells[i]}" if prev[i] else cells[i]
        else:
            rows.append(cells)
            kinds.append("data")
    table: list[list[RawCell]] = []
    for r, (cells, kind) in enumerate(zip(rows, kinds, strict=True)):
        if kind == "group":
            table.append([RawCell(text=cells[0], row=r, col=0, colspan=width)])
        else:
            table.append([RawCell(text=c, row=r, col=i) for i, c in enumerate(cells)])
    return RawBlock(kind="table", rows=table, header_rows=1, page=page)


# --- re-flowing paragraphs ---------------------------------------------------


def _ends_sentence(line: str) -> bool:
    return line.rstrip(_CLOSERS).endswith(_FINAL_PUNCT)


def quote_balance(text: str) -> int:
    """Opening curly quotes not closed in ``text`` (by a curly or, as typed, a straight quote).

    Additive over lines, so a growing paragraph keeps a running count instead of
    counting its whole text again at every line.
    """
    return text.count("“") - text.count("”") - text.count('"')


_DATELINE = re.compile(
    r"(?:(?:thứ\s+\w+|chủ nhật)\s*,?\s*)?(?:\d{1,2}:\d{2}\s*,?\s*)?\d{1,2}/\d{1,2}/\d{4}"
    r"(?:\s*[,-]?\s*\d{1,2}:\d{2}(?:\s*\(gmt[+-]\d+\))?)?\s*",
    re.I,
)


def _is_dateline(line: str) -> bool:
    """A web page's date line ("09:30, 12/08/2024", "Thứ Hai 14/09/2020, 08:15 (GMT+7)") stands alone."""
    return bool(_DATELINE.fullmatch(line.strip()))


def _is_note(line: str) -> bool:
    """A line wholly in brackets, "(Kèm theo Chương trình ...)", stands on its own."""
    return line.startswith("(") and line.endswith(")") and not label_readings(line)


def _starts_lower(line: str) -> bool:
    ch = line[:1]
    return ch.isalpha() and ch.islower()


@dataclass
class Layout:
    """How a text was laid out: printed lines (PDF) or one line per paragraph (Word)."""

    wrapped: bool
    width: float  # typical length of a full printed line
    blank_breaks: bool = True  # a blank line ends a paragraph
    soft_newlines: bool = True  # paragraph text: a bare newline is a line break inside a paragraph
    blank_paragraphs: bool = False  # printed lines whose paragraphs, items included, are set apart by blank lines


def detect_layout(lines: list[Line]) -> Layout:
    """Given the non-blank prose lines, tell printed-line text from paragraph-per-line text.

    Printed lines are short and mostly end mid-sentence; Word paragraphs are long
    and mostly end with punctuation. Where a blank line follows almost every
    printed line it means nothing; where it is rare it ends a paragraph. In
    paragraph text separated by blank lines, a bare newline is a soft break
    (title lines); without any blank lines, every newline ends a paragraph.
    """
    if not lines:
        return Layout(wrapped=False, width=0.0)
    # Judge by body text: headings are short and end without a stop in both layouts,
    # so in a short document they would pass for printed lines.
    body = [ln.text for ln in lines if not is_all_caps(ln.text) and not _is_heading_line(ln.text)]
    texts = body or [ln.text for ln in lines]
    lengths = sorted(len(s) for s in texts)
    median = statistics.median(lengths)
    open_ended = sum(1 for s in texts if not _ends_sentence(s)) / len(texts)
    width = lengths[int(0.9 * (len(lengths) - 1))]
    blank_frac = sum(1 for ln in lines[1:] if ln.blank_before) / max(1, len(lines) - 1)
    wrapped = median < 100 and open_ended > 0.5
    return Layout(
        wrapped=wrapped,
        width=float(width),
        blank_breaks=blank_frac < 0.5 if wrapped else True,
        soft_newlines=blank_frac >= 0.2,
        blank_paragraphs=wrapped and BLANK_PARAGRAPHS_MIN <= blank_frac < 0.5,
    )


def _is_heading_line(text: str) -> bool:
    readings = label_readings(text)
    return bool(readings) and readings[0].scheme in HEADING_SCHEMES and not _ends_sentence(text)


def continues(block: list[str], nxt: Line, layout: Layout, quotes: int | None = None) -> bool:
    """Does the line ``nxt`` continue the block whose last line is ``line``?

    A new numbered item, bullet or heading never continues; capitals never
    continue lower-case text (titles); a lower-case start always continues (a
    sentence or a word broken by a page break); otherwise printed text continues
    when the line above runs to the full width without ending a sentence, or
    leaves a quotation open. A numbered heading takes a capitalised second line
    after a full first line ("1.7. ... lấy mục tiêu phục vụ" + "Nhân dân làm cốt
    lõi"), later only a line that ends its sentence ("... tham mưu cho" + "Ban
    Chấp hành ... các chỉ tiêu sau:"); other text also takes a short capitalised
    line that ends the sentence ("(1) Xây dựng Trụ sở ... - Ủy ban" + "MTTQ Việt
    Nam xã."). ``quotes`` is the block's quote_balance, when the caller keeps it.
    """
    line, text = block[-1], nxt.text
    if layout.blank_paragraphs and not nxt.blank_before and not standalone_kind(text):
        # hard-wrapped paragraphs set apart by blank lines (a markdown export): a line right
        # under another goes on with it, also "- 06%/năm." after "tốc độ tăng bình quân 05",
        # unless a list starts after a line that ends its sentence ("Nơi nhận:" + "- Bộ ...")
        return not (label_readings(text) and _ends_sentence(line))
    readings = label_readings(text)
    if readings:
        rest = text[len(readings[0].text) :].lstrip()
        bullet_midline = (
            readings[0].scheme == "bullet"
            and layout.wrapped
            and (_starts_lower(rest) or (rest[:1].isdigit() and len(line) >= WRAPPED_LINE_FILL * layout.width))
            and not _ends_sentence(line)
        )
        if not bullet_midline:
            return False
    if standalone_kind(text) or _is_note(text) or _is_dateline(text) or _is_dateline(line):
        return False
    caps_now, caps_next = is_all_caps(line), is_all_caps(text)
    if caps_now or caps_next:
        return caps_now and caps_next and not (nxt.blank_before and layout.blank_breaks)
    if _starts_lower(text):
        return True
    if nxt.blank_before and layout.blank_breaks:
        return False
    if _ends_sentence(line):
        return False
    if (quote_balance(" ".join(block)) if quotes is None else quotes) > 0:
        return True
    if not layout.wrapped:
        return layout.soft_newlines
    full = len(line) >= WRAPPED_LINE_FILL * layout.width
    first = label_readings(block[0])
    if first and first[0].scheme in HEADING_SCHEMES:
        return full and (len(block) == 1 or _ends_sentence(text))
    return full or _ends_sentence(text)


def reflow(lines: list[Line], layout: Layout) -> list[tuple[str, int | None]]:
    """Given the prose lines, return paragraphs (joined lines) with their first page."""
    paragraphs: list[tuple[str, int | None]] = []
    block: list[str] = []
    page: int | None = None
    quotes = 0  # quote_balance of the block, kept as it grows: reflow stays linear
    for line in lines:
        if block and continues(block, line, layout, quotes):
            block.append(line.text)
            quotes += quote_balance(line.text)
            continue
        if block:
            paragraphs.append((" ".join(block), page))
        block, page, quotes = [line.text], line.page, quote_balance(line.text)
    if block:
        paragraphs.append((" ".join(block), page))
    return paragraphs


def classify(text: str) -> tuple[str, str | None]:
    """Given a paragraph, return its block kind and visible label."""
    readings = label_readings(text)
    if readings:
        label = readings[0]
        return ("heading" if label.scheme in HEADING_SCHEMES else "list_item"), label.text
    if is_all_caps(text) and len(text) < 300:
        return "heading", None
    return "paragraph", None


# --- the reader ----------------------------------------------------------------


def read_text(path: str | Path) -> RawDocument:
    """Read a .txt/.md file into raw blocks (paragraphs re-flowed, tables rebuilt)."""
    from . import file_sha256

    p = Path(path)
    text, encoding, replaced = decode_text(p.read_bytes(), p)
    warnings = []
    if encoding in (LEGACY_ENCODING, "utf-16-le", "utf-16-be"):
        how = "" if encoding == LEGACY_ENCODING else " without a byte-order mark, told by its byte pattern"
        warnings.append(f"decoded as {encoding} (not UTF-8){how}")
    if replaced:
        warnings.append(
            f"{replaced} undecodable byte sequence{'s' if replaced > 1 else ''} in the {encoding} text "
            "replaced by U+FFFD (�): the words around them may be cut"
        )
    lines = split_web_date(split_lines(text))
    flat = flat_table_regions(lines)
    regions = sorted(table_regions(lines) + flat)
    source = SourceInfo(path=str(p), format="txt", sha256=file_sha256(p), pages=None)
    if any(pg is not None for _, pg in lines):
        source.pages = max(pg for _, pg in lines if pg is not None)

    segments: list[tuple[str, Any]] = []
    cursor = 0
    for start, end in regions:
        segments.append(("prose", lines[cursor:start]))
        region = lines[start : end + 1]
        page = region[0][1]
        if _is_flat_pipe(region[0][0]):
            for part in flat_table_parts([t for t, _ in region], page):
                is_table = isinstance(part, RawBlock)
                segments.append(("table", part) if is_table else ("prose", [(t, page) for t in ["", *part]]))
        else:
            segments.append(("table", parse_table([t for t, _ in region], page)))
        cursor = end + 1
    segments.append(("prose", lines[cursor:]))

    prose_lines = drop_running_lines([_prose_lines(seg) for kind, seg in segments if kind == "prose"])
    layout = detect_layout([ln for group in prose_lines for ln in group])
    blocks: list[RawBlock] = []
    prose_iter = iter(prose_lines)
    for kind, seg in segments:
        if kind == "table":
            if seg is not None:
                blocks.append(seg)
            continue
        for para, page in reflow(next(prose_iter), layout):
            block_kind, label = classify(para)
            blocks.append(RawBlock(kind=block_kind, text=para, label=label, page=page))  # type: ignore[arg-type]
    if not blocks:
        raise DocumentError(p, "no text found (the file has only white space)")
    for b in blocks:  # header rows by their words, as every reader finds them; cells stay as written
        if b.kind == "table" and b.rows and (by_words := header_row_count(b.rows)) > b.header_rows:
            b.header_rows = by_words
    return RawDocument(source=source, blocks=blocks, warnings=warnings)


_WEB_DATE = re.compile(r"^\s*(date\s+(?:19|20)\d\d(?:-\d\d){0,2})\s+(?=\S)")


_AGENCY_DATELINE = re.compile(r"\s(?=\([A-ZĐ][\w.]{1,24}\)\s*[-–]\s)")
HEADLINE_MAX_CHARS = 250


def split_web_date(lines: list[tuple[str, int | None]]) -> list[tuple[str, int | None]]:
    """A saved web page's first line may open with its date (" date 2025-12-23 Hội đồng ..."):
    the date becomes a line of its own, so that the headline or sentence after it starts a block;
    a headline run into its lead at the agency's dateline ("... về đích năm 2026 (ABC) - Sáng
    5/6, ...") stands apart from it too."""
    for i, (line, page) in enumerate(lines):
        if not line.strip():
            continue
        m = _WEB_DATE.match(line)
        if not m:
            return lines
        rest = [(line[m.end() :], page)]
        agency = _AGENCY_DATELINE.search(rest[0][0], 0, HEADLINE_MAX_CHARS)
        if agency:
            rest = [(rest[0][0][: agency.start()], page), ("", page), (rest[0][0][agency.end() :], page)]
        return [*lines[:i], (m.group(1), page), ("", page), *rest, *lines[i + 1 :]]
    return lines


RUNNING_LINE_MIN_REPEATS = 3
RUNNING_LINE_MIN_CHARS = 20
_PAGE_NUMBER = re.compile(r"(?:[-–]\s*)?(?:(?:Trang|trang|Page)\s+)?\d{1,3}(?:\s*/\s*\d{1,3})?(?:\s*[-–])?")


def drop_running_lines(groups: list[list[Line]]) -> list[list[Line]]:
    """Given the prose lines, drop page headers/footers: an unnumbered line repeated on 3+ pages.

    "Tài liệu này thuộc sở hữu của các cơ quan Đảng ..." printed at the foot of
    every page would otherwise be joined into the sentences it interrupts.
    """
    counts: dict[str, int] = {}
    for group in groups:
        for ln in group:
            counts[ln.text] = counts.get(ln.text, 0) + 1
    running = {
        t
        for t, n in counts.items()
        if n >= RUNNING_LINE_MIN_REPEATS and len(t) >= RUNNING_LINE_MIN_CHARS and not label_readings(t)
    }
    return [[ln for ln in group if ln.text not in running] for group in groups] if running else groups


def _prose_lines(seg: list[tuple[str, int | None]]) -> list[Line]:
    """Given raw lines, return the non-blank ones with markup stripped, noting blank lines before."""
    out: list[Line] = []
    blank = True
    for raw, page in seg:
        cleaned = _MD_HEADING.sub("", raw)
        pieces = strip_markup(cleaned).split("\n")
        if not raw.strip():
            blank = True
            continue
        for piece in pieces:
            piece = piece.strip()
            if not piece or _PAGE_NUMBER.fullmatch(piece):
                continue
            out.append(Line(text=piece, page=page, blank_before=blank))
            blank = False
    return out
