"""From a list item, table cell or sentence to atomic targets (ANNOTATION.md).

A numbered item often packs several targets:

    (3) Hằng năm, Đảng bộ hoàn thành tốt nhiệm vụ trở lên; trên 90% tổ chức
        đảng trực thuộc ... được đánh giá ... từ hoàn thành tốt nhiệm vụ trở lên.

is two targets, both annual. ``split_clauses`` cuts a unit into clauses:
sentences, then ";" when the right part states something measurable, then
"," / " và " when the right part opens with a number or an opener ("không có",
"nhân rộng") or when both parts carry their own number; a parenthesis with
its own number ("(Mỗi năm xây dựng 3 - 4km)") is a clause of its own.
``build_target`` then reads each clause: its main quantity, comparator,
direction, timeframe (own, else inherited from the clause before it in the
same sentence, else from the item or list) and its cleaned indicator.
The cue lists live in ``pipeline/data/clause_cues.json``.
"""

from __future__ import annotations

import itertools
import json
import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from spacy.tokens import Doc

from ..normalize import alternation, match_key
from ..numbering import CLAUSE_LABEL_RE
from .comparators import comparator_for
from .direction import DirectionCue, direction_for
from .quantities import Quantity
from .timeframes import TimeframeMention, resolve
from .tokenizer import doc_key, doc_text

DATA = Path(__file__).resolve().parents[1] / "data"
MEASURE_UNITS = {"%", "triệu đồng", "tỷ đồng", "km", "ha", "lần"}


@dataclass(frozen=True)
class ClauseCues:
    comma_openers: re.Pattern[str]
    and_openers: re.Pattern[str]
    status: re.Pattern[str]
    value_predicates: re.Pattern[str]
    fillers: re.Pattern[str]
    trivial: re.Pattern[str]
    lead_in: re.Pattern[str]
    indicator_trailing: re.Pattern[str]
    predicate_only: re.Pattern[str]
    filler_anywhere: re.Pattern[str]
    indicator_leading: re.Pattern[str]
    physical_units: frozenset[str]
    list_headings: re.Pattern[str]
    commitment_verbs: re.Pattern[str]
    past_results: re.Pattern[str]
    present_state: re.Pattern[str]
    specifier_colon: re.Pattern[str]
    measures_of: re.Pattern[str]


def _alt(words: list[str]) -> str:
    return alternation(match_key(w) for w in words)


@lru_cache(maxsize=1)
def cues() -> ClauseCues:
    d = json.loads((DATA / "clause_cues.json").read_text(encoding="utf-8"))
    return ClauseCues(
        comma_openers=re.compile(rf"(?:{_alt(d['comma_openers'])})(?!\w)"),
        and_openers=re.compile(rf"(?:{_alt(d['and_openers'])})(?<=\W)|(?:{_alt(d['and_openers'])})(?!\w)"),
        status=re.compile(rf"(?<!\w)(?:{_alt(d['status_predicates'])})(?!\w)"),
        value_predicates=re.compile(rf"(?<!\w)(?:{_alt(d['value_predicates'])})(?!\w)"),
        fillers=re.compile(rf"^(?:\s*(?:{_alt(d['fillers'])})(?!\w)[\s,:]*)+"),
        trivial=re.compile(rf"^\s*(?:{_alt(d['trivial'])})\s*[:.]?\s*$"),
        lead_in=re.compile("|".join(f"(?:{p})" for p in d["lead_in"])),
        indicator_trailing=re.compile(rf"(?:[\s,]+(?:{_alt(d['indicator_trailing'])}))+\s*$"),
        commitment_verbs=re.compile(rf"(?<!\w)(?:{_alt(d['commitment_verbs'])})(?!\w)"),
        list_headings=re.compile(rf"^\W*(?:{_alt(d['list_headings'])})(?!\w)"),
        past_results=re.compile(rf"(?<!\w)(?:{_alt(d['past_results'])})(?!\w)"),
        present_state=re.compile(r"(?<!\w)(?:" + "|".join(f"(?:{p})" for p in d["present_state"]) + r")(?!\w)"),
        specifier_colon=re.compile(rf"(?<!\w)(?:{_alt(d['specifiers'])})\s*:"),
        filler_anywhere=re.compile(rf"(?<!\w)(?:{_alt(d['striving'])})(?!\w)[\s,:]*"),
        indicator_leading=re.compile(rf"^(?:{_alt(d['indicator_leading'])})(?!\w)\s*"),
        physical_units=frozenset(d["physical_units"]),
        predicate_only=re.compile(rf"(?:(?:{_alt(d['value_predicates'] + d['indicator_trailing'] + ['và'])})[\s,]*)+"),
        measures_of=re.compile(rf"\W*(?:{_alt(d['measures_of'])})\W*"),
    )


