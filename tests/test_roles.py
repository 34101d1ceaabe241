"""Who leads, advises and supports: prose assignments, scheme lines and table columns."""

from __future__ import annotations

from pathlib import Path

import pytest

from pipeline.nlp.roles import find_assignment, parse_scheme_roles, role_of_header, roles_from_table_row
from pipeline.normalize import compare_key
from pipeline.readers import read
from pipeline.structure import build_outline

ROOT = Path(__file__).resolve().parents[1]


def texts(bodies: list[dict]) -> list[str]:
    return [b["text"] for b in bodies]


@pytest.mark.parametrize(
    ("sentence", "lead", "support"),
    [
        (
            "Giao cho Phòng Y tế chủ trì, phối hợp với Hội Liên hiệp Phụ nữ xã, Đoàn Thanh niên và các cơ quan, "
            "đơn vị có liên quan tham mưu cho Ủy ban nhân dân xã thực hiện các chỉ tiêu sau:",
            ["Phòng Y tế"],
            ["Hội Liên hiệp Phụ nữ xã", "Đoàn Thanh niên"],
        ),
        (
            "Sở Xây dựng chủ trì, phối hợp với Sở Tài chính, Sở Nông nghiệp và Môi trường triển khai thực hiện.",
            ["Sở Xây dựng"],
            ["Sở Tài chính", "Sở Nông nghiệp và Môi trường"],
        ),
        (
            "Giao Công an xã chủ trì, phối hợp với Ban Chỉ huy Quân sự xã và các tổ chức chính trị - xã hội xã "
            "tổ chức thực hiện.",
            ["Công an xã"],
            ["Ban Chỉ huy Quân sự xã", "các tổ chức chính trị - xã hội xã"],
        ),
        (  # names protected by the gazetteer keep their commas and "và"
            "Giao cho Văn phòng HĐND và UBND chủ trì, phối hợp với Trung tâm Văn hóa, Thể thao và Truyền thông "
            "xây dựng kế hoạch.",
            ["Văn phòng HĐND và UBND"],
            ["Trung tâm Văn hóa, Thể thao và Truyền thông"],
        ),
        ("Giao cho Hội Nông dân xã chủ trì thực hiện mô hình.", ["Hội Nông dân xã"], []),
        (  # a body outside the gazetteer is kept as written
            "Giao cho Hợp tác xã Nông nghiệp Tân Phong chủ trì, phối hợp với Hội Nông dân xã thực hiện.",
            ["Hợp tác xã Nông nghiệp Tân Phong"],
            ["Hội Nông dân xã"],
        ),
    ],
)
def test_find_assignment(sentence: str, lead: list[str], support: list[str]) -> None:
    r = find_assignment(sentence)
    assert r is not None
    assert (texts(r.lead), texts(r.support), r.advisor) == (lead, support, [])


@pytest.mark.parametrize(
    "sentence",
    [
        "Tăng cường phối hợp giữa các cơ quan trong hệ thống chính trị.",
        "phân công cụ thể cơ quan, đơn vị chủ trì, phối hợp và thời gian hoàn thành.",
        "Chủ trì theo dõi, đôn đốc, tổng hợp, nắm tình hình.",
    ],
)
def test_no_assignment(sentence: str) -> None:
    assert find_assignment(sentence) is None


def test_parse_scheme_roles_reads_labels_and_wrapped_lines() -> None:
    r = parse_scheme_roles(
        [
            "- Người chủ trì: Đồng chí Chủ tịch UBND xã.",
            "- Cơ quan tham mưu: Phòng Kinh tế.",
            "- Cơ quan phối hợp thực hiện: Phòng Văn hoá - Xã hội, Văn phòng HĐND",
            "và UBND và một số cơ quan, đơn vị có liên quan.",
            "Đề án hoàn thành trong quý II/2026.",
        ]
    )
    assert texts(r.lead) == ["Đồng chí Chủ tịch UBND xã"]
    assert texts(r.advisor) == ["Phòng Kinh tế"]
    assert texts(r.support) == ["Phòng Văn hoá - Xã hội", "Văn phòng HĐND và UBND"]
    assert r.lead[0]["id"] == "chu-tich-ubnd-xa"


@pytest.mark.parametrize(
    ("header", "role"),
    [
        ("Cơ quan chủ trì", "lead"),
        ("Đơn vị chủ trì", "lead"),
        ("Cơ quan thường trực", "advisor"),
        ("Cơ quan tham mưu", "advisor"),
        ("Cơ quan phối hợp thực hiện", "support"),
        ("Cơ quan thực hiện và phối hợp", "support"),
        ("Đơn vị thực hiện", "lead"),
        ("Đơn vị phối hợp", "support"),
        ("Mục tiêu", None),
        ("Thời gian thực hiện", None),
    ],
)
def test_role_of_header(header: str, role: str | None) -> None:
    assert role_of_header(header) == role


def test_roles_from_table_row_splits_dash_items_only() -> None:
    header = ["TT", "Tên Đề án", "Cơ quan chủ trì", "Cơ quan thường trực", "Cơ quan phối hợp thực hiện"]
    row = [
        "1",
        "Kế hoạch chuyển đổi số",
        "UBND xã",
        "Phòng Văn hóa - Xã hội",
        "- Công an xã - Các chi bộ, đảng bộ, các thôn. - Ủy ban MTTQ và các đoàn thể chính trị - xã hội",
    ]
    r = roles_from_table_row(header, row)
    assert texts(r.lead) == ["UBND xã"]
    assert texts(r.advisor) == ["Phòng Văn hóa - Xã hội"]
    assert texts(r.support) == [
        "Công an xã",
        "Các chi bộ, đảng bộ, các thôn",
        "Ủy ban MTTQ và các đoàn thể chính trị - xã hội",
    ]


def test_thai_tan_assignment_sections_match_gold(read_gold) -> None:
    """Each "Giao cho X chủ trì, phối hợp với Y" section gives the gold lead and support of its targets."""
    stem = "thai-tan-ctr-2025"
    doc = read(ROOT / "corpus" / f"{stem}.txt")
    outline = build_outline(doc)
    gold = read_gold(stem)
    by_path = {s.path: s for s in outline.sections}
    checked = 0
    for t in gold["targets"]:
        if t["tier"] != "list" or not t["lead"]:
            continue
        section = by_path[t["section"].split()[0]]
        blocks = [b for b in doc.blocks if section.start <= b.start < section.end and b.kind != "table"]
        r = next(r for b in blocks if (r := find_assignment(b.text)) is not None)
        assert compare_key(r.lead[0]["text"]) == compare_key(t["lead"])
        assert [compare_key(x) for x in texts(r.support)] == [compare_key(x) for x in t["support"]]
        checked += 1
    assert checked >= 10
