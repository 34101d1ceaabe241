"""The target stage end to end (pipeline/extract.py), on the seeds and on a small program of our own."""

import itertools
from pathlib import Path

import pytest

from pipeline.extract import extract_file

CORPUS = Path(__file__).resolve().parents[1] / "corpus"


def _extract_text(tmp_path_factory, name: str, text: str) -> dict:
    """The result of a small document written for a test, read from a file (its id comes from the name)."""
    path = tmp_path_factory.mktemp("docs") / name
    path.write_text(text, encoding="utf-8")
    return extract_file(path)


PROGRAM = """CHƯƠNG TRÌNH HÀNH ĐỘNG

I. MỤC TIÊU, CHỈ TIÊU

1. Các chỉ tiêu chủ yếu đến năm 2030

(1) Tỷ lệ hộ nghèo giảm bình quân 1,5%/năm.

(2) Hằng năm, 100% chi bộ hoàn thành nhiệm vụ; 15/15 thôn giữ vững danh hiệu văn hóa.

(3) Có ít nhất 03 sản phẩm OCOP đạt 4 sao.

(4) Xây dựng xã đạt chuẩn nông thôn mới kiểu mẫu.

II. NHIỆM VỤ, GIẢI PHÁP

Thực hiện Nghị quyết số 19-NQ/TW ngày 16/6/2022 về nông nghiệp, nông dân, nông thôn đến năm 2030, tầm nhìn đến năm 2045. Bảo đảm tối thiểu 3% tổng chi ngân sách hằng năm cho khoa học. Chuyển đổi số trên 3 trụ cột. Ban chỉ đạo gồm 5 thành viên. Tổ chức ít nhất 02 hội nghị chuyên đề. Phấn đấu đến năm 2029 xã đạt chuẩn tiếp cận pháp luật. Triển khai đề án giai đoạn 2026 - 2030.

III. THỰC HIỆN CÁC CHỈ TIÊU CỦA NHIỆM KỲ

1. Giao cho Phòng Kinh tế chủ trì, phối hợp với Phòng Văn hóa - Xã hội thực hiện các chỉ tiêu sau:

(1) Thu ngân sách đạt và vượt dự toán.
"""


@pytest.fixture(scope="module")
def own_program(tmp_path_factory):
    return _extract_text(tmp_path_factory, "xa-moi-ctr.txt", PROGRAM)


def _by_text(result, fragment):
    found = [t for t in result["targets"] if fragment in t["text"]]
    assert found, fragment
    return found[0]


def test_offsets_slice_the_canonical_text(own_program):
    for t in own_program["targets"]:
        assert own_program["text"][t["source"]["start"] : t["source"]["end"]] == t["text"]


def test_ids_are_numbered_in_document_order(own_program):
    ids = [t["id"] for t in own_program["targets"]]
    assert ids == [f"t{i:03d}" for i in range(1, len(ids) + 1)]


def test_list_items_inherit_the_heading_deadline(own_program):
    t = _by_text(own_program, "Tỷ lệ hộ nghèo")
    assert (t["value"], t["unit"], t["direction"], t["timeframe"]) == (1.5, "%", "decrease", {"kind": "annual"})
    t = _by_text(own_program, "nông thôn mới kiểu mẫu")
    assert (t["tier"], t["value"], t["timeframe"]) == ("list", None, {"kind": "by", "year": 2030})


def test_a_packed_item_is_split_and_shares_its_lead_frame(own_program):
    a = _by_text(own_program, "100% chi bộ")
    b = _by_text(own_program, "15/15 thôn")
    assert a["timeframe"] == b["timeframe"] == {"kind": "annual"}
    assert (b["value"], b["unit"], b["direction"]) == (15.0, "thôn", "maintain")


def test_prose_commitments_but_no_references_or_descriptions(own_program):
    prose = [t for t in own_program["targets"] if t["tier"] == "prose"]
    assert [(t["value"], t["unit"], t["comparator"], t["timeframe"]) for t in prose] == [
        (3.0, "%", ">=", {"kind": "annual"}),
        (2.0, "hội nghị", ">=", None),  # a noun from the word segmentation, with a comparator
    ]
    assert not any("19-NQ/TW" in t["text"] or "trụ cột" in t["text"] for t in own_program["targets"])


