"""Tables typed without rules, found from how their words line up on the page.

A Word table printed without borders (a borderless indicator table, pandoc's "Table"
style) shows on a PDF page only as words, laid out as a table lays them out: the text of
a column stays inside it, so blank strips (gutters) run down the table between the
columns; text too long for its column wraps inside it, a word too long for it is broken
where the column ends ("Lượ" / "ng", "26.12" / "0"); a group heading runs across all the
columns, a header cell across the columns under it; a row starts lower than the next line
of a cell would (the cell's margins), or, where cells have no margins, where the first
column has text.

So a table is a run of lines that keep at least two gutters open. It starts at a line of
three or more pieces (runs of words set apart by a wide blank), takes the lines below
and above that leave open the gutters between what the lines so far cover, and lets up
to three lines in a row bridge them (a group heading) when the table goes on after them.
Its columns are the gutters left open by every piece of its lines but the long ones,
which are the pieces with a gutter of two other lines inside them (a group heading, a
spanning header cell: their cells span the columns they cross); a gutter may have a
piece or two reach into it (the short second line of a spanning header cell). Rows:
``_rows``. The lines of a cell join with a line break, or with nothing where the column
broke a word (``join_cell_lines``; the document's words settle what the letters cannot,
``join_maybe_broken``); ruled tables (``pdf_pdfplumber``) join their cells' lines by the
same rule. A table at the top of a page that starts its columns where the table ending
the page before does goes on with it, and needs no more than one row there.
"""

from __future__ import annotations

import bisect
import itertools
import re
from dataclasses import dataclass

from ..model import RawCell
from .pdf_page import Char, TablePart, TextLine, is_bold, median_size, spaced_text

PIECE_GAP_EM = 0.6  # a blank this wide (in font sizes) between two words sets two pieces of a line apart
GUTTER_EM = 0.5  # ... and a gutter between two columns stays at least this wide
TABLE_GAP_EM = 2.0  # a blank this tall between two lines ends a table
ROW_STEP_EM = 0.2  # a row starts this much lower than the next line of a cell would
MIN_TABLE_COLUMNS = 3
MIN_TABLE_ROWS = 3  # rows with cells in two columns or more
MIN_SEED_PIECES = 3
MAX_BRIDGING_LINES = 3  # lines in a row that may cross the gutters (a group heading) inside a table
COLUMN_SHIFT_EM = 0.6  # columns of two pieces of one table start this close
LONG_PIECE_LINES = 2  # a piece spans columns when this many other lines show a gutter inside it
CROSSING_PIECES = 2  # a gutter may have this many pieces reach into it (a spanning header cell's short lines)
BLANK = 0.2  # ... if a blank of this share of the least gutter width is left in it

Interval = tuple[float, float]


@dataclass(slots=True)
class Piece:
    """A run of words of one printed line with no wide blank inside."""

    x0: float
    x1: float
    chars: list[Char]
    size: float
    long: bool = False
    _text: str | None = None

    @property
    def text(self) -> str:  # made when asked: most lines are never part of a table
        if self._text is None:
            self._text = spaced_text(self.chars, self.size)
        return self._text

    @property
    def first_width(self) -> float:
        return self.chars[0].x1 - self.chars[0].x0


@dataclass(slots=True)
class _Line:
    top: float
    bottom: float
    size: float
    pieces: list[Piece]


def line_pieces(line: TextLine) -> tuple[list[Piece], float]:
    """The pieces of a printed line and its font size."""
    chars = [c for c in line.chars if c.text.strip()]
    if not chars:
        return [], 0.0
    size = median_size(chars)
    limit = PIECE_GAP_EM * size
    pieces: list[Piece] = []
    group = [chars[0]]
    right = group_right = chars[0].x1  # how far the line and the piece reach so far
    for c in itertools.islice(chars, 1, None):
        x1 = c.x1
        if c.x0 - right >= limit:
            pieces.append(Piece(group[0].x0, group_right, group, size))
            group, group_right = [c], x1
        else:
            group.append(c)
            if x1 > group_right:
                group_right = x1
        if x1 > right:
            right = x1
    pieces.append(Piece(group[0].x0, group_right, group, size))
    return pieces, size


