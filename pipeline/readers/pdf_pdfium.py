"""Read PDF pages with PDFium (pypdfium2): every character with its box and font, fast.

A character is made as pdfplumber (pdfminer) makes it, mostly from one PDFium
call, its loose box (the advance box joined with the ink): the left edge is the
box's, or the glyph's origin where the box reaches into the glyph before (ink left
of the origin: an italic "p") and for the first glyph of a text object; the right
edge is the box's, pulled back to where the next glyph starts when the ink (the
tight box) of an accented letter ("ế", "ư") reaches past the advance. Font
name, size and baseline are read once per text object; the box runs from the
font's descent (pdfminer's, ``pdf_pdfplumber.font_descents``) one font size up.
Where PDFium drops a printed space, a space is put back where the blank shows
it (``_put_back_spaces``).

Ruled tables: the edges of the page's path objects are made as pdfminer makes
them, and where they can bound two cells, pdfplumber's table finder reads the
tables from those edges and PDFium's characters (``pdf_pdfplumber.ruled_tables``).

The character pass runs once per glyph of every page, so it is compiled
(``_pdfium_chars.c``, built by setup.py): the same loop as ``_page_chars``, which
runs where no C compiler was there to build it, and which tests hold it to.

A page goes to pdfplumber whole (``PdfiumPage.handover`` says why) when PDFium
cannot give its text cleanly: a rotated page, rotated or skewed text, glyphs
PDFium cannot map to Unicode.
"""

from __future__ import annotations

import collections
import ctypes
import itertools
import threading
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

from ..errors import DocumentError
from .pdf_page import X_TOLERANCE, Char, PageText, dedupe_chars, has_doubled_chars, outside, page_lines
from .pdf_pdfplumber import font_key

_V, _I, _D, _F = ctypes.c_void_p, ctypes.c_int, ctypes.c_double, ctypes.c_float

# PDFium is not thread-safe: one thread of a process at a time reads or renders with it
# (Dask workers run documents in threads). Held for each step: opening, a page, closing.
LOCK = threading.RLock()


def _plain(fn: Any, restype: Any, *argtypes: Any) -> Any:
    """The same PDFium function declared with plain ctypes types: a third of the cost per call.

    pypdfium2 declares typed pointers, whose conversion dominates a call made for
    every character of every page; handles here travel as plain addresses. These
    lookups take well under a microsecond, so the call keeps the GIL (PYFUNCTYPE)
    rather than paying to release and take it again each time.
    """
    return ctypes.PYFUNCTYPE(restype, *argtypes)(ctypes.cast(fn, _V).value)


_text_object = _plain(pdfium_c.FPDFText_GetTextObject, _V, _V, _I)
_loose_box = _plain(pdfium_c.FPDFText_GetLooseCharBox, _I, _V, _I, _V)
_origin = _plain(pdfium_c.FPDFText_GetCharOrigin, _I, _V, _I, _V, _V)
_is_generated = _plain(pdfium_c.FPDFText_IsGenerated, _I, _V, _I)
_char_box = _plain(pdfium_c.FPDFText_GetCharBox, _I, _V, _I, _V, _V, _V, _V)
_map_error = _plain(pdfium_c.FPDFText_HasUnicodeMapError, _I, _V, _I)
_text_matrix = _plain(pdfium_c.FPDFText_GetMatrix, _I, _V, _I, _V)
_font_size = _plain(pdfium_c.FPDFTextObj_GetFontSize, _I, _V, _V)
_font_of = _plain(pdfium_c.FPDFTextObj_GetFont, _V, _V)

HYPHEN_MARKS = frozenset("\x02\ufffe")  # PDFium's stand-ins for a hyphen that ends a line
UPRIGHT_EPS = 1e-3
SPACE_EM = 0.15  # a blank this wide (in font sizes) between two glyphs of a line is a word space
LETTER_GAP_EM = 0.1  # ... if the glyphs around it stand closer than this
# Ruling lines that may form a table: pdfplumber needs two cells, six corners. Edges are
# matched with a wider tolerance than its snap/join/intersection (3 pt each), so no
# page pdfplumber would find a table on is ever kept here.
TABLE_CORNERS = 6
EDGE_TOLERANCE = 8.0
MIN_EDGE = 1.0  # pdfplumber drops shorter edges before joining them
MAX_EDGE_PAIRS = 20_000  # a page drawn with more rules than this goes to the table finder unexamined


