"""Consistency warnings: slips in a program that an analyst must know about.

Programs restate the same target in several places (target list, task prose,
appendix table) and sometimes change its value on the way; they cite horizons
("đến năm 2030, tầm nhìn đến năm 1945") and number their lists by hand. Each
check here reads one extraction result and returns warnings that name every
place involved, so the reader can look at both and decide:

- inconsistent_value: one indicator stated with values that do not overlap;
- deadline_before_document / deadline_out_of_term: a deadline year before the
  document's date, or outside its term; a vision year that is not after its horizon;
- percent_over_100: a level above 100 %;
- numbering_gap / numbering_repeat: a sibling numbering that skips or repeats;
- numbering_mismatch: "3.1." standing under "2.".
"""

from __future__ import annotations

import argparse
import json
import re
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from itertools import pairwise
from pathlib import Path
from typing import Any

from .indicators import catalogue, classify_target
from .normalize import compare_key, match_key
from .numbering import STYLE_LEVEL, label_style

Warning_ = dict[str, Any]

# A vision ("tầm nhìn") year after a horizon year ("đến năm 2030"), in the match key.
_HORIZON_RE = re.compile(
    r"(?:(?P<horizon_kw>đến|trước)\s+(?:hết\s+)?năm\s+(?P<horizon>\d{4})[\s,;]*)?"
    r"(?P<vision_kw>tầm nhìn|định hướng)\s+(?:(?:đến|tới)\s+)?(?:(?:hết\s+)?năm\s+)?(?P<vision>\d{4})"
)
# A cited vision with no horizon before it is only suspicious when this far in the past.
VISION_PAST_TOLERANCE = 10


# --- places ----------------------------------------------------------------------


def _anchors(result: dict[str, Any]) -> list[tuple[int, int]]:
    """(offset, page) pairs known from the result, to place any offset on a page."""
    out = []
    for key in ("targets", "schemes", "references"):
        for item in result.get(key) or []:
            src = item.get("source") or {}
            if isinstance(src.get("start"), int) and isinstance(src.get("page"), int):
                out.append((src["start"], src["page"]))
    for sec in result.get("outline") or []:
        if isinstance(sec.get("start"), int) and isinstance(sec.get("page"), int):
            out.append((sec["start"], sec["page"]))
    return sorted(out)


def page_at(anchors: list[tuple[int, int]], offset: int) -> int | None:
    """Page of the nearest known place at or before ``offset``."""
    page = None
    for start, p in anchors:
        if start > offset:
            break
        page = p
    return page


def _place(start: int, end: int, page: int | None) -> dict[str, Any]:
    return {"page": page, "start": start, "end": end}


def _target_place(t: dict[str, Any]) -> dict[str, Any]:
    src = t.get("source") or {}
    return _place(src.get("start"), src.get("end"), src.get("page"))


def _where(t: dict[str, Any]) -> str:
    src = t.get("source") or {}
    section = t.get("section")
    parts = [section] if section else []
    if src.get("page") is not None:
        parts.append(f"p. {src['page']}")
    return ", ".join(parts) or "?"


def _fmt(x: float) -> str:
    return f"{x:g}".replace(".", ",")


def _stated(t: dict[str, Any]) -> str:
    unit = t.get("unit") or ""
    sep = "" if unit == "%" else " "
    if t.get("low") is not None and t.get("high") is not None:
        return f"{_fmt(t['low'])}–{_fmt(t['high'])}{sep}{unit}".strip()
    return f"{_fmt(t['value'])}{sep}{unit}".strip()


# --- inconsistent values -------------------------------------------------------------


def _interval(t: dict[str, Any]) -> tuple[float, float] | None:
    low, high, value = t.get("low"), t.get("high"), t.get("value")
    if isinstance(low, (int, float)) and isinstance(high, (int, float)):
        return float(min(low, high)), float(max(low, high))
    if isinstance(value, (int, float)):
        return float(value), float(value)
    return None


def _horizon(t: dict[str, Any], term_end: int | None) -> Any:
    tf = t.get("timeframe") or {}
    kind = tf.get("kind")
    if kind in ("by", "before"):
        return tf.get("year")
    if kind == "period":
        return tf.get("end")
    if kind == "term":
        return term_end or "term"
    if kind == "annual":
        return "annual"
    return None  # unknown: compatible with anything


def _comparable(a: dict[str, Any], b: dict[str, Any], term_end: int | None) -> bool:
    if (a.get("unit") or None) != (b.get("unit") or None):
        return False
    if {a.get("direction"), b.get("direction")} - {"level", "maintain", None} and a.get("direction") != b.get(
        "direction"
    ):
        return False
    ha, hb = _horizon(a, term_end), _horizon(b, term_end)
    if ha is None or hb is None:  # an unstated horizon may be any multi-year one, not a yearly rate
        return "annual" not in (ha, hb)
    return ha == hb


