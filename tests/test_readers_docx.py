"""read_docx on the rendered corpus and on small documents built with Word numbering."""

from __future__ import annotations

from pathlib import Path

import docx
import pytest
from docx.oxml import parse_xml

from pipeline.normalize import compare_key
from pipeline.readers import read, read_raw
from pipeline.readers.docx import format_number

CORPUS = Path(__file__).resolve().parent.parent / "corpus"
HA_DONG = CORPUS / "ha-dong-18-ctr-2026.docx"
THAI_TAN = CORPUS / "thai-tan-ctr-2025.docx"


def _tables(doc):
    return [b for b in doc.blocks if b.kind == "table"]


# --- the corpus -------------------------------------------------------------------


def test_auto_numbered_target_items_get_their_visible_label():
    doc = read(HA_DONG)
    item = next(b for b in doc.blocks if "tỷ lệ kết nạp đảng viên mới" in b.text)
    assert item.kind == "list_item"
    assert item.label == "(1)"
    assert item.text.startswith("(1) Phân đấu tỷ lệ kết nạp đảng viên mới")


@pytest.mark.parametrize(
    ("path", "heading", "count"),
    [
        (HA_DONG, "3.1. Chỉ tiêu xây dựng Đảng và chính quyền:", 8),
        (HA_DONG, "3.2. Các chỉ tiêu phát triển kinh tế - xã hội, quốc phòng - an ninh:", 18),
        (THAI_TAN, "2.1. Các chỉ tiêu xây dựng Đảng và chính quyền", 7),
        (THAI_TAN, "2.2. Các chỉ tiêu phát triển kinh tế - xã hội, quốc phòng - an ninh", 14),
    ],
)
def test_each_target_list_restarts_and_counts_through_bullets(path, heading, count):
    doc = read(path)
    start = next(i for i, b in enumerate(doc.blocks) if b.text == heading)
    labels = []
    for b in doc.blocks[start + 1 :]:
        if b.kind == "heading":
            break
        if b.label and b.label.startswith("("):
            labels.append(b.label)
    assert labels == [f"({n})" for n in range(1, count + 1)]


def test_dash_bullets_are_list_items_labelled_dash():
    doc = read(HA_DONG)
    bullet = next(b for b in doc.blocks if "Khu vực nông nghiệp, thủy sản" in b.text)
    assert (bullet.kind, bullet.label, bullet.text) == (
        "list_item",
        "-",
        "- Khu vực nông nghiệp, thủy sản tăng 6,0%/năm;",
    )


def test_headings_and_paragraphs_in_body_order():
    doc = read(THAI_TAN)
    kinds = [(b.kind, b.label) for b in doc.blocks[:8]]
    assert kinds[:2] == [("heading", None), ("paragraph", None)]
    assert ("heading", "A.") in kinds and ("heading", "I.") in kinds
    assert doc.source.format == "docx" and doc.source.pages is None


def test_appendix_is_one_seven_column_table_with_groups_and_eleven_rows(appendix_header):
    (table,) = _tables(read(HA_DONG))
    assert table.header_rows == 1
    assert [c.text for c in table.rows[0]] == appendix_header
    body = table.rows[1:]
    groups = [r for r in body if len(r) == 1]
    data = [r for r in body if len(r) == 7]
    assert len(groups) == 3 and len(data) == 11 and len(body) == 14
    assert all(r[0].colspan == 7 and r[0].col == 0 for r in groups)
    assert [g[0].text.split(".")[0] for g in groups] == ["I", "II", "III"]
    assert groups[0][0].text.startswith("I. NHÓM ĐỀ ÁN, KẾ HOẠCH VỀ CÔNG TÁC XÂY DỰNG ĐẢNG")


def test_appendix_row_split_in_the_seed_is_whole_in_one_cell():
    (table,) = _tables(read(HA_DONG))
    names = [r[1].text for r in table.rows if len(r) == 7]
    assert (
        "Kế hoạch thực hiện Đề án “Xây dựng mô hình chủ nghĩa xã hội gắn với con người xã hội chủ nghĩa "
        "tại thành phố Hải Phòng giai đoạn 2025 - 2030 và những năm tiếp theo”"
    ) in names


