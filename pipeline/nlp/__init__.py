"""The language stages; spaCy and underthesea are imported lean (``lean_imports``)."""

from .lean_imports import install

install()
