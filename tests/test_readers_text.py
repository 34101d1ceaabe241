"""The plain-text reader on the two seeds (PDF-extracted and Word-converted) and odd inputs."""

from __future__ import annotations

import codecs
import unicodedata
from pathlib import Path

import pytest

from pipeline.errors import DocumentError
from pipeline.normalize import clean_text, compare_key
from pipeline.readers import read
from pipeline.readers.text import read_text, strip_markup

CORPUS = Path(__file__).resolve().parent.parent / "corpus"
THAI_TAN = CORPUS / "thai-tan-ctr-2025.txt"
HA_DONG = CORPUS / "ha-dong-18-ctr-2026.txt"


@pytest.fixture(scope="module")
def thai_tan():
    return read(THAI_TAN)


@pytest.fixture(scope="module")
def ha_dong():
    return read(HA_DONG)


def _block_starting(doc, prefix: str):
    matches = [b for b in doc.blocks if b.kind != "table" and b.text.startswith(prefix)]
    assert len(matches) == 1, f"{len(matches)} blocks start with {prefix!r}"
    return matches[0]


def _appendix(doc):
    tables = [b for b in doc.blocks if b.kind == "table"]
    assert len(tables) == 1
    return tables[0]


# --- re-flowing printed lines (thai-tan, PDF-extracted) -----------------------


@pytest.mark.parametrize(
    ("start", "whole"),
    [
        # a sentence broken over four printed lines, one uppercase line start among them
        (
            "Tại Đại hội Đại biểu",
            "Tại Đại hội Đại biểu Đảng bộ xã Thái Tân lần thứ I, diễn ra trong hai ngày 18 và 19 "
            "tháng 8 năm 2025, Đại hội đã thảo luận, thống nhất thông qua Báo cáo chính trị của Ban "
            "Chấp hành Đảng bộ xã và biểu quyết toàn bộ Nghị quyết Đại hội Đảng bộ xã Thái Tân lần "
            "thứ I, nhiệm kỳ 2025 - 2030.",
        ),
        # a numbered target over two lines, stray space before the full stop kept
        (
            "(1) Phấn đấu tỷ lệ kết nạp đảng viên mới hằng năm đạt từ",
            "(1) Phấn đấu tỷ lệ kết nạp đảng viên mới hằng năm đạt từ 3% tổng số đảng viên của đảng bộ trở lên .",
        ),
        # an item whose second line starts with an acronym and ends the sentence
        (
            "(1) Xây dựng Trụ sở",
            "(1) Xây dựng Trụ sở làm việc của Đảng uỷ - HĐND - UBND - Ủy ban MTTQ Việt Nam xã.",
        ),
    ],
)
def test_printed_lines_are_joined_into_one_block(thai_tan, start, whole):
    assert _block_starting(thai_tan, start).text == whole


@pytest.mark.parametrize(
    ("label", "title"),
    [
        (
            "1.2.",
            "Tăng cường xây dựng Đảng bộ về tổ chức, nâng cao chất lượng đội ngũ cán bộ xã đáp ứng yêu cầu, nhiệm vụ",
        ),
        ("1.7.", "Xây dựng hệ thống chính quyền liêm chính, lấy mục tiêu phục vụ Nhân dân làm cốt lõi"),
        ("2.3.", "Công tác quy hoạch, phát triển giao thông, xây dựng Nông thôn mới kiểu mẫu"),
        (
            "2.6.",
            "Nâng cao hiệu năng, hiệu lực, hiệu quả quản lý Nhà nước của chính quyền, tập trung quyết "
            "liệt thực hiện cải cách hành chính, chuyển đổi số",
        ),
    ],
)
def test_heading_broken_across_lines_is_joined_and_stops_at_the_body(thai_tan, label, title):
    block = _block_starting(thai_tan, f"{label} {title[:20]}")
    assert block.kind == "heading"
    assert block.label == label
    assert block.text == f"{label} {title}"


def test_assignment_heading_keeps_its_lead_in_to_the_colon(thai_tan):
    block = _block_starting(thai_tan, "1.1. Giao cho Ban Xây dựng Đảng")
    assert block.text.endswith("thực hiện các chỉ tiêu sau:")
    following = thai_tan.blocks[block.index + 1]
    assert following.label == "(1)"