def test_cell_with_several_dash_items_keeps_them_as_lines():
    raw = read_raw(HA_DONG)
    (table,) = [b for b in raw.blocks if b.kind == "table"]
    support = table.rows[2][6].text  # group I, row 1, "Cơ quan phối hợp thực hiện"
    assert support.split("\n") == [
        "- Các cơ quan tham mưu giúp việc Đảng ủy.",
        "- Ủy ban MTTQ và các đoàn thể chính trị - xã hội.",
        "- Các chi bộ, đảng bộ, các thôn",
    ]


@pytest.mark.parametrize("path", [HA_DONG, THAI_TAN])
def test_every_block_and_cell_offset_slices_the_canonical_text(path):
    doc = read(path)
    for b in doc.blocks:
        assert doc.text[b.start : b.end] == b.text
        for row in b.rows or []:
            for c in row:
                assert doc.text[c.start : c.end] == c.text


@pytest.mark.parametrize("stem", ["ha-dong-18-ctr-2026", "thai-tan-ctr-2025"])
def test_docx_and_pdf_renderings_give_the_same_blocks(stem):
    def blocks(path):
        return [(b.kind, b.label, compare_key(b.text)) for b in read(path).blocks]

    assert blocks(CORPUS / f"{stem}.docx") == blocks(CORPUS / f"{stem}.pdf")


# --- Word numbering built by hand -----------------------------------------------------

W_NS = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'


def _lvl(ilvl: int, fmt: str, text: str, start: int = 1, extra: str = "") -> str:
    return (
        f'<w:lvl w:ilvl="{ilvl}"><w:start w:val="{start}"/><w:numFmt w:val="{fmt}"/>{extra}'
        f'<w:lvlText w:val="{text}"/></w:lvl>'
    )


def _numbered_docx(tmp_path: Path, abstract_levels: dict[int, str], paragraphs, nums) -> Path:
    """A docx whose paragraphs (text, numId, ilvl) use the given numbering definitions."""
    document = docx.Document()
    root = document.part.numbering_part.element
    for aid, levels in abstract_levels.items():
        a = parse_xml(f'<w:abstractNum {W_NS} w:abstractNumId="{aid}">{levels}</w:abstractNum>')
        root.find(a.tag.replace("abstractNum", "num")).addprevious(a)  # abstractNums come first
    for num_id, (aid, override) in nums.items():
        root.append(
            parse_xml(f'<w:num {W_NS} w:numId="{num_id}"><w:abstractNumId w:val="{aid}"/>{override}</w:num>')
        )
    for text, num_id, ilvl in paragraphs:
        p = document.add_paragraph(text)
        if num_id is not None:
            p._p.get_or_add_pPr().insert(
                0,
                parse_xml(f'<w:numPr {W_NS}><w:ilvl w:val="{ilvl}"/><w:numId w:val="{num_id}"/></w:numPr>'),
            )
    out = tmp_path / "numbered.docx"
    document.save(out)
    return out


def test_multilevel_numbering_with_restart_and_start_override(tmp_path):
    levels = {
        90: _lvl(0, "upperRoman", "%1.")
        + _lvl(1, "decimal", "%2.")
        + _lvl(2, "decimal", "%2.%3.")
        + _lvl(3, "lowerLetter", "%4)"),
        91: _lvl(0, "decimal", "(%1)"),
    }
    nums = {
        900: (90, ""),
        901: (91, '<w:lvlOverride w:ilvl="0"><w:startOverride w:val="3"/></w:lvlOverride>'),
    }
    paragraphs = [
        ("MỤC TIÊU", 900, 0),
        ("Mục tiêu chung", 900, 1),
        ("Chỉ tiêu kinh tế", 900, 2),
        ("tăng trưởng", 900, 3),
        ("thu ngân sách", 900, 3),
        ("Chỉ tiêu xã hội", 900, 2),
        ("giảm nghèo", 900, 3),
        ("Tỷ lệ hộ nghèo giảm.", 901, 0),
        ("Một đoạn văn không đánh số.", None, 0),
        ("Tỷ lệ bao phủ bảo hiểm y tế.", 901, 0),
        ("NHIỆM VỤ", 900, 0),
        ("Xây dựng Đảng", 900, 1),
    ]
    raw = read_raw(_numbered_docx(tmp_path, levels, paragraphs, nums))
    assert [b.label for b in raw.blocks] == [
        "I.",
        "1.",
        "1.1.",
        "a)",
        "b)",
        "1.2.",
        "a)",
        "(3)",
        None,
        "(4)",
        "II.",
        "1.",
    ]
    assert raw.blocks[3].text == "a) tăng trưởng"