def test_assignment_gives_lead_support_and_term(own_program):
    t = _by_text(own_program, "Thu ngân sách")
    assert [b["name"] for b in t["responsible"]["lead"]] == ["Phòng Kinh tế"]
    assert [b["name"] for b in t["responsible"]["support"]] == ["Phòng Văn hóa - Xã hội"]
    assert t["timeframe"] == {"kind": "term"}


@pytest.fixture(scope="module")
def ha_dong():
    return extract_file(CORPUS / "ha-dong-18-ctr-2026.txt")


@pytest.fixture(scope="module")
def thai_tan():
    return extract_file(CORPUS / "thai-tan-ctr-2025.txt")


def test_seed_range_with_deadline(ha_dong):
    t = _by_text(ha_dong, "Tỷ lệ người tham gia bảo hiểm xã hội đến năm 2030 phấn đấu đạt từ 62-63%")
    assert (t["low"], t["high"], t["value"], t["unit"]) == (62.0, 63.0, None, "%")
    assert (t["comparator"], t["timeframe"], t["tier"]) == ("range", {"kind": "by", "year": 2030}, "list")


def test_seed_sub_bullets_inherit_the_annual_frame(ha_dong):
    t = _by_text(ha_dong, "Khu vực dịch vụ tăng 8,8%")
    assert (t["value"], t["direction"], t["timeframe"]) == (8.8, "increase", {"kind": "annual"})


def test_seed_appendix_rows_name_lead_and_advisor(ha_dong):
    t = _by_text(ha_dong, "Phân đầu xây dựng từ 1 đến 2 trường")
    assert (t["low"], t["high"], t["unit"]) == (1.0, 2.0, "trường")
    assert [b["text"] for b in t["responsible"]["lead"]] == ["UBND xã"]
    assert [b["text"] for b in t["responsible"]["advisor"]] == ["Phòng Văn hóa - Xã hội"]


def test_seed_key_work_with_a_yearly_restatement(ha_dong):
    main = _by_text(ha_dong, "Nâng cấp mở rộng 15 – 20 km đường xã")
    yearly = _by_text(ha_dong, "Mỗi năm xây dựng 3 - 4km")
    assert (main["tier"], main["low"], main["high"], main["timeframe"]) == ("prose", 15.0, 20.0, None)
    assert (yearly["low"], yearly["high"], yearly["timeframe"]) == (3.0, 4.0, {"kind": "annual"})


def test_seed_cited_resolution_years_are_no_targets(ha_dong):
    assert not any("70-NQ/TW" in t["text"] for t in ha_dong["targets"])


def test_seed_term_heading_and_share_of_total(thai_tan):
    t = _by_text(thai_tan, "Thu ngân sách nhà nước trên địa bàn đạt và vượt")
    assert t["timeframe"] == {"kind": "term"}
    assert [b["text"] for b in t["responsible"]["lead"]] == ["Phòng Kinh tế"]
    t = _by_text(thai_tan, "đạt tỷ lệ >85 %")
    assert (t["value"], t["comparator"]) == (85.0, ">")


def test_seed_offsets_slice_the_text(ha_dong, thai_tan):
    for result in (ha_dong, thai_tan):
        for t in result["targets"]:
            assert result["text"][t["source"]["start"] : t["source"]["end"]] == t["text"]


PLAN = """KẾ HOẠCH

I. MỤC TIÊU

1. Mục tiêu cụ thể

- Xây dựng xã đạt chuẩn an toàn giao thông.

- Tỷ lệ hộ dùng nước sạch đạt 99%.

2. Các chỉ tiêu chủ yếu

TT\tChỉ tiêu\tĐơn vị tính\tThực hiện năm 2025\tMục tiêu đến năm 2030
1\tTốc độ tăng giá trị sản xuất bình quân\t%/năm\t8,5\t10-12
2\tThu nhập bình quân đầu người\ttriệu đồng\t60\t90
3\tTỷ lệ hộ nghèo\t%\t2,1\t≤ 1

II. ĐÁNH GIÁ

Nhiệm kỳ qua, tỷ lệ lao động qua đào tạo đã đạt 65%.
"""


