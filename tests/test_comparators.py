"""Comparators before and after the number (pipeline/nlp/comparators.py)."""

import pytest

from pipeline.nlp.comparators import comparator_for
from pipeline.nlp.quantities import find_quantities
from pipeline.normalize import match_key


@pytest.mark.parametrize(
    ("text", "comparator"),
    [
        ("tỷ lệ lao động qua đào tạo đạt từ 75% trở lên", ">="),
        ("có ít nhất 02 hợp tác xã kiểu mới", ">="),
        ("tối thiểu 5% ngân sách cho khoa học", ">="),
        ("không dưới 30% đại biểu là nữ", ">="),
        ("98 % hộ gia đình trở lên dùng nước sạch", ">="),
        ("trên 95% trẻ em được tiêm chủng", ">"),
        ("đạt tỷ lệ >80 % hồ sơ trực tuyến", ">"),
        ("vượt 10% kế hoạch thu ngân sách", ">"),
        ("tỷ lệ hộ nghèo không quá 1,5%", "<="),
        ("nợ xấu tối đa 3%", "<="),
        ("tỷ lệ sinh con thứ ba dưới 5%", "<"),
        ("tỷ lệ che phủ rừng đạt 42%", "="),
        ("nâng cấp khoảng 6km kênh mương", "="),
        ("tăng trưởng 8-9%/năm", "range"),
        # a "trở lên" that belongs to another phrase is not the number's comparator
        ("85% chi bộ, đảng viên hoàn thành tốt nhiệm vụ trở lên", "="),
    ],
)
def test_comparator(text, comparator):
    key = match_key(text)
    qs = find_quantities(text)
    assert qs, text
    assert comparator_for(key, qs[0])[0] == comparator
