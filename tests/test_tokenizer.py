"""The tokenizers keep the text: doc.text == input, for the pipeline's syllables and for
underthesea's words (pipeline/nlp/tokenizer.py)."""

import pytest

from pipeline.nlp.pipeline import build_nlp
from pipeline.nlp.tokenizer import segmented


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
    assert segmented(doc).text == text


def test_the_pipeline_s_tokens_are_syllables_and_its_words_are_segmented_when_asked_for():
    doc = build_nlp()("tỷ lệ dân số tham gia bảo hiểm y tế")
    assert [t.text for t in doc][:2] == ["tỷ", "lệ"]
    assert "words" not in doc.user_data  # no clause pays for underthesea unless its words are read
    assert "tỷ lệ" in [t.text for t in segmented(doc)]
    assert segmented(doc) is segmented(doc)  # segmented once


def test_a_bare_count_is_the_clause_that_gets_its_words_segmented():
    doc = build_nlp()("Mỗi xã tổ chức 2 hội nghị")
    assert "words" in doc.user_data and doc._.quantities[0].unit == "hội nghị"
    assert "words" not in build_nlp()("Hằng năm, giảm 2% hộ cận nghèo.").user_data


def test_components_annotate_the_doc():
    doc = build_nlp()("Hằng năm, giảm 2% hộ cận nghèo.")
    assert [q.value for q in doc._.quantities] == [2.0]
    assert [t.kind for t in doc._.timeframes] == ["annual"]
    assert [c.direction for c in doc._.direction_cues] == ["decrease"]
    assert doc._.quantities[0].comparator == "="


def test_the_segmenter_loaded_with_the_c_unpickler_is_underthesea_s_own():
    """The same model files, loaded by underthesea itself, segment the seed text the same way."""
    from pathlib import Path

    from pipeline.nlp.tokenizer import _load_segmenter, _segment

    _load_segmenter()  # first: it imports underthesea's word_tokenize module in underthesea's order
    import underthesea.pipeline.word_tokenize as ws
    from underthesea.models.fast_crf_sequence_tagger import FastCRFSequenceTagger

    ours = ws.word_tokenize_model
    theirs = FastCRFSequenceTagger()
    theirs.load(str(Path(ws.__file__).parent / "models" / "ws_crf_vlsp2013_20230727"))
    seed = Path(__file__).resolve().parent.parent / "corpus" / "thai-tan-ctr-2025.txt"
    lines = [ln for ln in seed.read_text(encoding="utf-8").splitlines() if len(ln) > 40][:60]
    try:
        mine = [_segment(ln) for ln in lines]
        ws.word_tokenize_model = theirs
        assert [_segment(ln) for ln in lines] == mine
    finally:
        ws.word_tokenize_model = ours
