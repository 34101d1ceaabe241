"""Analyst tables: the JSON outputs as typed DataFrames, Parquet and Excel-friendly CSV."""

from __future__ import annotations

import json
import math
from pathlib import Path

import pandas as pd
import pytest

import pipeline
from pipeline.tables import TABLE_NAMES, VERDICTS, build_tables, load, read_results, write_tables

ROOT = Path(__file__).resolve().parents[1]
CORPUS = sorted((ROOT / "corpus").glob("*.txt"))


@pytest.fixture(scope="module")
def outputs(tmp_path_factory) -> Path:
    """The corpus extracted into a folder of JSON outputs, as `chitieu extract` leaves it."""
    from pipeline.extract import extract_file

    out = tmp_path_factory.mktemp("outputs")
    for path in CORPUS:
        result = extract_file(path)
        (out / f"{path.stem}.json").write_text(
            json.dumps(result, ensure_ascii=False, indent=2), encoding="utf-8"
        )
    (out / "manifest.json").write_text('{"files": []}', encoding="utf-8")  # not an output: skipped
    return out


@pytest.fixture(scope="module")
def results(outputs) -> list[dict]:
    return [json.loads(p.read_text(encoding="utf-8")) for p in sorted(outputs.glob("*-*.json"))]


@pytest.fixture(scope="module")
def tables(outputs):
    return load(outputs)


def test_load_is_the_package_entry_point(outputs):
    assert pipeline.load is load


def test_row_counts_match_the_json(tables, results):
    assert len(tables.documents) == len(results) == len(CORPUS)
    for name, key in [
        ("targets", "targets"),
        ("rejected", "rejected"),
        ("schemes", "schemes"),
        ("references", "references"),
        ("warnings", "warnings"),
    ]:
        df = getattr(tables, name)
        for r in results:
            doc_id = r["document"]["id"]
            assert (df["doc_id"] == doc_id).sum() == len(r[key]), (name, doc_id)
    n = tables.documents.set_index("doc_id")["n_targets"]
    assert n.to_dict() == {r["document"]["id"]: len(r["targets"]) for r in results}
    n = tables.documents.set_index("doc_id")["n_rejected"]
    assert n.to_dict() == {r["document"]["id"]: len(r["rejected"]) for r in results}


@pytest.mark.parametrize(
    ("table", "column", "dtype"),
    [
        ("targets", "value", "Float64"),
        ("targets", "low", "Float64"),
        ("targets", "high", "Float64"),
        ("targets", "year", "Int64"),
        ("targets", "start", "Int64"),
        ("targets", "end", "Int64"),
        ("targets", "page", "Int64"),
        ("targets", "tier", "category"),
        ("targets", "indicator_code", "category"),
        ("targets", "sector", "category"),
        ("targets", "comparator", "category"),
        ("targets", "direction", "category"),
        ("targets", "timeframe_kind", "category"),
        ("targets", "unit", "category"),
        ("targets", "text", "string"),
        ("targets", "indicator", "string"),
        ("documents", "date", "datetime64[us]"),
        ("documents", "term_start", "Int64"),
        ("documents", "format", "category"),
        ("references", "date", "datetime64[us]"),
        ("rejected", "verdict", "category"),
        ("rejected", "text", "string"),
        ("rejected", "reason", "string"),
        ("rejected", "char_start", "Int64"),
        ("rejected", "page", "Int64"),
        ("warnings", "kind", "category"),
        ("bodies", "mentions", "Int64"),
    ],
)
def test_columns_have_proper_dtypes(tables, table, column, dtype):
    assert str(getattr(tables, table)[column].dtype) == dtype


@pytest.mark.parametrize(
    ("table", "column"),
    [
        ("targets", "lead"),
        ("targets", "support"),
        ("targets", "flags"),
        ("schemes", "lead"),
        ("bodies", "variants"),
        ("documents", "replaces"),
        ("warnings", "sources"),
    ],
)
def test_lists_stay_lists(tables, table, column):
    assert all(isinstance(v, list) for v in getattr(tables, table)[column])


def test_every_target_row_is_its_json_target(tables, results):
    rows = tables.targets.set_index(["doc_id", "target_id"])
    for r in results:
        for t in r["targets"]:
            row = rows.loc[(r["document"]["id"], t["id"])]
            assert row["text"] == t["text"] == r["text"][t["source"]["start"] : t["source"]["end"]]
            for col in ("value", "low", "high"):
                assert (pd.isna(row[col]) and t[col] is None) or math.isclose(row[col], t[col])
            assert (row["indicator_code"] if pd.notna(row["indicator_code"]) else None) == t.get(
                "indicator_code"
            )
            assert (row["timeframe_kind"] if pd.notna(row["timeframe_kind"]) else None) == (
                t["timeframe"] or {}
            ).get("kind")


def test_rejected_rows_quote_the_text_at_their_offsets(tables, results):
    texts = {r["document"]["id"]: r["text"] for r in results}
    assert len(tables.rejected) == sum(len(r["rejected"]) for r in results) > 0  # the corpus has some
    for row in tables.rejected.itertuples():
        assert row.text == texts[row.doc_id][row.char_start : row.char_end]
        assert row.reason  # every rejected candidate says why


def test_rejected_verdicts_are_the_schema_enumeration(tables):
    from pipeline.export import load_schema

    allowed = load_schema()["$defs"]["Rejected"]["properties"]["verdict"]["enum"]
    assert list(tables.rejected["verdict"].cat.categories) == allowed == VERDICTS
    assert tables.rejected["verdict"].notna().all()


