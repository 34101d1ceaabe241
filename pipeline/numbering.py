"""Numbering labels: the one grammar of "A.", "II.", "2.1.", "(3)", "a)", "-" for every stage.

Vietnamese administrative documents number their parts by convention: A./B./C.
and I./II./III. for the large parts, 1./1.1./1.6.1. for sections, (1)/1)/a)/a.
for the items (the targets), "-", "+", "•" for bullets, and in resolutions and
decisions "Phần I", "Chương II", "Điều 3.". The numbering *is* the structure:
readers start blocks at a label, the outline nests sections by label scheme,
the checks look for gaps in the numbers, the diff ignores item numbers that
change on revision. The grammar lives here, once, so that they agree on what a
label is; where a stage reads a narrower set of labels, that set is named data
here too (``BLOCK_LABEL_RE``), not a regex of its own; the numbering checks read
labels with the full grammar (``label_style``).
Those sets still differ in small ways (how many digits, "(a)", "*"); each
difference is written next to its pattern, to be reconciled against the
evaluation rather than silently.

Unnumbered headings that open a section by their words alone ("PHỤ LỤC II",
"Nơi nhận") are read here as well, from the ``alone`` rows of the cue table
(data/section_kinds.tsv), since the readers need them to end a paragraph.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from .normalize import match_key

DATA_DIR = Path(__file__).parent / "data"
SECTION_KINDS_FILE = DATA_DIR / "section_kinds.tsv"

# --- values of roman numerals and letters -----------------------------------

ROMAN_VALUES = {"I": 1, "V": 5, "X": 10, "L": 50, "C": 100, "D": 500, "M": 1000}
_ROMAN_RE = re.compile(r"M{0,3}(CM|CD|D?C{0,3})(XC|XL|L?X{0,3})(IX|IV|V?I{0,3})")
ROMAN_NUMERALS = [(1000, "m"), (900, "cm"), (500, "d"), (400, "cd"), (100, "c"), (90, "xc"), (50, "l"), (40, "xl"), (10, "x"), (9, "ix"), (5, "v"), (4, "iv"), (1, "i")]  # fmt: skip
# Letters as Vietnamese lists count them: a) b) c) d) đ) e) g) ... (no f, j, w, z).
VI_ALPHABET = "abcdđeghiklmnopqrstuvxy"


def roman_value(s: str) -> int | None:
    """Value of a well-formed roman numeral ("IV" -> 4), None for anything else ("IIV")."""
    if not s or not _ROMAN_RE.fullmatch(s):
        return None
    total = 0
    for a, b in zip(s, s[1:] + " ", strict=True):
        v = ROMAN_VALUES[a]
        total += -v if b != " " and ROMAN_VALUES[b] > v else v
    return total


def roman_numeral(n: int) -> str:
    """A number as a lower-case roman numeral (4 -> "iv"), as Word numbers a lowerRoman list."""
    out = ""
    for value, sym in ROMAN_NUMERALS:
        while n >= value:
            out += sym
            n -= value
    return out


def letter_value(ch: str) -> int:
    """Position of a list letter in the Vietnamese alphabet ("đ" -> 5, "e" -> 6)."""
    ch = ch.lower()
    return VI_ALPHABET.index(ch) + 1 if ch in VI_ALPHABET else ord(ch) - ord("a") + 1


# --- the full grammar: labels at the start of a text (the outline) -----------

# What a bullet is written with: hyphen, plus, asterisk, bullet, en dash, minus.
BULLETS = "-+*•–−"
_BULLET_SET = frozenset(BULLETS)

# scheme name -> pattern matched at the start of a block's text.  Order matters:
# the first pattern that matches gives the label, except that a one-letter roman
# numeral ("I.", "C.") is also read as a letter (see ``label_readings``).
LABEL_PATTERNS: tuple[tuple[str, re.Pattern[str]], ...] = (
    # Phần I / Chương II / Điều 3. (resolutions and decisions)
    ("part", re.compile(r"(?P<label>(?:Phần|PHẦN)\s+(?P<num>[IVXLC]+|\d{1,2})\.?)(?=\s|$)")),
    ("chapter", re.compile(r"(?P<label>(?:Chương|CHƯƠNG)\s+(?P<num>[IVXLC]+|\d{1,2})\.?)(?=\s|$)")),
    ("article", re.compile(r"(?P<label>(?:Điều|ĐIỀU)\s+(?P<num>\d{1,3})\.?)(?=\s|$)")),
    # 2.1. / 1.6.1. / 2.1 Các chỉ tiêu  (a bare "2.1" only before a capital letter)
    ("decimal", re.compile(r"(?P<label>\d{1,2}(?:\.\d{1,2}){1,4}(?:\.|(?=\s+[A-ZÀ-ỸĐ])))(?=\s|$)")),
    ("decimal", re.compile(r"(?P<label>\d{1,2}\.)(?=\s+\S)")),
    ("roman", re.compile(r"(?P<label>(?P<num>[IVXLC]{1,6})\.)(?=\s+\S)")),
    ("upper_alpha", re.compile(r"(?P<label>(?P<num>[A-ZĐ])\.)(?=\s+\S)")),
    ("paren_number", re.compile(r"(?P<label>\((?P<num>\d{1,2})\))(?=\s*\S)")),
    ("number_paren", re.compile(r"(?P<label>(?P<num>\d{1,2})\))(?=\s+\S)")),
    ("alpha_paren", re.compile(r"(?P<label>(?P<num>[a-zđ])\))(?=\s+\S)")),
    ("alpha_dot", re.compile(r"(?P<label>(?P<num>[a-zđ])\.)(?=\s+\S)")),
    ("bullet", re.compile(rf"(?P<label>[{re.escape(BULLETS)}])(?=\s*\S)")),
)
HEADING_SCHEMES = frozenset({"part", "chapter", "article", "decimal", "roman", "upper_alpha"})
ITEM_SCHEMES = frozenset({"paren_number", "number_paren", "alpha_paren", "alpha_dot"})


@dataclass(frozen=True)
class Label:
    """A numbering label read at the start of a text: "2.1." is decimal depth 2, value 1."""

    text: str  # as written: "2.1.", "II.", "(3)", "a)", "-"
    scheme: str  # decimal, roman, upper_alpha, paren_number, number_paren, alpha_paren, bullet
    value: int  # position in its sequence (last component for decimals); 0 for bullets
    depth: int = 1  # number of components of a decimal label

    @property
    def key(self) -> str:
        """The scheme identity used for nesting ("decimal2" for "1.1.")."""
        return f"{self.scheme}{self.depth}" if self.scheme == "decimal" else self.scheme

    @property
    def path_part(self) -> str:
        """The label as it appears in a section path: trailing dots dropped."""
        return self.text.rstrip(".")


def label_readings(text: str) -> list[Label]:
    """Given a block's text, return the possible readings of its leading label.

    Usually one; "C." or "I." read both as a letter and as a roman numeral, and
    the outline picks the one that continues an open sequence.

    >>> [(r.scheme, r.value) for r in label_readings("C. TỔ CHỨC THỰC HIỆN")]
    [('roman', 100), ('upper_alpha', 3)]
    """
    text = text.lstrip()
    readings: list[Label] = []
    for scheme, pattern in LABEL_PATTERNS:
        m = pattern.match(text)
        if not m:
            continue
        label = m.group("label")
        if scheme == "decimal":
            parts = [p for p in label.split(".") if p]
            return [Label(text=label, scheme=scheme, value=int(parts[-1]), depth=len(parts))]
        if scheme == "bullet":
            return [Label(text=label, scheme=scheme, value=0)]
        value = _number_value(m.group("num"), scheme)
        if value is None:
            continue
        readings.append(Label(text=label, scheme=scheme, value=value))
        if scheme != "roman" or len(m.group("num")) > 1:
            break  # only a one-letter roman numeral may also be a letter
    return readings


def _number_value(num: str, scheme: str) -> int | None:
    if num.isdigit():
        return int(num)
    if scheme in ("roman", "part", "chapter"):
        return roman_value(num)
    return letter_value(num)


def parse_label(text: str) -> Label | None:
    """Given a block's text, return its leading numbering label (first reading), or None.

    >>> parse_label("2.1. Các chỉ tiêu xây dựng Đảng").text
    '2.1.'
    >>> parse_label("(3) Hằng năm, Đảng bộ đạt ...").scheme
    'paren_number'
    """
    readings = label_readings(text)
    return readings[0] if readings else None


def is_all_caps(text: str) -> bool:
    """True for a title line written in capitals ("PHỤ LỤC", "B. NỘI DUNG")."""
    letters = [c for c in text if c.isalpha()]
    return len(letters) >= 4 and all(c.isupper() for c in letters)


# --- the labels a reader marks on a block ------------------------------------

# Narrower than LABEL_PATTERNS: no "3)", "a.", Phần/Chương/Điều or "*" bullet,
# and a label must be followed by white space; "(a)" is one.
BLOCK_LABEL_RE = re.compile(
    r"""^(?P<label>
        \(\d{1,3}\)                 # (1)
      | \([a-zđ]\)                  # (a)
      | [a-zđ]\)                    # a)
      | \d{1,3}(?:\.\d{1,3}){0,4}\. # 1.  1.1.  2.1.3.
      | [IVXLC]{1,7}\.              # I.  II.
      | [A-ZĐ]\.                    # A.  B.
      | [-+•–]                      # -  +  •
    )(?=\s)""",
    re.VERBOSE,
)


def split_label(text: str) -> str | None:
    """The numbering label a block starts with, as written ("(3)", "1.2.", "-")."""
    m = BLOCK_LABEL_RE.match(text.lstrip())
    return m.group("label") if m else None


# --- item labels and bullets --------------------------------------------------

# A label that numbers an item or a bullet, not a heading: "(5)", "(a)", "5)", "a)", "-".
ITEM_LABEL_RE = re.compile(rf"\(\d+\)|\([a-zđ]\)|\d+\)|[a-zđ]\)|[{re.escape(BULLETS)}]")
# An item label ending a section path ("II.2.3.2.(12)"), with the dot before it.
PATH_ITEM_LABEL_RE = re.compile(r"[.\s]*(?:\(\s*\d+\s*\)|\d+\)|[a-zđ]\))$")


def is_item_label(label: str | None) -> bool:
    """Is this whole label an item number or a bullet ("(3)", "a)", "-"), not a heading's ("2.1.")?"""
    return label is not None and ITEM_LABEL_RE.fullmatch(label) is not None


