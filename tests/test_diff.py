"""`chitieu diff`: align the targets of a revised program with the one it replaces."""

from __future__ import annotations

import itertools
import json
from pathlib import Path
from typing import Any

import jsonschema
import numpy as np
import pytest

from pipeline.cli import main
from pipeline.diff import (
    align,
    diff_programs,
    load_program,
    min_cost_assignment,
    render_html,
    render_markdown,
    validate_diff,
)
from pipeline.errors import DocumentError
from pipeline.normalize import compare_key

ROOT = Path(__file__).resolve().parent.parent
REVISIONS = ROOT / "tests" / "data" / "revisions"


# --- small programs built by hand, in the shape of OUTPUT_CONTRACT ------------------


def body(name: str) -> dict[str, Any]:
    return {"text": name, "name": name, "id": None}


def target(
    item: str,
    text: str,
    indicator: str,
    value=None,
    *,
    low=None,
    high=None,
    unit="%",
    comparator="=",
    direction="level",
    timeframe=None,
    lead=(),
    tier="list",
) -> dict[str, Any]:
    return {
        "item": item,
        "text": text,
        "indicator": indicator,
        "indicator_code": None,
        "sector": None,
        "value": value,
        "low": low,
        "high": high,
        "unit": unit if (value is not None or low is not None) else None,
        "comparator": "range" if low is not None else (comparator if value is not None else None),
        "direction": direction,
        "timeframe": timeframe,
        "responsible": {"lead": [body(b) for b in lead], "advisor": [], "support": []},
        "tier": tier,
    }


def program(
    sections: list[tuple[str, str, str, list[dict[str, Any]]]],
    *,
    number=None,
    date=None,
    replaces=(),
    schemes=(),
) -> dict[str, Any]:
    """sections: (path, title, kind, targets); each target becomes a numbered item under its section."""
    text, outline, targets = "", [], []
    for path, title, kind, items in sections:
        head = len(text)
        text += title + "\n\n"
        section = {
            "path": path,
            "label": path.split(".")[-1] + ".",
            "title": title,
            "kind": kind,
            "level": path.count(".") + 1,
            "start": head,
            "end": 0,
            "page": None,
        }
        outline.append(section)
        for t in items:
            t = dict(t)
            label = t.pop("item")
            line = f"{label} {t['text']}"
            start = len(text) + len(label) + 1
            text += line + "\n\n"
            outline.append(
                {
                    "path": f"{path}.{label}",
                    "label": label,
                    "title": t["text"],
                    "kind": kind,
                    "level": section["level"] + 1,
                    "start": start - len(label) - 1,
                    "end": len(text),
                    "page": None,
                }
            )
            targets.append(
                t
                | {
                    "id": f"t{len(targets) + 1:03d}",
                    "section": f"{path}.{label}",
                    "source": {"page": None, "start": start, "end": start + len(t["text"])},
                }
            )
        section["end"] = len(text)
    return {
        "schema_version": "1.0",
        "pipeline_version": "0.1.0",
        "document": {
            "id": "x",
            "source": {"path": "x.txt", "format": "txt", "sha256": "0" * 64, "pages": None},
            "title": "CHƯƠNG TRÌNH HÀNH ĐỘNG",
            "number": number,
            "date": date,
            "issuer": None,
            "place": None,
            "term": None,
            "replaces": list(replaces),
            "signer": None,
        },
        "text": text,
        "outline": outline,
        "targets": targets,
        "schemes": list(schemes),
        "references": [],
        "bodies": [],
        "warnings": [],
    }


BY_2030 = {"kind": "by", "year": 2030}
ANNUAL = {"kind": "annual"}

