"""What changed between a revised program and the one it replaces.

Programs are revised often ("Chương trình hành động này thay thế Chương trình
hành động số 06-CTr/ĐU"): items are renumbered, reworded, dropped, added, and a
few values, deadlines or lead bodies move. A line diff of the text drowns those
few changes in noise, so the two versions are compared target by target:

1. align: every old target is paired with at most one new target by an optimal
   assignment over a similarity matrix (indicator wording, clause wording,
   section context, value, timeframe, tier, indicator code). The item number is
   deliberately *not* a feature, so a renumbered item still finds its
   counterpart; pairs scoring below a threshold become removed + added.
2. classify: a pair whose fields (value, range, comparator, unit, direction,
   timeframe, responsible bodies) differ is ``changed``, each change named
   ``{field: [old, new]}``; same fields but other words is ``reworded``.

Schemes (đề án, kế hoạch) are aligned and classified the same way, and the
metadata is checked: does NEW declare that it replaces OLD?
"""

from __future__ import annotations

import argparse
import difflib
import html
import json
import re
import sys
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import cache, lru_cache
from pathlib import Path
from typing import Any, TextIO

import numpy as np
from rapidfuzz import fuzz, process

from . import __version__
from .errors import DocumentError
from .normalize import compare_key
from .numbering import is_item_label, strip_item_label

SCHEMA_PATH = Path(__file__).resolve().parent.parent / "schemas" / "diff.schema.json"
DIFF_SCHEMA_VERSION = "1.0"

STATUSES = ("unchanged", "reworded", "changed", "added", "removed")
TARGET_FIELDS = (
    "value",
    "low",
    "high",
    "comparator",
    "unit",
    "direction",
    "timeframe",
    "lead",
    "advisor",
    "support",
)
SCHEME_FIELDS = ("objective", "timeline", "lead", "advisor", "support")
BODY_FIELDS = ("lead", "advisor", "support")
DOCUMENT_FIELDS = ("title", "number", "date", "issuer", "place", "term")

# How much each kind of evidence counts when pairing two targets (sums to 1),
# and the score a pair needs to count as the same target at all. Indicator
# codes, when both sides have one, add or subtract on top.
TARGET_WEIGHTS = {
    "indicator": 0.34,
    "text": 0.26,
    "context": 0.15,
    "value": 0.10,
    "timeframe": 0.05,
    "tier": 0.04,
    "position": 0.06,
}
CODE_AGREES, CODE_DISAGREES = 0.10, -0.15
TARGET_MIN_SCORE = 0.60
# A pair must share wording, whatever its context and value: the mean of indicator
# and clause similarity (weighted as above) must reach this.
MIN_WORDING = 0.50
SCHEME_WEIGHTS = {"name": 0.65, "objective": 0.25, "position": 0.10}
SCHEME_MIN_SCORE = 0.60

_NUMBER_SPACE = re.compile(r"\s+")

# The same strings (body names, section titles) are compared many times over.
_key = lru_cache(maxsize=1 << 16)(compare_key)


# --- loading ------------------------------------------------------------------


def load_program(path: str | Path) -> dict[str, Any]:
    """Return the extraction result of ``path``: a source document, or its JSON output."""
    p = Path(path)
    if p.suffix.lower() != ".json":
        from .extract import extract_file

        return extract_file(p)
    if not p.is_file():
        raise DocumentError(p, "no such file")
    try:
        data = json.loads(p.read_text(encoding="utf-8"))
    except UnicodeDecodeError:
        raise DocumentError(p, "not UTF-8 text") from None
    except json.JSONDecodeError as err:
        raise DocumentError(p, f"invalid JSON ({err.msg} at line {err.lineno})") from None
    if not isinstance(data, dict) or not isinstance(data.get("targets"), list):
        raise DocumentError(p, "not a chitieu program JSON (no 'targets' list)")
    _validate_program(data, p)
    return data


def _validate_program(data: dict[str, Any], path: Path) -> None:
    from .export import validate

    try:
        validate(data)
    except Exception as err:  # jsonschema's error, or export's own
        reason = getattr(err, "message", None) or str(err).splitlines()[0]
        raise DocumentError(path, f"does not match the program schema: {reason}") from None


# --- features for alignment -----------------------------------------------------


