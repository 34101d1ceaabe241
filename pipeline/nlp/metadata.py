"""What a document says about itself: title, number, date, issuer, place, term, signer.

Party documents follow one layout (Quy định 66-QĐ/TW, Hướng dẫn 36-HD/VPTW):

    ĐẢNG BỘ THÀNH PHỐ HẢI PHÒNG          ĐẢNG CỘNG SẢN VIỆT NAM
    ĐẢNG ỦY XÃ HÀ ĐÔNG
    Số 18-CTr/ĐU                          Hà Đông, ngày 31 tháng 3 năm 2026
                  CHƯƠNG TRÌNH HÀNH ĐỘNG
          CỦA BAN CHẤP HÀNH ĐẢNG BỘ XÃ ... nhiệm kỳ 2025 - 2030
    ...
    Chương trình hành động này thay thế Chương trình hành động số 06-CTr/ĐU, ngày 29/9/2025 ...
                                           T/M BAN CHẤP HÀNH
                                           BÍ THƯ
                                           Vũ Đức Hạnh
    PHỤ LỤC (Kèm theo Chương trình hành động số 18-CTr/ĐU ngày 31 tháng 3 năm 2026 ...)

Copies that lost the header (text pasted from the body) still give the issuer
("Ban Chấp hành Đảng bộ xã Thái Tân xây dựng Chương trình hành động"), the
place (the name that follows the issuer's level) and often the number and date
(the appendix line). Nothing is invented: a field the text does not state is None.
"""

from __future__ import annotations

import re
from collections import Counter
from typing import Any

from ..model import Block, Document
from ..normalize import compare_key, match_key
from .bodies import BodyMention, find_bodies
from .references import DATE, NUMBER, _date_of, find_citations

# The front matter: header, title and "Căn cứ" paragraphs come in the first blocks.
HEAD_BLOCKS = 12
_W = r"[^\S\t]+"
DOC_TYPES = r"chương trình hành động|chương trình|nghị quyết|kế hoạch|chỉ thị|kết luận|quyết định|đề án|báo cáo|hướng dẫn"
NUMBER_LINE = re.compile(rf"(?<!\w)số[^\S\t]*:?[^\S\t]*(?P<number>{NUMBER})(?!\w)")
# "<Nơi>, ngày ...": the place is the capitalised words right before the comma
DATED = re.compile(rf",{_W}{DATE}")
MAX_PLACE_WORDS = 4
SELF_LINE = re.compile(rf"kèm{_W}theo{_W}(?:{DOC_TYPES}){_W}(?:số{_W})?(?P<number>{NUMBER})(?P<rest>[^\n)]*)")
TERM = re.compile(rf"nhiệm{_W}kỳ{_W}(?P<start>(?:19|20)\d\d)[^\S\t]*[-–][^\S\t]*(?P<end>(?:19|20)\d\d)")
REPLACES = re.compile(rf"thay{_W}thế{_W}")
# A header line that is only a level and a place: "TỈNH NINH BÌNH", "HUYỆN ĐÔNG ANH".
LEVEL_LINE = re.compile(r"^(?:TỈNH|THÀNH PHỐ|HUYỆN|QUẬN|THỊ XÃ|XÃ|PHƯỜNG|THỊ TRẤN)\s+[A-ZĐÀ-Ỹ][A-ZĐÀ-Ỹ\s]*$")
ISSUES = re.compile(rf"{_W}(?:xây{_W}dựng|ban{_W}hành){_W}(?:{DOC_TYPES})(?!\w)")
TITLE_TYPE = re.compile(rf"^(?:{DOC_TYPES})(?!\w)")
SIGNATURE = re.compile(
    rf"(?:t/m|tm\.?|thay{_W}mặt){_W}(?P<org>[^\n]{{2,60}}?){_W}"
    rf"(?:(?:k/t|kt\.?){_W}(?:bí{_W}thư|chủ{_W}tịch){_W})?"
    rf"(?P<title>phó{_W}bí{_W}thư{_W}thường{_W}trực|phó{_W}bí{_W}thư|bí{_W}thư|phó{_W}chủ{_W}tịch|chủ{_W}tịch)(?!\w)"
)
SIGNER_TITLES = {
    "phó bí thư thường trực": "Phó Bí thư Thường trực",
    "phó bí thư": "Phó Bí thư",
    "bí thư": "Bí thư",
    "phó chủ tịch": "Phó Chủ tịch",
    "chủ tịch": "Chủ tịch",
}
PERSON_NAME = re.compile(
    r"^[*_\s]*(?P<name>(?:[A-ZĐÀ-Ỹ][a-zđà-ỹ]+[^\S\t\n]+){1,5}[A-ZĐÀ-Ỹ][a-zđà-ỹ]+)[*_\s]*$"
)
TITLE_STOPS = ("căn cứ", "tại ", "trên cơ sở", "t/m", "tm.", "k/t", "nơi nhận", "số ", "thực hiện", "theo đề nghị", "xét đề nghị")
ISSUER_HEADS = (
    "ban-chap-hanh",
    "ban-thuong-vu",
    "dang-uy",
    "ubnd",
    "hdnd",
    "thuong-truc",
    "uy-ban",
    "chi-bo",
)


