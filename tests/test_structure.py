"""The outline: section paths by numbering scheme, kinds from the cue table, spans."""

from __future__ import annotations

from pathlib import Path

import pytest

from pipeline.model import RawBlock, RawCell, RawDocument, SourceInfo
from pipeline.normalize import canonicalize
from pipeline.readers import read
from pipeline.structure import (
    build_outline,
    label_readings,
    parse_label,
    section_path_at,
    standalone_path,
    title_kind,
)

CORPUS = Path(__file__).resolve().parent.parent / "corpus"


@pytest.fixture(scope="module")
def thai_tan():
    doc = read(CORPUS / "thai-tan-ctr-2025.txt")
    return doc, build_outline(doc)


@pytest.fixture(scope="module")
def ha_dong():
    doc = read(CORPUS / "ha-dong-18-ctr-2026.txt")
    return doc, build_outline(doc)


def _by_path(outline, path):
    matches = [s for s in outline.sections if s.path == path]
    assert matches, f"no section {path}"
    return matches[0]


def _children(outline, section):
    return [outline.sections[i].path for i in section.children]


def _doc(*texts: str):
    """A small document: one block per text (kind and label left to the outline)."""
    blocks = [RawBlock(kind="paragraph", text=t) for t in texts]
    raw = RawDocument(source=SourceInfo(path="synthetic.txt", format="txt", sha256="0" * 64), blocks=blocks)
    return canonicalize(raw)


# --- labels ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "label", "scheme", "value"),
    [
        ("A. MỤC ĐÍCH, YÊU CẦU", "A.", "upper_alpha", 1),
        ("III. NHIỆM VỤ CHỦ YẾU", "III.", "roman", 3),
        ("2. Các chỉ tiêu chủ yếu", "2.", "decimal", 2),
        ("1.6.1. Về hoạt động của Hội đồng nhân dân", "1.6.1.", "decimal", 1),
        ("3.2 Các chỉ tiêu phát triển", "3.2", "decimal", 2),
        ("(14) Hằng năm hoàn thành 100% chỉ tiêu", "(14)", "paren_number", 14),
        ("b) Giá trị sản xuất", "b)", "alpha_paren", 2),
        ("đ) Khu vực dịch vụ", "đ)", "alpha_paren", 5),
        ("- Khu vực dịch vụ tăng 8,8%.", "-", "bullet", 0),
        ("Chương II NHIỆM VỤ", "Chương II", "chapter", 2),
        ("Điều 3. Tổ chức thực hiện", "Điều 3.", "article", 3),
        ("c. Về văn hóa", "c.", "alpha_dot", 3),
    ],
)
def test_labels_are_read_from_the_start_of_the_text(text, label, scheme, value):
    found = parse_label(text)
    assert (found.text, found.scheme, found.value) == (label, scheme, value)


@pytest.mark.parametrize(
    "text",
    [
        "100% số tổ chức đảng trực thuộc được kiểm tra",
        "2025 - 2030 đã đề ra.",
        "18 và 19 tháng 8 năm 2025",
        "(Có Phụ lục kèm theo)",
        "1.988 người tham gia",
        "Hằng năm, tỷ lệ giải ngân đạt 100%.",
    ],
)
def test_text_that_is_not_numbered(text):
    assert parse_label(text) is None


def test_one_letter_reads_as_letter_and_roman():
    assert {(r.scheme, r.value) for r in label_readings("C. TỔ CHỨC THỰC HIỆN")} == {
        ("roman", 100),
        ("upper_alpha", 3),
    }


# --- nesting by numbering scheme (synthetic) --------------------------------