@dataclass(kw_only=True)
class _Side:
    """The targets of one program, with what alignment compares precomputed."""

    items: list[dict[str, Any]]
    indicator: list[str]
    text: list[str]
    context: list[str]
    context_kind: list[str | None]
    number: list[float | None]
    unit: list[str]
    tier: list[str | None]
    timeframe: list[str]
    code: list[str | None]
    position: np.ndarray


def _containing_sections(outline: list[dict[str, Any]], offset: int) -> list[dict[str, Any]]:
    found = [s for s in outline if s.get("start", 0) <= offset < s.get("end", -1)]
    return sorted(found, key=lambda s: (s.get("level", 0), s.get("start", 0)))


def _context(target: dict[str, Any], outline: list[dict[str, Any]]) -> tuple[str, str | None]:
    """Titles of the sections around a target (not its item number) and the innermost kind."""
    start = (target.get("source") or {}).get("start")
    sections = _containing_sections(outline, start) if isinstance(start, int) else []
    # a section numbered as an item ("(5)", "a)") *is* the item, so it is no context
    # for it, and its number may change on revision
    headings = [s for s in sections if not is_item_label(str(s.get("label") or "").strip())]
    if headings:
        titles = " / ".join(str(s.get("title") or "") for s in headings)
        return _key(titles), headings[-1].get("kind")
    # No outline: the section path without its last item label still says where it stands.
    path = str(target.get("section") or "")
    path = strip_item_label(path)
    return _key(path), None


def _number(t: dict[str, Any]) -> float | None:
    if isinstance(t.get("value"), int | float):
        return float(t["value"])
    low, high = t.get("low"), t.get("high")
    if isinstance(low, int | float) and isinstance(high, int | float):
        return (float(low) + float(high)) / 2
    return None


def _side(result: dict[str, Any]) -> _Side:
    targets = list(result.get("targets") or [])
    outline = list(result.get("outline") or [])
    contexts = [_context(t, outline) for t in targets]
    n = max(len(targets) - 1, 1)
    return _Side(
        items=targets,
        indicator=[_key(t.get("indicator") or t.get("text") or "") for t in targets],
        text=[_key(t.get("text") or "") for t in targets],
        context=[c for c, _ in contexts],
        context_kind=[k for _, k in contexts],
        number=[_number(t) for t in targets],
        unit=[_key(t.get("unit") or "") for t in targets],
        tier=[t.get("tier") for t in targets],
        timeframe=[json.dumps(t.get("timeframe"), sort_keys=True) for t in targets],
        code=[t.get("indicator_code") for t in targets],
        position=np.arange(len(targets), dtype=float) / n,
    )


def _ratio(a: list[str], b: list[str], scorer: Callable[..., float]) -> np.ndarray:
    return process.cdist(a, b, scorer=scorer, dtype=np.float32, workers=1).astype(float) / 100.0


def _equal(a: Sequence[Any], b: Sequence[Any]) -> np.ndarray:
    return np.array([[x == y for y in b] for x in a], dtype=float).reshape(len(a), len(b))


def target_scores(old: _Side, new: _Side) -> np.ndarray:
    """Similarity in [about 0, 1.1] of every old target to every new one (-inf: never the same)."""
    shape = (len(old.items), len(new.items))
    if 0 in shape:
        return np.zeros(shape)
    w = TARGET_WEIGHTS
    indicator = (
        _ratio(old.indicator, new.indicator, fuzz.token_set_ratio)
        + _ratio(old.indicator, new.indicator, fuzz.token_sort_ratio)
    ) / 2
    text = _ratio(old.text, new.text, fuzz.token_sort_ratio)
    context = 0.7 * _ratio(old.context, new.context, fuzz.token_set_ratio) + 0.3 * _equal(
        old.context_kind, new.context_kind
    )
    value = np.empty(shape)
    for i, (a, ua) in enumerate(zip(old.number, old.unit, strict=True)):
        for j, (b, ub) in enumerate(zip(new.number, new.unit, strict=True)):
            if a is None or b is None:
                value[i, j] = 1.0 if a is None and b is None else 0.3
                continue
            scale = max(abs(a), abs(b)) or 1.0
            value[i, j] = (1.0 - min(1.0, abs(a - b) / scale)) * (1.0 if ua == ub else 0.5)
    score = (
        w["indicator"] * indicator
        + w["text"] * text
        + w["context"] * context
        + w["value"] * value
        + w["timeframe"] * _equal(old.timeframe, new.timeframe)
        + w["tier"] * _equal(old.tier, new.tier)
        + w["position"] * (1.0 - np.abs(old.position[:, None] - new.position[None, :]))
    )
    for i, a in enumerate(old.code):
        if a is None:
            continue
        for j, b in enumerate(new.code):
            if b is not None:
                score[i, j] += CODE_AGREES if a == b else CODE_DISAGREES
    wording = (w["indicator"] * indicator + w["text"] * text) / (w["indicator"] + w["text"])
    score[wording < MIN_WORDING] = -np.inf
    return score


