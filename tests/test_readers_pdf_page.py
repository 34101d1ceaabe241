"""pdf_page cuts characters into lines as pdfplumber does, whichever engine gave them."""

from __future__ import annotations

import math
from functools import cache
from pathlib import Path

import pdfplumber
import pytest

from pipeline.readers.pdf_page import (
    LIGATURES,
    X_TOLERANCE,
    Y_TOLERANCE,
    Char,
    TextLine,
    _python_lines_of,
    dedupe_chars,
    outside,
    text_lines,
)
from pipeline.readers.pdf_pdfplumber import to_char

CORPUS = Path(__file__).resolve().parent.parent / "corpus"
HA_DONG = CORPUS / "ha-dong-18-ctr-2026.pdf"
THAI_TAN = CORPUS / "thai-tan-ctr-2025.pdf"


@cache
def _pages(path: Path) -> list:
    with pdfplumber.open(path) as pdf:
        return [(page.chars, page.extract_text_lines(return_chars=True, strip=True)) for page in pdf.pages]


def _lines(lines) -> list[tuple]:
    """Text, box and characters of each line, from TextLines or pdfplumber's line dicts."""
    get = (lambda o, k: o[k]) if lines and isinstance(lines[0], dict) else getattr
    return [
        (
            get(ln, "text"),
            (get(ln, "x0"), get(ln, "x1"), get(ln, "top"), get(ln, "bottom")),
            [(get(c, "text"), get(c, "x0"), get(c, "top")) for c in get(ln, "chars")],
        )
        for ln in lines
    ]


@pytest.mark.parametrize("path", [HA_DONG, THAI_TAN], ids=lambda p: p.name)
def test_text_lines_of_pdfplumber_characters_are_pdfplumber_lines(path):
    """The same characters in, the same lines out, on every page of the corpus."""
    for chars, expected in _pages(path):
        assert _lines(text_lines([to_char(c) for c in chars])) == _lines(expected)


def _char(text: str, x0: float, top: float = 100.0, size: float = 12.0, width: float = 6.0) -> Char:
    return Char(text, x0, x0 + width, top, top + size, size, "Times-Roman")


def test_words_break_at_spaces_and_at_blanks_wider_than_three_points():
    chars = [_char("M", 60), _char("o", 66), _char("t", 72), _char(" ", 78), _char("H", 81), _char("a", 87)]
    chars += [_char("i", 93.5 + 3.2)]  # 3.2 pt blank, no space: a new word
    assert [ln.text for ln in text_lines(chars)] == ["Mot Ha i"]


def test_rows_cluster_by_top_within_three_points():
    chars = [_char("A", 60, top=100), _char("B", 66, top=102.5), _char("C", 60, top=105.6)]
    assert [ln.text for ln in text_lines(chars)] == ["AB", "C"]


def test_ligatures_are_spelt_out():
    assert [ln.text for ln in text_lines([_char("ﬁ", 60), _char("n", 66)])] == ["fin"]


def test_fake_bold_copies_are_dropped_keeping_the_left_one_in_page_order():
    chars = [_char("A", 60), _char("A", 60.4), _char("B", 66), _char("B", 66.4), _char("A", 90)]
    kept = dedupe_chars(chars)
    assert [(c.text, c.x0) for c in kept] == [("A", 60), ("B", 66), ("A", 90)]


def test_dedupe_chars_drops_what_pdfplumber_drops():
    from pdfplumber.utils import dedupe_chars as plumber_dedupe

    for chars, _ in _pages(THAI_TAN)[:3]:
        doubled = chars + [{**c, "x0": c["x0"] + 0.5, "x1": c["x1"] + 0.5} for c in chars[::3]]
        expected = [to_char(c) for c in plumber_dedupe(doubled)]
        assert [(c.text, c.x0, c.top) for c in dedupe_chars([to_char(c) for c in doubled])] == [
            (c.text, c.x0, c.top) for c in expected
        ]


