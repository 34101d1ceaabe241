"""What surrounds a candidate (pipeline/targets/context.py): the year a document plans for, lead-ins, opening frames."""

import pytest

from pipeline.normalize import match_key
from pipeline.readers import read
from pipeline.targets.context import document_context, find_lead_ins, opening_frame


def _context(tmp_path, text, metadata=None):
    path = tmp_path / "trang.txt"
    path.write_text(text, encoding="utf-8")
    return document_context(read(path), metadata)


def test_a_web_page_dates_itself_and_plans_for_the_year_its_lead_names(tmp_path):
    page = (
        " date 2025-12-24 Kỳ họp thường lệ cuối năm của Hội đồng nhân dân phường\n\n"
        "Năm 2025, kinh tế của phường tiếp tục tăng trưởng khá, thu ngân sách ước đạt 1.200 tỷ đồng.\n\n"
        "Năm 2026, phường phấn đấu thu ngân sách nhà nước trên địa bàn đạt 1.390 tỷ đồng.\n"
    )
    ctx = _context(tmp_path, page)
    assert (ctx.year, ctx.plan_year, ctx.rules) == (2025, 2026, False)
    assert ctx.frame() == {"kind": "by", "year": 2026}


def test_a_title_plans_for_a_year_but_not_for_a_deadline_or_a_cited_date(tmp_path):
    year_plan = {"title": "NGHỊ QUYẾT Về Kế hoạch phát triển kinh tế - xã hội và bảo đảm quốc phòng - an ninh năm 2026", "date": "2025-12-10"}
    assert _context(tmp_path, "NGHỊ QUYẾT\n", year_plan).plan_year == 2026
    term_plan = {"title": "KẾ HOẠCH nâng cao năng lực cán bộ đến năm 2030", "date": "2025-11-20"}
    assert _context(tmp_path, "KẾ HOẠCH\n", term_plan).plan_year is None
    cited = {
        "title": "KẾ HOẠCH X giai đoạn 2026 - 2030 triển khai Nghị quyết số 27-NQ/TU ngày 18/8/2025 "
        "về kế hoạch phát triển kinh tế - xã hội năm 2026",  # the cited resolution plans for 2026, not this plan
        "date": "2025-11-20",
    }
    ctx = _context(tmp_path, "KẾ HOẠCH\n", cited)
    assert (ctx.plan_year, ctx.period) == (None, (2026, 2030))


def test_a_page_of_criteria_lays_down_rules(tmp_path):
    text = "\n\n".join(f"Tiêu chí 2.{i}. Tỷ lệ giảng viên không thấp hơn {60 + i}%." for i in range(1, 5))
    assert _context(tmp_path, "Chuẩn cơ sở giáo dục\n\n" + text + "\n").rules


@pytest.mark.parametrize(
    ("sentence", "lead_in", "opens_list"),
    [
        ("Theo kế hoạch, các chỉ tiêu chủ yếu gồm: Tổng thu ngân sách trên địa bàn tăng từ 8% trở lên.", "theo kế hoạch, các chỉ tiêu chủ yếu gồm:", True),
        ("Đại hội thông qua 21 chỉ tiêu thuộc ba nhóm trong đó phấn đấu tỷ lệ hộ nghèo giảm còn 1%", "đại hội thông qua 21 chỉ tiêu thuộc ba nhóm trong đó", False),
        ("Nhiệm kỳ 2025-2030, Đảng bộ xã đặt mục tiêu nâng tỷ lệ che phủ rừng lên 45-46%", "nhiệm kỳ 2025-2030, đảng bộ xã đặt mục tiêu", False),
        ("Mục tiêu cụ thể đến năm 2030, các xã hoàn thành phổ cập bơi cho trẻ em", "mục tiêu cụ thể đến năm 2030", True),
        ("Để thực hiện thắng lợi các mục tiêu trên, Ban Chấp hành xác định các giải pháp sau:", None, False),
    ],
)  # fmt: skip
def test_lead_ins(sentence, lead_in, opens_list):
    key = match_key(sentence)
    found = find_lead_ins(key)
    assert (key[found[0].start : found[0].end] if found else None) == lead_in
    if found:
        assert found[0].opens_list is opens_list


def test_opening_frames():
    assert opening_frame(match_key("Năm 2026, phường đặt mục tiêu ...")) == (8, {"kind": "by", "year": 2026})
    assert opening_frame(match_key("Hằng năm, 100% chi bộ hoàn thành nhiệm vụ"))[1] == {"kind": "annual"}
    assert opening_frame(match_key("Nhiệm kỳ 2020-2025, Đảng bộ ..."))[1] == {"kind": "term"}
    assert opening_frame(match_key("Tỷ lệ hộ nghèo năm 2025 còn 1%")) is None
