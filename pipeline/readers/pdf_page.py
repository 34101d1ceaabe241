"""What a PDF engine hands the PDF reader for one page: characters, text lines, table pieces.

Two engines read PDF pages: PDFium (``pdf_pdfium``, fast) and pdfplumber
(``pdf_pdfplumber``, the reference, and the table finder for ruled tables). Each
turns a page into a PageText of the same dataclasses, so the layout logic of
``pdf`` (blocks, headings, headers and footers) never knows which engine read it.

``text_lines`` cuts characters into printed lines exactly as pdfplumber's
``extract_text_lines`` does (same tolerances, same word and line clustering), so
PDFium's characters give the same lines pdfplumber would. It runs once per glyph of
every page, so it is compiled (``_text_lines.c``, built by setup.py); its Python twin,
``_python_lines_of``, runs where nothing could build it, and tests hold the two together.
"""

from __future__ import annotations

import functools
import itertools
import operator
import re
import statistics
from collections.abc import Callable
from dataclasses import dataclass, field

from ..model import RawCell

X_TOLERANCE = 3.0  # pdfplumber's default: a wider blank between two characters starts a word
Y_TOLERANCE = 3.0  # ... and characters whose tops differ by more are on different lines
DEDUPE_TOLERANCE = 1.0  # a glyph printed again within this distance is a fake-bold copy
LIGATURES = {"ﬀ": "ff", "ﬃ": "ffi", "ﬄ": "ffl", "ﬁ": "fi", "ﬂ": "fl", "ﬆ": "st", "ﬅ": "st"}


@dataclass(slots=True)
class Char:
    """One printed character, in points from the page's top-left corner (as pdfplumber measures)."""

    text: str
    x0: float
    x1: float
    top: float
    bottom: float
    size: float
    fontname: str


@dataclass(slots=True)
class TextLine:
    """A printed line: its characters left to right, one space between words."""

    text: str
    x0: float
    x1: float
    top: float
    bottom: float
    chars: list[Char]


@dataclass
class TablePart:
    """The piece of a table found on one page."""

    page: int
    top: float
    col_edges: list[float]
    rows: list[list[RawCell]]
    bold_first_row: bool
    ruled: bool = True  # found from its ruling lines (pdfplumber), not from how its words line up


@dataclass
class PageText:
    """One page as an engine read it: lines outside ruled tables, and the ruled tables."""

    number: int
    width: float
    lines: list[TextLine]
    tables: list[TablePart] = field(default_factory=list)
    has_images: bool = False
    engine: str = "pdfplumber"  # which engine read this page ("pdfium" or "pdfplumber")


def _cluster_ids(values: list[float], tolerance: float) -> dict[float, int]:
    """pdfplumber's cluster_list: sorted distinct values, a new cluster past ``tolerance`` from the last."""
    ids: dict[float, int] = {}
    k, last = -1, 0.0
    for v in sorted(set(values)):
        if k < 0 or v > last + tolerance:
            k += 1
        ids[v] = k
        last = v
    return ids


def page_lines(chars: list[Char]) -> list[TextLine]:
    """The printed lines of a page, fake-bold copies of glyphs dropped first where there are any."""
    lines, doubled = _text_lines(chars)
    return _text_lines(dedupe_chars(chars))[0] if doubled else lines


def text_lines(chars: list[Char]) -> list[TextLine]:
    """The printed lines of a page's characters, as pdfplumber's ``extract_text_lines`` gives them.

    Characters are clustered into rows by their tops, sorted left to right, and cut
    into words at white space and at blanks wider than X_TOLERANCE; words are then
    clustered into lines by their tops again, keeping row order.
    """
    return _text_lines(chars)[0]