def _gaps(pieces: list[Piece], min_width: float) -> list[Interval]:
    return [(a.x1, b.x0) for a, b in itertools.pairwise(pieces) if b.x0 - a.x1 >= min_width]


def _closed(gutters: list[Interval], pieces: list[Piece], min_width: float) -> int:
    """How many of the gutters a line's pieces close (leave no blank ``min_width`` wide in)."""
    closed = 0
    for a, b in gutters:
        rest = [(a, b)]
        for p in pieces:
            if p.x1 <= a or p.x0 >= b:
                continue
            parts: list[Interval] = []
            for s, e in rest:
                if p.x1 <= s or p.x0 >= e:
                    parts.append((s, e))
                    continue
                if p.x0 - s >= min_width:
                    parts.append((s, p.x0))
                if e - p.x1 >= min_width:
                    parts.append((p.x1, e))
            rest = parts
        closed += not rest
    return closed


def _cover(coverage: list[Interval], pieces: list[Piece], min_width: float) -> list[Interval]:
    """What the lines so far cover, with a line's pieces added (blanks narrower than a gutter closed)."""
    spans = sorted([*coverage, *((p.x0, p.x1) for p in pieces)])
    out: list[Interval] = []
    for a, b in spans:
        if out and a - out[-1][1] < min_width:
            out[-1] = (out[-1][0], max(out[-1][1], b))
        else:
            out.append((a, b))
    return out


def _gutters(coverage: list[Interval]) -> list[Interval]:
    return [(a[1], b[0]) for a, b in itertools.pairwise(coverage)]


def _grow(
    lines: list[_Line], seed: int, step: int, size: float, taken: set[int], coverage: list[Interval]
) -> tuple[list[int], list[Interval]]:
    """The lines after (step 1) or before (step -1) the seed that keep the gutters between what
    the lines so far cover open, and what they all cover.

    Going down, up to MAX_BRIDGING_LINES lines in a row may close gutters if a line keeping
    them open follows (a group heading between rows); going up, the first such line ends it.
    """
    min_width = GUTTER_EM * size
    members: list[int] = []
    pending: list[int] = []
    prev = lines[seed]
    k = seed + step
    while 0 <= k < len(lines) and k not in taken:
        ln = lines[k]
        blank = ln.top - prev.bottom if step > 0 else prev.top - ln.bottom
        if blank > TABLE_GAP_EM * size or not ln.pieces:
            break
        if not _closed(_gutters(coverage), ln.pieces, min_width):
            members.extend(pending)
            members.append(k)
            pending = []
            coverage = _cover(coverage, ln.pieces, min_width)
        elif step > 0 and len(pending) < MAX_BRIDGING_LINES:
            pending.append(k)
        else:
            break
        prev = ln
        k += step
    return members, coverage


def _columns(lines: list[_Line], size: float) -> list[Interval]:
    """The gutters of a table's lines: blanks no piece crosses but the long ones (marked here)."""
    min_width = GUTTER_EM * size
    gaps = [_gaps(ln.pieces, min_width) for ln in lines]
    for n, ln in enumerate(lines):
        for p in ln.pieces:
            if len(ln.pieces) == 1 or p.x1 - p.x0 > 2 * min_width:
                inside = sum(
                    1 for m, gs in enumerate(gaps) if m != n and any(p.x0 <= a and b <= p.x1 for a, b in gs)
                )
                p.long = inside >= LONG_PIECE_LINES
    spans = sorted((p.x0, p.x1) for ln in lines for p in ln.pieces if not p.long)
    if not spans:
        return []
    # how many pieces cover each stretch between two piece edges
    edges = sorted({x for span in spans for x in span})
    counts = [0] * (len(edges) - 1)
    for a, b in spans:
        for k in range(bisect.bisect_left(edges, a), bisect.bisect_left(edges, b)):
            counts[k] += 1
    gutters: list[Interval] = []
    k = 0
    while k < len(counts):
        if counts[k] > CROSSING_PIECES:
            k += 1
            continue
        end = k
        while end < len(counts) and counts[end] <= CROSSING_PIECES:
            end += 1
        a, b = edges[k], edges[end]
        blank = [(edges[m], edges[m + 1]) for m in range(k, end) if counts[m] == 0]
        inside = any(a <= x0 and x1 <= b for x0, x1 in spans)
        if b - a >= min_width and blank and not inside and max(y - x for x, y in blank) >= BLANK * min_width:
            gutters.append((a, b))  # a gutter that a piece or two of a spanning cell reach into
        else:
            gutters.extend((x, y) for x, y in _merged_blanks(blank) if y - x >= min_width)
        k = end
    return gutters