@pytest.mark.parametrize(
    ("n", "fmt", "shown"),
    [
        (4, "upperRoman", "IV"),
        (14, "lowerRoman", "xiv"),
        (2, "lowerLetter", "b"),
        (27, "lowerLetter", "aa"),
        (3, "upperLetter", "C"),
        (7, "decimalZero", "07"),
        (12, "decimal", "12"),
    ],
)
def test_number_formats_render_as_word_shows_them(n, fmt, shown):
    assert format_number(n, fmt) == shown


def test_symbol_font_bullet_is_shown_as_a_bullet(tmp_path):
    levels = {92: _lvl(0, "bullet", "\uf0b7")}
    raw = read_raw(_numbered_docx(tmp_path, levels, [("Nguồn vốn ngân sách.", 920, 0)], {920: (92, "")}))
    assert raw.blocks[0].text == "• Nguồn vốn ngân sách."
    assert raw.blocks[0].kind == "list_item"


def test_merged_cells_appear_once_and_header_typed_again_is_dropped(tmp_path):
    document = docx.Document()
    table = document.add_table(rows=5, cols=3)
    table.style = "Table Grid"
    for c, text in enumerate(["STT", "Nội dung", "Cơ quan"]):
        table.rows[0].cells[c].text = text
    table.rows[0]._tr.get_or_add_trPr().append(parse_xml(f"<w:tblHeader {W_NS}/>"))
    table.rows[1].cells[0].merge(table.rows[1].cells[2]).text = "I. NHÓM A"
    for c, text in enumerate(["1", "Việc thứ nhất", "UBND xã"]):
        table.rows[2].cells[c].text = text
    table.rows[2].cells[2].merge(table.rows[3].cells[2])
    table.rows[3].cells[0].text = "2"
    table.rows[3].cells[1].text = "Việc thứ hai"
    for c, text in enumerate(["STT", "Nội dung", "Cơ quan"]):
        table.rows[4].cells[c].text = text
    path = tmp_path / "merged.docx"
    document.save(path)
    (block,) = read_raw(path).blocks
    assert block.header_rows == 1
    texts = [[(c.text, c.col, c.colspan, c.rowspan) for c in row] for row in block.rows]
    assert texts[1] == [("I. NHÓM A", 0, 3, 1)]
    assert texts[2] == [("1", 0, 1, 1), ("Việc thứ nhất", 1, 1, 1), ("UBND xã", 2, 1, 2)]
    assert texts[3] == [("2", 0, 1, 1), ("Việc thứ hai", 1, 1, 1)]
    assert len(texts) == 4


def test_borderless_layout_table_reads_as_paragraphs_column_by_column(tmp_path):
    document = docx.Document()
    table = document.add_table(rows=1, cols=2)  # no style, no borders: layout only
    left, right = table.rows[0].cells
    left.text = "ĐẢNG BỘ XÃ HÀ ĐÔNG"
    left.add_paragraph("ĐẢNG ỦY")
    left.add_paragraph("Số 18-CTr/ĐU")
    right.text = "ĐẢNG CỘNG SẢN VIỆT NAM"
    right.add_paragraph("Hà Đông, ngày 31 tháng 3 năm 2026")
    document.add_paragraph("CHƯƠNG TRÌNH HÀNH ĐỘNG")
    path = tmp_path / "header.docx"
    document.save(path)
    blocks = read_raw(path).blocks
    assert [b.kind for b in blocks if b.kind == "table"] == []
    assert [b.text for b in blocks] == [
        "ĐẢNG BỘ XÃ HÀ ĐÔNG",
        "ĐẢNG ỦY",
        "Số 18-CTr/ĐU",
        "ĐẢNG CỘNG SẢN VIỆT NAM",
        "Hà Đông, ngày 31 tháng 3 năm 2026",
        "CHƯƠNG TRÌNH HÀNH ĐỘNG",
    ]


