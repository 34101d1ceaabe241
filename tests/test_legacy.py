"""Legacy font encodings: TCVN3 (ABC) and VNI text is recognised and converted to Unicode."""

from __future__ import annotations

import unicodedata
from pathlib import Path

import pytest

from pipeline import legacy
from pipeline.model import RawBlock, RawCell, RawDocument, SourceInfo
from pipeline.readers import read_raw

CORPUS = Path(__file__).resolve().parent.parent / "corpus"


def paragraph(stem: str, start: str, chars: int = 1500) -> str:
    """A real paragraph of the corpus, starting at ``start``."""
    text = (CORPUS / f"{stem}.txt").read_text(encoding="utf-8")
    i = text.index(start)
    return unicodedata.normalize("NFC", text[i : i + chars])


PARAGRAPHS = [
    paragraph("ha-dong-18-ctr-2026", "CHƯƠNG TRÌNH HÀNH ĐỘNG"),
    paragraph("thai-tan-ctr-2025", "(5) Hằng năm"),
]


def test_the_tables_cover_every_vietnamese_letter() -> None:
    vowels, tones = "aăâeêioôơuưy", "\u0300\u0301\u0303\u0309\u0323"
    small = {unicodedata.normalize("NFC", v + t) for v in vowels for t in tones} | set("ăâêôơưđ")
    assert len(small) == 67
    letters = small | {c.upper() for c in small}
    assert letters <= set(legacy._tables()["vni"].values())  # VNI: all 134
    assert small <= set(legacy._tables()["tcvn3"].values())  # TCVN3: every small letter has a code
    assert set("ĂÂÊÔƠƯĐ") <= set(legacy._tables()["tcvn3"].values())  # and the untoned capitals