@pytest.mark.parametrize(
    ("texts", "paths"),
    [
        pytest.param(
            [
                "A. Mục đích",
                "I. Chung",
                "1. Một",
                "1.1. Một một",
                "(1) Chỉ tiêu",
                "(2) Chỉ tiêu",
                "1.2. Một hai",
                "2. Hai",
                "II. Riêng",
                "B. Nội dung",
                "C. Tổ chức",
                "I. Ban",
            ],
            [
                "A",
                "A.I",
                "A.I.1",
                "A.I.1.1",
                "A.I.1.1.(1)",
                "A.I.1.1.(2)",
                "A.I.1.2",
                "A.I.2",
                "A.II",
                "B",
                "C",
                "C.I",
            ],
            id="letters-romans-decimals-items",
        ),
        pytest.param(
            [
                "I. Mục tiêu",
                "1. Mục tiêu",
                "2. Các chỉ tiêu",
                "3.1. Chỉ tiêu Đảng",
                "(1) Một",
                "3.2. Chỉ tiêu kinh tế",
                "(1) Một",
                "II. Nhiệm vụ",
            ],
            ["I", "I.1", "I.2", "I.2.3.1", "I.2.3.1.(1)", "I.2.3.2", "I.2.3.2.(1)", "II"],
            id="sub-numbers-of-a-missing-parent-nest-under-the-current-one",
        ),
        pytest.param(
            ["I. Một", "II. Hai", "III. Nhiệm vụ", "1. Việc", "III. Nguồn lực", "IV. Tổ chức"],
            ["I", "II", "III", "III.1", "III", "IV"],
            id="repeated-roman-is-a-sibling",
        ),
        pytest.param(
            ["1. Kinh tế", "a) Nông nghiệp", "b) Công nghiệp", "2. Xã hội", "a) Giáo dục"],
            ["1", "1.a)", "1.b)", "2", "2.a)"],
            id="lettered-items",
        ),
        pytest.param(
            ["2. Các chỉ tiêu", "2.1. Chỉ tiêu Đảng", "1. Tỷ lệ", "2. Số", "2.2. Chỉ tiêu kinh tế", "1. Thu"],
            ["2", "2.1", "2.1.1", "2.1.2", "2.2", "2.2.1"],
            id="plain-numbers-restarted-under-a-sub-heading-nest",
        ),
        pytest.param(
            ["I. Chỉ tiêu", "1. Kinh tế", "(1) Thu", "(2) Chi", "2. Xã hội", "(1) Dân số", "II. Nhiệm vụ"],
            ["I", "I.1", "I.1.(1)", "I.1.(2)", "I.2", "I.2.(1)", "II"],
            id="headings-never-nest-under-items",
        ),
        pytest.param(
            ["1. Kinh tế", "(1) Thu", "(2) Chi", "Trong đó:", "(1) Nông nghiệp"],
            ["1", "1.(1)", "1.(2)", "1.(1)"],
            id="a-restarted-item-list-stays-a-sibling",
        ),
        pytest.param(
            ["1. Kinh tế", "- tăng 6%", "- tăng 12%", "2. Xã hội"],
            ["1", "2"],
            id="bullets-are-not-sections",
        ),
        pytest.param(
            [
                "Căn cứ Nghị quyết",
                "I. Mục đích",
                "Nơi nhận:",
                "- Lưu VP.",
                "T/M BAN CHẤP HÀNH",
                "PHỤ LỤC",
                "I. NHÓM ĐỀ ÁN",
            ],
            ["preamble", "I", "Nơi nhận", "PHỤ LỤC", "PHỤ LỤC.I"],
            id="preamble-closing-appendix",
        ),
    ],
)
def test_sections_nest_by_numbering_scheme(texts, paths):
    assert [s.path for s in build_outline(_doc(*texts)).sections] == paths


def test_closing_in_a_signature_table_opens_the_closing_section():
    raw = RawDocument(
        source=SourceInfo(path="synthetic.docx", format="docx", sha256="0" * 64),
        blocks=[
            RawBlock(kind="heading", text="IV. TỔ CHỨC THỰC HIỆN"),
            RawBlock(kind="paragraph", text="Các cơ quan triển khai thực hiện."),
            RawBlock(
                kind="table",
                rows=[
                    [
                        RawCell(text="Nơi nhận:", row=0, col=0),
                        RawCell(text="T/M BAN CHẤP HÀNH", row=0, col=1),
                    ],
                    [RawCell(text="- Lưu VP.", row=1, col=0), RawCell(text="BÍ THƯ", row=1, col=1)],
                ],
            ),
        ],
    )
    outline = build_outline(canonicalize(raw))
    assert [(s.path, s.kind) for s in outline.sections] == [("IV", "organisation"), ("Nơi nhận", "closing")]


@pytest.mark.parametrize(
    ("text", "path"),
    [("PHỤ LỤC", "PHỤ LỤC"), ("PHỤ LỤC II CÁC ĐỀ ÁN", "PHỤ LỤC II"), ("Nơi nhận:", "Nơi nhận")],
)
def test_unnumbered_top_level_paths(text, path):
    assert standalone_path(text) == path


def test_every_block_lies_in_its_section_span():
    doc = _doc("I. Mục tiêu", "Đoạn văn.", "1. Chỉ tiêu", "(1) Một.", "- chi tiết", "II. Nhiệm vụ", "Đoạn.")
    outline = build_outline(doc)
    assert section_path_at(outline, doc.blocks[4].start) == "I.1.(1)"
    assert section_path_at(outline, doc.blocks[1].start) == "I"
    assert _by_path(outline, "I").end == doc.blocks[4].end
    assert _by_path(outline, "II").end == doc.blocks[-1].end


# --- section kinds -----------------------------------------------------------


