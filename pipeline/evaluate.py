"""`chitieu eval`: score extraction against gold annotations, as the reference scorer does.

The contract's scorer (docs/ANNOTATION.md "Matching and scoring", and the reference
implementation ``shared/tools/score.py``) decides every figure printed here; this module
follows it rule for rule so that `make eval` and the reference agree to the last digit:

- text is compared after NFC, lower-casing, reading markup (``<...>``, ``**``) and table
  cell separators (``|``) as spaces, collapsing white space and unifying old/new tone
  placement (``scorer_key``);
- a predicted target matches a gold one when its text (with its indicator and quote)
  contains the gold ``key`` and, where gold has numbers, the same value (or low and high);
  matching is a maximum one-to-one matching, required gold first, and gold targets that
  share key and numbers hand their predictions out by best field agreement;
- recall counts ``list`` and ``prose`` gold; a prediction matching nothing is a false
  positive unless it matched an ``optional`` one; fields (unit for %, money, km, ha, lần;
  comparator, direction, timeframe, lead where gold names one) are counted over matched
  required pairs; F1 is micro (all targets together) and the mean of per-document F1
  (a document without gold targets scores 1 / (1 + its false targets)).

What is scored: the seeds in every format in the corpus and in their independent
renderings (gold in tests/gold), and the development set where it is (``--dev``:
other people's texts, read in place), from its text and, with ``--render N``, from DOCX
and PDF renderings of N documents of each genre made at eval time into the ignored
``outputs/.cache/renderings``: each rendering's F1 is printed next to its text's. A third of the dev documents, chosen by a hash of the doc id within each
genre, is held out as the project's own check: its figures are printed apart, and its
misses are listed only with ``--show-check``, so that rules are written looking at the
other two thirds.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import re
import sys
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .errors import DocumentError

FORMATS = (".txt", ".md", ".docx", ".pdf")
SCORED_UNITS = frozenset({"%", "triệu đồng", "tỷ đồng", "km", "ha", "lần"})
FIELDS = ("unit", "comparator", "direction", "timeframe", "lead")
METADATA_FIELDS = ("number", "date", "replaces", "signer", "term")
REQUIRED_TIERS = ("list", "prose")
CHECK_SHARE = 3  # every third document of a genre, in hash order, is held out
PROJECT_WAY = "project"
RENDERING_TOLERANCE = 0.03  # a rendering's F1 should be this close to its text's
def _renderings_cache() -> Path:
    """Where renderings of dev documents are made: the checkout's ignored ``outputs/.cache``
    wherever eval runs from (other people's texts, never committed); outside a checkout,
    the user's cache folder."""
    checkout = Path(__file__).resolve().parents[1]
    if (checkout / "pyproject.toml").is_file():
        return checkout / "outputs" / ".cache" / "renderings"
    return Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "chitieu" / "renderings"


RENDERINGS_CACHE = _renderings_cache()
DEFAULT_DEV = Path("../shared/dev")

# Old-style tone placement and its new-style spelling: both read as the first (scorer's table).
_TONES = {
    "òa": "oà", "óa": "oá", "ỏa": "oả", "õa": "oã", "ọa": "oạ",
    "òe": "oè", "óe": "oé", "ỏe": "oẻ", "õe": "oẽ", "ọe": "oẹ",
    "ùy": "uỳ", "úy": "uý", "ủy": "uỷ", "ũy": "uỹ", "ụy": "uỵ",
}  # fmt: skip
_BODY_ABBREVIATIONS = (
    (r"\bubnd\b", "ủy ban nhân dân"), (r"\bhđnd\b", "hội đồng nhân dân"),
    (r"\bmttqvn\b", "mặt trận tổ quốc việt nam"), (r"\bmttq\b", "mặt trận tổ quốc"),
    (r"\bubmttq\b", "ủy ban mặt trận tổ quốc"), (r"\bbch\b", "ban chấp hành"),
    (r"\bbtv\b", "ban thường vụ"), (r"\bvn\b", "việt nam"), (r"\bđu\b", "đảng ủy"),
)  # fmt: skip
_MARKUP = re.compile(r"<[^>]+>|\*\*|\|")
SAME_BODY_OVERLAP = 0.75


def scorer_key(text: str | None) -> str:
    """Text as the scorer compares it: NFC, lower case, markup and ``|`` as spaces, tones unified.

    >>> scorer_key("**Tỷ lệ** | hộ nghèo  giảm còn 1%")
    'tỷ lệ hộ nghèo giảm còn 1%'
    """
    s = unicodedata.normalize("NFC", text or "").lower()
    s = _MARKUP.sub(" ", s)
    for old_style, new_style in _TONES.items():
        s = s.replace(new_style, old_style)
    s = s.replace("\u00a0", " ")
    return re.sub(r"\s+", " ", s).strip()


def _body_words(name: str) -> list[str]:
    s = scorer_key(name)
    for pattern, full in _BODY_ABBREVIATIONS:
        s = re.sub(pattern, full, s)
    s = re.sub(r"^(đồng chí|đ/c)\s+", "", s)
    return re.sub(r"[^\w ]", " ", s).split()


def same_body(a: str, b: str) -> bool:
    """Two body names are one when most of their words (abbreviations expanded) are shared."""
    wa, wb = set(_body_words(a)), set(_body_words(b))
    if not wa or not wb:
        return False
    return len(wa & wb) / max(len(wa), len(wb)) >= SAME_BODY_OVERLAP


def _close(a: Any, b: Any) -> bool:
    return a is not None and b is not None and abs(float(a) - float(b)) <= 1e-6 * max(1, abs(float(b)))


def numbers_match(gold: dict[str, Any], pred: dict[str, Any]) -> bool:
    """Gold's value (or low and high) is the prediction's; a range's low stands for a value."""
    if gold.get("value") is not None:
        return _close(pred.get("value"), gold["value"]) or (
            pred.get("value") is None and _close(pred.get("low"), gold["value"]) and pred.get("high") is None
        )
    if gold.get("low") is not None or gold.get("high") is not None:
        return _close(pred.get("low"), gold.get("low")) and _close(pred.get("high"), gold.get("high"))
    return True


def prediction_text(pred: dict[str, Any]) -> str:
    """What a gold key is looked for in: the target's text, indicator and quote."""
    source = pred.get("source") or {}
    return scorer_key(" ".join([pred.get("text") or "", pred.get("indicator") or "", source.get("quote") or ""]))


def timeframe_matches(gold: dict[str, Any] | None, pred: Any) -> bool:
    if gold is None:
        return pred in (None, {}) or (isinstance(pred, dict) and not pred.get("kind"))
    if not isinstance(pred, dict) or gold.get("kind") != pred.get("kind"):
        return False
    return all(gold.get(k) is None or gold.get(k) == pred.get(k) for k in ("year", "start", "end"))


def lead_names(pred: dict[str, Any]) -> list[str]:
    """The lead bodies of a prediction, as written and as named."""
    responsible = pred.get("responsible") or {}
    lead = responsible.get("lead", pred.get("lead"))
    if lead is None:
        return []
    out: list[str] = []
    for body in lead if isinstance(lead, list) else [lead]:
        out += [body[k] for k in ("text", "name") if body.get(k)] if isinstance(body, dict) else [body]
    return out


def _agreement(gold: dict[str, Any], pred: dict[str, Any]) -> int:
    return (
        any(same_body(gold.get("lead") or "", x) for x in lead_names(pred)) * 4
        + timeframe_matches(gold.get("timeframe"), pred.get("timeframe")) * 2
        + (gold.get("comparator") == pred.get("comparator"))
        + (gold.get("direction") == pred.get("direction"))
    )


def match(gold: list[dict[str, Any]], pred: list[dict[str, Any]]) -> dict[int, int]:
    """Gold index -> prediction index: a maximum matching, required gold first (augmenting paths)."""
    texts = [prediction_text(p) for p in pred]
    candidates = []
    for g in gold:
        key = scorer_key(g["key"])
        candidates.append([j for j, p in enumerate(pred) if key in texts[j] and numbers_match(g, p)])
    owner: dict[int, int] = {}

    def augment(i: int, seen: set[int]) -> bool:
        for j in candidates[i]:
            if j in seen:
                continue
            seen.add(j)
            if j not in owner or augment(owner[j], seen):
                owner[j] = i
                return True
        return False

    for i in sorted(range(len(gold)), key=lambda i: (gold[i]["tier"] == "optional", len(candidates[i]))):
        augment(i, set())
    pairs = {i: j for j, i in owner.items()}
    # A target repeated in a list and an appendix: its gold entries share key and numbers and
    # are interchangeable for matching, so their predictions go out by field agreement.
    groups: dict[tuple[Any, ...], list[int]] = {}
    for i in pairs:
        g = gold[i]
        groups.setdefault((scorer_key(g["key"]), g.get("value"), g.get("low"), g.get("high")), []).append(i)
    for members in groups.values():
        if len(members) < 2:
            continue
        preds = [pairs[i] for i in members]
        for i in sorted(members, key=lambda i: -bool(gold[i].get("lead"))):
            best = max(preds, key=lambda j: _agreement(gold[i], pred[j]))
            pairs[i] = best
            preds.remove(best)
    return pairs


def field_checks(gold: dict[str, Any], pred: dict[str, Any]) -> dict[str, bool | None]:
    """Each field's verdict for a matched pair; None where the field is not scored for this gold."""
    return {
        "unit": scorer_key(gold.get("unit")) == scorer_key(pred.get("unit"))
        if gold.get("unit") in SCORED_UNITS
        else None,
        "comparator": gold.get("comparator") == pred.get("comparator"),
        "direction": gold.get("direction") == pred.get("direction"),
        "timeframe": timeframe_matches(gold.get("timeframe"), pred.get("timeframe")),
        "lead": any(same_body(gold["lead"], x) for x in lead_names(pred)) if gold.get("lead") else None,
    }


def metadata_checks(gold: dict[str, Any] | None, pred: dict[str, Any]) -> dict[str, bool]:
    """Document metadata the gold states: number, date, replaces, signer's name, term."""
    if not gold:
        return {}
    out: dict[str, bool] = {}
    if gold.get("number"):
        out["number"] = scorer_key(gold["number"]) == scorer_key(pred.get("number"))
    if gold.get("date"):
        out["date"] = gold["date"] == pred.get("date")
    if gold.get("replaces"):
        got = {scorer_key(r.get("number", "")) for r in pred.get("replaces") or [] if isinstance(r, dict)}
        out["replaces"] = all(scorer_key(r["number"]) in got for r in gold["replaces"])
    if (gold.get("signer") or {}).get("name"):
        out["signer"] = scorer_key(gold["signer"]["name"]) == scorer_key((pred.get("signer") or {}).get("name"))
    if gold.get("term"):
        term = pred.get("term") or {}
        out["term"] = term.get("start") == gold["term"].get("start") and term.get("end") == gold["term"].get("end")
    return out


# --- scores ---------------------------------------------------------------------------------


@dataclass
class Score:
    """Counts of one document, or of several added together."""

    required: int = 0  # list + prose gold targets
    matched: int = 0
    predicted: int = 0
    optional_matched: int = 0
    fields: dict[str, list[int]] = field(default_factory=lambda: {f: [0, 0] for f in FIELDS})  # right, total
    metadata: dict[str, list[int]] = field(default_factory=dict)
    misses: list[dict[str, Any]] = field(default_factory=list)
    false_positives: list[str] = field(default_factory=list)
    field_errors: list[dict[str, Any]] = field(default_factory=list)

    def add(self, other: Score) -> None:
        self.required += other.required
        self.matched += other.matched
        self.predicted += other.predicted
        self.optional_matched += other.optional_matched
        for name, (right, total) in other.fields.items():
            self.fields[name][0] += right
            self.fields[name][1] += total
        for name, (right, total) in other.metadata.items():
            mine = self.metadata.setdefault(name, [0, 0])
            mine[0] += right
            mine[1] += total

    @property
    def counted(self) -> int:
        """Predictions that count for precision: all but those matching optional gold."""
        return self.predicted - self.optional_matched

    @property
    def recall(self) -> float:
        return self.matched / self.required if self.required else 0.0

    @property
    def precision(self) -> float:
        return self.matched / self.counted if self.counted > 0 else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    @property
    def document_f1(self) -> float:
        """F1 of one document; one without gold targets scores 1 / (1 + its false targets)."""
        if not self.required:
            return 1.0 / (1 + max(0, self.counted))
        return self.f1

    def field_accuracy(self, name: str | None = None) -> float | None:
        right, total = (
            self.fields[name] if name else [sum(v[0] for v in self.fields.values()), sum(v[1] for v in self.fields.values())]
        )
        return right / total if total else None

    def metadata_accuracy(self) -> float | None:
        total = sum(t for _, t in self.metadata.values())
        return sum(r for r, _ in self.metadata.values()) / total if total else None


def score_document(result: dict[str, Any] | None, gold_doc: dict[str, Any]) -> Score:
    """Score one extraction result (None: nothing extracted) against its gold file."""
    gold = gold_doc.get("targets", [])
    pred = (result or {}).get("targets") or []
    pairs = match(gold, pred)
    sc = Score(predicted=len(pred))
    required = [i for i, g in enumerate(gold) if g["tier"] in REQUIRED_TIERS]
    sc.required = len(required)
    hit = [i for i in required if i in pairs]
    sc.matched = len(hit)
    sc.optional_matched = sum(1 for i, g in enumerate(gold) if g["tier"] == "optional" and i in pairs)
    for i in hit:
        for name, ok in field_checks(gold[i], pred[pairs[i]]).items():
            if ok is None:
                continue
            sc.fields[name][1] += 1
            sc.fields[name][0] += ok
            if not ok:
                p = pred[pairs[i]]
                got = lead_names(p) if name == "lead" else p.get(name)
                sc.field_errors.append({"field": name, "key": gold[i]["key"], "gold": gold[i].get(name), "predicted": got})
    sc.misses = [{"key": gold[i]["key"], "quote": gold[i].get("quote", "")} for i in required if i not in pairs]
    paired = set(pairs.values())
    sc.false_positives = [(pred[j].get("text") or "")[:120] for j in range(len(pred)) if j not in paired]
    for name, ok in metadata_checks(gold_doc.get("metadata"), (result or {}).get("document") or {}).items():
        sc.metadata[name] = [int(ok), 1]
    return sc


# --- what is scored --------------------------------------------------------------------------


@dataclass(kw_only=True)
class Scored:
    """One input document scored against its gold."""

    doc: str  # gold doc id
    path: Path
    rendering: str  # "txt", "docx", "pdf", or "<format> (<way>)"
    genre: str
    held_out: bool
    score: Score
    error: str | None = None


def held_out_ids(gold_dir: Path) -> set[str]:
    """The check third of a dev set: within each genre, every third doc id in sha256 order."""
    by_genre: dict[str, list[str]] = {}
    for f in sorted(gold_dir.glob("*.json")):
        genre = json.loads(f.read_text(encoding="utf-8")).get("genre", "program")
        by_genre.setdefault(genre, []).append(f.stem)
    out: set[str] = set()
    for ids in by_genre.values():
        ids.sort(key=lambda d: hashlib.sha256(d.encode()).hexdigest())
        out.update(ids[::CHECK_SHARE])
    return out


def gold_id(path: Path) -> str:
    """The gold a document is scored against: its file name up to the first dot."""
    return path.name.split(".", 1)[0]


def find_inputs(inputs: Iterable[str | Path], gold_dir: Path) -> list[Path]:
    """Documents under the inputs whose gold id has a gold file; folders named scanned/ are skipped."""
    found: list[Path] = []
    for item in inputs:
        p = Path(item)
        candidates = sorted(p.rglob("*")) if p.is_dir() else [p]
        for c in candidates:
            if c.suffix.lower() not in FORMATS or not c.is_file():
                continue
            if p.is_dir() and "scanned" in c.relative_to(p).parts:
                continue
            if (gold_dir / f"{gold_id(c)}.json").is_file():
                found.append(c)
    return found


def _rendering_name(path: Path) -> str:
    parts = path.name.split(".")
    fmt = parts[-1].lower()
    return f"{fmt} ({'.'.join(parts[1:-1])})" if len(parts) > 2 else ("txt" if fmt == "md" else fmt)


def score_inputs(
    paths: Sequence[Path], gold_dir: Path, held_out: set[str] | None = None, *, pdf_engine: str | None = None
) -> list[Scored]:
    """Extract each document and score it against ``gold_dir/<gold id>.json``."""
    from .extract import extract_file

    out: list[Scored] = []
    gold_cache: dict[str, dict[str, Any]] = {}
    for path in paths:
        doc = gold_id(path)
        if doc not in gold_cache:
            gold_cache[doc] = json.loads((gold_dir / f"{doc}.json").read_text(encoding="utf-8"))
        gold_doc = gold_cache[doc]
        error = None
        try:
            result = extract_file(path, pdf_engine=pdf_engine)
        except DocumentError as err:
            result, error = None, str(err)
        out.append(
            Scored(
                doc=doc,
                path=path,
                rendering=_rendering_name(path),
                genre=gold_doc.get("genre", "program"),
                held_out=doc in (held_out or set()),
                score=score_document(result, gold_doc),
                error=error,
            )
        )
    return out


# --- printing ---------------------------------------------------------------------------------


def _f(v: float | None) -> str:
    return "  -  " if v is None else f"{v:.3f}"


def summarize(scored: Sequence[Scored]) -> dict[str, Any]:
    """Micro and mean-over-documents figures, per genre and per field, of a set of scored documents."""
    total = Score()
    for s in scored:
        total.add(s.score)
    genres: dict[str, list[float]] = {}
    for s in scored:
        genres.setdefault(s.genre, []).append(s.score.document_f1)
    per_doc = [s.score.document_f1 for s in scored]
    return {
        "documents": len(scored),
        "f1": round(total.f1, 3),
        "recall": round(total.recall, 3),
        "precision": round(total.precision, 3),
        "mean_f1": round(sum(per_doc) / len(per_doc), 3) if per_doc else None,
        "genre_mean_f1": {g: round(sum(v) / len(v), 3) for g, v in sorted(genres.items())},
        "fields": None if total.field_accuracy() is None else round(total.field_accuracy(), 3),  # type: ignore[arg-type]
        "per_field": {f: None if total.field_accuracy(f) is None else round(total.field_accuracy(f), 3) for f in FIELDS},  # type: ignore[arg-type]
        "meta": None if total.metadata_accuracy() is None else round(total.metadata_accuracy(), 3),  # type: ignore[arg-type]
        "counts": {"gold": total.required, "predicted": total.predicted, "matched": total.matched,
                   "optional_matched": total.optional_matched},
    }


def _doc_line(s: Scored) -> str:
    sc = s.score
    meta = ""
    if sc.metadata:
        wrong = [k for k, (r, _) in sc.metadata.items() if not r]
        meta = "  metadata " + ("ok" if not wrong else "wrong: " + ", ".join(wrong))
    err = f"  ERROR {s.error}" if s.error else ""
    return (
        f"  {s.doc[:44]:44} {s.rendering[:16]:16} {s.genre[:10]:10} recall {sc.recall:.3f} "
        f"({sc.matched}/{sc.required}) precision {sc.precision:.3f} ({sc.matched}/{sc.counted}) "
        f"F1 {sc.document_f1:.3f}{meta}{err}"
    )


def _summary_lines(title: str, scored: Sequence[Scored]) -> list[str]:
    if not scored:
        return []
    s = summarize(scored)
    fields = " ".join(f"{k} {_f(v)}" for k, v in s["per_field"].items())
    genres = " ".join(f"{g} {v:.3f}" for g, v in s["genre_mean_f1"].items())
    meta = f"  meta {_f(s['meta'])}" if s["meta"] is not None else ""
    return [
        f"{title}: {s['documents']} documents  F1 {s['f1']:.3f} (recall {s['recall']:.3f} precision "
        f"{s['precision']:.3f})  mean F1 {s['mean_f1']:.3f}",
        f"    by genre (mean F1): {genres}",
        f"    fields {_f(s['fields'])}: {fields}{meta}",
    ]


def _details(s: Scored) -> list[str]:
    out = [f"    MISS {m['key']!r}: {m['quote'][:110]}" for m in s.score.misses]
    out += [f"    FALSE {t}" for t in s.score.false_positives]
    out += [f"    FIELD {e['field']} {e['key']!r}: gold {e['gold']!r}, got {e['predicted']!r}" for e in s.score.field_errors]
    return out


def report(sections: list[tuple[str, list[Scored]]], verbose: bool, show_check: bool) -> str:
    """The printed report: per document, then per set, genre and field."""
    lines: list[str] = []
    for title, scored in sections:
        if not scored:
            continue
        lines.append(f"{title}")
        for s in scored:
            lines.append(_doc_line(s))
            if verbose and (show_check or not s.held_out):
                lines.extend(_details(s))
        lines.append("")
    for title, scored in sections:
        lines.extend(_summary_lines(title, scored))
    return "\n".join(lines)


def _sections(seeds: list[Scored], dev: list[Scored]) -> list[tuple[str, list[Scored]]]:
    text = [s for s in dev if s.rendering == "txt"]
    return [
        ("seeds", seeds),
        ("dev, develop two thirds", [s for s in text if not s.held_out]),
        ("dev, check third (held out)", [s for s in text if s.held_out]),
        ("dev, all", text),
    ]


# --- renderings --------------------------------------------------------------------------------


def rendering_sources(dev_dir: Path, per_genre: int) -> list[Path]:
    """The dev documents rendered at eval time: the first ``per_genre`` of each genre in hash order."""
    gold_dir, docs_dir = dev_dir / "gold", dev_dir / "docs"
    by_genre: dict[str, list[str]] = {}
    for f in sorted(gold_dir.glob("*.json")):
        by_genre.setdefault(json.loads(f.read_text(encoding="utf-8")).get("genre", "program"), []).append(f.stem)
    chosen = []
    for ids in by_genre.values():
        ids.sort(key=lambda d: hashlib.sha256(d.encode()).hexdigest())
        chosen += ids[:per_genre]
    return [p for p in sorted(docs_dir.iterdir()) if gold_id(p) in chosen and p.suffix in (".txt", ".md")]


def render_all(sources: Sequence[Path], cache_dir: Path) -> list[Path]:
    """Every independent rendering (pipeline/renderings.py WAYS) of the sources, made into ``cache_dir``.

    A rendering that cannot be made (a tool missing) is said in one line and left out.
    """
    from .renderings import WAYS, RenderError, render

    out: list[Path] = []
    for source in sources:
        for fmt, ways in WAYS.items():
            for way in ways:
                if way == PROJECT_WAY:
                    continue  # the seeds' own renderer, whose reading of a text is made for them
                try:
                    out.append(render(source, fmt, way, cache_dir))
                except RenderError as err:
                    print(f"chitieu eval: {source.name}: no {fmt} rendering ({way}): {err}", file=sys.stderr)
    return out


def rendering_lines(dev: list[Scored], tolerance: float = RENDERING_TOLERANCE) -> list[str]:
    """Each rendered document's text F1 and every rendering's F1 and difference, then a summary."""
    text = {s.doc: s.score.document_f1 for s in dev if s.rendering == "txt"}
    rendered: dict[str, list[Scored]] = {}
    for s in dev:
        if s.rendering != "txt":
            rendered.setdefault(s.doc, []).append(s)
    if not rendered:
        return []
    lines = ["dev renderings (F1, and its difference from the same document's text)"]
    far: list[tuple[float, str]] = []
    for doc, scored in sorted(rendered.items()):
        base = text.get(doc)
        cells = []
        for s in sorted(scored, key=lambda s: s.rendering):
            f = s.score.document_f1
            delta = f - base if base is not None else 0.0
            mark = "!" if abs(delta) > tolerance else " "
            cells.append(f"{s.rendering} {f:.3f} ({delta:+.3f}){mark}")
            if abs(delta) > tolerance:
                far.append((abs(delta), f"{doc} [{s.rendering}]"))
        lines.append(f"  {doc[:40]:40} txt {base if base is not None else 0:.3f}  " + "  ".join(cells))
    n = sum(len(v) for v in rendered.values())
    worst = max(far) if far else None
    lines.append(
        f"renderings: {n} of {len(rendered)} documents; within {tolerance} of their text: {n - len(far)}"
        + (f"; furthest: {worst[1]} ({worst[0]:.3f})" if worst else "")
    )
    return lines


def run(args: argparse.Namespace) -> int:
    gold_dir = Path(args.gold)
    engine = getattr(args, "pdf_engine", None)
    seeds = score_inputs(find_inputs(args.inputs, gold_dir), gold_dir, pdf_engine=engine)
    dev: list[Scored] = []
    dev_dir = Path(args.dev) if args.dev else None
    if dev_dir is not None:
        if (dev_dir / "gold").is_dir() and (dev_dir / "docs").is_dir():
            dev_gold = dev_dir / "gold"
            inputs = find_inputs([dev_dir / "docs"], dev_gold)
            if args.render:
                inputs += render_all(rendering_sources(dev_dir, args.render), RENDERINGS_CACHE)
            dev = score_inputs(inputs, dev_gold, held_out_ids(dev_gold), pdf_engine=engine)
        else:
            print(f"dev set not found at {dev_dir} (no docs/ and gold/ there): scoring the seeds only", file=sys.stderr)
    sections = _sections(seeds, dev)
    if args.json:
        payload = {title: {"summary": summarize(scored), "documents": {f"{s.doc} [{s.rendering}]": {
            "recall": s.score.recall, "precision": s.score.precision, "f1": s.score.document_f1,
            "error": s.error} for s in scored}} for title, scored in sections if scored}
        json.dump(payload, sys.stdout, ensure_ascii=False, indent=2)
        print()
    else:
        print(report(sections, args.verbose, args.show_check))
        for line in rendering_lines(dev):
            print(line)
    for s in seeds + dev:
        if s.error:
            print(f"error: {s.error}", file=sys.stderr)
    return 0
