"""One document, three formats: the .txt seed, its Word original and the PDF of it agree.

The outline (paths and kinds), the words of every target-list and assignment
section, and the appendix table must not depend on which file was read, or
extraction results would change with the format a commune happened to publish.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

import pytest

from pipeline.model import Document, Outline
from pipeline.normalize import compare_key
from pipeline.readers import read
from pipeline.structure import build_outline

CORPUS = Path(__file__).resolve().parent.parent / "corpus"
SEEDS = ["thai-tan-ctr-2025", "ha-dong-18-ctr-2026"]
FORMATS = ["docx", "pdf"]  # each compared with the .txt seed
LIST_KINDS = ("target_list", "assignment")


@cache
def _read(stem: str, fmt: str) -> tuple[Document, Outline]:
    doc = read(CORPUS / f"{stem}.{fmt}")
    return doc, build_outline(doc)


def _list_section_texts(doc: Document, outline: Outline) -> dict[str, str]:
    """compare_key of the joined text of every target-list/assignment section."""
    texts = {}
    for s in outline.sections:
        if s.kind in LIST_KINDS:
            words = " ".join(b.text for b in doc.blocks if b.kind != "table" and s.start <= b.start < s.end)
            texts[s.path] = compare_key(words)
    return texts


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("stem", SEEDS)
def test_outline_paths_and_kinds_agree(stem, fmt):
    _, txt_outline = _read(stem, "txt")
    _, outline = _read(stem, fmt)
    assert [(s.path, s.kind) for s in outline.sections] == [(s.path, s.kind) for s in txt_outline.sections]


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("stem", SEEDS)
def test_target_list_sections_say_the_same(stem, fmt):
    expected = _list_section_texts(*_read(stem, "txt"))
    found = _list_section_texts(*_read(stem, fmt))
    assert len(expected) > 20  # both seeds have dozens of list items
    assert found.keys() == expected.keys()
    for path, text in expected.items():
        assert found[path] == text, f"{stem}.{fmt}: section {path} differs"


@pytest.mark.parametrize("fmt", ["txt", *FORMATS])
def test_appendix_table_has_the_same_shape(fmt):
    doc, outline = _read("ha-dong-18-ctr-2026", fmt)
    tables = [b for b in doc.blocks if b.kind == "table"]
    assert len(tables) == 1
    table = tables[0]
    assert outline.section_at(table.start).kind == "appendix"
    assert table.header_rows == 1
    assert len(table.rows[0]) == 7
    body = table.rows[1:]
    groups = [r for r in body if len(r) == 1]
    assert [compare_key(g[0].text).split(".")[0] for g in groups] == ["i", "ii", "iii"]
    assert all(g[0].colspan == 7 for g in groups)
    assert sum(1 for r in body if len(r) == 7) == 11
    assert len(groups) + 11 == len(body)


@pytest.mark.parametrize("fmt", FORMATS)
def test_appendix_cells_say_the_same(fmt):
    def cells(doc: Document) -> list[list[str]]:
        table = next(b for b in doc.blocks if b.kind == "table")
        # the header's first cell is written "ST T" in the seed and "STT" in Word: compare without spaces
        return [
            [compare_key(c.text).replace(" ", "") if r == 0 else compare_key(c.text) for c in row]
            for r, row in enumerate(table.rows)
        ]

    assert cells(_read("ha-dong-18-ctr-2026", fmt)[0]) == cells(_read("ha-dong-18-ctr-2026", "txt")[0])