def test_characters_inside_a_table_box_are_left_to_the_table():
    chars = [_char("x", 60, top=100), _char("y", 300, top=400)]
    assert [c.text for c in outside(chars, [(50, 90, 200, 130)])] == ["y"]


# --- the compiled twin of _text_lines -------------------------------------------------


def _exactly(v: object) -> object:
    """A coordinate by its type and, for a float, its bits (0.0 == -0.0 == 0, yet each is itself)."""
    return (type(v).__name__, v.hex() if isinstance(v, float) else v)


def _both(chars: list[Char], ligatures: dict[str, str] | None = None) -> tuple[tuple, tuple]:
    """The lines (text, box, the very characters) and the fake-bold verdict, compiled and in Python."""
    from pipeline.readers import pdf_page

    args = (pdf_page.X_TOLERANCE, pdf_page.Y_TOLERANCE, ligatures or pdf_page.LIGATURES, pdf_page.TextLine)

    def seen(lines_of) -> tuple | str:
        try:
            lines, doubled = lines_of(chars, *args)
        except Exception as exc:  # the same error from both, or a bug
            return repr(exc)
        box = lambda ln: tuple(_exactly(v) for v in (ln.x0, ln.x1, ln.top, ln.bottom))  # noqa: E731
        return [(ln.text, box(ln), [id(c) for c in ln.chars]) for ln in lines], doubled

    return seen(_compiled_lines_of), seen(pdf_page._python_lines_of)


def _compiled_lines_of(chars: list[Char], *args: object) -> tuple:
    """The compiled twin, and the Python one where it declines (a NaN top or left edge), as _text_lines.
    Where nothing built it, what tests hold it to has nothing to compare."""
    from pipeline.readers import pdf_page

    _text_lines = pytest.importorskip("pipeline.readers._text_lines", reason="not built (no C compiler)")
    got = _text_lines.text_lines(chars, *args)
    return pdf_page._python_lines_of(chars, *args) if got is NotImplemented else got


def test_lines_are_cut_by_the_compiled_twin():
    from pipeline.readers import _text_lines, pdf_page

    assert pdf_page._lines_of is _text_lines.text_lines


@pytest.mark.parametrize("path", [HA_DONG, THAI_TAN], ids=lambda p: p.name)
def test_the_compiled_lines_are_the_python_lines_on_the_corpus(path):
    """pdfplumber's characters (spaces, fake-bold copies and all), and the same deduplicated."""
    for chars, _ in _pages(path):
        ours = [to_char(c) for c in chars]
        for given in (ours, dedupe_chars(ours)):
            compiled, python = _both(given)
            assert compiled == python


_TEXTS = ["a", "b", "ư", "ỷ", "y\u0309", " ", "\u00a0", "", "ﬁ", "ﬃ", "1", "-", "\u3000", "ab"]


class _MarkedChar(Char):
    """A character of a subclass, as a caller may make them."""

    __slots__ = ("mark",)


def test_the_compiled_lines_are_the_python_lines_on_any_characters():
    """Tops a hair apart or rows apart, glyphs on top of each other or far apart, spaces, empty
    texts, ligatures, a letter and its mark as one glyph, edges at -0.0, NaN or infinity, characters
    of a subclass, the same character twice: the two always agree."""
    from hypothesis import given, settings
    from hypothesis import strategies as st

    odd = [-0.0, math.nan, math.inf, -math.inf]
    glyph = st.builds(
        lambda kind, text, x0, top, width: kind(text, x0, x0 + width, top, top + 12.0, 12.0, "Times-Roman"),
        st.sampled_from([Char, _MarkedChar]),
        st.sampled_from(_TEXTS),
        st.sampled_from([0.0, 0.5, 3.0, 6.0, 6.4, 9.5, 12.0, 20.0, *odd]) | st.floats(0, 40, allow_nan=False),
        st.sampled_from([100.0, 100.5, 102.9, 103.1, 106.0, 120.0, 0.0, *odd]),
        st.sampled_from([0.0, 2.0, 6.0]),
    )

    @settings(max_examples=500, deadline=None, derandomize=True)
    @given(st.lists(glyph, max_size=40), st.integers(0, 40))
    def agree(chars: list[Char], again: int) -> None:
        compiled, python = _both(chars + chars[:again])
        assert compiled == python

    agree()


