"""Analyst tables: the extraction JSON as pandas DataFrames, Parquet and CSV.

``load(path)`` reads a folder of outputs (or one JSON) into seven tables:
documents, targets, rejected (the candidates the target stage did not take, with
its reason), bodies, schemes, references, warnings. Columns have proper
dtypes (nullable Float64/Int64, category for enumerations, lists kept as
lists) so that analysts can filter and group without cleaning. Every row keeps
its document id, page and character offsets, so each figure can be checked
against its source. Column meanings are documented in docs/TABLES.md.
"""

from __future__ import annotations

import io
import json
import os
from collections.abc import Iterable
from dataclasses import dataclass, fields
from pathlib import Path
from typing import Any

import pandas as pd

from .atomic import write_atomic
from .indicators import catalogue, classify_target
from .registry import ROLES, Registry, build_registry

TABLE_NAMES = ("documents", "targets", "rejected", "bodies", "schemes", "references", "warnings")

TIERS = ["list", "prose", "optional"]
COMPARATORS = [">=", ">", "<=", "<", "=", "range"]
DIRECTIONS = ["level", "increase", "decrease", "maintain"]
TIMEFRAME_KINDS = ["annual", "by", "before", "period", "term"]
FORMATS = ["pdf", "docx", "doc", "rtf", "odt", "txt"]
VERDICTS = ["estimate", "forecast", "result", "rule", "description", "lead-in", "no-unit", "no-commitment"]


@dataclass
class Tables:
    """The seven analyst tables of a set of extraction outputs."""

    documents: pd.DataFrame
    targets: pd.DataFrame
    rejected: pd.DataFrame
    bodies: pd.DataFrame
    schemes: pd.DataFrame
    references: pd.DataFrame
    warnings: pd.DataFrame

    def items(self) -> Iterable[tuple[str, pd.DataFrame]]:
        for f in fields(self):
            yield f.name, getattr(self, f.name)


# --- reading the JSON outputs ------------------------------------------------------


def _is_result(data: Any) -> bool:
    return isinstance(data, dict) and "document" in data and "targets" in data


def read_results(path: str | os.PathLike[str]) -> list[dict[str, Any]]:
    """Given a folder of outputs or one output JSON, return the extraction results in it."""
    p = Path(path)
    if p.is_dir():
        files = sorted(f for f in p.glob("*.json") if f.is_file())
    elif p.is_file():
        files = [p]
    else:
        raise FileNotFoundError(f"{p}: no such file or folder")
    results = []
    for f in files:
        try:
            data = json.loads(f.read_text(encoding="utf-8"))
        except (OSError, json.JSONDecodeError) as exc:
            if p.is_file():
                raise ValueError(f"{f}: not a readable JSON output ({exc})") from exc
            continue
        if _is_result(data):
            results.append(data)
        elif p.is_file():
            raise ValueError(f"{f}: not a chitieu output (no 'document' and 'targets')")
    return results


# --- building the tables -------------------------------------------------------------


def _source(item: dict[str, Any]) -> dict[str, Any]:
    return item.get("source") or {}


def _items(results: list[dict[str, Any]], key: str) -> Iterable[tuple[Any, dict[str, Any]]]:
    """(document id, item) for every item of one list of the results: targets, schemes ..."""
    for r in results:
        doc_id = (r.get("document") or {}).get("id")
        for item in r.get(key) or []:
            yield doc_id, item


def _offsets(src: dict[str, Any]) -> dict[str, Any]:
    """The columns that point a row at its source: page and character offsets."""
    return {"page": src.get("page"), "char_start": src.get("start"), "char_end": src.get("end")}


def _same_name_rows(results: list[dict[str, Any]], key: str, columns: dict[str, Any]) -> list[dict[str, Any]]:
    """Rows of a list whose items hold each column under its own name, besides doc_id and source."""
    names = [c for c in columns if c not in ("doc_id", "page", "char_start", "char_end")]
    return [
        {"doc_id": doc_id, **{c: item.get(c) for c in names}, **_offsets(_source(item))}
        for doc_id, item in _items(results, key)
    ]


