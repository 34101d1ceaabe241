"""One canonical text per document, and the key that rules match on.

The canonical text is built once from the reader's blocks: Unicode NFC,
look-alike letters mapped ("Ð" U+00D0 is the Icelandic eth, not "Đ"), odd
dashes/quotes/spaces tidied, runs of white space collapsed. It is never
rewritten afterwards; every offset in the pipeline points into it.

Beside it, ``match_key`` gives a string of the *same length* whose characters
line up one-to-one with the canonical text. It folds case, the old/new tone
placement of open syllables ("hoá" = "hóa", "uỷ" = "ủy", "thuỷ" = "thủy", but
"hoàn", "toàn", "quý" untouched), "tỉ"/"tỷ" and dash/quote variants, so a rule
that finds a match in the key has found it at the same offsets in the text.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Iterable

from .model import Block, Cell, Document, RawBlock, RawDocument

# Characters that look like Vietnamese letters or punctuation but are not.
LOOKALIKES = {
    "\u00d0": "Đ",  # Ð (eth) typed for Đ by some fonts
    "\u00f0": "đ",  # ð
    "\u0189": "Đ",  # Ɖ (African D)
    "\u0256": "đ",
    "\u2010": "-",  # hyphen
    "\u2011": "-",  # non-breaking hyphen
    "\u2012": "-",  # figure dash
    "\u2212": "-",  # minus sign
    "\u2014": "–",  # em dash -> en dash (both mean a spaced dash here)
    "\u2015": "–",
    "\u201e": "“",  # „
    "\u201f": "“",
    "\u00ab": "“",  # «
    "\u00bb": "”",  # »
    "\u2033": "”",  # ″
    "\u201a": "‘",
    "\u201b": "‘",
    "\u2032": "’",  # ′
    "\u00a0": " ",  # no-break space
    "\u2007": " ",
    "\u202f": " ",
    "\u2009": " ",
    "\u200a": " ",
    "\u3000": " ",
}
_DROP = dict.fromkeys(map(ord, "\u00ad\u200b\u200c\u200d\u2060\ufeff"), None)
_LOOKALIKE_TABLE = str.maketrans(LOOKALIKES) | _DROP
_SPACES = re.compile(r"[ \t\r\n\f\v]+")
_SPACE_BEFORE_PUNCT = re.compile(r" +(?=[,;:.)](?:\s|$))")

BLOCK_SEPARATOR = "\n\n"
CELL_SEPARATOR = "\t"
ROW_SEPARATOR = "\n"


def clean_text(text: str) -> str:
    """Tidy one block's text into its canonical form (single line, NFC)."""
    text = unicodedata.normalize("NFC", text).translate(_LOOKALIKE_TABLE)
    text = unicodedata.normalize("NFC", text)
    text = _SPACES.sub(" ", text).strip()
    return text


def canonicalize(raw: RawDocument) -> Document:
    """Given a reader's raw blocks, return the Document with its canonical text.

    Blocks are joined by a blank line; table cells by a tab, rows by a newline.
    Empty blocks are dropped.
    """
    parts: list[str] = []
    blocks: list[Block] = []
    pos = 0

    def emit(s: str) -> tuple[int, int]:
        nonlocal pos
        start = pos
        parts.append(s)
        pos += len(s)
        return start, pos

    for rb in raw.blocks:
        if rb.kind == "table":
            if not rb.rows:
                continue
            if blocks:
                emit(BLOCK_SEPARATOR)
            bstart = pos
            rows: list[list[Cell]] = []
            for ri, raw_row in enumerate(rb.rows):
                if ri:
                    emit(ROW_SEPARATOR)
                row: list[Cell] = []
                for ci, rc in enumerate(raw_row):
                    if ci:
                        emit(CELL_SEPARATOR)
                    cell_text = clean_text(rc.text)
                    s, e = emit(cell_text)
                    row.append(
                        Cell(
                            text=cell_text,
                            start=s,
                            end=e,
                            row=rc.row,
                            col=rc.col,
                            rowspan=rc.rowspan,
                            colspan=rc.colspan,
                        )
                    )
                rows.append(row)
            blocks.append(_block(len(blocks), rb, "", bstart, pos, rows=rows))
            continue
        text = clean_text(rb.text)
        if not text:
            continue
        if blocks:
            emit(BLOCK_SEPARATOR)
        s, e = emit(text)
        blocks.append(_block(len(blocks), rb, text, s, e))

    full = "".join(parts)
    for b in blocks:
        if b.kind == "table":
            b.text = full[b.start : b.end]
    return Document(
        source=raw.source,
        text=full,
        key=match_key(full),
        blocks=blocks,
        page_quality=list(raw.page_quality),
        warnings=list(raw.warnings),
    )


