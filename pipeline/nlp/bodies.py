"""Responsible bodies (cơ quan, tổ chức, chức danh) found with a gazetteer.

Targets and schemes name who leads ("chủ trì"), advises ("tham mưu") and
supports ("phối hợp"). Those names come from a small closed world (Đảng ủy,
UBND, Phòng Kinh tế, Công an xã ...) written many ways: "UBND xã" =
"Ủy ban nhân dân xã" = "Uỷ ban Nhân dân xã". The gazetteer in
``pipeline/data/bodies.json`` lists each body once; here every spelling is
generated from it (abbreviations both ways, "&"/"và", dash spacing) and matched
on ``normalize.match_key`` so that offsets found in the key are offsets in the
text. An administrative level after the name ("xã", "huyện", "thành phố")
belongs to the canonical name; a place name after the level ("xã Hà Đông") is
kept in the text as written but not in the canonical name or id.

Overlaps follow one policy: leftmost match, then the longest spelling.
"""

from __future__ import annotations

import json
import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from ..normalize import clean_text, compare_key, match_key
from .lean_imports import when_imported

GAZETTEER_PATH = Path(__file__).resolve().parents[1] / "data" / "bodies.json"
BODY_LABEL = "BODY"
# Place names after a level: at most this many capitalised words ("Hà Đông", "Hải Phòng").
MAX_PLACE_WORDS = 4

_WS = r"[^\S\t\n]+"  # white space inside one block or cell (never across cells, rows or blocks)


@dataclass(kw_only=True)
class BodyEntry:
    """One gazetteer body: its canonical name, id slug and how it may continue."""

    id: str
    name: str
    level: str = "optional"  # optional | required | none
    person: bool = False
    needs_prefix: bool = False
    any_case: bool = False  # collective nouns ("các tổ chức chính trị - xã hội") are written in lower case


@dataclass(kw_only=True)
class BodyMention:
    """A body as written at ``text[start:end]`` with its canonical name and id."""

    start: int
    end: int
    text: str
    name: str
    id: str | None
    level: str | None = None
    place: str | None = None

    def as_body(self) -> dict[str, Any]:
        """The output-contract Body: {"text", "name", "id"}."""
        return {"text": self.text, "name": self.name, "id": self.id}


def slug(text: str) -> str:
    """ASCII id slug of a Vietnamese name: "Phòng Văn hóa - Xã hội" -> "phong-van-hoa-xa-hoi"."""
    s = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    s = "".join(c for c in s if not unicodedata.combining(c)).lower()
    return re.sub(r"[^a-z0-9]+", "-", s).strip("-")


def _shape(key: str) -> str:
    """Collapse spacing around dashes and commas so spellings compare equal."""
    key = re.sub(r"\s*-\s*", "-", key)
    key = re.sub(r"\s*,\s*", ",", key)
    return re.sub(r"\s+", " ", key).strip()


def _variant_regex(shaped: str) -> str:
    out = []
    for ch in shaped:
        if ch == " ":
            out.append(_WS)
        elif ch == "-":
            out.append(r"[^\S\t\n]*-[^\S\t\n]*")
        elif ch == ",":
            out.append(r"[^\S\t\n]*,?[^\S\t\n]*")
        else:
            out.append(re.escape(ch))
    return "".join(out)


