"""The underthesea tokenizer keeps the text: doc.text == input (pipeline/nlp/tokenizer.py)."""

import pytest

from pipeline.nlp.pipeline import build_nlp


@pytest.mark.parametrize(
    "text",
    [
        "Đến năm 2030, tỷ lệ dân số tham gia bảo hiểm y tế đạt từ 97% trở lên.",
        "  Khu vực dịch vụ\ttăng 8,8%;  21/21 thôn giữ vững danh hiệu “Thôn văn hóa”. ",
        "Hằng năm\n\ncó ít nhất 02 doanh nghiệp mới",
        "",
    ],
)
def test_doc_text_is_input_text(text):
    doc = build_nlp()(text)
    assert doc.text == text


def test_multi_syllable_words_are_single_tokens():
    doc = build_nlp()("tỷ lệ dân số tham gia bảo hiểm y tế")
    assert "tỷ lệ" in [t.text for t in doc]


def test_components_annotate_the_doc():
    doc = build_nlp()("Hằng năm, giảm 2% hộ cận nghèo.")
    assert [q.value for q in doc._.quantities] == [2.0]
    assert [t.kind for t in doc._.timeframes] == ["annual"]
    assert [c.direction for c in doc._.direction_cues] == ["decrease"]
    assert doc._.quantities[0].comparator == "="