def _block(
    index: int, rb: RawBlock, text: str, start: int, end: int, rows: list[list[Cell]] | None = None
) -> Block:
    label = clean_text(rb.label) if rb.label else None
    return Block(
        index=index,
        kind=rb.kind,
        text=text,
        start=start,
        end=end,
        page=rb.page,
        label=label or None,
        rows=rows,
        header_rows=rb.header_rows,
    )


# --- the match key -----------------------------------------------------------

_TONES = "\u0301\u0300\u0309\u0303\u0323"  # sắc, huyền, hỏi, ngã, nặng
# Open-syllable diphthongs whose tone sits on the second vowel in the "new"
# style (hoá, hoè, thuỷ) and on the first in the "old" one (hóa, hòe, thủy).
_OPEN_DIPHTHONGS = ("oa", "oe", "uy")
# i/y spellings of the same syllable: folded to the y form.
_I_Y_WORDS = {"tỉ": "tỷ", "kĩ": "kỹ", "lí": "lý", "mĩ": "mỹ"}


def _build_tone_table() -> dict[str, str]:
    """Map 'oá' -> 'óa' etc. (both lowercase NFC, two characters each)."""
    table = {}
    for first, second in _OPEN_DIPHTHONGS:
        for tone in _TONES:
            new = first + unicodedata.normalize("NFC", second + tone)
            old = unicodedata.normalize("NFC", first + tone) + second
            table[new] = old
    return table


_TONE_TABLE = _build_tone_table()
_TONE_RE = re.compile(
    r"(?<![\wđ])(?P<head>[^\W\d_]*?)(?P<pair>" + "|".join(map(re.escape, _TONE_TABLE)) + r")(?![\w])"
)
_I_Y_RE = re.compile(r"(?<!\w)(" + "|".join(_I_Y_WORDS) + r")(?!\w)")
_KEY_CHARS = str.maketrans({"–": "-", "“": '"', "”": '"', "‘": "'", "’": "'"})


def _lower_same_length(text: str) -> str:
    low = text.lower()
    if len(low) == len(text):
        return low
    return "".join(c.lower() if len(c.lower()) == 1 else c for c in text)


def _fold_tone(m: re.Match[str]) -> str:
    head, pair = m.group("head"), m.group("pair")
    if pair[0] == "u" and head.endswith("q"):  # "quý": the u belongs to "qu"
        return m.group(0)
    return head + _TONE_TABLE[pair]


@functools.lru_cache(maxsize=4096)
def match_key(text: str) -> str:
    """Return the matching key of canonical text, character-aligned with it.

    Memoised: the stages ask for the key of the same clause, cell or name again and
    again (extract_document empties the memo for each document).

    >>> match_key("Thuỷ lợi, Uỷ ban, hoàn thành, tỉ lệ")
    'thủy lợi, ủy ban, hoàn thành, tỷ lệ'
    """
    key = _lower_same_length(unicodedata.normalize("NFC", text))
    if any(pair in key for pair in _TONE_TABLE):  # the patterns cannot match without one (most texts)
        key = _TONE_RE.sub(_fold_tone, key)
    if any(word in key for word in _I_Y_WORDS):
        key = _I_Y_RE.sub(lambda m: _I_Y_WORDS[m.group(1)], key)
    key = key.translate(_KEY_CHARS)
    assert len(key) == len(text), "match_key must keep offsets aligned"
    return key


def compare_key(text: str) -> str:
    """Key for comparing two free strings (gold keys, body names): also tidies."""
    return " ".join(match_key(clean_text(text)).split())


def alternation(keys: Iterable[str]) -> str:
    """A regex alternative of literal keys, longest first, so that "tăng bình quân" wins over "tăng"."""
    return "|".join(re.escape(k) for k in sorted(keys, key=len, reverse=True))


def phrase_alternation(phrases: Iterable[str]) -> str:
    """The alternative of free phrases by their compare_key, any white space between their words."""
    return alternation({compare_key(p) for p in phrases}).replace(r"\ ", r"\s+")
