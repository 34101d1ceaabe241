"""read_pdf on the LibreOffice renderings and the scan of the corpus."""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

import pytest

from pipeline.legacy import encode
from pipeline.model import Document
from pipeline.normalize import compare_key
from pipeline.numbering import split_label
from pipeline.readers import read
from pipeline.readers.pdf import assess_page, block_kind, read_pdf

CORPUS = Path(__file__).resolve().parent.parent / "corpus"
HA_DONG = CORPUS / "ha-dong-18-ctr-2026.pdf"
THAI_TAN = CORPUS / "thai-tan-ctr-2025.pdf"
SCAN = CORPUS / "scanned" / "thai-tan-ctr-2025-scan.pdf"


@cache
def _read(path: Path) -> Document:
    return read(path)


def _table(doc: Document):
    (table,) = [b for b in doc.blocks if b.kind == "table"]
    return table


def test_appendix_across_four_pages_is_one_table_with_repeated_headers_dropped(appendix_header):
    doc = _read(HA_DONG)
    table = _table(doc)
    assert table.header_rows == 1
    assert [compare_key(c.text) for c in table.rows[0]] == [compare_key(t) for t in appendix_header]
    body = table.rows[1:]
    assert sum(1 for r in body if r[0].text == "STT") == 0
    groups = [r for r in body if len(r) == 1]
    data = [r for r in body if len(r) == 7]
    assert (len(groups), len(data), len(body)) == (3, 11, 14)
    assert all(g[0].colspan == 7 for g in groups)
    assert [r[0].text for r in data] == ["1", "2", "3", "4", "1", "2", "3", "4", "5", "1", "2"]


def test_row_split_by_a_page_break_is_merged_back_into_its_cells():
    table = _table(_read(HA_DONG))
    names = [r[1].text for r in table.rows if len(r) == 7]
    assert (
        "Kế hoạch thực hiện Đề án “Xây dựng mô hình chủ nghĩa xã hội gắn với con người xã hội chủ nghĩa "
        "tại thành phố Hải Phòng giai đoạn 2025 - 2030 và những năm tiếp theo”"
    ) in names
    assert all(r[0].text for r in table.rows[1:]), "no continuation row left with an empty first cell"


def test_table_text_is_not_repeated_as_paragraphs():
    doc = _read(HA_DONG)
    outside = " ".join(b.text for b in doc.blocks if b.kind != "table")
    assert "Rà soát điều chỉnh Kế hoạch" not in outside
    assert "NHÓM KẾ HOẠCH QUỐC PHÒNG" not in outside


@pytest.mark.parametrize("path", [HA_DONG, THAI_TAN])
def test_no_page_number_or_running_footer_blocks(path):
    doc = _read(path)
    assert not [b.text for b in doc.blocks if re.fullmatch(r"\d{1,3}", b.text)]
    assert not [b.text for b in doc.blocks if b.text.startswith("Tài liệu này thuộc sở hữu")]


@pytest.mark.parametrize(
    ("path", "sentence"),
    [
        # broken across two printed lines
        (
            THAI_TAN,
            "(1) Phấn đấu tỷ lệ kết nạp đảng viên mới hằng năm đạt từ 3% tổng số đảng viên của đảng bộ trở lên .",
        ),
        # broken across a page break (page 2 -> 3)
        (
            THAI_TAN,
            "(5) Hằng năm, đạt tỷ lệ 100% hồ sơ giải quyết thủ tục hành chính được cập nhật, xử lý trên Hệ "
            "thống thông tin giải quyết thủ tục hành chính; đạt tỷ lệ 100% hồ sơ giải quyết thủ tục hành chính "
            "được đồng bộ đầy đủ trên Cổng Dịch vụ công quốc gia; đạt tỷ lệ 100% số hóa hồ sơ, kết quả giải "
            "quyết thủ tục hành chính; đạt tỷ lệ 100% hồ sơ thủ tục hành chính được tiếp nhận tại Trung tâm "
            "phục vụ Hành chính công xã được giải quyết trước hạn và đúng hạn.",
        ),
        # a hyphenated token broken at the line end stays one token
        (
            HA_DONG,
            "Căn cứ Nghị quyết Đại hội đại biểu Đảng bộ xã lần thứ I nhiệm kỳ 2025-2030;",
        ),
    ],
)
def test_sentences_broken_across_lines_are_joined(path, sentence):
    doc = _read(path)
    assert any(b.text.startswith(sentence) for b in doc.blocks if b.kind != "table")


