"""`chitieu eval`: score extraction against the gold annotations (ANNOTATION.md "Matching and scoring").

A predicted target matches a gold one when its text contains the gold ``key``
(both compared with ``normalize.compare_key``: NFC, lower case, collapsed white
space, old/new tone placement unified) and, where gold has numbers, the same
value (or low and high). Matching is one-to-one and optimal: among the
admissible pairs, the assignment with most pairs and then most agreeing fields
(scipy's linear_sum_assignment), so a target repeated in the list and in the
appendix pairs with the mention whose fields it shares. Recall counts the
``list`` and ``prose`` gold targets; a prediction matching none is a false
positive unless it matches an ``optional`` one. Field accuracy is over matched
pairs: value, unit (where gold's is %, money, km, ha or lần), comparator,
direction, timeframe, and lead where gold names one (after expanding UBND, HĐND,
MTTQ(VN), BCH, BTV; fuzzy comparison with rapidfuzz).
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .errors import DocumentError
from .normalize import compare_key

FORMATS = (".txt", ".docx", ".pdf")
SCORED_UNITS = {"%", "triệu đồng", "tỷ đồng", "km", "ha", "lần"}
FIELDS = ("value", "unit", "comparator", "direction", "timeframe", "lead")
METADATA_FIELDS = ("number", "date", "issuer", "place", "term", "replaces", "signer")
ABBREVIATIONS = {
    "ubnd": "ủy ban nhân dân",
    "hđnd": "hội đồng nhân dân",
    "ubmttqvn": "ủy ban mặt trận tổ quốc việt nam",
    "ubmttq": "ủy ban mặt trận tổ quốc",
    "mttqvn": "mặt trận tổ quốc việt nam",
    "mttq": "mặt trận tổ quốc",
    "bch": "ban chấp hành",
    "btv": "ban thường vụ",
}
LEAD_SIMILARITY = 85.0
EPS = 1e-6


@dataclass
class Score:
    """Counts for one document (or a sum of documents)."""

    gold: int = 0  # list + prose gold targets
    predicted: int = 0
    matched: int = 0
    false_positives: int = 0
    optional_matched: int = 0
    fields: dict[str, list[int]] = field(default_factory=lambda: {f: [0, 0] for f in FIELDS})  # right, total
    metadata: dict[str, list[int]] = field(default_factory=lambda: {f: [0, 0] for f in METADATA_FIELDS})
    misses: list[dict[str, Any]] = field(default_factory=list)
    false_positive_texts: list[dict[str, Any]] = field(default_factory=list)
    field_errors: list[dict[str, Any]] = field(default_factory=list)

    def add(self, other: Score) -> None:
        self.gold += other.gold
        self.predicted += other.predicted
        self.matched += other.matched
        self.false_positives += other.false_positives
        self.optional_matched += other.optional_matched
        for f in FIELDS:
            self.fields[f][0] += other.fields[f][0]
            self.fields[f][1] += other.fields[f][1]
        for f in METADATA_FIELDS:
            self.metadata[f][0] += other.metadata[f][0]
            self.metadata[f][1] += other.metadata[f][1]

    @property
    def recall(self) -> float:
        return self.matched / self.gold if self.gold else 1.0

    @property
    def precision(self) -> float:
        counted = self.matched + self.false_positives
        return self.matched / counted if counted else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def summary(self) -> dict[str, Any]:
        return {
            "gold": self.gold,
            "predicted": self.predicted,
            "matched": self.matched,
            "false_positives": self.false_positives,
            "optional_matched": self.optional_matched,
            "recall": round(self.recall, 4),
            "precision": round(self.precision, 4),
            "f1": round(self.f1, 4),
            "fields": {f: _ratio(*self.fields[f]) for f in FIELDS},
            "metadata": {f: _ratio(*self.metadata[f]) for f in METADATA_FIELDS},
        }


def _ratio(right: int, total: int) -> float | None:
    return round(right / total, 4) if total else None


# --- matching ------------------------------------------------------------------------------


def _same(a: float | None, b: float | None) -> bool:
    if a is None or b is None:
        return a is None and b is None
    return abs(float(a) - float(b)) < EPS


def admissible(pred: dict[str, Any], gold: dict[str, Any], pred_key: str | None = None) -> bool:
    """Does a predicted target match a gold one (key contained, same numbers where gold has them)?"""
    text = pred_key if pred_key is not None else compare_key(pred["text"])
    if compare_key(gold["key"]) not in text:
        return False
    if gold.get("value") is not None and not _same(pred.get("value"), gold["value"]):
        return False
    if gold.get("low") is not None or gold.get("high") is not None:
        return _same(pred.get("low"), gold.get("low")) and _same(pred.get("high"), gold.get("high"))
    return True


def expand_body(name: str) -> str:
    words = compare_key(name).replace("(", " ").replace(")", " ").split()
    return " ".join(ABBREVIATIONS.get(w, w) for w in words).strip(" .,;-")


def same_body(predicted: list[dict[str, Any]], gold_name: str) -> bool:
    from rapidfuzz import fuzz

    want = expand_body(gold_name)
    for body in predicted:
        for written in (body.get("text"), body.get("name")):
            if written and fuzz.ratio(expand_body(written), want) >= LEAD_SIMILARITY:
                return True
    return False


def field_checks(pred: dict[str, Any], gold: dict[str, Any]) -> dict[str, bool | None]:
    """Each field's verdict for a matched pair (None: not scored for this gold target)."""
    checks: dict[str, bool | None] = {
        "value": _same(pred.get("value"), gold.get("value"))
        and _same(pred.get("low"), gold.get("low"))
        and _same(pred.get("high"), gold.get("high")),
        "unit": pred.get("unit") == gold.get("unit") if gold.get("unit") in SCORED_UNITS else None,
        "comparator": pred.get("comparator") == gold.get("comparator"),
        "direction": pred.get("direction") == gold.get("direction"),
        "timeframe": (pred.get("timeframe") or None) == (gold.get("timeframe") or None),
        "lead": None,
    }
    if gold.get("lead"):
        checks["lead"] = same_body((pred.get("responsible") or {}).get("lead") or [], gold["lead"])
    return checks


