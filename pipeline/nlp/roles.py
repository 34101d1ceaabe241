"""Who leads, advises and supports: parsing assignments of responsibility.

Program documents assign work in three shapes, all read here with the cue
phrases of ``pipeline/data/role_cues.json``:

- prose: "Giao cho Phòng Kinh tế chủ trì, phối hợp với Phòng Văn hóa - Xã hội và
  các cơ quan, đơn vị có liên quan tham mưu cho Ban Chấp hành ..." -> lead
  Phòng Kinh tế, support Phòng Văn hóa - Xã hội (the generic "các cơ quan, đơn vị
  có liên quan" names nobody and is dropped, as in the gold);
- labelled lines of a scheme: "- Người chủ trì: ...", "- Cơ quan tham mưu: ...",
  "- Cơ quan phối hợp thực hiện: ...";
- table columns "Cơ quan chủ trì | Cơ quan thường trực | Cơ quan phối hợp thực
  hiện", where a cell holding several "- ..." items names several bodies.

Bodies are kept as written (ANNOTATION: lead = the body that chủ trì, as
written) and given their canonical name and id by the gazetteer when it knows
them. Gazetteer names protect their own commas and "và" ("Trung tâm Văn hóa,
Thể thao và Truyền thông", "Văn phòng HĐND và UBND") from list splitting.
"""

from __future__ import annotations

import itertools
import json
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from ..normalize import clean_text, compare_key, match_key, phrase_alternation
from .bodies import canonical_body, clean_body_text, find_bodies

CUES_PATH = Path(__file__).resolve().parents[1] / "data" / "role_cues.json"
ROLES = ("lead", "advisor", "support")
GROUP_WORDS = ("các ", "những ", "một số ", "toàn thể ")


@dataclass
class Responsible:
    """Bodies by role; each body is the contract Body {"text", "name", "id"}."""

    lead: list[dict[str, Any]] = field(default_factory=list)
    advisor: list[dict[str, Any]] = field(default_factory=list)
    support: list[dict[str, Any]] = field(default_factory=list)

    def is_empty(self) -> bool:
        return not (self.lead or self.advisor or self.support)

    def as_dict(self) -> dict[str, list[dict[str, Any]]]:
        return {"lead": list(self.lead), "advisor": list(self.advisor), "support": list(self.support)}


class RoleCues:
    """The cue tables of role_cues.json compiled to regexes over the match key."""

    def __init__(self, data: dict[str, Any]) -> None:
        b, e = r"(?<!\w)", r"(?!\w)"
        self.assign = re.compile(rf"{b}(?:{phrase_alternation(data['assign'])}){e}")
        self.lead_verb = re.compile(rf"{b}(?:{phrase_alternation(data['lead_verb'])}){e}(?!\s*:)")
        self.support_verb = re.compile(rf"{b}(?:{phrase_alternation(data['support_verb'])}){e}")
        self.support_stop = re.compile(rf"{b}(?:{phrase_alternation(data['support_stop'])}){e}|[;.:]")
        self.stop_not_after = tuple(compare_key(w) + " " for w in data["stop_not_after"])
        self.labels = {
            role: re.compile(rf"^\s*[-–+•]?\s*(?:{phrase_alternation(data['labels'][role])})\s*:\s*")
            for role in ROLES
        }
        self.header = {
            role: re.compile(rf"{b}(?:{phrase_alternation(data['labels'][role])}){e}") for role in ROLES
        }
        words = phrase_alternation(data["generic_words"])
        self.generic = re.compile(
            rf"(?:{b}và\s+)?{b}(?:các|một\s+số|những)\s+(?:(?:{words})(?:\s*,\s*|\s+và\s+|\s+))+(?:có\s+)?liên\s+quan{e}"
        )
        self.generic_exact = {compare_key(g) for g in data["generic_exact"]}


@lru_cache(maxsize=1)
def cues() -> RoleCues:
    """The role cues, loaded once."""
    return RoleCues(json.loads(CUES_PATH.read_text(encoding="utf-8")))


# --- splitting a run of names into bodies ------------------------------------------