def test_target_items_start_blocks_with_their_label_and_page():
    doc = _read(THAI_TAN)
    items = [b for b in doc.blocks if b.label == "(7)" and "Chính quyền thân thiện" in b.text]
    assert items and items[0].kind == "list_item" and items[0].page == 3


@pytest.mark.parametrize("path", [HA_DONG, THAI_TAN])
def test_every_block_and_cell_offset_slices_the_canonical_text(path):
    doc = _read(path)
    assert doc.source.format == "pdf" and doc.source.pages and doc.source.pages >= 15
    for b in doc.blocks:
        assert doc.text[b.start : b.end] == b.text
        assert b.page is not None and 1 <= b.page <= doc.source.pages
        for row in b.rows or []:
            for c in row:
                assert doc.text[c.start : c.end] == c.text


@pytest.mark.parametrize("path", [HA_DONG, THAI_TAN])
def test_rendered_pages_have_a_healthy_text_layer(path):
    doc = _read(path)
    assert len(doc.page_quality) == doc.source.pages
    assert all(q.ok for q in doc.page_quality), [q for q in doc.page_quality if not q.ok]


def test_scanned_pdf_is_flagged_page_by_page_not_read_as_empty():
    doc = read_pdf(SCAN)  # the reader alone: read() goes on to OCR these pages
    assert doc.blocks == []
    assert [q.ok for q in doc.page_quality] == [False, False, False]
    assert all(q.reasons[0].startswith("no text layer") for q in doc.page_quality)
    assert any("OCR" in w for w in doc.warnings)


# --- text-layer health on broken extractions -------------------------------------