def is_list_heading(title: str) -> bool:
    """Is a heading the title of a target list ("Mục tiêu cụ thể", "Các chỉ tiêu chủ yếu")?"""
    return bool(cues().list_headings.match(match_key(title)))


def reports_past(text: str) -> bool:
    """Does a prose clause report results already achieved ("nhiệm kỳ qua ... đã đạt")?"""
    return bool(cues().past_results.search(match_key(text)))


def dated_commitment(text: str, own_timeframe: dict[str, Any] | None) -> bool:
    """A qualitative prose commitment with its own deadline ("Phấn đấu đến năm 2030 xã đạt ...")."""
    if not own_timeframe or own_timeframe["kind"] not in ("by", "before"):
        return False
    return bool(cues().commitment_verbs.search(match_key(text)))


def is_lead_in(text: str) -> bool:
    """Does this paragraph introduce a list ("Giao cho X chủ trì ... các chỉ tiêu sau:")?"""
    return bool(cues().lead_in.search(match_key(text.strip())))


@dataclass(kw_only=True)
class Clause:
    """One atomic statement at unit_text[start:end]; ``sentence`` groups clauses of one sentence."""

    start: int
    end: int
    sentence: int
    parenthetical: bool = False
    restatement: bool = False  # "66/112 thôn" right after "đạt 60%": the same target in another unit


@dataclass(kw_only=True)
class Analysis:
    """What the spaCy components found in one unit (offsets relative to the unit text)."""

    text: str
    key: str
    quantities: list[Quantity]
    timeframes: list[TimeframeMention]
    direction_cues: list[DirectionCue]

    @classmethod
    def from_doc(cls, doc: Doc) -> Analysis:
        return cls(
            text=doc_text(doc),
            key=doc_key(doc),
            quantities=list(doc._.quantities or []),
            timeframes=list(doc._.timeframes or []),
            direction_cues=list(doc._.direction_cues or []),
        )

    def quantities_in(self, start: int, end: int) -> list[Quantity]:
        return [q for q in self.quantities if start <= q.start and q.end <= end]

    def timeframes_in(self, start: int, end: int) -> list[TimeframeMention]:
        return [t for t in self.timeframes if start <= t.start and t.end <= end]

    def cues_in(self, start: int, end: int) -> list[DirectionCue]:
        return [c for c in self.direction_cues if start <= c.start and c.end <= end]


# --- splitting ---------------------------------------------------------------------


def _depth_map(key: str) -> list[int]:
    """Nesting depth of parentheses and quotes at each position (separators inside don't split)."""
    depth, quote, out = 0, False, []
    for ch in key:
        if ch == "(":
            depth += 1
        out.append(depth + (1 if quote else 0))
        if ch == ")" and depth:
            depth -= 1
        if ch == '"':
            quote = not quote
    return out


_ABBREVIATION = re.compile(r"(?<!\w)(?:[A-ZĐ][A-Za-zđ]?|[A-ZĐ]{2,4})\.$")  # "TP. Hải Phòng", "Th.S."
_SENTENCE_END = re.compile(r"(?<=[.!?…])\s+(?=[\"(\w])")


def _strip(a: Analysis, start: int, end: int) -> tuple[int, int]:
    """Trim white space, separators and leading labels ("(1)", "-") from a piece."""
    text = a.text
    m = CLAUSE_LABEL_RE.match(text, start) if start == 0 else None
    if m and m.end() <= end:
        start = m.end()
    while start < end and (text[start].isspace() or text[start] in ",;:"):
        start += 1
    while end > start and (text[end - 1].isspace() or text[end - 1] in ",;:"):
        end -= 1
    return start, end