def _indicator_group(t: dict[str, Any]) -> str | None:
    code = t.get("indicator_code")
    if code is None and "indicator_code" not in t:
        code, _ = classify_target(t)
    if code:
        return f"code:{code}"
    if t.get("indicator"):
        return "wording:" + compare_key(t["indicator"])
    return None


def check_values(result: dict[str, Any]) -> list[Warning_]:
    """The same indicator stated with values that do not overlap, naming both places."""
    term_end = ((result.get("document") or {}).get("term") or {}).get("end")
    groups: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for t in result.get("targets") or []:
        group = _indicator_group(t)
        if group and _interval(t) is not None and (t.get("source") or {}).get("start") is not None:
            groups[group].append(t)
    warnings = []
    for group, targets in groups.items():
        targets = _first_of_each_statement(targets, term_end)
        reported: set[tuple[float, float]] = set()
        for i, a in enumerate(targets):
            for b in targets[i + 1 :]:
                ia, ib = _interval(a), _interval(b)
                if ia is None or ib is None or not _comparable(a, b, term_end):
                    continue
                if ia[1] < ib[0] or ib[1] < ia[0]:
                    pair = (min(ia + ib), max(ia + ib))
                    if pair in reported:
                        continue
                    reported.add(pair)
                    name = _indicator_name(group, a)
                    warnings.append(
                        {
                            "kind": "inconsistent_value",
                            "message": f"{name} is {_stated(a)} at {_where(a)} but {_stated(b)} at {_where(b)}",
                            "sources": [_target_place(a), _target_place(b)],
                        }
                    )
    return warnings


def _first_of_each_statement(targets: list[dict[str, Any]], term_end: int | None) -> list[dict[str, Any]]:
    """The first target of each distinct (value, unit, direction, horizon): later restatements
    meet the same pairs, so the pairs compared grow with the distinct statements, not the targets."""
    seen: set[tuple[Any, ...]] = set()
    out = []
    for t in targets:
        key = (_interval(t), t.get("unit") or None, t.get("direction"), _horizon(t, term_end))
        if key not in seen:
            seen.add(key)
            out.append(t)
    return out


def _indicator_name(group: str, t: dict[str, Any]) -> str:
    if group.startswith("code:"):
        entry = catalogue().get(group[5:])
        if entry is not None:
            return f"“{entry.label_vi}” ({entry.code})"
    return f"“{t.get('indicator')}”"


# --- deadlines -----------------------------------------------------------------------


def _document_years(result: dict[str, Any]) -> tuple[int | None, int | None, int | None]:
    doc = result.get("document") or {}
    date = doc.get("date")
    year = int(date[:4]) if isinstance(date, str) and date[:4].isdigit() else None
    term = doc.get("term") or {}
    start, end = term.get("start"), term.get("end")
    return year, start if isinstance(start, int) else None, end if isinstance(end, int) else None


def check_deadlines(result: dict[str, Any]) -> list[Warning_]:
    """Deadline years before the document's date or outside its term."""
    doc_year, term_start, term_end = _document_years(result)
    warnings = []
    for t in result.get("targets") or []:
        tf = t.get("timeframe") or {}
        kind = tf.get("kind")
        if kind in ("by", "before"):
            first = last = tf.get("year")
        elif kind == "period":
            first, last = tf.get("start"), tf.get("end")
        else:
            continue
        if not isinstance(first, int) or not isinstance(last, int):
            continue
        quoted = f"“{(t.get('text') or '').strip()[:80]}” at {_where(t)}"
        if doc_year is not None and last < doc_year:
            warnings.append(
                {
                    "kind": "deadline_before_document",
                    "message": f"deadline {last} is before the document's date ({doc_year}): {quoted}",
                    "sources": [_target_place(t)],
                }
            )
        elif term_start is not None and term_end is not None and (last > term_end or last < term_start):
            warnings.append(
                {
                    "kind": "deadline_out_of_term",
                    "message": f"deadline {last} is outside the term {term_start}–{term_end}: {quoted}",
                    "sources": [_target_place(t)],
                }
            )
    return warnings