class _Page:
    """What assess_page needs of a pdfplumber page."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.images: list = []

    def extract_text(self) -> str:
        return self.text


GOOD = "Phấn đấu tỷ lệ kết nạp đảng viên mới hằng năm đạt từ 3% tổng số đảng viên trở lên. " * 4


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("Đang\u0309 viên mơi\u0301 kêt\u0301 nap\u0323 hăng\u0300 năm " * 6, "diacritics split"),
        ("Ph\u02c6an ®a\u02c6u t\u02dcy l\u00b4e k\u02c6et n\u0060ap " * 6, "diacritics split"),
        ("PPhhấấnn đđấấuu ttỷỷ llệệ kkếếtt nnạạpp đđảảnngg vviiêênn " * 3, "doubled"),
        ("Đ ả ng v i ê n k ế t n ạ p t h à n h l ậ p t ổ c h ứ c " * 3, "single letters"),
        ("(cid:12)(cid:45)(cid:78) (cid:90)" * 3, "unmapped glyphs"),
        (encode(GOOD, "tcvn3"), "TCVN3"),
        (encode(GOOD, "vni"), "VNI"),
        ("   ", "no text layer"),
    ],
)
def test_broken_text_layers_are_flagged_with_a_reason(text, reason):
    q = assess_page(_Page(text), 4)
    assert not q.ok and q.page == 4
    assert any(reason in r for r in q.reasons), q.reasons


def test_clean_vietnamese_text_passes():
    assert assess_page(_Page(GOOD), 1).ok


# --- block kinds shared with the DOCX reader ---------------------------------------


@pytest.mark.parametrize(
    ("text", "kind", "label"),
    [
        ("I. MỤC ĐÍCH, YÊU CẦU", "heading", "I."),
        ("2.1. Các chỉ tiêu xây dựng Đảng và chính quyền", "heading", "2.1."),
        ("3.2. Các chỉ tiêu phát triển kinh tế - xã hội:", "heading", "3.2."),
        ("(3) Hằng năm, tỷ lệ giải ngân vốn đầu tư công đạt 100%.", "list_item", "(3)"),
        ("a) Tỷ lệ hộ nghèo giảm bình quân 1%/năm.", "list_item", "a)"),
        ("- Khu vực dịch vụ tăng 8,8%.", "list_item", "-"),
        ("2. Tập trung triển khai thực hiện tốt các giải pháp về huy động nguồn vốn.", "heading", "2."),
        ("PHỤ LỤC", "heading", None),
        ("Xây dựng Đảng bộ, hệ thống chính trị trong sạch, vững mạnh.", "paragraph", None),
        ("2030 là năm hoàn thành các chỉ tiêu.", "paragraph", None),
    ],
)
def test_block_kind_from_the_text(text, kind, label):
    assert block_kind(text) == kind
    assert split_label(text) == label


# --- layouts built by hand: a tiny PDF writer (Helvetica, ASCII text) ----------------

PAGE_W, PAGE_H = 595, 842


def _pdf(
    pages: list[list[tuple[float, float, str, bool]]],
    size: float = 12,
    rects: list[list[tuple[float, float, float, float]]] | None = None,
    *,
    raw: list[bytes] | None = None,
    rotate: int = 0,
) -> bytes:
    """A PDF whose pages show (x, top, text, bold or "italic") lines and (x, top, w, h) ruled boxes,
    top measured from the page top; ``raw`` content operators per page, pages turned by ``rotate``."""
    objects: list[bytes] = [b"", b""]  # catalog, pages: filled in below
    fonts = (
        b"<< /F1 << /Type /Font /Subtype /Type1 /BaseFont /Helvetica >> /F2 << /Type /Font /Subtype /Type1 "
        b"/BaseFont /Helvetica-Bold >> /F3 << /Type /Font /Subtype /Type1 /BaseFont /Helvetica-Oblique >> >>"
    )
    kids = []
    for n, lines in enumerate(pages):
        ops = b"".join(
            b"%g %g %g %g re S\n" % (x, PAGE_H - top - h, w, h)
            for x, top, w, h in (rects[n] if rects else [])
        )
        ops += b"".join(
            b"BT /%s %g Tf %g %g Td (%s) Tj ET\n"
            % (b"F3" if bold == "italic" else b"F2" if bold else b"F1", size, x, PAGE_H - top - size, text.encode("latin-1"))
            for x, top, text, bold in lines
        )
        ops += raw[n] if raw else b""
        objects.append(b"<< /Length %d >>\nstream\n" % len(ops) + ops + b"endstream")
        content = len(objects)
        objects.append(
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 %d %d] /Rotate %d /Contents %d 0 R /Resources << /Font %s >> >>"
            % (PAGE_W, PAGE_H, rotate, content, fonts)
        )
        kids.append(len(objects))
    objects[0] = b"<< /Type /Catalog /Pages 2 0 R >>"
    objects[1] = b"<< /Type /Pages /Kids [%s] /Count %d >>" % (
        b" ".join(b"%d 0 R" % k for k in kids),
        len(kids),
    )
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for n, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % n + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % off for off in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


def _texts(tmp_path: Path, pages, name: str = "layout.pdf") -> list[str]:
    path = tmp_path / name
    path.write_bytes(_pdf(pages))
    return [b.text for b in read_pdf(path).blocks]


WORDS = "Mot Hai Ba Bon Nam Sau Bay Tam Chin Muoi Muoimot Muoihai".split()
FULL = "Phan dau ty le ket nap dang vien moi hang nam dat tu ba phan tram tong so"  # ~ a full line


def test_side_by_side_header_is_read_left_column_first(tmp_path):
    page = [
        (60, 60, "DANG BO XA HA DONG", False),
        (330, 60, "DANG CONG SAN VIET NAM", True),
        (100, 76, "DANG UY", True),
        (85, 92, "So 18-CTr/DU", False),
        (320, 92, "Ha Dong, ngay 31 thang 3 nam 2026", False),
        (200, 140, "CHUONG TRINH HANH DONG", True),
        (95, 180, FULL, False),
        (60, 196, "dang vien tro len.", False),
    ]
    assert _texts(tmp_path, [page]) == [
        "DANG BO XA HA DONG",
        "DANG UY",
        "So 18-CTr/DU",
        "DANG CONG SAN VIET NAM",
        "Ha Dong, ngay 31 thang 3 nam 2026",
        "CHUONG TRINH HANH DONG",
        FULL + " dang vien tro len.",
    ]


def test_hanging_indent_items_stay_whole(tmp_path):
    page = [
        (60, 100, "(1) " + FULL, False),
        (80, 116, "dang vien tro len.", False),
        (60, 132, "(2) Phan dau thanh lap it nhat 02 to chuc dang trong doanh nghiep ngoai", False),
        (80, 148, "nha nuoc, hop tac xa.", False),
    ]
    assert _texts(tmp_path, [page]) == [
        "(1) " + FULL + " dang vien tro len.",
        "(2) Phan dau thanh lap it nhat 02 to chuc dang trong doanh nghiep ngoai nha nuoc, hop tac xa.",
    ]


def test_running_header_and_page_numbers_dropped_and_sentence_joined_over_the_break(tmp_path):
    pages = []
    for n in range(1, 4):
        lines = [(200, 30, "Chuong trinh hanh dong 18-CTr/DU", False)]
        lines += [(60, 100 + 16 * i, f"{WORDS[n * 3 + i]} {FULL}", False) for i in range(3)]
        lines.append((290, 800, f"- {n} -", False))
        pages.append(lines)
    pages[0].insert(1, (95, 84, "Mo dau doan van.", False))
    texts = _texts(tmp_path, pages)
    assert not [t for t in texts if "Chuong trinh hanh dong 18" in t or t.startswith("- ")]
    assert len(texts) == 2  # the opening sentence, then one paragraph running over three pages
    assert texts[1].startswith(f"{WORDS[3]} {FULL} {WORDS[4]}")
    assert texts[1].endswith(f"{WORDS[11]} {FULL}")


def test_fake_bold_printed_twice_reads_once(tmp_path):
    line = "Hang nam, ty le giai ngan von dau tu cong dat 100%."
    page = [(60, 100, line, False), (60.4, 100, line, False)]
    path = tmp_path / "fakebold.pdf"
    path.write_bytes(_pdf([page]))
    raw = read_pdf(path)
    assert [b.text for b in raw.blocks] == [line]
    assert raw.page_quality[0].ok


def _grid(rows: list[list[str]], top: float, widths=(40, 200, 150), x0: float = 60, height: float = 30):
    """Lines and ruled cells of a table whose rows are all ``height`` high."""
    lines, boxes = [], []
    for r, row in enumerate(rows):
        x = x0
        for w, text in zip(widths, row, strict=True):
            boxes.append((x, top + r * height, w, height))
            if text:
                lines.append((x + 4, top + r * height + 8, text, False))
            x += w
    return lines, boxes


def test_table_continued_on_next_page_is_one_table(tmp_path):
    header = ["STT", "Noi dung", "Co quan"]
    p1_lines, p1_boxes = _grid(
        [header, ["1", "Viec mot", "UBND xa"], ["2", "Viec hai phan dau", "Phong Kinh te"]], 600
    )
    p2_lines, p2_boxes = _grid([header, ["", "phan sau", ""], ["3", "Viec ba", "Cong an xa"]], 60)
    p1_lines.insert(0, (60, 560, "PHU LUC", True))
    path = tmp_path / "table.pdf"
    path.write_bytes(_pdf([p1_lines, p2_lines], rects=[p1_boxes, p2_boxes]))
    blocks = read_pdf(path).blocks
    assert [b.kind for b in blocks] == ["heading", "table"]
    table = blocks[1]
    assert table.header_rows == 1
    assert [[" ".join(c.text.split()) for c in row] for row in table.rows] == [
        header,
        ["1", "Viec mot", "UBND xa"],
        ["2", "Viec hai phan dau phan sau", "Phong Kinh te"],
        ["3", "Viec ba", "Cong an xa"],
    ]


def test_paragraphs_without_spacing_split_on_indent_and_title_on_centring(tmp_path):
    title = "THUC HIEN NGHI QUYET DAI HOI"
    width = len(title) * 7.2  # Helvetica capitals at 12pt, roughly
    page = [
        ((PAGE_W - width) / 2, 60, title, False),
        (95, 76, FULL, False),
        (60, 92, FULL + ".", False),  # a full last line: only the next indent tells
        (95, 108, FULL, False),
        (60, 124, "dang vien tro len.", False),
    ]
    assert _texts(tmp_path, [page]) == [
        title,
        f"{FULL} {FULL}.",
        f"{FULL} dang vien tro len.",
    ]


def test_a_title_set_tighter_than_the_text_under_it_leaves_the_text_whole(tmp_path):
    """The line pitch is the text's (19 pt here), not the least step on the page (the title's 14)."""
    title = "KET QUA THAM DINH CHI SO CAI CACH"
    width = len(title) * 7.2
    page = [((PAGE_W - width) / 2, 60 + 14 * i, title, False) for i in range(3)]
    page += [(95, 130, FULL, False)] + [(60, 130 + 19 * i, FULL, False) for i in range(1, 5)]
    page.append((60, 130 + 19 * 5, "dang vien tro len.", False))
    blocks = _texts(tmp_path, [page])
    assert blocks[-1] == " ".join([FULL] * 5 + ["dang vien tro len."])


def test_an_italic_run_that_starts_inside_a_line_goes_on_in_the_same_paragraph(tmp_path):
    roman = "Diem toi da thap hon thang diem chung"
    page = [
        (60, 100, roman, False),
        (60 + len(roman) * 6.1, 100, "nhu: So Noi vu, So Khoa hoc va", "italic"),
        (60, 116, "Cong nghe, So Xay dung, So Tai chinh, So Giao duc va Dao tao, So", "italic"),
        (60, 132, "Ngoai vu, Thanh tra tinh.", "italic"),
        (60, 148, "- Phan thu hai: danh gia qua ket qua khao sat.", False),
    ]
    assert _texts(tmp_path, [page]) == [
        f"{roman} nhu: So Noi vu, So Khoa hoc va Cong nghe, So Xay dung, So Tai chinh, So Giao duc va Dao tao,"
        " So Ngoai vu, Thanh tra tinh.",
        "- Phan thu hai: danh gia qua ket qua khao sat.",
    ]


# --- tables typed without rules ------------------------------------------------

BORDERLESS = (
    Path(__file__).resolve().parent / "data" / "borderless-indicator-table.pdf"
)  # a Word table, no borders


def _cells(table) -> list[list[str]]:
    return [[" ".join(c.text.split()) for c in row] for row in table.rows]


def test_borderless_indicator_table_is_one_table_with_wrapped_cells_merged():
    doc = read(BORDERLESS)
    table = _table(doc)
    assert table.header_rows == 1
    assert _cells(table) == [
        ["TT", "Chỉ tiêu", "ĐVT", "Thực hiện 2025", "Kế hoạch 2026"],
        ["1", "Tốc độ tăng giá trị sản xuất", "%", "9,8", "10,5"],
        ["2", "Tổng thu ngân sách trên địa bàn", "tỷ đồng", "1.250", "1.380"],
        ["3", "Tỷ lệ che phủ rừng", "%", "33,5", "34"],
        ["4", "Số xã đạt chuẩn nông thôn mới nâng cao", "xã", "8", "11"],
    ]
    around = [b.text for b in doc.blocks if b.kind != "table"]
    assert "I. CÁC CHỈ TIÊU CHỦ YẾU NĂM 2026" in around and "II. NHIỆM VỤ, GIẢI PHÁP" in around
    assert not [t for t in around if "Tốc độ" in t or t in ("TT", "ĐVT", "9,8")]


def test_hand_typed_borderless_table_among_prose(tmp_path):
    rows = [
        ("STT", "Chi tieu", "DVT", "Ke hoach 2026"),
        ("1", "Ty le ho ngheo", "%", "0,5"),
        ("2", "So xa dat chuan", "xa", "12"),
        ("", "nong thon moi", "", ""),
        ("3", "Thu ngan sach", "ty dong", "1.380"),
    ]
    page = [(60, 60, "Cac chi tieu chu yeu:", True)]
    page += [
        (x, 90 + 16 * r, text, False)
        for r, row in enumerate(rows)
        for x, text in zip((60, 100, 330, 420), row, strict=True)
        if text
    ]
    page += [(60, 190, FULL, False), (60, 206, "dang vien tro len.", False)]
    path = tmp_path / "borderless.pdf"
    path.write_bytes(_pdf([page]))
    blocks = read_pdf(path).blocks
    assert [b.kind for b in blocks] == ["heading", "table", "paragraph"]
    assert blocks[1].header_rows == 1
    assert _cells(blocks[1]) == [
        list(rows[0]),
        list(rows[1]),
        ["2", "So xa dat chuan nong thon moi", "xa", "12"],
        list(rows[4]),
    ]
    assert blocks[2].text == FULL + " dang vien tro len."


@pytest.mark.parametrize(
    "lines",
    [
        # issuer | motto and "Noi nhan" | signature: two bands, never a table
        [(60, 60 + 16 * i, a, False) for i, a in enumerate(["Noi nhan:", "- Nhu tren;", "- Luu VT."])]
        + [
            (330, 60 + 16 * i, b, False)
            for i, b in enumerate(["TM. UY BAN NHAN DAN", "CHU TICH", "Nguyen Van A"])
        ],
        # a numbered list whose items run across the page
        [(60, 60 + 16 * i, f"{i + 1}. {FULL}", False) for i in range(4)],
        # three short aligned pieces, but on two rows only
        [(x, 60 + 16 * r, t, False) for r in range(2) for x, t in ((60, "Mot"), (200, "Hai"), (400, "Ba"))],
    ],
)
def test_layouts_that_are_not_tables_stay_text(tmp_path, lines):
    path = tmp_path / "not-a-table.pdf"
    path.write_bytes(_pdf([lines]))
    assert [b for b in read_pdf(path).blocks if b.kind == "table"] == []


# --- files made by other hands ----------------------------------------------------------------

RENDERINGS = Path(__file__).resolve().parent / "data" / "renderings"


def test_tables_cut_at_a_group_heading_with_the_header_repeated_are_one_table(tmp_path):
    header = ["STT", "Noi dung", "Chu tri"]
    lines1, boxes1 = _grid([header, ["1", "Viec mot", "UBND xa"]], 100)
    heading = [(60, 180, "II. NHOM KE HOACH QUOC PHONG", True)]
    lines2, boxes2 = _grid([header, ["1", "Viec hai", "Cong an xa"]], 220)
    path = tmp_path / "split.pdf"
    path.write_bytes(_pdf([lines1 + heading + lines2], rects=[boxes1 + boxes2]))
    (table,) = read_pdf(path).blocks
    assert table.kind == "table" and table.header_rows == 1
    assert [[" ".join(c.text.split()) for c in row] for row in table.rows] == [
        header,
        ["1", "Viec mot", "UBND xa"],
        ["II. NHOM KE HOACH QUOC PHONG"],
        ["1", "Viec hai", "Cong an xa"],
    ]
    assert table.rows[2][0].colspan == 3


def test_the_split_appendix_of_the_plain_rendering_is_one_table_its_wrapped_header_whole(appendix_header):
    doc = _read(RENDERINGS / "ha-dong-18-ctr-2026.plain.pdf")
    (table,) = [b for b in doc.blocks if b.kind == "table"]
    assert [" ".join(c.text.split()) for c in table.rows[0]] == appendix_header
    groups = [r[0].text.split(".")[0] for r in table.rows[1:] if len(r) == 1]
    assert groups == ["I", "II", "III"]


def test_a_heading_wrapped_over_lines_of_a_larger_type_is_one_block():
    doc = _read(RENDERINGS / "thai-tan-ctr-2025.pandoc.pdf")
    assert (
        "1.2. Giao cho Uỷ ban Kiểm tra Đảng uỷ chủ trì, phối hợp với Ban Xây dựng Đảng, Văn phòng Đảng ủy "
        "và các ngành có liên quan tham mưu cho Ban Chấp hành Đảng bộ tổ chức triển khai, thực hiện chỉ tiêu sau:"
    ) in [b.text for b in doc.blocks]


# --- the two engines side by side ----------------------------------------------------
# PDFium reads every page it can; pdfplumber, the reference, reads every page. On the
# committed PDFs (the renderings of the seeds, the borderless table, the revisions, the scan)
# they give the same canonical document: text, blocks, tables, offsets, page health.

DATA = Path(__file__).resolve().parent / "data"
COMMITTED_PDFS = [*sorted(CORPUS.glob("*.pdf")), *sorted(DATA.rglob("*.pdf")), SCAN]


def _document(path: Path, engine: str) -> dict:
    from dataclasses import asdict

    from pipeline.normalize import canonicalize

    return asdict(canonicalize(read_pdf(path, engine=engine)))  # the reader alone: no OCR


@pytest.mark.parametrize("path", COMMITTED_PDFS, ids=lambda p: p.name)
def test_pdfium_reads_every_committed_pdf_as_pdfplumber_does(path):
    pdfium, pdfplumber = _document(path, "pdfium"), _document(path, "pdfplumber")
    assert pdfium["text"] == pdfplumber["text"]
    assert pdfium == pdfplumber


def test_the_engine_is_chosen_on_the_command_line(capsys):
    from pipeline.cli import main

    outputs = []
    for engine in ("pdfium", "pdfplumber"):
        assert main(["read", str(HA_DONG), "--pdf-engine", engine]) == 0
        outputs.append(capsys.readouterr().out)
    assert outputs[0] == outputs[1]
    assert "table 15 rows x 7 cols" in outputs[0]
    with pytest.raises(SystemExit):
        main(["read", str(HA_DONG), "--pdf-engine", "poppler"])


def _doubled_tj(x: float, top: float, text: str, shift: float = 0.9) -> bytes:
    """One text object printing every glyph twice, the copy ``shift`` points to the right (fake bold)."""
    from pdfminer.fontmetrics import FONT_METRICS

    widths = FONT_METRICS["Helvetica"][1]
    pieces = b"".join(
        b"(%s) %g (%s) " % (ch.encode(), widths[ch] - shift / 12 * 1000, ch.encode()) for ch in text
    )
    return b"BT /F1 12 Tf %g %g Td [%s] TJ ET\n" % (x, PAGE_H - top - 12, pieces)


@pytest.mark.parametrize("engine", ["pdfium", "pdfplumber"])
def test_glyphs_printed_twice_in_one_text_object_read_once(tmp_path, engine):
    line = "Hang nam, ty le giai ngan von dau tu cong dat 100%."
    path = tmp_path / "fakebold-tj.pdf"
    path.write_bytes(_pdf([[]], raw=[_doubled_tj(60, 100, line)]))
    raw = read_pdf(path, engine=engine)
    assert [b.text for b in raw.blocks] == [line]
    assert raw.page_quality[0].ok


def test_a_turned_page_is_read_by_pdfplumber_and_reads_the_same(tmp_path):
    from pipeline.readers import pdf_pdfium

    path = tmp_path / "turned.pdf"
    path.write_bytes(_pdf([[(60, 100, FULL, False), (60, 116, "dang vien tro len.", False)]], rotate=90))
    pdf = pdf_pdfium.open_pdf(path)
    try:
        assert pdf_pdfium.read_page(pdf, 1, path, {}).handover == "rotated page"
    finally:
        pdf.close()
    assert _document(path, "pdfium") == _document(path, "pdfplumber")


# --- damaged files: one line naming the file and the reason ---------------------------


def _damage_second_page(data: bytes) -> bytes:
    """The second page object's /Type spoiled in place: the file still parses, that page does not load."""
    second = data.index(b"/Type /Page ", data.index(b"/Type /Page ") + 1)
    return data[:second] + b"/Type /Pxge " + data[second + len(b"/Type /Page ") :]