def match(predicted: list[dict[str, Any]], gold: list[dict[str, Any]]) -> list[tuple[int, int]]:
    """Optimal one-to-one pairs (pred index, gold index): most pairs, then most agreeing fields."""
    import numpy as np
    from scipy.optimize import linear_sum_assignment

    if not predicted or not gold:
        return []
    keys = [compare_key(p["text"]) for p in predicted]
    weight = np.zeros((len(predicted), len(gold)))
    for i, p in enumerate(predicted):
        for j, g in enumerate(gold):
            if admissible(p, g, keys[i]):
                agree = sum(1 for v in field_checks(p, g).values() if v)
                weight[i, j] = 100.0 + agree
    rows, cols = linear_sum_assignment(weight, maximize=True)
    return [(int(i), int(j)) for i, j in zip(rows, cols, strict=True) if weight[i, j] > 0]


def score_document(result: dict[str, Any], gold_doc: dict[str, Any]) -> Score:
    """Score one extraction result against its gold file."""
    sc = Score()
    predicted = result.get("targets", [])
    counted = [g for g in gold_doc.get("targets", []) if g.get("tier") in ("list", "prose")]
    optional = [g for g in gold_doc.get("targets", []) if g.get("tier") == "optional"]
    sc.gold, sc.predicted = len(counted), len(predicted)
    pairs = match(predicted, counted)
    sc.matched = len(pairs)
    paired_preds = {i for i, _ in pairs}
    paired_gold = {j for _, j in pairs}
    for i, j in pairs:
        for name, ok in field_checks(predicted[i], counted[j]).items():
            if ok is None:
                continue
            sc.fields[name][1] += 1
            sc.fields[name][0] += int(ok)
            if not ok:
                sc.field_errors.append({"field": name, "key": counted[j]["key"], "text": predicted[i]["text"],
                                        "predicted": _field_value(predicted[i], name),
                                        "gold": _field_value(counted[j], name)})
    rest = [i for i in range(len(predicted)) if i not in paired_preds]
    opt_pairs = match([predicted[i] for i in rest], optional)
    sc.optional_matched = len(opt_pairs)
    opt_matched = {rest[i] for i, _ in opt_pairs}
    for i in rest:
        if i not in opt_matched:
            sc.false_positives += 1
            sc.false_positive_texts.append({"text": predicted[i]["text"], "section": predicted[i].get("section")})
    sc.misses = [
        {"key": g["key"], "quote": g.get("quote"), "section": g.get("section")}
        for j, g in enumerate(counted)
        if j not in paired_gold
    ]
    _score_metadata(sc, result.get("document", {}), gold_doc.get("metadata", {}))
    return sc


def _field_value(t: dict[str, Any], name: str) -> Any:
    if name == "value":
        return [t.get("value"), t.get("low"), t.get("high")]
    if name == "lead":
        lead = t.get("lead")
        if lead is None and "responsible" in t:
            return [b.get("text") for b in t["responsible"].get("lead", [])]
        return lead
    return t.get(name)


