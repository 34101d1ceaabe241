"""Scoring as ANNOTATION.md says (pipeline/evaluate.py)."""

import argparse
from pathlib import Path

from pipeline.evaluate import admissible, find_inputs, run, same_body, score_document

ROOT = Path(__file__).resolve().parents[1]


def pred(text, **kw):
    t = {
        "text": text, "value": None, "low": None, "high": None, "unit": None, "comparator": None,
        "direction": "level", "timeframe": None, "responsible": {"lead": [], "advisor": [], "support": []},
    }
    t.update(kw)
    return t


def gold(key, tier="list", **kw):
    g = {"key": key, "quote": key, "value": None, "low": None, "high": None, "unit": None, "comparator": None,
         "direction": "level", "timeframe": None, "lead": None, "tier": tier, "section": "x"}
    g.update(kw)
    return g


def test_key_is_compared_after_tone_and_case_folding():
    assert admissible(pred("Tỷ lệ tham gia BẢO HIỂM Y TẾ đạt 95%", value=95.0), gold("bảo hiểm y tế", value=95.0))
    assert admissible(pred("Công tác thuỷ lợi  nội đồng"), gold("thủy lợi nội đồng"))


def test_numbers_must_agree_where_gold_has_them():
    assert not admissible(pred("tỷ lệ hộ nghèo giảm 2%", value=2.0), gold("hộ nghèo", value=3.0))
    assert admissible(pred("tăng 8-10%", low=8.0, high=10.0), gold("tăng", low=8.0, high=10.0))
    assert not admissible(pred("tăng 8-10%", low=8.0, high=11.0), gold("tăng", low=8.0, high=10.0))


def test_one_to_one_matching_prefers_the_pair_whose_fields_agree():
    golds = [gold("90% chi bộ", value=90.0), gold("90% chi bộ", value=90.0, lead="UBND xã")]
    preds = [
        pred("90% chi bộ (phụ lục)", value=90.0, responsible={"lead": [{"text": "Ủy ban nhân dân xã"}]}),
        pred("90% chi bộ", value=90.0),
    ]
    sc = score_document({"targets": preds}, {"targets": golds})
    assert (sc.matched, sc.false_positives) == (2, 0)
    assert sc.fields["lead"] == [1, 1]


def test_recall_precision_and_optional():
    golds = [gold("a b c"), gold("d e f", tier="prose"), gold("g h i", tier="optional")]
    preds = [pred("x a b c"), pred("g h i y"), pred("nothing here")]
    sc = score_document({"targets": preds}, {"targets": golds})
    assert (sc.gold, sc.matched, sc.false_positives, sc.optional_matched) == (2, 1, 1, 1)
    assert sc.recall == 0.5 and sc.precision == 0.5


def test_field_accuracy_counts_only_scored_units():
    golds = [gold("trồng rừng", value=5.0, unit="mô hình"), gold("tỷ lệ", value=5.0, unit="%")]
    preds = [pred("trồng rừng", value=5.0, unit="khu"), pred("tỷ lệ", value=5.0, unit="km")]
    sc = score_document({"targets": preds}, {"targets": golds})
    assert sc.fields["unit"] == [0, 1]


def test_body_names_match_after_expanding_abbreviations():
    assert same_body([{"text": "Ủy ban nhân dân xã"}], "UBND xã")
    assert same_body([{"text": "Uỷ ban MTTQ Việt Nam xã"}], "Ủy ban Mặt trận Tổ quốc Việt Nam xã")
    assert not same_body([{"text": "Công an xã"}], "Ban Chỉ huy Quân sự xã")


def test_inputs_skip_scanned_and_need_gold():
    found = find_inputs([str(ROOT / "corpus")], ROOT / "tests" / "gold")
    assert found and all("scanned" not in p.parts for p in found)
    assert {p.suffix for p in found} >= {".txt"}


def test_run_prints_scores(capsys):
    args = argparse.Namespace(
        inputs=[str(ROOT / "corpus" / "ha-dong-18-ctr-2026.txt")], gold=str(ROOT / "tests" / "gold"),
        json=False, verbose=True,
    )
    assert run(args) == 0
    out = capsys.readouterr().out
    assert "recall=" in out and "OVERALL" in out and "metadata:" in out
