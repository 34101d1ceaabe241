"""Candidates from tables (pipeline/targets/tables.py): one target per planned cell, in every form a table comes."""

import pytest

# one cell per line between "|" lines, as a markdown export writes a Word table with a merged header
FLATTENED = """KẾ HOẠCH

PHỤ LỤC 01

|
**STT**
|
**Tên chỉ tiêu**
|
**Đơn vị tính**
|
**ƯTH năm 2025**
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
**CÂY ĂN QUẢ**
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
12.340
|
12.800
|
13.150
|
13.150
|
|
-
|
Sản lượng
|
Tấn
|
96.510
|
101.200
|
104.750
|
109.380
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
        (12800.0, "ha", {"kind": "by", "year": 2026}),
        (13150.0, "ha", {"kind": "period", "start": 2027, "end": 2028}),  # equal figures: one target
        (101200.0, "tấn", {"kind": "by", "year": 2026}),
        (104750.0, "tấn", {"kind": "by", "year": 2027}),
        (109380.0, "tấn", {"kind": "by", "year": 2028}),
    ]


def test_a_cell_target_reads_from_the_row_start_to_its_cell(flattened):
    t = flattened["targets"][0]
    assert t["text"].split("\t") == ["-", "Diện tích", "Ha", "12.340", "12.800"]
    assert flattened["text"][t["source"]["start"] : t["source"]["end"]] == t["text"]


TAB_TABLE = """CHƯƠNG TRÌNH

PHỤ LỤC I. CHỈ TIÊU CHUYỂN ĐỔI SỐ CỦA TỈNH

TT\tChỉ tiêu\tĐơn vị\tKết quả\tCơ quan chủ trì
I\tGiai đoạn 2026-2027
1\tTỉ lệ hợp tác xã sử dụng hóa đơn điện tử\t%\t100%\tSở Tài chính
II\tGiai đoạn 2028-2030
2\tTỉ lệ người dân có tài khoản định danh điện tử\t%\t≥ 85%\tCông an tỉnh
"""


def test_a_group_row_frames_the_rows_under_it_and_a_lead_column_names_the_lead(extract_text):
    targets = extract_text(TAB_TABLE, "chuong-trinh.txt")["targets"]
    got = [(t["value"], t["comparator"], t["timeframe"], [b["text"] for b in t["responsible"]["lead"]]) for t in targets]
    assert got == [
        (100.0, "=", {"kind": "period", "start": 2026, "end": 2027}, ["Sở Tài chính"]),
        (85.0, ">=", {"kind": "period", "start": 2028, "end": 2030}, ["Công an tỉnh"]),
    ]


def test_a_plan_table_by_year_and_product_with_units_in_the_sub_headers(extract_text):
    text = (
        "KẾ HOẠCH\n\nPHỤ LỤC 02\n\n"
        "TT\tSản phẩm\tKế hoạch 2026\t\tKế hoạch 2027\t\n"
        "\t\tLượng (Tấn)\tGiá trị (Nghìn USD)\tLượng (Tấn)\tGiá trị (Nghìn USD)\n"
        "1\tChè búp khô\t4.200\t9.800\t4.650\t10.900\n"
    )
    targets = extract_text(text, "xuat-khau.txt")["targets"]
    got = [(t["value"], t["unit"], t["timeframe"]["year"]) for t in targets]
    assert got == [(4200.0, "tấn", 2026), (9800.0, "nghìn USD", 2026), (4650.0, "tấn", 2027), (10900.0, "nghìn USD", 2027)]


def test_a_row_a_bullet_puts_under_a_numbered_row_measures_that_row(flattened):
    assert [t["indicator"] for t in flattened["targets"]][:2] == ["CÂY ĂN QUẢ: Diện tích", "CÂY ĂN QUẢ: Diện tích"]


def test_the_same_measure_of_two_products_is_no_inconsistency(extract_text):
    text = (
        "KẾ HOẠCH\n\nPHỤ LỤC 03\n\n"
        "STT\tChỉ tiêu\tĐVT\tKế hoạch 2027\n"
        "1\tBưởi\t\t\n"
        "-\tDiện tích\tHa\t1.250\n"
        "-\tSản lượng\tTấn\t18.400\n"
        "2\tCam\t\t\n"
        "-\tDiện tích\tHa\t640\n"
        "-\tSản lượng\tTấn\t7.900\n"
        "3\tTổng diện tích cây có múi\tHa\t1.890\n"
    )
    result = extract_text(text, "cay-an-qua.txt")
    assert [(t["indicator"], t["value"]) for t in result["targets"]] == [
        ("Bưởi: Diện tích", 1250.0),
        ("Bưởi: Sản lượng", 18400.0),
        ("Cam: Diện tích", 640.0),
        ("Cam: Sản lượng", 7900.0),
        ("Tổng diện tích cây có múi", 1890.0),
    ]
    assert not [w for w in result["warnings"] if w["kind"] == "inconsistent_value"]
