"""Vietnamese numbers and committed quantities (pipeline/nlp/quantities.py)."""

import pytest

from pipeline.nlp.quantities import find_quantities, parse_vn_number


@pytest.mark.parametrize(
    ("written", "value", "ambiguous"),
    [
        ("10,9", 10.9, False),  # decimal comma
        ("1.988", 1988.0, False),  # thousands dot
        ("12.500.000", 12500000.0, False),
        ("1.234,5", 1234.5, False),
        ("02", 2.0, False),  # leading zero of a count
        ("7", 7.0, False),
        ("1.5", 1.5, True),  # English decimal? flag it
        ("3,125", 3.125, True),  # decimal here, thousands in English
    ],
)
def test_parse_vn_number(written, value, ambiguous):
    assert parse_vn_number(written) == (pytest.approx(value), ambiguous)


def test_parse_vn_number_rejects_words():
    with pytest.raises(ValueError):
        parse_vn_number("mười")


def _one(text):
    qs = find_quantities(text)
    assert len(qs) == 1, qs
    return qs[0]


@pytest.mark.parametrize(
    ("text", "value", "low", "high", "unit"),
    [
        ("Tỷ lệ hộ dùng điện an toàn đạt 99,5%.", 99.5, None, None, "%"),
        ("Doanh thu du lịch tăng 8-10%/năm.", None, 8.0, 10.0, "%"),
        ("Làm mới 12 – 15 km đường trục thôn.", None, 12.0, 15.0, "km"),
        ("Nạo vét 3 - 5km kênh tưới.", None, 3.0, 5.0, "km"),
        ("Xây dựng từ 03 đến 04 cánh đồng mẫu.", None, 3.0, 4.0, None),
        ("Thu nhập bình quân đạt 85,5 triệu đồng/người/năm.", 85.5, None, None, "triệu đồng"),
        ("Tổng vốn huy động đạt 1.250 tỷ đồng.", 1250.0, None, None, "tỷ đồng"),
        ("Trồng mới 2ha rừng phòng hộ.", 2.0, None, None, "ha"),
        ("Số hợp tác xã tăng gấp 3 lần.", 3.0, None, None, "lần"),
        ("Thành lập thêm 04 mô hình dân vận khéo.", 4.0, None, None, "mô hình"),
    ],
)
def test_find_quantities_values_and_units(text, value, low, high, unit):
    q = _one(text)
    assert (q.value, q.low, q.high, q.unit) == (value, low, high, unit)
    assert text[q.start : q.end] == q.text


def test_share_is_value_of_total():
    q = _one("15/15 khu dân cư đạt chuẩn văn hóa.")
    assert (q.value, q.of) == (15.0, 15.0)


def test_word_number_only_after_a_cue():
    q = _one("Mỗi trường có ít nhất một phòng học thông minh.")
    assert (q.value, q.unit) == (1.0, "phòng học thông minh")
    assert find_quantities("Tập trung vào ba trụ cột chính.") == []


@pytest.mark.parametrize(
    "text",
    [
        "Thực hiện Nghị quyết số 45-NQ/TU ngày 12/5/2023 của Tỉnh ủy.",  # a reference
        "Đến năm 2030, hoàn thành quy hoạch.",  # a year
        "Tổ chức Đại hội lần thứ 2 vào quý III/2027.",  # ordinal, quarter
        "Phát triển sản phẩm OCOP đạt 4 sao.",  # descriptive
        "Chuyển đổi số trên 3 trụ cột.",  # descriptive count
        "Giá trị thu được trên 01 ha canh tác.",  # per-hectare denominator
        "Trường đạt chuẩn quốc gia cấp độ 2.",
        "Giai đoạn 2026 - 2030 có nhiều thuận lợi.",
    ],
)
def test_numbers_that_only_name_things_are_no_quantities(text):
    assert find_quantities(text) == []


def test_value_after_a_per_hectare_denominator():
    q = _one("Giá trị thu hoạch trên 1 ha đất lúa đạt 150 triệu đồng.")
    assert (q.value, q.unit) == (150.0, "triệu đồng")


def test_ambiguous_number_is_flagged():
    q = _one("Năng suất đạt 6.5 tấn/ha.")
    assert q.ambiguous and "ambiguous_number" in q.flags


def test_a_noun_over_a_denominator_is_a_rate_not_a_bare_count():
    # counted nouns come from the word segmentation, so the spaCy pipeline reads these
    from pipeline.nlp.pipeline import build_nlp

    (rate,) = build_nlp()("Phấn đấu tổng tỷ suất sinh duy trì ở mức 1,9 con/phụ nữ")._.quantities
    assert (rate.value, rate.unit, rate.segmented_noun) == (1.9, "con/phụ nữ", False)
    (count,) = build_nlp()("Mỗi xã tổ chức 2 hội nghị")._.quantities
    assert (count.unit, count.segmented_noun) == ("hội nghị", True)


def test_a_word_number_after_và_counts_a_listed_noun():
    qs = find_quantities("Có 70% xã đạt chuẩn và một đơn vị cấp huyện hoàn thành nhiệm vụ.")
    assert [(q.value, q.unit) for q in qs] == [(70.0, "%"), (1.0, "đơn vị")]
    assert find_quantities("Tăng cường kiểm tra và một số nhiệm vụ khác.") == []