def min_cost_assignment(cost: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Rows and columns of a minimum-cost matching that pairs every row or every column.

    The shortest augmenting path algorithm (Jonker-Volgenant, as in Crouse 2016),
    which is what scipy.optimize.linear_sum_assignment runs; written here because
    importing scipy.optimize alone costs more than half a second, more than a
    whole diff. Returns (rows, cols) sorted by row, like scipy.
    """
    if cost.shape[0] > cost.shape[1]:
        cols, rows = min_cost_assignment(cost.T)
        order = np.argsort(rows)
        return rows[order], cols[order]
    n, m = cost.shape
    u, v = np.zeros(n), np.zeros(m)
    col4row = np.full(n, -1)
    row4col = np.full(m, -1)
    for cur in range(n):
        shortest = np.full(m, np.inf)
        path = np.full(m, -1)
        seen_rows = np.zeros(n, dtype=bool)
        seen_cols = np.zeros(m, dtype=bool)
        i, min_val, sink = cur, 0.0, -1
        while sink < 0:
            seen_rows[i] = True
            reduced = min_val + cost[i] - u[i] - v
            better = ~seen_cols & (reduced < shortest)
            path[better] = i
            shortest[better] = reduced[better]
            open_cost = np.where(seen_cols, np.inf, shortest)
            min_val = float(open_cost.min())
            if not np.isfinite(min_val):
                raise ValueError("cost matrix is infeasible")
            ties = np.flatnonzero(open_cost == min_val)
            free = ties[row4col[ties] < 0]
            j = int(free[0] if free.size else ties[0])
            seen_cols[j] = True
            if row4col[j] < 0:
                sink = j
            else:
                i = int(row4col[j])
        u[cur] += min_val
        others = seen_rows.copy()
        others[cur] = False
        u[others] += min_val - shortest[col4row[others]]
        v[seen_cols] -= min_val - shortest[seen_cols]
        j = sink
        while True:
            i = int(path[j])
            row4col[j] = i
            col4row[i], j = j, int(col4row[i])
            if i == cur:
                break
    return np.arange(n), col4row


def align(score: np.ndarray, min_score: float) -> list[tuple[int | None, int | None, float | None]]:
    """Pair rows with columns maximising the total similarity above ``min_score``.

    Leaving an item unpaired is worth 0 and a pair its margin over ``min_score``,
    so a weak pair never displaces a strong one. Returns (old index | None, new index | None, score | None) for every item of
    both sides exactly once.
    """
    n_old, n_new = score.shape
    pairs: list[tuple[int | None, int | None, float | None]] = []
    paired_old: set[int] = set()
    paired_new: set[int] = set()
    if n_old and n_new:
        cost = np.minimum(0.0, min_score - np.where(np.isfinite(score), score, -np.inf))
        rows, cols = min_cost_assignment(cost)
        for i, j in zip(rows.tolist(), cols.tolist(), strict=True):
            if np.isfinite(score[i, j]) and score[i, j] >= min_score:
                pairs.append((i, j, float(score[i, j])))
                paired_old.add(i)
                paired_new.add(j)
    pairs += [(i, None, None) for i in range(n_old) if i not in paired_old]
    pairs += [(None, j, None) for j in range(n_new) if j not in paired_new]
    return _in_reading_order(pairs)


def _in_reading_order(
    pairs: list[tuple[int | None, int | None, float | None]],
) -> list[tuple[int | None, int | None, float | None]]:
    """Order by the new document, each removed item after the new place of its old predecessor."""
    new_of_old = {i: j for i, j, _ in pairs if i is not None and j is not None}

    def key(p: tuple[int | None, int | None, float | None]) -> tuple[float, int, int]:
        i, j, _ = p
        if j is not None:
            return (float(j), 1, 0)
        anchor = -1.0
        for k in range(i - 1, -1, -1):  # type: ignore[operator]
            if k in new_of_old:
                anchor = float(new_of_old[k])
                break
        return (anchor, 2, i)  # type: ignore[return-value]

    return sorted(pairs, key=key)


# --- classification ---------------------------------------------------------------


def _body_names(bodies: Any) -> list[str]:
    if not bodies:
        return []
    if isinstance(bodies, str | dict):
        bodies = [bodies]
    names = []
    for b in bodies:
        name = b if isinstance(b, str) else (b.get("name") or b.get("text") or "")
        if name and _key(name) not in {_key(n) for n in names}:
            names.append(name)
    return sorted(names, key=_key)


def _comparable(field: str, value: Any) -> Any:
    """The form in which two values of ``field`` are equal exactly when they mean the same."""
    if field in BODY_FIELDS:
        return sorted(_key(n) for n in _body_names(value))
    if isinstance(value, int | float) and not isinstance(value, bool):
        return round(float(value), 6)
    if isinstance(value, str):
        return _key(value)
    if isinstance(value, dict):
        return json.dumps(value, sort_keys=True)
    return value


def _shown(field: str, value: Any) -> Any:
    if field in BODY_FIELDS:
        return _body_names(value)
    return value


def _target_fields(t: dict[str, Any]) -> dict[str, Any]:
    responsible = t.get("responsible") or {}
    fields = {f: t.get(f) for f in TARGET_FIELDS if f not in BODY_FIELDS}
    fields |= {f: responsible.get(f) for f in BODY_FIELDS}
    return fields


def field_changes(old: dict[str, Any], new: dict[str, Any], fields: Sequence[str]) -> dict[str, list[Any]]:
    """``{field: [old, new]}`` for every field whose meaning differs."""
    changes = {}
    for f in fields:
        a, b = old.get(f), new.get(f)
        if _comparable(f, a) != _comparable(f, b):
            changes[f] = [_shown(f, a), _shown(f, b)]
    return changes


def _classify(
    old: dict[str, Any] | None,
    new: dict[str, Any] | None,
    fields_of: Callable[[dict[str, Any]], dict[str, Any]],
    names: Sequence[str],
    wording: str,
) -> tuple[str, dict[str, list[Any]]]:
    """Status and ``{field: [old, new]}`` of an aligned pair (or of a one-sided one)."""
    if old is None or new is None:
        return ("added" if old is None else "removed"), {}
    changes = field_changes(fields_of(old), fields_of(new), names)
    if changes:
        return "changed", changes
    same = _key(old.get(wording) or "") == _key(new.get(wording) or "")
    return ("unchanged" if same else "reworded"), changes


def diff_targets(old: dict[str, Any], new: dict[str, Any]) -> list[dict[str, Any]]:
    """One entry per target of either side, in reading order of NEW."""
    a, b = _side(old), _side(new)
    entries = []
    for i, j, score in align(target_scores(a, b), TARGET_MIN_SCORE):
        t_old = a.items[i] if i is not None else None
        t_new = b.items[j] if j is not None else None
        status, changes = _classify(t_old, t_new, _target_fields, TARGET_FIELDS, "text")
        shown = t_new or t_old or {}
        entries.append(
            {
                "status": status,
                "old_id": t_old.get("id") if t_old else None,
                "new_id": t_new.get("id") if t_new else None,
                "old_text": t_old.get("text") if t_old else None,
                "new_text": t_new.get("text") if t_new else None,
                "old_section": t_old.get("section") if t_old else None,
                "new_section": t_new.get("section") if t_new else None,
                "indicator": shown.get("indicator"),
                "indicator_code": shown.get("indicator_code"),
                "score": round(score, 3) if score is not None else None,
                "changes": changes,
            }
        )
    return entries


def _scheme_fields(s: dict[str, Any]) -> dict[str, Any]:
    return {f: s.get(f) for f in SCHEME_FIELDS}


def scheme_scores(old: list[dict[str, Any]], new: list[dict[str, Any]]) -> np.ndarray:
    shape = (len(old), len(new))
    if 0 in shape:
        return np.zeros(shape)
    names_a = [_key(s.get("name") or "") for s in old]
    names_b = [_key(s.get("name") or "") for s in new]
    obj_a = [_key(s.get("objective") or "") for s in old]
    obj_b = [_key(s.get("objective") or "") for s in new]
    name = (
        _ratio(names_a, names_b, fuzz.token_set_ratio) + _ratio(names_a, names_b, fuzz.token_sort_ratio)
    ) / 2
    pos_a = np.arange(len(old)) / max(len(old) - 1, 1)
    pos_b = np.arange(len(new)) / max(len(new) - 1, 1)
    w = SCHEME_WEIGHTS
    score = (
        w["name"] * name
        + w["objective"] * _ratio(obj_a, obj_b, fuzz.token_sort_ratio)
        + w["position"] * (1.0 - np.abs(pos_a[:, None] - pos_b[None, :]))
    )
    score[name < MIN_WORDING] = -np.inf
    return score


def diff_schemes(old: dict[str, Any], new: dict[str, Any]) -> list[dict[str, Any]]:
    a, b = list(old.get("schemes") or []), list(new.get("schemes") or [])
    entries = []
    for i, j, score in align(scheme_scores(a, b), SCHEME_MIN_SCORE):
        s_old = a[i] if i is not None else None
        s_new = b[j] if j is not None else None
        status, changes = _classify(s_old, s_new, _scheme_fields, SCHEME_FIELDS, "name")
        entries.append(
            {
                "status": status,
                "old_id": s_old.get("id") if s_old else None,
                "new_id": s_new.get("id") if s_new else None,
                "old_name": s_old.get("name") if s_old else None,
                "new_name": s_new.get("name") if s_new else None,
                "score": round(score, 3) if score is not None else None,
                "changes": changes,
            }
        )
    return entries


# --- metadata -------------------------------------------------------------------


def _same_number(a: str | None, b: str | None) -> bool:
    return bool(a and b) and _NUMBER_SPACE.sub("", _key(a)) == _NUMBER_SPACE.sub("", _key(b))


def check_replaces(
    old_doc: dict[str, Any], new_doc: dict[str, Any]
) -> tuple[dict[str, Any], list[dict[str, str]]]:
    """Does NEW declare that it replaces OLD (by number, and date when both give one)?"""
    declared = [
        {"number": r.get("number"), "date": r.get("date")}
        for r in (new_doc.get("replaces") or [])
        if isinstance(r, dict)
    ]
    number, date = old_doc.get("number"), old_doc.get("date")
    warnings: list[dict[str, str]] = []
    matches: bool | None
    if number and _same_number(new_doc.get("number"), number):
        matches = None  # two copies (or formats) of one version: nothing replaces anything
    elif not number:
        matches = None
        warnings.append(
            {
                "kind": "old_number_unknown",
                "message": "OLD gives no document number: cannot check that NEW replaces it",
            }
        )
    else:
        hits = [r for r in declared if _same_number(r["number"], number)]
        matches = bool(hits)
        old_name = f"{number}" + (f" of {date}" if date else "")
        if not declared:
            warnings.append(
                {"kind": "replaces_missing", "message": f"NEW does not declare that it replaces {old_name}"}
            )
        elif not hits:
            listed = ", ".join(str(r["number"]) + (f" of {r['date']}" if r["date"] else "") for r in declared)
            warnings.append(
                {
                    "kind": "replaces_other",
                    "message": f"NEW declares that it replaces {listed}, not OLD {old_name}",
                }
            )
        elif date and all(r["date"] and r["date"] != date for r in hits):
            warnings.append(
                {
                    "kind": "replaces_date_mismatch",
                    "message": f"NEW replaces {number} of {hits[0]['date']}, but OLD is dated {date}",
                }
            )
    return {"declared": declared, "matches_old": matches}, warnings


def _document_summary(result: dict[str, Any], path: str | None) -> dict[str, Any]:
    doc = result.get("document") or {}
    return {
        "id": doc.get("id"),
        "path": path or (doc.get("source") or {}).get("path"),
        "title": doc.get("title"),
        "number": doc.get("number"),
        "date": doc.get("date"),
    }


def diff_programs(
    old: dict[str, Any], new: dict[str, Any], old_path: str | None = None, new_path: str | None = None
) -> dict[str, Any]:
    """Compare two extraction results (OUTPUT_CONTRACT dicts); returns the diff JSON."""
    old_doc, new_doc = old.get("document") or {}, new.get("document") or {}
    targets = diff_targets(old, new)
    schemes = diff_schemes(old, new)
    replaces, warnings = check_replaces(old_doc, new_doc)
    document_changes = field_changes(old_doc, new_doc, DOCUMENT_FIELDS)
    counts = {
        "targets": {s: 0 for s in STATUSES} | Counter(e["status"] for e in targets),
        "schemes": {s: 0 for s in STATUSES} | Counter(e["status"] for e in schemes),
    }
    differences = bool(document_changes) or any(e["status"] != "unchanged" for e in targets + schemes)
    return {
        "schema_version": DIFF_SCHEMA_VERSION,
        "pipeline_version": __version__,
        "old": _document_summary(old, old_path),
        "new": _document_summary(new, new_path),
        "replaces": replaces,
        "document_changes": document_changes,
        "summary": {**counts, "differences": differences},
        "targets": targets,
        "schemes": schemes,
        "warnings": warnings,
    }


@cache
def _validator() -> Any:
    import jsonschema

    schema = json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator.check_schema(schema)
    return jsonschema.Draft202012Validator(schema)


def validate_diff(result: dict[str, Any]) -> None:
    """Raise jsonschema.ValidationError when ``result`` breaks schemas/diff.schema.json."""
    _validator().validate(result)


# --- rendering -------------------------------------------------------------------

_STATUS_STYLE = {
    "unchanged": "dim",
    "reworded": "cyan",
    "changed": "yellow",
    "added": "green",
    "removed": "red",
}


def show_value(field: str, value: Any) -> str:
    """A field value as a reader wants it: 97, by 2030, 2026–2030, UBND xã, —."""
    if value is None or value == []:
        return "—"
    if isinstance(value, float):
        return f"{value:g}"
    if field == "timeframe" and isinstance(value, dict):
        kind = value.get("kind")
        if kind == "period":
            return f"{value.get('start')}–{value.get('end')}"
        if kind in ("by", "before"):
            return f"{kind} {value.get('year')}"
        return str(kind)
    if isinstance(value, list):
        return ", ".join(str(v) for v in value)
    return str(value)


def describe_changes(changes: dict[str, list[Any]]) -> list[str]:
    return [f"{f}: {show_value(f, a)} → {show_value(f, b)}" for f, (a, b) in changes.items()]


def _headline(result: dict[str, Any]) -> str:
    def name(d: dict[str, Any]) -> str:
        bits = [d.get("number") or d.get("id") or d.get("path") or "?"]
        if d.get("date"):
            bits.append(f"({d['date']})")
        return " ".join(str(b) for b in bits)

    return f"{name(result['old'])} → {name(result['new'])}"


def _summary_line(counts: dict[str, int]) -> str:
    return ", ".join(f"{counts[s]} {s}" for s in STATUSES)


def render_table(result: dict[str, Any], out: TextIO) -> None:
    from rich.console import Console
    from rich.table import Table

    console = Console(file=out, width=None if out.isatty() else 160, highlight=False)
    console.print(f"[bold]chitieu diff[/bold] {_headline(result)}")
    for w in result["warnings"]:
        console.print(f"[bold yellow]warning:[/bold yellow] {w['message']}")
    for f, (a, b) in result["document_changes"].items():
        console.print(f"document {f}: {show_value(f, a)} → {show_value(f, b)}")
    for what, entries, text_key in (
        ("Targets", result["targets"], "text"),
        ("Schemes", result["schemes"], "name"),
    ):
        table = Table(title=f"{what}: {_summary_line(result['summary'][what.lower()])}", show_lines=True)
        table.add_column("status")
        table.add_column("old", no_wrap=True)
        table.add_column("new", no_wrap=True)
        table.add_column(what[:-1].lower(), ratio=3)
        table.add_column("changes", ratio=2)
        shown = [e for e in entries if e["status"] != "unchanged"]
        for e in shown:
            style = _STATUS_STYLE[e["status"]]
            if e["status"] == "reworded":
                body = f"[dim]{_esc(e['old_' + text_key])}[/dim]\n{_esc(e['new_' + text_key])}"
            else:
                body = _esc(e["new_" + text_key] or e["old_" + text_key] or "")
            table.add_row(
                f"[{style}]{e['status']}[/{style}]",
                _esc(_where(e, "old")),
                _esc(_where(e, "new")),
                body,
                _esc("\n".join(describe_changes(e["changes"]))),
            )
        if shown:
            console.print(table)
        else:
            console.print(f"{what}: {_summary_line(result['summary'][what.lower()])}")
        if what == "Targets" and (moved := renumbered(result)):
            console.print(_esc(f"{len(moved)} items of unchanged targets renumbered: " + ", ".join(moved)))


def renumbered(result: dict[str, Any]) -> list[str]:
    """Items of unchanged targets whose number moved ("II.2.3.1.(6) → II.2.3.1.(5)"), each once:
    worth a line, not a row (an item with two targets moves once)."""
    moves = (
        f"{e['old_section']} → {e['new_section']}"
        for e in result["targets"]
        if e["status"] == "unchanged" and e["old_section"] != e["new_section"]
    )
    return list(dict.fromkeys(moves))


def _esc(s: str) -> str:
    from rich.markup import escape

    return escape(s)


def _where(e: dict[str, Any], side: str) -> str:
    ident = e.get(f"{side}_id")
    section = e.get(f"{side}_section")
    if ident is None:
        return ""
    return f"{ident} {section}" if section else str(ident)


def _md_cell(s: str | None) -> str:
    return (s or "").replace("|", "\\|").replace("\n", " ")


def render_markdown(result: dict[str, Any], out: TextIO) -> None:
    lines = [f"# chitieu diff: {_headline(result)}", ""]
    for w in result["warnings"]:
        lines.append(f"> **warning:** {w['message']}")
    if result["warnings"]:
        lines.append("")
    for f, (a, b) in result["document_changes"].items():
        lines.append(f"- document {f}: {show_value(f, a)} → {show_value(f, b)}")
    if result["document_changes"]:
        lines.append("")
    lines += ["| | " + " | ".join(STATUSES) + " |", "|---|" + "---:|" * len(STATUSES)]
    for what in ("targets", "schemes"):
        counts = result["summary"][what]
        lines.append(f"| {what} | " + " | ".join(str(counts[s]) for s in STATUSES) + " |")
    if moved := renumbered(result):
        lines += ["", f"{len(moved)} items of unchanged targets renumbered: " + ", ".join(moved)]
    for what, text_key in (("targets", "text"), ("schemes", "name")):
        shown = [e for e in result[what] if e["status"] != "unchanged"]
        if not shown:
            continue
        lines += [
            "",
            f"## {what.capitalize()}",
            "",
            "| status | old | new | old text | new text | changes |",
            "|---|---|---|---|---|---|",
        ]
        for e in shown:
            lines.append(
                "| "
                + " | ".join(
                    [
                        e["status"],
                        _md_cell(_where(e, "old")),
                        _md_cell(_where(e, "new")),
                        _md_cell(e[f"old_{text_key}"]),
                        _md_cell(e[f"new_{text_key}"]),
                        _md_cell("; ".join(describe_changes(e["changes"]))),
                    ]
                )
                + " |"
            )
    out.write("\n".join(lines) + "\n")


def _word_diff(old: str, new: str) -> tuple[str, str]:
    """Both texts as HTML with the words that differ wrapped in <del>/<ins>."""
    a, b = re.findall(r"\S+|\s+", old), re.findall(r"\S+|\s+", new)
    left, right = [], []
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        ta, tb = html.escape("".join(a[i1:i2])), html.escape("".join(b[j1:j2]))
        if op == "equal":
            left.append(ta)
            right.append(tb)
            continue
        if ta:
            left.append(f"<del>{ta}</del>")
        if tb:
            right.append(f"<ins>{tb}</ins>")
    return "".join(left), "".join(right)


_HTML_STYLE = """
body{font-family:system-ui,sans-serif;margin:1.5rem;color:#222}
h1{font-size:1.3rem} h2{font-size:1.1rem;margin-top:2rem}
table{border-collapse:collapse;width:100%;table-layout:fixed}
th,td{border:1px solid #ccc;padding:.35rem .5rem;vertical-align:top;text-align:left}
th{background:#f3f3f3} .status{width:6rem} .meta{width:9rem;font-size:.8rem;color:#555}
td.moved{font-weight:bold;color:#7a4b00}
tr.unchanged td{color:#888} tr.changed td.status{background:#fff3c4}
tr.reworded td.status{background:#dff4ff} tr.added td.status{background:#dcf5dc}
tr.removed td.status{background:#fbdcdc}
tr.added td.new{background:#f0fbf0} tr.removed td.old{background:#fdf0f0}
del{background:#f8c9c9;text-decoration:line-through} ins{background:#c9efc9;text-decoration:none}
ul.changes{margin:.3rem 0 0 1rem;padding:0;font-size:.85rem}
.warning{background:#fff3c4;padding:.4rem .6rem;border-left:4px solid #e0b000;margin:.3rem 0}
"""


def render_html(result: dict[str, Any], out: TextIO) -> None:
    """A self-contained page: OLD and NEW side by side, differing words and fields highlighted."""
    e_ = html.escape
    parts = [
        "<!DOCTYPE html>",
        '<html lang="vi"><head><meta charset="utf-8">',
        f"<title>chitieu diff: {e_(_headline(result))}</title>",
        f"<style>{_HTML_STYLE}</style></head><body>",
        f"<h1>chitieu diff: {e_(_headline(result))}</h1>",
    ]
    parts += [f'<p class="warning">{e_(w["message"])}</p>' for w in result["warnings"]]
    if result["document_changes"]:
        items = "".join(f"<li>{e_(c)}</li>" for c in describe_changes(result["document_changes"]))
        parts.append(f"<p>Document:</p><ul>{items}</ul>")
    for what, text_key in (("targets", "text"), ("schemes", "name")):
        parts.append(f"<h2>{what.capitalize()}: {e_(_summary_line(result['summary'][what]))}</h2>")
        parts.append(
            '<table><thead><tr><th class="status">status</th><th class="meta">old</th><th>OLD</th>'
            '<th class="meta">new</th><th>NEW</th></tr></thead><tbody>'
        )
        for e in result[what]:
            old_text, new_text = e[f"old_{text_key}"] or "", e[f"new_{text_key}"] or ""
            if e["status"] in ("reworded", "changed"):
                left, right = _word_diff(old_text, new_text)
            else:
                left, right = e_(old_text), e_(new_text)
            if e["changes"]:
                right += (
                    '<ul class="changes">'
                    + "".join(f"<li>{e_(c)}</li>" for c in describe_changes(e["changes"]))
                    + "</ul>"
                )
            moved = e.get("old_section") and e.get("new_section") and e["old_section"] != e["new_section"]
            meta = "meta moved" if moved else "meta"
            parts.append(
                f'<tr class="{e["status"]}"><td class="status">{e["status"]}</td>'
                f'<td class="meta">{e_(_where(e, "old"))}</td><td class="old">{left}</td>'
                f'<td class="{meta}">{e_(_where(e, "new"))}</td><td class="new">{right}</td></tr>'
            )
        parts.append("</tbody></table>")
    parts.append("</body></html>")
    out.write("\n".join(parts) + "\n")


def render_json(result: dict[str, Any], out: TextIO) -> None:
    validate_diff(result)
    out.write(json.dumps(result, ensure_ascii=False, indent=2) + "\n")


RENDERERS: dict[str, Callable[[dict[str, Any], TextIO], None]] = {
    "table": render_table,
    "markdown": render_markdown,
    "html": render_html,
    "json": render_json,
}


# --- the command ------------------------------------------------------------------


def run(args: argparse.Namespace) -> int:
    """`chitieu diff OLD NEW`: exit 0 when nothing differs, 1 when something does, 2 on error."""
    try:
        old = load_program(args.old)
        new = load_program(args.new)
    except DocumentError as err:
        print(f"chitieu diff: {err}", file=sys.stderr)
        return 2
    result = diff_programs(old, new, str(args.old), str(args.new))
    render = RENDERERS[args.format]
    if args.output:
        out_path = Path(args.output)
        try:
            out_path.parent.mkdir(parents=True, exist_ok=True)
            with open(out_path, "w", encoding="utf-8") as fh:
                render(result, fh)
        except OSError as err:
            print(f"chitieu diff: {DocumentError(out_path, err.strerror or str(err))}", file=sys.stderr)
            return 2
    else:
        render(result, sys.stdout)
    return 1 if result["summary"]["differences"] else 0