def _content_words(a: Analysis, start: int, end: int) -> str:
    """The piece's key without timeframes and fillers (to judge whether it says anything)."""
    key = list(a.key[start:end])
    for t in a.timeframes_in(start, end):
        for i in range(t.start - start, t.end - start):
            key[i] = " "
    s = "".join(key)
    s = cues().fillers.sub("", s.strip(" ,;:"))
    return s.strip(" ,;:.")


def _complete(a: Analysis, start: int, end: int) -> bool:
    """Is the left part of a split a statement on its own (a number or a predicate)?"""
    words = _content_words(a, start, end)
    if len(words.split()) < 2:
        return False
    return bool(a.quantities_in(start, end)) or bool(cues().status.search(a.key, start, end))


def _has_own_value(a: Analysis, start: int, end: int) -> bool:
    """Does the piece carry its own number introduced by its own predicate ("... đạt 4,5%"), or
    its own place in a ranking ("... và trong 10 quốc gia ... tốt nhất châu Á")?"""
    qs = a.quantities_in(start, end)
    if not qs:
        return False
    return qs[0].rank or bool(cues().value_predicates.search(a.key, start, qs[0].start))


def _opens_with_quantity(a: Analysis, start: int) -> bool:
    for q in a.quantities:
        first = q.comparator_start if q.comparator_start is not None else q.start
        if first == start or q.start == start:
            return True
    return False


def split_clauses(a: Analysis) -> list[Clause]:
    """Given an analysed unit, return its atomic clauses, left to right.

    "Trong nhiệm kỳ, tỷ lệ nữ đạt 20% trở lên và có cán bộ trẻ trong BTV." gives
    "Trong nhiệm kỳ, tỷ lệ nữ đạt 20% trở lên" and "và có cán bộ trẻ trong BTV."
    (sentences are cut by rule: a period before a capital, a digit, a quote or "(").
    """
    c = cues()
    depth = _depth_map(a.key)
    clauses: list[Clause] = []
    sent_start = 0
    bounds = [
        m.start()
        for m in _SENTENCE_END.finditer(a.text)
        if depth[m.start()] == 0 and not _ABBREVIATION.search(a.text, 0, m.start())
    ] + [len(a.text)]
    for si, sent_end in enumerate(bounds):
        pieces = _split_sentence(a, sent_start, sent_end, depth, c)
        for ps, pe, paren in pieces:
            ps, pe = _strip(a, ps, pe)
            if pe <= ps or c.trivial.match(a.key[ps:pe]) or not _content_words(a, ps, pe):
                continue
            if paren and _ENUMERATION.fullmatch(a.key[ps:pe]):
                continue  # "(1)" of an inline enumeration "...: (1) Duy trì ...; (2) ...": a label
            prev = clauses[-1] if clauses and clauses[-1].sentence == si else None
            clauses.append(
                Clause(start=ps, end=pe, sentence=si, parenthetical=paren, restatement=_restates(a, prev, ps, pe))
            )
        sent_start = sent_end
    return clauses


_ENUMERATION = re.compile(r"\W*(?:\d{1,2}|[a-zđ]|[ivx]{1,4})\W*")


def _restates(a: Analysis, prev: Clause | None, start: int, end: int) -> bool:
    """Is a piece only a number (and its noun) following a clause that has its own number?"""
    qs = a.quantities_in(start, end)
    if prev is None or len(qs) != 1 or not a.quantities_in(prev.start, prev.end):
        return False
    rest = (a.key[start : qs[0].start] + " " + a.key[qs[0].end : end]).strip(" .,;:()")
    return len(rest.split()) <= 1