def test_a_page_pdfium_cannot_load_is_one_clear_error(tmp_path):
    from pipeline.errors import DocumentError

    path = tmp_path / "damaged-page.pdf"
    path.write_bytes(_damage_second_page(_pdf([[(60, 100, "Trang mot", False)], [(60, 100, "Trang hai", False)]])))
    with pytest.raises(DocumentError) as err:
        read(path)
    assert str(err.value) == f"{path}: damaged PDF (page 2 of 2 cannot be loaded)"


def test_ocr_of_a_page_pdfium_cannot_load_is_one_clear_error(tmp_path):
    """The reference reader may find a page empty that PDFium cannot open; OCR then names it."""
    from pipeline.errors import DocumentError
    from pipeline.readers.ocr import ocr_pdf_pages

    path = tmp_path / "damaged-page.pdf"
    path.write_bytes(_damage_second_page(_pdf([[(60, 100, "Trang mot", False)], []])))
    with pytest.raises(DocumentError) as err:
        ocr_pdf_pages(path, [2])
    assert str(err.value) == f"{path}: damaged PDF (page 2 of 2 cannot be loaded)"


@pytest.mark.parametrize("engine", ["pdfium", "pdfplumber"])
def test_a_pdf_without_pages_is_one_clear_error(tmp_path, engine):
    from pipeline.errors import DocumentError

    path = tmp_path / "no-pages.pdf"
    path.write_bytes(_pdf([]))
    with pytest.raises(DocumentError) as err:
        read(path, pdf_engine=engine)
    assert str(err.value) == f"{path}: no pages (the PDF's page tree is empty)"