@dataclass
class PdfiumPage:
    """A page as PDFium read it, or why pdfplumber must read it (``handover``)."""

    text: PageText
    handover: str | None = None


def open_pdf(path: Path) -> pdfium.PdfDocument:
    """A PDFium document, or a DocumentError saying why the file cannot be one."""
    try:
        return pdfium.PdfDocument(str(path))
    except pdfium.PdfiumError as exc:
        if getattr(exc, "err_code", None) in (pdfium_c.FPDF_ERR_PASSWORD, pdfium_c.FPDF_ERR_SECURITY):
            raise DocumentError(path, "encrypted PDF (password required)") from exc
        raise DocumentError(path, f"damaged PDF ({exc})") from exc


def load_page(pdf: pdfium.PdfDocument, number: int, path: Path) -> pdfium.PdfPage:
    """Page ``number`` (1-based), or a DocumentError when the file is too damaged to give it."""
    try:
        return pdf[number - 1]
    except pdfium.PdfiumError as exc:
        raise DocumentError(path, f"damaged PDF (page {number} of {len(pdf)} cannot be loaded)") from exc


def read_page(
    pdf: pdfium.PdfDocument, number: int, path: Path, descents: dict[str, float], *, alone: bool = False
) -> PdfiumPage:
    """Read page ``number`` (1-based): characters, lines, tables, images, or why to hand it over.

    ``descents``: each font's descent as pdfminer takes it (``pdf_pdfplumber.font_descents``).
    ``alone``: read the text whatever the page holds (when pdfplumber cannot read it either).
    """
    page = load_page(pdf, number, path)
    try:
        left, bottom, right, top = page.get_mediabox()
        images, edges = _drawings(page.raw, top)
        out = PageText(number=number, width=right - left, lines=[], has_images=images > 0, engine="pdfium")
        if page.get_rotation() % 360 and not alone:
            return PdfiumPage(out, "rotated page")
        chars, handover = _chars(page, top, descents, strict=not alone)
        if handover:
            return PdfiumPage(out, handover)
        if may_form_table(edges):
            from .pdf_pdfplumber import ruled_tables

            if has_doubled_chars(chars):  # the table finder reads the characters as they are
                chars = dedupe_chars(chars)
            out.tables, boxes = ruled_tables(edges, chars, right - left, top - bottom, number)
            chars = outside(chars, boxes)
        out.lines = page_lines(chars)
        return PdfiumPage(out)
    finally:
        page.close()


# --- characters ---------------------------------------------------------------------


def _page_string(textpage: Any, n: int) -> str:
    """The text of all ``n`` characters at once, one code point per character index."""
    buf = (ctypes.c_ushort * (n + 1))()
    got = pdfium_c.FPDFText_GetText(textpage, 0, n, buf)
    text = ctypes.string_at(buf, 2 * max(0, got - 1)).decode("utf-16-le", errors="replace")
    if len(text) != n:  # characters outside the BMP take two UTF-16 units: ask one by one
        text = "".join(chr(pdfium_c.FPDFText_GetUnicode(textpage, i)) for i in range(n))
    return text


def _font(textpage: Any, index: int, obj: int, names: dict[int, str]) -> tuple[str, float] | None:
    """Font name and size (in points on the page) of a text object, or None when its text is not upright.

    ``names``: the names of the fonts seen so far on the page, by PDFium's font handle
    (a page sets many text objects in a few fonts).
    """
    tp = ctypes.cast(textpage, _V).value
    m = pdfium_c.FS_MATRIX()
    _text_matrix(tp, index, ctypes.addressof(m))
    if m.a <= 0 or m.d <= 0 or abs(m.b) > UPRIGHT_EPS * m.a or abs(m.c) > UPRIGHT_EPS * m.d:
        return None
    size = _F()
    _font_size(obj, ctypes.addressof(size))
    font = _font_of(obj) or 0
    name = names.get(font) if font else None
    if name is None:
        name = _font_name(textpage, index)
        if font:
            names[font] = name
    return name, size.value * m.d


def _font_name(textpage: Any, index: int) -> str:
    name = ctypes.create_string_buffer(256)
    flags = _I()
    length = pdfium_c.FPDFText_GetFontInfo(textpage, index, name, len(name), flags)
    if length > len(name):
        name = ctypes.create_string_buffer(length)
        pdfium_c.FPDFText_GetFontInfo(textpage, index, name, len(name), flags)
    return name.value.decode("latin-1")


