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