def _norm_meta(name: str, v: Any) -> Any:
    if v is None or v == [] or v == {}:
        return None
    if name == "replaces":
        return sorted((compare_key(r.get("number") or ""), r.get("date")) for r in v)
    if name == "signer":
        return (compare_key(v.get("name") or ""), compare_key(v.get("title") or ""))
    if name == "term":
        return (v.get("start"), v.get("end"))
    if name == "issuer":
        return expand_body(str(v))
    return compare_key(str(v))


def _score_metadata(sc: Score, predicted: dict[str, Any], gold: dict[str, Any]) -> None:
    for name in METADATA_FIELDS:
        sc.metadata[name][1] += 1
        sc.metadata[name][0] += int(_norm_meta(name, predicted.get(name)) == _norm_meta(name, gold.get(name)))


# --- the command -----------------------------------------------------------------------------


def find_inputs(inputs: list[str], gold_dir: Path) -> list[Path]:
    """Documents (txt, docx, pdf) under the inputs whose stem has a gold file; scanned/ is skipped."""
    found: list[Path] = []
    for item in inputs:
        p = Path(item)
        candidates = sorted(p.rglob("*")) if p.is_dir() else [p]
        for c in candidates:
            if c.suffix.lower() not in FORMATS or not c.is_file():
                continue
            if p.is_dir() and "scanned" in c.relative_to(p).parts:
                continue
            if (gold_dir / f"{c.stem}.json").is_file():
                found.append(c)
    return found


def run(args: argparse.Namespace) -> int:
    from .extract import extract_file

    gold_dir = Path(args.gold)
    docs = find_inputs(list(args.inputs), gold_dir)
    overall = Score()
    by_format: dict[str, Score] = defaultdict(Score)
    per_doc: list[tuple[Path, Score]] = []
    errors: list[str] = []
    for path in docs:
        gold_doc = json.loads((gold_dir / f"{path.stem}.json").read_text(encoding="utf-8"))
        try:
            result = extract_file(path, pdf_engine=getattr(args, "pdf_engine", None))
        except DocumentError as err:
            errors.append(str(err))
            continue
        sc = score_document(result, gold_doc)
        per_doc.append((path, sc))
        overall.add(sc)
        by_format[path.suffix.lower().lstrip(".")].add(sc)
    if args.json:
        payload = {
            "documents": {str(p): {**s.summary(), "misses": s.misses, "false_positives": s.false_positive_texts}
                          for p, s in per_doc},
            "formats": {k: v.summary() for k, v in sorted(by_format.items())},
            "overall": overall.summary(),
            "errors": errors,
        }
        json.dump(payload, sys.stdout, ensure_ascii=False, indent=2)
        print()
        return 0
    if not docs:
        print(f"no documents with a gold file in {gold_dir} among: {' '.join(args.inputs)}", file=sys.stderr)
    for path, sc in per_doc:
        _print_score(str(path), sc)
        if args.verbose:
            _print_details(sc)
    for fmt, sc in sorted(by_format.items()):
        _print_score(f"format {fmt}", sc)
    _print_score("OVERALL", overall)
    for e in errors:
        print(f"error: {e}", file=sys.stderr)
    return 0


def _fmt(v: float | None) -> str:
    return "  -  " if v is None else f"{v:.3f}"


def _print_score(title: str, sc: Score) -> None:
    s = sc.summary()
    fields = " ".join(f"{f}={_fmt(s['fields'][f])}" for f in FIELDS)
    meta = " ".join(f"{f}={'ok' if v == 1.0 else ('-' if v is None else f'{v:.2f}')}" for f, v in s["metadata"].items())
    print(
        f"{title}\n  recall={s['recall']:.3f} precision={s['precision']:.3f} f1={s['f1']:.3f} "
        f"(gold {s['gold']}, predicted {s['predicted']}, matched {s['matched']}, "
        f"false positives {s['false_positives']}, optional {s['optional_matched']})\n  fields: {fields}\n  metadata: {meta}"
    )


def _print_details(sc: Score) -> None:
    for m in sc.misses:
        print(f"    MISS [{m['section']}] {m['key']!r}: {m['quote']}")
    for fp in sc.false_positive_texts:
        print(f"    FALSE POSITIVE [{fp['section']}] {fp['text']}")
    for fe in sc.field_errors:
        print(f"    FIELD {fe['field']}: predicted {fe['predicted']!r}, gold {fe['gold']!r} — {fe['text'][:90]}")