def check_horizons(result: dict[str, Any]) -> list[Warning_]:
    """Vision years in the text ("tầm nhìn đến năm 1945") that cannot be right."""
    text = result.get("text") or ""
    doc_year, _, _ = _document_years(result)
    anchors = _anchors(result)
    warnings = []
    for m in _HORIZON_RE.finditer(match_key(text)):
        vision = int(m.group("vision"))
        horizon = int(m.group("horizon")) if m.group("horizon") else None
        behind_horizon = horizon is not None and vision <= horizon
        long_past = doc_year is not None and vision < doc_year - VISION_PAST_TOLERANCE
        if not (behind_horizon or long_past):
            continue  # an older document cited with its own horizon and vision is fine
        reasons = [f"is not after its horizon {horizon}"] if behind_horizon else []
        if doc_year is not None and vision < doc_year:
            reasons.append(f"is before the document's date ({doc_year})")
        start, end = m.start(), m.end()
        kind = (
            "deadline_before_document" if doc_year is not None and vision < doc_year else "implausible_year"
        )
        warnings.append(
            {
                "kind": kind,
                "message": f"vision year {vision} in “{text[start:end]}” {' and '.join(reasons)}",
                "sources": [_place(start, end, page_at(anchors, start))],
            }
        )
    return warnings


# --- percentages ---------------------------------------------------------------------


def check_percentages(result: dict[str, Any]) -> list[Warning_]:
    """Levels above 100 % (an increase may exceed 100 %; a share or a decrease may not)."""
    warnings = []
    for t in result.get("targets") or []:
        if t.get("unit") != "%" or t.get("direction") == "increase":
            continue
        numbers = [x for x in (t.get("value"), t.get("low"), t.get("high")) if isinstance(x, (int, float))]
        if numbers and max(numbers) > 100:
            warnings.append(
                {
                    "kind": "percent_over_100",
                    "message": f"{_stated(t)} is above 100 %: “{(t.get('text') or '').strip()[:80]}” at {_where(t)}",
                    "sources": [_target_place(t)],
                }
            )
    return warnings


# --- numbering -----------------------------------------------------------------------


@dataclass
class Heading:
    """A numbered heading or list item: its label parsed, and where it stands."""

    label: str
    style: str
    numbers: tuple[int, ...]
    level: int
    start: int
    end: int
    page: int | None
    title: str
    parent: int | None = None

    @property
    def place(self) -> dict[str, Any]:
        return _place(self.start, self.end, self.page)

    def show(self) -> str:
        title = self.title.strip()
        return f"“{self.label} {title[:50]}”" if title else f"“{self.label}”"


def _line_end(text: str, start: int, end: int | None) -> int:
    """End of the heading line at ``start`` (an outline section spans its whole body)."""
    stop = text.find("\n", start)
    stop = len(text) if stop < 0 else stop
    return min(stop, end) if isinstance(end, int) and end > start else stop


def _outline_headings(result: dict[str, Any]) -> list[Heading]:
    text = result.get("text") or ""
    out = []
    for sec in result.get("outline") or []:
        parsed = label_style(sec.get("label") or "")
        if parsed is None or not isinstance(sec.get("start"), int):
            continue
        style, numbers = parsed
        level = sec.get("level") if isinstance(sec.get("level"), int) else STYLE_LEVEL[style]
        out.append(
            Heading(
                label=sec["label"].strip(),
                style=style,
                numbers=numbers,
                level=level,
                start=sec["start"],
                end=_line_end(text, sec["start"], sec.get("end")),
                page=sec.get("page"),
                title=sec.get("title") or "",
            )
        )
    return out


_PARAGRAPH_RE = re.compile(r"[^\n]+")


def _scanned_headings(result: dict[str, Any]) -> list[Heading]:
    """Headings found at the start of paragraphs, when the result carries no outline."""
    text = result.get("text") or ""
    anchors = _anchors(result)
    out = []
    for m in _PARAGRAPH_RE.finditer(text):
        line = m.group(0)
        if "\t" in line:
            continue  # table rows number their own rows
        label = line.split(" ", 1)[0]
        parsed = label_style(label)
        if parsed is None:
            continue
        style, numbers = parsed
        level = STYLE_LEVEL[style] + (len(numbers) - 1 if style == "dotted" else 0)
        out.append(
            Heading(
                label=label,
                style=style,
                numbers=numbers,
                level=level,
                start=m.start(),
                end=m.start() + len(label),
                page=page_at(anchors, m.start()),
                title=line[len(label) :].strip(),
            )
        )
    return out


def headings(result: dict[str, Any]) -> list[Heading]:
    """The numbered headings of a result, each linked to its parent (the nearest shallower one)."""
    hs = _outline_headings(result) or _scanned_headings(result)
    hs.sort(key=lambda h: h.start)
    stack: list[int] = []
    for i, h in enumerate(hs):
        while stack and hs[stack[-1]].level >= h.level:
            stack.pop()
        h.parent = stack[-1] if stack else None
        stack.append(i)
    return hs


