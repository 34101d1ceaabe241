"""Legacy Vietnamese font encodings (TCVN3/ABC and VNI) detected and converted to Unicode.

Before Unicode, government documents were typed in fonts that drew Vietnamese
letters at Latin-1 code points: TCVN3 (".VnTime") puts "ơ" at "¬" and "đ" at
"®", VNI ("VNI-Times") writes a base letter followed by an accent character
("Chöông" = "Chương"). A text layer taken from such a document reads
"Ch­¬ng tr×nh". The tables live in ``data/legacy_encodings.json``.

Detection is by evidence, not by guessing from a few characters: text that
already has Vietnamese letters beyond Latin-1 (ơ ư đ ạ ế ...) is Unicode; other
text is converted only when the conversion turns clearly more of its words into
well-formed Vietnamese words (Vietnamese letters only, one tone mark at most).

TCVN3 has no codes for toned capitals: the ".VnTimeH" capital fonts draw the
lowercase codes as capitals. A word typed in capitals ("TR×NH") is restored as
capitals; a capital toned letter starting a lowercase word cannot be told apart.
"""

from __future__ import annotations

import json
import re
import unicodedata
from dataclasses import replace
from functools import cache
from pathlib import Path
from typing import Literal

from .model import RawBlock, RawCell, RawDocument

Encoding = Literal["tcvn3", "vni"]
ENCODING_NAMES = {"tcvn3": "TCVN3 (ABC)", "vni": "VNI"}
DATA = Path(__file__).parent / "data" / "legacy_encodings.json"

TONE_MARKS = frozenset("\u0300\u0301\u0303\u0309\u0323")
# Letters only Vietnamese uses (beyond Latin-1): their presence means Unicode text.
_VN_BEYOND_LATIN1 = re.compile("[ĂăĐđĨĩŨũƠơƯư\u1ea0-\u1ef9\u0300\u0301\u0303\u0309\u0323]")
_LATIN1_HIGH = re.compile("[\u0080-\u00ff]")
_EDGE_PUNCT = ".,;:!?()[]{}\"'“”‘’…-–/*"
_CAPS_WORD = re.compile(r"\S+")


@cache
def _tables() -> dict[str, dict[str, str]]:
    data = json.loads(DATA.read_text(encoding="utf-8"))
    return {"tcvn3": data["tcvn3"], "vni": data["vni"]}


@cache
def _vietnamese_letters() -> frozenset[str]:
    """The 134 precomposed Vietnamese letters plus đ/Đ and the plain vowels, in NFC."""
    return frozenset(set(_tables()["vni"].values()) | set("ăâêôơưđĂÂÊÔƠƯĐ"))


@cache
def _vni_pattern() -> re.Pattern[str]:
    keys = sorted(_tables()["vni"], key=len, reverse=True)
    return re.compile("|".join(map(re.escape, keys)))


@cache
def _tcvn3_translate() -> dict[int, str]:
    return str.maketrans(_tables()["tcvn3"])


def decode(text: str, encoding: Encoding) -> str:
    """Convert text typed in a legacy font encoding to Unicode (NFC)."""
    if encoding == "vni":
        table = _tables()["vni"]
        return _vni_pattern().sub(lambda m: table[m.group()], text)
    return _restore_caps(text.translate(_tcvn3_translate()))


def _restore_caps(text: str) -> str:
    """Words typed in a capital (.VnTimeH) font come out with small toned letters: raise them.

    A word whose ASCII letters are all capitals is a capital word when it has two
    of them ("§¶NG"), or one and a capital word beside it ("BAN CHÊP HµNH §¶NG Bé").
    """
    words = _CAPS_WORD.findall(text)
    kinds = []
    for w in words:
        # Evidence of case: ASCII letters and the capitals TCVN3 has codes for (Đ Ă Â Ê Ô Ơ Ư).
        letters = [c for c in w if c.isalpha() and (c.isascii() or c.isupper())]
        if not letters or any(c.islower() for c in letters) or w.isascii():
            kinds.append("other" if letters or w.isascii() else "none")
        else:
            kinds.append("caps" if len(letters) > 1 else "maybe")
    caps = {
        i
        for i, k in enumerate(kinds)
        if k == "caps" or (k == "maybe" and "caps" in (kinds[i - 1] if i else "", kinds[i + 1] if i + 1 < len(kinds) else ""))
    }
    it = iter(range(len(words)))
    return _CAPS_WORD.sub(lambda m: m.group().upper() if next(it) in caps else m.group(), text)


@cache
def _encoders() -> dict[str, dict[str, str]]:
    enc: dict[str, dict[str, str]] = {}
    tcvn3 = {u: c for c, u in _tables()["tcvn3"].items()}
    for c, u in list(_tables()["tcvn3"].items()):  # capitals: the .VnTimeH font reuses the small codes
        tcvn3.setdefault(u.upper(), c)
    enc["tcvn3"] = tcvn3
    enc["vni"] = {u: s for s, u in _tables()["vni"].items() if len(u) == 1}
    return enc


def encode(text: str, encoding: Encoding) -> str:
    """Unicode text as a legacy font would store it (the inverse of ``decode``; used by tests)."""
    table = _encoders()[encoding]
    return "".join(table.get(ch, ch) for ch in unicodedata.normalize("NFC", text))


