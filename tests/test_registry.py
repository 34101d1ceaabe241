"""Body registry: one id per body across documents, whatever the spelling."""

from __future__ import annotations

from pathlib import Path

import pytest

from pipeline.registry import Registry, build_registry, canonical, expanded_key

ROOT = Path(__file__).resolve().parents[1]


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("UBND xã", "Ủy ban nhân dân xã"),
        ("Uỷ ban Nhân dân xã", "UBND xã"),
        ("Ủy ban MTTQVN xã", "Uỷ ban Mặt trận Tổ quốc Việt Nam xã"),
        ("HĐND xã", "Hội đồng nhân dân xã"),
        ("Phòng Văn hoá - Xã hội", "Phòng Văn hóa-Xã hội"),
        ("Hội Người cao tuổi xã", "hội người cao tuổi xã."),  # not in the gazetteer: derived id
        ("Ban TT UBMTTQ xã", "Ban Thường trực UBMTTQ xã"),
    ],
)
def test_spellings_of_one_body_share_an_id(a, b):
    assert canonical(a)[0] == canonical(b)[0]


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("UBND xã", "HĐND xã"),
        ("Phòng Kinh tế", "Phòng Văn hóa - Xã hội"),
        ("Hội Nông dân xã", "Hội Phụ nữ xã"),
    ],
)
def test_different_bodies_keep_different_ids(a, b):
    assert canonical(a)[0] != canonical(b)[0]


def test_abbreviations_are_expanded_for_derived_ids():
    assert expanded_key("Các Ban TT UBND") == "ban thường trực ủy ban nhân dân"


def test_registry_keeps_every_spelling_and_counts_roles():
    reg = Registry()
    result = {
        "document": {"id": "doc-a"},
        "bodies": [{"text": "UBND xã", "name": "Ủy ban nhân dân xã", "id": "ubnd-xa", "mentions": 3}],
        "targets": [
            {
                "responsible": {
                    "lead": [{"text": "Uỷ ban Nhân dân xã"}],
                    "advisor": [],
                    "support": ["Công an xã"],
                }
            },
        ],
        "schemes": [{"lead": [{"text": "UBND xã"}], "advisor": [], "support": []}],
    }
    reg.add_result(result)
    rows = {r["body_id"]: r for r in reg.rows()}
    ubnd = rows[canonical("UBND xã")[0]]
    assert ubnd["variants"] == ["UBND xã", "Uỷ ban Nhân dân xã"]
    assert ubnd["mentions"] == 3 and ubnd["targets_lead"] == 1 and ubnd["documents"] == ["doc-a"]
    assert rows[canonical("Công an xã")[0]]["targets_support"] == 1


def test_bodies_named_in_both_seeds_meet_in_one_record():
    from pipeline.extract import extract_file

    results = [extract_file(p) for p in sorted((ROOT / "corpus").glob("*.txt"))]
    rows = build_registry(results).rows()
    ids = [r["body_id"] for r in rows]
    assert len(ids) == len(set(ids))
    shared = [r for r in rows if len(r["documents"]) == len(results)]
    assert shared, "no body appears in every seed"
    for r in shared:
        assert len({canonical(v)[0] for v in r["variants"]}) == 1