@pytest.fixture(scope="module")
def plan(tmp_path_factory):
    return _extract_text(tmp_path_factory, "ke-hoach.txt", PLAN)


def test_specific_objectives_are_a_target_list(plan):
    t = _by_text(plan, "an toàn giao thông")
    assert (t["tier"], t["value"]) == ("list", None)


@pytest.mark.parametrize(
    ("indicator", "value", "low", "high", "unit", "comparator", "direction"),
    [
        ("Tốc độ tăng giá trị sản xuất", None, 10.0, 12.0, "%", "range", "increase"),
        ("Thu nhập bình quân đầu người", 90.0, None, None, "triệu đồng", "=", "level"),
        ("Tỷ lệ hộ nghèo", 1.0, None, None, "%", "<=", "level"),
    ],
)
def test_indicator_table_rows(plan, indicator, value, low, high, unit, comparator, direction):
    t = _by_text(plan, indicator)
    assert (t["value"], t["low"], t["high"], t["unit"]) == (value, low, high, unit)
    assert (t["comparator"], t["direction"], t["timeframe"]) == (comparator, direction, {"kind": "by", "year": 2030})
    assert plan["text"][t["source"]["start"] : t["source"]["end"]] == t["text"]


def test_past_results_are_no_targets(plan):
    assert not any("65%" in t["text"] for t in plan["targets"])


RESOLUTION = """NGHỊ QUYẾT

I. MỤC TIÊU

2. Các chỉ tiêu chủ yếu đến năm 2030

a) Về kinh tế

- Tỷ lệ hộ nghèo giảm bình quân 1%/năm; đến năm 2030 còn dưới 0,5%.
- Tạo việc làm mới cho 1.500 lao động/năm.
- Tỷ lệ đô thị hóa đạt 40% (tương đương 12 xã, phường).
"""


@pytest.fixture(scope="module")
def resolution(tmp_path_factory):
    return _extract_text(tmp_path_factory, "nghi-quyet.txt", RESOLUTION)


def test_sub_heading_is_no_target(resolution):
    assert not any(t["text"].startswith("Về kinh tế") for t in resolution["targets"])


def test_second_level_of_one_indicator(resolution):
    t = _by_text(resolution, "còn dưới 0,5%")
    assert (t["indicator"], t["value"], t["comparator"], t["timeframe"]) == (
        "Tỷ lệ hộ nghèo", 0.5, "<", {"kind": "by", "year": 2030},
    )


def test_per_year_rate_after_a_noun_is_annual(resolution):
    t = _by_text(resolution, "1.500 lao động")
    assert (t["value"], t["unit"], t["timeframe"]) == (1500.0, "lao động", {"kind": "annual"})


def test_restatement_in_parentheses_is_optional(resolution):
    t = _by_text(resolution, "tương đương 12 xã")
    assert (t["tier"], t["value"]) == ("optional", 12.0)
    assert _by_text(resolution, "đô thị hóa đạt 40%")["tier"] == "list"


def test_dated_qualitative_prose_is_optional(own_program):
    t = _by_text(own_program, "chuẩn tiếp cận pháp luật")
    assert (t["tier"], t["value"], t["timeframe"]) == ("optional", None, {"kind": "by", "year": 2029})
    assert not any("Triển khai đề án" in t["text"] for t in own_program["targets"])


NUMBERED = """CHƯƠNG TRÌNH

I. MỤC TIÊU

2. Các chỉ tiêu chủ yếu đến năm 2030

2.1. Tốc độ tăng trưởng kinh tế bình quân đạt 8%/năm.

2.2. Xây dựng xã đạt chuẩn văn minh đô thị.

II. NHIỆM VỤ

Tăng cường quản lý.
"""


def test_items_numbered_like_headings_are_read(tmp_path):
    path = tmp_path / "so-muc.txt"
    path.write_text(NUMBERED, encoding="utf-8")
    result = extract_file(path)
    assert [(t["text"], t["value"], t["timeframe"]) for t in result["targets"]] == [
        ("Tốc độ tăng trưởng kinh tế bình quân đạt 8%/năm.", 8.0, {"kind": "annual"}),
        ("Xây dựng xã đạt chuẩn văn minh đô thị.", None, {"kind": "by", "year": 2030}),
    ]


