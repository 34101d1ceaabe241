"""Scoring as the contract says (pipeline/evaluate.py), figure for figure with the reference scorer."""

import argparse
import importlib.util
import json
from pathlib import Path

import pytest

from pipeline.evaluate import (
    find_inputs,
    held_out_ids,
    run,
    same_body,
    score_document,
    scorer_key,
    summarize,
)
from pipeline.export import write_json
from pipeline.extract import extract_file

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
REFERENCE = SHARED / "tools" / "score.py"
DEV = SHARED / "dev"


def pred(text, **kw):
    t = {
        "text": text, "value": None, "low": None, "high": None, "unit": None, "comparator": None,
        "direction": "level", "timeframe": None, "responsible": {"lead": [], "advisor": [], "support": []},
    }  # fmt: skip
    t.update(kw)
    return t


def gold(key, tier="list", **kw):
    g = {"key": key, "quote": key, "value": None, "low": None, "high": None, "unit": None, "comparator": None,
         "direction": "level", "timeframe": None, "lead": None, "tier": tier, "section": "x"}  # fmt: skip
    g.update(kw)
    return g


def test_keys_are_compared_with_markup_and_cell_bars_read_as_spaces():
    assert scorer_key("**Nhóm hàng thủy sản** | | **128.500**") == "nhóm hàng thủy sản 128.500"
    assert scorer_key("Công tác thuỷ lợi  nội đồng") == scorer_key("công tác thủy lợi nội đồng")


def test_a_key_may_be_found_in_the_quote_of_the_item():
    """The gold key of a rate after a comma names the figure before it ("27,8 triệu USD, tốc độ tăng")."""
    g = [gold("27,8 triệu USD, tốc độ tăng", low=7.0, high=9.0)]
    p = [pred("tốc độ tăng bình quân 07 - 09%/năm", low=7.0, high=9.0,
              source={"quote": "kim ngạch đạt trên 27,8 triệu USD, tốc độ tăng bình quân 07 - 09%/năm"})]
    assert score_document({"targets": p}, {"targets": g}).matched == 1


def test_numbers_must_agree_where_gold_has_them():
    g = [gold("hộ nghèo", value=3.0), gold("tăng", low=8.0, high=10.0)]
    p = [pred("tỷ lệ hộ nghèo giảm 2%", value=2.0), pred("tăng 8-10%", low=8.0, high=10.0)]
    sc = score_document({"targets": p}, {"targets": g})
    assert (sc.matched, sc.counted) == (1, 2)


def test_recall_precision_optional_and_a_document_without_targets():
    g = [gold("a b c"), gold("d e f", tier="prose"), gold("g h i", tier="optional")]
    p = [pred("x a b c"), pred("g h i y"), pred("nothing here")]
    sc = score_document({"targets": p}, {"targets": g})
    assert (sc.required, sc.matched, sc.optional_matched, sc.counted) == (2, 1, 1, 2)
    assert sc.recall == 0.5 and sc.precision == 0.5
    empty = score_document({"targets": [pred("một số"), pred("hai")]}, {"targets": []})
    assert empty.document_f1 == pytest.approx(1 / 3)


def test_field_accuracy_counts_only_scored_units_and_named_leads():
    g = [gold("trồng rừng", value=5.0, unit="mô hình"), gold("tỷ lệ", value=5.0, unit="%", lead="UBND xã")]
    p = [pred("trồng rừng", value=5.0, unit="khu"),
         pred("tỷ lệ", value=5.0, unit="km", responsible={"lead": [{"text": "Ủy ban nhân dân xã"}]})]
    sc = score_document({"targets": p}, {"targets": g})
    assert sc.fields["unit"] == [0, 1] and sc.fields["lead"] == [1, 1]


def test_body_names_match_after_expanding_abbreviations():
    assert same_body("Ủy ban nhân dân xã", "UBND xã")
    assert same_body("Uỷ ban MTTQ Việt Nam xã", "Ủy ban Mặt trận Tổ quốc Việt Nam xã")
    assert not same_body("Công an xã", "Ban Chỉ huy Quân sự xã")


def test_the_check_third_is_drawn_by_hash_within_each_genre(tmp_path):
    for i, genre in enumerate(["news"] * 6 + ["plan"] * 3 + ["decision"]):
        (tmp_path / f"doc-{i}.json").write_text(json.dumps({"genre": genre, "targets": []}), encoding="utf-8")
    held = held_out_ids(tmp_path)
    assert len(held) == 2 + 1 + 1  # every third of each genre, at least one of each
    assert held == held_out_ids(tmp_path)


def test_inputs_skip_scanned_and_need_gold():
    found = find_inputs([ROOT / "corpus"], ROOT / "tests" / "gold")
    assert found and all("scanned" not in p.parts for p in found)
    assert {p.suffix for p in found} >= {".txt", ".docx", ".pdf"}


def test_the_report_names_every_set(capsys):
    args = argparse.Namespace(inputs=[str(ROOT / "corpus" / "ha-dong-18-ctr-2026.txt")], gold=str(ROOT / "tests" / "gold"),
                              dev=None, json=False, verbose=True, show_check=False)  # fmt: skip
    assert run(args) == 0
    out = capsys.readouterr().out
    assert "seeds: 1 documents  F1 1.000" in out and "by genre" in out and "fields" in out


def _reference():
    spec = importlib.util.spec_from_file_location("reference_score", REFERENCE)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.mark.skipif(not REFERENCE.is_file(), reason="the reference scorer (shared/tools/score.py) is not here")
def test_agrees_with_the_reference_scorer(tmp_path, capsys):
    """Both scorers on the same outputs: the seeds and, where it is, a spread of the dev set."""
    docs = [(ROOT / "corpus" / f"{d}.txt", ROOT / "tests" / "gold") for d in ("ha-dong-18-ctr-2026", "thai-tan-ctr-2025")]
    if DEV.is_dir():
        docs += [(p, DEV / "gold") for p in sorted((DEV / "docs").iterdir()) if p.stem in DEV_SAMPLE]
    for gold_dir in {g for _, g in docs}:
        out = tmp_path / gold_dir.parent.name
        out.mkdir()
        scored = []
        for path, g in docs:
            if g != gold_dir:
                continue
            result = extract_file(path)
            write_json(result, out / f"{path.stem}.json")
            gold_doc = json.loads((gold_dir / f"{path.stem}.json").read_text(encoding="utf-8"))
            scored.append((path.stem, gold_doc.get("genre", "program"), score_document(result, gold_doc)))
        argv = ["score.py", str(gold_dir), str(out), *[a for s, *_ in scored for a in ("--doc", s)], "--json"]
        _reference().main(argv)
        theirs = json.loads(capsys.readouterr().out)["summary"]
        ours = summarize([_as_scored(doc, genre, sc) for doc, genre, sc in scored])
        for name in ("f1", "recall", "precision", "fields", "meta"):
            assert ours[name] == theirs[name], name
        assert ours["mean_f1"] == theirs["macro_f1"]
        assert ours["genre_mean_f1"] == theirs["genre_macro_f1"]
        assert ours["per_field"] == theirs["per_field"]


DEV_SAMPLE = {"son-la-qd-2954-xuat-khau-2026-2030", "quoc-hoi-nq-ke-hoach-ktxh-2026", "hai-phong-qd-xep-loai-can-bo",
              "can-tho-kh-165-dan-so-2025", "xa-vinh-trach-dai-hoi-2020"}  # fmt: skip


def _as_scored(doc, genre, sc):
    from pipeline.evaluate import Scored

    return Scored(doc=doc, path=Path(doc), rendering="txt", genre=genre, held_out=False, score=sc)
