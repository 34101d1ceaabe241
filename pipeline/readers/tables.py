"""Table rules every reader shares: header rows found by their words, continued tables joined.

Whoever made the file, a table of targets reads the same: its header row says what the
columns are ("STT", "Chỉ tiêu", "ĐVT", "Cơ quan chủ trì", "Năm 2026" ...), also when a
narrow column wraps a cell ("ST" / "T", "Đơn vị" / "tính") and whatever its weight or
place. A table that a Word author or a PDF printer cut into several (the header row
repeated on top of each, group headings such as "II. NHÓM ..." standing between them as
paragraphs or as merged rows) is one table with its group rows. The DOCX and PDF readers
call ``tidy_tables`` on their blocks; the cue words are data (data/table_columns.json).
"""

from __future__ import annotations

import itertools
import json
import re
from functools import lru_cache
from pathlib import Path

from ..model import RawBlock, RawCell
from ..normalize import compare_key
from ..numbering import is_all_caps, split_label

COLUMNS_FILE = Path(__file__).resolve().parent.parent / "data" / "table_columns.json"
# "Năm 2026", "Giai đoạn 2026 - 2030", "2026-2030", "Quý I/2026": a header cell of a year column.
YEAR_CELL = re.compile(
    r"^(?:(?:năm|giai đoạn|đến năm|quý [ivx]+/?)\s*)?(?:19|20)\d\d(?:\s*[-–]\s*(?:19|20)\d\d)?$"
)
# A header has at least this many cells saying what a column is, and they are most of its cells.
MIN_HEADER_CUES = 2
HEADER_CUE_SHARE = 0.5
# Blocks that may stand between two pieces of one table: group headings, short.
GROUP_HEADING_MAX_CHARS = 200
MAX_BLOCKS_BETWEEN = 2
MAX_WRAPPED_LINES = 8  # a header cell broken into more lines is not rejoined by trial


@lru_cache(maxsize=1)
def header_cues() -> tuple[frozenset[str], frozenset[str]]:
    """The header cue keys, as written and with their spaces removed (for wrapped cells)."""
    data = json.loads(COLUMNS_FILE.read_text(encoding="utf-8"))
    words = {compare_key(w) for w in data["header"]}
    return frozenset(words), frozenset(w.replace(" ", "") for w in words)


def _key(text: str) -> str:
    return compare_key(text.replace("*", " ")).strip(" .:")


def is_header_cell(text: str) -> bool:
    """Whether a cell says what a column is: a cue ("Cơ quan chủ trì", "ĐVT"), a cue followed by
    more words ("Mục tiêu đến năm 2030", "Chỉ tiêu kế hoạch"), a year column ("Năm 2026"), also
    wrapped ("ST T", "Đơn vị\\ntính")."""
    key = _key(text)
    if not key:
        return False
    words, squeezed = header_cues()
    if key in words or key.replace(" ", "") in squeezed or YEAR_CELL.match(key):
        return True
    return any(key.startswith(w + " ") for w in words if " " in w or len(w) > 3)


def is_header_row(row: list[RawCell]) -> bool:
    filled = [c for c in row if c.text.strip()]
    cues = sum(1 for c in filled if is_header_cell(c.text))
    years = sum(1 for c in filled if YEAR_CELL.match(_key(c.text)))
    if years and years == len(filled):
        return True  # the second header row under "Giai đoạn 2026 - 2030": Năm 2026 | Năm 2027 ...
    return cues >= MIN_HEADER_CUES and cues >= HEADER_CUE_SHARE * len(filled)


def header_row_count(rows: list[list[RawCell]]) -> int:
    """How many leading rows of a table are its header, judged by what they say (0 when none)."""
    n = 0
    while n < len(rows) and n < 3 and is_header_row(rows[n]):
        n += 1
    if n and not any(
        sum(1 for c in rows[k] if c.text.strip() and not YEAR_CELL.match(_key(c.text))) for k in range(n)
    ):
        return 0  # rows of bare years are data, not a header
    return n