def _head_end(doc: Document) -> int:
    blocks = doc.blocks[:HEAD_BLOCKS]
    return blocks[-1].end if blocks else len(doc.text)


def _dated_place(doc: Document) -> tuple[str, str | None] | None:
    """The header's "<Nơi>, ngày <date>" as (place, ISO date), wherever the header puts it.

    The place is the run of capitalised words ("Hà Đông") right before the comma;
    a citation ("số 01-CT/TW, ngày 23/01/2026") has none, so it is not taken.
    """
    end = _head_end(doc)
    for m in DATED.finditer(doc.key, 0, end):
        words: list[str] = []
        for w in reversed(re.split(r"[^\S\t]+", doc.text[max(0, m.start() - 60) : m.start()])):
            if not (w[:1].isupper() and w[1:].islower()) or len(words) == MAX_PLACE_WORDS:
                break
            words.insert(0, w)
        if words:
            return " ".join(words), _date_of(m)
    return None


def _is_title_start(b: Block) -> bool:
    """A block that opens with the document's type in capitals: "BÁO CÁO", or "BÁO CÁO Kết quả
    ..." where the reader found no break between the type and its subtitle."""
    if b.kind == "table":
        return False
    if b.text == b.text.upper():
        return TITLE_TYPE.match(compare_key(b.text)) is not None
    m = TITLE_TYPE.match(match_key(b.text))  # match_key keeps offsets: the type as written
    return m is not None and b.text[: m.end()] == b.text[: m.end()].upper()


def _title_index(doc: Document) -> int | None:
    for i, b in enumerate(doc.blocks[:HEAD_BLOCKS]):
        if _is_title_start(b):
            return i
    return None


def extract_title(doc: Document) -> str | None:
    """The document title: its type heading in capitals plus the subtitle lines under it."""
    for i, b in enumerate(doc.blocks[:HEAD_BLOCKS]):
        if not _is_title_start(b):
            continue
        parts = [b.text]
        for nxt in doc.blocks[i + 1 : i + 4]:
            if nxt.kind == "table" or nxt.label or compare_key(nxt.text).startswith(TITLE_STOPS):
                break
            parts.append(nxt.text)
            if len(" ".join(parts)) > 400:
                break
        return " ".join(parts)
    return None


def extract_number_and_date(doc: Document) -> tuple[str | None, str | None]:
    """The document's own number and date: header "Số ..." / "<Nơi>, ngày ...", else the appendix "Kèm theo" line."""
    head = doc.key[: _head_end(doc)]
    number = date = None
    m = NUMBER_LINE.search(head)
    if m and doc.text[m.start()] == "S" and not find_citations(doc.text[max(0, m.start() - 40) : m.end()]):
        number = re.sub(r"\s+", "", doc.text[m.start("number") : m.end("number")])
    dated = _dated_place(doc)
    if dated:
        date = dated[1]
    if number is None or date is None:
        s = SELF_LINE.search(doc.key)
        if s:
            if number is None:
                number = re.sub(r"\s+", "", doc.text[s.start("number") : s.end("number")])
            dm = re.search(DATE, s.group("rest"))
            if date is None and dm:
                date = _date_of(dm)
    return number, date


def extract_term(doc: Document) -> dict[str, int] | None:
    """The term the document serves ("nhiệm kỳ 2025 - 2030"): the most cited one, first in the head."""
    terms = Counter((int(m.group("start")), int(m.group("end"))) for m in TERM.finditer(doc.key))
    if not terms:
        return None
    head = TERM.search(doc.key[: _head_end(doc)])
    start, end = (int(head.group("start")), int(head.group("end"))) if head else terms.most_common(1)[0][0]
    return {"start": start, "end": end} if start < end else None


def _header_lines(head: list[Block]) -> str:
    """The header blocks one per line, a lone level line joined to the body above it.

    State documents set the issuer over two lines ("ỦY BAN NHÂN DÂN" / "TỈNH NINH BÌNH");
    read apart, the body would lose its level and place.
    """
    lines: list[str] = []
    for b in head:
        if b.kind == "table":
            lines.extend(cell.text for row in b.rows or [] for cell in row)
        elif lines and LEVEL_LINE.match(b.text):
            lines[-1] += " " + b.text
        else:
            lines.extend(_header_columns(b.text))
    return "\n".join(lines)