def _suspect(ch: str) -> bool:
    """A code point PDFium may have made up for a glyph it could not map (control, private use)."""
    return ch < " " or "\ue000" <= ch <= "\uf8ff" or ch >= "\ufffd"


def _ink_right(tp: int, index: int, ink: Any) -> float:
    """The right edge of a glyph's ink: PDFium's tight box, into ``ink`` (left, right, bottom, top)."""
    at, d = ctypes.addressof(ink), ctypes.sizeof(_D)
    _char_box(tp, index, at, at + d, at + 2 * d, at + 3 * d)
    return ink[1]


def _run_end(tp: int, start: int, obj: int, n: int) -> int:
    """One past the last character of the text object that starts at ``start``.

    PDFium lists an object's characters together, so the end is found by galloping
    steps and halving, a few lookups per object rather than one per character.
    """
    step, inside, outside = 1, start, start + 1
    while outside < n and _text_object(tp, outside) == obj:
        inside, step = outside, step * 2
        outside = min(n, inside + step)
    while outside - inside > 1:
        middle = (inside + outside) // 2
        if _text_object(tp, middle) == obj:
            inside = middle
        else:
            outside = middle
    return outside


def _loose_boxes(tp: int, n: int) -> list[float]:
    """The loose boxes of all ``n`` characters, flat (left, top, right, bottom, ...).

    One PDFium call a character is the least there is; made from ``map`` into one
    array and read back as one list, no Python loop or ctypes field access is paid
    per character on top of it.
    """
    boxes = (_F * (4 * n))()
    base = ctypes.addressof(boxes)
    step = ctypes.sizeof(pdfium_c.FS_RECTF)
    collections.deque(map(_loose_box, itertools.repeat(tp, n), range(n), range(base, base + step * n, step)), 0)
    return boxes[:]


def _chars(
    page: pdfium.PdfPage, page_top: float, descents: dict[str, float], *, strict: bool = True
) -> tuple[list[Char], str | None]:
    """The page's characters in pdfplumber's terms, or the reason PDFium cannot give them cleanly.

    Spaces between words: see ``_put_back_spaces``. Not ``strict``: every character, as well as PDFium reads it.
    """
    textpage = pdfium_c.FPDFText_LoadPage(page.raw)
    if not textpage:
        return [], "PDFium could not read the text layer"
    try:
        n = max(0, pdfium_c.FPDFText_CountChars(textpage))  # -1 where PDFium fails to count them
        fonts: dict[int | None, tuple[str, float, float] | None] = {}
        names: dict[int, str] = {}

        def font_of(index: int, obj: int | None) -> tuple[str, float, float] | None:
            """Name, size and descent (in font sizes) of a text object's font; None when not upright."""
            if obj not in fonts:
                font = _font(textpage, index, obj, names)
                fonts[obj] = None if font is None else (*font, descents.get(font_key(font[0]), 0.0))
            return fonts[obj]

        tp = ctypes.cast(textpage, _V).value
        got = page_chars(
            tp, n, _page_string(textpage, n), FUNCTIONS, page_top, strict, font_of, unicodedata.combining, Char, SPACE_EM
        )
        if isinstance(got, str):
            return [], got
        chars, blanks = got
        return _put_back_spaces(chars, blanks), None
    finally:
        pdfium_c.FPDFText_ClosePage(textpage)