def test_rejected_joins_to_documents(tables):
    joined = tables.rejected.merge(tables.documents, on="doc_id", how="left", validate="many_to_one")
    assert len(joined) == len(tables.rejected) and joined["title"].notna().all()
    per_doc = tables.rejected.groupby("doc_id").size()
    assert per_doc.to_dict() == tables.documents.set_index("doc_id")["n_rejected"].to_dict()


def test_outputs_from_before_rejected_candidates_still_load(results, tmp_path):
    for r in results:  # JSON outputs written before the target stage kept its rejected candidates
        old = {k: v for k, v in r.items() if k != "rejected"}
        (tmp_path / f"{r['document']['id']}.json").write_text(
            json.dumps(old, ensure_ascii=False), encoding="utf-8"
        )
    tables = load(tmp_path)
    assert len(tables.targets) == sum(len(r["targets"]) for r in results)
    assert len(tables.rejected) == 0 and str(tables.rejected["verdict"].dtype) == "category"
    assert (tables.documents["n_rejected"] == 0).all()


def test_target_bodies_are_registry_ids(tables):
    known = set(tables.bodies["body_id"])
    assert tables.bodies["body_id"].is_unique
    for col in ("lead", "advisor", "support"):
        for ids in tables.targets[col]:
            assert set(ids) <= known


def test_write_tables_writes_parquet_and_excel_csv(tables, outputs, tmp_path):
    written = write_tables(outputs, tmp_path / "tables")
    assert sorted(p.name for p in written) == sorted(
        f"{n}.{ext}" for n in TABLE_NAMES for ext in ("parquet", "csv")
    )
    for name, df in tables.items():
        back = pd.read_parquet(tmp_path / "tables" / f"{name}.parquet")
        assert len(back) == len(df)
        assert back.dtypes.astype(str).to_dict() == df.dtypes.astype(str).to_dict(), name
        raw = (tmp_path / "tables" / f"{name}.csv").read_bytes()
        assert raw.startswith(b"\xef\xbb\xbf")  # BOM: Excel reads the file as UTF-8
        csv = pd.read_csv(tmp_path / "tables" / f"{name}.csv", encoding="utf-8-sig")
        assert len(csv) == len(df) and list(csv.columns) == list(df.columns)
    csv = pd.read_csv(tmp_path / "tables" / "targets.csv", encoding="utf-8-sig")
    assert csv["text"].tolist() == tables.targets["text"].tolist()  # Vietnamese round-trips


def test_load_one_json_file(outputs, results):
    one = load(outputs / f"{CORPUS[0].stem}.json")
    assert len(one.documents) == 1 and len(one.targets) == len(results[0]["targets"])


def test_empty_input_gives_typed_empty_tables():
    empty = build_tables([])
    assert all(len(df) == 0 for _, df in empty.items())
    assert str(empty.targets["value"].dtype) == "Float64"


def test_bad_paths_fail_with_a_clear_error(tmp_path):
    with pytest.raises(FileNotFoundError, match="no such file"):
        read_results(tmp_path / "missing")
    bad = tmp_path / "x.json"
    bad.write_text("[1, 2]", encoding="utf-8")
    with pytest.raises(ValueError, match="not a chitieu output"):
        read_results(bad)


def test_same_stem_inputs_are_different_documents_and_every_table_joins(tmp_path):
    """One program as pdf, docx and txt, and two communes' plan.txt: four documents, four keys."""
    import shutil

    from pipeline.cli import main

    inp, out = tmp_path / "in", tmp_path / "out"
    (inp / "a").mkdir(parents=True)
    (inp / "b").mkdir()
    for suffix in ("pdf", "docx", "txt"):
        shutil.copy(ROOT / "corpus" / f"thai-tan-ctr-2025.{suffix}", inp / "a" / f"plan.{suffix}")
    shutil.copy(ROOT / "corpus" / "ha-dong-18-ctr-2026.txt", inp / "b" / "plan.txt")
    assert main(["extract", str(inp), "-o", str(out), "--workers", "2", "--quiet"]) == 0

    t = load(out)
    docs = t.documents.set_index("doc_id")
    assert docs.index.is_unique
    assert {k: (Path(v["source_path"]).relative_to(inp).as_posix(), v["format"]) for k, v in docs.iterrows()} == {
        "plan": ("a/plan.pdf", "pdf"),
        "plan.docx": ("a/plan.docx", "docx"),
        "plan.txt": ("a/plan.txt", "txt"),
        "plan.txt-2": ("b/plan.txt", "txt"),
    }
    for doc_id in docs.index:  # the output, its review page and its key are one name
        result = json.loads((out / f"{doc_id}.json").read_text(encoding="utf-8"))
        assert result["document"]["id"] == doc_id
        assert f"<code>{doc_id}</code>" in (out / f"{doc_id}.html").read_text(encoding="utf-8")
    assert not t.targets.duplicated(["doc_id", "target_id"]).any()
    assert not t.schemes.duplicated(["doc_id", "scheme_id"]).any()
    for name, count in [("targets", "n_targets"), ("schemes", "n_schemes"), ("warnings", "n_warnings")]:
        df = getattr(t, name)
        assert set(df["doc_id"]) <= set(docs.index), name
        assert (df.groupby("doc_id").size().reindex(docs.index, fill_value=0) == docs[count]).all(), name
    assert set(t.references["doc_id"]) <= set(docs.index)
    assert {d for ds in t.bodies["documents"] for d in ds} <= set(docs.index)
    leads = {b for bs in t.targets["lead"] for b in bs}
    assert leads and leads <= set(t.bodies["body_id"])
    # the two communes' targets stay apart: each has its own program's count
    assert docs.loc["plan.txt", "n_targets"] == docs.loc["plan", "n_targets"] != docs.loc["plan.txt-2", "n_targets"]
    written = pd.read_parquet(out / "tables" / "documents.parquet")
    assert sorted(written["doc_id"]) == sorted(docs.index)