# "Ủy ban nhân dân xã, phường", "các xã, phường, thị trấn": one body over several levels
_LEVEL_RUN = re.compile(r"(?<!\w)(?:xã|phường|thị trấn|đặc khu|huyện|quận|thị xã)(?:\s*,\s*(?:xã|phường|thị trấn|đặc khu|huyện|quận|thị xã)(?!\w))+")


def _protected(text: str) -> list[tuple[int, int]]:
    spans = [(m.start, m.end) for m in find_bodies(text, any_case=True)]
    return spans + [(m.start(), m.end()) for m in _LEVEL_RUN.finditer(match_key(text))]


def _inside(pos: int, spans: Sequence[tuple[int, int]]) -> bool:
    return any(s < pos < e for s, e in spans)


def split_bodies(text: str) -> list[dict[str, Any]]:
    """Given a run of names ("A, B và các tổ chức C"), return one Body per name.

    Splits on commas, semicolons and "và" outside gazetteer names and drops the
    generic "các cơ quan, đơn vị có liên quan".
    """
    c = cues()
    text = clean_text(text)
    key = match_key(text)
    # blank out generic phrases (same length, so offsets stay aligned)
    for m in reversed(list(c.generic.finditer(key))):
        text = text[: m.start()] + " " * (m.end() - m.start()) + text[m.end() :]
        key = key[: m.start()] + " " * (m.end() - m.start()) + key[m.end() :]
    spans = _protected(text)
    cuts = [0]
    for m in re.finditer(r"[,;]|(?<!\w)và(?!\w)", key):
        if not _inside(m.start(), spans) and not _inside(m.end() - 1, spans):
            cuts += [m.start(), m.end()]
    cuts.append(len(text))
    out = []
    for s, e in zip(cuts[::2], cuts[1::2], strict=False):
        piece = clean_body_text(text[s:e])
        if piece and compare_key(piece) not in c.generic_exact and re.search(r"\w", piece):
            body = canonical_body(piece)
            if _names_someone(body):
                out.append(body)
    return out


def _names_someone(body: dict[str, Any]) -> bool:
    """A gazetteer body, a capitalised name, or a group ("các tổ chức ..."); not a stray phrase."""
    text = body["text"]
    return bool(body["id"]) or text[:1].isupper() or compare_key(text).startswith(GROUP_WORDS)


def split_items(cell: str) -> list[dict[str, Any]]:
    """Given a table cell, return its bodies: one per "- ..." item, else the whole cell.

    A cell is a list only when it is written as one ("- A. - B. - C"); a plain
    cell ("Các chi bộ, đảng bộ, các thôn", "UBND xã chỉ đạo Phòng ... tham mưu")
    is one body as written.
    """
    text = clean_text(re.sub(r"<[^>]+>", " ", cell))
    if not text:
        return []
    spans = _protected(text)
    # an item dash starts the cell or follows a space and is followed by a capital letter
    items = re.finditer(r"(?:^|(?<=\s))[-–+•]\s+(?=[^\W\d_])", text)
    cuts = [m.start() for m in items if not _inside(m.start(), spans) and text[m.end()].isupper()]
    bounds = [0, *cuts, len(text)]
    pieces = [text[a:b] for a, b in itertools.pairwise(bounds)]
    out = []
    for p in pieces:
        p = clean_body_text(p)
        if p and compare_key(p) not in cues().generic_exact:
            out.append(canonical_body(p))
    return out


# --- prose assignments ----------------------------------------------------------


def _support_after(text: str, key: str, start: int) -> list[dict[str, Any]]:
    """Bodies after "phối hợp với" at ``start``, up to the verb that ends the list."""
    c = cues()
    spans = _protected(text)
    end = len(text)
    for m in c.support_stop.finditer(key, start):
        if _inside(m.start(), spans):
            continue
        if m.group(0)[0].isalpha() and key[max(0, m.start() - 8) : m.start()].endswith(c.stop_not_after):
            continue
        if m.group(0) == "." and re.match(r"\.\d", key[m.start() :]):
            continue
        end = m.start()
        break
    return split_bodies(text[start:end])