PARTY = [
    target(
        "(1)",
        "Phấn đấu tỷ lệ kết nạp đảng viên mới hằng năm đạt từ 3% tổng số đảng viên trở lên.",
        "tỷ lệ kết nạp đảng viên mới",
        3.0,
        comparator=">=",
        timeframe=ANNUAL,
    ),
    target(
        "(2)",
        "Tỷ lệ tổ chức đảng trực thuộc được kiểm tra, giám sát trong nhiệm kỳ 100%.",
        "tỷ lệ tổ chức đảng trực thuộc được kiểm tra, giám sát",
        100.0,
        timeframe={"kind": "term"},
    ),
    target(
        "(3)",
        "Hằng năm, tỷ lệ giải quyết thủ tục hành chính đúng hạn đạt 100%",
        "tỷ lệ giải quyết thủ tục hành chính đúng hạn",
        100.0,
        timeframe=ANNUAL,
    ),
    target(
        "(4)",
        "Đến năm 2030, tỷ lệ hồ sơ thủ tục hành chính xử lý trực tuyến đạt 85%.",
        "tỷ lệ hồ sơ thủ tục hành chính xử lý trực tuyến",
        85.0,
        timeframe=BY_2030,
    ),
]
ECONOMY = [
    target(
        "(1)",
        "Thu ngân sách nhà nước trên địa bàn tăng bình quân 10-13%/năm.",
        "thu ngân sách nhà nước trên địa bàn",
        low=10.0,
        high=13.0,
        direction="increase",
        timeframe=ANNUAL,
    ),
    target(
        "(2)",
        "Đến năm 2030, tỷ lệ dân số tham gia bảo hiểm y tế đạt từ 97% trở lên.",
        "tỷ lệ dân số tham gia bảo hiểm y tế",
        97.0,
        comparator=">=",
        timeframe=BY_2030,
    ),
    target(
        "(3)",
        "Đến năm 2030 Trạm y tế xã đạt chuẩn Quốc gia theo Bộ tiêu chí Quốc gia về y tế.",
        "Trạm y tế xã đạt chuẩn Quốc gia",
        timeframe=BY_2030,
    ),
    target(
        "(4)",
        "Hằng năm, tỷ lệ thu gom chất thải rắn sinh hoạt đạt 100%.",
        "tỷ lệ thu gom chất thải rắn sinh hoạt",
        100.0,
        timeframe=ANNUAL,
    ),
]
APPENDIX = [
    target(
        "1",
        "Hàng năm, 100% số thôn giữ vững danh hiệu văn hóa",
        "số thôn giữ vững danh hiệu văn hóa",
        100.0,
        timeframe=ANNUAL,
        lead=["Ủy ban nhân dân xã"],
    ),
    target(
        "2",
        "Đến năm 2030, tỷ lệ dân số tham gia bảo hiểm y tế đạt từ 97% trở lên",
        "tỷ lệ dân số tham gia bảo hiểm y tế",
        97.0,
        comparator=">=",
        timeframe=BY_2030,
        lead=["Ủy ban nhân dân xã"],
    ),
]
OLD_SECTIONS = [
    ("II.2.1", "Chỉ tiêu xây dựng Đảng và chính quyền", "target_list", PARTY),
    ("II.2.2", "Các chỉ tiêu phát triển kinh tế - xã hội", "target_list", ECONOMY),
    ("PL", "PHỤ LỤC Các Đề án, Kế hoạch", "appendix", APPENDIX),
]


def revised(**replace: dict[str, Any]) -> list[tuple[str, str, str, list[dict[str, Any]]]]:
    """The old sections with targets replaced by indicator (None drops one), items renumbered."""
    out = []
    for path, title, kind, items in OLD_SECTIONS:
        new_items = []
        for t in items:
            key = t["indicator"] + ("@" + kind if kind == "appendix" else "")
            if key in replace and replace[key] is None:
                continue
            new_items.append(dict(t) | replace.get(key, {}))
        for n, t in enumerate(new_items, 1):
            t["item"] = f"({n})" if t["item"].startswith("(") else str(n)
        out.append((path, title, kind, new_items))
    return out


OLD = program(OLD_SECTIONS, number="18-CTr/ĐU", date="2026-03-31")


def by_status(result: dict[str, Any], status: str) -> list[dict[str, Any]]:
    return [e for e in result["targets"] if e["status"] == status]


def test_identical_programs_have_no_differences():
    result = diff_programs(OLD, OLD)
    assert {e["status"] for e in result["targets"]} == {"unchanged"}
    assert len(result["targets"]) == len(OLD["targets"])
    assert result["summary"]["differences"] is False
    validate_diff(result)