def _split_sentence(
    a: Analysis, start: int, end: int, depth: list[int], c: ClauseCues
) -> list[tuple[int, int, bool]]:
    # 1. ";" (or "cụ thể:") when the right part is measurable on its own
    cuts = [start]
    colons = [m.end() - 1 for m in c.specifier_colon.finditer(a.key, start, end)]
    for p in sorted([start + m.start() for m in re.finditer(";", a.key[start:end])] + colons):
        if depth[p]:
            continue
        right_s, right_e = p + 1, end
        nxt = a.key.find(";", right_s, end)
        if nxt >= 0:
            right_e = nxt
        measurable = (
            a.quantities_in(right_s, right_e)
            or a.timeframes_in(right_s, right_e)
            or c.status.search(a.key, right_s, right_e)
        )
        if measurable and len(_content_words(a, cuts[-1], p).split()) >= 2:
            cuts.append(p)
    cuts.append(end)
    pieces: list[tuple[int, int]] = []
    for s, e in itertools.pairwise(cuts):
        pieces.extend(_split_commas(a, s, e, depth, c))
    # 2. parentheses with their own number are clauses of their own
    out: list[tuple[int, int, bool]] = []
    for s, e in pieces:
        inner = [
            (m.start() + s, m.end() + s)
            for m in re.finditer(r"\([^()]*\)", a.key[s:e])
            if a.quantities_in(m.start() + s, m.end() + s)
        ]
        pos = s
        for ps, pe in inner:
            out.append((pos, ps, False))
            out.append((ps + 1, pe - 1, True))
            pos = pe
        out.append((pos, e, False))
    return out


NEW_SUBJECT_WORDS = 5


def _new_subject(a: Analysis, start: int, end: int) -> bool:
    """Does a piece after a comma open with a capitalised subject and its own predicate? "5/5 ấp
    giữ vững danh hiệu ấp văn hóa, | Xã giữ vững danh hiệu xã đạt chuẩn nông thôn mới"."""
    if not a.text[start : start + 1].isupper():
        return False
    head_end = start
    for _ in range(NEW_SUBJECT_WORDS):
        nxt = a.key.find(" ", head_end + 1, end)
        head_end = end if nxt < 0 else nxt
    return bool(cues().status.search(a.key, start, head_end))


OWN_PHRASE_WORDS = 3


def _own_phrase_and_number(a: Analysis, start: int, end: int) -> bool:
    """After a comma, a phrase of its own before its own number: "..., giải quyết việc làm mới cho
    320 lao động", "..., kết nạp 150 đảng viên" (not a number's unit or a bare restatement)."""
    qs = a.quantities_in(start, end)
    if not qs:
        return False
    words = a.key[start : qs[0].comparator_start if qs[0].comparator_start is not None else qs[0].start].split()
    return len(words) >= OWN_PHRASE_WORDS - 1 and words[0][:1].isalpha()


def has_predicate(a: Analysis, start: int, end: int) -> bool:
    """Does a piece state something (a status or value predicate), not only name ("100% trường
    Mầm non, Tiểu học, THCS ... được trang bị ít nhất 01 phòng học": the comma lists schools)?"""
    c = cues()
    return bool(c.status.search(a.key, start, end) or c.value_predicates.search(a.key, start, end))


def _split_commas(
    a: Analysis, start: int, end: int, depth: list[int], c: ClauseCues
) -> list[tuple[int, int]]:
    cuts = [start]
    for m in re.finditer(r",\s+|\s+và\s+", a.key[start:end]):
        p, q = start + m.start(), start + m.end()
        if depth[p] or q >= end:
            continue
        is_and = "và" in m.group(0)
        nxt = re.compile(r",\s+|\s+và\s+").search(a.key, q, end)
        right_end = nxt.start() if nxt else end
        opener = (c.and_openers if is_and else c.comma_openers).match(a.key, q)
        split = False
        opens = _opens_with_quantity(a, q)
        if (opens and not is_and) or opener:
            split = _complete(a, cuts[-1], p)
        elif opens and a.quantities_in(cuts[-1], p) and has_predicate(a, q, right_end):
            split = _complete(a, cuts[-1], p)  # "60% xã đạt chuẩn | và một đơn vị đạt chuẩn văn minh"
        elif a.quantities_in(cuts[-1], p) and (
            _has_own_value(a, q, end)
            or (not is_and and _new_subject(a, q, right_end))
            or (not is_and and _own_phrase_and_number(a, q, right_end) and has_predicate(a, cuts[-1], p))
        ):
            split = _complete(a, cuts[-1], p)
        if split and right_end > q:
            cuts.append(p)
    cuts.append(end)
    return list(itertools.pairwise(cuts))


# --- reading one clause -----------------------------------------------------------


@dataclass(kw_only=True)
class ClauseReading:
    start: int
    end: int
    quantity: Quantity | None
    comparator: str | None
    direction: str
    own_timeframe: dict[str, Any] | None
    indicator: str
    flags: list[str] = field(default_factory=list)