@pytest.mark.parametrize(
    ("prefix", "kind", "label"),
    [
        ("A. MỤC ĐÍCH, YÊU CẦU", "heading", "A."),
        ("II. Nhiệm vụ, giải pháp trọng tâm", "heading", "II."),
        ("2.1. Các chỉ tiêu xây dựng Đảng", "heading", "2.1."),
        ("(14) Hằng năm hoàn thành 100%", "list_item", "(14)"),
        ("- Giá trị sản xuất nông nghiệp", "list_item", "-"),
        ("CHƯƠNG TRÌNH HÀNH ĐỘNG", "heading", None),
        ("Trên đây là Chương trình", "paragraph", None),
    ],
)
def test_block_kinds_and_labels(thai_tan, prefix, kind, label):
    block = _block_starting(thai_tan, prefix)
    assert (block.kind, block.label) == (kind, label)
    assert block.text.startswith(label or "")


# --- Word-converted text (ha-dong) ------------------------------------------


def test_word_broken_by_a_page_break_line_is_reflowed_not_repaired(ha_dong):
    block = _block_starting(ha_dong, "- Chỉ đạo thực hiện nghiêm các quy định")
    assert "bảo đảm xử lý ng nghiêm minh, đúng người" in block.text


def test_title_lines_in_capitals_form_one_heading(ha_dong):
    assert ha_dong.blocks[0].kind == "heading"
    assert ha_dong.blocks[0].text == "CHƯƠNG TRÌNH HÀNH ĐỘNG CỦA BAN CHẤP HÀNH ĐẢNG BỘ XÃ"


@pytest.mark.parametrize("residue", ["<li>", "</li>", "<ul", "**", "*nếu có*"])
def test_markup_residue_is_stripped(ha_dong, residue):
    assert residue not in ha_dong.text


def test_emphasised_words_are_kept(ha_dong):
    assert "kéo dài (nếu có);" in ha_dong.text
    assert "T/M BAN CHẤP HÀNH BÍ THƯ" in ha_dong.text


def test_list_items_in_html_become_dash_lines():
    lines = strip_markup("<ul><li>Công an xã</li><li>Ban chỉ huy Quân sự xã</li></ul>").split("\n")
    assert [s.strip() for s in lines if s.strip()] == ["- Công an xã", "- Ban chỉ huy Quân sự xã"]


# --- the appendix table ------------------------------------------------------


def test_appendix_is_one_table_of_seven_columns(ha_dong):
    table = _appendix(ha_dong)
    assert table.header_rows == 1
    header = table.rows[0]
    assert len(header) == 7
    assert [compare_key(c.text) for c in header[1:3]] == ["tên đề án, kế hoạch", "mục tiêu"]
    assert compare_key(header[0].text).replace(" ", "") == "stt"


def test_appendix_has_three_group_headings_and_eleven_data_rows(ha_dong):
    rows = _appendix(ha_dong).rows[1:]
    groups = [r for r in rows if len(r) == 1]
    data = [r for r in rows if len(r) == 7]
    assert len(groups) + len(data) == len(rows)
    assert [g[0].text.split(".")[0] for g in groups] == ["I", "II", "III"]
    assert all(g[0].colspan == 7 and g[0].col == 0 for g in groups)
    assert len(data) == 11
    assert [r[0].text for r in data] == ["1", "2", "3", "4", "1", "2", "3", "4", "5", "1", "2"]


def test_repeated_headers_and_separator_rows_are_dropped(ha_dong):
    rows = _appendix(ha_dong).rows
    assert sum(1 for r in rows if compare_key(r[0].text).replace(" ", "") == "stt") == 1
    assert not any(set(c.text) <= set("-") for r in rows for c in r if c.text)


@pytest.mark.parametrize(
    ("group", "number", "col", "parts"),
    [
        # II.1: the objective cell continues on the next page
        ("II", "1", 2, ["Đẩy mạnh cải cách hành chính toàn diện", "quyền thân thiện, gần dân, vì dân."]),
        # I.3: every cell but the first continues, words split mid-phrase
        ("I", "3", 1, ["Kế hoạch thực hiện Đề án “Xây dựng mô hình chủ nghĩa", "xã hội gắn với con người"]),
        ("I", "3", 4, ["Ban Thường vụ Đảng ủy"]),
        # II.5: the objective and the supporting bodies continue
        ("II", "5", 2, ["Tỷ lệ người tham gia bảo hiểm xã hội đến năm 2030 phần đầu đạt 66%"]),
        ("II", "5", 6, ["Trung tâm Phục vụ hành chính công - Ủy ban MTTQVN xã"]),
    ],
)
def test_continuation_rows_are_merged_into_their_row(ha_dong, group, number, col, parts):
    rows = _appendix(ha_dong).rows[1:]
    current = None
    for row in rows:
        if len(row) == 1:
            current = row[0].text.split(".")[0]
        elif current == group and row[0].text == number:
            cell = row[col].text
            break
    else:
        pytest.fail(f"no row {group}.{number}")
    for part in parts:
        assert part in cell


