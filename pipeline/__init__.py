"""chitieu: targets (chỉ tiêu) of Vietnamese program documents as validated data."""

from __future__ import annotations

from typing import Any

__version__ = "0.1.0"

__all__ = ["__version__", "extract_file", "load", "read"]


def __getattr__(name: str) -> Any:
    # Heavy stages (underthesea, spaCy, pandas) load only when asked for.
    if name == "read":
        from .readers import read

        return read
    if name == "extract_file":
        from .extract import extract_file

        return extract_file
    if name == "load":
        from .tables import load

        return load
    raise AttributeError(name)
