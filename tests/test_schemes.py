"""Schemes (Đề án, Kế hoạch): prose sections and appendix-table rows, with who is responsible."""

from __future__ import annotations

from pathlib import Path

import pytest

from pipeline.model import RawBlock, RawCell, RawDocument, SourceInfo
from pipeline.normalize import canonicalize, compare_key
from pipeline.readers import read
from pipeline.schemes import extract_schemes
from pipeline.structure import build_outline

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ["ha-dong-18-ctr-2026", "thai-tan-ctr-2025"]


def texts(bodies: list[dict]) -> list[str]:
    return [compare_key(b["text"]).rstrip(".") for b in bodies]


def gold_texts(value: str | list[str] | None) -> list[str]:
    values = [value] if isinstance(value, str) else (value or [])
    return [compare_key(v).rstrip(".") for v in values]


@pytest.mark.parametrize("suffix", [".txt", ".docx"])
@pytest.mark.parametrize("stem", SEEDS)
def test_seed_schemes_match_gold(stem: str, suffix: str, read_gold) -> None:
    doc = read(ROOT / "corpus" / f"{stem}{suffix}")
    gold = read_gold(stem)["schemes"]
    got = extract_schemes(doc, build_outline(doc))
    assert len(got) == len(gold)
    for g, s in zip(gold, got, strict=True):
        # the gold writes prose scheme names without their "Đề án “...”" wrapper
        assert compare_key(g["name"]).rstrip(".") in compare_key(s["name"])
        assert texts(s["lead"]) == gold_texts(g["lead"])
        assert texts(s["advisor"]) == gold_texts(g["advisor"])
        assert texts(s["support"]) == gold_texts(g["support"])
        assert compare_key(s["timeline"]) == compare_key(g["timeline"])
        assert s["objective"]
        src = s["source"]
        assert doc.text[src["start"] : src["end"]].find(s["name"][:20]) >= 0


def test_scheme_ids_and_sections() -> None:
    doc = read(ROOT / "corpus" / "ha-dong-18-ctr-2026.txt")
    got = extract_schemes(doc, build_outline(doc))
    assert [s["id"] for s in got[:3]] == ["s01", "s02", "s03"]
    assert got[0]["section"].endswith("I.1") and got[-1]["section"].endswith("III.2")
    assert got[4]["lead"][0] == {"text": "UBND xã", "name": "Ủy ban nhân dân xã", "id": "ubnd-xa"}


def _cells(row: int, texts: list[str]) -> list[RawCell]:
    return [RawCell(text=t, row=row, col=i) for i, t in enumerate(texts)]


def test_appendix_table_with_other_headers() -> None:
    header = [
        "TT",
        "Tên đề án",
        "Mục tiêu, yêu cầu",
        "Tiến độ",
        "Đơn vị chủ trì",
        "Cơ quan tham mưu",
        "Đơn vị phối hợp",
    ]
    rows = [
        _cells(0, header),
        [RawCell(text="A. LĨNH VỰC KINH TẾ", row=1, col=0, colspan=7)],
        _cells(
            1,
            [
                "1",
                "Đề án phát triển du lịch cộng đồng",
                "Đón 10.000 lượt khách/năm",
                "2026 - 2028",
                "UBND xã",
                "Phòng Kinh tế",
                "- Hội Nông dân xã - Hội Liên hiệp Phụ nữ xã",
            ],
        ),
        _cells(2, ["", "giai đoạn 2026 - 2030", "vào năm 2030", "", "", "", ""]),  # continuation row
    ]
    raw = RawDocument(
        source=SourceInfo(path="made-up.txt", format="txt", sha256="0" * 64),
        blocks=[
            RawBlock(kind="heading", text="PHỤ LỤC", label=None),
            RawBlock(kind="table", rows=rows, header_rows=1),
        ],
    )
    doc = canonicalize(raw)
    [s] = extract_schemes(doc, build_outline(doc))
    assert s["name"] == "Đề án phát triển du lịch cộng đồng giai đoạn 2026 - 2030"
    assert s["objective"] == "Đón 10.000 lượt khách/năm vào năm 2030"
    assert s["timeline"] == "2026 - 2028"
    assert [b["id"] for b in s["lead"] + s["advisor"]] == ["ubnd-xa", "phong-kinh-te"]
    assert [b["text"] for b in s["support"]] == ["Hội Nông dân xã", "Hội Liên hiệp Phụ nữ xã"]
    assert s["section"].endswith("A.1")


def test_a_table_without_role_columns_is_not_a_scheme_table() -> None:
    rows = [
        _cells(0, ["TT", "Chỉ tiêu", "Đơn vị tính", "Năm 2030"]),
        _cells(1, ["1", "Thu ngân sách", "tỷ đồng", "50"]),
    ]
    raw = RawDocument(
        source=SourceInfo(path="made-up.txt", format="txt", sha256="0" * 64),
        blocks=[RawBlock(kind="table", rows=rows, header_rows=1)],
    )
    doc = canonicalize(raw)
    assert extract_schemes(doc, build_outline(doc)) == []


def test_schemes_listed_as_items_of_a_schemes_section() -> None:
    blocks = [
        ("heading", "III. CÁC ĐỀ ÁN, KẾ HOẠCH TRỌNG TÂM"),
        (
            "list_item",
            "- Đề án phát triển du lịch cộng đồng giai đoạn 2026 - 2030 (Giao UBND xã chủ trì, "
            "phối hợp với Hội Nông dân xã thực hiện).",
        ),
        ("list_item", "- Kế hoạch chuyển đổi số xã đến năm 2028."),
        ("list_item", "- Tăng cường công tác tuyên truyền."),  # a task, not a scheme
        ("heading", "IV. TỔ CHỨC THỰC HIỆN"),
        ("list_item", "- Kế hoạch kiểm tra, giám sát hằng năm."),  # outside the schemes section
    ]
    raw = RawDocument(
        source=SourceInfo(path="made-up.txt", format="txt", sha256="0" * 64),
        blocks=[RawBlock(kind=k, text=t) for k, t in blocks],
    )
    doc = canonicalize(raw)
    got = extract_schemes(doc, build_outline(doc))
    assert [(s["name"], s["timeline"], s["section"]) for s in got] == [
        ("Đề án phát triển du lịch cộng đồng giai đoạn 2026 - 2030", "giai đoạn 2026 - 2030", "III"),
        ("Kế hoạch chuyển đổi số xã đến năm 2028", "đến năm 2028", "III"),
    ]
    assert [b["id"] for b in got[0]["lead"] + got[0]["support"]] == ["ubnd-xa", "hoi-nong-dan-xa"]
