"""Consistency warnings: each names its kind, a one-line message and every place involved."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from pipeline.cli import main
from pipeline.consistency import check, headings
from pipeline.numbering import label_style as parse_label

ROOT = Path(__file__).resolve().parents[1]
HA_DONG = ROOT / "corpus" / "ha-dong-18-ctr-2026.txt"
THAI_TAN = ROOT / "corpus" / "thai-tan-ctr-2025.txt"


@pytest.fixture(scope="module")
def extracted() -> dict[str, dict]:
    from pipeline.extract import extract_file

    return {p.stem: extract_file(p) for p in (HA_DONG, THAI_TAN)}


def _of_kind(warnings: list[dict], kind: str) -> list[dict]:
    return [w for w in warnings if w["kind"] == kind]


def _quoted(result: dict, source: dict) -> str:
    return result["text"][source["start"] : source["end"]]


# --- the slips in the seeds --------------------------------------------------------------


def test_social_insurance_62_63_in_the_list_and_66_in_the_appendix(extracted):
    result = extracted[HA_DONG.stem]
    hits = [w for w in _of_kind(check(result), "inconsistent_value") if "bảo hiểm xã hội" in w["message"]]
    assert len(hits) == 1
    first, second = hits[0]["sources"]
    assert "62-63%" in _quoted(result, first) and "66%" in _quoted(result, second)
    assert "62–63%" in hits[0]["message"] and "66%" in hits[0]["message"]


def test_vision_year_1945_is_flagged_where_it_stands(extracted):
    result = extracted[HA_DONG.stem]
    hits = [w for w in check(result) if "1945" in w["message"]]
    assert [w["kind"] for w in hits] == ["deadline_before_document"]
    assert _quoted(result, hits[0]["sources"][0]).endswith("tầm nhìn đến năm 1945")


def test_sub_headings_numbered_under_the_wrong_parent(extracted):
    result = extracted[HA_DONG.stem]
    hits = _of_kind(check(result), "numbering_mismatch")
    assert len(hits) == 1
    places = [_quoted(result, s) for s in hits[0]["sources"]]
    assert places[0].startswith("2. Các chỉ tiêu chủ yếu")
    assert [p[:4] for p in places[1:]] == ["3.1.", "3.2."]


def test_repeated_roman_heading(extracted):
    result = extracted[HA_DONG.stem]
    hits = _of_kind(check(result), "numbering_repeat")
    assert any(_quoted(result, w["sources"][1]).startswith("III. NGUỒN LỰC") for w in hits)


def test_a_vision_after_its_horizon_is_not_flagged(extracted):
    result = extracted[THAI_TAN.stem]  # "giai đoạn 2021 - 2030, tầm nhìn đến năm 2050"
    assert "tầm nhìn đến năm 2050" in result["text"]
    assert not [w for w in check(result) if "2050" in w["message"]]


def test_extraction_carries_the_warnings(extracted):
    for result in extracted.values():
        kinds = {(w["kind"], w["message"]) for w in result["warnings"]}
        assert {(w["kind"], w["message"]) for w in check(result)} <= kinds


def test_every_warning_has_kind_message_and_places(extracted):
    for result in extracted.values():
        for w in check(result):
            assert w["kind"] and w["message"] and "\n" not in w["message"]
            assert w["sources"], w
            for s in w["sources"]:
                assert 0 <= s["start"] <= s["end"] <= len(result["text"])


# --- each check on small documents -----------------------------------------------------------


def _doc(targets=(), text="", outline=(), date="2026-03-31", term=(2025, 2030)) -> dict:
    return {
        "document": {"id": "x", "date": date, "term": {"start": term[0], "end": term[1]} if term else None},
        "text": text,
        "outline": list(outline),
        "targets": list(targets),
        "warnings": [],
    }


def _t(tid, value=None, low=None, high=None, unit="%", direction="level", timeframe=None, code=None, start=0):
    return {
        "id": tid,
        "text": tid,
        "indicator": "tỷ lệ dân số tham gia bảo hiểm y tế" if code is None else code,
        "indicator_code": code,
        "value": value,
        "low": low,
        "high": high,
        "unit": unit,
        "direction": direction,
        "timeframe": timeframe,
        "section": tid,
        "source": {"page": 1, "start": start, "end": start + 2},
    }


@pytest.mark.parametrize(
    ("a", "b", "warned"),
    [
        (_t("a", 97), _t("b", 98), True),
        (_t("a", 97), _t("b", 97), False),
        (_t("a", low=62, high=63), _t("b", 66), True),
        (_t("a", low=62, high=66), _t("b", 66), False),  # overlapping
        (_t("a", 97), _t("b", 98, unit="người"), False),  # another unit: another measure
        (
            _t("a", 10, timeframe={"kind": "annual"}),
            _t("b", 50, timeframe={"kind": "by", "year": 2030}),
            False,
        ),
        (_t("a", 97, timeframe={"kind": "by", "year": 2030}), _t("b", 98, timeframe={"kind": "term"}), True),
        (_t("a", 3, timeframe={"kind": "annual"}), _t("b", 15), False),  # a yearly rate vs a total
    ],
)
def test_inconsistent_values(a, b, warned):
    hits = _of_kind(check(_doc([a, b])), "inconsistent_value")
    assert bool(hits) == warned
    if warned:
        assert [s["start"] for s in hits[0]["sources"]] == [a["source"]["start"], b["source"]["start"]]


@pytest.mark.parametrize(
    ("timeframe", "kind"),
    [
        ({"kind": "by", "year": 2024}, "deadline_before_document"),
        ({"kind": "before", "year": 2035}, "deadline_out_of_term"),
        ({"kind": "period", "start": 2020, "end": 2025}, "deadline_before_document"),
        ({"kind": "period", "start": 2021, "end": 2030}, None),  # a plan period that began earlier
        ({"kind": "by", "year": 2030}, None),
        ({"kind": "annual"}, None),
    ],
)
def test_deadlines(timeframe, kind):
    kinds = [
        w["kind"] for w in check(_doc([_t("a", 1, timeframe=timeframe)])) if w["kind"].startswith("deadline")
    ]
    assert kinds == ([kind] if kind else [])


@pytest.mark.parametrize(
    ("text", "flagged"),
    [
        ("đến năm 2030, tầm nhìn đến năm 1945", True),
        ("đến năm 2030, tầm nhìn đến năm 2030", True),
        ("đến năm 2030, tầm nhìn đến năm 2045", False),
        ("Nghị quyết ... đến năm 2020, tầm nhìn đến năm 2030", False),  # an older document cited
        ("Quyết định ... đến năm 2020, tầm nhìn đến năm 2025", False),
        ("giai đoạn 2021 - 2030, tầm nhìn đến năm 2050", False),
        ("tầm nhìn 1975", True),
    ],
)
def test_vision_years_in_the_text(text, flagged):
    hits = [w for w in check(_doc(text=text)) if "vision" in w["message"]]
    assert bool(hits) == flagged


@pytest.mark.parametrize(
    ("target", "flagged"),
    [
        (_t("a", 105), True),
        (_t("a", low=90, high=110), True),
        (_t("a", 100), False),
        (_t("a", 150, direction="increase"), False),  # a growth rate may exceed 100 %
        (_t("a", 120, direction="decrease"), True),
        (_t("a", 300, unit="triệu đồng"), False),
    ],
)
def test_percent_over_100(target, flagged):
    assert bool(_of_kind(check(_doc([target])), "percent_over_100")) == flagged


def _outline(*items):
    """Outline entries from (label, level) pairs laid out one per line."""
    text, out = "", []
    for label, level in items:
        start = len(text)
        line = f"{label} Mục {label}"
        text += line + "\n\n"
        out.append(
            {
                "path": label,
                "label": label,
                "title": f"Mục {label}",
                "kind": "other",
                "level": level,
                "start": start,
                "end": start + len(line),
                "page": 2,
            }
        )
    return text, out


@pytest.mark.parametrize(
    ("items", "expected"),
    [
        ([("1.", 2), ("(1)", 3), ("(2)", 3), ("(3)", 3)], []),
        ([("1.", 2), ("(1)", 3), ("(2)", 3), ("(4)", 3)], ["numbering_gap"]),
        ([("1.", 2), ("(1)", 3), ("(2)", 3), ("(2)", 3)], ["numbering_repeat"]),
        ([("1.", 2), ("(1)", 3), ("2.", 2), ("(1)", 3)], []),  # each list restarts under its heading
        ([("2.", 2), ("3.1.", 3), ("3.2.", 3)], ["numbering_mismatch"]),
        ([("2.", 2), ("2.1.", 3), ("2.2.", 3)], []),
        ([("I.", 1), ("II.", 1), ("II.", 1), ("IV.", 1)], ["numbering_repeat", "numbering_gap"]),
    ],
)
def test_numbering(items, expected):
    text, outline = _outline(*items)
    kinds = [w["kind"] for w in check(_doc(text=text, outline=outline)) if w["kind"].startswith("numbering")]
    assert kinds == expected


def test_numbering_without_an_outline_reads_the_paragraph_labels():
    text = "2. Các chỉ tiêu\n\n3.1. Chỉ tiêu A\n\n(1) một\n\n(3) ba"
    assert [h.label for h in headings(_doc(text=text))] == ["2.", "3.1.", "(1)", "(3)"]
    kinds = sorted(w["kind"] for w in check(_doc(text=text)))
    assert kinds == ["numbering_gap", "numbering_mismatch"]


@pytest.mark.parametrize(
    ("label", "parsed"),
    [
        ("(12)", ("paren", (12,))),
        ("3.1.", ("dotted", (3, 1))),
        ("2.", ("number", (2,))),
        ("IV.", ("roman", (4,))),
        ("B.", ("upper", (2,))),
        ("a)", ("letter", (1,))),
        ("-", None),
        ("2030", None),
    ],
)
def test_parse_label(label, parsed):
    assert parse_label(label) == parsed


@pytest.mark.parametrize(
    "result",
    [
        {},
        {"targets": None},
        {"targets": [{"timeframe": "2030"}]},
        {"outline": [{"label": None}], "text": None},
        {"document": {"date": "31/3/2026", "term": "2025-2030"}, "targets": [{"value": "97", "unit": "%"}]},
        [],
    ],
)
def test_never_raises_on_odd_input(result):
    warnings = check(result)
    assert isinstance(warnings, list)


# --- chitieu check ---------------------------------------------------------------------------


def test_cli_check_prints_the_warnings_of_a_json_output(extracted, tmp_path, capsys):
    path = tmp_path / "ha-dong.json"
    path.write_text(json.dumps(extracted[HA_DONG.stem], ensure_ascii=False), encoding="utf-8")
    assert main(["check", str(path)]) == 0
    out = capsys.readouterr().out
    assert "inconsistent_value" in out and "1945" in out and "numbering_mismatch" in out


def test_cli_check_extracts_a_source_document(capsys):
    assert main(["check", str(HA_DONG)]) == 0
    assert "1945" in capsys.readouterr().out


def test_cli_check_names_a_missing_file(tmp_path, capsys):
    assert main(["check", str(tmp_path / "nope.json")]) == 2
    err = capsys.readouterr().err.strip()
    assert "nope.json" in err and len(err.splitlines()) == 1


def test_restating_a_target_many_times_gives_the_same_warnings_as_once(extracted):
    """Values are compared per distinct statement: a thousand restatements cost no more pairs."""
    result = extracted[HA_DONG.stem]
    once = [w for w in check(result) if w["kind"] == "inconsistent_value"]
    many = {**result, "targets": result["targets"] + result["targets"] * 50}
    assert [w for w in check(many) if w["kind"] == "inconsistent_value"] == once