def _text_lines(chars: list[Char]) -> tuple[list[TextLine], bool]:
    """text_lines, and whether some glyph is printed twice at (almost) the same place (fake bold).

    Compiled where setup.py could build ``_text_lines.c``: the same steps as ``_python_lines_of``,
    which runs anyway where a top or a left edge is NaN (no order for the compiled sort to follow).
    """
    chars = chars if type(chars) is list else list(chars)
    got = _lines_of(chars, X_TOLERANCE, Y_TOLERANCE, LIGATURES, TextLine)
    if got is NotImplemented:
        return _python_lines_of(chars, X_TOLERANCE, Y_TOLERANCE, LIGATURES, TextLine)
    return got


def _python_lines_of(
    chars: list[Char], x_tolerance: float, y_tolerance: float, ligatures: dict[str, str], line_type: type
) -> tuple[list[TextLine], bool]:
    """The Python twin of ``_text_lines.c``: the steps of ``_text_lines``, which tests hold the two to."""
    row_of = _cluster_ids([c.top for c in chars], y_tolerance)
    rows: dict[int, list[Char]] = {}
    for top, run in itertools.groupby(chars, _TOP):  # characters come in runs of one top
        rows.setdefault(row_of[top], []).extend(run)
    words: list[list[Char]] = []
    tops: list[float] = []  # the top of each word
    wtexts: list[str] = []  # and its text
    doubled = False
    for r in sorted(rows):
        row = rows[r]
        row.sort(key=_X0)  # stable: page order among equal left edges, as pdfplumber
        word: list[Char] = []
        wtext = ""  # its text
        seen = ""  # the previous visible character of the row: its text, left edge and top
        sx0 = stop = lx1 = wtop = 0.0  # ... the right edge of the last character of the word, its top
        for c in row:
            text, x0, top = c.text, c.x0, c.top
            if text.isspace():
                if word:
                    words.append(word)
                    tops.append(wtop)
                    wtexts.append(wtext)
                    word = []
                seen = ""
                continue
            if text == seen and x0 - sx0 < 1 and abs(top - stop) < 1:
                doubled = True
            if not word:
                word, wtop, wtext = [c], top, text
            elif x0 < sx0 or x0 > lx1 + x_tolerance or abs(top - stop) > y_tolerance:
                words.append(word)
                tops.append(wtop)
                wtexts.append(wtext)
                word, wtop, wtext = [c], top, text
            else:
                word.append(c)
                wtext += text
                if top < wtop:
                    wtop = top
            seen, sx0, stop, lx1 = text, x0, top, c.x1
        if word:
            words.append(word)
            tops.append(wtop)
            wtexts.append(wtext)
    line_of = _cluster_ids(tops, y_tolerance)
    lines: list[TextLine] = []
    for _, group in itertools.groupby(zip(words, tops, wtexts, strict=True), key=lambda wt: line_of[wt[1]]):
        texts: list[str] = []
        line_chars: list[Char] = []
        line_x0 = line_top = float("inf")  # a word's left edge is its first character's (rows are sorted)
        for w, word_top, text in group:
            if len(text) == len(w) and ligatures.keys().isdisjoint(text):
                line_chars.extend(w)  # the usual case: one character, one letter
            else:
                text = "".join([ligatures.get(c.text, c.text) for c in w])
                for c in w:
                    line_chars.extend([c] * len(ligatures.get(c.text, c.text)))
            if text:
                texts.append(text)
            if w[0].x0 < line_x0:
                line_x0 = w[0].x0
            if word_top < line_top:
                line_top = word_top
        text = " ".join(texts)
        if not text.strip():
            continue
        lines.append(
            line_type(
                text,
                line_x0,
                max(map(_X1, line_chars)),
                line_top,
                max(map(_BOTTOM, line_chars)),
                line_chars,
            )
        )
    return lines, doubled


try:  # the compiled twin of _python_lines_of (setup.py builds it where there is a C compiler)
    from ._text_lines import text_lines as _lines_of
except ImportError:
    _lines_of = _python_lines_of


_X0, _X1, _TOP, _BOTTOM = (operator.attrgetter(name) for name in ("x0", "x1", "top", "bottom"))