class Gazetteer:
    """The compiled gazetteer: every spelling of every body in one regex over the match key."""

    def __init__(self, data: dict[str, Any]) -> None:
        # Each full form written abbreviated, and each abbreviation written in full, as whole words.
        self.rewrites = [
            (re.compile(rf"(?<!\w){re.escape(a)}(?!\w)"), b)
            for abbr, full in data.get("abbreviations", {}).items()
            for a, b in ((compare_key(full), compare_key(abbr)), (compare_key(abbr), compare_key(full)))
        ]
        self.levels = sorted((compare_key(lv) for lv in data.get("levels", [])), key=len, reverse=True)
        self.person_prefixes = [compare_key(p) for p in data.get("person_prefixes", [])]
        self.by_spelling: dict[str, BodyEntry] = {}
        for entry, spellings in self._entries(data):
            for sp in spellings:
                for v in self._variants(compare_key(sp)):
                    self.by_spelling.setdefault(_shape(v), entry)
        alternatives = sorted(self.by_spelling, key=len, reverse=True)
        prefix = "|".join(re.escape(p) for p in self.person_prefixes)
        levels = "|".join(_variant_regex(lv) for lv in self.levels)
        self.pattern = re.compile(
            rf"(?<![\w/])(?:(?P<prefix>{prefix}){_WS})?"
            rf"(?P<base>{'|'.join(_variant_regex(a) for a in alternatives)})"
            rf"(?:{_WS}(?P<level>{levels}))?(?![\w])"
        )

    @staticmethod
    def _entries(data: dict[str, Any]) -> list[tuple[BodyEntry, list[str]]]:
        out: list[tuple[BodyEntry, list[str]]] = []
        for b in data.get("bodies", []):
            entry = BodyEntry(
                id=b["id"],
                name=b["name"],
                level=b.get("level", "optional"),
                person=b.get("person", False),
                needs_prefix=b.get("needs_prefix", False),
                any_case=b.get("any_case", False),
            )
            out.append((entry, [b["name"], *b.get("aliases", [])]))
        compose = data.get("compose", {})
        for head in compose.get("heads", []):
            if head.get("bare"):
                entry = BodyEntry(id=head["id"], name=head["name"], person=head.get("person", False))
                out.append((entry, [head["name"], *head.get("aliases", [])]))
            for com in compose.get("committees", []):
                entry = BodyEntry(
                    id=f"{head['id']}-{com['id']}",
                    name=f"{head['name']} {com['name']}",
                    person=head.get("person", False),
                )
                heads = [head["name"], *head.get("aliases", [])]
                coms = [com["name"], *com.get("aliases", [])]
                out.append((entry, [f"{h} {c}" for h in heads for c in coms]))
        return out

    def _variants(self, key: str) -> set[str]:
        """All spellings of one key: each full form may be written abbreviated, and back."""
        seen = {key}
        frontier = [key]
        for _ in range(3):
            new = []
            for v in frontier:
                for written, other in self.rewrites:
                    if written.search(v):
                        w = written.sub(other, v)
                        if w not in seen:
                            seen.add(w)
                            new.append(w)
            frontier = new
        return seen

    def entry_for(self, written_key: str) -> BodyEntry | None:
        return self.by_spelling.get(_shape(written_key))


@lru_cache(maxsize=1)
def gazetteer() -> Gazetteer:
    """The gazetteer, loaded once from pipeline/data/bodies.json."""
    return Gazetteer(json.loads(GAZETTEER_PATH.read_text(encoding="utf-8")))


def _place_after(text: str, pos: int, stops: set[int]) -> int:
    """End of the capitalised place name starting after ``pos`` ("xã| Hà Đông"), or ``pos``."""
    end = pos
    i = pos
    for _ in range(MAX_PLACE_WORDS):
        m = re.match(_WS + r"(\w+)", text[i:])
        if not m or not m.group(1)[0].isupper() or m.group(1).isdigit() or (i + m.start(1)) in stops:
            break
        i += m.end()
        end = i
    return end


def find_bodies(
    text: str, key: str | None = None, *, bare_posts: bool = False, any_case: bool = False
) -> list[BodyMention]:
    """Given canonical text (and optionally its match key), return the bodies it names.

    Names of bodies are capitalised in running text ("Sở Y tế", "Trạm Y tế xã");
    in lower case they are common nouns ("cơ sở y tế", "chi bộ, đảng bộ trực
    thuộc", "trạm y tế xã đạt chuẩn") and are skipped unless ``any_case``. Bare
    posts ("Phó Chủ tịch") count only after "Đồng chí" unless ``bare_posts``.
    Both are set when a whole cell or label value is known to name someone.

    >>> [(m.text, m.name, m.id) for m in find_bodies("Giao cho Uỷ ban nhân dân xã Thái Tân chủ trì")]
    [('Uỷ ban nhân dân xã Thái Tân', 'Ủy ban nhân dân xã', 'ubnd-xa')]
    """
    gz = gazetteer()
    key = match_key(text) if key is None else key
    raw = list(gz.pattern.finditer(key))
    starts = {m.start("base") for m in raw} | {m.start() for m in raw}
    out: list[BodyMention] = []
    for m in raw:
        entry = gz.entry_for(m.group("base"))
        if entry is None:
            continue
        has_prefix = m.group("prefix") is not None
        if entry.needs_prefix and not has_prefix and not bare_posts:
            continue
        if not (any_case or entry.any_case or text[m.start("base")].isupper()):
            continue
        level = m.group("level")
        end = m.end() if (level and entry.level != "none") else m.end("base")
        if entry.level == "required" and not (level and end == m.end()):
            continue
        start = m.start() if (has_prefix and entry.person) else m.start("base")
        place = None
        if level and end == m.end():
            pend = _place_after(text, end, starts)
            if pend > end:
                place = text[end:pend].strip()
                end = pend
        name, ident = entry.name, entry.id
        if level and m.end("level") <= end and entry.level != "none":
            level_norm = " ".join(level.split())
            name, ident = f"{entry.name} {level_norm}", f"{entry.id}-{slug(level_norm)}"
        else:
            level = None
        out.append(
            BodyMention(
                start=start,
                end=end,
                text=text[start:end],
                name=name,
                id=ident,
                level=" ".join(level.split()) if level else None,
                place=place,
            )
        )
    return out


