"""readers/tables.py: header rows by their words and tables cut into pieces joined again."""

from __future__ import annotations

import pytest

from pipeline.model import RawBlock, RawCell
from pipeline.readers.tables import header_row_count, is_header_cell, merge_continued, tidy_tables

HEADER = ["STT", "Tên Đề án, Kế hoạch", "Mục tiêu", "Thời gian thực hiện", "Cơ quan chủ trì"]


def row(*texts: str, r: int = 0) -> list[RawCell]:
    return [RawCell(text=t, row=r, col=c) for c, t in enumerate(texts)]


def group(text: str, width: int = len(HEADER)) -> list[RawCell]:
    return [RawCell(text=text, row=0, col=0, colspan=width)]


def table(*rows: list[RawCell], header_rows: int = 0) -> RawBlock:
    return RawBlock(kind="table", rows=list(rows), header_rows=header_rows)


def data(n: int) -> list[RawCell]:
    return row(str(n), f"Kế hoạch số {n}", f"Đến năm 2030 đạt {90 + n}%", "Năm 2026", "UBND xã")


@pytest.mark.parametrize(
    "cell",
    ["STT", "ST T", "TT", "Chỉ tiêu", "ĐVT", "Đơn vị\ntính", "Cơ quan chủ trì", "Phối hợp", "Năm 2026",
     "Giai đoạn 2026 - 2030", "Mục tiêu đến năm 2030", "**Chỉ tiêu**"],
)  # fmt: skip
def test_header_cells_are_known_by_what_they_say(cell):
    assert is_header_cell(cell)


@pytest.mark.parametrize("cell", ["1", "Diện tích", "Ha", "12.800", "UBND xã", "Đến năm 2030 đạt 95%"])
def test_data_cells_are_no_header(cell):
    assert not is_header_cell(cell)


def test_the_header_row_is_found_by_words_not_by_weight_or_place():
    rows = [
        row("ST T", "Chỉ tiêu", "Đơn vị\ntính", "Năm 2025", "Năm 2030"),
        row("1", "Diện tích", "Ha", "12.340", "14.000"),
    ]
    assert header_row_count(rows) == 1
    assert header_row_count(rows[1:]) == 0


def test_a_second_header_row_of_years_belongs_to_the_header():
    rows = [
        row("STT", "Tên chỉ tiêu", "Đơn vị tính", "ƯTH năm 2025", "Giai đoạn 2026 - 2030"),
        [RawCell(text=f"Năm {y}", row=1, col=4 + k) for k, y in enumerate(range(2026, 2031))],
        row("1", "Diện tích", "Ha", "12.340", "12.800"),
    ]
    assert header_row_count(rows) == 2


def test_a_wrapped_one_word_header_cell_is_joined_again():
    t = table(
        row("ST\nT", "Tên Đề án,\nKế hoạch", "Mục tiêu", "Thời gian\nthực hiện", "Cơ quan\nchủ trì"), data(1)
    )
    [out] = tidy_tables([t])
    assert out.header_rows == 1
    assert [c.text for c in out.rows[0]] == HEADER


def test_pieces_with_the_header_repeated_and_group_headings_between_are_one_table():
    blocks = [
        RawBlock(kind="paragraph", text="(Kèm theo Chương trình hành động số 18-CTr/ĐU)"),
        table(row(*HEADER)),  # the header alone: the body opens with a group
        RawBlock(kind="heading", text="I. NHÓM ĐỀ ÁN, KẾ HOẠCH VỀ CÔNG TÁC XÂY DỰNG ĐẢNG,"),
        RawBlock(kind="heading", text="ĐOÀN THỂ CHÍNH TRỊ - XÃ HỘI"),  # its wrapped second line
        table(row(*HEADER), data(1), data(2)),
        table(row(*HEADER), group("II. NHÓM ĐỀ ÁN PHÁT TRIỂN KINH TẾ"), data(1)),  # a merged group row
        RawBlock(kind="paragraph", text="III. NHÓM KẾ HOẠCH QUỐC PHÒNG - AN NINH"),
        table(row(*HEADER), data(1)),
        RawBlock(kind="paragraph", text="Trên đây là Chương trình hành động của Ban Chấp hành."),
    ]
    out = tidy_tables(blocks)
    assert [b.kind for b in out] == ["paragraph", "table", "paragraph"]
    t = out[1]
    assert t.header_rows == 1
    firsts = [r[0].text for r in t.rows]
    assert firsts == [
        "STT",
        "I. NHÓM ĐỀ ÁN, KẾ HOẠCH VỀ CÔNG TÁC XÂY DỰNG ĐẢNG, ĐOÀN THỂ CHÍNH TRỊ - XÃ HỘI",
        "1",
        "2",
        "II. NHÓM ĐỀ ÁN PHÁT TRIỂN KINH TẾ",
        "1",
        "III. NHÓM KẾ HOẠCH QUỐC PHÒNG - AN NINH",
        "1",
    ]
    assert [c.row for r in t.rows for c in r[:1]] == list(range(len(t.rows)))
    assert t.rows[1][0].colspan == len(HEADER)


def test_tables_with_other_columns_or_prose_between_stay_apart():
    other = table(row("TT", "Chỉ tiêu", "ĐVT", "Năm 2030"), row("1", "Diện tích", "Ha", "30.000"))
    prose = RawBlock(
        kind="paragraph",
        text="Phòng Kinh tế chủ trì, cùng các thôn tổng hợp tình hình thực hiện các chỉ tiêu nêu trên, "
        "gửi Ủy ban nhân dân xã trước ngày 15 tháng 12 hằng năm.",
    )
    blocks = tidy_tables(
        [
            table(row(*HEADER), data(1)),
            other,
            table(row(*HEADER), data(2)),
            prose,
            table(row(*HEADER), data(3)),
        ]
    )
    assert [len(b.rows or []) for b in blocks if b.kind == "table"] == [2, 2, 2, 2]


def test_a_piece_without_header_joins_only_across_a_group_heading():
    first = table(row(*HEADER), data(1), header_rows=1)
    heading = RawBlock(kind="heading", text="II. NHÓM ĐỀ ÁN PHÁT TRIỂN KINH TẾ")
    joined = merge_continued([first, heading, table(data(2))])
    assert len(joined) == 1 and len(joined[0].rows) == 4
    apart = merge_continued([table(row(*HEADER), data(1), header_rows=1), table(data(2))])
    assert len(apart) == 2
