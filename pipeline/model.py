"""The data each stage hands to the next.

readers -> RawDocument -> normalize -> Document -> structure -> Outline
        -> nlp components / targets -> ProgramResult -> export (JSON)

Every span below is a pair of character offsets into ``Document.text``, the one
canonical (NFC, tidied) text of a document. It is never rewritten after
normalisation, so ``doc.text[span.start:span.end]`` always gives back the span.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

BlockKind = Literal["heading", "paragraph", "list_item", "table"]
SourceFormat = Literal["pdf", "docx", "doc", "rtf", "odt", "txt"]


# --- what a reader returns -------------------------------------------------


@dataclass(kw_only=True)
class RawCell:
    """One table cell as the reader found it (merged cells appear once)."""

    text: str
    row: int
    col: int
    rowspan: int = 1
    colspan: int = 1


@dataclass(kw_only=True)
class RawBlock:
    """A block before normalisation: text is as extracted, with its visible label.

    ``label`` is the numbering the reader saw or rendered ("1.", "a)", "(3)", "-");
    it is also the first thing in ``text``, so the text reads as on the page.
    """

    kind: BlockKind
    text: str = ""
    page: int | None = None
    label: str | None = None
    rows: list[list[RawCell]] | None = None  # tables only
    header_rows: int = 0  # tables: how many leading rows are the header


@dataclass(kw_only=True)
class SourceInfo:
    path: str
    format: SourceFormat
    sha256: str
    pages: int | None = None


@dataclass(kw_only=True)
class PageQuality:
    """Per-page text-layer health, so a broken PDF page never passes silently."""

    page: int
    ok: bool
    reasons: list[str] = field(default_factory=list)


@dataclass(kw_only=True)
class RawDocument:
    source: SourceInfo
    blocks: list[RawBlock]
    page_quality: list[PageQuality] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


# --- what normalisation returns --------------------------------------------


@dataclass(kw_only=True)
class Cell:
    text: str
    start: int
    end: int
    row: int
    col: int
    rowspan: int = 1
    colspan: int = 1


@dataclass(kw_only=True)
class Block:
    """A block of the canonical text. ``text == document.text[start:end]``."""

    index: int
    kind: BlockKind
    text: str
    start: int
    end: int
    page: int | None = None
    label: str | None = None
    rows: list[list[Cell]] | None = None
    header_rows: int = 0


@dataclass(kw_only=True)
class Document:
    source: SourceInfo
    text: str  # canonical: NFC, tidied; never rewritten afterwards
    key: str  # match key, same length as ``text`` (see normalize.match_key)
    blocks: list[Block]
    page_quality: list[PageQuality] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    @property
    def id(self) -> str:
        from pathlib import Path

        return Path(self.source.path).stem


# --- what structure returns -------------------------------------------------

SectionKind = Literal[
    "preamble",
    "review",  # assessment of the past term: its figures report, they do not commit
    "purpose",
    "objectives",
    "target_list",
    "assignment",
    "tasks",
    "schemes",
    "key_works",
    "breakthroughs",
    "resources",
    "organisation",
    "appendix",
    "closing",
    "other",
]


@dataclass(kw_only=True)
class Section:
    """A numbered part of the document and everything under it."""

    path: str  # e.g. "B.I.2.1" (labels from the root, dot-joined, trailing dots dropped)
    label: str  # as written: "2.1.", "II.", "(3)"
    title: str
    kind: SectionKind
    level: int
    start: int  # heading start
    end: int  # end of the last block under it
    heading_block: int  # index into Document.blocks
    parent: int | None = None  # index into Outline.sections
    children: list[int] = field(default_factory=list)


@dataclass(kw_only=True)
class Outline:
    sections: list[Section]

    def section_at(self, offset: int) -> Section | None:
        """The innermost section whose span contains ``offset``."""
        best: Section | None = None
        for s in self.sections:
            if s.start <= offset < s.end and (best is None or s.level >= best.level):
                best = s
        return best