@pytest.mark.parametrize(
    ("title", "kind"),
    [
        ("Các chỉ tiêu chủ yếu", "target_list"),
        ("Chỉ tiêu xây dựng Đảng và chính quyền:", "target_list"),
        ("Thực hiện các chỉ tiêu chủ yếu của nhiệm kỳ", "assignment"),
        ("Giao cho Phòng Kinh tế chủ trì, phối hợp với ... thực hiện các chỉ tiêu sau:", "assignment"),
        ("NHIỆM VỤ CHỦ YẾU", "tasks"),
        ("Nhiệm vụ, giải pháp trọng tâm", "tasks"),
        ("Một số Đề án, Kế hoạch thực hiện trong nhiệm kỳ 2025 - 2030", "schemes"),
        ("Triển khai xây dựng và tổ chức thực hiện các Đề án trọng tâm", "schemes"),
        ("Triển khai thực hiện một số công trình trọng điểm", "key_works"),
        ("Các khâu đột phá và công trình trọng điểm", "breakthroughs"),
        ("TỔ CHỨC THỰC HIỆN", "organisation"),
        ("MỤC ĐÍCH, YÊU CẦU", "purpose"),
        ("Mục tiêu chung đến năm 2030", "objectives"),
        ("NGUỒN LỰC THỰC HIỆN", "resources"),
        ("Mục tiêu cụ thể đến năm 2030", "target_list"),
        ("Phân công thực hiện", "organisation"),
        ("Phân công thực hiện các chỉ tiêu", "assignment"),
        # cues must head the title: a task about resources is not a resources section
        ("Tăng cường kỷ cương thu, chi ngân sách; huy động và sử dụng có hiệu quả các nguồn lực", None),
        ("Xây dựng Đảng bộ đáp ứng yêu cầu, nhiệm vụ", None),
        ("Về kinh tế", None),
    ],
)
def test_title_kind_from_the_cue_table(title, kind):
    assert title_kind(title) == kind


def test_kind_is_inherited_and_giao_cho_paragraph_makes_an_assignment():
    doc = _doc(
        "V. Thực hiện các chỉ tiêu",
        "1. Về kinh tế",
        "Giao cho Phòng Kinh tế chủ trì ... thực hiện các chỉ tiêu sau:",
        "(1) Thu ngân sách đạt kế hoạch.",
        "II. Nhiệm vụ",
        "1. Về kinh tế",
        "Tăng cường thu ngân sách.",
    )
    kinds = {s.path: s.kind for s in build_outline(doc).sections}
    assert kinds == {
        "V": "assignment",
        "V.1": "assignment",
        "V.1.(1)": "assignment",
        "II": "tasks",
        "II.1": "tasks",
    }


# --- the seeds ---------------------------------------------------------------

THAI_TAN_SECTIONS = [
    ("preamble", "preamble"),
    ("A", "purpose"),
    ("A.II", "purpose"),
    ("B.I.1", "objectives"),
    ("B.I.2", "target_list"),
    ("B.I.2.1", "target_list"),
    ("B.I.2.2", "target_list"),
    ("B.I.2.2.(14)", "target_list"),
    ("B.I.3", "breakthroughs"),
    ("B.II", "tasks"),
    ("B.II.1.8", "tasks"),
    ("B.II.2.7", "tasks"),
    ("B.III", "schemes"),
    ("B.III.5.3", "schemes"),
    ("B.IV", "key_works"),
    ("B.IV.1.(5)", "key_works"),
    ("B.V", "assignment"),
    ("B.V.1.1", "assignment"),
    ("B.V.1.1.(3)", "assignment"),
    ("B.V.2.(6)", "assignment"),
    ("B.V.3.2.(11)", "assignment"),
    ("B.V.4.2", "assignment"),
    ("B.V.5", "assignment"),
    ("C", "organisation"),
    ("C.VI", "organisation"),
    ("Nơi nhận", "closing"),
]


@pytest.mark.parametrize(("path", "kind"), THAI_TAN_SECTIONS)
def test_thai_tan_sections(thai_tan, path, kind):
    _, outline = thai_tan
    assert _by_path(outline, path).kind == kind


def test_thai_tan_target_lists_hold_their_items(thai_tan):
    _, outline = thai_tan
    assert _children(outline, _by_path(outline, "B.I.2.1")) == [f"B.I.2.1.({i})" for i in range(1, 8)]
    assert len(_children(outline, _by_path(outline, "B.I.2.2"))) == 14
    assert _children(outline, _by_path(outline, "B.V.1")) == ["B.V.1.1", "B.V.1.2", "B.V.1.3"]
    assert _children(outline, _by_path(outline, "B.V.3.2")) == [f"B.V.3.2.({i})" for i in range(1, 12)]