LEAD_IN = """CHƯƠNG TRÌNH

I. CÁC CHỈ TIÊU CHỦ YẾU

Hằng năm, phấn đấu:

- Tỷ lệ thu thuế đúng hạn đạt 98% (Phòng Kinh tế chủ trì, phối hợp với Công an xã).

- Giữ vững danh hiệu xã an toàn.

II. NHIỆM VỤ

Tăng cường quản lý.
"""


def test_lead_in_sentence_gives_its_frame_and_items_name_their_bodies(tmp_path):
    path = tmp_path / "dan-nhap.txt"
    path.write_text(LEAD_IN, encoding="utf-8")
    targets = extract_file(path)["targets"]
    assert [t["timeframe"] for t in targets] == [{"kind": "annual"}, {"kind": "annual"}]
    assert [b["name"] for b in targets[0]["responsible"]["lead"]] == ["Phòng Kinh tế"]
    assert [b["name"] for b in targets[0]["responsible"]["support"]] == ["Công an xã"]
    assert targets[1]["responsible"]["lead"] == []


COORDINATED = """CHƯƠNG TRÌNH

I. CÁC CHỈ TIÊU CHỦ YẾU

(1) Hằng năm hoàn thành 100% chỉ tiêu giao quân và tuyển chọn công dân tham gia nghĩa vụ công an.

(2) Bảo đảm hoàn thành 100% chỉ tiêu tuyển chọn và gọi công dân nhập ngũ hằng năm.

(3) Tỷ lệ hộ nghèo và hộ cận nghèo giảm 2%/năm.

(4) Hằng năm hoàn thành 100% chỉ tiêu giao quân, tuyển sinh quân sự.

(5) Tỷ lệ dân số tham gia bảo hiểm y tế đạt 95%; tỷ lệ lao động qua đào tạo đạt 70%.

II. NHIỆM VỤ

Tăng cường quản lý.
"""


@pytest.fixture(scope="module")
def coordinated(tmp_path_factory):
    return _extract_text(tmp_path_factory, "phoi-hop.txt", COORDINATED)


@pytest.mark.parametrize(
    ("fragment", "expected"),
    [
        # two catalogued quotas joined by "và": one target each, with its own phrase and code
        (
            "chỉ tiêu giao quân và tuyển chọn",
            [
                ("chỉ tiêu giao quân", "military_recruitment"),
                ("tuyển chọn công dân tham gia nghĩa vụ công an", "police_recruitment"),
            ],
        ),
        # "và" inside the wording of one indicator
        ("tuyển chọn và gọi công dân nhập ngũ", [("chỉ tiêu tuyển chọn và gọi công dân nhập ngũ", "military_recruitment")]),
        # one indicator named twice
        ("hộ nghèo và hộ cận nghèo", [("Tỷ lệ hộ nghèo và hộ cận nghèo", "poor_households")]),
        # the second part is not in the catalogue
        ("tuyển sinh quân sự", [("chỉ tiêu giao quân, tuyển sinh quân sự", "military_recruitment")]),
        # two indicators in clauses of their own stay as the clause splitter made them
        ("bảo hiểm y tế", [("Tỷ lệ dân số tham gia bảo hiểm y tế", "health_insurance_coverage")]),
        ("qua đào tạo", [("tỷ lệ lao động qua đào tạo", "trained_labour")]),
    ],
)
def test_one_target_per_coordinated_indicator(coordinated, fragment, expected):
    found = [t for t in coordinated["targets"] if fragment in t["text"]]
    assert [(t["indicator"], t["indicator_code"]) for t in found] == expected


def test_split_targets_share_the_clause_and_its_level(coordinated):
    military, police = [t for t in coordinated["targets"] if "giao quân và" in t["text"]]
    for field in ("text", "source", "value", "unit", "comparator", "direction", "timeframe", "tier", "section"):
        assert military[field] == police[field], field
    assert (police["value"], police["timeframe"]) == (100.0, {"kind": "annual"})
    ids = [t["id"] for t in coordinated["targets"]]
    assert ids == [f"t{i:03d}" for i in range(1, len(ids) + 1)]
    for t in coordinated["targets"]:
        assert coordinated["text"][t["source"]["start"] : t["source"]["end"]] == t["text"]


