"""Step 2 of the target stage (pipeline/targets/decide.py): target, or what a number is instead, and why."""

import pytest

from pipeline.targets.decide import own_kind

HDND_YEAR_PLAN = """ date 2025-12-24 Kỳ họp thứ 4, HĐND xã khóa I

Năm 2025, kinh tế tiếp tục tăng trưởng khá. Tổng giá trị sản xuất ước tăng 10,5% so năm 2024; thu ngân sách ước đạt gần 280 tỷ đồng (đạt 112% so dự toán năm); tỷ lệ hộ nghèo đa chiều còn 0,08%.

Năm 2026, xã phấn đấu đạt 17 chỉ tiêu, trong đó phấn đấu thu ngân sách đạt hơn 340 tỷ đồng; thu nhập bình quân đầu người đạt 85 triệu đồng; xã đạt chuẩn nông thôn mới nâng cao.
"""


def _values(result):
    return [(t["value"], t["unit"], t["comparator"], t["timeframe"]) for t in result["targets"]]


def test_results_and_targets_in_one_page_of_a_year_plan(extract_text):
    result = extract_text(HDND_YEAR_PLAN, "ky-hop.txt")
    assert _values(result)[:2] == [
        (340.0, "tỷ đồng", ">", {"kind": "by", "year": 2026}),
        (85.0, "triệu đồng", "=", {"kind": "by", "year": 2026}),
    ]
    qualitative = result["targets"][2]
    assert qualitative["text"].startswith("xã đạt chuẩn nông thôn mới nâng cao") and qualitative["value"] is None
    verdicts = {r["text"]: r["verdict"] for r in result["rejected"]}
    assert verdicts["Tổng giá trị sản xuất ước tăng 10,5% so năm 2024"] == "estimate"
    # no cue of its own: its sentence estimates, and it is about 2025 in a plan for 2026
    assert verdicts["tỷ lệ hộ nghèo đa chiều còn 0,08%."] == "result"
    assert not any(t["value"] == 17.0 for t in result["targets"])  # "đạt 17 chỉ tiêu" counts the list


def test_every_rejected_candidate_says_why(extract_text):
    result = extract_text(HDND_YEAR_PLAN, "ky-hop.txt")
    for r in result["rejected"]:
        assert r["reason"] and result["text"][r["source"]["start"] : r["source"]["end"]] == r["text"]


@pytest.mark.parametrize(
    ("clause", "verdict"),
    [
        ("thu ngân sách ước đạt gần 280 tỷ đồng", "estimate"),
        ("dự báo tăng trưởng 6%", "forecast"),
        ("đã kết nạp được 70 đảng viên", "result"),
        ("đạt 106,1% so với chỉ tiêu", "result"),
        ("x 100% x 5", "rule"),
        ("trường hợp không hoàn thành thì trừ 2 điểm", "rule"),
        ("với 429 đại biểu tán thành", "description"),
        ("phấn đấu đến năm 2030 đạt 95%", None),
        ("hoàn thành 100% chỉ tiêu được giao", None),
    ],
)
def test_a_clause_own_words(clause, verdict):
    found = own_kind(clause)
    assert (found[0] if found else None) == verdict


RATING_RULES = """QUYẾT ĐỊNH

Ban hành Quy định đánh giá, xếp loại chất lượng cán bộ, công chức

I. TIÊU CHÍ

1. Hoàn thành xuất sắc nhiệm vụ khi có từ 90% chỉ tiêu, nhiệm vụ hoàn thành vượt mức.

2. Tỷ lệ đạt từ 95% trở lên: 2,5 điểm.
"""


def test_rating_thresholds_are_no_targets(extract_text):
    result = extract_text(RATING_RULES, "quy-dinh.txt")
    assert result["targets"] == []
    assert {r["verdict"] for r in result["rejected"]} == {"rule"}


def test_a_meeting_report_around_a_target_list(extract_text):
    page = (
        " date 2025-11-13 Sáng 13-11, Quốc hội đã biểu quyết thông qua Nghị quyết về kế hoạch phát triển "
        "kinh tế - xã hội năm 2026, với 429 ĐB tán thành, đạt hơn 91%.\n\n"
        "Theo nghị quyết, các chỉ tiêu chủ yếu gồm: Tốc độ tăng tổng sản phẩm trong nước (GDP) phấn đấu từ 10% "
        "trở lên. Tỷ lệ hộ nghèo (theo chuẩn nghèo đa chiều) giảm 1-1,5 điểm %.\n"
    )
    result = extract_text(page, "quoc-hoi.txt")
    assert [(t["value"], t["low"], t["high"], t["unit"]) for t in result["targets"]] == [
        (10.0, None, None, "%"),
        (None, 1.0, 1.5, "điểm %"),
    ]
    assert all(t["timeframe"] == {"kind": "by", "year": 2026} for t in result["targets"])
    assert any(r["text"] == "đạt hơn 91%." and r["verdict"] == "description" for r in result["rejected"])