@pytest.mark.parametrize(
    ("indicator", "edit", "changes"),
    [
        (
            "tỷ lệ dân số tham gia bảo hiểm y tế",
            {"text": "Đến năm 2030, tỷ lệ dân số tham gia bảo hiểm y tế đạt từ 98% trở lên.", "value": 98.0},
            {"value": [97.0, 98.0]},
        ),
        (
            "thu ngân sách nhà nước trên địa bàn",
            {
                "text": "Thu ngân sách nhà nước trên địa bàn tăng bình quân 11-12%/năm.",
                "low": 11.0,
                "high": 12.0,
            },
            {"low": [10.0, 11.0], "high": [13.0, 12.0]},
        ),
        (
            "Trạm y tế xã đạt chuẩn Quốc gia",
            {
                "text": "Đến năm 2028 Trạm y tế xã đạt chuẩn Quốc gia theo Bộ tiêu chí Quốc gia về y tế.",
                "timeframe": {"kind": "by", "year": 2028},
            },
            {"timeframe": [BY_2030, {"kind": "by", "year": 2028}]},
        ),
        (
            "tỷ lệ kết nạp đảng viên mới",
            {
                "text": "Phấn đấu tỷ lệ kết nạp đảng viên mới hằng năm đạt trên 3% tổng số đảng viên.",
                "comparator": ">",
            },
            {"comparator": [">=", ">"]},
        ),
    ],
)
def test_a_changed_field_is_named_with_old_and_new(indicator, edit, changes):
    result = diff_programs(OLD, program(revised(**{indicator: edit})))
    (entry,) = by_status(result, "changed")
    assert entry["changes"] == changes
    assert compare_key(indicator) in compare_key(entry["new_text"])
    assert len(by_status(result, "unchanged")) == len(OLD["targets"]) - 1
    validate_diff(result)


def test_lead_body_reassigned_in_an_appendix_row():
    new = program(
        revised(
            **{
                "số thôn giữ vững danh hiệu văn hóa@appendix": {
                    "responsible": {"lead": [body("Ban Thường vụ Đảng ủy")], "advisor": [], "support": []}
                }
            }
        )
    )
    (entry,) = by_status(diff_programs(OLD, new), "changed")
    assert entry["changes"] == {"lead": [["Ủy ban nhân dân xã"], ["Ban Thường vụ Đảng ủy"]]}


def test_dropped_target_is_removed_and_the_renumbered_items_still_align():
    result = diff_programs(
        OLD, program(revised(**{"tỷ lệ tổ chức đảng trực thuộc được kiểm tra, giám sát": None}))
    )
    (removed,) = by_status(result, "removed")
    assert "kiểm tra, giám sát" in removed["old_text"] and removed["new_id"] is None
    moved = [
        e for e in result["targets"] if e["status"] == "unchanged" and e["old_section"] != e["new_section"]
    ]
    assert [(e["old_section"], e["new_section"]) for e in moved] == [
        ("II.2.1.(3)", "II.2.1.(2)"),
        ("II.2.1.(4)", "II.2.1.(3)"),
    ]
    assert by_status(result, "changed") == by_status(result, "added") == []


def test_added_target_and_reworded_target():
    sections = revised(
        **{
            "tỷ lệ thu gom chất thải rắn sinh hoạt": {
                "text": "Hằng năm, tỷ lệ chất thải rắn sinh hoạt được thu gom đạt 100%.",
                "indicator": "tỷ lệ chất thải rắn sinh hoạt được thu gom",
            }
        }
    )
    sections[1][3].append(
        target(
            "(5)",
            "Đến năm 2030, tỷ lệ hộ sử dụng thanh toán không dùng tiền mặt đạt 80%.",
            "tỷ lệ hộ sử dụng thanh toán không dùng tiền mặt",
            80.0,
            timeframe=BY_2030,
        )
    )
    result = diff_programs(OLD, program(sections))
    (added,) = by_status(result, "added")
    (reworded,) = by_status(result, "reworded")
    assert "không dùng tiền mặt" in added["new_text"] and added["old_id"] is None
    assert "được thu gom" in reworded["new_text"] and "tỷ lệ thu gom" in reworded["old_text"]
    assert reworded["changes"] == {}


def test_a_repeated_target_pairs_with_its_own_section():
    """The list item and its restatement in the appendix each keep their counterpart."""
    new = program(
        revised(
            **{
                "tỷ lệ dân số tham gia bảo hiểm y tế": {
                    "text": "Đến năm 2030, tỷ lệ dân số tham gia bảo hiểm y tế đạt từ 98% trở lên.",
                    "value": 98.0,
                }
            }
        )
    )
    result = diff_programs(OLD, new)
    (changed,) = by_status(result, "changed")
    assert changed["old_section"] == "II.2.2.(2)" and changed["new_section"] == "II.2.2.(2)"
    appendix = [e for e in result["targets"] if e["new_section"] == "PL.2"]
    assert appendix[0]["status"] == "unchanged" and appendix[0]["old_section"] == "PL.2"