def _row(text: str, cls: type = Char) -> list[Char]:
    return [cls(ch, 6.0 * k, 6.0 * k + 5.0, 100.0, 112.0, 12.0, "Times-Roman") for k, ch in enumerate(text)]


def test_the_compiled_lines_hold_characters_whose_text_is_computed():
    """A text made anew at each reading is the compiled twin's own while it uses it (it was read
    after being freed, and the process died)."""

    class Computed(Char):
        __slots__ = ()

        @property
        def text(self) -> str:
            return "".join(["chỉ tiêu ", str(round(self.x0))])

        @text.setter
        def text(self, value: str) -> None:
            pass

    compiled, python = _both(_row("x" * 60, Computed))
    assert compiled == python
    assert python[0][0][0].startswith("chỉ tiêu 0chỉ tiêu 6chỉ tiêu 12")


def test_the_compiled_lines_survive_a_line_type_that_empties_the_list_they_were_given():
    """The characters are the list's alone: emptied, it frees them (the compiled twin kept pointers to them)."""
    page = lambda: _row("Đến năm 2030") + [  # noqa: E731
        Char(ch, 6.0 * k, 6.0 * k + 5.0, 130.0, 142.0, 12.0, "Times-Roman") for k, ch in enumerate("tỷ lệ đạt 98%")
    ]
    compiled_chars, python_chars = page(), page()

    def emptying(into: list[Char]) -> type:
        def line(*fields: object) -> TextLine:
            into.clear()
            return TextLine(*fields)

        return line

    args = (X_TOLERANCE, Y_TOLERANCE, LIGATURES)
    compiled = _compiled_lines_of(compiled_chars, *args, emptying(compiled_chars))[0]
    python = _python_lines_of(python_chars, *args, emptying(python_chars))[0]
    assert [ln.text for ln in compiled] == [ln.text for ln in python] == ["Đến năm 2030", "tỷ lệ đạt 98%"]


def test_the_compiled_lines_find_a_ligature_of_any_code_point():
    """The ligature table is the caller's: "ĳ" (U+0133) is looked up as "ﬁ" (U+FB01) is."""
    compiled, python = _both(_row("ĳs"), {**LIGATURES, "ĳ": "ij"})
    assert compiled == python
    assert python[0][0][0] == "ijs"


def test_the_compiled_lines_take_the_edges_of_their_characters_as_they_are():
    """Whole-number edges stay the characters' own objects; a space's edges are not even read."""
    chars = [Char("a", 0, 5, 100, 112, 12, "F"), Char(" ", 5, None, 100, None, 12, "F"), Char("b", 6, 10, 100, 112, 12, "F")]
    compiled, python = _both(chars)
    assert compiled == python
    assert python[0][0][1] == (("int", 0), ("int", 10), ("int", 100), ("int", 112))


def test_a_nan_top_is_left_to_the_python_twin():
    """NaN has no place in an order: the compiled twin declines and _text_lines asks the Python one."""
    _text_lines = pytest.importorskip("pipeline.readers._text_lines", reason="not built (no C compiler)")
    chars = [*_row("ab"), Char("c", 20.0, 25.0, math.nan, 112.0, 12.0, "F"), *_row("d")]
    assert _text_lines.text_lines(chars, X_TOLERANCE, Y_TOLERANCE, LIGATURES, TextLine) is NotImplemented
    compiled, python = _both(chars)
    assert compiled == python