def test_table_offsets_slice_the_canonical_text(ha_dong):
    table = _appendix(ha_dong)
    assert ha_dong.text[table.start : table.end] == table.text
    for row in table.rows:
        for cell in row:
            assert ha_dong.text[cell.start : cell.end] == cell.text


# --- encodings and bad input -------------------------------------------------

_TONE_MARKS = "\u0300\u0301\u0303\u0309\u0323"


def _cp1258(text: str) -> bytes:
    """Encode as Windows-1258 does: base letters precomposed, tone marks combining."""
    out = b""
    for ch in unicodedata.normalize("NFC", text):
        try:
            out += ch.encode("cp1258")
        except UnicodeEncodeError:
            parts = unicodedata.normalize("NFD", ch)
            base = unicodedata.normalize("NFC", "".join(c for c in parts if c not in _TONE_MARKS))
            out += (base + "".join(c for c in parts if c in _TONE_MARKS)).encode("cp1258")
    return out


SAMPLE = "Chương trình hành động\n\nI. Mục tiêu\n\n(1) Tỷ lệ hộ nghèo giảm còn dưới 1% vào năm 2027.\n"


@pytest.mark.parametrize(
    "encode",
    [
        lambda s: s.encode("utf-8"),
        lambda s: codecs.BOM_UTF8 + s.encode("utf-8"),
        lambda s: s.encode("utf-16"),  # with BOM
        lambda s: codecs.BOM_UTF16_BE + s.encode("utf-16-be"),
        lambda s: s.encode("utf-16-le"),  # no BOM: told by the byte pattern
        lambda s: s.encode("utf-16-be"),
        _cp1258,
    ],
    ids=["utf-8", "utf-8-bom", "utf-16", "utf-16-be", "utf-16-le-no-bom", "utf-16-be-no-bom", "cp1258"],
)
def test_encodings_decode_to_the_same_text(tmp_path, encode):
    path = tmp_path / "ctr.txt"
    path.write_bytes(encode(SAMPLE))
    doc = read(path)
    assert [b.text for b in doc.blocks] == [
        "Chương trình hành động",
        "I. Mục tiêu",
        "(1) Tỷ lệ hộ nghèo giảm còn dưới 1% vào năm 2027.",
    ]
    assert doc.text == unicodedata.normalize("NFC", doc.text)


def test_cp1258_really_is_not_utf8():
    with pytest.raises(UnicodeDecodeError):
        _cp1258(SAMPLE).decode("utf-8")


@pytest.mark.parametrize(
    "content",
    [
        b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00",
        b"PK\x03\x04\x14\x00\x06\x00\x08\x00\x00\x00!\x00",
        bytes(range(32)) * 8,
    ],
    ids=["png", "zip", "control-bytes"],
)
def test_binary_file_is_rejected_with_one_clear_line(tmp_path, content):
    path = tmp_path / "not-text.txt"
    path.write_bytes(content)
    with pytest.raises(DocumentError) as err:
        read_text(path)
    assert str(err.value) == f"{path}: not a text file (binary content)"


def test_whitespace_only_file_is_rejected(tmp_path):
    path = tmp_path / "blank.txt"
    path.write_text("\n   \n\t\n", encoding="utf-8")
    with pytest.raises(DocumentError, match="no text found"):
        read_text(path)


def test_form_feeds_give_page_numbers(tmp_path):
    path = tmp_path / "paged.txt"
    path.write_text("I. Mục tiêu\n\nĐoạn một.\f(1) Chỉ tiêu một.\n", encoding="utf-8")
    doc = read_text(path)
    assert doc.source.pages == 2
    assert [b.page for b in doc.blocks] == [1, 1, 2]


