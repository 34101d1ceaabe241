"""pipeline/renderings.py, and the seeds made by other hands reading as their text does."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

import pipeline
from pipeline.nlp.metadata import extract_metadata
from pipeline.normalize import compare_key
from pipeline.readers import read
from pipeline.renderings import (
    WAYS,
    RenderError,
    find_signature,
    render,
    signature_lines,
    source_blocks,
    wrap_cell,
)

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "corpus"
RENDERINGS = Path(__file__).resolve().parent / "data" / "renderings"
SEEDS = ["ha-dong-18-ctr-2026", "thai-tan-ctr-2025"]
COMMITTED = sorted(RENDERINGS.glob("*.docx")) + sorted(RENDERINGS.glob("*.pdf"))


def test_each_format_has_the_projects_way_first_and_an_independent_one():
    for fmt in ("docx", "pdf"):
        assert WAYS[fmt][0] == "project" and len(WAYS[fmt]) >= 2


def test_every_independent_way_of_every_seed_is_committed():
    names = {p.name for p in COMMITTED}
    for stem in SEEDS:
        for fmt, ways in WAYS.items():
            for way in ways[1:]:
                assert f"{stem}.{way}.{fmt}" in names


def test_unknown_ways_and_missing_tools_are_clear_errors(tmp_path, monkeypatch):
    seed = CORPUS / f"{SEEDS[0]}.txt"
    with pytest.raises(RenderError, match="unknown docx way 'scanner'"):
        render(seed, "docx", "scanner", tmp_path)
    with pytest.raises(RenderError, match="unknown format"):
        render(seed, "odt", "plain", tmp_path)
    monkeypatch.setattr(shutil, "which", lambda name: None)
    with pytest.raises(RenderError, match="pandoc is needed"):
        render(seed, "docx", "pandoc", tmp_path)
    with pytest.raises(RenderError, match="soffice is needed"):
        render(seed, "pdf", "plain", tmp_path)


def test_the_plain_way_is_deterministic_and_cached(tmp_path):
    seed = CORPUS / f"{SEEDS[0]}.txt"
    first = render(seed, "docx", "plain", tmp_path / "a").read_bytes()
    again = render(seed, "docx", "plain", tmp_path / "b")
    assert again.read_bytes() == first
    assert again.name == f"{SEEDS[0]}.plain.docx"
    assert (RENDERINGS / again.name).read_bytes() == first  # the committed one is current
    mtime = again.stat().st_mtime_ns
    assert render(seed, "docx", "plain", tmp_path / "b").stat().st_mtime_ns == mtime


def test_a_narrow_header_column_wraps_words_it_cannot_hold():
    assert wrap_cell("STT", 2) == ["ST", "T"]
    assert wrap_cell("Đơn vị tính", 7) == ["Đơn vị", "tính"]


def test_the_signature_block_is_found_with_its_recipients():
    blocks = source_blocks(CORPUS / f"{SEEDS[0]}.txt")
    sig = find_signature(blocks)
    assert sig is not None and sig.recipients is not None
    assert compare_key(blocks[sig.recipients[0]].text).startswith("nơi nhận")
    assert signature_lines(blocks, sig.signature) == ["T/M BAN CHẤP HÀNH", "BÍ THƯ", "Vũ Đức Hạnh"]


@pytest.mark.parametrize("path", COMMITTED, ids=lambda p: p.name)
def test_metadata_is_right_from_every_rendering(path, read_gold):
    stem = path.name.split(".")[0]
    gold = read_gold(stem)["metadata"]
    meta = extract_metadata(read(path))
    for field in ("number", "date", "term", "signer"):
        assert meta[field] == gold[field], field
    assert compare_key(meta["issuer"]) == compare_key(gold["issuer"])
    assert [r["number"] for r in meta["replaces"]] == [r["number"] for r in gold["replaces"]]


def _targets(path: Path) -> list[tuple[str, float | None, float | None, float | None]]:
    out = pipeline.extract_file(path)
    return sorted((" ".join(t["text"].split()), t["value"], t["low"], t["high"]) for t in out["targets"])


@pytest.mark.parametrize("stem", SEEDS)
@pytest.mark.parametrize("way", WAYS["docx"][1:])
def test_word_files_made_another_way_give_the_targets_of_the_text(stem, way):
    assert _targets(RENDERINGS / f"{stem}.{way}.docx") == _targets(CORPUS / f"{stem}.txt")