def _merged_blanks(blank: list[Interval]) -> list[Interval]:
    out: list[Interval] = []
    for a, b in blank:
        if out and a <= out[-1][1]:
            out[-1] = (out[-1][0], b)
        else:
            out.append((a, b))
    return out


def _has_vowel(text: str) -> bool:
    return any(c in _VOWELS for c in text)


_VOWELS = frozenset(
    "aàáảãạăằắẳẵặâầấẩẫậeèéẻẽẹêềếểễệiìíỉĩịoòóỏõọôồốổỗộơờớởỡợuùúủũụưừứửữựyỳýỷỹỵ"
)
_NUMBER_END = frozenset("0123456789.,/")
_CLOSING = frozenset(")]”%,;:")
_NUMBER_CUT = re.compile(r"^\d[\d.,]*[.,]$")
MAYBE_BROKEN = "\ue000"  # a line break inside a cell that may have cut a word (private use: no glyph)
_MAYBE = re.compile(r"([^\s\ue000]+)\ue000([^\s\ue000]+)")
_PUNCTUATION = "()[]“”\"'.,;:!?…-–"
_YEAR_LIKE = 4


def _broken_word(a: str, b: str) -> bool | None:
    """Whether line ``a`` (one word) and the next line starting ``b`` are one word broken in two:
    a number ("26.12" / "0", "13." / "500", "I." / "1", "100" / "%"), or letters of one case where
    one side has no vowel or the rest is one letter ("Lượ" / "ng", "Chín" / "h", "ST" / "T",
    "khẩ" / "u"); never two years, a word and a number, or a word before a capitalised one.
    None where only the document can tell: two pieces with vowels ("Thư" / "ờng", "và" / "ứng")."""
    last, first = a[-1], b[0]
    if (first in _CLOSING and (last.isalnum() or last in _CLOSING)) or last in "([“":
        return True  # "(Tấn" / ")", "100" / "%", "(" / "Nghìn"
    if last in _NUMBER_END and (first.isdigit() or (first in ".," and last.isdigit())):
        year_pair = a.isdigit() and len(a) == _YEAR_LIKE and b[:_YEAR_LIKE].isdigit()
        return not year_pair and (last.isdigit() or first.isdigit())
    if not (last.isalpha() and first.isalpha()):
        return False
    if last.isupper() != first.isupper():
        return False
    word = b.split()[0]
    if first.isupper() and any(c.islower() for c in b) and (word != word.upper() or len(word) > 1):
        return False  # a capitalised word starts, or an acronym ("HĐND" / "UBND xã"), not "UBN" / "D xã"
    if not _has_vowel(a.lower() if a.isupper() else a) or not _has_vowel(word) or len(word.strip(").,;:")) == 1:
        return True
    return None


