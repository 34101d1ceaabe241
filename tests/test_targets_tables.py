"""Candidates from tables (pipeline/targets/tables.py): one target per planned cell, in every form a table comes."""

import pytest

# one cell per line between "|" lines, as a markdown export writes a Word table with a merged header
FLATTENED = """KẾ HOẠCH

PHỤ LỤC 01

|
**TT**
|
**Chỉ tiêu**
|
**ĐVT**
|
**ƯTH Năm 2025**
|
**GIAI ĐOẠN 2026 - 2028**
|
|
**Năm 2026**
|
**Năm 2027**
|
**Năm 2028**
|
|
**I**
|
**CÂY CÔNG NGHIỆP**
|
|
|
|
|
|
|
-
|
Diện tích
|
Ha
|
26.120
|
27.000
|
27.500
|
27.500
|
|
-
|
Sản lượng
|
Tấn
|
37.724
|
39.800
|
40.602
|
45.225
|

Ghi chú: số liệu ước.
"""


@pytest.fixture(scope="module")
def flattened(tmp_path_factory):
    from pipeline.extract import extract_file

    path = tmp_path_factory.mktemp("docs") / "phu-luc.md"
    path.write_text(FLATTENED, encoding="utf-8")
    return extract_file(path)


def test_planned_year_cells_not_the_estimate(flattened):
    got = [(t["value"], t["unit"], t["timeframe"]) for t in flattened["targets"]]
    assert got == [
        (27000.0, "ha", {"kind": "by", "year": 2026}),
        (27500.0, "ha", {"kind": "period", "start": 2027, "end": 2028}),  # equal figures: one target
        (39800.0, "tấn", {"kind": "by", "year": 2026}),
        (40602.0, "tấn", {"kind": "by", "year": 2027}),
        (45225.0, "tấn", {"kind": "by", "year": 2028}),
    ]


def test_a_cell_target_reads_from_the_row_start_to_its_cell(flattened):
    t = flattened["targets"][0]
    assert t["text"].split("\t") == ["-", "Diện tích", "Ha", "26.120", "27.000"]
    assert flattened["text"][t["source"]["start"] : t["source"]["end"]] == t["text"]


TAB_TABLE = """CHƯƠNG TRÌNH

PHỤ LỤC I. DANH MỤC CÁC CHỈ TIÊU CỤ THỂ

TT\tChỉ tiêu\tĐơn vị\tKết quả\tCơ quan chủ trì theo dõi
I\tGiai đoạn 2025-2027
1\tTỉ lệ dịch vụ công trực tuyến toàn trình\t%\t100%\tVăn phòng Chính phủ
II\tGiai đoạn 2028-2030
2\tTỉ lệ hồ sơ được số hóa\t%\t≥ 90%\tBộ Công an
"""


def test_a_group_row_frames_the_rows_under_it_and_a_lead_column_names_the_lead(extract_text):
    targets = extract_text(TAB_TABLE, "chuong-trinh.txt")["targets"]
    got = [(t["value"], t["comparator"], t["timeframe"], [b["text"] for b in t["responsible"]["lead"]]) for t in targets]
    assert got == [
        (100.0, "=", {"kind": "period", "start": 2025, "end": 2027}, ["Văn phòng Chính phủ"]),
        (90.0, ">=", {"kind": "period", "start": 2028, "end": 2030}, ["Bộ Công an"]),
    ]


def test_a_plan_table_by_year_and_product_with_units_in_the_sub_headers(extract_text):
    text = (
        "KẾ HOẠCH\n\nPHỤ LỤC 02\n\n"
        "TT\tSản phẩm\tKế hoạch 2026\t\tKế hoạch 2027\t\n"
        "\t\tLượng (Tấn)\tGiá trị (Nghìn USD)\tLượng (Tấn)\tGiá trị (Nghìn USD)\n"
        "1\tXoài\t13.500\t7.000\t14.800\t7.800\n"
    )
    targets = extract_text(text, "xuat-khau.txt")["targets"]
    got = [(t["value"], t["unit"], t["timeframe"]["year"]) for t in targets]
    assert got == [(13500.0, "tấn", 2026), (7000.0, "nghìn USD", 2026), (14800.0, "tấn", 2027), (7800.0, "nghìn USD", 2027)]
