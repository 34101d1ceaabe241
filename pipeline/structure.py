"""Outline: the numbered sections of a document, as a tree, with what each section is for.

Program documents number their parts with a few conventions (A./B./C., I./II./III.,
1., 1.1., 2.1.3., (1), a), and bullets). Nesting follows the numbering *scheme*, not
the visual depth: a scheme first seen inside a section opens a child level, and a
scheme already open further up pops back to that level. Real documents mis-number
("3.1." and "3.2." under "2.", "III." twice), so a label is never checked against
its parent's number, only against the scheme stack.

Labels are parsed from the start of each block's text with the grammar of
numbering.py (``Block.label`` is only a hint), so PDF, DOCX and plain-text
readings of one document give one outline. Bullets ("-", "+", "*") are not
sections: what they say belongs to the numbered section or item they stand in.

The chain: ``parse_label`` -> ``section_heads`` (which blocks open a section)
-> ``nest`` (scheme stack) -> ``assign_kinds`` (cue table in data/section_kinds.tsv).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .model import Block, Document, Outline, Section
from .normalize import match_key
from .numbering import (
    HEADING_SCHEMES,
    ITEM_SCHEMES,
    KindCue,
    Label,
    is_all_caps,
    label_readings,
    load_kind_cues,
    parse_label,
    standalone_kind,
    standalone_path,
    starts_with_word,
)

# --- section kinds -----------------------------------------------------------


def _strip_filler(key: str, cues: tuple[KindCue, ...]) -> str:
    fillers = sorted((c.cue for c in cues if c.where == "filler"), key=len, reverse=True)
    changed = True
    while changed:
        changed = False
        for f in fillers:
            if key.startswith(f + " "):
                key = key[len(f) + 1 :].lstrip()
                changed = True
    return key


def title_kind(title: str, cues: tuple[KindCue, ...] | None = None) -> str | None:
    """Given a heading title, return the section kind its cue phrases say, or None.

    >>> title_kind("Các chỉ tiêu xây dựng Đảng và chính quyền")
    'target_list'
    >>> title_kind("Triển khai thực hiện một số công trình trọng điểm")
    'key_works'
    """
    cues = load_kind_cues() if cues is None else cues
    key = _strip_filler(match_key(title).strip(" :.;"), cues)
    head = re.split(r"[,;:]", key, maxsplit=1)[0]
    best: tuple[int, int, str] | None = None
    for c in cues:
        if c.where == "filler":
            continue
        if c.where in ("start", "alone", "pattern"):
            pos = 0 if c.opens(key) else -1
        elif c.where == "head":
            pos = _find_word(head, c.cue)
        else:
            continue
        if pos < 0:
            continue
        cand = (pos, -len(c.cue), c.kind)
        if best is None or cand < best:
            best = cand
    return best[2] if best else None


def _find_word(key: str, cue: str) -> int:
    m = re.search(r"(?<!\w)" + re.escape(cue) + r"(?!\w)", key)
    return m.start() if m else -1


# --- the chain ---------------------------------------------------------------


@dataclass
class Head:
    """A block that opens a section: its label readings, or a standalone kind."""

    block: int
    readings: list[Label]
    standalone: str | None = None  # kind, for PHỤ LỤC / Nơi nhận


def section_heads(blocks: list[Block]) -> list[Head]:
    """Given the blocks, return those that open a section, in order.

    Numbered headings (A., I., 1., 1.1.) and numbered items ((1), a), 1)) open
    sections; so do short unnumbered blocks that start with a standalone cue
    (PHỤ LỤC, Nơi nhận, T/M ...). Tables and bullets never do.
    """
    heads: list[Head] = []
    for b in blocks:
        if b.kind == "table":
            # the closing is often a borderless table: "Nơi nhận" | "T/M BAN CHẤP HÀNH"
            first = b.rows[0][0].text if b.rows and b.rows[0] else ""
            if standalone_kind(first) == "closing":
                heads.append(Head(block=b.index, readings=[], standalone="closing"))
            continue
        readings = [r for r in label_readings(b.text) if r.scheme != "bullet"]
        if readings:
            heads.append(Head(block=b.index, readings=readings))
            continue
        kind = standalone_kind(b.text)
        if kind:
            heads.append(Head(block=b.index, readings=[], standalone=kind))
        elif heads and heads[-1].standalone == "closing" and _attachment_title(b):
            # after a decision's closing, the title of what it issues ("KẾ HOẠCH ...") starts afresh
            heads.append(Head(block=b.index, readings=[], standalone=ATTACHMENT))
    return heads


ATTACHMENT = "attachment"
_DOCUMENT_TYPE = re.compile(r"(?:kế hoạch|chương trình|quy định|quy chế|đề án|chiến lược|danh mục)(?!\w)")


def _attachment_title(b: Block) -> bool:
    """An all-capitals title that names a document type: "KẾ HOẠCH", "QUY ĐỊNH ..."."""
    return len(b.text) <= 200 and is_all_caps(b.text) and bool(_DOCUMENT_TYPE.match(match_key(b.text)))


@dataclass
class _Open:
    key: str
    value: int
    section: int


def _choose(readings: list[Label], stack: list[_Open]) -> tuple[Label, int]:
    """Pick a reading and the stack depth it goes to (pop to that length, then push).

    Preference: (1) continues an open sequence (value = last + 1), innermost first;
    (2) starts a new sequence (value 1) as a child of the innermost section, also
    when the scheme is open further up ("1." items under "2.1." under "2.");
    (3) repeats an open scheme out of order (mis-numbering, a restarted list):
    sibling there; (4) an unknown scheme mid-sequence: child of the innermost
    section. Numbered items ("(1)", "a)") are leaves: a heading label never goes
    under one.
    """
    for r in readings:
        for depth in range(len(stack) - 1, -1, -1):
            if stack[depth].key == r.key and r.value == stack[depth].value + 1:
                return r, depth
    for r in readings:
        if r.value != 1:
            continue
        top = _child_depth(stack, r)
        open_at = [d for d, o in enumerate(stack[:top]) if o.key == r.key]
        if not open_at or open_at[-1] < top - 1:
            return r, top
    for r in readings:
        for depth in range(len(stack) - 1, -1, -1):
            if stack[depth].key == r.key:
                return r, depth
    return readings[0], _child_depth(stack, readings[0])


def _child_depth(stack: list[_Open], label: Label) -> int:
    """Stack depth at which ``label`` would open a child: below the innermost heading for headings."""
    depth = len(stack)
    if label.scheme in HEADING_SCHEMES:
        while depth and stack[depth - 1].key in ITEM_SCHEMES:
            depth -= 1
    return depth


def nest(doc: Document, heads: list[Head]) -> list[Section]:
    """Given the section heads, return the sections linked into a tree by scheme.

    Blocks before the first head form a "preamble" section; an unnumbered
    standalone head (PHỤ LỤC) starts a new top-level section.
    """
    blocks = doc.blocks
    sections: list[Section] = []
    stack: list[_Open] = []
    head_at = {h.block: h for h in heads}
    first = heads[0].block if heads else len(blocks)
    if first > 0 and blocks:
        sections.append(
            Section(
                path="preamble",
                label="",
                title=blocks[0].text if blocks[0].kind != "table" else "",
                kind="preamble",
                level=1,
                start=blocks[0].start,
                end=blocks[first - 1].end,
                heading_block=0,
            )
        )
    current: int | None = 0 if sections else None

    for b in blocks:
        head = head_at.get(b.index)
        if head is not None:
            if head.standalone == ATTACHMENT:
                sections.append(
                    Section(
                        path=standalone_path(b.text), label="", title=b.text, kind="other", level=1,
                        start=b.start, end=b.end, heading_block=b.index,
                    )
                )
                stack, current = [], len(sections) - 1
                continue  # its parts ("I. MỤC TIÊU") are top-level, as in a document of its own
            if head.standalone:
                top = sections[stack[0].section] if stack else None
                if top is not None and top.kind == head.standalone and not top.label:
                    _extend(sections, stack[-1].section, b.end)
                    continue
                text = b.rows[0][0].text if b.kind == "table" and b.rows else b.text
                label_text, path, title = "", standalone_path(text), text.rstrip(" :")
                kind = head.standalone
                stack = []
                level, parent = 1, None
                scheme_key, value = "standalone", 0
            else:
                label, depth = _choose(head.readings, stack)
                stack = stack[:depth]
                parent = stack[-1].section if stack else None
                level = depth + 1
                label_text = label.text
                path = _child_path(sections[parent] if parent is not None else None, label)
                title = b.text.lstrip()[len(label.text) :].strip()
                scheme_key, value = label.key, label.value
                kind = "other"
            sections.append(
                Section(
                    path=path,
                    label=label_text,
                    title=title,
                    kind=kind,  # type: ignore[arg-type]
                    level=level,
                    start=b.start,
                    end=b.end,
                    heading_block=b.index,
                    parent=parent,
                )
            )
            idx = len(sections) - 1
            if parent is not None:
                sections[parent].children.append(idx)
                _extend(sections, parent, b.end)
            stack.append(_Open(key=scheme_key, value=value, section=idx))
            current = idx
            continue
        if current is not None and stack:
            _extend(sections, stack[-1].section, b.end)
    return sections


def _child_path(parent: Section | None, label: Label) -> str:
    """Path of a section: the parent's path plus the label's own part.

    A decimal label that repeats its parent's number adds only its new part
    ("2." > "2.1." gives "B.I.2.1"); one that does not ("2." > "3.1.", a
    mis-numbering) is appended whole ("II.2.3.1").
    """
    own = label.path_part
    if parent is None:
        return own
    parent_part = parent.label.rstrip(".")
    if label.scheme == "decimal" and parent_part and own.startswith(parent_part + "."):
        own = own[len(parent_part) + 1 :]
    return f"{parent.path}.{own}"


def _extend(sections: list[Section], idx: int | None, end: int) -> None:
    while idx is not None:
        s = sections[idx]
        if end > s.end:
            s.end = end
        idx = s.parent


def assign_kinds(doc: Document, sections: list[Section]) -> list[Section]:
    """Given the tree, set each section's kind from its title's cue, else its parent's.

    A section whose first paragraph (before any child) starts with "Giao cho"
    is an assignment: "Giao cho Phòng Kinh tế chủ trì ... thực hiện các chỉ tiêu sau:".
    """
    cues = load_kind_cues()
    start_cues = [c for c in cues if c.where in ("start", "pattern") and c.kind == "assignment"]
    for s in sections:  # parents come before children
        parent_kind = sections[s.parent].kind if s.parent is not None else "other"
        label = parse_label(doc.blocks[s.heading_block].text) if s.label else None
        if s.kind == "preamble":
            continue
        if not s.label:  # standalone: kind set by nest
            continue
        kind = None
        if label is None or label.scheme in HEADING_SCHEMES:
            kind = title_kind(s.title, cues)
            if kind is None and parent_kind == "target_list" and _names_a_task(s.title, cues):
                kind = "tasks"  # "2. Mở rộng thị trường tiêu thụ" under "II. CHỈ TIÊU ...": work, not targets
            lead = _first_paragraph(doc, sections, s)
            if lead is not None:
                lead_key = match_key(lead.text)
                if any(c.opens(lead_key) for c in start_cues):
                    kind = "assignment"
        s.kind = kind or parent_kind  # type: ignore[assignment]
    return sections


def _names_a_task(title: str, cues: tuple[KindCue, ...]) -> bool:
    """Does a title open with an action verb ("Phát triển ...", "Đẩy mạnh ...")? The title as
    written: "Về phát triển kinh tế" names a topic of targets."""
    key = match_key(title).strip(" :.;*")
    return any(c.where == "verb" and starts_with_word(key, c.cue) for c in cues)


def _first_paragraph(doc: Document, sections: list[Section], s: Section) -> Block | None:
    """The first block after the heading, when it is a plain paragraph before any child."""
    nxt = s.heading_block + 1
    if nxt >= len(doc.blocks):
        return None
    b = doc.blocks[nxt]
    if b.start >= s.end or b.kind in ("table", "heading"):
        return None
    if any(sections[c].heading_block == nxt for c in s.children):
        return None
    return b


def build_outline(doc: Document) -> Outline:
    """Given a canonical document, return its outline: sections with path, kind and span."""
    sections = nest(doc, section_heads(doc.blocks))
    return Outline(sections=assign_kinds(doc, sections))


def section_path_at(outline: Outline, offset: int) -> str | None:
    """The path of the innermost section containing ``offset`` (None outside every section)."""
    s = outline.section_at(offset)
    return s.path if s else None