def join_cell_lines(lines: list[tuple[str, float, float]], limit: float) -> str:
    """The text of a cell from its printed lines: (text, right edge, width of the first glyph).

    Lines join with a line break, or with nothing where the column broke a word: the line
    is one word, the next line's first glyph would have passed ``limit`` (the furthest any
    line of the column reaches), and the two pieces read as one word (``_broken_word``);
    or the line is a number that ends in its separator ("1.211." / "000": a printer may
    break a number there). Where only the document's words can tell, MAYBE_BROKEN stands
    between the lines (``join_maybe_broken`` settles it).
    """
    text = ""
    for n, (line, _x1, _w) in enumerate(lines):
        if n:
            prev, x1, _ = lines[n - 1]
            word = prev.strip()
            sep = "\n"
            if " " not in word:
                if _NUMBER_CUT.match(word) and line.strip()[:1].isdigit():
                    sep = ""
                elif x1 + lines[n][2] > limit - 0.5:
                    broken = _broken_word(word, line.strip())
                    sep = "" if broken else (MAYBE_BROKEN if broken is None else "\n")
            text += sep
        text += line.strip()
    return text


def join_maybe_broken(texts: list[str], cells: list[RawCell]) -> None:
    """Settle the line breaks of table cells that may have cut a word (MAYBE_BROKEN) by the
    words of the document: "Thư" / "ờng" is "Thường" where the document writes "thường"
    and never "ờng" alone; elsewhere it stays a line break."""
    if not any(MAYBE_BROKEN in c.text for c in cells):
        return
    words: set[str] = set()
    for text in [*texts, *(c.text for c in cells)]:
        words.update(_word_key(w) for w in text.split() if MAYBE_BROKEN not in w)

    def settle(m: re.Match[str]) -> str:
        a, b = m.group(1), m.group(2)
        whole = _word_key(a + b) in words and _word_key(b) not in words
        return a + ("" if whole else "\n") + b

    for c in cells:
        if MAYBE_BROKEN in c.text:
            c.text = _MAYBE.sub(settle, c.text).replace(MAYBE_BROKEN, "\n")


def _word_key(word: str) -> str:
    return word.strip(_PUNCTUATION).casefold()


def join_cut_row(above: str, below: str) -> str:
    """A cell of a row a page break cut: the text above and below it, one number where the
    break fell after its separator ("1.211." / "000"), one word where it fell inside a word
    ("Phòn" / "g"; MAYBE_BROKEN where only the document's words can tell)."""
    last, first = above.rsplit("\n", 1)[-1].strip(), below.strip()
    sep = "\n"
    if last and first and " " not in last:
        if _NUMBER_CUT.match(last) and first[:1].isdigit():
            sep = ""
        else:
            broken = _broken_word(last, first)
            sep = "" if broken else (MAYBE_BROKEN if broken is None else "\n")
    return f"{above}{sep}{below}".strip()


# --- finding the tables of a page ------------------------------------------------------


def borderless_tables(
    lines: list[TextLine], number: int, after: TablePart | None = None
) -> tuple[list[TablePart], set[int]]:
    """Tables typed without rules among a page's lines, and the indexes of the lines they take.

    ``after``: the table the page before ended with. A table whose columns start where its
    columns do goes on with it, and needs no more than one row here (its header repeated
    and the end of a row cut by the page break).
    """
    prepared: list[_Line] = []
    for ln in lines:
        pieces, size = line_pieces(ln)
        prepared.append(_Line(ln.top, ln.bottom, size, pieces))
    parts: list[TablePart] = []
    taken: set[int] = set()
    i = 0
    while i < len(prepared):
        if len(prepared[i].pieces) < MIN_SEED_PIECES or i in taken:
            i += 1
            continue
        size = prepared[i].size
        seed = _cover([], prepared[i].pieces, GUTTER_EM * size)
        below, coverage = _grow(prepared, i, 1, size, taken, seed)
        above, _ = _grow(prepared, i, -1, size, taken, coverage)
        members = sorted([*above, i, *below])
        found = _table(lines, prepared, members, number, size, after if not parts else None)
        if found is None:
            i += 1
            continue
        part, used = found
        parts.append(part)
        taken.update(used)
        i = max(used) + 1
    return parts, taken