def test_source_info(thai_tan):
    assert thai_tan.source.format == "txt"
    assert len(thai_tan.source.sha256) == 64
    assert thai_tan.source.pages is None


# --- layouts -----------------------------------------------------------------


@pytest.mark.parametrize(
    "rewrite",
    [
        lambda s: "\n".join(line for line in s.split("\n") if line.strip()),  # single-spaced extraction
        lambda s: s.replace("\n", "\r\n"),  # Windows line ends
    ],
    ids=["no-blank-lines", "crlf"],
)
def test_printed_text_reads_the_same_without_blank_lines_or_with_crlf(tmp_path, thai_tan, rewrite):
    path = tmp_path / "variant.txt"
    path.write_bytes(rewrite(THAI_TAN.read_text(encoding="utf-8")).encode("utf-8"))
    assert [b.text for b in read(path).blocks] == [b.text for b in thai_tan.blocks]


def test_paragraph_per_line_text_without_blank_lines(tmp_path, ha_dong):
    """Word text saved with one line per paragraph and no blank lines: every line is a paragraph."""
    paragraphs = [b.text for b in ha_dong.blocks if b.kind == "paragraph" and len(b.text) > 150][:6]
    path = tmp_path / "word.txt"
    path.write_text("II. MỤC TIÊU, CHỈ TIÊU\n" + "\n".join(paragraphs) + "\n", encoding="utf-8")
    assert [b.text for b in read(path).blocks] == ["II. MỤC TIÊU, CHỈ TIÊU", *paragraphs]


def test_page_numbers_and_running_footers_are_not_text(tmp_path, thai_tan):
    """Extracted text with a page number and the running footer every 40 lines reads as without them."""
    footer = "Tài liệu này thuộc sở hữu của các cơ quan Đảng. Việc phát tán, sử dụng trái phép bị nghiêm cấm"
    lines = THAI_TAN.read_text(encoding="utf-8").split("\n")
    paged: list[str] = []
    for i, line in enumerate(lines, start=1):
        paged.append(line)
        if i % 40 == 0:
            paged += ["", footer, "", f"- {i // 40 + 1} -", ""]
    path = tmp_path / "paged.txt"
    path.write_text("\n".join(paged), encoding="utf-8")
    expected = [b.text for b in thai_tan.blocks if b.text != footer]
    assert [b.text for b in read(path).blocks] == expected


def test_utf16_without_a_byte_order_mark_is_read_and_said(tmp_path):
    path = tmp_path / "utf16.txt"
    path.write_bytes(THAI_TAN.read_text(encoding="utf-8").encode("utf-16-le"))
    doc = read(path)
    assert doc.text == read(THAI_TAN).text
    assert doc.warnings == ["decoded as utf-16-le (not UTF-8) without a byte-order mark, told by its byte pattern"]


