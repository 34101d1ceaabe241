"""Step 2 of the target stage (pipeline/targets/decide.py): target, or what a number is instead, and why."""

import pytest

from pipeline.targets.decide import own_kind

HDND_YEAR_PLAN = """ date 2025-12-18 Kỳ họp thứ 5, HĐND xã khóa I

Năm 2025, kinh tế của xã duy trì đà tăng trưởng ổn định. Giá trị sản xuất nông nghiệp ước tăng 6,8% so năm 2024; thu ngân sách ước đạt gần 150 tỷ đồng (đạt 108% so dự toán năm); tỷ lệ hộ cận nghèo còn 0,35%.

Năm 2026, xã phấn đấu đạt 19 chỉ tiêu, trong đó phấn đấu tổng thu ngân sách trên địa bàn đạt hơn 175 tỷ đồng; thu nhập bình quân đầu người đạt 92 triệu đồng; xã đạt chuẩn nông thôn mới kiểu mẫu.
"""


def _values(result):
    return [(t["value"], t["unit"], t["comparator"], t["timeframe"]) for t in result["targets"]]


def test_results_and_targets_in_one_page_of_a_year_plan(extract_text):
    result = extract_text(HDND_YEAR_PLAN, "ky-hop.txt")
    assert _values(result)[:2] == [
        (175.0, "tỷ đồng", ">", {"kind": "by", "year": 2026}),
        (92.0, "triệu đồng", "=", {"kind": "by", "year": 2026}),
    ]
    qualitative = result["targets"][2]
    assert qualitative["text"].startswith("xã đạt chuẩn nông thôn mới kiểu mẫu") and qualitative["value"] is None
    verdicts = {r["text"]: r["verdict"] for r in result["rejected"]}
    assert verdicts["Giá trị sản xuất nông nghiệp ước tăng 6,8% so năm 2024"] == "estimate"
    # no cue of its own: its sentence estimates, and it is about 2025 in a plan for 2026
    assert verdicts["tỷ lệ hộ cận nghèo còn 0,35%."] == "result"
    assert not any(t["value"] == 19.0 for t in result["targets"])  # "đạt 19 chỉ tiêu" counts the list


def test_every_rejected_candidate_says_why(extract_text):
    result = extract_text(HDND_YEAR_PLAN, "ky-hop.txt")
    for r in result["rejected"]:
        assert r["reason"] and result["text"][r["source"]["start"] : r["source"]["end"]] == r["text"]


@pytest.mark.parametrize(
    ("clause", "verdict"),
    [
        ("thu ngân sách ước đạt gần 150 tỷ đồng", "estimate"),
        ("dự báo tăng trưởng 6%", "forecast"),
        ("đã kết nạp được 45 đảng viên", "result"),
        ("đạt 104,7% so với chỉ tiêu", "result"),
        ("x 100% x 5", "rule"),
        ("trường hợp không hoàn thành thì trừ 2 điểm", "rule"),
        ("với 52 đại biểu tán thành", "description"),
        ("phấn đấu đến năm 2030 đạt 95%", None),
        ("hoàn thành 100% chỉ tiêu được giao", None),
        ("ước tính 3.200 lượt khách", "estimate"),
        ("100% thôn, tổ dân phố xây dựng và thực hiện hương ước, quy ước", None),  # compounds of "ước"
        ("100% cán bộ được phổ biến các công ước quốc tế về quyền trẻ em", None),
    ],
)
def test_a_clause_own_words(clause, verdict):
    found = own_kind(clause)
    assert (found[0] if found else None) == verdict


RATING_RULES = """QUYẾT ĐỊNH

Ban hành Quy định tiêu chí chấm điểm, xếp loại mức độ hoàn thành nhiệm vụ của các phòng chuyên môn

I. TIÊU CHÍ

1. Xếp loại xuất sắc khi có từ 85% nhiệm vụ được giao hoàn thành trước thời hạn.

2. Tỷ lệ hồ sơ giải quyết đúng hạn từ 98% trở lên: 3 điểm.
"""


def test_rating_thresholds_are_no_targets(extract_text):
    result = extract_text(RATING_RULES, "quy-dinh.txt")
    assert result["targets"] == []
    assert {r["verdict"] for r in result["rejected"]} == {"rule"}


def test_a_meeting_report_around_a_target_list(extract_text):
    page = (
        " date 2025-12-09 Chiều 9-12, HĐND tỉnh đã biểu quyết, nhất trí thông qua Kế hoạch phát triển "
        "kinh tế - xã hội và bảo đảm quốc phòng - an ninh năm 2026, với 52 ĐB tán thành, đạt hơn 94%.\n\n"
        "Theo đó, các chỉ tiêu chủ yếu gồm: Tổng sản phẩm trên địa bàn (GRDP) phấn đấu tăng từ 8,5% "
        "trở lên. Tỷ lệ hộ nghèo (theo chuẩn nghèo đa chiều) giảm 0,5-1 điểm %.\n"
    )
    result = extract_text(page, "hdnd-tinh.txt")
    assert [(t["value"], t["low"], t["high"], t["unit"]) for t in result["targets"]] == [
        (8.5, None, None, "%"),
        (None, 0.5, 1.0, "điểm %"),
    ]
    assert all(t["timeframe"] == {"kind": "by", "year": 2026} for t in result["targets"])
    assert any(r["text"] == "đạt hơn 94%." and r["verdict"] == "description" for r in result["rejected"])