def is_bullet(label: str | None) -> bool:
    """Is this whole label a bullet ("-", "+", "•")?"""
    return label in _BULLET_SET


def strip_item_label(path: str) -> str:
    """A section path without the item label it ends with: "II.2.3.2.(12)" -> "II.2.3.2"."""
    return PATH_ITEM_LABEL_RE.sub("", path)


# --- the label in front of an item's content ------------------------------------

# What the target reader skips before an item's words: "(3) ", "1) ", "2.1. ", "a) ", "- "
# (not the heading labels "II.", "A."), with the space after it.
LEADING_LABEL_RE = re.compile(r"^\s*(?:\(\d+\)|\d+\)|\d+(?:\.\d+)*\.|[a-zđ]\)|[-–+•*])\s+")
# The same at the start of a clause, also "2.1)" and with no space after it ("(3)Hằng").
CLAUSE_LABEL_RE = re.compile(r"^\s*(?:\(\d+\)|\d+(?:\.\d+)*[.)]|[a-zđ]\)|[-–+•*])\s*")


def label_length(text: str) -> int:
    """Length of the numbering label an item starts with, space included ("(3) " -> 4); 0 if none."""
    m = LEADING_LABEL_RE.match(text)
    return m.end() if m else 0


# --- label styles for the numbering checks -------------------------------------

