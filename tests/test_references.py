"""Cited documents: type, number, ISO date and issuer; their spans for the target finder."""

from __future__ import annotations

from pathlib import Path

import pytest

from pipeline.model import RawBlock, RawDocument, SourceInfo
from pipeline.nlp.references import find_citations, find_references, parse_vn_date, reference_spans
from pipeline.normalize import canonicalize
from pipeline.readers import read

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ["ha-dong-18-ctr-2026", "thai-tan-ctr-2025"]


def make_doc(*paragraphs: str):
    raw = RawDocument(
        source=SourceInfo(path="made-up.txt", format="txt", sha256="0" * 64),
        blocks=[RawBlock(kind="paragraph", text=p, page=1) for p in paragraphs],
    )
    return canonicalize(raw)


@pytest.mark.parametrize(
    ("sentence", "type_", "number", "date", "issuer"),
    [
        (
            "theo Nghị quyết số 57-NQ/TW ngày 22/12/2024 của Bộ Chính trị về",
            "Nghị quyết",
            "57-NQ/TW",
            "2024-12-22",
            "Bộ Chính trị",
        ),
        (
            "Chỉ thị 50 -CT/TW, ngày 23/7/2025 của Ban Bí thư về",
            "Chỉ thị",
            "50-CT/TW",
            "2025-07-23",
            "Ban Bí thư",
        ),
        (
            "Kết luận số 21-KL/TW, ngày 25/10/2021 của Ban Chấp hành Trung ương (khóa XIII) và",
            "Kết luận",
            "21-KL/TW",
            "2021-10-25",
            "Ban Chấp hành Trung ương (khóa XIII)",
        ),
        (
            "Nghị quyết số 29-NQ/TW, ngày 04/11/2013 của Ban Chấp hành Trung ương Đảng khoá XI “Về",
            "Nghị quyết",
            "29-NQ/TW",
            "2013-11-04",
            "Ban Chấp hành Trung ương Đảng khoá XI",
        ),
        (
            "Kế hoạch số 12-KH/HU ngày 5 tháng 6 năm 2025 của Ban Thường vụ Huyện ủy",
            "Kế hoạch",
            "12-KH/HU",
            "2025-06-05",
            "Ban Thường vụ Huyện ủy",
        ),
        (
            "Nghị định số 45/2020/NĐ-CP ngày 08/4/2020 của Chính phủ về",
            "Nghị định",
            "45/2020/NĐ-CP",
            "2020-04-08",
            "Chính phủ",
        ),
        (
            "Quyết định số 1234/QĐ-UBND ngày 01/02/2024 của UBND tỉnh Thái Bình",
            "Quyết định",
            "1234/QĐ-UBND",
            "2024-02-01",
            "UBND tỉnh Thái Bình",
        ),
        ("Luật số 12/2022/QH15 về", "Luật", "12/2022/QH15", None, None),
        ("thực hiện Đề án 06 của Chính phủ gắn với", "Đề án", "06", None, "Chính phủ"),
        (
            "Chương trình hành động số 09-CTr/ĐU ngày 03/11/2025 thực hiện",
            "Chương trình hành động",
            "09-CTr/ĐU",
            "2025-11-03",
            None,
        ),
    ],
)
def test_citation(sentence: str, type_: str, number: str, date: str | None, issuer: str | None) -> None:
    [c] = find_citations(sentence)
    assert (c.type, c.number, c.date, c.issuer) == (type_, number, date, issuer)


@pytest.mark.parametrize(
    "sentence",
    [
        "Kế hoạch 5 năm 2026 - 2030",  # a plan's period, not its number
        "Nghị quyết Đại hội đại biểu Đảng bộ xã lần thứ I nhiệm kỳ 2025-2030",  # no number
        "thực hiện 26 chỉ tiêu chủ yếu",
    ],
)
def test_not_a_citation(sentence: str) -> None:
    assert find_citations(sentence) == []


@pytest.mark.parametrize(
    ("text", "iso"),
    [
        ("ngày 31 tháng 3 năm 2026", "2026-03-31"),
        ("ngày 07/01/2026", "2026-01-07"),
        ("ngày 31/02/2026", None),
    ],
)
def test_parse_vn_date(text: str, iso: str | None) -> None:
    assert parse_vn_date(text) == iso


def test_one_reference_per_number_keeping_the_dated_mention_and_not_the_document_itself() -> None:
    doc = make_doc(
        "Thực hiện Nghị quyết số 29-NQ/TW, Kết luận số 91-KL/TW của Bộ Chính trị về tiếp tục thực hiện "
        "Nghị quyết số 29-NQ/TW, ngày 04/11/2013 của Ban Chấp hành Trung ương.",
        "PHỤ LỤC (Kèm theo Chương trình hành động số 18-CTr/ĐU ngày 31 tháng 3 năm 2026 của Đảng ủy xã)",
    )
    refs = find_references(doc)
    assert [(r["number"], r["date"], r["issuer"]) for r in refs] == [
        ("29-NQ/TW", "2013-11-04", "Ban Chấp hành Trung ương"),
        ("91-KL/TW", None, "Bộ Chính trị"),
    ]
    for r in refs:
        assert doc.text[r["source"]["start"] : r["source"]["end"]] == r["text"]
        assert r["source"]["page"] == 1


@pytest.mark.parametrize("suffix", [".txt", ".docx"])
@pytest.mark.parametrize("stem", SEEDS)
def test_seed_references_match_gold(stem: str, suffix: str, read_gold) -> None:
    doc = read(ROOT / "corpus" / f"{stem}{suffix}")
    gold = read_gold(stem)["references"]
    got = find_references(doc)
    assert [(r["number"], r["date"], r["issuer"]) for r in got] == [
        (g["number"], g["date"], g["issuer"]) for g in gold
    ]


def test_reference_spans_cover_years_and_issuers() -> None:
    doc = read(ROOT / "corpus" / "ha-dong-18-ctr-2026.txt")
    spans = reference_spans(doc)
    pos = doc.text.index("17-CTr/TU ngày 06/3/2026 của BCH Đảng bộ thành phố Hải Phòng")
    year = doc.text.index("2026", pos)
    issuer_end = doc.text.index("Hải Phòng", pos) + len("Hải Phòng")
    assert any(s <= year and issuer_end <= e for s, e in spans)
    # the document's own number is cited too, so its year is excluded from targets as well
    own = doc.text.index("18-CTr/ĐU")
    assert any(s <= own < e for s, e in spans)