def test_seed_military_and_police_quotas_are_two_targets(ha_dong, thai_tan):
    for result in (ha_dong, thai_tan):
        found = [t for t in result["targets"] if "nhập ngũ và tham gia nghĩa vụ công an" in t["text"]]
        assert {t["indicator_code"] for t in found} == {"military_recruitment", "police_recruitment"}
        assert len(found) == 2 * len({t["source"]["start"] for t in found})


# A province-level Kế hoạch in a style the seeds do not use: "Giao <Sở> chủ trì" without "cho",
# GRDP, forest cover, per-mille and per-10,000-people rates, life expectancy in years.
PROVINCE_PLAN = """KẾ HOẠCH
Thực hiện Nghị quyết Đại hội Đảng bộ tỉnh, nhiệm kỳ 2025 - 2030

I. MỤC TIÊU

1. Mục tiêu tổng quát

Xây dựng tỉnh phát triển nhanh, bền vững. Năm 2025, tốc độ tăng trưởng kinh tế ước đạt 7,2%; toàn tỉnh hiện nay có 1.250 thôn.

2. Các chỉ tiêu chủ yếu

- Tốc độ tăng trưởng GRDP bình quân giai đoạn 2026-2030 đạt 8,5%/năm trở lên.

- Phấn đấu đến năm 2030, tỷ lệ đô thị hóa đạt khoảng 45%.

- Giảm tỷ lệ hộ nghèo bình quân 1-1,5%/năm.

- Thu nhập bình quân đầu người đến năm 2030 đạt 120 triệu đồng.

- Tỷ lệ che phủ rừng duy trì ổn định ở mức 42%.

- Không để xảy ra tình trạng ô nhiễm môi trường nghiêm trọng.

- 100% xã đạt chuẩn nông thôn mới nâng cao.

- Tuổi thọ trung bình đạt 75 tuổi.

- Số bác sĩ trên 10.000 dân đạt 15 bác sĩ.

- Đến năm 2030, kim ngạch xuất khẩu gấp 1,5 lần năm 2025.

- Đến năm 2030, số lượt khách du lịch đạt 5 triệu lượt.

- Phấn đấu năm 2027 có 80% hộ gia đình sử dụng nước sạch.

II. NHIỆM VỤ, GIẢI PHÁP

Bố trí tỷ lệ chi ngân sách cho khoa học, công nghệ không thấp hơn 2% tổng chi ngân sách hằng năm. Mỗi năm trồng mới 1.200 ha rừng tập trung.

III. TỔ CHỨC THỰC HIỆN

1. Giao Sở Y tế chủ trì, phối hợp với Sở Tài chính thực hiện các chỉ tiêu sau:

(1) Giảm tỷ suất tử vong trẻ em dưới 5 tuổi xuống còn 12‰.

(2) Tỷ lệ dân số tham gia bảo hiểm y tế đạt 95% trở lên vào năm 2027.
"""


@pytest.fixture(scope="module")
def province_plan(tmp_path_factory):
    return _extract_text(tmp_path_factory, "tinh-kh.txt", PROVINCE_PLAN)


ANNUAL, BY_2030 = {"kind": "annual"}, {"kind": "by", "year": 2030}


