"""pdf_page cuts characters into lines as pdfplumber does, whichever engine gave them."""

from __future__ import annotations

from functools import cache
from pathlib import Path

import pdfplumber
import pytest

from pipeline.readers.pdf_page import Char, dedupe_chars, outside, text_lines
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


def _both(chars: list[Char]) -> tuple[tuple, tuple]:
    """The lines (text, box, the very characters) and the fake-bold verdict, compiled and in Python."""
    from pipeline.readers import _text_lines, pdf_page

    args = (pdf_page.X_TOLERANCE, pdf_page.Y_TOLERANCE, pdf_page.LIGATURES, pdf_page.TextLine)

    def seen(got: tuple) -> tuple:
        lines, doubled = got
        return [(ln.text, ln.x0, ln.x1, ln.top, ln.bottom, [id(c) for c in ln.chars]) for ln in lines], doubled

    return seen(_text_lines.text_lines(chars, *args)), seen(pdf_page._python_lines_of(chars, *args))


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


_TEXTS = ["a", "b", "ư", "ỷ", "y\u0309", " ", "\u00a0", "", "ﬁ", "ﬃ", "1", "-"]


def test_the_compiled_lines_are_the_python_lines_on_any_characters():
    """Tops a hair apart or rows apart, glyphs on top of each other or far apart, spaces, empty
    texts, ligatures, a letter and its mark as one glyph: the two always agree."""
    from hypothesis import given, settings
    from hypothesis import strategies as st

    glyph = st.builds(
        lambda text, x0, top, width: Char(text, x0, x0 + width, top, top + 12.0, 12.0, "Times-Roman"),
        st.sampled_from(_TEXTS),
        st.sampled_from([0.0, 0.5, 3.0, 6.0, 6.4, 9.5, 12.0, 20.0]) | st.floats(0, 40, allow_nan=False),
        st.sampled_from([100.0, 100.5, 102.9, 103.1, 106.0, 120.0]),
        st.sampled_from([0.0, 2.0, 6.0]),
    )

    @settings(max_examples=300, deadline=None, derandomize=True)
    @given(st.lists(glyph, max_size=40))
    def agree(chars: list[Char]) -> None:
        compiled, python = _both(chars)
        assert compiled == python

    agree()
