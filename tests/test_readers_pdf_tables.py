"""Tables printed without rules (pipeline/readers/pdf_tables.py): read from how their words line up.

The Word tables here are typed for these tests (python-docx, no borders) and printed by
LibreOffice: narrow columns that wrap their cells and break long numbers, group headings
merged across the table, a header row repeated on every page. The PDF must give the table
the Word file holds. The seed's appendix printed from pandoc's Word style, which draws no
rules, is the same check on a real program.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from pipeline.model import RawBlock, RawCell
from pipeline.readers.docx import read_docx
from pipeline.readers.pdf import read_pdf
from pipeline.readers.pdf_tables import MAYBE_BROKEN, join_cell_lines, join_cut_row, join_maybe_broken

RENDERINGS = Path(__file__).resolve().parent / "data" / "renderings"

needs_soffice = pytest.mark.skipif(
    shutil.which("soffice") is None and shutil.which("libreoffice") is None,
    reason="LibreOffice prints the Word files to PDF",
)

HEADER = ["STT", "Chỉ tiêu", "Đơn vị tính", "Thực hiện năm 2025", "Kế hoạch năm 2026", "Cơ quan chủ trì"]
GROUPS = [
    ("I. CÁC CHỈ TIÊU VỀ KINH TẾ", "Giá trị sản xuất bình quân trên một héc-ta đất trồng trọt", "triệu đồng"),
    ("II. CÁC CHỈ TIÊU VỀ VĂN HÓA - XÃ HỘI", "Tỷ lệ hộ gia đình được công nhận đạt chuẩn văn hóa", "%"),
    ("III. CÁC CHỈ TIÊU VỀ MÔI TRƯỜNG", "Tỷ lệ chất thải rắn sinh hoạt được thu gom và xử lý", "%"),
]
LEADS = ["Phòng Kinh tế, Hạ tầng và Đô thị", "Phòng Văn hóa - Xã hội và các thôn", "Ủy ban nhân dân các thôn"]
ROWS_PER_GROUP = 9


def _body() -> list[list[str] | str]:
    rows: list[list[str] | str] = []
    n = 0
    for (group, indicator, unit), lead in zip(GROUPS, LEADS, strict=True):
        rows.append(group)
        for k in range(ROWS_PER_GROUP):
            n += 1
            rows.append([str(k + 1), f"{indicator} (nhóm {n})", unit, f"{40 + n},5", f"1.{200 + n}.000", lead])
    return rows


def _word_table(path: Path, *, spaced: bool) -> None:
    """A plan's appendix as a borderless Word table: one header row repeated on each page,
    a group heading merged across the table before each group, columns too narrow for
    their text. ``spaced``: the template's space after each paragraph sets the rows apart;
    without it rows follow each other as the lines of a cell do."""
    from docx import Document
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    from docx.shared import Cm, Pt

    doc = Document()
    section = doc.sections[0]
    section.page_width, section.page_height = Cm(21), Cm(29.7)
    section.left_margin = section.right_margin = section.top_margin = section.bottom_margin = Cm(2)
    if not spaced:
        doc.styles["Normal"].paragraph_format.space_after = Pt(0)
        doc.styles["Normal"].paragraph_format.line_spacing = 1.0
    doc.add_paragraph("PHỤ LỤC")
    doc.add_paragraph("Các chỉ tiêu chủ yếu năm 2026 của xã (kèm theo Kế hoạch của Ủy ban nhân dân xã).")
    body = _body()
    widths = [Cm(1.0), Cm(5.2), Cm(1.6), Cm(1.7), Cm(1.7), Cm(3.3)]
    table = doc.add_table(rows=1 + len(body), cols=len(HEADER))  # the default table style draws no rules
    table.autofit = False
    for row in table.rows:
        for cell, width in zip(row.cells, widths, strict=True):
            cell.width = width
    for col, width in zip(table._tbl.tblGrid.findall(qn("w:gridCol")), widths, strict=True):
        col.set(qn("w:w"), str(int(width.twips)))
    repeat = OxmlElement("w:tblHeader")
    repeat.set(qn("w:val"), "true")
    table.rows[0]._tr.get_or_add_trPr().append(repeat)
    for cell, text in zip(table.rows[0].cells, HEADER, strict=True):
        cell.paragraphs[0].add_run(text).bold = True
    for r, row in enumerate(body, start=1):
        cells = table.rows[r].cells
        if isinstance(row, str):
            cells[0].merge(cells[-1]).paragraphs[0].add_run(row).bold = True
        else:
            for cell, text in zip(cells, row, strict=True):
                cell.paragraphs[0].add_run(text)
    doc.add_paragraph("Giao Văn phòng Ủy ban nhân dân xã theo dõi, tổng hợp kết quả thực hiện các chỉ tiêu.")
    doc.save(path)


@pytest.fixture(scope="module", params=[True, False], ids=["rows-spaced", "rows-tight"])
def printed(request, tmp_path_factory) -> tuple[Path, Path]:
    from pipeline.renderings import to_pdf

    folder = tmp_path_factory.mktemp("borderless")
    docx = folder / "phu-luc.docx"
    _word_table(docx, spaced=request.param)
    return docx, to_pdf(docx, folder)


def _cells(table: RawBlock) -> list[list[tuple[int, int, str]]]:
    return [[(c.col, c.colspan, " ".join(c.text.split())) for c in row] for row in table.rows or []]


def _tables(blocks: list[RawBlock]) -> list[RawBlock]:
    return [b for b in blocks if b.kind == "table"]


@needs_soffice
def test_the_printed_table_is_the_table_of_the_word_file(printed):
    docx, pdf = printed
    raw = read_pdf(pdf)
    assert raw.source.pages and raw.source.pages >= 2, "the table goes on over a page break"
    (table,) = _tables(raw.blocks)
    (word,) = _tables(read_docx(docx).blocks)
    assert table.header_rows == word.header_rows == 1
    assert _cells(table) == _cells(word)


@needs_soffice
def test_wrapped_cells_broken_numbers_group_rows_and_the_repeated_header(printed):
    _, pdf = printed
    (table,) = _tables(read_pdf(pdf).blocks)
    cells = _cells(table)
    assert [text for _, _, text in cells[0]] == HEADER
    assert sum(1 for row in cells if row[0][2] == "STT") == 1, "the header printed again on the next page is dropped"
    groups = [row for row in cells if len(row) == 1]
    assert groups == [[(0, len(HEADER), group)] for group, _, _ in GROUPS]
    first = cells[2]
    assert first == [
        (0, 1, "1"),
        (1, 1, "Giá trị sản xuất bình quân trên một héc-ta đất trồng trọt (nhóm 1)"),
        (2, 1, "triệu đồng"),
        (3, 1, "41,5"),
        (4, 1, "1.201.000"),  # printed "1.201.00" / "0": the column is narrower than the number
        (5, 1, "Phòng Kinh tế, Hạ tầng và Đô thị"),
    ]
    assert len(cells) == 1 + len(GROUPS) * (1 + ROWS_PER_GROUP)


@needs_soffice
def test_the_text_around_the_printed_table_stays_text(printed):
    _, pdf = printed
    blocks = read_pdf(pdf).blocks
    assert [b.kind for b in blocks] == ["heading", "paragraph", "table", "paragraph"]
    assert blocks[-1].text.startswith("Giao Văn phòng")


@needs_soffice
def test_both_engines_read_the_printed_table_alike(printed):
    _, pdf = printed
    assert _cells(_tables(read_pdf(pdf, engine="pdfium").blocks)[0]) == _cells(
        _tables(read_pdf(pdf, engine="pdfplumber").blocks)[0]
    )


def test_the_seeds_appendix_printed_without_rules_is_its_word_table():
    """pandoc's Word style prints the seven-column appendix with no rules but the one under
    its header, cells of one or two words a line, the header on every page, rows cut by
    page breaks, a group heading over the whole width."""
    pdf = read_pdf(RENDERINGS / "ha-dong-18-ctr-2026.pandoc.pdf")
    (table,) = _tables(pdf.blocks)
    (word,) = _tables(read_docx(RENDERINGS / "ha-dong-18-ctr-2026.pandoc.docx").blocks)
    assert (len(table.rows or []), table.header_rows) == (len(word.rows or []), word.header_rows) == (15, 1)
    assert _cells(table) == _cells(word)  # "Ban Thư" / "ờng vụ" too: the document writes "Thường"
    assert [" ".join(c.text.split()) for c in (table.rows or [])[0]][:5] == [
        "STT",
        "Tên Đề án, Kế hoạch",
        "Mục tiêu",
        "Thời gian thực hiện",
        "Cơ quan chủ trì",
    ]
    groups = [row[0].text.split(".")[0] for row in table.rows or [] if len(row) == 1]
    assert groups == ["I", "II", "III"]
    around = " ".join(b.text for b in pdf.blocks if b.kind != "table")
    assert "Rà soát điều chỉnh" not in around and "NHÓM ĐỀ ÁN" not in around


# --- the lines of a cell --------------------------------------------------------------


def _lines(*lines: str, reach: float = 30.0) -> list[tuple[str, float, float]]:
    """Printed lines of a cell 30 points wide: every line ends at ``reach`` (full), next glyph 6 points."""
    return [(text, reach, 6.0) for text in lines]


@pytest.mark.parametrize(
    ("lines", "text"),
    [
        (_lines("26.12", "0"), "26.120"),  # a number the column broke
        (_lines("13.", "500"), "13.500"),
        (_lines("105", ".00", "0"), "105.000"),
        (_lines("100", "%"), "100%"),
        (_lines("I.", "1"), "I.1"),
        (_lines("ST", "T"), "STT"),  # letters where one side has no vowel
        (_lines("Lượ", "ng", "(Tấ", "n)"), "Lượng\n(Tấn)"),
        (_lines("Văn", "phòn", "g"), f"Văn{MAYBE_BROKEN}phòng"),
        (_lines("khẩ", "u"), "khẩu"),
        (_lines("UBN", "D xã"), "UBND xã"),  # the rest of an acronym is one letter
        (_lines("UB", "ND"), "UBND"),
        (_lines("HĐND", "UBND xã"), "HĐND\nUBND xã"),  # an acronym before words
        (_lines("Năm", "2026"), "Năm\n2026"),  # a word and a number
        (_lines("2025", "2030"), "2025\n2030"),  # two years
        (_lines("Bộ", "Khoa"), "Bộ\nKhoa"),  # a capitalised word
        (_lines("Khoa", "học"), f"Khoa{MAYBE_BROKEN}học"),  # two pieces with vowels: the document tells
        (_lines("UBND", "xã"), "UBND\nxã"),
        (_lines("Cơ quan", "g"), "Cơ quan\ng"),  # a line of two words was broken at its space
    ],
)
def test_a_word_the_column_broke_is_joined_and_whole_words_are_not(lines, text):
    assert join_cell_lines(lines, limit=30.0) == text


def test_a_line_that_had_room_for_the_next_letter_was_not_broken_inside_a_word():
    short = [("Chín", 20.0, 6.0), ("h", 26.0, 6.0)]  # 20 + 6 fits in 30: "h" is a word of its own
    assert join_cell_lines(short, limit=30.0) == "Chín\nh"


def test_the_document_tells_whether_two_pieces_with_vowels_are_one_word():
    cells = [
        RawCell(text=f"Ban Thư{MAYBE_BROKEN}ờng vụ Đảng ủy", row=0, col=0),
        RawCell(text=f"Sở Khoa{MAYBE_BROKEN}học", row=0, col=1),
    ]
    join_maybe_broken(["Ban Thường vụ giao Sở Khoa học và Công nghệ chủ trì."], cells)
    assert [c.text for c in cells] == ["Ban Thường vụ Đảng ủy", "Sở Khoa\nhọc"]


@pytest.mark.parametrize(
    ("above", "below", "text"),
    [
        ("Tổng\n1.211.", "000", "Tổng\n1.211.000"),  # a number cut after its separator
        ("chỉ đạo\nPhòn", "g Văn hóa", "chỉ đạo\nPhòng Văn hóa"),  # a word cut by the column, then the page
        ("Ban chỉ huy", "Quân sự xã", "Ban chỉ huy\nQuân sự xã"),
        ("Văn", "hóa", f"Văn{MAYBE_BROKEN}hóa"),  # two pieces with vowels: the document tells
    ],
)
def test_a_row_cut_by_the_page_joins_what_the_break_cut(above, below, text):
    assert join_cut_row(above, below) == text
