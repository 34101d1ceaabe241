"""Step 1 of the target stage (pipeline/targets/candidates.py): where lists of targets are, wherever they stand."""

CONGRESS_PAGE = """Đại hội Đảng bộ xã lần thứ XXI

Đại hội đã đề ra nhiệm vụ, mục tiêu cụ thể cho nhiệm kỳ mới: phấn đấu tổng sản lượng lương thực đến năm 2020 đạt 2.500 tấn; trồng rừng mới đạt 300ha trở lên; 4/4 khu phố giữ vững danh hiệu khu phố văn hóa, Phường giữ vững danh hiệu Phường văn minh đô thị; Đảng bộ đạt trong sạch vững mạnh.

Phát biểu chỉ đạo, đồng chí Bí thư đánh giá cao kết quả nhiệm kỳ qua.
"""


def _targets(result):
    return [(t["text"], t["tier"], t["timeframe"]) for t in result["targets"]]


def test_a_lead_in_in_running_text_opens_a_list_qualitative_items_included(extract_text):
    found = _targets(extract_text(CONGRESS_PAGE, "dai-hoi.txt"))
    assert found == [
        ("phấn đấu tổng sản lượng lương thực đến năm 2020 đạt 2.500 tấn", "list", {"kind": "by", "year": 2020}),
        ("trồng rừng mới đạt 300ha trở lên", "list", {"kind": "term"}),
        ("4/4 khu phố giữ vững danh hiệu khu phố văn hóa", "list", {"kind": "term"}),
        ("Phường giữ vững danh hiệu Phường văn minh đô thị", "list", {"kind": "term"}),
        ("Đảng bộ đạt trong sạch vững mạnh.", "list", {"kind": "term"}),
    ]


LIST_HEADING_PAGE = """Mục tiêu cụ thể đến năm 2030, tỷ lệ trường mầm non tư thục đạt 30%; giáo viên mầm non đạt chuẩn trình độ.

Đối với giáo dục phổ thông, duy trì vững chắc kết quả phổ cập; 75% các tỉnh đạt chuẩn phổ cập mức độ 3.

Phát triển hệ thống giáo dục mở, bảo đảm công bằng trong tiếp cận giáo dục.
"""


def test_a_list_heading_goes_on_through_the_paragraphs_that_go_on_with_numbers(extract_text):
    found = _targets(extract_text(LIST_HEADING_PAGE, "giao-duc.txt"))
    assert [t[0] for t in found] == [
        "tỷ lệ trường mầm non tư thục đạt 30%",
        "giáo viên mầm non đạt chuẩn trình độ.",
        "Đối với giáo dục phổ thông, duy trì vững chắc kết quả phổ cập",
        "75% các tỉnh đạt chuẩn phổ cập mức độ 3.",
    ]
    assert {t[2]["year"] for t in found} == {2030}


PLAN = """KẾ HOẠCH

I. MỤC TIÊU

1. Mục tiêu tổng quát

- Tài nguyên biển được khai thác hợp lý, sử dụng hiệu quả.

2. Mục tiêu cụ thể

- Về môi trường, ứng phó với biến đổi khí hậu:

+ 100% chất thải rắn sinh hoạt được thu gom, xử lý.

- Các sản phẩm trái cây: Thị trường định hướng xuất khẩu: Trung Quốc, Úc, Nhật Bản.

II. NỘI DUNG THỰC HIỆN

1. Sở Y tế

a) Chủ trì, phối hợp với Ủy ban nhân dân xã, phường tăng cường kiểm tra, cụ thể: Phấn đấu tỷ lệ nam, nữ thanh niên được tư vấn trước khi kết hôn đạt 90%.
"""


def test_topics_general_aims_and_sub_headings_are_no_items(extract_text):
    result = extract_text(PLAN, "ke-hoach.txt")
    texts = [t["text"] for t in result["targets"]]
    assert "100% chất thải rắn sinh hoạt được thu gom, xử lý." in texts
    assert not any("Tài nguyên biển" in t or "Về môi trường" in t or "Trung Quốc" in t for t in texts)
    assert any(r["verdict"] == "no-commitment" and "Trung Quốc" in r["text"] for r in result["rejected"])


def test_a_heading_that_names_a_body_leads_what_stands_under_it(extract_text):
    result = extract_text(PLAN, "ke-hoach.txt")
    t = next(t for t in result["targets"] if t["value"] == 90.0)
    assert [b["text"] for b in t["responsible"]["lead"]] == ["Sở Y tế"]
    assert [b["text"] for b in t["responsible"]["support"]] == ["Ủy ban nhân dân xã, phường"]