def same_columns(a: TablePart, b: TablePart, size: float) -> bool:
    """Whether two pieces of borderless tables have their columns start at the same places."""
    if len(a.col_edges) != len(b.col_edges):
        return False
    tolerance = max(3.0, COLUMN_SHIFT_EM * size)
    return all(abs(x - y) <= tolerance for x, y in zip(a.col_edges[:-1], b.col_edges[:-1], strict=True))


def _table(
    lines: list[TextLine],
    prepared: list[_Line],
    members: list[int],
    number: int,
    size: float,
    after: TablePart | None,
) -> tuple[TablePart, list[int]] | None:
    region = [prepared[k] for k in members]
    for ln in region:
        for p in ln.pieces:
            p.long = False
    gutters = _columns(region, size)
    if len(gutters) + 1 < MIN_TABLE_COLUMNS:
        return None
    starts = [b for _, b in gutters]  # where each column after the first starts
    mids = [(a + b) / 2 for a, b in gutters]
    ncols = len(gutters) + 1
    limits = [0.0] * ncols  # how far the text of each column reaches (not counting what reaches into a gutter)
    for ln in region:
        for p in ln.pieces:
            col = bisect.bisect(mids, (p.x0 + p.x1) / 2)
            if not p.long and (col == ncols - 1 or p.x1 <= gutters[col][0] + 0.01):
                limits[col] = max(limits[col], p.x1)
    rows = _rows(region, mids, size, limits[0])
    # a group heading or a line in the first column alone at the end (a note under the
    # table) is left to the text; the end of a row cut by the page break is not
    while rows and (rows[-1].group or set(rows[-1].cells) <= {0}):
        rows.pop()
    if not rows:
        return None
    raw_rows: list[list[RawCell]] = []
    for r, row in enumerate(rows):
        cells: list[RawCell] = []
        col = 0
        for c in range(ncols):
            if c < col:
                continue
            entries = row.cells.get(c)
            span = row.spans.get(c, 1)
            if entries:
                limit = max(limits[c : c + span]) if span > 1 else limits[c]
                text = join_cell_lines([(p.text, p.x1, p.first_width) for p in entries], limit)
            else:
                text = ""
            if row.group and not entries:
                col = c + 1
                continue
            cells.append(RawCell(text=text, row=r, col=c, colspan=span))
            col = c + span
        raw_rows.append(cells)
    used = [members[n] for row in rows for n in row.lines]
    first = [ch for n in rows[0].lines for ch in lines[members[n]].chars]
    left = min(p.x0 for ln in region for p in ln.pieces if not p.long)
    right = max(p.x1 for ln in region for p in ln.pieces if not p.long)
    part = TablePart(
        page=number,
        top=region[rows[0].lines[0]].top,
        col_edges=[left, *starts, right],
        rows=raw_rows,
        bold_first_row=is_bold(first),
        ruled=False,
    )
    least = 1 if after is not None and not after.ruled and same_columns(after, part, size) else MIN_TABLE_ROWS
    if sum(1 for r in rows if len(r.cells) >= 2) < least:
        return None
    return part, used


@dataclass
class _Row:
    lines: list[int]
    cells: dict[int, list[Piece]]
    spans: dict[int, int]
    group: bool = False  # its one cell spans the table (a group heading)


def _place(ln: _Line, mids: list[float], size: float) -> list[tuple[int, int, Piece]]:
    """(column, columns spanned, piece) for each piece of a line; a long piece from where it starts."""
    out = []
    for p in ln.pieces:
        if p.long:
            first = bisect.bisect(mids, p.x0 + 0.5 * size)
            last = bisect.bisect(mids, p.x1 - 0.5 * size)
            out.append((first, max(1, last - first + 1), p))
        else:
            out.append((bisect.bisect(mids, (p.x0 + p.x1) / 2), 1, p))
    return out


