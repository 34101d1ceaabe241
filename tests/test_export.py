"""Export: every result is validated against the program schema and written atomically."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import pytest

from pipeline.export import ResultValidationError, load_schema, validate, write_json
from pipeline.nlp.metadata import extract_metadata
from pipeline.nlp.references import find_references
from pipeline.readers import read
from pipeline.schemes import extract_schemes
from pipeline.structure import build_outline

ROOT = Path(__file__).resolve().parents[1]
CLAUSE = "Hằng năm, tỷ lệ hồ sơ trực tuyến đạt 85%."


def result(**changes: Any) -> dict[str, Any]:
    text = f"Chỉ tiêu: {CLAUSE}"
    start = text.index(CLAUSE)
    r: dict[str, Any] = {
        "schema_version": "1.0",
        "pipeline_version": "0.1.0",
        "document": {
            "id": "x",
            "source": {"path": "corpus/x.txt", "format": "txt", "sha256": "0" * 64, "pages": None},
            "title": None,
            "number": "18-CTr/ĐU",
            "date": "2026-03-31",
            "issuer": None,
            "place": None,
            "term": {"start": 2025, "end": 2030},
            "replaces": [{"number": "06-CTr/ĐU", "date": "2025-09-29"}],
            "signer": {"name": "Vũ Đức Hạnh", "title": "Bí thư"},
        },
        "text": text,
        "outline": [],
        "targets": [
            {
                "id": "t001",
                "text": CLAUSE,
                "indicator": "tỷ lệ hồ sơ trực tuyến",
                "indicator_code": None,
                "sector": None,
                "value": 85.0,
                "low": None,
                "high": None,
                "unit": "%",
                "comparator": "=",
                "direction": "level",
                "timeframe": {"kind": "annual"},
                "responsible": {
                    "lead": [{"text": "UBND xã", "name": "Ủy ban nhân dân xã", "id": "ubnd-xa"}],
                    "advisor": [],
                    "support": [],
                },
                "tier": "list",
                "section": "II.2",
                "source": {"page": 1, "start": start, "end": start + len(CLAUSE)},
                "flags": ["ambiguous_number"],
            }
        ],
        "rejected": [
            {
                "text": "Chỉ tiêu:",
                "verdict": "lead-in",
                "reason": "introduces a list of targets ('Chỉ tiêu:')",
                "section": "II.2",
                "source": {"page": 1, "start": 0, "end": len("Chỉ tiêu:")},
            }
        ],
        "schemes": [],
        "references": [],
        "bodies": [{"id": "ubnd-xa", "name": "Ủy ban nhân dân xã", "mentions": 1}],
        "warnings": [],
    }
    for path, value in changes.items():
        *parents, last = path.split("__")
        node = r
        for p in parents:
            node = node[int(p)] if p.isdigit() else node[p]
        node[int(last) if last.isdigit() else last] = value
    return r


def test_valid_result_passes() -> None:
    validate(result())


@pytest.mark.parametrize(
    ("changes", "path"),
    [
        ({"targets__0__comparator": "~"}, "targets[0].comparator"),
        ({"targets__0__timeframe": {"kind": "by"}}, "targets[0].timeframe"),
        ({"targets__0__timeframe": {"kind": "period", "start": 2026}}, "targets[0].timeframe"),
        ({"targets__0__direction": "up"}, "targets[0].direction"),
        ({"targets__0__tier": "maybe"}, "targets[0].tier"),
        ({"targets__0__unexpected": 1}, "targets[0]"),
        ({"targets__0__id": "1"}, "targets[0].id"),
        ({"document__date": "31/03/2026"}, "document.date"),
        ({"document__source__format": "xlsx"}, "document.source.format"),
        ({"schema_version": "2.0"}, "schema_version"),
        ({"targets__0__responsible__lead": [{"text": "UBND xã"}]}, "targets[0].responsible.lead[0]"),
        # grounding: the clause must be the text at its offsets
        ({"targets__0__text": "tỷ lệ hồ sơ trực tuyến đạt 85%"}, "targets[0].text"),
        ({"targets__0__source": {"page": 1, "start": 0, "end": 10_000}}, "targets[0].source"),
        # a rejected candidate says what it is instead, and quotes the text at its offsets too
        ({"rejected__0__verdict": "maybe"}, "rejected[0].verdict"),
        ({"rejected__0__reason": ""}, "rejected[0].reason"),
        ({"rejected__0__text": "Chỉ tiêu"}, "rejected[0].text"),
        ({"rejected__0__source": {"page": 1, "start": 5, "end": 10_000}}, "rejected[0].source"),
    ],
)
def test_invalid_result_names_the_first_failing_path(changes: dict[str, Any], path: str) -> None:
    with pytest.raises(ResultValidationError) as err:
        validate(result(**changes))
    assert err.value.path == path
    assert str(err.value).startswith(path + ": ")
    assert "\n" not in str(err.value)


def test_result_without_rejected_candidates_is_valid() -> None:
    """Outputs written before the target stage kept its rejected candidates still validate."""
    r = result()
    del r["rejected"]
    validate(r)


def test_range_needs_low_and_high() -> None:
    with pytest.raises(ResultValidationError):
        validate(result(targets__0__comparator="range"))
    validate(
        result(
            targets__0__comparator="range",
            targets__0__value=None,
            targets__0__low=10.0,
            targets__0__high=13.0,
        )
    )


def test_write_json_is_atomic_and_keeps_vietnamese_letters(tmp_path: Path) -> None:
    out = write_json(result(), tmp_path / "out" / "x.json")
    raw = out.read_text(encoding="utf-8")
    assert "Ủy ban nhân dân xã" in raw and raw.endswith("\n")
    assert json.loads(raw) == result()
    assert [p.name for p in out.parent.iterdir()] == ["x.json"]  # no temp file left


def test_invalid_result_never_replaces_a_good_file(tmp_path: Path) -> None:
    path = write_json(result(), tmp_path / "x.json")
    before = path.read_bytes()
    with pytest.raises(ResultValidationError):
        write_json(result(targets__0__unit=""), path)
    assert path.read_bytes() == before
    assert [p.name for p in tmp_path.iterdir()] == ["x.json"]


def test_packaged_schema_is_the_checkout_schema() -> None:
    packaged = ROOT / "pipeline" / "data" / "program.schema.json"
    assert json.loads(packaged.read_text(encoding="utf-8")) == load_schema()


def test_seed_metadata_schemes_and_references_fit_the_schema() -> None:
    """What this stage produces for a real document is valid inside a full result."""
    doc = read(ROOT / "corpus" / "ha-dong-18-ctr-2026.txt")
    r = result()
    meta = extract_metadata(doc)
    r["document"].update(meta)
    r["text"] = doc.text
    r["targets"] = r["rejected"] = []
    r["schemes"] = extract_schemes(doc, build_outline(doc))
    r["references"] = find_references(doc)
    validate(copy.deepcopy(r))


def test_the_schema_is_a_valid_json_schema_and_inlining_keeps_its_verdicts() -> None:
    from jsonschema import Draft202012Validator

    from pipeline.export import _inline_refs

    schema = load_schema()
    Draft202012Validator.check_schema(schema)
    inlined = _inline_refs(schema, schema["$defs"])
    assert "$ref" not in json.dumps({k: v for k, v in inlined.items() if k != "$defs"})
    broken = {"schema_version": "1.0", "targets": [{"text": 3}]}
    assert sorted(e.message for e in Draft202012Validator(schema).iter_errors(broken)) == sorted(
        e.message for e in Draft202012Validator(inlined).iter_errors(broken)
    )