def _page_chars(
    tp: int,
    n: int,
    text: str,
    functions: tuple[int, ...],
    page_top: float,
    strict: bool,
    font_of: Callable[[int, int | None], tuple[str, float, float] | None],
    combining: Callable[[str], int],
    char_type: type[Char],
    space_em: float,
) -> tuple[list[Char], list[tuple[int, bool]]] | str:
    """The characters of a text page, with the blanks between words, or why PDFium cannot give them.

    ``text``: one code point per character; ``functions``: the addresses of the PDFium
    functions (``FUNCTIONS``), which the compiled twin of this loop (``_pdfium_chars.c``)
    calls, and this one reaches through ctypes; ``font_of(index, object)``: name, size
    and descent of a text object's font, None where its text is not upright.
    Returns (characters, blanks), blanks as ``_put_back_spaces`` takes them.
    """
    flat = _loose_boxes(tp, n)
    lefts, rights = flat[0::4], flat[2::4]
    x, y = _D(), _D()
    x_at, y_at = ctypes.addressof(x), ctypes.addressof(y)
    ink = (_D * 4)()
    chars: list[Char] = []
    append, origin, is_generated = chars.append, _origin, _is_generated
    last: Char | None = None  # the last glyph printed, None after a space
    blanks: list[tuple[int, bool]] = []  # glyphs after a blank, and whether PDFium wrote a space there
    pdfium_space = False
    i = 0
    while i < n:
        if text[i].isspace() and is_generated(tp, i):
            pdfium_space = pdfium_space or text[i] == " "
            i += 1
            continue
        obj = _text_object(tp, i)
        end = _run_end(tp, i, obj, n)
        font = font_of(i, obj)
        if strict and (font is None or _map_error(tp, i)):
            return "rotated or skewed text" if font is None else "glyphs PDFium cannot map to Unicode"
        origin(tp, i, x_at, y_at)
        name, size, descent = font or ("", 0.0, 0.0)
        bottom = page_top - y.value - descent * size
        top = bottom - size
        prev: Char | None = None  # the character before, in this text object
        after_space = False  # whether that character is a space
        px0 = px1 = reach = 0.0  # its left and right edges, and the right edge less 0.01
        pk = i  # and its index
        space_gap = space_em * size
        for k, ch, x0, right in zip(range(i, end), text[i:end], lefts[i:end], rights[i:end], strict=True):
            if ch <= " " or ch >= "\u2000":  # rarely: white space, controls, private use, specials
                if ch.isspace() and is_generated(tp, k):
                    pdfium_space = pdfium_space or ch == " "
                    continue
                if ch in HYPHEN_MARKS:
                    ch = "-"
                elif strict and _suspect(ch) and _map_error(tp, k):
                    return "glyphs PDFium cannot map to Unicode"
            if prev is None:  # the first glyph of the object: its origin
                if k != i:
                    origin(tp, k, x_at, y_at)
                x0 = x.value
            else:  # the box starts at the origin, but
                if x0 < reach or after_space:  # into the glyph before, or after a space:
                    origin(tp, k, x_at, y_at)  # where ink left of the origin (an italic "p") shows
                    x0 = x.value
                if x0 - px0 < 0.01 and combining(ch):
                    prev.text += ch  # one glyph mapped to a letter and its mark ("y" + hook = "ỷ")
                    after_space = False
                    continue
                if px0 < x0 < px1 and _ink_right(tp, pk, ink) > reach:
                    prev.x1 = x0  # the ink overhangs; the advance ends where the next glyph starts
            if ch == " ":
                prev = char_type(ch, x0, x0, top, bottom, size, name)
                after_space = True
                last = None
            elif ch.isspace():
                prev = char_type(ch, x0, right, top, bottom, size, name)
                after_space = False
                last = None
            else:
                prev = char_type(ch, x0, right, top, bottom, size, name)
                after_space = False
                if last is not None and (pdfium_space or x0 - last.x1 >= space_gap):
                    blanks.append((len(chars), pdfium_space))
                last = prev
            pdfium_space = False
            px0, px1, reach, pk = x0, right, right - 0.01, k
            append(prev)
        i = end
    return chars, blanks


FUNCTIONS = tuple(
    ctypes.cast(fn, _V).value
    for fn in (
        pdfium_c.FPDFText_GetTextObject,
        pdfium_c.FPDFText_GetLooseCharBox,
        pdfium_c.FPDFText_GetCharOrigin,
        pdfium_c.FPDFText_IsGenerated,
        pdfium_c.FPDFText_GetCharBox,
        pdfium_c.FPDFText_HasUnicodeMapError,
    )
)
try:  # the compiled twin of _page_chars (setup.py builds it where there is a C compiler)
    from ._pdfium_chars import page_chars
except ImportError:
    page_chars = _page_chars


def _same_line(a: Char, b: Char) -> bool:
    return a.top < b.bottom and b.top < a.bottom