# --- detection ----------------------------------------------------------------


def _words(text: str) -> list[str]:
    return [w for w in (t.strip(_EDGE_PUNCT) for t in text.split()) if w]


def _is_vietnamese_word(word: str) -> bool:
    """Vietnamese letters only, at least one non-ASCII, at most one tone mark."""
    letters = _vietnamese_letters()
    if not all((c.isascii() and c.isalpha()) or c in letters for c in word):
        return False
    if word.isascii():
        return False
    tones = sum(ch in TONE_MARKS for ch in unicodedata.normalize("NFD", word))
    return tones <= 1


def _score(text: str) -> int:
    return sum(_is_vietnamese_word(w) for w in _words(text))


def detect(text: str) -> Encoding | None:
    """The legacy encoding ``text`` is in, or None for Unicode (or too little evidence)."""
    high = len(_LATIN1_HIGH.findall(text))
    if high < 3 or len(_VN_BEYOND_LATIN1.findall(text)) > 0.1 * high:
        return None
    words = _words(text)
    candidates = [w for w in words if _LATIN1_HIGH.search(w)]
    before = sum(_is_vietnamese_word(w) for w in candidates)
    best: tuple[int, Encoding | None] = (before, None)
    for enc in ("tcvn3", "vni"):
        after = sum(_is_vietnamese_word(w) for w in _words(decode(" ".join(candidates), enc)))
        if after > best[0]:
            best = (after, enc)
    gain, enc = best[0] - before, best[1]
    return enc if enc and gain >= max(2, 0.3 * len(candidates)) else None


def looks_vietnamese(text: str) -> bool:
    """Language check: does the text read as Vietnamese? (True when too short to tell.)

    Running Vietnamese has a Vietnamese-only letter (ơ ư đ ă, ạ ế ộ ...) in well
    over a tenth of its words; English or French has none.
    """
    words = [w for w in _words(text) if any(c.isalpha() for c in w)]
    if len(words) < 30:
        return True
    marked = sum(bool(_VN_BEYOND_LATIN1.search(unicodedata.normalize("NFC", w))) for w in words)
    return marked >= 0.1 * len(words)


def _convert(text: str, enc: Encoding) -> str:
    """Convert one block's text when it is legacy-encoded itself (documents mix fonts)."""
    if not text or not _LATIN1_HIGH.search(text) or _VN_BEYOND_LATIN1.search(text):
        return text
    new = decode(text, enc)
    return new if _score(new) > _score(text) else text


def undo_cp1258(text: str) -> str | None:
    """The Latin-1 reading of text that was decoded as Windows-1258 (and NFC-composed), or None if it cannot be.

    A legacy-font file saved as plain text holds the font's bytes; a reader that
    falls back to Windows-1258 turns some of them into Vietnamese letters and
    tone marks ("ó" -> "ă", "Ò" -> a hook). Going back to the bytes undoes that.
    """
    out = bytearray()
    for ch in text:
        try:
            out += ch.encode("cp1258")
        except UnicodeEncodeError:
            try:
                out += unicodedata.normalize("NFD", ch).encode("cp1258")
            except UnicodeEncodeError:
                return None
    return out.decode("latin-1")


def _detect_misread(text: str) -> Encoding | None:
    """Legacy-font text that went through a Windows-1258 decoder (plain-text files)."""
    latin1 = undo_cp1258(text)
    enc = detect(latin1) if latin1 else None
    if enc is None or latin1 is None:
        return None
    marked = sum(not w.isascii() for w in _words(text))
    return enc if _score(decode(latin1, enc)) >= _score(text) + max(2, 0.3 * marked) else None


def _convert_misread(text: str, enc: Encoding) -> str:
    latin1 = undo_cp1258(text)
    if latin1 is None:
        return text
    new = decode(latin1, enc)
    return new if _score(new) > _score(text) else text


def fix_legacy_encoding(raw: RawDocument) -> RawDocument:
    """Return the raw document with TCVN3/VNI-encoded blocks converted to Unicode."""
    sample = "\n".join(
        [b.text for b in raw.blocks] + [c.text for b in raw.blocks for row in b.rows or [] for c in row]
    )
    options = [(detect(sample), _convert)]
    if raw.source.format == "txt":  # a legacy-font file saved as text may have been read as Windows-1258
        options.append((_detect_misread(sample), _convert_misread))
    found = [(_score(conv(sample, e)), e, conv) for e, conv in options if e is not None]
    if not found:
        return raw
    _, enc, convert = max(found, key=lambda f: f[0])
    blocks: list[RawBlock] = []
    for b in raw.blocks:
        text = convert(b.text, enc)
        label = b.label
        if label and text != b.text:
            label = convert(label, enc) if convert is _convert_misread else decode(label, enc)
        rows = None
        if b.rows is not None:
            rows = [[RawCell(**{**c.__dict__, "text": convert(c.text, enc)}) for c in row] for row in b.rows]
        blocks.append(replace(b, text=text, label=label, rows=rows))
    warning = f"legacy font encoding {ENCODING_NAMES[enc]} detected; text converted to Unicode"
    return replace(raw, blocks=blocks, warnings=[*raw.warnings, warning])
