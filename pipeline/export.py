"""Write a program result as JSON, validated against schemas/program.schema.json.

Every write is validated first: an invalid result is a bug in the pipeline and
fails loudly, naming the first failing path ("targets[3].comparator: ..."). A check
compiled from the schema (``schema_check``) passes the valid ones; jsonschema reads
the rest and names what is wrong.
Besides the JSON Schema, the grounding promise is checked: each target's
``text`` is ``text[start:end]`` and every source span lies inside the text.

Writes are atomic (temp file in the same folder, fsync, ``os.replace``) so a
crash or a parallel run never leaves half a JSON file behind.

Where the schema lives: ``schemas/program.schema.json`` at the repository root
is the one source of truth (documented, shared with other tools).
``pipeline/data/program.schema.json`` is a symlink to it, so that package data
(``pipeline = ["data/*"]``) carries a real copy into a built wheel; the loader
tries the checkout path first and the packaged resource second.
"""

from __future__ import annotations

import json
import os
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

from .atomic import write_text_atomic

SCHEMA_NAME = "program.schema.json"
CHECKOUT_SCHEMA = Path(__file__).resolve().parents[1] / "schemas" / SCHEMA_NAME
MAX_MESSAGE = 200  # characters of jsonschema's message kept (it may quote the whole document text)


class ResultValidationError(ValueError):
    """A result does not match the output contract; ``path`` is the first failing JSON path."""

    def __init__(self, path: str, message: str, more: int = 0) -> None:
        self.path = path
        self.message = f"{path}: {message}" + (
            f" (and {more} more problem{'s' if more > 1 else ''})" if more else ""
        )
        super().__init__(self.message)


def load_schema() -> dict[str, Any]:
    """The program JSON Schema, from the checkout or else from the installed package data."""
    if CHECKOUT_SCHEMA.is_file():
        return json.loads(CHECKOUT_SCHEMA.read_text(encoding="utf-8"))
    packaged = resources.files("pipeline") / "data" / SCHEMA_NAME
    if packaged.is_file():
        return json.loads(packaged.read_text(encoding="utf-8"))
    raise FileNotFoundError(
        f"{SCHEMA_NAME} not found in {CHECKOUT_SCHEMA.parent} nor in pipeline/data; reinstall the package"
    )


@lru_cache(maxsize=1)
def _validator() -> Any:
    from jsonschema import Draft202012Validator

    schema = load_schema()  # itself checked against the metaschema by the tests, not on every start
    return Draft202012Validator(_inline_refs(schema, schema.get("$defs", {})))


def _inline_refs(node: Any, defs: dict[str, Any], seen: tuple[str, ...] = ()) -> Any:
    """The schema with each plain ``{"$ref": "#/$defs/X"}`` replaced by X itself.

    The same contract, checked without a reference lookup per value (the half of
    validating a result); a recursive definition keeps its reference.
    """
    if isinstance(node, list):
        return [_inline_refs(v, defs, seen) for v in node]
    if not isinstance(node, dict):
        return node
    ref = node.get("$ref")
    if len(node) == 1 and isinstance(ref, str) and ref.startswith("#/$defs/"):
        name = ref.removeprefix("#/$defs/")
        if name in defs and name not in seen:
            return _inline_refs(defs[name], defs, (*seen, name))
        return node
    return {k: v if k == "$defs" else _inline_refs(v, defs, seen) for k, v in node.items()}


def json_path(parts: Any) -> str:
    """["targets", 3, "comparator"] -> "targets[3].comparator" ("$" for the root)."""
    out = ""
    for p in parts:
        out += f"[{p}]" if isinstance(p, int) else (f".{p}" if out else str(p))
    return out or "$"


def _short(message: str) -> str:
    message = " ".join(message.split())
    return message if len(message) <= MAX_MESSAGE else message[: MAX_MESSAGE - 1] + "…"


def _grounding_problems(result: dict[str, Any]) -> list[tuple[str, str]]:
    """Spans that do not point into the text, and target or rejected-candidate texts that are
    not their span (the review page and the tables quote them by their offsets)."""
    text = result["text"]
    problems: list[tuple[str, str]] = []

    def check(path: str, src: dict[str, Any]) -> bool:
        if not 0 <= src["start"] <= src["end"] <= len(text):
            problems.append(
                (path, f"span {src['start']}..{src['end']} is outside the text (length {len(text)})")
            )
            return False
        return True

    for name in ("targets", "rejected"):
        for i, item in enumerate(result.get(name) or []):  # "rejected" is absent in older outputs
            src = item["source"]
            if check(f"{name}[{i}].source", src) and text[src["start"] : src["end"]] != item["text"]:
                problems.append((f"{name}[{i}].text", "is not text[source.start:source.end]"))
    for name in ("schemes", "references"):
        for i, item in enumerate(result[name]):
            check(f"{name}[{i}].source", item["source"])
    for i, w in enumerate(result["warnings"]):
        for j, src in enumerate(w["sources"]):
            check(f"warnings[{i}].sources[{j}]", src)
    return problems


@lru_cache(maxsize=1)
def _quick_check() -> Any:
    """The schema compiled to a yes/no check (``schema_check``), or None where it cannot be."""
    from .schema_check import compile_schema

    schema = load_schema()
    return compile_schema(_inline_refs(schema, schema.get("$defs", {})))


def validate(result: dict[str, Any]) -> None:
    """Raise ResultValidationError naming the first failing path if ``result`` breaks the contract.

    A result the quick check passes is valid; jsonschema reads the others and says why
    (or, where the check is stricter than the schema, that they are valid after all)."""
    quick = _quick_check()
    if quick is None or not quick(result):
        errors = sorted(
            _validator().iter_errors(result), key=lambda e: (list(map(str, e.absolute_path)), e.message)
        )
        if errors:
            first = errors[0]
            raise ResultValidationError(json_path(first.absolute_path), _short(first.message), len(errors) - 1)
    problems = _grounding_problems(result)
    if problems:
        path, message = problems[0]
        raise ResultValidationError(path, message, len(problems) - 1)


def dumps(result: dict[str, Any]) -> str:
    """The JSON text of a result as the project writes it (UTF-8 letters, indent 2, final newline)."""
    return json.dumps(result, ensure_ascii=False, indent=2) + "\n"


def write_json(result: dict[str, Any], path: str | os.PathLike[str]) -> Path:
    """Validate ``result`` and write it atomically to ``path``; return the path written."""
    validate(result)
    return write_text_atomic(path, dumps(result))