def has_doubled_chars(chars: list[Char]) -> bool:
    """Fake bold prints each glyph twice at (almost) the same place."""
    visible = sorted((c for c in chars if c.text.strip()), key=lambda c: (round(c.top), c.x0))
    return any(
        a.text == b.text and abs(a.x0 - b.x0) < 1 and abs(a.top - b.top) < 1 for a, b in itertools.pairwise(visible)
    )


def dedupe_chars(chars: list[Char]) -> list[Char]:
    """Drop the copies of fake-bold glyphs, as pdfplumber's ``dedupe_chars`` does.

    Characters with the same text, font and size whose tops and left edges cluster
    within DEDUPE_TOLERANCE are one glyph; the top-left one is kept, in page order.
    """
    index = {id(c): i for i, c in enumerate(chars)}
    keep: list[Char] = []
    key = lambda c: (c.text, c.fontname, c.size)  # noqa: E731
    for _, group in itertools.groupby(sorted(chars, key=key), key=key):
        same = list(group)
        for rows in _clusters(same, lambda c: c.top):
            for spot in _clusters(rows, lambda c: c.x0):
                keep.append(min(spot, key=lambda c: (c.top, c.x0)))
    return sorted(keep, key=lambda c: index[id(c)])


def _clusters(chars: list[Char], value: Callable[[Char], float]) -> list[list[Char]]:
    ids = _cluster_ids([value(c) for c in chars], DEDUPE_TOLERANCE)
    ordered = sorted(chars, key=lambda c: ids[value(c)])
    return [list(g) for _, g in itertools.groupby(ordered, key=lambda c: ids[value(c)])]


_BOLD = re.compile(r"bold|black|heavy|semibold", re.I)
_ITALIC = re.compile(r"italic|oblique", re.I)


@functools.cache
def _font_style(fontname: str) -> tuple[bool, bool]:
    """(bold, italic) as the font's name says."""
    return bool(_BOLD.search(fontname)), bool(_ITALIC.search(fontname))


def _font_share(chars: list[Char], style: int) -> bool:
    """Whether (nearly) all visible characters use a font of that style (0 bold, 1 italic)."""
    visible = hits = 0
    for c in chars:
        if c.text.strip():
            visible += 1
            hits += _font_style(c.fontname)[style]
    return visible > 0 and hits >= 0.8 * visible


def is_bold(chars: list[Char]) -> bool:
    return _font_share(chars, 0)


def is_italic(chars: list[Char]) -> bool:
    return _font_share(chars, 1)


def font_style(chars: list[Char]) -> tuple[bool, bool]:
    """(is_bold, is_italic) at once; most printed lines are in one font."""
    fonts = {c.fontname for c in chars}
    if len(fonts) == 1 and any(c.text.strip() for c in chars):
        return _font_style(fonts.pop())
    return _font_share(chars, 0), _font_share(chars, 1)


def spaced_text(chars: list[Char], size: float) -> str:
    """The text of a run of characters, a space wherever a visible gap separates two."""
    text = ""
    prev = None
    for c in chars:
        if (
            prev is not None
            and c.text.strip()
            and c.x0 - prev.x1 > 0.15 * size
            and not text.endswith(" ")
        ):
            text += " "
        text += c.text
        prev = c
    return " ".join(text.split())


def median_size(chars: list[Char]) -> float:
    """The median font size of the characters (0 for none); most printed lines have one size."""
    sizes = [c.size for c in chars]
    if not sizes:
        return 0.0
    if sizes.count(sizes[0]) == len(sizes):
        return sizes[0]
    return statistics.median(sizes)


def outside(chars: list[Char], boxes: list[tuple[float, float, float, float]]) -> list[Char]:
    """The characters whose centre is not inside any of the boxes (tables take their own text)."""

    def inside(c: Char) -> bool:
        cx, cy = (c.x0 + c.x1) / 2, (c.top + c.bottom) / 2
        return any(x0 - 1 <= cx <= x1 + 1 and top - 1 <= cy <= bottom + 1 for x0, top, x1, bottom in boxes)

    return [c for c in chars if not inside(c)]