def _put_back_spaces(chars: list[Char], blanks: list[tuple[int, bool]]) -> list[Char]:
    """Spaces where words stand apart: PDFium's own, and the printed ones it drops silently.

    PDFium writes a space where it sees words apart (letter spacing set with the
    character spacing operator is no such gap), and then drops the space the PDF
    prints there: its spaces are word spaces. Now and then it drops a printed space
    without writing one (before a glyph that overlaps it, after a footnote mark):
    inside a word glyphs stand less than LETTER_GAP_EM apart, so a blank of SPACE_EM
    between two glyphs of a line is a word space where the word goes on tight on
    either side (or one-glyph words stand on both); not where the glyphs around
    stand as far apart (letters set apart one by one: "Q U Y Ế T" is one word),
    unless the blank is wider than the 3 points where pdfplumber splits words anyway.
    ``blanks``: (index of the glyph after the blank, whether PDFium wrote a space there).
    """
    for k, written in reversed(blanks):
        a, b = chars[k - 1], chars[k]
        if not _same_line(a, b):
            continue
        if not written:
            before = chars[k - 2] if k >= 2 else None
            after = chars[k + 1] if k + 1 < len(chars) else None
            spaced = [
                (p, q)
                for p, q in ((before, a), (b, after))
                if p is not None and q is not None and not p.text.isspace() and not q.text.isspace() and _same_line(p, q)
            ]
            tight = any(q.x0 - p.x1 < LETTER_GAP_EM * max(p.size, q.size) for p, q in spaced)
            if b.x0 - a.x1 <= X_TOLERANCE and spaced and not tight:
                continue
        chars.insert(k, Char(" ", a.x1, a.x1, a.top, a.bottom, a.size, a.fontname))
    return chars


# --- drawings: images and ruling lines ------------------------------------------------
# pdfplumber's table finder works on the edges of the lines, rectangles and curves
# pdfminer makes of a page's paths. The same edges are made here from PDFium's path
# objects, by pdfminer's rules: a subpath "m l" is a line, an axis-aligned closed
# "m l l l h" a rectangle (four edges), anything else a curve through the end points
# of its segments, whose horizontal and vertical pieces are edges.

Edge = dict[str, Any]
Matrix = tuple[float, float, float, float, float, float]
IDENTITY: Matrix = (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)


def _drawings(page: Any, page_top: float) -> tuple[int, list[Edge]]:
    """How many images the page shows, and the edges of its paths (inside forms too)."""
    edges: list[Edge] = []
    get = lambda i: pdfium_c.FPDFPage_GetObject(page, i)  # noqa: E731
    images = _walk(pdfium_c.FPDFPage_CountObjects(page), get, edges, IDENTITY, page_top)
    return images, edges


def _times(m: Matrix, n: Matrix) -> Matrix:
    """m then n."""
    a, b, c, d, e, f = m
    a2, b2, c2, d2, e2, f2 = n
    return (a * a2 + b * c2, a * b2 + b * d2, c * a2 + d * c2, c * b2 + d * d2, e * a2 + f * c2 + e2, e * b2 + f * d2 + f2)


def _matrix(obj: Any) -> Matrix:
    m = pdfium_c.FS_MATRIX()
    if not pdfium_c.FPDFPageObj_GetMatrix(obj, m):
        return IDENTITY
    return (m.a, m.b, m.c, m.d, m.e, m.f)


def _walk(count: int, get: Any, edges: list[Edge], outer: Matrix, page_top: float) -> int:
    images = 0
    for i in range(count):
        obj = get(i)
        kind = pdfium_c.FPDFPageObj_GetType(obj)
        if kind == pdfium_c.FPDF_PAGEOBJ_IMAGE:
            images += 1
        elif kind == pdfium_c.FPDF_PAGEOBJ_PATH:
            for shape, pts in _subpaths(obj, _times(_matrix(obj), outer)):
                edges.extend(_shape_edges(shape, [(x, page_top - y) for x, y in pts]))
        elif kind == pdfium_c.FPDF_PAGEOBJ_FORM:
            images += _walk(
                pdfium_c.FPDFFormObj_CountObjects(obj),
                lambda k, form=obj: pdfium_c.FPDFFormObj_GetObject(form, k),
                edges,
                _times(_matrix(obj), outer),
                page_top,
            )
    return images