def test_threads_reading_pdfs_at_once_read_each_as_one_thread_does():
    """PDFium is not thread-safe; Dask runs documents in threads: the reader takes turns."""
    from concurrent.futures import ThreadPoolExecutor

    paths = sorted(CORPUS.glob("*.pdf")) * 3

    def texts(path: Path) -> list[str]:
        return [b.text for b in read_pdf(path).blocks]

    alone = [texts(p) for p in paths]
    with ThreadPoolExecutor(4) as pool:
        assert list(pool.map(texts, paths)) == alone


def test_without_its_compiled_loops_the_reader_reads_the_same():
    """Where setup.py could not compile them (no C compiler), the Python twins run: the same
    blocks, tables and page health, from a process that cannot import the compiled modules."""
    import json
    import subprocess
    import sys
    from dataclasses import asdict

    script = (
        "import json, sys\n"
        "from dataclasses import asdict\n"
        "sys.modules['pipeline.readers._pdfium_chars'] = sys.modules['pipeline.readers._text_lines'] = None\n"
        "from pipeline.readers import pdf_page, pdf_pdfium\n"
        "from pipeline.readers.pdf import read_pdf\n"
        "assert pdf_pdfium.page_chars is pdf_pdfium._page_chars\n"
        "assert pdf_page._lines_of is pdf_page._python_lines_of\n"
        "print(json.dumps([asdict(read_pdf(p)) for p in sys.argv[1:]]))\n"
    )
    paths = [str(CORPUS / "ha-dong-18-ctr-2026.pdf"), str(CORPUS / "thai-tan-ctr-2025.pdf")]
    done = subprocess.run([sys.executable, "-c", script, *paths], capture_output=True, text=True, check=True)
    assert json.loads(done.stdout) == json.loads(json.dumps([asdict(read_pdf(p)) for p in paths]))
