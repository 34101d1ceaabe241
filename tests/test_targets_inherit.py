"""Step 4 of the target stage (pipeline/targets/inherit.py): the timeframe a target says or inherits."""

PLAN = """KẾ HOẠCH PHÁT TRIỂN DU LỊCH GIAI ĐOẠN 2026 - 2030

I. MỤC TIÊU

1. Phấn đấu tổng thu từ khách du lịch đến năm 2030 đạt 2.500 tỷ đồng, tăng bình quân hằng năm trong giai đoạn này đạt 12 - 14%/năm. Trong đó: Doanh thu từ dịch vụ lưu trú đạt 900 tỷ đồng.

II. CHỈ TIÊU

1. Lượt khách quốc tế đến tỉnh đến năm 2030 phấn đấu đạt 350.000 lượt; tổng chi tiêu của khách quốc tế dự kiến đạt 40 triệu USD, tốc độ tăng bình quân 07 - 08%/năm.

2. Nhiệm kỳ 2025-2030, phường đặt mục tiêu duy trì mức tăng giá trị sản xuất hàng năm từ 8-9%; 100% tổ dân phố giữ vững danh hiệu văn hóa; tổng vốn đầu tư tăng bình quân 12%/năm.
"""


def test_frames_said_inherited_and_by_precedence(extract_text):
    frames = {t["text"]: t["timeframe"] for t in extract_text(PLAN, "du-lich.txt")["targets"]}
    assert frames["Phấn đấu tổng thu từ khách du lịch đến năm 2030 đạt 2.500 tỷ đồng"] == {"kind": "by", "year": 2030}
    # "giai đoạn này": the period the document plans for, which beats the rate's "/năm"
    assert frames["tăng bình quân hằng năm trong giai đoạn này đạt 12 - 14%/năm."] == {
        "kind": "period", "start": 2026, "end": 2030}  # fmt: skip
    # "Trong đó" details the sentence before: its deadline
    assert frames["Trong đó: Doanh thu từ dịch vụ lưu trú đạt 900 tỷ đồng."] == {"kind": "by", "year": 2030}
    # a deadline goes on in the sentence, and over the bare rate of its item
    assert frames["tổng chi tiêu của khách quốc tế dự kiến đạt 40 triệu USD"] == {"kind": "by", "year": 2030}
    assert frames["tốc độ tăng bình quân 07 - 08%/năm."] == {"kind": "by", "year": 2030}


def test_an_opening_term_over_clauses_and_annual_rates_of_their_own(extract_text):
    frames = [t["timeframe"] for t in extract_text(PLAN, "du-lich.txt")["targets"] if "tổ dân phố" in t["text"]
              or "sản xuất hàng năm" in t["text"] or "vốn đầu tư" in t["text"]]  # fmt: skip
    assert frames == [{"kind": "annual"}, {"kind": "term"}, {"kind": "annual"}]
