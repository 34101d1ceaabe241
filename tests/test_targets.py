"""Splitting items into atomic targets and reading each clause (pipeline/nlp/targets.py)."""

import pytest

from pipeline.nlp.pipeline import build_nlp
from pipeline.nlp.targets import (
    Analysis,
    dated_commitment,
    is_lead_in,
    is_list_heading,
    read_clause,
    reports_past,
    split_clauses,
    tier_of,
)


def clauses(text):
    a = Analysis.from_doc(build_nlp()(text))
    return a, split_clauses(a)


def clause_texts(text):
    _, cls = clauses(text)
    return [text[c.start : c.end] for c in cls]


@pytest.mark.parametrize(
    ("item", "expected"),
    [
        # ";" with something measurable on the right
        (
            "Hằng năm, tỷ lệ thu thuế đúng hạn đạt 98%; tỷ lệ nộp thuế điện tử đạt 90%.",
            ["Hằng năm, tỷ lệ thu thuế đúng hạn đạt 98%", "tỷ lệ nộp thuế điện tử đạt 90%."],
        ),
        # "," before a number, and before an opener
        (
            "Hằng năm, chi bộ hoàn thành tốt nhiệm vụ trở lên, 85% đảng viên hoàn thành tốt nhiệm vụ, không có chi bộ yếu kém.",
            [
                "Hằng năm, chi bộ hoàn thành tốt nhiệm vụ trở lên",
                "85% đảng viên hoàn thành tốt nhiệm vụ",
                "không có chi bộ yếu kém.",
            ],
        ),
        # both sides carry their own number and predicate
        (
            "Tỷ lệ lao động có việc làm đạt 95%, lao động qua đào tạo đạt 70%.",
            ["Tỷ lệ lao động có việc làm đạt 95%", "lao động qua đào tạo đạt 70%."],
        ),
        # " và có" opens a new target (the conjunction stays: it is part of the clause as written)
        (
            "Trong nhiệm kỳ, tỷ lệ nữ trong cấp ủy đạt 20% trở lên và có cán bộ trẻ trong Ban Thường vụ.",
            ["Trong nhiệm kỳ, tỷ lệ nữ trong cấp ủy đạt 20% trở lên", "và có cán bộ trẻ trong Ban Thường vụ."],
        ),
        # two quoted titles are two targets
        (
            "Đến năm 2028 đạt danh hiệu “Xã văn minh” và “Xã an toàn”.",
            ["Đến năm 2028 đạt danh hiệu “Xã văn minh”", "và “Xã an toàn”."],
        ),
        # sentences are targets of their own; "Trong đó:" is none
        (
            "Giá trị sản xuất tăng 9%. Trong đó:",
            ["Giá trị sản xuất tăng 9%."],
        ),
        # the labels of an inline enumeration are no clauses of their own
        (
            "Nhiệm vụ năm 2027: (1) cấp căn cước cho 100% công dân; (2) cấp định danh điện tử cho 95% hộ kinh doanh.",
            ["Nhiệm vụ năm 2027", "cấp căn cước cho 100% công dân", "cấp định danh điện tử cho 95% hộ kinh doanh."],
        ),
    ],
)
def test_split_clauses(item, expected):
    assert clause_texts(item) == expected


@pytest.mark.parametrize(
    "item",
    [
        # an enumeration of indicators sharing one value is one target
        "Hằng năm hoàn thành 100% chỉ tiêu giao quân, tuyển sinh quân sự.",
        # a ";" elaboration without anything measurable stays with its sentence
        "Xây dựng đội ngũ cán bộ có bản lĩnh chính trị vững vàng; có cơ cấu hợp lý, chuyên nghiệp.",
        "Tỷ lệ thu gom, xử lý rác thải đạt 95%.",
    ],
)
def test_no_split(item):
    assert len(clause_texts(item)) == 1


def test_parenthesis_with_its_own_number_is_a_clause():
    a, cls = clauses("Cứng hóa 10 – 12 km đường nội đồng (mỗi năm 2 - 3 km);")
    texts = [a.text[c.start : c.end] for c in cls]
    assert texts == ["Cứng hóa 10 – 12 km đường nội đồng", "mỗi năm 2 - 3 km"]
    assert [c.parenthetical for c in cls] == [False, True]


@pytest.mark.parametrize(
    ("clause", "value", "unit", "comparator", "direction", "indicator"),
    [
        ("Phấn đấu tỷ lệ hộ dùng nước sạch hằng năm đạt từ 95% trở lên.", 95.0, "%", ">=", "level", "tỷ lệ hộ dùng nước sạch"),
        ("Đến năm 2030, giảm 50% số hộ cận nghèo.", 50.0, "%", "=", "decrease", "số hộ cận nghèo"),
        ("Thu nhập bình quân đầu người tăng gấp 2 lần.", 2.0, "lần", "=", "increase", "Thu nhập bình quân đầu người"),
        ("Duy trì 100% trạm y tế đạt chuẩn quốc gia.", 100.0, "%", "=", "maintain", "trạm y tế đạt chuẩn quốc gia"),
        ("12/12 thôn giữ vững danh hiệu thôn văn hóa.", 12.0, "thôn", "=", "maintain", "thôn giữ vững danh hiệu thôn văn hóa"),
        ("Tỷ lệ trường có phòng học thông minh đạt 80%.", 80.0, "%", "=", "level", "Tỷ lệ trường có phòng học thông minh"),
        ("Hoàn thành xóa nhà tạm trước năm 2027.", None, None, None, "level", "Hoàn thành xóa nhà tạm"),
    ],
)
def test_read_clause(clause, value, unit, comparator, direction, indicator):
    a, cls = clauses(clause)
    r = read_clause(a, cls[0])
    q = r.quantity
    assert (q.value if q else None, q.unit if q else None) == (value, unit)
    assert (r.comparator, r.direction, r.indicator) == (comparator, direction, indicator)


