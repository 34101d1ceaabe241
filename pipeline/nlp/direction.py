"""Direction of a target: increase (tăng ...), decrease (giảm ...), maintain (duy trì, giữ
vững) or level (reach or hold a level: the default).

The cue nearest before the committed number wins ("thu nhập ... tăng hằng năm
tối thiểu 10%"), unless the clause opens by holding ("duy trì tốc độ tăng trưởng ...
từ 10-15%" maintains); a share ("tăng đến năm 2020 chiếm 27%") is a level; without
a number, or with the cue after it ("21/21 thôn giữ vững danh hiệu"), the first cue
of the clause. Look-alikes ("tăng cường" = strengthen) are masked first.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from spacy.language import Language
from spacy.tokens import Doc

from ..normalize import alternation, match_key
from .tokenizer import doc_key

DATA = Path(__file__).resolve().parents[1] / "data"
DIRECTIONS = ("increase", "decrease", "maintain", "level")


@dataclass(frozen=True)
class DirectionCue:
    start: int
    end: int
    direction: str


@dataclass(frozen=True)
class DirectionTables:
    cue_re: re.Pattern[str]
    direction_of: dict[str, str]
    not_re: re.Pattern[str]


@lru_cache(maxsize=1)
def tables() -> DirectionTables:
    data = json.loads((DATA / "direction_cues.json").read_text(encoding="utf-8"))
    direction_of = {match_key(w): d for d in DIRECTIONS for w in data[d]}
    return DirectionTables(
        cue_re=re.compile(rf"(?<!\w)({alternation(list(direction_of))})(?!\w)"),
        direction_of=direction_of,
        not_re=re.compile(rf"(?<!\w)({alternation([match_key(w) for w in data['not']])})(?!\w)"),
    )


def find_direction_cues(key: str) -> list[DirectionCue]:
    """Given a key, return its direction cues, left to right, look-alikes masked."""
    t = tables()
    masked = t.not_re.sub(lambda m: " " * len(m.group(0)), key)
    return [DirectionCue(m.start(), m.end(), t.direction_of[m.group(1)]) for m in t.cue_re.finditer(masked)]


def direction_for(cues: list[DirectionCue], value_start: int | None = None) -> str:
    """Pick the direction for a clause: nearest cue before the value, else the first cue."""
    if not cues:
        return "level"
    if value_start is not None:
        before = [c for c in cues if c.end <= value_start]
        if before:
            if before[0].direction == "maintain":
                return "maintain"  # "duy trì tốc độ tăng trưởng ... từ 10-15%": holds the rate
            return before[-1].direction
    return cues[0].direction


if not Doc.has_extension("direction_cues"):
    Doc.set_extension("direction_cues", default=None)


@Language.factory("vn_direction", assigns=["doc._.direction_cues"])
def make_direction(nlp: Language, name: str) -> VnDirection:
    return VnDirection()


class VnDirection:
    """Finds direction cues (character offsets into doc.text)."""

    def __call__(self, doc: Doc) -> Doc:
        doc._.direction_cues = find_direction_cues(doc_key(doc))
        return doc
