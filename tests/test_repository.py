"""The repository quotes no one else's text.

The dev documents (../shared/dev/docs) and the province office's files (../shared/real) are
other people's texts: read in place, never copied, nor rendered into a committed PDF or Word file.
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
REAL = SHARED / "real"
SEEDS = SHARED / "seeds"
RUN = 12  # words in a row that make an excerpt
SCANNED = ["tests", "pipeline", "bench", "scripts", "docs", "schemas", "README.md"]
DOCUMENTS = ["tests", "corpus"]  # where committed PDF and Word files are
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
    theirs = [p for folder in (DEV_DOCS, REAL) if folder.is_dir() for p in sorted(folder.iterdir()) if p.is_file()]
    for p in theirs:
        for s in shingles(words(document_text(p))):
            if s not in ours:
                found.setdefault(s, p.name)
    return found


def document_text(path: Path) -> str:
    """The words a file shows: the text layer of a PDF, the paragraphs and cells of a Word file,
    else the file read as text (a scan or an old .doc gives little: nothing to quote from it)."""
    suffix = path.suffix.lower()
    try:
        if suffix == ".pdf":
            import pypdfium2 as pdfium

            pdf = pdfium.PdfDocument(str(path))
            try:
                return "\n".join(page.get_textpage().get_text_range() for page in pdf)
            finally:
                pdf.close()
        if suffix == ".docx":
            import docx

            d = docx.Document(str(path))
            cells = [c.text for t in d.tables for row in t.rows for c in row.cells]
            return "\n".join([p.text for p in d.paragraphs] + cells)
    except Exception:
        return ""
    return path.read_text(errors="ignore") if suffix in (".txt", ".md") else ""


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


@pytest.mark.skipif(
    not DEV_DOCS.is_dir() or not SEEDS.is_dir(), reason="../shared (dev documents, seeds) is not here"
)
@pytest.mark.parametrize("top", DOCUMENTS)
def test_no_committed_pdf_or_word_file_holds_their_text(top):
    theirs = others_runs()
    files = sorted(p for p in (ROOT / top).rglob("*") if p.suffix.lower() in (".pdf", ".docx"))
    found = [
        f"{p.relative_to(ROOT)}: '{run[:120]}' (from {doc})"
        for p in files
        if not SKIPPED.intersection(p.relative_to(ROOT).parts)
        for run, doc in excerpts(document_text(p), theirs)
    ]
    if found:
        pytest.fail(f"{len(found)} excerpts of other people's texts in {top}:\n" + "\n".join(found), pytrace=False)