# The national heading that stands right of the issuer: where a reader gave both one line
# ("UBND TỈNH X CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"), the issuer ends before it.
NATIONAL_HEADING = re.compile(r"(?<=\S)\s+(?=cộng hòa xã hội chủ nghĩa việt nam|đảng cộng sản việt nam)")


def _header_columns(text: str) -> list[str]:
    m = NATIONAL_HEADING.search(match_key(text))
    return [text[: m.start()], text[m.end() :]] if m else [text]


def _issuer_mentions(doc: Document) -> list[BodyMention]:
    """Bodies that issue this document, best first: the title's "CỦA <body>",
    "<body> xây dựng Chương trình ...", then the signature's "T/M <body>"."""
    found: list[BodyMention] = []
    title = extract_title(doc)
    if title:
        m = re.search(rf"(?<!\w)của{_W}", compare_key(title))
        if m:
            found += [x for x in find_bodies(title[m.end() :]) if x.start == 0]
    # the header above the title ("ĐẢNG BỘ TỈNH ... / ĐẢNG ỦY XÃ HÀ ĐÔNG / Số ..."), in
    # blocks or a header table: the last body written in capitals is the issuer
    title_at = _title_index(doc)
    head = doc.blocks[: title_at if title_at is not None else HEAD_BLOCKS]
    lines = _header_lines(head)
    # the "UBND" of "Số: 125/KH-UBND" is part of a number, not a body
    header = [x for x in find_bodies(lines) if x.text.isupper() and lines[x.start - 1 : x.start] not in ("/", "-")]
    found += header[-1:]
    for b in doc.blocks[:HEAD_BLOCKS]:
        if b.kind == "table":
            continue
        key = doc.key[b.start : b.end]
        for x in find_bodies(b.text, key):
            if ISSUES.match(key, x.end) and x.id and x.id.startswith(ISSUER_HEADS):
                found.append(x)
    for m in SIGNATURE.finditer(doc.key):
        found += [x for x in find_bodies(doc.text[m.start("org") : m.end("org")]) if x.start == 0]
    return found


def extract_place(doc: Document, issuer: BodyMention | None = None) -> str | None:
    """The place: header "<Nơi>, ngày ...", else the issuer's own place, else the commonest place of its level."""
    dated = _dated_place(doc)
    if dated:
        return dated[0]
    if issuer is not None and issuer.place:
        return issuer.place.title() if issuer.place.isupper() else issuer.place
    level = issuer.level if issuer is not None else None
    places = Counter(
        m.place for m in find_bodies(doc.text, doc.key) if m.place and (level is None or m.level == level)
    )
    return places.most_common(1)[0][0] if places else None


def extract_replaces(doc: Document) -> list[dict[str, Any]]:
    """Documents this one replaces ("... này thay thế Chương trình hành động số 06-CTr/ĐU, ngày 29/9/2025")."""
    out = []
    for m in REPLACES.finditer(doc.key):
        for c in find_citations(doc.text[m.end() : m.end() + 200]):
            if c.start == 0:
                out.append({"number": c.number, "date": c.date})
    return out


def extract_signer(doc: Document) -> dict[str, str] | None:
    """The signer: "T/M BAN CHẤP HÀNH / BÍ THƯ / <name>" -> {"name", "title"}."""
    for m in SIGNATURE.finditer(doc.key):
        title = SIGNER_TITLES[" ".join(m.group("title").split())]
        rest = doc.text[m.end() : m.end() + 200]
        for line in re.split(r"\n+|\t", rest):
            if not line.strip(" *_"):
                continue
            n = PERSON_NAME.match(line)
            if n:
                return {"name": " ".join(n.group("name").split()), "title": title}
            break
    return None


def extract_metadata(doc: Document) -> dict[str, Any]:
    """Given a document, return its metadata as in the output contract's ``document`` part.

    Keys: title, number, date, issuer, place, term, replaces, signer (None or [] when not stated).
    """
    issuers = _issuer_mentions(doc)
    issuer = issuers[0] if issuers else None
    place = extract_place(doc, issuer)
    issuer_text = None
    if issuer is not None:
        own_place = place if (issuer.place is None or issuer.place.isupper()) else issuer.place
        issuer_text = issuer.name + (f" {own_place}" if issuer.level and own_place else "")
    number, date = extract_number_and_date(doc)
    return {
        "title": extract_title(doc),
        "number": number,
        "date": date,
        "issuer": issuer_text,
        "place": place,
        "term": extract_term(doc),
        "replaces": extract_replaces(doc),
        "signer": extract_signer(doc),
    }