WATER_PLAN = """KẾ HOẠCH
Cấp nước sạch nông thôn giai đoạn 2026 - 2030

I. MỤC TIÊU

1. Đến năm 2030, tỷ lệ hộ dân nông thôn dùng nước sạch đạt 85%, nhằm nâng cao sức khỏe nhân dân.

II. NHIỆM VỤ

1. Tiếp tục vận hành các nhà máy nước đã đầu tư (03 nhà máy nước Tân Hòa, Tân Lập và Tân Phong). Đầu tư mới 02 công trình cấp nước tập trung.

2. Xây dựng 3 mô hình mẫu: cấp nước hộ gia đình, cấp nước trường học, cấp nước trạm y tế.

III. TỔ CHỨC THỰC HIỆN

1. Giao Sở Nông nghiệp và Môi trường chủ trì tổ chức triển khai Kế hoạch này; báo cáo kết quả về Ủy ban nhân dân tỉnh trước ngày 15 tháng 12 hằng năm.

Kế hoạch này thay thế Kế hoạch số 45/KH-UBND ngày 10/3/2022 của Ủy ban nhân dân tỉnh.
"""


def test_what_names_counts_or_declares_is_no_target(extract_text):
    result = extract_text(WATER_PLAN, "nuoc-sach.txt")
    assert [t["text"] for t in result["targets"]] == [
        "Đến năm 2030, tỷ lệ hộ dân nông thôn dùng nước sạch đạt 85%",
        "Đầu tư mới 02 công trình cấp nước tập trung.",
    ]
    why = {r["text"]: r["reason"] for r in result["rejected"]}
    assert why["03 nhà máy nước Tân Hòa, Tân Lập và Tân Phong"] == "a parenthesis naming what its sentence speaks of"
    assert why["Xây dựng 3 mô hình mẫu: cấp nước hộ gia đình, cấp nước trường học, cấp nước trạm y tế."] == (
        "counts the names listed after it"
    )
    assert not any("thay thế" in t["text"] or "Giao Sở" in t["text"] for t in result["targets"])


def test_a_purpose_clause_of_a_list_item_commits_to_nothing(extract_text):
    result = extract_text(WATER_PLAN, "nuoc-sach.txt")
    why = {r["text"]: r["reason"] for r in result["rejected"]}
    assert why["nhằm nâng cao sức khỏe nhân dân."] == "says what the work is for, commits to nothing"


COMMUNE_REPORT = """ỦY BAN NHÂN DÂN XÃ AN THẠNH

Số: 112/BC-UBND

BÁO CÁO
Tình hình cải cách hành chính của xã năm 2025

I. CÔNG TÁC CHỈ ĐẠO, ĐIỀU HÀNH

Tỷ lệ hồ sơ giải quyết đúng hạn đạt 98,6%. Có 14/15 thôn có nhà văn hóa đạt chuẩn. Tỷ lệ hồ sơ trực tuyến toàn trình là 61,2%.

II. PHƯƠNG HƯỚNG, NHIỆM VỤ NĂM 2026

Phấn đấu tỷ lệ hồ sơ trực tuyến toàn trình đạt từ 80% trở lên. Tỷ lệ người dân hài lòng đạt trên 95%.

PHỤ LỤC

STT\tChỉ tiêu\tĐơn vị tính\tKết quả
1\tSố thủ tục hành chính được rà soát\tThủ tục\t46
2\tTỷ lệ hồ sơ trực tuyến\t%\t61,2
"""


@pytest.mark.parametrize("dated", ["", "An Thạnh, ngày 12 tháng 01 năm 2026\n\n"])
def test_a_report_reports_unless_a_number_commits_or_looks_ahead(extract_text, dated):
    """Signed in January of the next year or undated: it reports on the year its title names."""
    result = extract_text(COMMUNE_REPORT.replace("BÁO CÁO\n", dated + "BÁO CÁO\n"), "bao-cao-cchc.txt")
    assert [(t["value"], t["comparator"]) for t in result["targets"]] == [(80.0, ">="), (95.0, ">")]
    verdicts = {r["text"]: r["verdict"] for r in result["rejected"]}
    assert verdicts["Tỷ lệ hồ sơ giải quyết đúng hạn đạt 98,6%."] == "result"
    assert {r["verdict"] for r in result["rejected"] if "\t" in r["text"]} == {"result"}  # the table reports too
