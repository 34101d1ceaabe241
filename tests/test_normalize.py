import unicodedata

import pytest

from pipeline.model import RawBlock, RawCell, RawDocument, SourceInfo
from pipeline.normalize import canonicalize, clean_text, compare_key, match_key


@pytest.mark.parametrize(
    ("old", "new"),
    [
        ("Văn hoá", "Văn hóa"),
        ("Uỷ ban nhân dân", "Ủy ban nhân dân"),
        ("thuỷ sản", "thủy sản"),
        ("khoẻ mạnh", "khỏe mạnh"),
        ("tỉ lệ", "tỷ lệ"),
        ("HOÁ", "hóa"),
    ],
)
def test_old_and_new_tone_placement_share_one_key(old, new):
    assert match_key(old) == match_key(new)


@pytest.mark.parametrize("word", ["hoàn thành", "toàn diện", "quyết định", "quý I", "khuyến khích"])
def test_closed_syllables_and_qu_keep_their_tone(word):
    assert match_key(word) == word.lower()


def test_key_is_character_aligned_with_the_text():
    text = "Giao cho Phòng Văn hoá - Xã hội chủ trì; tỉ lệ “hộ nghèo” giảm – THUỶ lợi"
    key = match_key(text)
    assert len(key) == len(text)
    start = key.index("văn hóa")
    assert text[start : start + 7] == "Văn hoá"


def test_clean_text_maps_lookalikes_and_tidies_space():
    raw = "\u00d0ảng bộ\u00a0 xã\u200b  Thái Tân\n đạt 90%"
    assert clean_text(raw) == "Đảng bộ xã Thái Tân đạt 90%"
    decomposed = unicodedata.normalize("NFD", "Nghị quyết")
    assert clean_text(decomposed) == "Nghị quyết"


def test_compare_key_folds_space_and_case():
    assert compare_key("  Phòng  Văn hoá -\nXã hội ") == compare_key("phòng văn hóa - xã hội")


def test_canonical_offsets_slice_back_every_block_and_cell():
    raw = RawDocument(
        source=SourceInfo(path="x.txt", format="txt", sha256="0"),
        blocks=[
            RawBlock(kind="heading", text="II. MỤC TIÊU,  CHỈ TIÊU", label="II."),
            RawBlock(kind="list_item", text="(1) Tỷ lệ  hộ nghèo\ngiảm 2%", label="(1)"),
            RawBlock(kind="paragraph", text="   "),
            RawBlock(
                kind="table",
                rows=[
                    [RawCell(text="STT", row=0, col=0), RawCell(text="Mục tiêu", row=0, col=1)],
                    [RawCell(text="1", row=1, col=0), RawCell(text="Đạt 100 %", row=1, col=1)],
                ],
                header_rows=1,
            ),
        ],
    )
    doc = canonicalize(raw)
    assert [b.kind for b in doc.blocks] == ["heading", "list_item", "table"]
    for b in doc.blocks:
        assert doc.text[b.start : b.end] == b.text
        for row in b.rows or []:
            for cell in row:
                assert doc.text[cell.start : cell.end] == cell.text
    assert doc.blocks[1].text == "(1) Tỷ lệ hộ nghèo giảm 2%"
    assert len(doc.key) == len(doc.text)
