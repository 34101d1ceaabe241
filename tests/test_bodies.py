"""Responsible bodies: gazetteer matching, spellings, canonical names and ids."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from pipeline.nlp.bodies import canonical_body, find_bodies, slug
from pipeline.normalize import compare_key
from pipeline.readers import read

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ["ha-dong-18-ctr-2026", "thai-tan-ctr-2025"]


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        (
            "Giao cho Uỷ ban nhân dân xã Thái Tân chủ trì thực hiện.",
            [("Uỷ ban nhân dân xã Thái Tân", "ubnd-xa")],
        ),
        (
            "phối hợp với Phòng Văn hoá - Xã hội, Trung tâm Văn hoá, Thể thao & Truyền thông",
            [
                ("Phòng Văn hoá - Xã hội", "phong-van-hoa-xa-hoi"),
                ("Trung tâm Văn hoá, Thể thao & Truyền thông", "trung-tam-van-hoa-the-thao-va-truyen-thong"),
            ],
        ),
        ("Người chủ trì: Đồng chí Bí thư Đảng uỷ.", [("Đồng chí Bí thư Đảng uỷ", "bi-thu-dang-uy")]),
        ("báo cáo Ban Thường vụ Thành uỷ", [("Ban Thường vụ Thành uỷ", "ban-thuong-vu-thanh-uy")]),
        (
            "của BCH Đảng bộ thành phố Hải Phòng về",
            [("BCH Đảng bộ thành phố Hải Phòng", "ban-chap-hanh-dang-bo-thanh-pho")],
        ),
        ("Ủy ban MTTQVN xã và các đoàn thể", [("Ủy ban MTTQVN xã", "uy-ban-mttq-viet-nam-xa")]),
        ("Ban Thường trực UBMTTQ xã", [("Ban Thường trực UBMTTQ xã", "ban-thuong-truc-uy-ban-mttq-xa")]),
        ("Văn phòng HĐND và UBND xã", [("Văn phòng HĐND và UBND xã", "van-phong-hdnd-va-ubnd-xa")]),
        (
            "Sở Nông nghiệp và Môi trường tỉnh chủ trì",
            [("Sở Nông nghiệp và Môi trường tỉnh", "so-nong-nghiep-va-moi-truong-tinh")],
        ),
        (
            "Công an xã, Ban chỉ huy Quân sự xã",
            [("Công an xã", "cong-an-xa"), ("Ban chỉ huy Quân sự xã", "ban-chi-huy-quan-su-xa")],
        ),
        # "công an" alone is not a body (it needs its level), nor is a bare post without "Đồng chí"
        ("tham gia nghĩa vụ công an nhân dân", []),
        ("Phó Chủ tịch nước", []),
        # in lower case these are common nouns: health facilities, Party cells
        ("nâng cấp cơ sở y tế và trạm y tế xã đạt chuẩn", []),
        ("các chi bộ, đảng bộ trực thuộc", []),
        # ... except collective nouns, which are written in lower case
        (
            "và các tổ chức chính trị - xã hội xã",
            [("tổ chức chính trị - xã hội xã", "to-chuc-chinh-tri-xa-hoi-xa")],
        ),
        ("Đồng chí Phó Chủ tịch phụ trách", [("Đồng chí Phó Chủ tịch", "pho-chu-tich")]),
    ],
)
def test_find_bodies(sentence: str, expected: list[tuple[str, str]]) -> None:
    assert [(m.text, m.id) for m in find_bodies(sentence)] == expected


@pytest.mark.parametrize(
    "spellings",
    [
        ["UBND xã", "Ủy ban nhân dân xã", "Uỷ ban Nhân dân xã", "ỦY BAN NHÂN DÂN XÃ"],
        ["Ủy ban MTTQ Việt Nam xã", "Uỷ ban Mặt trận Tổ quốc Việt Nam xã", "Ủy ban MTTQVN xã", "UBMTTQVN xã"],
        ["BCH Đảng bộ xã", "Ban Chấp hành Đảng bộ xã", "Ban chấp hành Đảng bộ xã"],
        ["BTV Đảng ủy", "Ban Thường vụ Đảng uỷ", "Ban Thường vụ ĐU"],
        ["Phòng Văn hoá - Xã hội", "Phòng Văn hóa-Xã hội", "Phòng VH-XH"],
        ["Trung tâm Văn hóa, Thể thao và Truyền thông", "Trung tâm Văn hoá, Thể thao & Truyền thông"],
    ],
)
def test_spellings_share_one_canonical_body(spellings: list[str]) -> None:
    bodies = [canonical_body(s) for s in spellings]
    assert all(b["id"] for b in bodies), bodies
    assert len({(b["id"], b["name"]) for b in bodies}) == 1, bodies
    assert [b["text"] for b in bodies] == spellings  # as written is kept


def test_canonical_body_outside_gazetteer_keeps_cleaned_text() -> None:
    body = canonical_body("- Ủy ban MTTQ và các đoàn thể chính trị - xã hội.")
    assert body == {
        "text": "Ủy ban MTTQ và các đoàn thể chính trị - xã hội",
        "name": "Ủy ban MTTQ và các đoàn thể chính trị - xã hội",
        "id": None,
    }


def test_slug() -> None:
    assert slug("Phòng Văn hóa - Xã hội") == "phong-van-hoa-xa-hoi"
    assert slug("Đảng ủy xã") == "dang-uy-xa"


@pytest.mark.parametrize("stem", SEEDS)
def test_offsets_slice_back_to_the_mention(stem: str) -> None:
    doc = read(ROOT / "corpus" / f"{stem}.txt")
    mentions = find_bodies(doc.text, doc.key)
    assert len(mentions) > 50
    for m in mentions:
        assert doc.text[m.start : m.end] == m.text
        assert "\t" not in m.text and "\n" not in m.text


def _gold_named_bodies(stem: str) -> set[str]:
    gold = json.loads((ROOT / "tests" / "gold" / f"{stem}.json").read_text(encoding="utf-8"))
    names = set()
    for item in gold["targets"] + gold["schemes"]:
        for role in ("lead", "advisor"):
            if item[role]:
                names.add(item[role])
    return names


@pytest.mark.parametrize("stem", SEEDS)
def test_every_gold_lead_is_a_body_found_in_its_document(stem: str) -> None:
    """Every lead and advisor of the gold that is one body is found, as written, in the text."""
    doc = read(ROOT / "corpus" / f"{stem}.txt")
    found = {compare_key(m.text) for m in find_bodies(doc.text, doc.key)}
    missing = []
    for name in _gold_named_bodies(stem):
        if " chỉ đạo " in name:  # "UBND xã chỉ đạo Phòng ... tham mưu": a sentence, not one body
            continue
        if canonical_body(name)["id"] is None or compare_key(name) not in found:
            missing.append(name)
    assert missing == []


def test_spacy_component_labels_bodies() -> None:
    import spacy

    import pipeline.nlp.bodies  # noqa: F401  (registers the factory)

    nlp = spacy.blank("vi", config={"nlp": {"tokenizer": {"use_pyvi": False}}})
    nlp.add_pipe("responsible_bodies")
    doc = nlp("Giao cho Phòng Kinh tế chủ trì, phối hợp với Công an xã thực hiện")
    assert [(e.text, e.label_, e.kb_id_) for e in doc.ents] == [
        ("Phòng Kinh tế", "BODY", "phong-kinh-te"),
        ("Công an xã", "BODY", "cong-an-xa"),
    ]
    assert len(doc.spans["bodies"]) == 2


def test_body_registry_counts_gazetteer_mentions_and_unknown_responsible_bodies() -> None:
    from pipeline.nlp.bodies import body_registry

    unknown = {"text": "Hợp tác xã Tân Phong", "name": "Hợp tác xã Tân Phong", "id": None}
    result = {
        "text": "UBND xã chủ trì; Ủy ban nhân dân xã báo cáo Đảng ủy xã. Công an xã phối hợp với Hợp tác xã Tân Phong.",
        "targets": [{"responsible": {"lead": [unknown], "advisor": [], "support": []}}],
        "schemes": [{"lead": [], "advisor": [], "support": [unknown]}],
    }
    assert body_registry(result) == [
        {"id": "ubnd-xa", "name": "Ủy ban nhân dân xã", "mentions": 2},
        {"id": "cong-an-xa", "name": "Công an xã", "mentions": 1},
        {"id": None, "name": "Hợp tác xã Tân Phong", "mentions": 1},
        {"id": "dang-uy-xa", "name": "Đảng ủy xã", "mentions": 1},
    ]