def _subpaths(path: Any, m: Matrix) -> list[tuple[str, list[tuple[float, float]]]]:
    """(operators, end points) of each subpath, as pdfminer spells them ("mlllh")."""
    a, b, c, d, e, f = m
    x, y = _F(), _F()
    out: list[tuple[str, list[tuple[float, float]]]] = []
    ops: list[str] = []
    pts: list[tuple[float, float]] = []
    bezier = 0
    for k in range(pdfium_c.FPDFPath_CountSegments(path)):
        seg = pdfium_c.FPDFPath_GetPathSegment(path, k)
        kind = pdfium_c.FPDFPathSegment_GetType(seg)
        pdfium_c.FPDFPathSegment_GetPoint(seg, x, y)
        point = (a * x.value + c * y.value + e, b * x.value + d * y.value + f)
        if kind == pdfium_c.FPDF_SEGMENT_MOVETO:
            if ops:
                out.append(("".join(ops), pts))
            ops, pts, bezier = ["m"], [point], 0
        elif kind == pdfium_c.FPDF_SEGMENT_BEZIERTO:
            bezier += 1
            if bezier % 3:
                continue  # a control point: pdfminer keeps the end point of a curve segment only
            ops.append("c")
            pts.append(point)
        else:
            ops.append("l")
            pts.append(point)
        if pdfium_c.FPDFPathSegment_GetClose(seg) and pts:
            ops.append("h")
            pts.append(pts[0])
    if ops:
        out.append(("".join(ops), pts))
    return out


def _edge(kind: str, x0: float, x1: float, top: float, bottom: float, orientation: str | None) -> Edge:
    return {
        "object_type": kind,
        "x0": x0,
        "x1": x1,
        "top": top,
        "bottom": bottom,
        "doctop": top,
        "width": x1 - x0,
        "height": bottom - top,
        "orientation": orientation,
    }


def _shape_edges(shape: str, pts: list[tuple[float, float]]) -> list[Edge]:
    """The edges pdfplumber takes from one subpath (points already with y measured from the top)."""
    if len(shape) > 3 and shape[-2:] == "lh" and pts[-2] == pts[0]:
        shape = shape[:-2] + "h"  # a redundant "l" back to the start of a closed path
        pts = pts[:-2] + pts[-1:]
    if not shape.startswith("m") or len(pts) < 2:
        return []
    if shape in ("ml", "mlh"):
        (xa, ya), (xb, yb) = pts[0], pts[1]
        top, bottom = min(ya, yb), max(ya, yb)
        return [_edge("line", min(xa, xb), max(xa, xb), top, bottom, "h" if top == bottom else "v")]
    if shape in ("mlllh", "mllll") and pts[0] == pts[4]:
        (x0, y0), (x1, y1), (x2, y2), (x3, y3), _ = pts
        if (x0 == x1 and y1 == y2 and x2 == x3 and y3 == y0) or (y0 == y1 and x1 == x2 and y2 == y3 and x3 == x0):
            left, right = min(x0, x2), max(x0, x2)
            top, bottom = min(y0, y2), max(y0, y2)
            return [
                _edge("rect_edge", left, right, top, top, "h"),
                _edge("rect_edge", left, right, bottom, bottom, "h"),
                _edge("rect_edge", left, left, top, bottom, "v"),
                _edge("rect_edge", right, right, top, bottom, "v"),
            ]
    out = []
    for (xa, ya), (xb, yb) in itertools.pairwise(pts):
        orientation = "v" if xa == xb else ("h" if ya == yb else None)
        if orientation:
            out.append(_edge("curve_edge", min(xa, xb), max(xa, xb), min(ya, yb), max(ya, yb), orientation))
    return out


def may_form_table(edges: list[Edge]) -> bool:
    """Whether the edges can bound two cells, the least pdfplumber calls a table."""
    horizontal = [e for e in edges if e["orientation"] == "h" and e["width"] >= MIN_EDGE]
    vertical = [e for e in edges if e["orientation"] == "v" and e["height"] >= MIN_EDGE]
    if len(horizontal) < 2 or len(vertical) < 2:
        return False
    if len(horizontal) * len(vertical) > MAX_EDGE_PAIRS:
        return True
    t = EDGE_TOLERANCE
    corners = 0
    for h in horizontal:
        x0, x1, y = h["x0"] - t, h["x1"] + t, h["top"]
        for v in vertical:
            if x0 <= v["x0"] <= x1 and v["top"] - t <= y <= v["bottom"] + t:
                corners += 1
                if corners >= TABLE_CORNERS:
                    return True
    return False