# The numbering checks read a label alone ("3.1.", "(12)") with the grammar above
# and count it in a style; Phần/Chương/Điều, "a." and bullets are not counted.
# A decimal is "number" ("2.") or "dotted" ("3.1."). As in the outline, "(99)" and
# five-part decimals are the largest labels read.
SCHEME_STYLES = {
    "decimal": "dotted",
    "roman": "roman",
    "upper_alpha": "upper",
    "paren_number": "paren",
    "number_paren": "number",
    "alpha_paren": "letter",
}
# The checks count roman numerals up to XXIX: a lone "C." or "L." is a letter.
STYLE_ROMAN_MAX = 29
# Nesting order of label styles when no outline gives the levels.
STYLE_LEVEL = {"upper": 1, "roman": 2, "number": 3, "dotted": 3, "paren": 6, "letter": 7}


def label_style(label: str) -> tuple[str, tuple[int, ...]] | None:
    """("dotted", (3, 1)) for "3.1.", ("paren", (12,)) for "(12)"; None for bullets and the like.

    Letters count in the Vietnamese alphabet: a) b) c) d) đ) e) g) is an unbroken list.
    """
    label = (label or "").strip()
    # label_readings reads a label in front of a title (a bare "2.1" only before a
    # capital letter): give the lone label one.
    for reading in label_readings(f"{label} X"):
        style = SCHEME_STYLES.get(reading.scheme)
        if style is None or (style == "roman" and reading.value > STYLE_ROMAN_MAX):
            continue
        if style == "dotted":
            numbers = tuple(int(x) for x in reading.path_part.split("."))
            return ("dotted" if len(numbers) > 1 else "number"), numbers
        return style, (reading.value,)
    return None


