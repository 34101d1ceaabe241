"""A yes/no check of a result against the program schema, compiled to plain Python closures.

jsonschema walks a result of a few hundred targets by making a validator object for every
value it descends into: a tenth of a document's time in the pipeline. Every result the
pipeline writes is valid, so ``export.validate`` asks this check first and runs jsonschema
only when it says no, for jsonschema's own messages. The check knows the keywords the
program schema uses, each read as JSON Schema 2020-12 (and jsonschema) reads it; a schema
with any other keyword compiles to None, and jsonschema alone checks every result.
"""

from __future__ import annotations

import numbers
import re
from collections.abc import Callable
from typing import Any

Check = Callable[[Any], bool]

# Keywords that say nothing about validity (``$defs`` are reached through inlined references).
ANNOTATIONS = frozenset({"$schema", "$id", "$defs", "$comment", "title", "description", "examples", "default"})


class Unsupported(ValueError):
    """A keyword, or a value of one, that this check does not read as jsonschema does."""


def _is_number(v: Any) -> bool:
    return isinstance(v, numbers.Number) and not isinstance(v, bool)


def _is_integer(v: Any) -> bool:
    """As JSON Schema from draft 6 on: an int, or a float with no fraction (2030.0); never a bool."""
    if isinstance(v, bool):
        return False
    return isinstance(v, int) or (isinstance(v, float) and v.is_integer())


TYPES: dict[str, Check] = {
    "string": lambda v: isinstance(v, str),
    "object": lambda v: isinstance(v, dict),
    "array": lambda v: isinstance(v, list),
    "null": lambda v: v is None,
    "boolean": lambda v: isinstance(v, bool),
    "number": _is_number,
    "integer": _is_integer,
}


def compile_schema(schema: Any) -> Check | None:
    """The check of a schema whose references are inlined (``export._inline_refs``), or None
    if it uses what this module does not know."""
    try:
        return _node(schema, exact=False)
    except Unsupported:
        return None


# Read together: properties, required and additionalProperties (one pass over an object),
# if with its then and else.
_OBJECT_KEYWORDS = frozenset({"properties", "required", "additionalProperties", "patternProperties"})
_READ_WITH_IF = frozenset({"then", "else"})


def _node(schema: Any, exact: bool) -> Check:
    """The check of one schema. ``exact``: it must say yes exactly when jsonschema does (under
    oneOf or an if, where a stricter no would change the verdict); elsewhere it may be stricter
    than jsonschema (a no only sends the result to jsonschema), never looser."""
    if schema is True:
        return lambda v: True
    if schema is False:
        return lambda v: False
    if not isinstance(schema, dict):
        raise Unsupported(repr(schema))
    checks = [
        _keyword(schema, k, exact)
        for k in schema
        if k not in ANNOTATIONS and k not in _OBJECT_KEYWORDS and k not in _READ_WITH_IF
    ]
    if _OBJECT_KEYWORDS & schema.keys():
        checks.append(_object(schema, exact))
    if not checks:
        return lambda v: True
    if len(checks) == 1:
        return checks[0]

    def every(v: Any) -> bool:
        for c in checks:
            if not c(v):
                return False
        return True

    return every


def _keyword(schema: dict[str, Any], key: str, exact: bool) -> Check:
    value = schema[key]
    if key == "type":
        kinds = [value] if isinstance(value, str) else value
        if not all(k in TYPES for k in kinds):
            raise Unsupported(f"type {value!r}")
        tests = [TYPES[k] for k in kinds]
        return tests[0] if len(tests) == 1 else lambda v: any(t(v) for t in tests)
    if key == "items":
        return _items(_node(value, exact))
    if key == "enum":
        return _one_of_values(value)
    if key == "const":
        return _one_of_values([value])
    if key == "minLength":
        return lambda v: not isinstance(v, str) or len(v) >= value
    if key == "pattern":
        search = re.compile(value).search
        return lambda v: not isinstance(v, str) or search(v) is not None
    if key == "minimum":
        return lambda v: not _is_number(v) or not v < value
    if key == "maximum":
        return lambda v: not _is_number(v) or not v > value
    if key == "uniqueItems":
        if exact:
            raise Unsupported("uniqueItems under a choice")
        return _unique_strings if value else (lambda v: True)
    if key == "oneOf":
        branches = [_node(s, exact=True) for s in value]
        return lambda v: sum(1 for b in branches if b(v)) == 1
    if key == "allOf":
        parts = [_node(s, exact) for s in value]
        return lambda v: all(p(v) for p in parts)
    if key == "if":
        condition = _node(value, exact=True)
        then, otherwise = (_node(schema.get(k, True), exact) for k in ("then", "else"))
        return lambda v: then(v) if condition(v) else otherwise(v)
    raise Unsupported(key)


def _object(schema: dict[str, Any], exact: bool) -> Check:
    """properties, required and additionalProperties (false, or absent) in one pass."""
    properties = schema.get("properties", {})
    props = [(name, _node(sub, exact)) for name, sub in properties.items()]
    names = frozenset(properties)
    required = tuple(schema.get("required", ()))
    extra = schema.get("additionalProperties", True)
    if extra not in (True, False) or "patternProperties" in schema:
        raise Unsupported("additionalProperties")
    closed = extra is False

    def check(v: Any) -> bool:
        if not isinstance(v, dict):
            return True
        for name in required:
            if name not in v:
                return False
        if closed and not names.issuperset(v):
            return False
        for name, sub in props:
            if name in v and not sub(v[name]):
                return False
        return True

    return check


def _items(each: Check) -> Check:
    def check(v: Any) -> bool:
        if not isinstance(v, list):
            return True
        for item in v:
            if not each(item):
                return False
        return True

    return check


def _one_of_values(values: list[Any]) -> Check:
    """enum and const of strings and null: jsonschema's equality (which tells 1 from True) is
    plain ``==`` for these."""
    if not all(x is None or isinstance(x, str) for x in values):
        raise Unsupported(f"enum {values!r}")
    strings = frozenset(x for x in values if x is not None)
    allows_null = None in values
    return lambda v: (v is None and allows_null) or (isinstance(v, str) and v in strings)


def _unique_strings(v: Any) -> bool:
    """uniqueItems of a list of strings; a list of anything else is left to jsonschema (no here)."""
    if not isinstance(v, list):
        return True
    return all(isinstance(x, str) for x in v) and len(set(v)) == len(v)
