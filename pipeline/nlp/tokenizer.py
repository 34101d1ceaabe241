"""spaCy tokenizers for Vietnamese that keep the text exactly, and underthesea's words on demand.

Vietnamese writes one syllable per space-separated unit, so a word ("tỷ lệ",
"bảo hiểm y tế") often contains spaces. The pipeline's tokens are the syllables
(``SyllableTokenizer``): its components read the text and its match key, not
the tokens. underthesea groups syllables into words (``UndertheseaTokenizer``:
each word one spaCy token whose text keeps its inner spaces, as spaCy allows);
``segmented(doc)`` makes that Doc of a Doc's text the first time it is asked for.
In both, the ``spaces`` flags are computed from the input so that ``doc.text``
is the input text exactly: every character offset of the pipeline stays an
offset into the canonical text.

underthesea's CRF costs about a millisecond per sentence, and few of the
candidate clauses the pipeline reads need their words (a count with no unit
takes the next word as its noun: "tổ chức 02 hội nghị"; 1 clause of 172 in the
two seed programs, 143 of 752 in the dev set), so only those are segmented.
"""

from __future__ import annotations

import functools
import re
from pathlib import Path

from spacy.tokens import Doc
from spacy.vocab import Vocab

_WS = re.compile(r"\s+")


def _segment(text: str) -> list[str]:
    from underthesea import word_tokenize

    _load_segmenter()
    return word_tokenize(text, use_token_normalize=False)


@functools.cache
def _load_segmenter() -> None:
    """Load underthesea's word segmentation model with the C unpickler, once per process.

    underthesea loads the same files on first use through joblib, whose pure-Python
    unpickler takes about 0.4 s of every worker's start (the dictionary is a set of
    72,000 words); pickle.load takes 0.03 s. The model object is underthesea's own,
    left where its word_tokenize looks for it. Anything not as this version of underthesea
    lays it out (files, names): underthesea loads the model itself, as it always does.
    """
    import pickle
    import sys

    # underthesea's word_tokenize module, imported as underthesea does (on its own it is an import cycle)
    from underthesea import word_tokenize

    ws = sys.modules[word_tokenize.__module__]

    base = Path(ws.__file__).parent / "models" / "ws_crf_vlsp2013_20230727"
    if getattr(ws, "word_tokenize_model", None) is not None or not (base / "dictionary.bin").is_file():
        return
    try:
        from underthesea.models.fast_crf_sequence_tagger import FastCRFSequenceTagger
        from underthesea_core import CRFFeaturizer, CRFTagger

        model = FastCRFSequenceTagger()
        with open(base / model.path_features, "rb") as fh:
            features = pickle.load(fh)
        with open(base / model.path_dictionary, "rb") as fh:
            dictionary = pickle.load(fh)
        model.estimator = CRFTagger()
        model.estimator.load(str(base / model.path_model))
        model.featurizer = CRFFeaturizer(features, dictionary)
    except Exception:  # another layout of underthesea's internals: its own loading
        return
    ws.word_tokenize_model = model


def align_words(text: str, words: list[str]) -> tuple[list[str], list[bool]]:
    """Given a text and its segmented words, return spaCy (words, spaces) that rebuild the text.

    A word that cannot be found where expected (the segmenter rewrote it) is
    replaced by the raw text up to the next found word; white space between
    words becomes the ``spaces`` flag (one space) or a white-space token.
    """
    out_words: list[str] = []
    spaces: list[bool] = []
    pos = 0
    for w in words:
        w = w.strip()
        if not w:
            continue
        at = text.find(w, pos)
        if at < 0:
            continue
        gap = text[pos:at]
        if gap.strip():
            _emit(gap, out_words, spaces)
        elif gap:
            _emit_space(gap, out_words, spaces)
        out_words.append(w)
        spaces.append(False)
        pos = at + len(w)
    rest = text[pos:]
    if rest.strip():
        _emit(rest, out_words, spaces)
    elif rest:
        _emit_space(rest, out_words, spaces)
    return out_words, spaces


def _emit_space(gap: str, words: list[str], spaces: list[bool]) -> None:
    if gap == " " and words and not spaces[-1]:
        spaces[-1] = True
    else:
        words.append(gap)
        spaces.append(False)


def _emit(chunk: str, words: list[str], spaces: list[bool]) -> None:
    pos = 0
    for m in _WS.finditer(chunk):
        if m.start() > pos:
            words.append(chunk[pos : m.start()])
            spaces.append(False)
        _emit_space(m.group(0), words, spaces)
        pos = m.end()
    if pos < len(chunk):
        words.append(chunk[pos:])
        spaces.append(False)


def doc_text(doc: Doc) -> str:
    """The text of a Doc, cached by the tokenizer (``doc.text`` rebuilds it from every token)."""
    text = doc.user_data.get("text")
    if text is None:
        text = doc.user_data["text"] = doc.text
    return text


def doc_key(doc: Doc) -> str:
    """``normalize.match_key`` of the Doc's text, computed once per Doc."""
    from ..normalize import match_key

    key = doc.user_data.get("key")
    if key is None:
        key = doc.user_data["key"] = match_key(doc_text(doc))
    return key


class _TextTokenizer:
    """A spaCy tokenizer whose Doc rebuilds its input text exactly; ``split`` says where its tokens are."""

    def __init__(self, vocab: Vocab) -> None:
        self.vocab = vocab

    def split(self, text: str) -> tuple[list[str], list[bool]]:
        raise NotImplementedError

    def __call__(self, text: str) -> Doc:
        words, spaces = self.split(text)
        doc = Doc(self.vocab, words=words, spaces=spaces)
        assert doc.text == text, "tokenizer must keep the text unchanged"
        doc.user_data["text"] = text  # rebuilding doc.text from tokens is slow; components read it here
        return doc

    def to_bytes(self, **kwargs: object) -> bytes:
        return b""

    def from_bytes(self, data: bytes, **kwargs: object) -> _TextTokenizer:
        return self

    def to_disk(self, path: object, **kwargs: object) -> None:
        return None

    def from_disk(self, path: object, **kwargs: object) -> _TextTokenizer:
        return self


class SyllableTokenizer(_TextTokenizer):
    """spaCy tokenizer of the pipeline: one token per syllable, white space as the text has it."""

    def split(self, text: str) -> tuple[list[str], list[bool]]:
        words: list[str] = []
        spaces: list[bool] = []
        _emit(text, words, spaces)
        return words, spaces


class UndertheseaTokenizer(_TextTokenizer):
    """spaCy tokenizer: one token per word as underthesea segments the text."""

    def split(self, text: str) -> tuple[list[str], list[bool]]:
        return align_words(text, _segment(text) if text.strip() else [])


def segmented(doc: Doc) -> Doc:
    """The Doc of ``doc``'s text with one token per underthesea word, segmented on the first call."""
    words = doc.user_data.get("words")
    if words is None:
        words = doc.user_data["words"] = UndertheseaTokenizer(doc.vocab)(doc_text(doc))
    return words