@pytest.mark.parametrize(
    ("fragment", "tier", "value", "low", "high", "unit", "comparator", "direction", "timeframe", "lead"),
    [
        ("GRDP", "list", 8.5, None, None, "%", ">=", "increase", {"kind": "period", "start": 2026, "end": 2030}, None),
        ("đô thị hóa", "list", 45.0, None, None, "%", "=", "level", BY_2030, None),
        ("hộ nghèo", "list", None, 1.0, 1.5, "%", "range", "decrease", ANNUAL, None),
        ("Thu nhập bình quân", "list", 120.0, None, None, "triệu đồng", "=", "level", BY_2030, None),
        ("che phủ rừng", "list", 42.0, None, None, "%", "=", "maintain", None, None),
        ("Không để xảy ra", "list", None, None, None, None, None, "level", None, None),
        ("nông thôn mới nâng cao", "list", 100.0, None, None, "%", "=", "level", None, None),
        # a level noun after "đạt" is the level; "trên 10.000 dân" is a denominator
        ("Tuổi thọ", "list", 75.0, None, None, "tuổi", "=", "level", None, None),
        ("Số bác sĩ", "list", 15.0, None, None, "bác sĩ", "=", "level", None, None),
        ("gấp 1,5 lần", "list", 1.5, None, None, "lần", "=", "increase", BY_2030, None),
        # a multiplier before a counted noun is a count, not money; "Phấn đấu năm 2027" is a deadline
        ("khách du lịch", "list", 5.0, None, None, "triệu lượt", "=", "level", BY_2030, None),
        ("nước sạch", "list", 80.0, None, None, "%", "=", "level", {"kind": "by", "year": 2027}, None),
        ("không thấp hơn 2%", "prose", 2.0, None, None, "%", ">=", "level", ANNUAL, None),
        ("1.200 ha", "prose", 1200.0, None, None, "ha", "=", "level", ANNUAL, None),
        # "Giao Sở Y tế chủ trì ... các chỉ tiêu sau:" is an assignment section
        ("12‰", "list", 12.0, None, None, "‰", "=", "decrease", None, "Sở Y tế"),
        ("bảo hiểm y tế", "list", 95.0, None, None, "%", ">=", "level", {"kind": "by", "year": 2027}, "Sở Y tế"),
    ],
)
def test_province_plan_targets(province_plan, fragment, tier, value, low, high, unit, comparator, direction, timeframe, lead):
    found = [t for t in province_plan["targets"] if fragment in t["text"]]
    assert len(found) == 1, [t["text"] for t in found]
    t = found[0]
    assert (t["tier"], t["value"], t["low"], t["high"], t["unit"]) == (tier, value, low, high, unit)
    assert (t["comparator"], t["direction"], t["timeframe"]) == (comparator, direction, timeframe)
    assert [b["text"] for b in t["responsible"]["lead"]] == ([lead] if lead else [])


def test_province_plan_estimates_and_current_counts_are_no_targets(province_plan):
    assert not [t["text"] for t in province_plan["targets"] if "ước đạt" in t["text"] or "1.250 thôn" in t["text"]]


CONGRESS_RESOLUTION = """NGHỊ QUYẾT ĐẠI HỘI ĐẠI BIỂU ĐẢNG BỘ XÃ LẦN THỨ I

I. ĐÁNH GIÁ KẾT QUẢ THỰC HIỆN NGHỊ QUYẾT NHIỆM KỲ 2020 - 2025

1. Kết quả thực hiện các chỉ tiêu chủ yếu

Tỷ lệ dân số tham gia bảo hiểm y tế đạt 93,5%. Thu nhập bình quân đầu người đạt 72 triệu đồng. Có 12/12 thôn đạt danh hiệu thôn văn hóa.

2. Hạn chế, nguyên nhân

Tỷ lệ hộ nghèo còn 2,1%, chưa đạt chỉ tiêu đề ra.

II. MỤC TIÊU, CHỈ TIÊU NHIỆM KỲ 2025 - 2030

1. Các chỉ tiêu chủ yếu

(1) Đến năm 2030, tỷ lệ dân số tham gia bảo hiểm y tế đạt từ 97% trở lên.

(2) Thu nhập bình quân đầu người đến năm 2030 đạt 110 triệu đồng.
"""


def test_figures_reviewing_the_past_term_are_no_targets(tmp_path):
    path = tmp_path / "nghi-quyet-dai-hoi.txt"
    path.write_text(CONGRESS_RESOLUTION, encoding="utf-8")
    result = extract_file(path)
    values = sorted(t["value"] for t in result["targets"] if t["tier"] != "optional")
    assert values == [97.0, 110.0]