def test_utf8_with_a_few_stray_bytes_keeps_its_text_and_counts_them(tmp_path):
    """Three bad sequences in a seed: a lone continuation byte, a cut letter, a Latin-1 byte."""
    good = THAI_TAN.read_bytes()
    cuts = [len(good) // 4, len(good) // 2, 3 * len(good) // 4]
    cuts = [good.index(b" ", c) for c in cuts]  # between words, so no word loses a letter
    damaged = good[: cuts[0]] + b"\x9d" + good[cuts[0] : cuts[1]] + b"\xe1\xbb" + good[cuts[1] : cuts[2]]
    damaged += b"\xe9" + good[cuts[2] :]
    path = tmp_path / "damaged.txt"
    path.write_bytes(damaged)
    doc = read(path)
    assert doc.text.count("\ufffd") == 3
    assert doc.text.replace("\ufffd", "") == read(THAI_TAN).text
    assert doc.warnings == [
        "3 undecodable byte sequences in the utf-8 text replaced by U+FFFD (�): the words around them may be cut"
    ]


def test_legacy_encoding_is_reported(tmp_path):
    path = tmp_path / "legacy.txt"
    path.write_bytes(_cp1258(SAMPLE))
    assert read(path).warnings == ["decoded as cp1258 (not UTF-8)"]


def test_markdown_pipe_table(tmp_path):
    path = tmp_path / "plan.md"
    path.write_text(
        "## PHỤ LỤC\n\n"
        "| STT | Tên Đề án | Mục tiêu |\n"
        "|---|---|---|\n"
        "| I. NHÓM KẾ HOẠCH QUỐC PHÒNG - AN NINH | | |\n"
        "| 1 | Kế hoạch tuyển quân | Hàng năm hoàn thành **100%** chỉ tiêu |\n"
        "| | | gọi công dân nhập ngũ. |\n",
        encoding="utf-8",
    )
    doc = read(path)
    assert [b.kind for b in doc.blocks] == ["heading", "table"]
    rows = doc.blocks[1].rows
    assert [[c.text for c in r] for r in rows] == [
        ["STT", "Tên Đề án", "Mục tiêu"],
        ["I. NHÓM KẾ HOẠCH QUỐC PHÒNG - AN NINH"],
        ["1", "Kế hoạch tuyển quân", "Hàng năm hoàn thành 100% chỉ tiêu gọi công dân nhập ngũ."],
    ]


def test_no_word_is_lost_or_invented(thai_tan, ha_dong):
    """Re-flowing only moves line breaks: the words, in order, are those of the file."""
    assert clean_text(THAI_TAN.read_text(encoding="utf-8")) == clean_text(thai_tan.text)
    raw = HA_DONG.read_text(encoding="utf-8")
    before_table = raw[: raw.index("ST T")].replace("**", "").replace("*nếu có*", "nếu có")
    assert clean_text(before_table) == clean_text(ha_dong.text[: ha_dong.text.index("ST T")])


def test_a_short_document_of_headings_and_long_paragraphs_is_not_printed_lines(tmp_path):
    # Few body lines, many short headings: the headings must not make it look like a
    # PDF's printed lines, or "1. Phát triển nông nghiệp" would swallow its paragraph.
    path = tmp_path / "ke-hoach.txt"
    path.write_text(
        "KẾ HOẠCH\n\nI. NHIỆM VỤ, GIẢI PHÁP\n\n1. Phát triển nông nghiệp\n\n"
        "Phấn đấu mỗi năm xây dựng thêm 02 mô hình kinh tế hợp tác, bố trí tối thiểu 10% vốn "
        "đầu tư công cho nông nghiệp và đào tạo nghề cho 5.000 lao động nông thôn.\n\n"
        "2. Văn hóa, xã hội\n\nTỷ lệ hộ nghèo giảm bình quân 1,5%/năm.\n",
        encoding="utf-8",
    )
    kinds = [(b.kind, b.text[:12]) for b in read(path).blocks]
    assert kinds == [
        ("heading", "KẾ HOẠCH"),
        ("heading", "I. NHIỆM VỤ,"),
        ("heading", "1. Phát triể"),
        ("paragraph", "Phấn đấu mỗi"),
        ("heading", "2. Văn hóa, "),
        ("paragraph", "Tỷ lệ hộ ngh"),
    ]


def test_a_web_headline_run_into_its_lead_stands_apart(tmp_path):
    # a saved news page: its date, then headline and lead on one line, parted by the agency's dateline
    path = tmp_path / "tin.txt"
    path.write_text(
        " date 2026-03 Kinh tế Huyện Mỹ Lộc đặt mục tiêu 100% xã đạt chuẩn (ABC) - Sáng 5/3, UBND huyện "
        "Mỹ Lộc ban hành kế hoạch năm 2026.\n\nPhấn đấu tỷ lệ hộ nghèo giảm 1%.\n",
        encoding="utf-8",
    )
    texts = [b.text for b in read(path).blocks]
    assert texts[:3] == [
        "date 2026-03",
        "Kinh tế Huyện Mỹ Lộc đặt mục tiêu 100% xã đạt chuẩn",
        "(ABC) - Sáng 5/3, UBND huyện Mỹ Lộc ban hành kế hoạch năm 2026.",
    ]


def test_an_open_quotation_joins_lines_until_it_closes():
    """The quote count a paragraph keeps as it grows (reflow counts each line once: linear)."""
    from pipeline.readers.text import Layout, Line, reflow

    lines = [
        "Đảng bộ xác định “phát triển kinh tế là trọng tâm",
        "Xây dựng Đảng là then chốt",
        "Văn hóa là nền tảng” của xã hội",
        "Nhân dân là trung tâm",
    ]
    paragraphs = reflow([Line(text=t, page=None, blank_before=False) for t in lines], Layout(wrapped=True, width=100))
    assert [p for p, _ in paragraphs] == [" ".join(lines[:3]), lines[3]]