def test_a_measure_is_preferred_to_a_count_inside_the_indicator():
    a, cls = clauses("Tỷ lệ xã có ít nhất 01 điểm sinh hoạt cộng đồng đạt 100%.")
    assert read_clause(a, cls[0]).quantity.value == 100.0


@pytest.mark.parametrize(
    ("text", "lead_in"),
    [
        ("Giao cho Phòng Kinh tế chủ trì, phối hợp với các cơ quan liên quan thực hiện các chỉ tiêu sau:", True),
        ("Các chỉ tiêu cụ thể như sau:", True),
        ("Tỷ lệ hộ nghèo giảm 1%/năm.", False),
    ],
)
def test_is_lead_in(text, lead_in):
    assert is_lead_in(text) is lead_in


@pytest.mark.parametrize(
    ("title", "expected"),
    [("Mục tiêu cụ thể", True), ("Các chỉ tiêu cụ thể đến năm 2030", True), ("Mục tiêu chung", False),
     ("Mục đích chung, các chỉ tiêu cụ thể, các khâu đột phá", False)],
)
def test_is_list_heading(title, expected):
    assert is_list_heading(title) is expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [("Nhiệm kỳ qua, tỷ lệ hộ nghèo đã giảm còn 1,2%.", True), ("Đến năm 2030, tỷ lệ hộ nghèo dưới 1%.", False)],
)
def test_reports_past(text, expected):
    assert reports_past(text) is expected


@pytest.mark.parametrize(
    ("text", "frame", "expected"),
    [
        ("Phấn đấu đến năm 2028 hoàn thành quy hoạch chung.", {"kind": "by", "year": 2028}, True),
        ("Xóa nhà tạm trước năm 2027.", {"kind": "before", "year": 2027}, True),
        ("Nâng cao chất lượng giáo dục giai đoạn 2026 - 2030.", {"kind": "period", "start": 2026, "end": 2030}, False),
        ("Tăng cường quản lý đất đai.", None, False),
    ],
)
def test_dated_commitment(text, frame, expected):
    assert dated_commitment(text, frame) is expected


def test_a_bare_number_after_a_percentage_restates_it():
    a, cls = clauses("Tỷ lệ thôn đạt chuẩn văn hóa đạt 60%, 66/112 thôn.")
    assert [c.restatement for c in cls] == [False, True]
    assert tier_of("list", cls[1], read_clause(a, cls[1]), a.text[cls[1].start : cls[1].end]) == "optional"
    assert tier_of("list", cls[0], read_clause(a, cls[0]), a.text[cls[0].start : cls[0].end]) == "list"


def test_abbreviation_dot_is_no_sentence_end():
    assert clause_texts("Có 100% xã của TP. Hải Phòng đạt chuẩn.") == ["Có 100% xã của TP. Hải Phòng đạt chuẩn."]


@pytest.mark.parametrize(
    ("clause", "indicator"),
    [
        ("Tỷ lệ người tham gia bảo hiểm xã hội đến năm 2030 phấn đấu đạt từ 45-50% lực lượng lao động.",
         "Tỷ lệ người tham gia bảo hiểm xã hội"),
        ("Nâng cấp mở rộng 10 km đường trục xã.", "đường trục xã"),
        ("Tiếp tục phân loại rác tại nguồn, phấn đấu đến năm 2030, tỷ lệ hộ dùng nước sạch đạt 100%.",
         "tỷ lệ hộ dùng nước sạch"),
        ("Hằng năm đảm bảo và hoàn thành 100% chỉ tiêu giao quân.", "chỉ tiêu giao quân"),
        ("Trong nhiệm kỳ, phấn đấu đạt tỷ lệ nữ cấp ủy viên từ 20% trở lên.", "tỷ lệ nữ cấp ủy viên"),
        ("Phấn đấu thành lập ít nhất 03 chi bộ, tổ đảng trong doanh nghiệp.", "chi bộ, tổ đảng trong doanh nghiệp"),
        # a topic before ":" names no indicator
        ("Công tác y tế tiếp tục được quan tâm: 95% trạm y tế có bác sĩ.", "trạm y tế có bác sĩ"),
    ],
)
def test_indicator(clause, indicator):
    a, cls = clauses(clause)
    assert read_clause(a, cls[0]).indicator == indicator