def test_text_in_insertions_fields_and_content_controls_is_read_hidden_text_is_not(tmp_path):
    document = docx.Document()
    p = document.add_paragraph("Đến năm ")
    p._p.append(
        parse_xml(
            f'<w:ins {W_NS} w:id="1" w:author="VP" w:date="2026-03-30T00:00:00Z"><w:r><w:t>2030</w:t></w:r></w:ins>'
        )
    )
    p._p.append(
        parse_xml(f'<w:del {W_NS} w:id="2" w:author="VP"><w:r><w:delText>2028</w:delText></w:r></w:del>')
    )
    p._p.append(
        parse_xml(
            f"<w:sdt {W_NS}><w:sdtContent><w:r><w:t>, tỷ lệ hộ nghèo</w:t></w:r></w:sdtContent></w:sdt>"
        )
    )
    p._p.append(parse_xml(f"<w:r {W_NS}><w:rPr><w:vanish/></w:rPr><w:t> (ẩn)</w:t></w:r>"))
    p._p.append(
        parse_xml(
            f'<w:fldSimple {W_NS} w:instr=" DOCPROPERTY x "><w:r><w:t> giảm 1%</w:t></w:r></w:fldSimple>'
        )
    )
    path = tmp_path / "revised.docx"
    document.save(path)
    (block,) = read_raw(path).blocks
    assert block.text == "Đến năm 2030, tỷ lệ hộ nghèo giảm 1%"


@pytest.mark.parametrize(
    ("style", "bold", "text", "kind"),
    [
        ("Heading 2", None, "Về phát triển kinh tế", "heading"),
        ("Title", None, "Chương trình hành động", "heading"),
        ("Normal", True, "Nơi nhận:", "heading"),
        (
            "Normal",
            True,
            "Đảng bộ xã đã lãnh đạo hoàn thành toàn diện các nhiệm vụ chính trị được giao.",
            "paragraph",
        ),
        ("Normal", False, "Nơi nhận:", "paragraph"),
        ("Normal", None, "TỔ CHỨC THỰC HIỆN", "heading"),
    ],
)
def test_heading_from_style_weight_or_capitals(tmp_path, style, bold, text, kind):
    document = docx.Document()
    p = document.add_paragraph(style=style)
    p.add_run(text).bold = bold
    path = tmp_path / "styled.docx"
    document.save(path)
    (block,) = read_raw(path).blocks
    assert block.kind == kind


def test_lists_sharing_a_definition_continue_unless_restarted(tmp_path):
    levels = {93: _lvl(0, "decimal", "(%1)")}
    restart = '<w:lvlOverride w:ilvl="0"><w:startOverride w:val="1"/></w:lvlOverride>'
    nums = {930: (93, ""), 931: (93, ""), 932: (93, restart)}
    paragraphs = [
        ("Chỉ tiêu một.", 930, 0),
        ("Chỉ tiêu hai.", 930, 0),
        ("Tiếp tục danh sách.", 931, 0),  # same definition, no override: continues
        ("Danh sách mới.", 932, 0),  # "restart numbering"
        ("Mục tiếp theo.", 932, 0),
    ]
    raw = read_raw(_numbered_docx(tmp_path, levels, paragraphs, nums))
    assert [b.label for b in raw.blocks] == ["(1)", "(2)", "(3)", "(1)", "(2)"]


def test_a_wide_borderless_table_is_still_a_data_table(tmp_path):
    # Indicator tables are often typed without rules; five columns are data, not layout.
    document = docx.Document()
    table = document.add_table(rows=2, cols=5)
    for cell, text in zip(
        table.rows[0].cells, ["TT", "Chỉ tiêu", "ĐVT", "Thực hiện 2025", "Kế hoạch 2026"], strict=True
    ):
        cell.text = text
    for cell, text in zip(table.rows[1].cells, ["1", "Tỷ lệ che phủ rừng", "%", "33,5", "34"], strict=True):
        cell.text = text
    path = tmp_path / "indicators.docx"
    document.save(path)
    (block,) = read_raw(path).blocks
    assert block.kind == "table"
    assert [c.text for c in block.rows[1]] == ["1", "Tỷ lệ che phủ rừng", "%", "33,5", "34"]


# --- files made by other hands: split tables, wrapped headers, plain signature ------------------

RENDERINGS = Path(__file__).resolve().parent / "data" / "renderings"
SCHEME_HEADER = ["STT", "Tên Đề án", "Mục tiêu", "Cơ quan chủ trì"]