# --- unnumbered headings: cue phrases that stand alone -------------------------


@dataclass(frozen=True)
class KindCue:
    kind: str
    where: str  # start | head | alone | filler | pattern | verb
    cue: str  # match key of the cue phrase (a regular expression for "pattern")

    def opens(self, key: str) -> bool:
        """Does a title or paragraph key start with this cue?"""
        if self.where == "pattern":
            return re.match(self.cue, key) is not None
        return starts_with_word(key, self.cue)


@lru_cache(maxsize=1)
def load_kind_cues(path: str | Path = SECTION_KINDS_FILE) -> tuple[KindCue, ...]:
    """Read the cue table (kind, where, cue) once."""
    cues: list[KindCue] = []
    for line in Path(path).read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#") or line.startswith("kind\t"):
            continue
        kind, where, cue = line.split("\t")
        if where not in ("start", "head", "alone", "filler", "pattern", "verb"):
            raise ValueError(
                f"{path}: unknown 'where' value {where!r}; expected start, head, alone, filler, pattern or verb"
            )
        cues.append(KindCue(kind=kind, where=where, cue=match_key(cue.strip())))
    return tuple(cues)


def starts_with_word(key: str, cue: str) -> bool:
    """Does ``key`` start with ``cue`` as whole words?"""
    return key.startswith(cue) and (
        len(key) == len(cue) or not key[len(cue)].isalnum() or not cue[-1].isalnum()
    )


def standalone_kind(text: str, cues: tuple[KindCue, ...] | None = None) -> str | None:
    """Kind of an unnumbered block that opens a top-level section by itself (PHỤ LỤC, Nơi nhận)."""
    cues = load_kind_cues() if cues is None else cues
    if len(text) > 80:
        return None
    key = match_key(text).strip()
    for c in cues:
        if c.where == "alone" and starts_with_word(key, c.cue):
            return c.kind
    return None


_STANDALONE_NUMBER = re.compile(r"\s+(?:số\s+|SỐ\s+)?(?:[IVXLC]+|\d{1,2}|[A-Z])\b")


def standalone_path(text: str, cues: tuple[KindCue, ...] | None = None) -> str:
    """Path of an unnumbered top-level section: its cue as written, plus a number if any.

    >>> standalone_path("PHỤ LỤC II CÁC ĐỀ ÁN")
    'PHỤ LỤC II'
    >>> standalone_path("Nơi nhận:")
    'Nơi nhận'
    """
    cues = load_kind_cues() if cues is None else cues
    key = match_key(text)
    for c in cues:
        if c.where == "alone" and starts_with_word(key, c.cue):
            end = len(c.cue)
            m = _STANDALONE_NUMBER.match(text, end)
            if m:
                end = m.end()
            return text[:end].rstrip(" :.")
    return text.rstrip(" :")
