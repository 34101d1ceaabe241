"""Step 4 of the target stage (pipeline/targets/inherit.py): the timeframe a target says or inherits."""

PLAN = """KẾ HOẠCH XUẤT KHẨU GIAI ĐOẠN 2026 - 2030

I. MỤC TIÊU

1. Phấn đấu giá trị xuất khẩu đến năm 2030 đạt 400 triệu USD, tăng bình quân hằng năm trong giai đoạn này đạt 10 - 13%/năm. Trong đó: Giá trị nông sản tham gia xuất khẩu đạt 395 triệu USD.

II. CHỈ TIÊU

1. Tổng sản phẩm Xoài tham gia xuất khẩu đến năm 2030 phấn đấu đạt 18.000 tấn; tổng giá trị sản phẩm Xoài dự kiến đạt 10 triệu USD, tốc độ tăng bình quân 08 - 09%/năm.

2. Nhiệm kỳ 2025-2030, xã đặt mục tiêu duy trì tốc độ tăng trưởng kinh tế hàng năm từ 10-15%; 100% khu phố giữ vững danh hiệu văn hóa; thu ngân sách tăng bình quân 10%/năm.
"""


def test_frames_said_inherited_and_by_precedence(extract_text):
    frames = {t["text"]: t["timeframe"] for t in extract_text(PLAN, "xuat-khau.txt")["targets"]}
    assert frames["Phấn đấu giá trị xuất khẩu đến năm 2030 đạt 400 triệu USD"] == {"kind": "by", "year": 2030}
    # "giai đoạn này": the period the document plans for, which beats the rate's "/năm"
    assert frames["tăng bình quân hằng năm trong giai đoạn này đạt 10 - 13%/năm."] == {
        "kind": "period", "start": 2026, "end": 2030}  # fmt: skip
    # "Trong đó" details the sentence before: its deadline
    assert frames["Trong đó: Giá trị nông sản tham gia xuất khẩu đạt 395 triệu USD."] == {"kind": "by", "year": 2030}
    # a deadline goes on in the sentence, and over the bare rate of its item
    assert frames["tổng giá trị sản phẩm Xoài dự kiến đạt 10 triệu USD"] == {"kind": "by", "year": 2030}
    assert frames["tốc độ tăng bình quân 08 - 09%/năm."] == {"kind": "by", "year": 2030}


def test_an_opening_term_over_clauses_and_annual_rates_of_their_own(extract_text):
    frames = [t["timeframe"] for t in extract_text(PLAN, "xuat-khau.txt")["targets"] if "khu phố" in t["text"]
              or "kinh tế hàng năm" in t["text"] or "thu ngân sách" in t["text"]]  # fmt: skip
    assert frames == [{"kind": "annual"}, {"kind": "term"}, {"kind": "annual"}]