def test_alignment_is_optimal_not_first_come():
    # Row 0 would grab column 0 first-come, leaving row 1 with a pair too weak to keep.
    score = np.array([[0.90, 0.80], [0.85, 0.10]])
    pairs = align(score, min_score=0.5)
    assert sorted((i, j) for i, j, _ in pairs) == [(0, 1), (1, 0)]


@pytest.mark.parametrize("shape", [(1, 1), (3, 3), (4, 6), (6, 4), (5, 5)])
def test_assignment_finds_the_minimum_cost(shape):
    rng = np.random.default_rng(sum(shape))
    for _ in range(20):
        cost = np.minimum(0.0, 0.5 - rng.random(shape))  # as align builds it: ties at 0 included
        rows, cols = min_cost_assignment(cost)
        assert len(rows) == min(shape) and len(set(cols.tolist())) == len(cols)
        small, big = sorted(shape)
        matrix = cost if shape[0] <= shape[1] else cost.T
        best = min(
            sum(matrix[i, p[i]] for i in range(small)) for p in itertools.permutations(range(big), small)
        )
        assert cost[rows, cols].sum() == pytest.approx(best)


def test_unrelated_targets_are_not_paired():
    score = np.array([[0.3]])
    assert sorted(align(score, min_score=0.5), key=str) == [(0, None, None), (None, 0, None)]


# --- metadata ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("replaces", "matches", "warning"),
    [
        ([{"number": "18-CTr/ĐU", "date": "2026-03-31"}], True, None),
        ([{"number": "18 - CTr/ĐU", "date": None}], True, None),
        ([], False, "replaces_missing"),
        ([{"number": "06-CTr/ĐU", "date": "2025-09-29"}], False, "replaces_other"),
        ([{"number": "18-CTr/ĐU", "date": "2026-01-31"}], True, "replaces_date_mismatch"),
    ],
)
def test_new_must_declare_that_it_replaces_old(replaces, matches, warning):
    result = diff_programs(OLD, program(OLD_SECTIONS, number="25-CTr/ĐU", replaces=replaces))
    assert result["replaces"]["matches_old"] is matches
    assert [w["kind"] for w in result["warnings"]] == ([warning] if warning else [])
    assert result["document_changes"]["number"] == ["18-CTr/ĐU", "25-CTr/ĐU"]


def test_two_copies_of_one_version_need_no_replaces_declaration():
    result = diff_programs(OLD, OLD | {"document": OLD["document"] | {"replaces": [{"number": "06-CTr/ĐU"}]}})
    assert result["replaces"]["matches_old"] is None and result["warnings"] == []


# --- schemes ------------------------------------------------------------------------

SCHEMES = [
    {
        "id": "s01",
        "name": "Kế hoạch nâng cao chất lượng xây dựng Gia đình văn hoá, thôn văn hoá, giai đoạn 2025 - 2030.",
        "objective": "Hàng năm, 100% số thôn giữ vững danh hiệu văn hóa; 96 % gia đình trở lên được công nhận.",
        "timeline": "từ quý I/2026",
        "lead": [body("UBND xã")],
        "advisor": [body("Phòng Văn hóa - Xã hội")],
        "support": [],
        "section": "PL.II.4",
        "source": {"page": None, "start": 0, "end": 1},
    },
    {
        "id": "s02",
        "name": "Kế hoạch xây dựng nông thôn mới giai đoạn 2026 - 2030.",
        "objective": "Đến năm 2030 xã đạt và hoàn thành các chỉ tiêu xây dựng nông thôn mới hiện đại.",
        "timeline": "từ quý I/2026",
        "lead": [body("UBND xã")],
        "advisor": [body("Phòng Kinh tế")],
        "support": [],
        "section": "PL.II.2",
        "source": {"page": None, "start": 0, "end": 1},
    },
]


def test_schemes_are_aligned_and_their_changes_named():
    new_schemes = [
        SCHEMES[1] | {"id": "s01"},
        SCHEMES[0] | {"id": "s02", "lead": [body("Ban Thường vụ Đảng ủy")]},
    ]
    result = diff_programs(program(OLD_SECTIONS, schemes=SCHEMES), program(OLD_SECTIONS, schemes=new_schemes))
    statuses = {e["old_id"]: (e["status"], e["new_id"], e["changes"]) for e in result["schemes"]}
    assert statuses == {
        "s01": ("changed", "s02", {"lead": [["UBND xã"], ["Ban Thường vụ Đảng ủy"]]}),
        "s02": ("unchanged", "s01", {}),
    }


# --- the command --------------------------------------------------------------------


