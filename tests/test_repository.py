"""The repository quotes no one else's text.

The dev documents (../shared/dev/docs) are other people's texts: read in place, never copied.
A run of 12 words that the repository shares with one of them, and that the seeds (ours to
quote) do not have, is an excerpt: a test input, a docstring or a data entry copied from it.
Shorter runs are the language every such document shares (indicator names, "Cộng hòa xã hội
chủ nghĩa Việt Nam", "chủ trì, phối hợp với các sở, ngành"). The shared folder is ../shared beside
the repository, as for the reference scorer (tests/test_evaluate.py).
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
DEV_DOCS = SHARED / "dev" / "docs"
SEEDS = SHARED / "seeds"
RUN = 12  # words in a row that make an excerpt
SCANNED = ["tests", "pipeline", "bench", "scripts", "docs", "schemas", "README.md"]
SKIPPED = {
    ".venv",
    "outputs",
    ".git",
    "__pycache__",
    ".pytest_cache",
    ".ruff_cache",
    ".mypy_cache",
    ".cache",
}
_WORD = re.compile(r"\w+")


def words(text: str) -> list[str]:
    """The words of a text as the comparison sees them: NFC, case folded, \\w+ runs."""
    folded = unicodedata.normalize("NFC", unicodedata.normalize("NFC", text).casefold())
    return _WORD.findall(folded)


def shingles(ws: list[str]) -> list[tuple[str, ...]]:
    return [tuple(ws[i : i + RUN]) for i in range(len(ws) - RUN + 1)]


@lru_cache(maxsize=1)
def others_runs() -> dict[tuple[str, ...], str]:
    """Every run of RUN words of a dev document that no seed has, with the document it is from."""
    ours = {
        s
        for p in sorted(SEEDS.iterdir())
        if p.is_file()
        for s in shingles(words(p.read_text(errors="ignore")))
    }
    found: dict[tuple[str, ...], str] = {}
    for p in sorted(DEV_DOCS.iterdir()):
        if p.is_file():
            for s in shingles(words(p.read_text(errors="ignore"))):
                if s not in ours:
                    found.setdefault(s, p.name)
    return found


def text_files(top: Path) -> list[Path]:
    """The repository's text files under ``top`` (a file or a folder): no venv, outputs, caches, binaries."""
    paths = [top] if top.is_file() else sorted(p for p in top.rglob("*") if p.is_file())
    out = []
    for p in paths:
        if SKIPPED.intersection(p.relative_to(ROOT).parts):
            continue
        data = p.read_bytes()
        if b"\0" in data[:8192]:
            continue
        try:
            data.decode("utf-8")
        except UnicodeDecodeError:
            continue
        out.append(p)
    return out


def excerpts(text: str, theirs: dict[tuple[str, ...], str]) -> list[tuple[str, str]]:
    """The runs of ``text`` (as joined words) of RUN words or more that a dev document has, with its name."""
    ws = words(text)
    hits = [i for i, s in enumerate(shingles(ws)) if s in theirs]
    runs: list[tuple[str, str]] = []
    start = prev = None
    for i in [*hits, None]:
        if start is not None and (i is None or i > prev + 1):
            runs.append((" ".join(ws[start : prev + RUN]), theirs[tuple(ws[start : start + RUN])]))
            start = None
        if i is not None:
            start = i if start is None else start
            prev = i
    return runs


def test_a_run_of_their_words_is_found_and_one_word_changed_breaks_it():
    theirs = {tuple(f"w{k}" for k in range(i, i + RUN)): "their.md" for i in range(0, 20 - RUN + 1)}
    quoted = "Ours. " + " ".join(f"W{k}" for k in range(3, 18)) + ", ours."
    assert excerpts(quoted, theirs) == [(" ".join(f"w{k}" for k in range(3, 18)), "their.md")]
    broken = " ".join(f"w{k}" if k != 9 else "ours" for k in range(20))
    assert excerpts(broken, theirs) == []


@pytest.mark.skipif(
    not DEV_DOCS.is_dir() or not SEEDS.is_dir(), reason="../shared (dev documents, seeds) is not here"
)
@pytest.mark.parametrize("top", SCANNED)
def test_no_excerpt_of_a_dev_document(top):
    theirs = others_runs()
    found = [
        f"{p.relative_to(ROOT)}: '{run}' (from {doc})"
        for p in text_files(ROOT / top)
        for run, doc in excerpts(p.read_text(encoding="utf-8"), theirs)
    ]
    if found:
        pytest.fail(f"{len(found)} excerpts of dev documents in {top}:\n" + "\n".join(found), pytrace=False)
