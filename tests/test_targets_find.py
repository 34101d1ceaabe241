"""The whole target stage (pipeline/targets: find_targets): the families of wording a target list holds."""

import pytest

CONGRESS_TARGETS = """NGHỊ QUYẾT
Đại hội Đảng bộ xã lần thứ II, nhiệm kỳ 2025 - 2030

I. CÁC CHỈ TIÊU CHỦ YẾU

1. Trên 92% cơ quan, đơn vị đạt chuẩn văn hóa.
2. Tổng kim ngạch xuất khẩu khoảng trên 500 tỉ USD.
3. Đưa chỉ số đổi mới sáng tạo vào nhóm 3/50 nước dẫn đầu.
4. Tỷ lệ hộ nghèo giảm 1-1,5 điểm % mỗi năm.
5. Từ năm 2026, 100% trường học có phòng học thông minh.
6. Tổng tỷ suất sinh duy trì ở mức 2,1 con/phụ nữ.
"""


@pytest.mark.parametrize(
    ("starts", "fields"),
    [
        # the value first, then what it counts
        ("Trên 92% cơ quan", (92.0, None, None, "%", ">", "level", None)),
        # an approximate floor; "tỉ" read as "tỷ"
        ("Tổng kim ngạch", (500.0, None, None, "tỷ USD", ">", "level", None)),
        # a place in a ranking: the committed place is the value
        ("Đưa chỉ số", (3.0, None, None, "nước", "=", "level", None)),
        # percentage points, a range, each year
        ("Tỷ lệ hộ nghèo", (None, 1.0, 1.5, "điểm %", "range", "decrease", {"kind": "annual"})),
        # "Từ năm 2026" = by 2026
        ("Từ năm 2026", (100.0, None, None, "%", "=", "level", {"kind": "by", "year": 2026})),
        # a rate over a denominator is a measure
        ("Tổng tỷ suất sinh", (2.1, None, None, "con/phụ nữ", "=", "maintain", None)),
    ],
)
def test_families_of_wording(extract_text, starts, fields):
    targets = extract_text(CONGRESS_TARGETS, "nghi-quyet.txt")["targets"]
    (t,) = [t for t in targets if t["text"].startswith(starts)]
    keys = ("value", "low", "high", "unit", "comparator", "direction", "timeframe")
    assert tuple(t[k] for k in keys) == fields


def test_every_item_of_the_list_is_one_target(extract_text):
    result = extract_text(CONGRESS_TARGETS, "nghi-quyet.txt")
    assert len(result["targets"]) == 6 and all(t["tier"] == "list" for t in result["targets"])


def test_a_measure_that_names_nothing_is_of_the_indicator_before_it(extract_text):
    text = (
        "KẾ HOẠCH\n\nI. MỤC TIÊU\n\n"
        "- Giá trị hàng thủ công mỹ nghệ xuất khẩu đến năm 2030 dự kiến đạt trên 12 triệu USD, "
        "tốc độ tăng bình quân 7 - 8%/năm.\n"
    )
    targets = extract_text(text, "thu-cong-my-nghe.txt")["targets"]
    assert [(t["indicator"], t["value"], t["low"], t["unit"]) for t in targets] == [
        ("Giá trị hàng thủ công mỹ nghệ xuất khẩu", 12.0, None, "triệu USD"),
        ("Giá trị hàng thủ công mỹ nghệ xuất khẩu: tốc độ", None, 7.0, "%"),
    ]