def write_json(data: dict[str, Any], path: Path) -> Path:
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return path


@pytest.fixture
def json_pair(tmp_path: Path) -> tuple[Path, Path]:
    new = program(
        revised(
            **{
                "tỷ lệ dân số tham gia bảo hiểm y tế": {
                    "text": "Đến năm 2030, tỷ lệ dân số tham gia bảo hiểm y tế đạt từ 98% trở lên.",
                    "value": 98.0,
                }
            }
        ),
        number="25-CTr/ĐU",
        replaces=[{"number": "18-CTr/ĐU", "date": "2026-03-31"}],
    )
    return write_json(OLD, tmp_path / "old.json"), write_json(new, tmp_path / "new.json")


def test_exit_status_is_like_diff(json_pair, tmp_path):
    old, new = json_pair
    assert main(["diff", str(old), str(old), "--format", "json", "-o", str(tmp_path / "same.json")]) == 0
    assert main(["diff", str(old), str(new), "--format", "json", "-o", str(tmp_path / "d.json")]) == 1
    result = json.loads((tmp_path / "d.json").read_text(encoding="utf-8"))
    validate_diff(result)
    assert [e["changes"] for e in by_status(result, "changed")] == [{"value": [97.0, 98.0]}]


@pytest.mark.parametrize(
    ("name", "content", "reason"),
    [
        ("bad.json", None, "no such file"),
        ("bad.json", "{not json", "invalid JSON"),
        ("bad.json", '{"document": {}}', "no 'targets' list"),
        ("bad.json", '{"targets": []}', "does not match the program schema"),
        ("bad.pdf", None, "no such file"),
        ("bad.txt", "", "empty file"),
        ("bad.xlsx", "x", "unsupported file type"),
    ],
)
def test_bad_input_is_one_line_naming_the_file(tmp_path, capsys, name, content, reason):
    bad = tmp_path / name
    if content is not None:
        bad.write_text(content, encoding="utf-8")
    good = write_json(OLD, tmp_path / "good.json")
    assert main(["diff", str(good), str(bad)]) == 2
    err = capsys.readouterr().err.strip()
    assert err.count("\n") == 0 and str(bad) in err and reason in err
    with pytest.raises(DocumentError):
        load_program(bad)


@pytest.mark.parametrize("fmt", ["table", "markdown", "html"])
def test_every_format_shows_the_change(json_pair, tmp_path, fmt):
    old, new = json_pair
    out = tmp_path / f"diff.{fmt}"
    assert main(["diff", str(old), str(new), "--format", fmt, "-o", str(out)]) == 1
    shown = out.read_text(encoding="utf-8")
    assert "97 → 98" in shown
    assert "bảo hiểm y tế" in shown


def test_html_is_side_by_side_with_the_changed_words_marked(json_pair):
    import io

    result = diff_programs(load_program(json_pair[0]), load_program(json_pair[1]))
    page = io.StringIO()
    render_html(result, page)
    html = page.getvalue()
    assert "<del>97%</del>" in html and "<ins>98%</ins>" in html
    assert "http" not in html.split("<body>")[0]  # self-contained: no CDN in the head
    assert html.count('<tr class="changed">') == 1
    md = io.StringIO()
    render_markdown(result, md)
    assert "| changed |" in md.getvalue()


def test_schema_rejects_a_changed_entry_without_changes():
    result = diff_programs(OLD, OLD)
    result["targets"][0]["status"] = "changed"
    with pytest.raises(jsonschema.ValidationError):
        validate_diff(result)


# --- the corpus: a revision with known edits, and the two seeds -----------------------

CORPUS = ROOT / "corpus"
# Written by scripts/make_revisions.py next to each revised document.
EDIT_LISTS = sorted(REVISIONS.glob("*-rev.edits.json"))
_extracted: dict[Path, dict[str, Any]] = {}


def extracted(path: Path) -> dict[str, Any]:
    if path not in _extracted:
        from pipeline.extract import extract_file

        _extracted[path] = extract_file(path)
    return _extracted[path]


def contains(text: str | None, phrase: str) -> bool:
    return text is not None and compare_key(phrase) in compare_key(text)


def finds(entry: dict[str, Any], expect: dict[str, Any], text_key: str) -> bool:
    side = "new" if expect["new"] is not None else "old"
    if expect.get("section") and not str(entry.get(f"{side}_section") or "").startswith(expect["section"]):
        return False
    if expect["new"] is not None:
        return contains(entry[f"new_{text_key}"], expect["new"]) and (
            expect["old"] is None or contains(entry[f"old_{text_key}"], expect["old"])
        )
    return entry[f"new_{text_key}"] is None and contains(entry[f"old_{text_key}"], expect["old"])