_TRIM = " \t\n.,;:-–•+"


def clean_body_text(text: str) -> str:
    """A body as written, without list dashes and trailing punctuation ("- Công an xã." -> "Công an xã")."""
    return clean_text(text).strip(_TRIM).strip()


def canonical_body(name: str) -> dict[str, Any]:
    """Given a body name as written, return the contract Body {"text", "name", "id"}.

    The whole name must be one gazetteer body (an optional "Cơ quan"/"các" before it
    aside); otherwise ``id`` is None and ``name`` is the cleaned text.
    """
    text = clean_body_text(name)
    mentions = find_bodies(text, bare_posts=True, any_case=True)
    if len(mentions) == 1:
        m = mentions[0]
        head = compare_key(text[: m.start])
        if m.end == len(text) and head in ("", "cơ quan", "các", "đồng chí"):
            return {"text": text, "name": m.name, "id": m.id}
    return {"text": text, "name": text, "id": None}


def body_registry(result: dict[str, Any], key: str | None = None) -> list[dict[str, Any]]:
    """The ``bodies`` part of a result: each body the document names, with how often.

    Gazetteer bodies are counted in the text (one id per canonical name and level).
    Bodies outside the gazetteer that targets or schemes name as responsible are
    counted where their written form appears in the text (at least once). Most
    named first. ``key``: the text's match key, where the caller has it (the Document's).
    """
    text = result["text"]
    key = match_key(text) if key is None else key
    counts: dict[tuple[str | None, str], int] = {}
    for m in find_bodies(text, key):
        counts[(m.id, m.name)] = counts.get((m.id, m.name), 0) + 1
    holders = [t.get("responsible", {}) for t in result.get("targets", [])] + list(result.get("schemes", []))
    for holder in holders:
        for role in ("lead", "advisor", "support"):
            for body in holder.get(role, []):
                if body.get("id") is None and (None, body["name"]) not in counts:
                    counts[(None, body["name"])] = max(1, key.count(compare_key(body["text"])))
    return [
        {"id": ident, "name": name, "mentions": n}
        for (ident, name), n in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0][1]))
    ]


# --- spaCy component -----------------------------------------------------------


def _register() -> None:
    from spacy.language import Language

    if "responsible_bodies" in Language.factories:
        return

    @Language.factory(
        "responsible_bodies",
        assigns=["doc.ents", "doc.spans"],
        default_config={"label": BODY_LABEL, "spans_key": "bodies", "overwrite_ents": False},
    )
    def make_responsible_bodies(
        nlp: Language, name: str, label: str, spans_key: str, overwrite_ents: bool
    ) -> ResponsibleBodies:
        return ResponsibleBodies(label=label, spans_key=spans_key, overwrite_ents=overwrite_ents)


class ResponsibleBodies:
    """spaCy component: labels gazetteer bodies as BODY entities (kb_id = body id).

    It is an entity ruler whose matcher is ``find_bodies``: token patterns cannot
    fold the old/new tone placement or add the level and place that follow a
    name, the match key can. Matches are written into ``doc.spans[spans_key]`` and
    merged into ``doc.ents`` (existing entities win unless ``overwrite_ents``).
    """

    def __init__(self, *, label: str = BODY_LABEL, spans_key: str = "bodies", overwrite_ents: bool = False):
        self.label = label
        self.spans_key = spans_key
        self.overwrite_ents = overwrite_ents

    def match(self, doc: Any) -> list[BodyMention]:
        return find_bodies(doc.text)

    def set_annotations(self, doc: Any, mentions: list[BodyMention]) -> None:
        from spacy.util import filter_spans

        spans = []
        for m in mentions:
            span = doc.char_span(m.start, m.end, label=self.label, kb_id=m.id or "", alignment_mode="expand")
            if span is not None:
                spans.append(span)
        doc.spans[self.spans_key] = spans
        if self.overwrite_ents:
            doc.ents = filter_spans([*spans, *doc.ents])
        else:
            doc.ents = filter_spans([*doc.ents, *spans])

    def __call__(self, doc: Any) -> Any:
        self.set_annotations(doc, self.match(doc))
        return doc


# The component is registered when spaCy is imported: the plain functions above (the
# tables' registry, the diff) do not pay for importing spaCy.
when_imported("spacy", _register)