def _category(values: pd.Series, categories: list[str] | None = None) -> pd.Series:
    if categories is None:
        categories = sorted({v for v in values.dropna().unique()})
    else:
        extra = sorted(set(values.dropna().unique()) - set(categories))
        categories = list(categories) + extra
    return pd.Categorical(values, categories=categories)


def _frame(rows: list[dict[str, Any]], columns: dict[str, Any]) -> pd.DataFrame:
    """DataFrame with exactly ``columns`` (name -> dtype spec), typed even when empty."""
    df = pd.DataFrame(rows, columns=list(columns))
    for name, spec in columns.items():
        col = df[name]
        if spec == "list":
            df[name] = pd.Series(
                [v if isinstance(v, list) else [] for v in col], index=df.index, dtype=object
            )
        elif spec == "datetime":
            df[name] = pd.to_datetime(col, errors="coerce", format="ISO8601")
        elif isinstance(spec, list) or spec == "category":
            df[name] = _category(
                col.astype(object).where(col.notna(), None), None if spec == "category" else spec
            )
        elif spec in ("Float64", "Int64"):
            df[name] = pd.to_numeric(col.astype(object).where(col.notna(), None), errors="coerce").astype(
                spec
            )
        else:
            df[name] = col.astype(spec)
    return df


def _body_ids(registry: Registry, bodies: Any) -> list[str]:
    out: list[str] = []
    for body in bodies or []:
        if isinstance(body, (dict, str)) and (
            body if isinstance(body, str) else (body.get("text") or body.get("name"))
        ):
            body_id = registry.resolve(body)
            if body_id not in out:
                out.append(body_id)
    return out


def _document_rows(results: list[dict[str, Any]]) -> list[dict[str, Any]]:
    rows = []
    for r in results:
        doc = r.get("document") or {}
        src = doc.get("source") or {}
        term = doc.get("term") or {}
        signer = doc.get("signer") or {}
        rows.append(
            {
                "doc_id": doc.get("id"),
                "title": doc.get("title"),
                "number": doc.get("number"),
                "date": doc.get("date"),
                "issuer": doc.get("issuer"),
                "place": doc.get("place"),
                "term_start": term.get("start"),
                "term_end": term.get("end"),
                "replaces": [x.get("number") for x in doc.get("replaces") or [] if x.get("number")],
                "signer_name": signer.get("name"),
                "signer_title": signer.get("title"),
                "source_path": src.get("path"),
                "format": src.get("format"),
                "sha256": src.get("sha256"),
                "pages": src.get("pages"),
                "n_targets": len(r.get("targets") or []),
                "n_rejected": len(r.get("rejected") or []),
                "n_schemes": len(r.get("schemes") or []),
                "n_warnings": len(r.get("warnings") or []),
                "pipeline_version": r.get("pipeline_version"),
            }
        )
    return rows


DOCUMENT_COLUMNS = {
    "doc_id": "string",
    "title": "string",
    "number": "string",
    "date": "datetime",
    "issuer": "string",
    "place": "string",
    "term_start": "Int64",
    "term_end": "Int64",
    "replaces": "list",
    "signer_name": "string",
    "signer_title": "string",
    "source_path": "string",
    "format": FORMATS,
    "sha256": "string",
    "pages": "Int64",
    "n_targets": "Int64",
    "n_rejected": "Int64",
    "n_schemes": "Int64",
    "n_warnings": "Int64",
    "pipeline_version": "string",
}