def _plain_table(document, rows, *, merged_first: bool = False, wrap_first: bool = False):
    """A Word table as an author types it: no repeat-header flag, no bold, no borders."""
    table = document.add_table(rows=len(rows), cols=len(SCHEME_HEADER))
    for r, cells in enumerate(rows):
        if merged_first and r == 1:
            merged = table.rows[1].cells[0].merge(table.rows[1].cells[-1])
            merged.paragraphs[0].add_run(cells[0])
            continue
        for c, text in enumerate(cells):
            cell = table.rows[r].cells[c]
            if wrap_first and r == 0 and c == 0:  # a narrow column wraps "STT" as "ST" / "T"
                cell.paragraphs[0].add_run("ST")
                cell.add_paragraph("T")
            else:
                cell.paragraphs[0].add_run(text)
    return table


def test_a_table_split_at_its_groups_reads_as_one_table_with_group_rows(tmp_path):
    document = docx.Document()
    document.add_paragraph("PHỤ LỤC")
    _plain_table(document, [SCHEME_HEADER], wrap_first=True)  # the header alone
    document.add_paragraph().add_run("I. NHÓM ĐỀ ÁN VỀ XÂY DỰNG ĐẢNG").bold = True
    _plain_table(
        document, [SCHEME_HEADER, ["1", "Đề án A", "Đến năm 2030 đạt 100%", "Ban Thường vụ"]], wrap_first=True
    )
    _plain_table(
        document,
        [
            SCHEME_HEADER,
            ["II. NHÓM ĐỀ ÁN PHÁT TRIỂN KINH TẾ"],
            ["1", "Đề án B", "Hằng năm tăng 10%", "UBND xã"],
        ],
        merged_first=True,
        wrap_first=True,
    )
    document.add_paragraph("Trên đây là các Đề án, Kế hoạch thực hiện Chương trình hành động.")
    path = tmp_path / "split.docx"
    document.save(path)
    doc = read(path)
    (table,) = _tables(doc)
    assert table.header_rows == 1
    assert [c.text for c in table.rows[0]] == SCHEME_HEADER
    assert [r[0].text for r in table.rows[1:]] == [
        "I. NHÓM ĐỀ ÁN VỀ XÂY DỰNG ĐẢNG",
        "1",
        "II. NHÓM ĐỀ ÁN PHÁT TRIỂN KINH TẾ",
        "1",
    ]
    assert table.rows[1][0].colspan == len(SCHEME_HEADER)
    assert "I. NHÓM ĐỀ ÁN VỀ XÂY DỰNG ĐẢNG" not in [b.text for b in doc.blocks if b.kind != "table"]


def _signed(tmp_path: Path, *, side_by_side: bool) -> Path:
    document = docx.Document()
    document.add_paragraph().add_run("CHƯƠNG TRÌNH HÀNH ĐỘNG").bold = True
    document.add_paragraph("Ban Chấp hành Đảng bộ xã xây dựng Chương trình hành động nhiệm kỳ 2025 - 2030.")
    lines = ["T/M BAN CHẤP HÀNH", "BÍ THƯ", "", "Vũ Đức Hạnh"]
    if side_by_side:  # recipients | signature in a borderless two-column table
        table = document.add_table(rows=1, cols=2)
        left, right = table.rows[0].cells
        left.paragraphs[0].add_run("Nơi nhận:").bold = True
        left.add_paragraph("- Ban Thường vụ Thành ủy,")
        for n, line in enumerate(lines):
            p = right.paragraphs[0] if n == 0 else right.add_paragraph()
            p.add_run(line).bold = True
            p.alignment = 1
    else:  # plain centred Normal paragraphs with bold runs
        for line in lines:
            p = document.add_paragraph()
            p.add_run(line).bold = True
            p.alignment = 1
    path = tmp_path / ("side.docx" if side_by_side else "centred.docx")
    document.save(path)
    return path


@pytest.mark.parametrize("side_by_side", [False, True])
def test_the_signer_is_found_in_centred_paragraphs_and_in_a_borderless_two_column_table(
    tmp_path, side_by_side
):
    from pipeline.nlp.metadata import extract_metadata

    meta = extract_metadata(read(_signed(tmp_path, side_by_side=side_by_side)))
    assert meta["signer"] == {"name": "Vũ Đức Hạnh", "title": "Bí thư"}
    assert meta["term"] == {"start": 2025, "end": 2030}


def test_a_heading_typed_as_normal_with_a_bold_run_is_a_heading(tmp_path):
    document = docx.Document()
    document.add_paragraph().add_run("2. Các chỉ tiêu chủ yếu").bold = True
    document.add_paragraph().add_run("MỤC TIÊU, CHỈ TIÊU")
    document.add_paragraph("Đến năm 2030, tỷ lệ hộ dân sử dụng nước sạch đạt 100%.")
    path = tmp_path / "normal.docx"
    document.save(path)
    assert [(b.kind, b.label) for b in read(path).blocks] == [
        ("heading", "2."),
        ("heading", None),
        ("paragraph", None),
    ]