_TO_LEVEL = re.compile(r"(?<!\w)(?:xuống|lên|còn|đến|tới)(?: (?:mức|còn|dưới|trên|khoảng))?\s*$")
_FROM_LEVEL = re.compile(r"(?<!\w)từ\s*$")


def main_quantity(qs: list[Quantity], key: str | None = None) -> Quantity | None:
    """The committed number of a clause: a measure (%, money, km ...) before a count, then the first;
    in "giảm từ 23 ca sinh ... xuống 18 ca sinh" the level it goes to (given the clause key)."""
    if not qs:
        return None
    if key is not None and len(qs) > 1 and any(_FROM_LEVEL.search(key[max(0, q.start - 6) : q.start]) for q in qs):
        to = [q for q in qs if _TO_LEVEL.search(key[max(0, q.start - 16) : q.start])]
        if to:
            return to[0]
    return max(qs, key=lambda q: (q.measure, -q.start))


def read_clause(a: Analysis, cl: Clause) -> ClauseReading:
    qs = a.quantities_in(cl.start, cl.end)
    q = main_quantity(qs, a.key)
    comparator = None
    cue_start = None
    if q is not None:
        comparator, cue_start = comparator_for(a.key, q, cl.end)
    frames = a.timeframes_in(cl.start, cl.end)
    direction = direction_for(a.cues_in(cl.start, cl.end), q.start if q else None)
    indicator = clean_indicator(a, cl, q, cue_start, frames)
    flags = list(q.flags) if q else []
    return ClauseReading(
        start=cl.start,
        end=cl.end,
        quantity=q,
        comparator=comparator,
        direction=direction,
        own_timeframe=resolve(frames),
        indicator=indicator,
        flags=flags,
    )


def clean_indicator(
    a: Analysis, cl: Clause, q: Quantity | None, cue_start: int | None, frames: list[TimeframeMention]
) -> str:
    """What is measured: the clause without its timeframe, fillers, number and predicate.

    "Phấn đấu tỷ lệ kết nạp đảng viên mới hằng năm đạt từ 3% ..." -> "tỷ lệ kết nạp đảng viên mới".
    """
    chars = list(a.text)
    for t in frames:
        for i in range(t.start, t.end):
            chars[i] = " "
    blanked = "".join(chars)

    def tidy(s: str) -> str:
        s = re.sub(r"\s+", " ", s).strip(" ,;:.-–")
        key = match_key(s)
        m = cues().fillers.match(key)
        if m:
            s = s[m.end() :]
        key = match_key(s)
        m = cues().indicator_leading.match(key)
        if m and len(s.split()) > 2:
            s = s[m.end() :]
        key = match_key(s)
        m = cues().indicator_trailing.search(" " + key)
        if m:
            s = s[: max(0, m.start() - 1)]
        return s.strip(" ,;:.-–")

    if q is None:
        return tidy(blanked[cl.start : cl.end])
    cut = cue_start if cue_start is not None else q.start
    # a long prose lead-up ("Tiếp tục ..., phấn đấu đến năm 2030, tỷ lệ X đạt ..."): keep what follows
    # its last "phấn đấu" or timeframe
    start = cl.start
    for m in cues().filler_anywhere.finditer(a.key, cl.start, cut):
        start = max(start, m.end())
    topic_end = cl.start  # "Công tác môi trường được chú trọng: 100% rác thải ...": a topic, no indicator
    colon = a.key.rfind(": ", start, cut)
    if colon >= 0 and a.key.count(")", colon, cut) <= a.key.count("(", colon, cut):
        start = topic_end = colon + 2
    for t in frames:
        lead_up = re.match(r"\s*,", a.key[t.end : cut])  # "..., đến năm 2030, tỷ lệ X": not "X hằng năm đạt"
        if t.end <= cut and lead_up:
            start = max(start, t.end + lead_up.end())
    left = tidy(blanked[start:cut])
    if not is_predicate_phrase(left) or start == cl.start:
        pass
    else:  # "Tỷ lệ X đến năm 2030 phấn đấu đạt 58%": the indicator stands before "phấn đấu"
        left = tidy(blanked[topic_end:cut])
    noun_start = q.end  # a noun from the word segmentation follows the quantity ("02 hội nghị")
    if q.unit and not q.measure and a.key[: q.end].endswith(match_key(q.unit)):
        noun_start = q.end - len(q.unit)  # "12/12 thôn giữ vững ...": the quantity ends with its noun
    right = blanked[noun_start : cl.end]
    right = re.split(r"[;(]", right)[0]
    right = tidy(re.sub(r"\btrở (?:lên|xuống)\b", " ", right))
    # "ít nhất 02 sản phẩm OCOP", "15 – 20 km đường xã": the noun phrase after the number is measured
    counted = q.unit is not None and (not q.measure or q.unit in cues().physical_units)
    left_ok = not is_predicate_phrase(left)
    if left_ok and not (counted and right and match_key(right) != match_key(q.unit or "")):
        return left  # "Tuổi thọ trung bình đạt 75 tuổi": the noun alone names nothing
    return right or left


