"""Step 1 of the target stage (pipeline/targets/candidates.py): where lists of targets are, wherever they stand."""

CONGRESS_PAGE = """Đại hội Đảng bộ xã lần thứ XV

Đại hội đã thống nhất đề ra các mục tiêu, chỉ tiêu chủ yếu trong nhiệm kỳ mới: phấn đấu tổng sản lượng cây có hạt đến năm 2030 đạt 4.200 tấn; trồng mới rừng sản xuất đạt 150ha trở lên; 6/6 ấp giữ vững danh hiệu ấp văn hóa, Xã giữ vững danh hiệu xã đạt chuẩn văn minh; Đảng bộ xã đạt hoàn thành tốt nhiệm vụ.

Phát biểu tại Đại hội, đồng chí Phó Bí thư Huyện ủy ghi nhận những kết quả xã đạt được.
"""


def _targets(result):
    return [(t["text"], t["tier"], t["timeframe"]) for t in result["targets"]]


def test_a_lead_in_in_running_text_opens_a_list_qualitative_items_included(extract_text):
    found = _targets(extract_text(CONGRESS_PAGE, "dai-hoi.txt"))
    assert found == [
        ("phấn đấu tổng sản lượng cây có hạt đến năm 2030 đạt 4.200 tấn", "list", {"kind": "by", "year": 2030}),
        ("trồng mới rừng sản xuất đạt 150ha trở lên", "list", {"kind": "term"}),
        ("6/6 ấp giữ vững danh hiệu ấp văn hóa", "list", {"kind": "term"}),
        ("Xã giữ vững danh hiệu xã đạt chuẩn văn minh", "list", {"kind": "term"}),
        ("Đảng bộ xã đạt hoàn thành tốt nhiệm vụ.", "list", {"kind": "term"}),
    ]


LIST_HEADING_PAGE = """Mục tiêu cụ thể đến năm 2030, tỷ lệ trạm y tế xã có bác sĩ làm việc đạt 95%; nhân viên y tế ấp đạt chuẩn chuyên môn.

Đối với y tế dự phòng, duy trì vững chắc kết quả tiêm chủng mở rộng; 98% trẻ em dưới 1 tuổi được tiêm chủng đầy đủ.

Nâng cao năng lực khám, chữa bệnh, bảo đảm công bằng trong tiếp cận dịch vụ y tế.
"""


def test_a_list_heading_goes_on_through_the_paragraphs_that_go_on_with_numbers(extract_text):
    found = _targets(extract_text(LIST_HEADING_PAGE, "y-te.txt"))
    assert [t[0] for t in found] == [
        "tỷ lệ trạm y tế xã có bác sĩ làm việc đạt 95%",
        "nhân viên y tế ấp đạt chuẩn chuyên môn.",
        "Đối với y tế dự phòng, duy trì vững chắc kết quả tiêm chủng mở rộng",
        "98% trẻ em dưới 1 tuổi được tiêm chủng đầy đủ.",
    ]
    assert {t[2]["year"] for t in found} == {2030}


PLAN = """KẾ HOẠCH

I. MỤC TIÊU

1. Mục tiêu tổng quát

- Nguồn nước được bảo vệ, khai thác tiết kiệm, sử dụng bền vững.

2. Mục tiêu cụ thể

- Về cấp nước và vệ sinh môi trường nông thôn:

+ 100% nước thải y tế được thu gom, xử lý đạt quy chuẩn.

- Các sản phẩm thủy sản: Thị trường định hướng tiêu thụ: Hàn Quốc, Singapore, Thái Lan.

II. NỘI DUNG THỰC HIỆN

1. Sở Xây dựng

a) Chủ trì, phối hợp với Ủy ban nhân dân xã, phường rà soát các công trình cấp nước, cụ thể: Phấn đấu tỷ lệ hộ dân đô thị được cung cấp nước sạch đạt 90%.
"""


def test_topics_general_aims_and_sub_headings_are_no_items(extract_text):
    result = extract_text(PLAN, "ke-hoach.txt")
    texts = [t["text"] for t in result["targets"]]
    assert "100% nước thải y tế được thu gom, xử lý đạt quy chuẩn." in texts
    assert not any("Nguồn nước" in t or "Về cấp nước" in t or "Hàn Quốc" in t for t in texts)
    assert any(r["verdict"] == "no-commitment" and "Hàn Quốc" in r["text"] for r in result["rejected"])


def test_a_heading_that_names_a_body_leads_what_stands_under_it(extract_text):
    result = extract_text(PLAN, "ke-hoach.txt")
    t = next(t for t in result["targets"] if t["value"] == 90.0)
    assert [b["text"] for b in t["responsible"]["lead"]] == ["Sở Xây dựng"]
    assert [b["text"] for b in t["responsible"]["support"]] == ["Ủy ban nhân dân xã, phường"]