@pytest.mark.parametrize(
    ("legacy_text", "encoding", "unicode_text"),
    [
        ("Ch­¬ng tr×nh hµnh ®éng", "tcvn3", "Chương trình hành động"),
        ("§¶ng bé x· thùc hiÖn NghÞ quyÕt", "tcvn3", "Đảng bộ xã thực hiện Nghị quyết"),
        ("CH¦¥NG TR×NH HµNH §éNG", "tcvn3", "CHƯƠNG TRÌNH HÀNH ĐỘNG"),  # capital (.VnTimeH) words
        ("Chöông trình haønh ñoäng", "vni", "Chương trình hành động"),
        ("COÄNG HOØA XAÕ HOÄI CHUÛ NGHÓA VIEÄT NAM", "vni", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"),
    ],
)
def test_known_legacy_phrases_decode(legacy_text: str, encoding: str, unicode_text: str) -> None:
    assert legacy.decode(legacy_text, encoding) == unicode_text


@pytest.mark.parametrize("encoding", ["tcvn3", "vni"])
@pytest.mark.parametrize("text", PARAGRAPHS, ids=["ha-dong", "thai-tan"])
def test_a_paragraph_encoded_from_unicode_is_detected_and_converted_back(text: str, encoding: str) -> None:
    encoded = legacy.encode(text, encoding)
    assert encoded != text
    assert legacy.detect(encoded) == encoding
    back = legacy.decode(encoded, encoding)
    if encoding == "vni":
        assert back == text
    else:
        # TCVN3 has no toned capitals: only a capital letter starting a small word is lost.
        assert back.casefold() == text.casefold()
        lost = [(a, b) for a, b in zip(back.split(), text.split(), strict=True) if a != b]
        assert len(lost) <= 0.02 * len(text.split())


@pytest.mark.parametrize(
    "text",
    [
        *PARAGRAPHS,
        "Hằng năm, đạt tỷ lệ 100% hồ sơ giải quyết thủ tục hành chính.",
        "các thôn, bản và tổ dân phố",  # Unicode with only Latin-1 letters
        "Résumé of the café’s menu: crème brûlée, à la carte.",  # French
        "The commune plans to reach 98% health insurance coverage by 2030.",
    ],
)
def test_unicode_and_other_languages_are_not_taken_for_legacy(text: str) -> None:
    assert legacy.detect(text) is None


def test_decomposed_unicode_is_not_taken_for_legacy() -> None:
    assert legacy.detect(unicodedata.normalize("NFD", PARAGRAPHS[0])) is None


def test_read_raw_converts_a_legacy_text_file_and_says_so(tmp_path: Path) -> None:
    f = tmp_path / "tcvn3.txt"
    f.write_text(legacy.encode(PARAGRAPHS[1], "tcvn3"), encoding="utf-8")
    raw = read_raw(f)
    text = "\n".join(b.text for b in raw.blocks)
    assert "Hằng năm" in text and "thủ tục hành chính" in text
    assert any("TCVN3" in w for w in raw.warnings)


def test_only_legacy_blocks_of_a_mixed_document_are_converted() -> None:
    source = SourceInfo(path="x.docx", format="docx", sha256="0")
    unicode_block = "các thôn đạt chuẩn"
    raw = RawDocument(
        source=source,
        blocks=[
            RawBlock(kind="paragraph", text=legacy.encode(PARAGRAPHS[1], "tcvn3")),
            RawBlock(kind="paragraph", text=unicode_block),
            RawBlock(kind="paragraph", text="các thôn"),  # Latin-1 letters only, already Unicode
            RawBlock(kind="table", rows=[[RawCell(text=legacy.encode("Tỷ lệ hộ nghèo", "tcvn3"), row=0, col=0)]]),
        ],
    )
    fixed = legacy.fix_legacy_encoding(raw)
    assert fixed.blocks[0].text.startswith("(5) Hằng năm")
    assert fixed.blocks[1].text == unicode_block
    assert fixed.blocks[2].text == "các thôn"
    assert fixed.blocks[3].rows[0][0].text == "Tỷ lệ hộ nghèo"


@pytest.mark.parametrize(
    ("text", "vietnamese"),
    [
        (PARAGRAPHS[0], True),
        ("The commune plans to reach 98% health insurance coverage by 2030. " * 10, False),
        ("Le plan prévoit une couverture santé de 98 % d’ici à 2030, à la demande du comité. " * 5, False),
        ("Chỉ tiêu 1", True),  # too short to tell: no warning
    ],
)
def test_language_check(text: str, vietnamese: bool) -> None:
    assert legacy.looks_vietnamese(text) is vietnamese


def _tcvn3_pdf(lines: list[str]) -> bytes:
    """A PDF whose font draws TCVN3 codes, as .VnTime documents printed to PDF do."""
    from test_bad_input import minimal_pdf

    return minimal_pdf([[legacy.encode(ln, "tcvn3") for ln in lines]])


def test_a_tcvn3_pdf_and_a_vni_docx_are_read_as_unicode(tmp_path: Path) -> None:
    from docx import Document as new_document

    lines = [ln for ln in PARAGRAPHS[1].splitlines() if ln.strip()][:12]
    pdf = tmp_path / "tcvn3.pdf"
    pdf.write_bytes(_tcvn3_pdf(lines))
    doc = new_document()
    for ln in lines:
        doc.add_paragraph(legacy.encode(ln, "vni"))
    doc.save(tmp_path / "vni.docx")
    for path, name in [(pdf, "TCVN3"), (tmp_path / "vni.docx", "VNI")]:
        raw = read_raw(path)
        text = " ".join(b.text for b in raw.blocks)
        assert "Hằng năm, đạt tỷ lệ 100% hồ sơ giải quyết thủ tục hành chính" in text, (name, text[:200])
        assert any(name in w for w in raw.warnings)


@pytest.mark.parametrize("encoding", ["tcvn3", "vni"])
def test_a_legacy_font_file_saved_as_plain_text_is_read_as_unicode(tmp_path: Path, encoding: str) -> None:
    # Word saves a .VnTime/VNI-Times document as text in the font's bytes; the text
    # reader, finding no UTF-8, decodes them as Windows-1258.
    f = tmp_path / f"{encoding}.txt"
    f.write_bytes(legacy.encode(PARAGRAPHS[1], encoding).encode("cp1252"))
    text = " ".join(b.text for b in read_raw(f).blocks)
    assert "(5) Hằng năm, đạt tỷ lệ 100% hồ sơ giải quyết thủ tục hành chính" in text


def test_vietnamese_saved_as_windows_1258_is_left_alone(tmp_path: Path) -> None:
    from test_bad_input import windows_1258

    f = tmp_path / "cp1258.txt"
    f.write_bytes(windows_1258(PARAGRAPHS[1]))
    raw = read_raw(f)
    assert not any("legacy" in w for w in raw.warnings)
    assert "(5) Hằng năm, đạt tỷ lệ 100%" in " ".join(b.text for b in raw.blocks)
