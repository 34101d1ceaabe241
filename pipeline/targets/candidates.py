"""Step 1 of the target stage: every clause that may state a target, with what surrounds it.

A candidate is one clause (``nlp.targets.split_clauses``) of a list item or of a sentence
that states a quantity, stands in a list of targets, or commits in words. Nothing is
dropped here for where it stands: a number in the review of the past term, in a
web page's caption or in a rating rule is a candidate too, and the decision (step 2)
says why it is or is not a target. What a candidate carries is its evidence:

- the section it stands in and its kind (target list, assignment, review ...), as the
  outline reads them, and the titles above it;
- whether it stands in a list of targets, and why: a target-list or assignment section,
  a list heading ("Mục tiêu cụ thể"), or a lead-in ("các chỉ tiêu chủ yếu gồm:", "đặt
  mục tiêu", "đề ra 18 chỉ tiêu ... trong đó") in the sentence or the paragraphs before;
- the timeframes around it: of its list (heading, lead-in, parent item, sub-heading), the
  one its sentence opens with ("Năm 2026, ..."), the one its paragraph opens with;
- the bodies around it: an assignment lead-in ("Giao cho X chủ trì ..."), a heading that
  names a body ("1. Sở Y tế"), its own "(X chủ trì)".

Tables are read by ``targets.tables``.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from ..model import Block, Document, Outline, Section
from ..nlp.bodies import find_bodies
from ..nlp.quantities import find_quantities
from ..nlp.roles import find_assignment
from ..nlp.targets import Analysis, Clause, is_lead_in, is_list_heading, split_clauses
from ..nlp.timeframes import find_timeframes, resolve
from ..normalize import match_key
from ..numbering import LEADING_LABEL_RE, is_item_label, label_length
from .context import YEAR, cues, find_lead_ins, opening_frame

LIST_KINDS = {"target_list", "assignment"}
# A number, or a count in words after a cue ("ít nhất một môn thể thao"): what can be measured.
_MEASURABLE = re.compile(r"\d|(?:ít nhất|tối thiểu|không dưới|có) (?:một|hai|ba|bốn|năm)\b")
_SENTENCE = re.compile(r"(?:[^.!?…]|\.(?=\d)|\.\.+(?=\s*[a-zđà-ỹ]))+(?:[.!?…]+(?=\s|$)|$)")  # "1.200 ha" is one number
BULLET_LABELS = ("-", "–", "+", "•", "*")
BODY_TITLE_SHARE = 0.7  # a heading that is this much a body's name assigns what is under it


def _no_bodies() -> dict[str, list[dict[str, Any]]]:
    return {"lead": [], "advisor": [], "support": []}


@dataclass(kw_only=True)
class Context:
    """Where a candidate stands and what it may inherit."""

    section: str | None
    section_kind: str
    page: int | None
    in_list: bool = False
    list_reason: str | None = None  # "section", "heading", "lead-in"
    lead_in: str | None = None  # the lead-in's text, when a lead-in opened the list
    list_frame: dict[str, Any] | None = None  # of the list heading, lead-in, parent item, sub-heading
    opening_frame: dict[str, Any] | None = None  # the frame its sentence opens with
    paragraph_frame: dict[str, Any] | None = None  # the frame its paragraph opens with
    heading_year: int | None = None  # the latest year the headings above it name ("PHƯƠNG HƯỚNG ... NĂM 2026")
    responsible: dict[str, list[dict[str, Any]]] = field(default_factory=_no_bodies)
    in_lead_in: bool = False  # the clause is part of a lead-in ("... đề ra 18 chỉ tiêu, trong đó")


@dataclass(kw_only=True)
class Candidate:
    """One clause at doc.text[start:end], analysed as part of the unit that starts at ``unit_start``."""

    start: int
    end: int
    unit_start: int
    analysis: Analysis
    clause: Clause
    item: tuple[int, int]  # the ";"-separated item the clause belongs to (unit offsets)
    sentence: tuple[int, int]  # its sentence (unit offsets)
    context: Context
    where: str  # "list", "prose" or "table"
    table: Any = None  # a TableCell for candidates read from a table

    @property
    def text(self) -> str:
        return self.analysis.text[self.clause.start : self.clause.end]


# --- sections ----------------------------------------------------------------------------------


def _section_index(outline: Outline, offset: int) -> int | None:
    best = None
    for i, s in enumerate(outline.sections):
        if s.start <= offset < s.end and (best is None or s.level >= outline.sections[best].level):
            best = i
    return best


def ancestors(outline: Outline, sec: Section | None) -> Iterator[Section]:
    while sec is not None:
        yield sec
        sec = outline.sections[sec.parent] if sec.parent is not None else None


def _is_list_section(outline: Outline, sec: Section | None) -> bool:
    """A target list or assignment section, or one under a list heading ("Mục tiêu cụ thể"). An
    assignment lists targets only when it introduces items ("Giao cho X chủ trì ... các chỉ tiêu
    sau:"): "5. Giao Sở X chủ trì ... tổ chức triển khai Kế hoạch này." is a task of the closing part."""
    if sec is None:
        return False
    parent = outline.sections[sec.parent] if sec.parent is not None else None
    if sec.kind == "assignment" and not sec.children and not sec.title.rstrip().endswith(":"):
        if parent is None or parent.kind != "assignment":
            return False
    return sec.kind in LIST_KINDS or any(
        is_list_heading(s.title) or _lead_in_title(s.title)
        for s in ancestors(outline, sec)
        if not is_item_label(s.label.strip()) and s.kind != "preamble"  # the preamble's "title" is its first line
    )


def _under_objectives_heading(outline: Outline, sec: Section | None, own: Section | None) -> bool:
    """Is an item right under a heading that names objectives ("I. MỤC TIÊU" + "1. Giữ vững tốc độ
    tăng thu ngân sách ...")? A part under such a heading ("2. Tháng hành động") is not, nor
    are general objectives ("Mục tiêu tổng quát"): aims, not targets."""
    from ..structure import title_kind

    start = outline.sections[own.parent] if own is not None and own.parent is not None else (None if own else sec)
    for s in ancestors(outline, start):
        if not is_item_label(s.label.strip()):
            general = cues().general_objectives.search(match_key(s.title))
            return title_kind(s.title) == "objectives" and not general
    return False


def _list_title(b: Block) -> bool:
    """An unnumbered title in capitals that names targets ("MỤC TIÊU, NHIỆM VỤ ... ĐẾN NĂM 2030")."""
    from ..numbering import is_all_caps

    return is_all_caps(b.text) and len(b.text) <= 200 and bool(cues().list_title.search(match_key(b.text)))


def _lead_in_title(title: str) -> bool:
    """A heading that introduces a list: "2. Phấn đấu đến hết năm 2027 hoàn thành các chỉ tiêu sau:"."""
    key = match_key(title).rstrip()
    return key.endswith(":") and bool(find_lead_ins(key))


def _introduces_items(b: Block) -> bool:
    """A lead-in: "Giao cho X chủ trì ... các chỉ tiêu sau:", or an unlabelled sentence ending in ':'."""
    if is_lead_in(b.text):
        return True
    text = b.text.strip()
    return text.endswith(":") and not LEADING_LABEL_RE.match(text) and not re.search(r"\d+\s*%", text)


def _lead_in_blocks(doc: Document, outline: Outline, sec: Section) -> list[Block]:
    """Paragraphs directly under a heading, before its first sub-section, that introduce a list."""
    first_child = min((outline.sections[c].start for c in sec.children), default=sec.end)
    out = []
    for b in doc.blocks[sec.heading_block + 1 :]:
        if b.start >= first_child or b.start >= sec.end:
            break
        if b.kind != "table" and _introduces_items(b):
            out.append(b)
    return out


def _heading_texts(doc: Document, outline: Outline, sec: Section | None) -> Iterator[str]:
    """Titles and lead-in paragraphs of the sections above an item, innermost first: structural
    headings and sub-headings that are items themselves ("a) Giai đoạn 2025 - 2027:")."""
    for s in ancestors(outline, sec):
        if is_item_label(s.label.strip()) and (not s.children and s.end <= doc.blocks[s.heading_block].end + 2):
            continue  # an item with nothing under it is content, not a heading
        for b in _lead_in_blocks(doc, outline, s):
            yield b.text
        yield s.title


def _heading_frame(doc: Document, outline: Outline, sec: Section | None) -> dict[str, Any] | None:
    """The timeframe a list heading or lead-in gives to all its items ("của nhiệm kỳ" = term)."""
    for text in _heading_texts(doc, outline, sec):
        frame = resolve(find_timeframes(match_key(text)))
        if frame:
            return frame
    return None


def _heading_year(outline: Outline, sec: Section | None) -> int | None:
    """The latest year the titles of the sections above name: what a report's part speaks of."""
    years = [int(y) for s in ancestors(outline, sec) for y in YEAR.findall(s.title)]
    return max(years, default=None)


def _heading_bodies(doc: Document, outline: Outline, sec: Section | None) -> dict[str, list[dict[str, Any]]]:
    """Bodies named above an item: an assignment lead-in ("Giao cho X chủ trì, phối hợp với Y"),
    else a heading that is a body's name ("1. Sở Y tế": what stands under it is its work)."""
    out = _no_bodies()
    for text in _heading_texts(doc, outline, sec):
        if "chủ trì" not in match_key(text):
            continue
        found = find_assignment(text)
        if found is not None and not found.is_empty():
            out = _merge_bodies(out, found.as_dict())
            if out["lead"]:
                return out
    for s in ancestors(outline, sec):
        body = body_heading(s.title)
        if body is not None:
            return {**out, "lead": [body]}
    return out


def body_heading(title: str) -> dict[str, Any] | None:
    """The body a heading names when the heading is (mostly) that name: "Sở Y tế", "Ủy ban nhân
    dân xã, phường" (not "Giao Sở Y tế chủ trì ...", which find_assignment reads)."""
    title = title.strip(" .:;*")
    if not title or len(title.split()) > 12:
        return None
    mentions = find_bodies(title)
    if not mentions:
        return None
    covered = sum(m.end - m.start for m in mentions)
    if covered < BODY_TITLE_SHARE * len(title.replace(" ", "")) and mentions[0].start > 2:
        return None
    if mentions[0].start > 2:
        return None
    first = mentions[0]
    return {"text": title.strip(" ,"), "name": first.name, "id": first.id}


def _own_bodies(text: str) -> dict[str, list[dict[str, Any]]] | None:
    """Bodies an item names itself ("... đạt 95% (Phòng Kinh tế chủ trì)")."""
    if "chủ trì" not in match_key(text):
        return None
    paren = re.search(r"\(([^()]*chủ trì[^()]*)\)", text)
    found = find_assignment(paren.group(1) if paren else text)
    return found.as_dict() if found is not None and not found.is_empty() else None


def _merge_bodies(
    own: dict[str, list[dict[str, Any]]] | None, above: dict[str, list[dict[str, Any]]]
) -> dict[str, list[dict[str, Any]]]:
    """An item's own bodies, completed by those above it: "a) Chủ trì, phối hợp với ..." under
    "1. Sở Y tế" leads with the heading's body and supports with its own."""
    if own is None:
        return above
    if own["lead"]:
        return own
    return {"lead": above["lead"], "advisor": own["advisor"] or above["advisor"], "support": own["support"] or above["support"]}


def _first_sentence_frame(text: str) -> dict[str, Any] | None:
    m = _SENTENCE.match(text)
    return resolve(find_timeframes(match_key(m.group(0) if m else text)))


def _is_leaf(sec: Section, b: Block) -> bool:
    """A section that is just its heading: no sub-sections, no paragraphs under it."""
    return not sec.children and sec.end <= b.end + 2


def _is_subheading(b: Block, sec: Section) -> bool:
    """An item label used as a heading: "a) Về kinh tế" with items under it, no number, no sentence."""
    has_items_under = sec.end > b.end + 2
    text = b.text[label_length(b.text) :].strip()
    return has_items_under and not re.search(r"\d|[.;]$", text) and len(text.rstrip(" :").split()) <= SUBHEADING_WORDS


SUBHEADING_WORDS = 12


def _introduces_sub_items(b: Block, next_block: Block | None) -> bool:
    """An item that only introduces the items under it: "- Về y tế, chăm sóc sức khỏe
    nhân dân:" over "+ ..." items (it states no number and ends with ':')."""
    text = b.text.rstrip()
    if next_block is None or next_block.kind != "list_item" or next_block.label == b.label:
        return False
    if not (text.endswith(":") or _FRAME_ONLY.search(match_key(text))) or _measurable(text, match_key(text)):
        return False
    content = match_key(text[label_length(text) :]).strip(" :")
    frame_only = bool(_FRAME_ONLY.fullmatch(content))  # "- Giai đoạn 2025-2027" over "+ ..." items
    return text.endswith(":") or frame_only


_FRAME_ONLY = re.compile(r"(?:giai đoạn|năm|đến năm|từ năm)\s+\d{4}(?:\s*[-–]\s*\d{4})?")


def _states(b: Block, sec: Section) -> bool:
    """Is a numbered heading content ("3. Phấn đấu giá trị ... đạt 400 triệu USD", "2.1. Tốc độ
    tăng trưởng ... 8%/năm.")? It is when nothing stands under it, or when it states a number
    (a year in a title does not count)."""
    return _is_leaf(sec, b) or bool(find_quantities(b.text[label_length(b.text) :]))


# --- lists opened by a lead-in --------------------------------------------------------------------


@dataclass
class _Scope:
    """A list opened by a lead-in that ends with ':', going on into the blocks after it."""

    lead_in: str
    frame: dict[str, Any] | None
    section: int | None

    def goes_on(self, b: Block, section: int | None, measurable: bool) -> bool:
        """A block goes on with the list when it is an item or bullet, or a paragraph with a number,
        in the same section."""
        if section != self.section:
            return False
        return bool(b.label and (is_item_label(b.label) or b.label in BULLET_LABELS)) or (
            b.kind == "paragraph" and (measurable or b.text.rstrip().endswith(":"))  # a topic: "* Về kinh tế:"
        )


# --- the candidates of the text ----------------------------------------------------------------------


def text_candidates(doc: Document, outline: Outline) -> Iterator[Candidate]:
    """Given a document and its outline, yield the candidates of its text (not its tables), in order."""
    from ..nlp.pipeline import build_nlp

    nlp = build_nlp()
    heading_of = {s.heading_block: i for i, s in enumerate(outline.sections)}
    section_of_block = [_section_index(outline, b.start) for b in doc.blocks]
    last_item_frame: dict[int, dict[str, Any] | None] = {}
    heading_cache: dict[int | None, tuple[dict[str, Any] | None, dict[str, list[dict[str, Any]]], int | None]] = {}
    list_sections: dict[int | None, bool] = {}
    scope: _Scope | None = None
    sub_heading: tuple[str, dict[str, Any] | None] | None = None  # an item over items: its label and frame
    for b in doc.blocks:
        si = section_of_block[b.index]
        sec = outline.sections[si] if si is not None else None
        if b.kind == "table":
            scope = None
            continue
        own = outline.sections[heading_of[b.index]] if b.index in heading_of else None
        if si not in list_sections:
            list_sections[si] = _is_list_section(outline, sec)
        in_list_section = list_sections[si]
        if own is not None and not is_item_label((b.label or own.label or "").strip()) and not _states(b, own):
            scope = None
            continue  # a heading: context for what stands under it
        if own is None and b.kind == "heading" and not b.label and _list_title(b):
            # "MỤC TIÊU, NHIỆM VỤ GIAI ĐOẠN 2026 - 2030" in a page without numbered parts
            scope = _Scope(lead_in=b.text, frame=resolve(find_timeframes(match_key(b.text))), section=si)
            continue
        if own is not None and _is_subheading(b, own):
            continue
        nxt = doc.blocks[b.index + 1] if b.index + 1 < len(doc.blocks) else None
        if b.label and sub_heading is not None and b.label == sub_heading[0]:
            sub_heading = None  # the next "-" after "- Giai đoạn 2025-2027": its items are done
        if b.kind in ("list_item", "paragraph") and _introduces_sub_items(b, nxt):
            sub_heading = (b.label or "", _first_sentence_frame(b.text))
            continue
        key = doc.key[b.start : b.end]
        if scope is not None and not scope.goes_on(b, si, _measurable(b.text, key)):
            scope = None
        # a numbered block that states something is content: the headings above it frame it
        above_index = own.parent if own is not None else si
        above = outline.sections[above_index] if above_index is not None else None
        if above_index not in heading_cache:
            heading_cache[above_index] = (
                _heading_frame(doc, outline, above),
                _heading_bodies(doc, outline, above),
                _heading_year(outline, above),
            )
        heading_frame, heading_bodies, heading_year = heading_cache[above_index]
        if in_list_section and _introduces_items(b) and not find_lead_ins(key):
            continue  # "Giao cho X chủ trì ... các chỉ tiêu sau:" introduces the section's items
        base = Context(
            section=sec.path if sec else None,
            section_kind=sec.kind if sec else "other",
            page=b.page,
            responsible=_merge_bodies(_own_bodies(b.text) if "chủ trì" in key else None, heading_bodies),
            heading_year=heading_year,
        )
        if in_list_section:
            base.in_list, base.list_reason = True, "section"
            base.list_frame = heading_frame
            if b.label in BULLET_LABELS or b.text.startswith("- "):
                base.list_frame = last_item_frame.get(si if si is not None else -1) or heading_frame
            if b.index in heading_of:
                last_item_frame[si if si is not None else -1] = _first_sentence_frame(b.text) or heading_frame
        elif scope is not None:
            base.in_list, base.list_reason, base.lead_in, base.list_frame = True, "lead-in", scope.lead_in, scope.frame
        elif b.label and _under_objectives_heading(outline, sec, own):
            # "I. MỤC TIÊU" + "1. Giữ vững tốc độ tăng thu ngân sách, ...": numbered objectives
            base.in_list, base.list_reason, base.list_frame = True, "objectives", heading_frame
        if sub_heading is not None and sub_heading[1] and b.label != sub_heading[0]:
            base.list_frame = sub_heading[1]  # "- Giai đoạn 2025-2027" over "+ 100% dịch vụ công ..."
        is_item = bool(b.label) and b.kind == "list_item"
        if is_item or in_list_section:
            units = [(b.start + label_length(b.text), b.end)]
        else:
            units = _sentences(b)
        paragraph = opening_frame(match_key(doc.text[units[0][0] : units[0][1]])) if units else None
        base.paragraph_frame = paragraph[1] if paragraph else None
        for start, end in (piece for unit in units for piece in bounded_units(doc.text, *unit)):
            unit_key = doc.key[start:end]
            leads = find_lead_ins(unit_key)
            if not (base.in_list or leads or _MEASURABLE.search(unit_key) or _commits_in_words(unit_key)):
                continue
            analysis = Analysis.from_doc(nlp(doc.text[start:end]))
            yield from _unit_candidates(start, analysis, leads, base)
            if leads and leads[-1].opens_list:
                last = leads[-1]
                scope = _Scope(lead_in=doc.text[start + last.start : start + last.end], frame=last.frame, section=si)
                base = _carry(base, scope)


# Longer than any real clause: such a unit is a run-on text (a plan pasted as one paragraph).
MAX_UNIT_CHARS = 5000
_PIECE_ENDS = (re.compile(r"[.!?…](?=\s)"), re.compile(r"[;:](?=\s)"), re.compile(r",(?=\s)"), re.compile(r"\s"))


def bounded_units(text: str, start: int, end: int) -> Iterator[tuple[int, int]]:
    """A unit as it is, or, past MAX_UNIT_CHARS, in pieces that end where a sentence does.

    Reading a clause costs time in proportion to the unit around it, so a unit of a
    million characters would take hours (and spaCy refuses texts that long); in
    pieces, length is no limit. A piece ends at the last sentence end in the second
    half of its window, else at a clause separator, else at a space.
    """
    while end - start > MAX_UNIT_CHARS:
        window = text[start : start + MAX_UNIT_CHARS]
        cut = next((m.end() for rx in _PIECE_ENDS for m in [_last(rx, window)] if m), MAX_UNIT_CHARS)
        yield start, start + cut
        start += cut
        while start < end and text[start].isspace():
            start += 1
    if start < end:
        yield start, end


def _last(rx: re.Pattern[str], text: str) -> re.Match[str] | None:
    found = list(rx.finditer(text, len(text) // 2))  # in the second half: pieces never get short
    return found[-1] if found else None


def _carry(base: Context, scope: _Scope) -> Context:
    """The context of the sentences after a lead-in with ':' in the same paragraph."""
    if base.in_list and base.list_reason == "section":
        return base
    return Context(
        section=base.section,
        section_kind=base.section_kind,
        page=base.page,
        in_list=True,
        list_reason="lead-in",
        lead_in=scope.lead_in,
        list_frame=scope.frame,
        paragraph_frame=base.paragraph_frame,
        responsible=base.responsible,
    )


def _measurable(text: str, key: str) -> bool:
    """Does a text state a quantity (a year alone does not)?"""
    return bool(_MEASURABLE.search(key)) and bool(find_quantities(text, key))


def _sentences(b: Block) -> list[tuple[int, int]]:
    """(start, end) in the document of the sentences of a prose block, label skipped."""
    skip = label_length(b.text)
    out = []
    for m in _SENTENCE.finditer(b.text, skip):
        s, e = m.start(), m.end()
        while s < e and b.text[s].isspace():
            s += 1
        if e > s:
            out.append((b.start + s, b.start + e))
    return out


_COMMITS = re.compile(r"(?<!\w)(?:phấn đấu|mục tiêu|chỉ tiêu|bảo đảm|đảm bảo|duy trì|giữ vững)(?!\w)")


def _commits_in_words(key: str) -> bool:
    """A sentence that may commit without a number ("Phấn đấu đến năm 2030 xã đạt chuẩn ...")."""
    return bool(_COMMITS.search(key)) and bool(find_timeframes(key))


def _unit_candidates(start: int, a: Analysis, leads: list[Any], base: Context) -> Iterator[Candidate]:
    """The candidates of one analysed unit (a list item or a sentence) at doc offset ``start``."""
    clauses = split_clauses(a)
    items = _items(a)
    sentences: dict[int, tuple[int, int]] = {}
    for cl in clauses:
        s, e = sentences.get(cl.sentence, (cl.start, cl.end))
        sentences[cl.sentence] = (min(s, cl.start), max(e, cl.end))
    openings: dict[int, tuple[int, dict[str, Any]] | None] = {}
    for cl in clauses:
        ctx = base
        lead = next((lead for lead in leads if cl.start < lead.end), None)
        after = [lead for lead in leads if lead.end <= cl.start]
        if lead is not None and cl.end <= lead.end + 1:
            ctx = _with(base, in_lead_in=True)  # the clause is the lead-in ("đề ra 18 chỉ tiêu")
        elif lead is not None and cl.start < lead.end:
            cl = _after(a, cl, lead.end)  # "Nhiệm kỳ 2020-2025, Đảng bộ đặt mục tiêu | duy trì ..."
            ctx = _in_lead_list(base, a, lead)
        elif after:
            ctx = _in_lead_list(base, a, after[-1])
        if cl.sentence not in openings:
            s0 = sentences[cl.sentence][0]
            found = opening_frame(a.key[s0:])
            openings[cl.sentence] = (s0 + found[0], found[1]) if found else None
        opening = openings[cl.sentence]
        if opening is not None:
            ctx = _with(ctx, opening_frame=opening[1])
        item = next(((s, e) for s, e in items if s <= cl.start < e), (cl.start, cl.end))
        yield Candidate(
            start=start + cl.start,
            end=start + cl.end,
            unit_start=start,
            analysis=a,
            clause=cl,
            item=item,
            sentence=sentences[cl.sentence],
            context=ctx,
            where="list" if ctx.in_list and not ctx.in_lead_in else "prose",
        )


def _with(ctx: Context, **changes: Any) -> Context:
    from dataclasses import replace

    return replace(ctx, **changes)


def _in_lead_list(base: Context, a: Analysis, lead: Any) -> Context:
    if base.in_list and base.list_reason == "section":
        return _with(base, list_frame=base.list_frame or lead.frame)
    return _with(
        base,
        in_list=True,
        list_reason="lead-in",
        lead_in=a.text[lead.start : lead.end],
        list_frame=lead.frame or base.list_frame,
    )


def _after(a: Analysis, cl: Clause, pos: int) -> Clause:
    """The clause from ``pos`` on (white space and ":" skipped)."""
    while pos < cl.end and (a.text[pos].isspace() or a.text[pos] in ":,"):
        pos += 1
    return Clause(start=pos, end=cl.end, sentence=cl.sentence, parenthetical=cl.parenthetical, restatement=cl.restatement)


def _items(a: Analysis) -> list[tuple[int, int]]:
    """The ";"-separated items of a unit (outside parentheses), as (start, end)."""
    out, pos, depth = [], 0, 0
    for i, ch in enumerate(a.text):
        if ch == "(":
            depth += 1
        elif ch == ")" and depth:
            depth -= 1
        elif ch in ";." and not depth and (i + 1 == len(a.text) or a.text[i + 1].isspace()):
            out.append((pos, i + 1))
            pos = i + 1
    if pos < len(a.text):
        out.append((pos, len(a.text)))
    return out