def _target_rows(results: list[dict[str, Any]], registry: Registry) -> list[dict[str, Any]]:
    rows = []
    for doc_id, t in _items(results, "targets"):
        tf = t.get("timeframe") or {}
        resp = t.get("responsible") or {}
        code, sector = t.get("indicator_code"), t.get("sector")
        if code is None and "indicator_code" not in t:
            code, sector = classify_target(t)
        rows.append(
            {
                "doc_id": doc_id,
                "target_id": t.get("id"),
                "section": t.get("section"),
                "tier": t.get("tier"),
                "indicator": t.get("indicator"),
                "indicator_code": code,
                "sector": sector,
                "value": t.get("value"),
                "low": t.get("low"),
                "high": t.get("high"),
                "unit": t.get("unit"),
                "comparator": t.get("comparator"),
                "direction": t.get("direction"),
                "timeframe_kind": tf.get("kind"),
                "year": tf.get("year"),
                "start": tf.get("start"),
                "end": tf.get("end"),
                **{role: _body_ids(registry, resp.get(role)) for role in ROLES},
                "text": t.get("text"),
                "flags": list(t.get("flags") or []),
                **_offsets(_source(t)),
            }
        )
    return rows


def target_columns() -> dict[str, Any]:
    cat = catalogue()
    return {
        "doc_id": "string",
        "target_id": "string",
        "section": "string",
        "tier": TIERS,
        "indicator": "string",
        "indicator_code": cat.codes,
        "sector": list(cat.sectors) or "category",
        "value": "Float64",
        "low": "Float64",
        "high": "Float64",
        "unit": "category",
        "comparator": COMPARATORS,
        "direction": DIRECTIONS,
        "timeframe_kind": TIMEFRAME_KINDS,
        "year": "Int64",
        "start": "Int64",
        "end": "Int64",
        "lead": "list",
        "advisor": "list",
        "support": "list",
        "page": "Int64",
        "text": "string",
        "char_start": "Int64",
        "char_end": "Int64",
        "flags": "list",
    }


REJECTED_COLUMNS = {
    "doc_id": "string",
    "text": "string",
    "verdict": VERDICTS,
    "reason": "string",
    "section": "string",
    "page": "Int64",
    "char_start": "Int64",
    "char_end": "Int64",
}


def _scheme_rows(results: list[dict[str, Any]], registry: Registry) -> list[dict[str, Any]]:
    return [
        {
            "doc_id": doc_id,
            "scheme_id": s.get("id"),
            "name": s.get("name"),
            "objective": s.get("objective"),
            "timeline": s.get("timeline"),
            **{role: _body_ids(registry, s.get(role)) for role in ROLES},
            "section": s.get("section"),
            **_offsets(_source(s)),
        }
        for doc_id, s in _items(results, "schemes")
    ]


SCHEME_COLUMNS = {
    "doc_id": "string",
    "scheme_id": "string",
    "name": "string",
    "objective": "string",
    "timeline": "string",
    "lead": "list",
    "advisor": "list",
    "support": "list",
    "section": "string",
    "page": "Int64",
    "char_start": "Int64",
    "char_end": "Int64",
}


REFERENCE_COLUMNS = {
    "doc_id": "string",
    "text": "string",
    "type": "category",
    "number": "string",
    "date": "datetime",
    "issuer": "string",
    "page": "Int64",
    "char_start": "Int64",
    "char_end": "Int64",
}


def _warning_rows(results: list[dict[str, Any]]) -> list[dict[str, Any]]:
    rows = []
    for doc_id, w in _items(results, "warnings"):
        sources = [s for s in w.get("sources") or [] if isinstance(s, dict)]
        rows.append(
            {
                "doc_id": doc_id,
                "kind": w.get("kind"),
                "message": w.get("message"),
                **_offsets(sources[0] if sources else {}),
                "pages": [s.get("page") for s in sources if s.get("page") is not None],
                "sources": [
                    {"page": s.get("page"), "start": s.get("start"), "end": s.get("end")} for s in sources
                ],
            }
        )
    return rows


WARNING_COLUMNS = {
    "doc_id": "string",
    "kind": "category",
    "message": "string",
    "page": "Int64",
    "char_start": "Int64",
    "char_end": "Int64",
    "pages": "list",
    "sources": "list",
}