def _rows(region: list[_Line], mids: list[float], size: float, first_reach: float) -> list[_Row]:
    """The lines of a table cut into rows.

    Where rows are set lower than the lines of a cell (cell margins), a row starts at
    such a line; elsewhere a row starts where the first column has text, but for the
    rest of a word the first column broke ("ST" / "T"; ``first_reach``: how far its text
    reaches). A line that is one long piece from the first columns (a group heading) is
    a row of its own, with the lines of the heading after it.
    """
    ncols = len(mids) + 1
    placed = [_place(ln, mids, size) for ln in region]
    step = _line_step(region)
    taller = [
        n > 0 and step is not None and ln.top - region[n - 1].top > step + ROW_STEP_EM * size
        for n, ln in enumerate(region)
    ]
    by_blank = _rows_by_blank(placed, taller)
    rows: list[_Row] = []
    for n, here in enumerate(placed):
        group = len(here) == 1 and here[0][2].long and here[0][0] <= 1 and here[0][1] >= 2
        if not rows:
            new = True
        elif group:
            new = not rows[-1].group or (by_blank and taller[n])
        elif rows[-1].group:
            new = taller[n] or not by_blank
        elif by_blank:
            new = taller[n]
        else:
            new = any(c == 0 for c, _, _ in here) and not _goes_on_word(placed[n - 1], here, first_reach)
        if new:
            rows.append(_Row(lines=[], cells={}, spans={}, group=group))
        row = rows[-1]
        row.lines.append(n)
        for c, span, p in here:
            if row.group:
                c = min(row.cells, default=c)
            row.cells.setdefault(c, []).append(p)
            row.spans[c] = max(row.spans.get(c, 1), span)
    for row in rows:
        if row.group:
            c = min(row.cells)
            row.spans[c] = ncols - c
            continue
        filled = sorted(row.cells)
        for c, nxt in zip(filled, [*filled[1:], ncols], strict=True):
            if row.spans[c] > 1:  # a spanning cell spans the empty cells after it ("Giai đoạn" over its years)
                row.spans[c] = nxt - c
    return rows


def _goes_on_word(before: list[tuple[int, int, Piece]], here: list[tuple[int, int, Piece]], reach: float) -> bool:
    """Whether the first column's text on a line is the rest of a word it broke on the line before."""
    above = next((p for c, _, p in before if c == 0 and not p.long), None)
    label = next((p for c, _, p in here if c == 0 and not p.long), None)
    return (
        above is not None
        and label is not None
        and not above.text.isdigit()  # "1" / "2" in a column of one digit: two rows, or "12"
        and " " not in above.text
        and above.x1 + label.first_width > reach - 0.5
        and _broken_word(above.text, label.text) is True
    )


def _rows_by_blank(placed: list[list[tuple[int, int, Piece]]], taller: list[bool]) -> bool:
    """Whether the table's rows are set lower than the lines of its cells.

    The lines after the first one set lower (the header's) tell: there, a first column
    that has text on a line set lower is a row starting so; one at the step of a cell's
    lines, after a line without it or not going on with its word, is a row starting
    without. A table whose rows all start by their first column (every row one line, a
    number column typed "1", "2", "3") has only the first kind in its header.
    """
    if True not in taller:
        return False
    first = taller.index(True)
    labels = good = bad = 0
    for n in range(first + 1, len(placed)):
        label = next((p for c, _, p in placed[n] if c == 0), None)
        if label is None:
            continue
        labels += 1
        if taller[n]:
            good += 1
            continue
        before = next((p for c, _, p in placed[n - 1] if c == 0), None)
        if before is None or _broken_word(before.text, label.text) is not True:
            bad += 1
    return labels == 0 or good > 2 * bad


def _line_step(region: list[_Line]) -> float | None:
    """How far below the line before the next line of a cell is set: the least step between
    the tops of two lines of a size (at least that size apart) that is found twice."""
    steps = [
        round(2 * (b.top - a.top)) / 2
        for a, b in itertools.pairwise(region)
        if b.top - a.top >= 0.95 * b.size and abs(a.size - b.size) < 0.5
    ]
    if not steps:
        return None
    counts: dict[float, int] = {}
    for s in steps:
        counts[s] = counts.get(s, 0) + 1
    return min((s for s, n in counts.items() if n >= 2), default=min(counts))