def check_numbering(result: dict[str, Any]) -> list[Warning_]:
    """Gaps and repeats among sibling numbers, and sub-headings numbered under the wrong parent."""
    hs = headings(result)
    warnings: list[Warning_] = []
    siblings: dict[tuple[int | None, str, int, tuple[int, ...]], list[Heading]] = defaultdict(list)
    for h in hs:
        prefix = h.numbers[:-1]
        siblings[(h.parent, h.style, len(h.numbers), prefix)].append(h)
    for (parent, _style, _depth, _prefix), group in siblings.items():
        under = f" under {hs[parent].show()}" if parent is not None else ""
        for prev, cur in pairwise(group):
            a, b = prev.numbers[-1], cur.numbers[-1]
            if b == a:
                kind, what = "numbering_repeat", f"{cur.show()} repeats the number of {prev.show()}"
            elif b > a + 1:
                kind, what = "numbering_gap", f"numbering jumps from {prev.label} to {cur.label}"
            else:
                continue  # in sequence, or a new list restarting
            warnings.append({"kind": kind, "message": f"{what}{under}", "sources": [prev.place, cur.place]})
    mismatched: dict[tuple[int, tuple[int, ...]], list[Heading]] = defaultdict(list)
    for h in hs:
        if h.style != "dotted" or h.parent is None:
            continue
        parent = hs[h.parent]
        if parent.style not in ("number", "dotted"):
            continue
        if len(parent.numbers) == len(h.numbers) - 1 and parent.numbers != h.numbers[:-1]:
            mismatched[(h.parent, h.numbers[:-1])].append(h)
    for (parent_index, _prefix), group in mismatched.items():
        parent = hs[parent_index]
        labels = ", ".join(h.label for h in group)
        expected = ".".join(map(str, parent.numbers))
        warnings.append(
            {
                "kind": "numbering_mismatch",
                "message": f"{labels} stand under {parent.show()}; expected {expected}.1, {expected}.2, …",
                "sources": [parent.place, *(h.place for h in group)],
            }
        )
    return warnings


# --- all checks ----------------------------------------------------------------------

CHECKS: tuple[Callable[[dict[str, Any]], list[Warning_]], ...] = (
    check_values,
    check_deadlines,
    check_horizons,
    check_percentages,
    check_numbering,
)


def check(result: dict[str, Any]) -> list[Warning_]:
    """Given an extraction result (contract JSON), return its consistency warnings.

    Never raises: a check that fails on odd input reports itself as a ``check_error``
    warning instead of hiding the others.
    """
    warnings: list[Warning_] = []
    if not isinstance(result, dict):
        return warnings
    for fn in CHECKS:
        try:
            warnings.extend(fn(result))
        except Exception as exc:  # odd input must not stop extraction
            warnings.append(
                {"kind": "check_error", "message": f"{fn.__name__} failed: {exc!r}", "sources": []}
            )
    return warnings


def merge(existing: Iterable[Warning_], new: Iterable[Warning_]) -> list[Warning_]:
    """Warnings of both lists, each (kind, message) once, in order."""
    seen, out = set(), []
    for w in [*existing, *new]:
        key = (w.get("kind"), w.get("message"))
        if key not in seen:
            seen.add(key)
            out.append(w)
    return out


def load_result(path: str | Path) -> dict[str, Any]:
    """A result from its JSON output, or by extracting the source document."""
    p = Path(path)
    if p.suffix.lower() == ".json":
        from .errors import DocumentError

        try:
            data = json.loads(p.read_text(encoding="utf-8"))
        except FileNotFoundError as exc:
            raise DocumentError(p, "no such file") from exc
        except (OSError, json.JSONDecodeError) as exc:
            raise DocumentError(p, f"not a readable JSON output ({exc})") from exc
        if not isinstance(data, dict) or "targets" not in data:
            raise DocumentError(p, "not a chitieu output (no 'targets')")
        return data
    from .extract import extract_file

    return extract_file(p)


def format_warning(w: Warning_) -> str:
    pages = sorted({s.get("page") for s in w.get("sources") or [] if s.get("page") is not None})
    where = ("p. " + ", ".join(map(str, pages))) if pages else ""
    return f"{w.get('kind', '?'):<26} {where:<10} {w.get('message', '')}"


def run(args: argparse.Namespace) -> int:
    """``chitieu check FILE``: print the consistency warnings of a document or its JSON.

    A document that cannot be read raises DocumentError: the CLI says so in one line (exit 2).
    """
    result = load_result(args.file)
    warnings = merge(result.get("warnings") or [], check(result))
    doc_id = (result.get("document") or {}).get("id") or Path(args.file).stem
    print(f"{doc_id}: {len(warnings)} warning{'s' if len(warnings) != 1 else ''}")
    for w in warnings:
        print("  " + format_warning(w))
    return 0
