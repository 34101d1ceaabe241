"""The one error type a user sees for a document that cannot be processed."""

from __future__ import annotations

from pathlib import Path


class DocumentError(Exception):
    """A document could not be read or processed: names the file and the reason.

    ``str(err)`` is one line, e.g. ``corpus/x.pdf: encrypted PDF (password required)``.
    """

    def __init__(self, path: str | Path, reason: str) -> None:
        self.path = str(path)
        self.reason = reason
        super().__init__(f"{self.path}: {reason}")
