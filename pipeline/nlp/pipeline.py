"""The spaCy ``Language`` of the target stage: blank Vietnamese, one token per syllable
(``tokenizer.SyllableTokenizer``), and small registered components, each with one job:

  vn_quantities  numbers and quantities (doc._.quantities)
  vn_comparators their comparators
  vn_direction   direction cues (doc._.direction_cues)
  vn_timeframes  timeframe mentions (doc._.timeframes)

It runs on candidate clauses (list items, sentences with a number), not on whole
documents. underthesea's word segmentation is made only for a clause whose words are
read (``tokenizer.segmented``: the noun a bare count takes), so that its cost stays
proportional to what needs it.
Bodies are read from the text by ``nlp.roles`` where a candidate names them; the
``responsible_bodies`` component (``nlp.bodies``) is for pipelines that want them
as entities, and is left out here, where nothing reads them.
"""

from __future__ import annotations

from functools import lru_cache

import spacy
from spacy.language import Language

from . import comparators, direction, quantities, timeframes  # noqa: F401  (register factories)
from .tokenizer import SyllableTokenizer

COMPONENTS = ("vn_quantities", "vn_comparators", "vn_direction", "vn_timeframes")


@lru_cache(maxsize=1)
def build_nlp() -> Language:
    """Build (once per process) the Vietnamese pipeline used by ``extract``."""
    nlp = spacy.blank("vi", config={"nlp": {"tokenizer": {"use_pyvi": False}}})
    nlp.tokenizer = SyllableTokenizer(nlp.vocab)
    for name in COMPONENTS:
        nlp.add_pipe(name)
    return nlp
