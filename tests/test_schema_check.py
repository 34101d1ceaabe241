"""The compiled schema check says valid exactly when jsonschema does, on a real result and on
every way of breaking it one value at a time (pipeline/schema_check.py)."""

from __future__ import annotations

import copy
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from pipeline.export import _inline_refs, _quick_check, _validator, load_schema
from pipeline.extract import extract_file
from pipeline.schema_check import compile_schema

ROOT = Path(__file__).resolve().parents[1]
REPLACEMENTS = [None, 0, -1, 2030.0, 1.5, True, "", "x y", [], {}]


@pytest.fixture(scope="module")
def seed_result() -> dict[str, Any]:
    """The seed's result, a few items of each list kept: every kind of value, quick to break."""
    r = extract_file(ROOT / "corpus" / "ha-dong-18-ctr-2026.txt")
    for name in ("outline", "targets", "rejected", "schemes", "references", "bodies", "warnings"):
        r[name] = r[name][:2]
    r["text"] = r["text"][:2000]
    return r


def _paths(node: Any, path: tuple[Any, ...] = ()) -> Iterator[tuple[Any, ...]]:
    yield path
    children = node.items() if isinstance(node, dict) else enumerate(node) if isinstance(node, list) else ()
    for key, child in children:
        yield from _paths(child, (*path, key))


def _broken(result: dict[str, Any]) -> Iterator[dict[str, Any]]:
    """The result with one value replaced, one key removed or one key added, everywhere."""
    for path in _paths(result):
        if not path:
            continue
        *parents, last = path
        for value in REPLACEMENTS:
            r = copy.deepcopy(result)
            node = r
            for p in parents:
                node = node[p]
            node[last] = value
            yield r
        r = copy.deepcopy(result)
        node = r
        for p in parents:
            node = node[p]
        if isinstance(node, dict):
            del node[last]
            yield r
    for path in _paths(result):
        r = copy.deepcopy(result)
        node = r
        for p in path:
            node = node[p]
        if isinstance(node, dict):
            node["extra"] = 1
            yield r


def test_a_real_result_passes_the_quick_check(seed_result: dict[str, Any]) -> None:
    assert _quick_check() is not None
    assert _quick_check()(seed_result)


def test_the_quick_check_agrees_with_jsonschema_on_every_broken_result(seed_result: dict[str, Any]) -> None:
    reference = _validator()  # jsonschema, on the schema with its references inlined (as in test_export)
    quick = _quick_check()
    verdicts = []
    for r in _broken(seed_result):
        verdicts.append(quick(r))
        assert quick(r) == reference.is_valid(r), [e.message for e in reference.iter_errors(r)][:1]
    assert verdicts.count(False) > 1000 and verdicts.count(True) > 100  # breaks and harmless changes both


def test_a_range_needs_low_and_high_and_no_value(seed_result: dict[str, Any]) -> None:
    target = {**seed_result["targets"][0], "comparator": "range", "low": 1.0, "high": 2.0, "value": None}
    quick = _quick_check()
    assert quick({**seed_result, "targets": [target]})
    assert not quick({**seed_result, "targets": [{**target, "value": 1.5}]})
    assert not quick({**seed_result, "targets": [{**target, "low": None}]})


def test_a_keyword_it_does_not_know_leaves_every_result_to_jsonschema() -> None:
    assert compile_schema({"type": "object", "patternProperties": {"^x": {"type": "string"}}}) is None
    assert compile_schema({"type": "string", "format": "date"}) is None
    assert compile_schema({"oneOf": [{"type": "array", "uniqueItems": True}, {"type": "null"}]}) is None
    schema = load_schema()
    assert compile_schema(_inline_refs(schema, schema["$defs"])) is not None