@pytest.mark.parametrize("way", ["pandoc", "plain"])
def test_the_appendix_of_every_rendering_is_one_table_with_its_group_rows(way, appendix_header):
    (table,) = _tables(read(RENDERINGS / f"ha-dong-18-ctr-2026.{way}.docx"))
    assert table.header_rows == 1
    assert [compare_key(c.text) for c in table.rows[0]] == [compare_key(h) for h in appendix_header]
    groups = [r[0].text.split(".")[0] for r in table.rows[1:] if len(r) == 1]
    assert groups == ["I", "II", "III"]
    assert sum(1 for r in table.rows[1:] if len(r) == 7) == 11


def _rewrite_document_xml(src: Path, dst: Path, edit) -> Path:
    """A copy of a .docx whose word/document.xml is ``edit(xml)``: damage Word would not write."""
    import zipfile

    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(dst, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            data = zin.read(info.filename)
            if info.filename == "word/document.xml":
                data = edit(data.decode("utf-8")).encode("utf-8")
            zout.writestr(info, data)
    return dst


def test_a_cell_span_that_is_no_number_is_read_as_one_column_and_said(tmp_path):
    document = docx.Document()
    table = document.add_table(rows=2, cols=3)
    table.style = "Table Grid"
    for r, texts in enumerate([["STT", "Chỉ tiêu", "Mục tiêu"], ["1", "Tỷ lệ hộ nghèo", "dưới 1%"]]):
        for c, text in enumerate(texts):
            table.rows[r].cells[c].text = text
    cells = [c._tc for c in table.rows[1].cells]  # before the damage: python-docx itself cannot read it
    cells[1].get_or_add_tcPr().append(parse_xml(f'<w:gridSpan {W_NS} w:val="abc"/>'))
    cells[2].get_or_add_tcPr().append(parse_xml(f'<w:gridSpan {W_NS} w:val="99999999"/>'))
    path = tmp_path / "span.docx"
    document.save(path)
    raw = read_raw(path)
    (block,) = raw.blocks
    assert [(c.text, c.col, c.colspan) for c in block.rows[1]] == [("1", 0, 1), ("Tỷ lệ hộ nghèo", 1, 1), ("dưới 1%", 2, 1)]
    assert raw.warnings == [
        'w:gridSpan="abc" is not a number: read as 1',
        "w:gridSpan=99999999 is out of range (1..63): read as 1",
    ]


def test_an_entity_reference_keeps_the_text_around_it_and_is_said(tmp_path):
    document = docx.Document()
    document.add_paragraph("(1) Đến năm 2030, xã PLACE đạt chuẩn nông thôn mới kiểu mẫu.")
    document.save(tmp_path / "plain.docx")

    def declare_and_use(xml: str) -> str:
        head, body = xml.split("?>", 1)
        return head + '?>\n<!DOCTYPE w:document [<!ENTITY xa "Hà Đông">]>' + body.replace("PLACE", "&xa;")

    path = _rewrite_document_xml(tmp_path / "plain.docx", tmp_path / "entity.docx", declare_and_use)
    raw = read_raw(path)
    assert [b.text for b in raw.blocks] == ["(1) Đến năm 2030, xã  đạt chuẩn nông thôn mới kiểu mẫu."]
    assert raw.warnings == ["entity reference &xa; not expanded: its text is missing"]


def test_a_body_outside_the_word_namespace_is_one_clear_error(tmp_path):
    """Found by `make fuzz`: word/document.xml parses, but holds no w:document/w:body."""
    from pipeline.errors import DocumentError

    document = docx.Document()
    document.add_paragraph("(1) Tỷ lệ hộ nghèo giảm còn dưới 1%.")
    document.save(tmp_path / "plain.docx")
    main_ns = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
    path = _rewrite_document_xml(
        tmp_path / "plain.docx", tmp_path / "other-ns.docx", lambda xml: xml.replace(main_ns, main_ns + "x", 1)
    )
    with pytest.raises(DocumentError) as err:
        read_raw(path)
    assert str(err.value) == f"{path}: damaged .docx (word/document.xml holds no Word document body)"
