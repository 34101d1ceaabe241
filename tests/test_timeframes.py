"""Timeframes and their precedence (pipeline/nlp/timeframes.py)."""

import pytest

from pipeline.nlp.timeframes import find_timeframes, resolve
from pipeline.normalize import match_key


def frame(text):
    return resolve(find_timeframes(match_key(text)))


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Hằng năm, tỷ lệ thu thuế đúng hạn đạt 95%.", {"kind": "annual"}),
        ("Hàng năm kết nạp 20 đảng viên.", {"kind": "annual"}),
        ("Mỗi năm xây dựng 2 km đường.", {"kind": "annual"}),
        ("Doanh thu tăng 7%/năm.", {"kind": "annual"}),
        ("Đến năm 2030, 100% thôn có nhà văn hóa.", {"kind": "by", "year": 2030}),
        ("Đến hết năm 2028 hoàn thành cấp giấy chứng nhận.", {"kind": "by", "year": 2028}),
        ("Xã đạt chuẩn nông thôn mới nâng cao vào năm 2029.", {"kind": "by", "year": 2029}),
        ("Hoàn thành xóa nhà tạm trước năm 2027.", {"kind": "before", "year": 2027}),
        ("Giai đoạn 2026 - 2030, thu nhập tăng bình quân 9%/năm.", {"kind": "period", "start": 2026, "end": 2030}),
        ("100% chi bộ được kiểm tra trong nhiệm kỳ.", {"kind": "term"}),
        ("Năm 2027, 100% hồ sơ được số hóa.", {"kind": "by", "year": 2027}),
        ("Hoàn thành trước 30/6/2027.", {"kind": "before", "year": 2027}),
        ("Đến hết tháng 12/2026 có 100% hộ dùng điện.", {"kind": "by", "year": 2026}),
        ("Tỷ lệ che phủ rừng đạt 40%.", None),
    ],
)
def test_own_timeframe(text, expected):
    assert frame(text) == expected


def test_named_period_beats_deadline_beats_annual():
    assert frame("Đến năm 2030, hoàn thành chương trình giai đoạn 2026 - 2030.") == {
        "kind": "period", "start": 2026, "end": 2030,
    }
    assert frame("Đến năm 2030, điện thương phẩm tăng 6%/năm.") == {"kind": "by", "year": 2030}


@pytest.mark.parametrize(
    "text",
    [
        # a year inside a cited document is not a deadline
        "Thực hiện Nghị quyết số 19-NQ/TW ngày 16/6/2022 về nông nghiệp, nông dân, nông thôn đến năm 2030, tầm nhìn đến năm 2045.",
        "Quán triệt Chỉ thị số 05-CT/TW, ngày 15/5/2016 của Bộ Chính trị.",
        "Hoàn thiện quy hoạch chung, tầm nhìn đến năm 2050.",
        "Định kỳ gửi báo cáo hằng năm về Ban Thường vụ.",
        # a period that dates the standard, not the target
        "Rà soát hộ nghèo theo chuẩn nghèo đa chiều giai đoạn 2026 - 2030.",
    ],
)
def test_years_that_are_no_deadlines(text):
    assert frame(text) is None


def test_deadline_before_a_reference_is_kept():
    text = "Phấn đấu đến năm 2028 xã đạt chuẩn an toàn theo Nghị quyết số 12-NQ/ĐU ngày 02/3/2025 của Đảng ủy."
    assert frame(text) == {"kind": "by", "year": 2028}


def test_a_standard_s_period_leaves_the_rate_annual():
    text = "Tỷ lệ hộ nghèo (theo chuẩn giai đoạn 2026 - 2030) giảm bình quân 0,5%/năm."
    assert frame(text) == {"kind": "annual"}