def test_thai_tan_top_level_and_unique_paths(thai_tan):
    _, outline = thai_tan
    top = [s.path for s in outline.sections if s.parent is None]
    assert top == ["preamble", "A", "B", "C", "Nơi nhận"]
    paths = [s.path for s in outline.sections]
    assert len(paths) == len(set(paths))


def test_thai_tan_bullets_belong_to_their_numbered_item(thai_tan):
    doc, outline = thai_tan
    pos = doc.text.index("Giá trị dịch vụ thương mại tăng bình quân 12,0%/năm")
    assert section_path_at(outline, pos) == "B.I.2.2.(2)"


def test_thai_tan_assignment_without_item_numbers(thai_tan):
    doc, outline = thai_tan
    pos = doc.text.index("100% số tổ chức đảng trực thuộc được kiểm tra")
    section = outline.section_at(pos)
    assert (section.path, section.kind) == ("B.V.1.2", "assignment")
    assert section.title.startswith("Giao cho Uỷ ban Kiểm tra Đảng uỷ chủ trì")


HA_DONG_SECTIONS = [
    ("I", "purpose"),
    ("I.2", "purpose"),
    ("II", "objectives"),
    ("II.1", "objectives"),
    ("II.2", "target_list"),
    ("II.2.3.1", "target_list"),
    ("II.2.3.1.(8)", "target_list"),
    ("II.2.3.2.(18)", "target_list"),
    ("III.1.6.1", "tasks"),
    ("III.3.2.2", "tasks"),
    ("III.5.1", "breakthroughs"),
    ("III.5.2", "key_works"),
    ("III.5.2.(6)", "key_works"),
    ("III.6", "schemes"),
    ("IV", "organisation"),
    ("IV.8", "organisation"),
    ("Nơi nhận", "closing"),
    ("PHỤ LỤC", "appendix"),
]


@pytest.mark.parametrize(("path", "kind"), HA_DONG_SECTIONS)
def test_ha_dong_sections(ha_dong, path, kind):
    _, outline = ha_dong
    assert _by_path(outline, path).kind == kind


def test_ha_dong_misnumbered_target_lists_nest_under_2(ha_dong):
    _, outline = ha_dong
    assert _children(outline, _by_path(outline, "II.2")) == ["II.2.3.1", "II.2.3.2"]
    assert len(_children(outline, _by_path(outline, "II.2.3.2"))) == 18


def test_ha_dong_repeated_III_is_a_second_top_level_section(ha_dong):
    _, outline = ha_dong
    threes = [s for s in outline.sections if s.path == "III"]
    assert [(s.title, s.kind) for s in threes] == [
        ("NHIỆM VỤ CHỦ YẾU", "tasks"),
        ("NGUỒN LỰC THỰC HIỆN", "resources"),
    ]
    top = [s.path for s in outline.sections if s.parent is None]
    assert top == ["preamble", "I", "II", "III", "III", "IV", "Nơi nhận", "PHỤ LỤC"]


def test_ha_dong_appendix_table_lies_in_the_appendix(ha_dong):
    doc, outline = ha_dong
    table = next(b for b in doc.blocks if b.kind == "table")
    assert section_path_at(outline, table.start) == "PHỤ LỤC"
    assert _by_path(outline, "PHỤ LỤC").end == doc.blocks[-1].end


@pytest.mark.parametrize("seed", ["thai_tan", "ha_dong"])
def test_spans_nest_and_start_at_their_heading(seed, request):
    doc, outline = request.getfixturevalue(seed)
    for s in outline.sections:
        heading = doc.blocks[s.heading_block]
        assert s.start == heading.start <= heading.end <= s.end
        if s.parent is not None:
            parent = outline.sections[s.parent]
            assert parent.start <= s.start and s.end <= parent.end
            assert s.level == parent.level + 1
        assert s.label == "" or heading.text.startswith(s.label)


@pytest.mark.parametrize("seed", ["thai_tan", "ha_dong"])
def test_sections_come_in_document_order(seed, request):
    _, outline = request.getfixturevalue(seed)
    starts = [s.start for s in outline.sections]
    assert starts == sorted(starts)
    for i, s in enumerate(outline.sections):
        assert all(outline.sections[c].parent == i for c in s.children)


@pytest.mark.parametrize(
    ("title", "kind"),
    [
        ("Đánh giá kết quả thực hiện Nghị quyết nhiệm kỳ 2020 - 2025", "review"),
        ("Kết quả thực hiện các chỉ tiêu chủ yếu nhiệm kỳ qua", "review"),
        ("Hạn chế, nguyên nhân", "review"),
        ("Các chỉ tiêu chủ yếu đến năm 2030", "target_list"),
    ],
)
def test_a_review_of_the_past_term_is_its_own_kind(title, kind):
    assert title_kind(title) == kind