def unwrap_header(rows: list[list[RawCell]], header_rows: int) -> None:
    """Join what a narrow column broke in header cells: "ST\nT" -> "STT", "Đơn vị\ntính" ->
    "Đơn vị tính", "Cơ quan thườ\nng trực" -> "Cơ quan thường trực": each line break is a
    space, unless closing it up makes the cell say a header cue."""
    words, _ = header_cues()
    for row in rows[:header_rows]:
        for c in row:
            lines = [" ".join(ln.split()) for ln in c.text.split("\n") if ln.strip()]
            text = " ".join(lines)
            if 1 < len(lines) <= MAX_WRAPPED_LINES and _key(text) not in words:
                joins = sorted(itertools.product((" ", ""), repeat=len(lines) - 1), key=lambda j: j.count(""))
                for j in joins:
                    candidate = lines[0] + "".join(sep + ln for sep, ln in zip(j, lines[1:], strict=True))
                    if _key(candidate) in words:
                        text = candidate
                        break
            if _key(text) not in words and _key("".join(text.split())) in words:
                text = "".join(text.split())  # "ST T": a one-word cue cut inside a line
            c.text = text


def _row_key(row: list[RawCell]) -> tuple[str, ...]:
    return tuple("".join(compare_key(c.text).split()) for c in row)


def width(block: RawBlock) -> int:
    return max((c.col + c.colspan for row in block.rows or [] for c in row), default=0)


def _is_group_heading(b: RawBlock) -> bool:
    """A block between two pieces of a table that names the group of rows after it."""
    text = b.text.strip()
    if b.kind == "table" or not text or len(text) > GROUP_HEADING_MAX_CHARS:
        return False
    return bool(split_label(text)) or is_all_caps(text) or b.kind == "heading"


def _joins(prev: RawBlock, nxt: RawBlock, between: list[RawBlock]) -> bool:
    """Whether table ``nxt`` continues table ``prev`` across the group headings ``between``."""
    if width(prev) != width(nxt) or width(prev) < 3 or not prev.rows or not nxt.rows:
        return False
    if len(between) > MAX_BLOCKS_BETWEEN or not all(_is_group_heading(b) for b in between):
        return False
    if not prev.header_rows:
        if _row_key(prev.rows[0]) != _row_key(nxt.rows[0]):
            return False
        prev.header_rows = 1  # the first row typed again on top of the next piece: it is the header
    header = [_row_key(r) for r in prev.rows[: prev.header_rows]]
    repeats = [_row_key(r) for r in nxt.rows[: prev.header_rows]] == header
    return repeats or (not nxt.header_rows and bool(between))


def _group_texts(between: list[RawBlock]) -> list[str]:
    """The group headings between two pieces; a line without a label continues the one above."""
    texts: list[str] = []
    for b in between:
        if texts and not split_label(b.text.strip()):
            texts[-1] += " " + b.text.strip()
        else:
            texts.append(b.text.strip())
    return texts


def _group_row(text: str, ncols: int) -> list[RawCell]:
    return [RawCell(text=" ".join(text.split()), row=0, col=0, colspan=ncols)]


def merge_continued(blocks: list[RawBlock]) -> list[RawBlock]:
    """Join tables cut into pieces (same columns, the header row repeated or group headings
    between them) into one table; the group headings between become its group rows."""
    out: list[RawBlock] = []
    i = 0
    while i < len(blocks):
        b = blocks[i]
        out.append(b)
        i += 1
        if b.kind != "table":
            continue
        while True:
            j = i
            while j < len(blocks) and j - i < MAX_BLOCKS_BETWEEN and blocks[j].kind != "table":
                j += 1
            if j >= len(blocks) or blocks[j].kind != "table" or not _joins(b, blocks[j], blocks[i:j]):
                break
            assert b.rows is not None
            nxt = blocks[j]
            ncols = width(b)
            rows = [_group_row(text, ncols) for text in _group_texts(blocks[i:j])]
            body = list(nxt.rows or [])
            if [_row_key(r) for r in body[: b.header_rows]] == [_row_key(r) for r in b.rows[: b.header_rows]]:
                body = body[b.header_rows :]
            for row in rows + body:
                for c in row:
                    c.row = len(b.rows)
                b.rows.append(row)
            i = j + 1
    return out


def tidy_tables(blocks: list[RawBlock]) -> list[RawBlock]:
    """Header rows by their words (kept from the file where its words say nothing), header
    cells unwrapped, and continued tables joined."""
    for b in blocks:
        if b.kind != "table" or not b.rows:
            continue
        by_words = header_row_count(b.rows)
        if by_words:
            b.header_rows = by_words
        unwrap_header(b.rows, b.header_rows)
    return merge_continued(blocks)
