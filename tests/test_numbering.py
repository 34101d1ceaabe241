"""The numbering-label grammar shared by the readers, the outline, the checks and the diff."""

from __future__ import annotations

import pytest

from pipeline.numbering import (
    is_bullet,
    is_item_label,
    label_length,
    label_readings,
    label_style,
    letter_value,
    roman_numeral,
    roman_value,
    split_label,
    strip_item_label,
)


@pytest.mark.parametrize(("numeral", "value"), [("I", 1), ("IV", 4), ("IX", 9), ("XIV", 14), ("XL", 40)])
def test_roman_numerals_read_and_write_back(numeral, value):
    assert roman_value(numeral) == value
    assert roman_numeral(value) == numeral.lower()


@pytest.mark.parametrize("text", ["IIII", "VV", "IC", ""])
def test_malformed_roman_numerals_have_no_value(text):
    assert roman_value(text) is None


@pytest.mark.parametrize(("letter", "value"), [("a", 1), ("d", 4), ("đ", 5), ("e", 6), ("g", 7), ("Đ", 5)])
def test_list_letters_count_in_the_vietnamese_alphabet(letter, value):
    assert letter_value(letter) == value


@pytest.mark.parametrize(
    ("label", "item", "bullet"),
    [
        ("(12)", True, False),
        ("(a)", True, False),
        ("3)", True, False),
        ("đ)", True, False),
        ("-", True, True),
        ("+", True, True),
        ("•", True, True),
        ("2.1.", False, False),
        ("II.", False, False),
        ("A.", False, False),
        ("", False, False),
        (None, False, False),
    ],
)
def test_item_labels_and_bullets(label, item, bullet):
    assert is_item_label(label) is item
    assert is_bullet(label) is bullet


@pytest.mark.parametrize(
    "text",
    [
        "I. MỤC ĐÍCH, YÊU CẦU",
        "2.1. Các chỉ tiêu xây dựng Đảng và chính quyền",
        "(3) Hằng năm, tỷ lệ giải ngân vốn đầu tư công đạt 100%.",
        "a) Tỷ lệ hộ nghèo giảm bình quân 1%/năm.",
        "- Khu vực dịch vụ tăng 8,8%.",
    ],
)
def test_a_block_label_is_also_the_outline_label(text):
    assert split_label(text) == label_readings(text)[0].text


@pytest.mark.parametrize(
    ("path", "without"),
    [("II.2.3.2.(12)", "II.2.3.2"), ("B.I.2.a)", "B.I.2"), ("PHỤ LỤC II.5", "PHỤ LỤC II.5")],
)
def test_a_section_path_without_its_item_label(path, without):
    assert strip_item_label(path) == without


@pytest.mark.parametrize(
    ("text", "length"),
    [
        ("(3) Hằng năm", 4),
        ("- Khu vực dịch vụ", 2),
        ("2.1. Tốc độ tăng trưởng", 5),
        ("II. NHIỆM VỤ", 0),
        ("100%", 0),
    ],
)
def test_the_label_in_front_of_an_item(text, length):
    assert label_length(text) == length


def test_vietnamese_letter_lists_count_without_gaps():
    # Vietnamese lists skip f, j, w, z and put đ after d: "a) b) c) d) đ) e) g)" has no gap.
    labels = ["a)", "b)", "c)", "d)", "đ)", "e)", "g)", "h)"]
    numbers = [label_style(label)[1][0] for label in labels]
    assert numbers == list(range(1, len(labels) + 1))
    assert label_style("Đ.") == ("upper", (5,))