BODY_COLUMNS = {
    "body_id": "string",
    "name": "string",
    "variants": "list",
    "documents": "list",
    "mentions": "Int64",
    "targets_lead": "Int64",
    "targets_advisor": "Int64",
    "targets_support": "Int64",
}


def build_tables(results: list[dict[str, Any]]) -> Tables:
    """Given extraction results (contract JSON dicts), return the seven analyst tables.

    Results written before the target stage kept its rejected candidates have no
    "rejected" list: they give no rows there, like a document with none."""
    registry = build_registry(results)
    targets = _frame(_target_rows(results, registry), target_columns())
    schemes = _frame(_scheme_rows(results, registry), SCHEME_COLUMNS)
    return Tables(
        documents=_frame(_document_rows(results), DOCUMENT_COLUMNS),
        targets=targets,
        rejected=_frame(_same_name_rows(results, "rejected", REJECTED_COLUMNS), REJECTED_COLUMNS),
        bodies=_frame(registry.rows(), BODY_COLUMNS),
        schemes=schemes,
        references=_frame(_same_name_rows(results, "references", REFERENCE_COLUMNS), REFERENCE_COLUMNS),
        warnings=_frame(_warning_rows(results), WARNING_COLUMNS),
    )


def load(path: str | os.PathLike[str]) -> Tables:
    """Given a folder of outputs (or one output JSON), return its analyst tables.

    >>> tables = load("outputs")                                    # doctest: +SKIP
    >>> tables.targets.groupby("indicator_code", observed=True).value.describe()  # doctest: +SKIP
    """
    return build_tables(read_results(path))


# --- writing Parquet and CSV -----------------------------------------------------------


def _csv_cell(value: Any) -> Any:
    """Lists in a CSV cell: '; '-joined scalars, or JSON when they hold objects."""
    if not isinstance(value, list):
        return value
    if any(isinstance(v, (dict, list)) for v in value):
        return json.dumps(value, ensure_ascii=False)
    return "; ".join("" if v is None else str(v) for v in value)


def to_csv_frame(df: pd.DataFrame) -> pd.DataFrame:
    out = df.copy()
    for name in out.columns:
        if out[name].dtype == object:
            out[name] = out[name].map(_csv_cell)
    return out


def _write_parquet(df: pd.DataFrame, path: Any) -> None:
    df.to_parquet(path, engine="pyarrow", index=False)


def _write_csv(df: pd.DataFrame, path: Any) -> None:
    to_csv_frame(df).to_csv(path, index=False, encoding="utf-8-sig")


def warm_up() -> None:
    """Do now what the first ``write_tables`` of a process would do besides its results: the
    column types, the indicator catalogue, the bodies gazetteer, pyarrow's Parquet writer
    (for a process that writes the tables of a run when its documents are done)."""
    from .nlp.bodies import gazetteer

    gazetteer()
    for _, df in build_tables([]).items():
        _write_parquet(df, io.BytesIO())
        _write_csv(df, io.BytesIO())


def write_tables(
    results: list[dict[str, Any]] | str | os.PathLike[str], out_dir: str | os.PathLike[str]
) -> list[Path]:
    """Write every table as ``<name>.parquet`` and ``<name>.csv`` (UTF-8 with BOM, for Excel).

    ``results`` is a list of extraction results or a folder/JSON to read them from.
    Returns the written paths. Each file is written atomically.
    """
    if not isinstance(results, list):
        results = read_results(results)
    tables = build_tables(results)
    out = Path(out_dir)
    written: list[Path] = []
    for name, df in tables.items():
        parquet = out / f"{name}.parquet"
        write_atomic(parquet, lambda p, df=df: _write_parquet(df, p))
        csv = out / f"{name}.csv"
        write_atomic(csv, lambda p, df=df: _write_csv(df, p))
        written += [parquet, csv]
    return written