def check_changes(got: dict[str, list[Any]], want: dict[str, list[Any]]) -> None:
    assert set(got) == set(want)
    for field, (old, new) in want.items():
        if field in ("lead", "advisor", "support"):  # bodies: the expected name among the canonical ones
            assert any(compare_key(old) == compare_key(n) for n in got[field][0]), (field, got[field])
            assert any(compare_key(new) == compare_key(n) for n in got[field][1]), (field, got[field])
        else:
            assert got[field] == [old, new]


def unexplained(entries: list[dict[str, Any]], expects: list[dict[str, Any]], text_key: str) -> list[str]:
    """Check each expected entry is there as expected; return the differences nobody expected."""
    claimed: set[int] = set()
    for x in expects:
        hits = [k for k, e in enumerate(entries) if finds(e, x, text_key)]
        assert hits, f"no {x['status']} entry for {x['new'] or x['old']!r}"
        for k in hits:
            assert entries[k]["status"] == x["status"], (x, entries[k])
            check_changes(entries[k]["changes"], x["changes"])
        if x["renumbered"]:
            assert any(entries[k]["old_section"] != entries[k]["new_section"] for k in hits)
        claimed.update(hits)
    return [
        f"{e['status']}: {e['old_text']!r} -> {e['new_text'] if text_key == 'text' else e['new_name']!r}"
        for k, e in enumerate(entries)
        if k not in claimed and e["status"] != "unchanged"
    ]


@pytest.mark.parametrize("suffix", [".txt", ".pdf"])
@pytest.mark.parametrize("edit_list", EDIT_LISTS, ids=lambda p: p.name.removesuffix("-rev.edits.json"))
def test_revision_diff_reports_exactly_the_known_edits(edit_list, suffix):
    edits = json.loads(edit_list.read_text(encoding="utf-8"))
    old = extracted((CORPUS / edits["seed"]).with_suffix(suffix))
    new = extracted((REVISIONS / f"{edits['seed']}-rev").with_suffix(suffix))
    result = diff_programs(old, new)
    validate_diff(result)
    target_expects = [x for edit in edits["edits"] for x in edit["targets"]]
    scheme_expects = [x for edit in edits["edits"] for x in edit["schemes"]]
    assert unexplained(result["targets"], target_expects, "text") == []
    assert unexplained(result["schemes"], scheme_expects, "name") == []
    assert result["replaces"] == edits["replaces"]
    assert [w["kind"] for w in result["warnings"]] == edits["warnings"]
    assert result["document_changes"] == edits["document_changes"]


# The same indicators in two communes' programs of one template: (Thái Tân phrase, value) -> (Hà Đông phrase, value).
SEED_PAIRS = [
    (("tham gia bảo hiểm y tế", 98.0), ("tham gia bảo hiểm y tế", 97.0)),
    (("gia đình văn hoá", 90.0), ("gia đình văn hóa", 96.0)),
    (("tham gia bảo hiểm xã hội", 58.0), ("tham gia bảo hiểm xã hội", (62.0, 63.0))),
]


def has(t: dict[str, Any], phrase: str, value: float | tuple[float, float]) -> bool:
    got = (t.get("low"), t.get("high")) if isinstance(value, tuple) else t.get("value")
    return contains(t.get("text"), phrase) and got == value


@pytest.mark.parametrize(
    ("old_side", "new_side"), SEED_PAIRS, ids=["health insurance", "cultured families", "social insurance"]
)
def test_seeds_align_their_shared_indicators(old_side, new_side):
    old, new = extracted(CORPUS / "thai-tan-ctr-2025.txt"), extracted(CORPUS / "ha-dong-18-ctr-2026.txt")
    result = diff_programs(old, new)
    old_by_id = {t["id"]: t for t in old["targets"]}
    new_by_id = {t["id"]: t for t in new["targets"]}
    pairs = [
        (old_by_id[e["old_id"]], new_by_id[e["new_id"]])
        for e in result["targets"]
        if e["old_id"] and e["new_id"]
    ]
    assert any(has(a, *old_side) and has(b, *new_side) for a, b in pairs)
    assert (
        any(w["kind"] == "replaces_other" for w in result["warnings"])
        or result["replaces"]["matches_old"] is None
    )