def is_predicate_phrase(text: str) -> bool:
    """Too short, or only predicates ("đảm bảo và hoàn thành", "xây dựng"), to name an indicator."""
    return len(text.split()) < 2 or bool(cues().predicate_only.fullmatch(match_key(text)))


def is_measure_only(text: str) -> bool:
    """A measure that does not say what it measures ("tốc độ"): of the indicator before it."""
    return bool(cues().measures_of.fullmatch(match_key(text)))


def is_commitment(q: Quantity | None, comparator: str | None) -> bool:
    """A number in prose is a commitment when it has a unit: a measure or a known counted noun;
    a noun known only from the word segmentation needs a comparator or a range too
    ("ít nhất 03 hội nghị" commits, "gồm 5 thành viên" describes)."""
    if q is None or q.unit is None:
        return False
    if q.segmented_noun:
        return q.is_range or comparator not in (None, "=")
    return True


_QUOTED = re.compile(r"[\"“][^\"“”]*[\"”]")


@lru_cache(maxsize=4096)
def states_something(text: str) -> bool:
    """Does a clause without a number say something of its own: a predicate outside quotes, after
    any "label:" ("Thị trường trọng điểm: Nhật Bản, Hàn Quốc" names; "Các sản phẩm trái
    cây", "Hồng Kông, Đài Loan" are topics; "Đảng bộ đạt TSVM" states)? A predicate is a cue
    word of the clause tables or a verb by underthesea's part-of-speech tags (loaded only when
    a qualitative clause is read)."""
    from underthesea import pos_tag

    body = text.rsplit(":", 1)[-1].strip(" .;,…")
    key = match_key(body)
    if key.startswith("và "):
        return True  # "... đạt chuẩn “Chính quyền thân thiện” | và “Công sở thân thiện”": the verb is shared
    body = _QUOTED.sub(" ", body).strip(" .;,…")
    if not body:
        return False
    c = cues()
    key = match_key(body)
    if any(rx.search(key) for rx in (c.status, c.value_predicates, c.comma_openers, c.commitment_verbs)):
        return True
    return any(tag == "V" for _, tag in pos_tag(body))


@lru_cache(maxsize=4096)
def describes_present(sentence: str) -> bool:
    """Does a prose sentence describe how things stand ("Toàn tỉnh hiện có 95 xã, 1.250 thôn")?"""
    return bool(cues().present_state.search(match_key(sentence)))


def tier_of(unit_tier: str, cl: Clause, reading: ClauseReading, text: str, sentence: str = "") -> str | None:
    """The tier of a clause read in a list or prose unit, or None when it is no target.

    List units: every clause is a "list" target, but a restatement of the number in
    another unit ("(8 xã)", "đạt 60%, 66/112 thôn") is "optional". Prose: a commitment to a
    number with a unit is "prose", a dated qualitative commitment "optional",
    anything else (descriptions, past results) no target. ``sentence`` is the clause's
    whole sentence: a description of the present state covers all its clauses.
    """
    if unit_tier != "prose":
        if cl.restatement or (cl.parenthetical and reading.own_timeframe is None):
            return "optional"
        return unit_tier
    if reports_past(text) or describes_present(sentence or text):
        return None
    if is_commitment(reading.quantity, reading.comparator):
        return "optional" if cl.restatement else "prose"
    return "optional" if dated_commitment(text, reading.own_timeframe) else None