def test_a_sentence_describing_how_things_stand_commits_to_nothing(tmp_path):
    path = tmp_path / "ke-hoach.txt"
    path.write_text(
        "KẾ HOẠCH\n\nI. NHIỆM VỤ, GIẢI PHÁP\n\n"
        "Toàn tỉnh hiện có 95 xã, 1.250 thôn với dân số khoảng 1,2 triệu người. "
        "Thực hiện có hiệu quả chương trình, bố trí tối thiểu 10% vốn đầu tư công cho nông nghiệp.\n",
        encoding="utf-8",
    )
    targets = extract_file(path)["targets"]
    assert [(t["value"], t["unit"], t["comparator"]) for t in targets] == [(10.0, "%", ">=")]


def test_a_prose_sentence_names_its_own_lead_and_support(tmp_path):
    path = tmp_path / "ke-hoach.txt"
    path.write_text(
        "KẾ HOẠCH\n\nI. NHIỆM VỤ, GIẢI PHÁP\n\n"
        "Đề nghị UBND tỉnh chủ trì, phối hợp với Sở Tài chính bảo đảm giải ngân 100% vốn đầu tư công hằng năm.\n",
        encoding="utf-8",
    )
    (target,) = extract_file(path)["targets"]
    assert [b["name"] for b in target["responsible"]["lead"]] == ["Ủy ban nhân dân tỉnh"]
    assert [b["name"] for b in target["responsible"]["support"]] == ["Sở Tài chính"]
    assert (target["value"], target["timeframe"]) == (100.0, {"kind": "annual"})


# --- length is no limit ------------------------------------------------------------------

RUN_ON = "tiếp tục nâng cao chất lượng hoạt động của hệ thống chính trị ở cơ sở, "


def test_a_text_of_a_million_characters_in_one_piece_is_read(tmp_path_factory):
    """A plan pasted as one run-on paragraph: spaCy refuses over 1,000,000 characters (E088)."""
    text = (
        "CHƯƠNG TRÌNH HÀNH ĐỘNG\n\nII. NHIỆM VỤ, GIẢI PHÁP\n\nTập trung thực hiện các nhiệm vụ: "
        + RUN_ON * (1_000_000 // len(RUN_ON) + 1)
        + "phấn đấu đến năm 2030 có 100% số thôn đạt chuẩn văn hóa.\n"
    )
    result = _extract_text(tmp_path_factory, "ke-hoach-dai.txt", text)
    assert len(result["text"]) > 1_000_000
    last = _by_text(result, "100% số thôn")
    assert (last["value"], last["unit"], last["timeframe"]) == (100.0, "%", {"kind": "by", "year": 2030})
    assert result["text"][last["source"]["start"] : last["source"]["end"]] == last["text"]


def test_a_long_unit_is_read_in_pieces_that_end_where_sentences_do():
    from pipeline.targets.candidates import MAX_UNIT_CHARS, bounded_units

    sentence = "Đến năm 2030, tỷ lệ hộ nghèo giảm còn 1,2%. "
    text = "(1) " + sentence * 1000 + "Kết thúc " + "x" * (3 * MAX_UNIT_CHARS)
    pieces = list(bounded_units(text, 4, len(text)))
    assert all(e - s <= MAX_UNIT_CHARS for s, e in pieces)
    assert (pieces[0][0], pieces[-1][1]) == (4, len(text))
    assert all(not text[p[1] : q[0]].strip() for p, q in itertools.pairwise(pieces))  # only spaces left out
    sentence_pieces = [text[s:e] for s, e in pieces if text[s:e].startswith("Đến")]
    assert len(sentence_pieces) > 5 and all(p.endswith("1,2%.") for p in sentence_pieces)
    assert list(bounded_units(sentence, 0, len(sentence))) == [(0, len(sentence))]


def test_what_a_reader_warns_about_is_in_the_result(tmp_path_factory):
    """UTF-16 without a byte-order mark: read, and the result says how."""
    path = tmp_path_factory.mktemp("docs") / "utf16.txt"
    path.write_bytes(PROGRAM.encode("utf-16-le"))
    result = extract_file(path)
    assert [w for w in result["warnings"] if w["kind"] == "reading"] == [
        {
            "kind": "reading",
            "message": "decoded as utf-16-le (not UTF-8) without a byte-order mark, told by its byte pattern",
            "sources": [],
        }
    ]
    assert result["targets"]
