"""The one error type a user sees for a document that cannot be processed."""

from __future__ import annotations

import re
from pathlib import Path


class DocumentError(Exception):
    """A document could not be read or processed: names the file and the reason.

    ``str(err)`` is one line, e.g. ``corpus/x.pdf: encrypted PDF (password required)``.
    """

    def __init__(self, path: str | Path, reason: str) -> None:
        self.path = str(path)
        # One line whatever a library put in its message (lxml ends some with a newline and more).
        self.reason = " ".join(line.strip() for line in reason.splitlines() if line.strip())
        super().__init__(f"{self.path}: {self.reason}")


# A reason that says what to install, "... (install: apt-get install tesseract-ocr ...)" or
# "...; install: apt-get install libreoffice-writer-nogui", as readers that need a system tool
# word it: the document is fine, the machine lacks the tool.
INSTALL_MARK = re.compile(r"(?:^|[(;,]\s*)install: ")


def needs_install(reason: str) -> bool:
    """Whether a DocumentError reason is a missing system tool rather than bad input."""
    return INSTALL_MARK.search(reason) is not None
