"""The spaCy ``Language`` of the target stage: blank Vietnamese, the underthesea
tokenizer, and small registered components, each with one job:

  vn_quantities  numbers and quantities (doc._.quantities)
  vn_comparators their comparators
  vn_direction   direction cues (doc._.direction_cues)
  vn_timeframes  timeframe mentions (doc._.timeframes)
  bodies         responsible bodies (from pipeline.nlp.bodies, when present)

It runs on candidate clauses (list items, sentences with a number), not on whole
documents, so that underthesea's cost stays proportional to what is extracted.
"""

from __future__ import annotations

from functools import lru_cache

import spacy
from spacy.language import Language

from . import comparators, direction, quantities, timeframes  # noqa: F401  (register factories)
from .tokenizer import UndertheseaTokenizer

COMPONENTS = ("vn_quantities", "vn_comparators", "vn_direction", "vn_timeframes")


@lru_cache(maxsize=1)
def build_nlp() -> Language:
    """Build (once per process) the Vietnamese pipeline used by ``extract``."""
    nlp = spacy.blank("vi", config={"nlp": {"tokenizer": {"use_pyvi": False}}})
    nlp.tokenizer = UndertheseaTokenizer(nlp.vocab)
    for name in COMPONENTS:
        nlp.add_pipe(name)
    try:
        from . import bodies  # noqa: F401  (registers its factory)

        for factory in ("responsible_bodies", "bodies"):
            if factory in Language.factories:
                nlp.add_pipe(factory)
                break
    except Exception:  # the bodies component is optional for the target stage
        pass
    return nlp
