"""Vietnamese numbers and the committed quantities they state.

Vietnamese writes a decimal comma and a thousands dot: "10,9" is 10.9,
"1.988" is 1988, "02" is 2. A dot followed by other than three digits
("1.5") is probably an English decimal and is flagged as ambiguous, as is a
comma followed by exactly three digits ("1,500": decimal here, thousands in
English).

A quantity is a number (or a range "10-13%", "15 – 20 km", "từ 02 đến 03",
a share "21/21") with its unit ("%", "triệu đồng", "km", "ha", "lần" or the
counted noun, "02 tổ chức đảng" -> "tổ chức"). Numbers that only name
things are skipped: years, dates, document numbers ("57-NQ/TW"), ordinals
("lần thứ", "cấp độ 2"), per-unit denominators ("trên 01 ha đất").
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from spacy.language import Language
from spacy.tokens import Doc

from ..normalize import alternation, match_key
from .tokenizer import doc_key, doc_text, segmented

DATA = Path(__file__).resolve().parents[1] / "data"

NUMBER = r"\d+(?:[.,]\d+)*"
_NUMBER_RE = re.compile(rf"(?<![\w.,/])({NUMBER})(?![\d]|[.,]\d)")
_YEAR_RE = re.compile(r"(?:19|20)\d\d")


def parse_vn_number(s: str) -> tuple[float, bool]:
    """Given a number as written in Vietnamese, return (value, ambiguous).

    >>> parse_vn_number("10,9"), parse_vn_number("1.988"), parse_vn_number("02")
    ((10.9, False), (1988.0, False), (2.0, False))
    >>> parse_vn_number("1.5")
    (1.5, True)
    """
    s = s.strip().replace(" ", "")
    if not s or not re.fullmatch(NUMBER, s):
        raise ValueError(f"not a number: {s!r}")
    if "." in s and "," in s:
        # 1.234,5 -> thousands dot, decimal comma (unambiguous)
        whole, _, frac = s.rpartition(",")
        return float(whole.replace(".", "") + "." + frac), False
    if "." in s:
        groups = s.split(".")
        if all(len(g) == 3 for g in groups[1:]):
            return float("".join(groups)), False
        return float(s) if len(groups) == 2 else float("".join(groups)), True
    if "," in s:
        groups = s.split(",")
        if len(groups) > 2:  # 1,234,567: English thousands
            return float("".join(groups)), True
        value = float(groups[0] + "." + groups[1])
        return value, len(groups[1]) == 3
    return float(s), False


@dataclass(kw_only=True)
class Quantity:
    """A committed number at text[start:end] (offsets relative to the text searched)."""

    start: int
    end: int
    text: str
    value: float | None = None
    low: float | None = None
    high: float | None = None
    of: float | None = None  # "21/21": value 21 of 21
    unit: str | None = None
    measure: bool = False  # unit is a measure (%, money, km, ha, lần), not a counted noun
    segmented_noun: bool = False  # counted noun taken from the word segmentation, not from units.json
    rank: bool = False  # a place in a ranking ("trong 4 quốc gia ... tốt nhất", "nhóm 3/50 nước")
    comparator: str | None = None
    comparator_start: int | None = None
    ambiguous: bool = False
    flags: list[str] = field(default_factory=list)

    @property
    def is_range(self) -> bool:
        return self.low is not None and self.high is not None


@dataclass(frozen=True)
class QuantityTables:
    measures: dict[str, str]
    measure_re: re.Pattern[str]
    counted_re: re.Pattern[str]
    descriptive_re: re.Pattern[str]
    level_re: re.Pattern[str]
    multiplier_re: re.Pattern[str]
    per_unit_re: re.Pattern[str]
    word_numbers: dict[str, int]
    excluded_res: tuple[re.Pattern[str], ...]
    reference_title_re: re.Pattern[str]
    rank_re: re.Pattern[str]


@lru_cache(maxsize=1)
def tables() -> QuantityTables:
    units = json.loads((DATA / "units.json").read_text(encoding="utf-8"))
    pats = json.loads((DATA / "quantity_patterns.json").read_text(encoding="utf-8"))
    measures = {match_key(k): v for k, v in units["measures"].items()}
    return QuantityTables(
        measures=measures,
        measure_re=re.compile(rf"\s*({alternation(list(measures))})(?![\w])"),
        counted_re=re.compile(rf"\s+({alternation([match_key(w) for w in units['counted_nouns']])})(?!\w)"),
        descriptive_re=re.compile(
            rf"\s*({alternation([match_key(w) for w in units['descriptive_nouns']])})(?!\w)"
        ),
        level_re=re.compile(
            rf"(?<!\w)(?:{units['level_cue']})\s+$|^\s*({alternation([match_key(w) for w in units['level_nouns']])})(?!\w)"
        ),
        multiplier_re=re.compile(rf"\s*({alternation([match_key(w) for w in units['multipliers']])})(?=\s)"),
        per_unit_re=re.compile("|".join(f"(?:{p})" for p in units["per_unit"])),
        word_numbers={match_key(k): v for k, v in units["word_numbers"].items()},
        excluded_res=tuple(re.compile(p) for p in pats["labels"]),
        reference_title_re=re.compile(pats["reference_title"]),
        rank_re=re.compile(pats["rank"] + "$"),
    )


def find_references(key: str) -> list[tuple[int, int]]:
    """Spans of cited documents (number, date, issuer, title): their years are no deadlines.

    The citations are those of ``references.find_citations``, extended over the cited
    title ("... về phát triển ... đến năm 2030, tầm nhìn đến năm 2045").
    """
    from .references import find_citations

    spans = []
    for c in find_citations(key, key):
        title = tables().reference_title_re.match(key, c.end)
        spans.append((c.start, max(c.full_end, title.end() if title else c.end)))
    return spans


def excluded_spans(key: str) -> list[tuple[int, int]]:
    """Spans whose numbers name things (references, dates, ordinals, terms), not commitments."""
    spans = find_references(key)
    for rx in tables().excluded_res:
        spans.extend((m.start(), m.end()) for m in rx.finditer(key))
    return spans


def _inside(pos: int, spans: list[tuple[int, int]]) -> bool:
    return any(s <= pos < e for s, e in spans)


_RANGE_TAIL = re.compile(rf"\s*(?:%\s*)?(?:[-–]|đến)\s*({NUMBER})(?![\d]|[.,]\d)")
_FRACTION_TAIL = re.compile(r"/(\d+)(?![\w/])")
_WORD_NUMBER_AFTER_CUE = r"(?:ít nhất|tối thiểu|không dưới|có|từ|và)\s+({words})\s+(?=[^\W\d])"


def find_quantities(text: str, key: str | None = None) -> list[Quantity]:
    """Given a text, return its candidate committed quantities, left to right.

    >>> [(q.low, q.high, q.unit) for q in find_quantities("tăng bình quân 10-13%/năm")]
    [(10.0, 13.0, '%')]
    """
    key = key if key is not None else match_key(text)
    t = tables()
    skip = excluded_spans(key)
    found: list[Quantity] = []
    consumed_until = -1
    for m in _NUMBER_RE.finditer(key):
        if m.start() < consumed_until or _inside(m.start(), skip):
            continue
        raw = m.group(1)
        value, ambiguous = parse_vn_number(raw)
        end = m.end()
        q = Quantity(start=m.start(), end=end, text="", value=value, ambiguous=ambiguous)
        # the share "21/21 thôn": value 21 of 21 (dates were skipped above)
        frac = _FRACTION_TAIL.match(key, end)
        if frac:
            q.of = float(frac.group(1))
            end = frac.end()
        else:
            rng = _RANGE_TAIL.match(key, end)
            if rng:
                low, amb_low = value, ambiguous
                high, amb_high = parse_vn_number(rng.group(1))
                if high > low:
                    q.low, q.high, q.value = low, high, None
                    q.ambiguous = amb_low or amb_high
                    end = rng.end()
        meas = t.measure_re.match(key, end)
        mult = t.multiplier_re.match(key, end)
        counted = t.counted_re.match(key, mult.end()) if mult else None
        if mult and counted:  # "5 triệu lượt khách", "30 nghìn lao động": a count, not money
            q.unit = f"{mult.group(1)} {text[counted.start(1) : counted.end(1)].lower()}"
            end = counted.end()
        elif meas:
            q.unit = t.measures[meas.group(1)]
            q.measure = True
            end = meas.end()
        else:
            if _YEAR_RE.fullmatch(raw) and q.low is None and q.of is None:
                continue  # a bare year is a timeframe, never a value
            if t.descriptive_re.match(key, end) and not _states_level(key, q.start, end):
                continue
            counted = t.counted_re.match(key, end)
            if counted:
                q.unit = text[counted.start(1) : counted.end(1)].lower()
                end = counted.end()
        if t.per_unit_re.match(key, _word_start_before(key, q.start)) or key.startswith("/", q.start - 1):
            continue
        q.end = end
        q.text = text[q.start : q.end]
        q.rank = bool(t.rank_re.search(key[max(0, q.start - 30) : q.start]))
        if q.ambiguous:
            q.flags.append("ambiguous_number")
        found.append(q)
        consumed_until = end
    found.extend(_word_quantities(text, key, skip))
    found.sort(key=lambda x: x.start)
    return found


def _states_level(key: str, start: int, end: int) -> bool:
    """A level noun right after "đạt <number>" is the committed level, not a description:
    "tuổi thọ trung bình đạt 75 tuổi", "đạt 19/19 tiêu chí" (but "trẻ em dưới 5 tuổi")."""
    level_re = tables().level_re
    after = level_re.match(key[end : end + 20])
    return bool(after and after.group(1)) and level_re.search(key[max(0, start - 30) : start]) is not None


def _word_start_before(key: str, pos: int) -> int:
    """Start of the word before ``pos`` ("trên 01 ha" -> start of "trên")."""
    i = pos - 1
    while i >= 0 and key[i] == " ":
        i -= 1
    while i >= 0 and not key[i].isspace():
        i -= 1
    return i + 1


@lru_cache(maxsize=1)
def _word_number_re() -> re.Pattern[str]:
    return re.compile(_WORD_NUMBER_AFTER_CUE.format(words=alternation(list(tables().word_numbers))))


def _word_quantities(text: str, key: str, skip: list[tuple[int, int]]) -> list[Quantity]:
    """Numbers spelled as words count only after a cue ("ít nhất một môn thể thao")."""
    t = tables()
    rx = _word_number_re()
    out = []
    for m in rx.finditer(key):
        if _inside(m.start(1), skip) or t.descriptive_re.match(key, m.end(1)):
            continue
        end = m.end(1)
        unit = None
        counted = t.counted_re.match(key, end)
        if counted:
            unit, end = text[counted.start(1) : counted.end(1)].lower(), counted.end()
        else:
            continue
        out.append(
            Quantity(
                start=m.start(1),
                end=end,
                text=text[m.start(1) : end],
                value=float(t.word_numbers[m.group(1)]),
                unit=unit,
            )
        )
    return out


# --- spaCy component -----------------------------------------------------------

if not Doc.has_extension("quantities"):
    Doc.set_extension("quantities", default=None)


@Language.factory(
    "vn_quantities", assigns=["doc._.quantities", "doc.spans"], default_config={"spans_key": "quantities"}
)
def make_quantities(nlp: Language, name: str, spans_key: str) -> VnQuantities:
    return VnQuantities(spans_key=spans_key)


class VnQuantities:
    """Finds committed quantities; offsets are character offsets into doc.text."""

    def __init__(self, *, spans_key: str = "quantities") -> None:
        self.spans_key = spans_key

    def match(self, doc: Doc) -> list[Quantity]:
        return find_quantities(doc_text(doc), doc_key(doc))

    def set_annotations(self, doc: Doc, quantities: list[Quantity]) -> None:
        self.counted_noun_from_words(doc, quantities)
        doc._.quantities = quantities
        spans = [doc.char_span(q.start, q.end, alignment_mode="expand") for q in quantities]
        doc.spans[self.spans_key] = [s for s in spans if s is not None]

    def __call__(self, doc: Doc) -> Doc:
        self.set_annotations(doc, self.match(doc))
        return doc

    @staticmethod
    def counted_noun_from_words(doc: Doc, quantities: list[Quantity]) -> None:
        """A bare count not in the noun list takes the next segmented word as its noun:
        "tổ chức 02 hội nghị" -> "hội nghị" (underthesea keeps "hội nghị" as one word). A noun
        over a denominator is a rate, a measure like any in units.json: "1,8 con/phụ nữ".
        The words are segmented only for a clause that has such a count."""
        bare = [q for q in quantities if q.unit is None]
        if not bare:
            return
        words = segmented(doc)
        by_start = {t.idx: t for t in words if not t.is_space}
        text = doc_text(doc)
        for q in bare:
            pos = q.end
            while pos < len(text) and text[pos] == " ":
                pos += 1
            tok = by_start.get(pos)
            if tok is not None and tok.text[:1].isalpha() and tok.text[:1].islower():
                q.unit, q.segmented_noun = tok.text, True
                per = words[tok.i + 1 : tok.i + 3]
                if len(per) == 2 and per[0].text == "/" and per[1].text[:1].isalpha():
                    q.unit, q.segmented_noun = text[tok.idx : per[1].idx + len(per[1].text)], False