def find_assignment(text: str) -> Responsible | None:
    """Given a sentence or item, return who it makes lead (chủ trì) and support (phối hợp).

    >>> r = find_assignment("Giao cho Phòng Kinh tế chủ trì, phối hợp với Phòng Văn hóa - Xã hội "
    ...                     "và các cơ quan, đơn vị có liên quan tham mưu cho Ban Chấp hành Đảng bộ")
    >>> [b["text"] for b in r.lead], [b["text"] for b in r.support]
    (['Phòng Kinh tế'], ['Phòng Văn hóa - Xã hội'])

    Labelled lines ("Cơ quan chủ trì: ...") are read too; None when nobody is named
    (a bare "Chủ trì theo dõi ..." under a body's heading names nobody itself).
    """
    text = clean_text(text)
    key = match_key(text)
    c = cues()
    labelled = parse_scheme_roles(re.split(r"(?<=[.;])\s+(?=[-–+•]?\s*\w[^:]{0,40}:)", text))
    if not labelled.is_empty():
        return labelled
    lead_m = c.lead_verb.search(key)
    if lead_m is None:
        return None
    result = Responsible()
    before = text[: lead_m.start()]
    assign = None
    for m in c.assign.finditer(key, 0, lead_m.start()):
        assign = m
    if assign is not None:
        result.lead = split_bodies(before[assign.end() :])
    else:
        mentions = [m for m in find_bodies(before) if not before[m.end :].strip(" ,")]
        if mentions:
            result.lead = [mentions[-1].as_body()]
    sup = c.support_verb.search(key, lead_m.end())
    if sup is not None and not key[lead_m.end() : sup.start()].strip(" ,").strip():
        result.support = _support_after(text, key, sup.end())
    return None if result.is_empty() else result


# --- labelled scheme lines ------------------------------------------------------------


def parse_scheme_roles(lines: Iterable[str]) -> Responsible:
    """Given the lines of a scheme's "Triển khai" part, return its bodies by role.

    Reads "- Người chủ trì: ...", "- Cơ quan tham mưu: ...", "- Cơ quan thực hiện và
    phối hợp: ..." / "- Cơ quan phối hợp thực hiện: ..."; a line with no label
    continues the previous one while that one has not ended with "." or ";" (PDF lines wrap).
    """
    c = cues()
    current: str | None = None
    texts: dict[str, list[str]] = {r: [] for r in ROLES}
    for line in lines:
        line = clean_text(line)
        if not line:
            continue
        key = match_key(line)
        for role in ROLES:
            m = c.labels[role].match(key)
            if m:
                current = role
                texts[role].append(line[m.end() :])
                break
        else:
            wrapped = current is not None and not texts[current][-1].rstrip().endswith((".", ";"))
            if wrapped and not re.match(r"^\s*[-–+•]\s", line):
                texts[current][-1] += " " + line
            else:
                current = None
    result = Responsible()
    for role in ROLES:
        for t in texts[role]:
            getattr(result, role).extend(split_bodies(t))
    return result


# --- table columns ------------------------------------------------------------------------


def role_of_header(header: str) -> str | None:
    """Which role a table column holds: "Cơ quan chủ trì" -> "lead", "Cơ quan thường trực" -> "advisor"."""
    key = compare_key(header)
    c = cues()
    for role in ("support", "advisor", "lead"):  # "phối hợp thực hiện" before "chủ trì thực hiện"
        if c.header[role].search(key):
            return role
    return None


def roles_from_table_row(header_cells: Sequence[Any], row_cells: Sequence[Any]) -> Responsible:
    """Given a table's header cells and one data row (Cell objects or strings), return the row's bodies.

    Columns are matched by position (``col`` when cells carry it, else index).
    """

    def text_of(c: Any) -> str:
        return c if isinstance(c, str) else c.text

    def col_of(c: Any, i: int) -> int:
        return i if isinstance(c, str) else getattr(c, "col", i)

    roles_by_col = {}
    for i, h in enumerate(header_cells):
        role = role_of_header(text_of(h))
        if role:
            roles_by_col[col_of(h, i)] = role
    result = Responsible()
    for i, cell in enumerate(row_cells):
        role = roles_by_col.get(col_of(cell, i))
        if role:
            getattr(result, role).extend(split_items(text_of(cell)))
    return result
