"""Review page: one self-contained HTML file per document for checking the extraction by eye.

The canonical text is shown as it stands with every extracted target
highlighted at its offsets; clicking a highlight shows the target's fields and
page; a filterable table lists all targets and the warnings link to their
places. No CDN, no network: CSS and vanilla JS are inline and the data is
embedded as JSON, so the file can be mailed or archived as is.

Targets may overlap (a list item and a clause inside it). Highlights are
nested where spans nest; where two spans cross, the inner one is closed and
reopened as a continuation (``class="t cont"``), so every target has exactly
one ``mark.t:not(.cont)`` and the text stays byte-for-byte the canonical text.

The candidates the target stage rejected (``result["rejected"]``: verdict and
reason) are greyed (``mark.r``) in the text no target covers: targets win where
spans overlap, so a rejected mark never holds or cuts a target's highlight, and
one fully inside targets is listed in its table but not marked. A click shows
its verdict and reason; a checkbox hides them.
"""

from __future__ import annotations

import html
import json
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

from .atomic import write_text_atomic
from .indicators import catalogue

TIER_LABELS = {"list": "target list", "prose": "prose", "optional": "optional"}

Span = tuple[int, int, int]  # (start, end, index of the item in its list)
OpenMark = Callable[[int, str], str]  # (index, "" | "cont" | "empty") -> opening tag
Fill = Callable[[int, int, bool], str]  # (start, end, inside a mark) -> HTML of that text


def _esc(value: Any) -> str:
    return html.escape("" if value is None else str(value), quote=True)


def _span(item: dict[str, Any], length: int) -> tuple[int, int] | None:
    src = item.get("source") or {}
    start, end = src.get("start"), src.get("end")
    if not isinstance(start, int) or not isinstance(end, int) or not 0 <= start <= end <= length:
        return None
    return start, end


def _located(items: list[dict[str, Any]], length: int) -> list[Span]:
    """(start, end, index) of every item whose offsets fall inside the text."""
    spans = []
    for i, item in enumerate(items):
        span = _span(item, length)
        if span is not None:
            spans.append((span[0], span[1], i))
    return spans


def _mark_open(target: dict[str, Any], state: str = "") -> str:
    """Opening tag of a target's highlight; ``state`` is "", "cont" or "empty"."""
    cls = f"t {state}".strip()
    return (
        f'<mark class="{cls}" data-target-id="{_esc(target.get("id"))}" '
        f'data-tier="{_esc(target.get("tier"))}" title="{_esc(target.get("id"))}: {_esc(target.get("indicator"))}">'
    )


def _rejected_open(candidate: dict[str, Any], index: int, continuation: bool) -> str:
    """Opening tag of a rejected candidate's greyed mark (``data-rejected`` = its index)."""
    cls = "r cont" if continuation else "r"
    return (
        f'<mark class="{cls}" data-rejected="{index}" data-verdict="{_esc(candidate.get("verdict"))}" '
        f'title="not a target: {_esc(candidate.get("verdict"))}: {_esc(candidate.get("reason"))}">'
    )


def _nest(lo: int, hi: int, spans: list[Span], open_mark: OpenMark, fill: Fill) -> str:
    """HTML of text[lo:hi] with one mark per span: nested where spans nest, and where two
    cross, the inner one closed and reopened as a continuation (``open_mark(i, "cont")``).
    ``fill(start, end, covered)`` renders the text between two cuts, ``covered`` when a
    mark is open around it."""
    starts: dict[int, list[Span]] = {}
    for s in spans:
        starts.setdefault(s[0], []).append(s)
    cuts = sorted({lo, hi} | {s for s, _, _ in spans} | {e for _, e, _ in spans})
    out: list[str] = []
    stack: list[Span] = []  # open spans, outermost first
    for k, pos in enumerate(cuts):
        ending = [j for j, s in enumerate(stack) if s[1] == pos]
        if ending:
            lowest = ending[0]
            reopen = [s for s in stack[lowest:] if s[1] != pos]
            out.extend("</mark>" for _ in stack[lowest:])
            del stack[lowest:]
            for s in reopen:
                out.append(open_mark(s[2], "cont"))
                stack.append(s)
        for s in sorted(starts.get(pos, []), key=lambda s: (-s[1], s[2])):
            if s[1] == pos:  # empty span: a point marker
                out.append(open_mark(s[2], "empty") + "</mark>")
            else:
                out.append(open_mark(s[2], ""))
                stack.append(s)
        if k + 1 < len(cuts):
            out.append(fill(pos, cuts[k + 1], bool(stack)))
    out.extend("</mark>" for _ in stack)
    return "".join(out)


def highlight(text: str, targets: list[dict[str, Any]], rejected: list[dict[str, Any]] | None = None) -> str:
    """The text as escaped HTML with one ``<mark class="t">`` per located target (see module doc)
    and the rejected candidates greyed (``<mark class="r">``) where no target covers the text."""
    rejected = rejected or []
    pieces = [s for s in _located(rejected, len(text)) if s[0] < s[1]]
    shown: set[int] = set()  # rejected candidates whose first visible piece is out

    def open_rejected(i: int, state: str) -> str:
        continuation = state == "cont" or i in shown
        shown.add(i)
        return _rejected_open(rejected[i], i, continuation)

    def plain(start: int, end: int, covered: bool) -> str:
        return _esc(text[start:end])

    def outside_targets(start: int, end: int, covered: bool) -> str:
        if covered:  # targets win: no rejected mark inside a target's highlight
            return plain(start, end, covered)
        clipped = [(max(s, start), min(e, end), i) for s, e, i in pieces if s < end and e > start]
        return _nest(start, end, clipped, open_rejected, plain)

    return _nest(
        0,
        len(text),
        _located(targets, len(text)),
        lambda i, state: _mark_open(targets[i], state),
        outside_targets,
    )


def _fmt_number(x: Any) -> str:
    return f"{x:g}".replace(".", ",") if isinstance(x, (int, float)) else ""


def _stated(t: dict[str, Any]) -> str:
    if t.get("low") is not None and t.get("high") is not None:
        num = f"{_fmt_number(t['low'])}–{_fmt_number(t['high'])}"
    else:
        num = _fmt_number(t.get("value"))
    unit = t.get("unit") or ""
    return f"{num}{'' if unit == '%' else ' '}{unit}".strip() if num else ""


def _timeframe(tf: dict[str, Any] | None) -> str:
    if not tf:
        return ""
    kind = tf.get("kind")
    if kind in ("by", "before"):
        return f"{kind} {tf.get('year')}"
    if kind == "period":
        return f"{tf.get('start')}–{tf.get('end')}"
    return str(kind or "")


def _table_rows(targets: list[dict[str, Any]]) -> str:
    rows = []
    for t in targets:
        src = t.get("source") or {}
        search = " ".join(
            str(x)
            for x in (
                t.get("id"),
                t.get("section"),
                t.get("indicator"),
                t.get("indicator_code"),
                t.get("sector"),
                t.get("text"),
            )
            if x
        ).lower()
        rows.append(
            f'<tr data-target-id="{_esc(t.get("id"))}" data-tier="{_esc(t.get("tier"))}" '
            f'data-sector="{_esc(t.get("sector") or "")}" data-search="{_esc(search)}">'
            f"<td>{_esc(t.get('id'))}</td><td>{_esc(t.get('section'))}</td><td>{_esc(src.get('page'))}</td>"
            f"<td>{_esc(TIER_LABELS.get(t.get('tier'), t.get('tier')))}</td><td>{_esc(t.get('indicator'))}</td>"
            f"<td>{_esc(t.get('indicator_code'))}</td><td>{_esc(t.get('comparator'))}</td>"
            f"<td class=num>{_esc(_stated(t))}</td><td>{_esc(t.get('direction'))}</td>"
            f"<td>{_esc(_timeframe(t.get('timeframe')))}</td></tr>"
        )
    return "\n".join(rows)


def _rejected_rows(rejected: list[dict[str, Any]]) -> str:
    rows = []
    for i, r in enumerate(rejected):
        src = r.get("source") or {}
        search = " ".join(
            str(x) for x in (r.get("section"), r.get("verdict"), r.get("reason"), r.get("text")) if x
        ).lower()
        rows.append(
            f'<tr data-rejected="{i}" data-verdict="{_esc(r.get("verdict"))}" data-search="{_esc(search)}">'
            f"<td>{_esc(r.get('section'))}</td><td>{_esc(src.get('page'))}</td>"
            f"<td class=verdict>{_esc(r.get('verdict'))}</td><td>{_esc(r.get('reason'))}</td>"
            f'<td class="clause">{_esc(r.get("text"))}</td></tr>'
        )
    return "\n".join(rows)


def _warning_items(warnings: list[dict[str, Any]]) -> str:
    items = []
    for w in warnings:
        links = []
        for s in w.get("sources") or []:
            if not isinstance(s, dict) or not isinstance(s.get("start"), int):
                continue
            label = f"p. {s['page']}" if s.get("page") is not None else f"@{s['start']}"
            links.append(
                f'<a href="#" class="src" data-start="{s["start"]}" data-end="{_esc(s.get("end"))}">{_esc(label)}</a>'
            )
        items.append(
            f'<li><span class="kind">{_esc(w.get("kind"))}</span> {_esc(w.get("message"))} '
            f'<span class="places">{" ".join(links)}</span></li>'
        )
    return "\n".join(items) if items else '<li class="none">No warnings.</li>'


def _options(values: list[str]) -> str:
    return "".join(f'<option value="{_esc(v)}">{_esc(v)}</option>' for v in values)


def _json_for_script(data: Any) -> str:
    """JSON safe inside a <script> element (no "</script>", no "<!--")."""
    text = json.dumps(data, ensure_ascii=False)
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def render_review(result: dict[str, Any]) -> str:
    """Given an extraction result (contract JSON), return its review page as one HTML string."""
    doc = result.get("document") or {}
    text = result.get("text") or ""
    targets = [t for t in result.get("targets") or [] if isinstance(t, dict)]
    warnings = [w for w in result.get("warnings") or [] if isinstance(w, dict)]
    rejected = [r for r in result.get("rejected") or [] if isinstance(r, dict)]
    located = sum(1 for t in targets if _span(t, len(text)) is not None)
    labels = {i.code: {"vi": i.label_vi, "en": i.label_en} for i in catalogue().indicators}
    data = {
        "document": {k: v for k, v in doc.items() if k != "source"},
        "targets": targets,
        "warnings": warnings,
        "rejected": rejected,
        "indicators": labels,
    }
    title = doc.get("title") or doc.get("id") or "document"
    meta = " · ".join(
        _esc(x)
        for x in (
            doc.get("number"),
            doc.get("date"),
            doc.get("issuer"),
            f"{len(targets)} targets ({located} located)",
            f"{len(rejected)} rejected candidates",
            f"{len(warnings)} warnings",
        )
        if x
    )
    tiers = sorted({t.get("tier") for t in targets if t.get("tier")})
    sectors = sorted({t.get("sector") for t in targets if t.get("sector")})
    verdicts = sorted({r.get("verdict") for r in rejected if r.get("verdict")})
    return _PAGE.format(
        title=_esc(f"{doc.get('id') or ''} — {title}"),
        heading=_esc(title),
        doc_id=_esc(doc.get("id")),
        meta=meta,
        css=_CSS,
        body=highlight(text, targets, rejected),
        rows=_table_rows(targets),
        n_targets=len(targets),
        tier_options=_options(tiers),
        sector_options=_options(sectors),
        rejected_rows=_rejected_rows(rejected),
        n_rejected=len(rejected),
        verdict_options=_options(verdicts),
        warnings=_warning_items(warnings),
        n_warnings=len(warnings),
        data=_json_for_script(data),
        js=_JS,
    )


def write_review(result: dict[str, Any], path: str | os.PathLike[str]) -> Path:
    """Write the review page of ``result`` to ``path`` atomically (temp file + os.replace)."""
    return write_text_atomic(path, render_review(result))


_PAGE = """<!DOCTYPE html>
<html lang="vi">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<link rel="icon" href="data:,">
<title>{title}</title>
<style>{css}</style>
</head>
<body>
<header>
  <h1>{heading}</h1>
  <p class="meta"><code>{doc_id}</code> · {meta}</p>
  <p class="legend"><span class="swatch" data-tier="list">target list</span>
  <span class="swatch" data-tier="prose">prose</span> <span class="swatch" data-tier="optional">optional</span>
  <span class="swatch rejected">rejected candidate</span>
  — click a highlight or a table row to see the target, a greyed span to see why it is not one.
  <label class="toggle"><input type="checkbox" id="show-rejected" checked> show rejected candidates
  (<span id="n-rejected">{n_rejected}</span>)</label></p>
</header>
<main>
  <section id="doc-pane" aria-label="Document text"><div id="doc">{body}</div></section>
  <aside>
    <section id="details" aria-live="polite"><h2 id="details-title">Target</h2>
      <div id="details-body"><p class="hint">Click a highlighted target in the text.</p></div></section>
    <section id="warnings"><h2>Warnings ({n_warnings})</h2><ul>{warnings}</ul></section>
  </aside>
</main>
<section id="table-pane">
  <h2>All targets ({n_targets})</h2>
  <div class="filters">
    <input id="filter" type="search" placeholder="Filter: words, section, code…" aria-label="Filter targets">
    <select id="tier-filter" aria-label="Tier"><option value="">all tiers</option>{tier_options}</select>
    <select id="sector-filter" aria-label="Sector"><option value="">all sectors</option>{sector_options}</select>
    <span id="count"></span>
  </div>
  <table id="targets">
    <thead><tr><th>id</th><th>section</th><th>page</th><th>tier</th><th>indicator</th><th>code</th>
    <th>cmp</th><th>value</th><th>direction</th><th>timeframe</th></tr></thead>
    <tbody>
{rows}
    </tbody>
  </table>
</section>
<section id="rejected-pane">
  <h2>Rejected candidates ({n_rejected})</h2>
  <p class="hint">Candidate clauses the target stage read but did not take as targets: what each
  is instead (verdict) and why (reason).</p>
  <div class="filters">
    <input id="rejected-filter" type="search" placeholder="Filter: words, section, reason…"
      aria-label="Filter rejected candidates">
    <select id="verdict-filter" aria-label="Verdict"><option value="">all verdicts</option>{verdict_options}</select>
    <span id="rejected-count"></span>
  </div>
  <table id="rejected">
    <thead><tr><th>section</th><th>page</th><th>verdict</th><th>reason</th><th>text</th></tr></thead>
    <tbody>
{rejected_rows}
    </tbody>
  </table>
</section>
<script type="application/json" id="chitieu-data">{data}</script>
<script>{js}</script>
</body>
</html>
"""

_CSS = """
:root { --list: rgba(255, 200, 0, .38); --prose: rgba(0, 150, 255, .25); --optional: rgba(0, 190, 90, .25); }
* { box-sizing: border-box; }
body { margin: 0; font: 15px/1.5 "DejaVu Sans", "Noto Sans", Arial, sans-serif; color: #222; background: #f6f6f4; }
header { padding: .8rem 1.2rem .4rem; background: #fff; border-bottom: 1px solid #ddd; }
h1 { font-size: 1.15rem; margin: 0 0 .2rem; }
h2 { font-size: 1rem; margin: 0 0 .5rem; }
.meta, .legend { margin: .1rem 0; color: #555; font-size: .85rem; }
main { display: grid; grid-template-columns: minmax(0, 3fr) minmax(18rem, 2fr); gap: 1rem; padding: 1rem 1.2rem; }
#doc-pane { background: #fff; border: 1px solid #ddd; border-radius: 6px; height: 72vh; overflow: auto; padding: 1rem 1.3rem; }
#doc { white-space: pre-wrap; tab-size: 4; font-size: .93rem; }
aside { display: flex; flex-direction: column; gap: 1rem; height: 72vh; }
aside section { background: #fff; border: 1px solid #ddd; border-radius: 6px; padding: .8rem 1rem; overflow: auto; }
#details { flex: 3; } #warnings { flex: 2; }
mark.t, .swatch { background: var(--list); color: inherit; cursor: pointer; border-radius: 2px; }
mark.t[data-tier="prose"], .swatch[data-tier="prose"] { background: var(--prose); }
mark.t[data-tier="optional"], .swatch[data-tier="optional"] { background: var(--optional); }
.swatch { cursor: default; padding: 0 .3rem; }
mark.t mark.t { box-shadow: inset 0 -2px 0 rgba(0, 0, 0, .35); }
mark.t.empty::after { content: "◆"; color: #c60; }
mark.t.selected { outline: 2px solid #d0342c; background: rgba(255, 120, 80, .45); }
mark.r, .swatch.rejected { background: rgba(0, 0, 0, .05); color: #6f6f6f; border-bottom: 1px dotted #8a8a8a; }
mark.r { cursor: pointer; }
mark.r.selected { outline: 2px dashed #777; background: rgba(0, 0, 0, .12); color: #333; }
#doc.hide-rejected mark.r { background: none; color: inherit; border-bottom: 0; outline: 0; cursor: auto; }
.toggle { margin-left: .8rem; white-space: nowrap; }
dl { display: grid; grid-template-columns: max-content 1fr; gap: .2rem .8rem; margin: 0; font-size: .88rem; }
dt { color: #666; } dd { margin: 0; overflow-wrap: anywhere; }
blockquote { margin: .6rem 0 0; padding: .4rem .7rem; background: #fbf7e6; border-left: 3px solid #e0b000; font-size: .88rem; }
.hint, .none { color: #777; }
#warnings ul { margin: 0; padding-left: 1.1rem; font-size: .85rem; }
#warnings li { margin-bottom: .4rem; }
.kind { font-family: monospace; background: #fde8e6; color: #9b1c12; padding: 0 .3rem; border-radius: 3px; }
.places a { margin-left: .3rem; }
#table-pane, #rejected-pane { padding: 0 1.2rem 2rem; }
#rejected-pane .hint { margin: 0 0 .5rem; font-size: .85rem; }
td.verdict { white-space: nowrap; }
td.clause { max-width: 36rem; overflow: hidden; text-overflow: ellipsis; white-space: nowrap; color: #555; }
.filters { display: flex; gap: .6rem; align-items: center; margin-bottom: .5rem; }
.filters input { flex: 1; max-width: 28rem; padding: .3rem .5rem; }
#count, #rejected-count { color: #666; font-size: .85rem; }
table { border-collapse: collapse; width: 100%; background: #fff; font-size: .85rem; }
th, td { border: 1px solid #ddd; padding: .25rem .45rem; text-align: left; vertical-align: top; }
th { background: #eee; position: sticky; top: 0; }
td.num { text-align: right; white-space: nowrap; }
tbody tr { cursor: pointer; } tbody tr:hover { background: #f3f8ff; } tbody tr.selected { background: #ffe9e2; }
::selection { background: #ffb3a7; }
"""

_JS = r"""
(function () {
  "use strict";
  var data = JSON.parse(document.getElementById("chitieu-data").textContent);
  var byId = new Map(data.targets.map(function (t) { return [t.id, t]; }));
  var docEl = document.getElementById("doc");
  var details = document.getElementById("details-body");
  var detailsTitle = document.getElementById("details-title");
  var rows = Array.prototype.slice.call(document.querySelectorAll("#targets tbody tr"));
  var rejectedRows = Array.prototype.slice.call(document.querySelectorAll("#rejected tbody tr"));

  function num(x) { return (x === null || x === undefined) ? "" : String(x).replace(".", ","); }
  function stated(t) {
    var n = (t.low !== null && t.low !== undefined && t.high !== null && t.high !== undefined)
      ? num(t.low) + "–" + num(t.high) : num(t.value);
    return n ? n + (t.unit === "%" ? "" : " ") + (t.unit || "") : "";
  }
  function timeframe(tf) {
    if (!tf) return "";
    if (tf.kind === "by" || tf.kind === "before") return tf.kind + " " + tf.year;
    if (tf.kind === "period") return tf.start + "–" + tf.end;
    return tf.kind;
  }
  function bodies(list) {
    return (list || []).map(function (b) { return typeof b === "string" ? b : (b.name || b.text); }).join("; ");
  }
  function pageOf(src) { return src.page === null || src.page === undefined ? "(no page)" : String(src.page); }
  function marksOf(id) {
    return docEl.querySelectorAll('mark.t[data-target-id="' + CSS.escape(id) + '"]');
  }
  function rejectedMarksOf(i) {
    return docEl.querySelectorAll('mark.r[data-rejected="' + i + '"]');
  }
  function field(dl, name, value) {
    if (value === null || value === undefined || value === "") return;
    var dt = document.createElement("dt"); dt.textContent = name;
    var dd = document.createElement("dd"); dd.textContent = value;
    dl.appendChild(dt); dl.appendChild(dd);
  }
  function showFields(title, fill, quote) {
    detailsTitle.textContent = title;
    details.textContent = "";
    var dl = document.createElement("dl");
    fill(dl);
    details.appendChild(dl);
    var q = document.createElement("blockquote"); q.textContent = quote || "";
    details.appendChild(q);
  }
  function showDetails(t) {
    var src = t.source || {}, resp = t.responsible || {};
    var label = t.indicator_code && data.indicators[t.indicator_code];
    showFields("Target", function (dl) {
      field(dl, "id", t.id);
      field(dl, "page", pageOf(src));
      field(dl, "section", t.section);
      field(dl, "tier", t.tier);
      field(dl, "indicator", t.indicator);
      field(dl, "code", t.indicator_code ? t.indicator_code + (label ? " — " + label.en : "") : "");
      field(dl, "sector", t.sector);
      field(dl, "value", stated(t));
      field(dl, "comparator", t.comparator);
      field(dl, "direction", t.direction);
      field(dl, "timeframe", timeframe(t.timeframe));
      field(dl, "lead", bodies(resp.lead));
      field(dl, "advisor", bodies(resp.advisor));
      field(dl, "support", bodies(resp.support));
      field(dl, "flags", (t.flags || []).join(", "));
      field(dl, "offsets", src.start + "–" + src.end);
    }, t.text);
  }
  function showRejected(r, marked) {
    var src = r.source || {};
    showFields("Rejected candidate", function (dl) {
      field(dl, "verdict", r.verdict);
      field(dl, "reason", r.reason);
      field(dl, "page", pageOf(src));
      field(dl, "section", r.section);
      field(dl, "offsets", src.start + "–" + src.end);
      if (!marked) field(dl, "in the text", "not greyed: targets cover all of it");
    }, r.text);
  }
  function clearSelection() {
    document.querySelectorAll(".selected").forEach(function (el) { el.classList.remove("selected"); });
  }
  function select(id, scroll) {
    var t = byId.get(id);
    if (!t) return;
    clearSelection();
    var marks = marksOf(id);
    marks.forEach(function (m) { m.classList.add("selected"); });
    rows.forEach(function (r) { if (r.dataset.targetId === id) r.classList.add("selected"); });
    showDetails(t);
    if (scroll && marks.length) marks[0].scrollIntoView({ block: "center" });
  }
  function selectRejected(i, scroll) {
    var r = data.rejected[i];
    if (!r) return;
    clearSelection();
    var marks = rejectedMarksOf(i);
    marks.forEach(function (m) { m.classList.add("selected"); });
    rejectedRows.forEach(function (row) { if (row.dataset.rejected === String(i)) row.classList.add("selected"); });
    showRejected(r, marks.length > 0);
    if (scroll && marks.length) marks[0].scrollIntoView({ block: "center" });
  }
  var showRejectedBox = document.getElementById("show-rejected");
  docEl.addEventListener("click", function (e) {
    var m = e.target.closest("mark.t, mark.r");
    if (!m) return;
    if (m.classList.contains("t")) select(m.dataset.targetId, false);
    else if (showRejectedBox.checked) selectRejected(parseInt(m.dataset.rejected, 10), false);
  });
  rows.forEach(function (r) {
    r.addEventListener("click", function () { select(r.dataset.targetId, true); });
  });
  rejectedRows.forEach(function (r) {
    r.addEventListener("click", function () { selectRejected(parseInt(r.dataset.rejected, 10), true); });
  });
  showRejectedBox.addEventListener("change", function () {
    docEl.classList.toggle("hide-rejected", !showRejectedBox.checked);
    document.getElementById("rejected-pane").hidden = !showRejectedBox.checked;
    if (!showRejectedBox.checked && document.querySelector("#rejected tr.selected")) {
      clearSelection();
      detailsTitle.textContent = "Target";
      details.innerHTML = '<p class="hint">Click a highlighted target in the text.</p>';
    }
  });

  // A search box and selects narrow a table to the rows that match all of them.
  function filterable(tableRows, search, selects, count) {
    function apply() {
      var words = search.value.normalize("NFC").toLowerCase().split(/\s+/).filter(Boolean);
      var shown = 0;
      tableRows.forEach(function (r) {
        var ok = selects.every(function (s) { return !s.el.value || r.dataset[s.key] === s.el.value; })
          && words.every(function (w) { return r.dataset.search.indexOf(w) >= 0; });
        r.hidden = !ok;
        if (ok) shown++;
      });
      count.textContent = shown + " of " + tableRows.length + " shown";
    }
    [search].concat(selects.map(function (s) { return s.el; })).forEach(function (el) {
      el.addEventListener("input", apply);
    });
    apply();
  }
  filterable(rows, document.getElementById("filter"), [
    { el: document.getElementById("tier-filter"), key: "tier" },
    { el: document.getElementById("sector-filter"), key: "sector" },
  ], document.getElementById("count"));
  filterable(rejectedRows, document.getElementById("rejected-filter"), [
    { el: document.getElementById("verdict-filter"), key: "verdict" },
  ], document.getElementById("rejected-count"));

  function rangeAt(start, end) {
    var walker = document.createTreeWalker(docEl, NodeFilter.SHOW_TEXT);
    var pos = 0, range = document.createRange(), node, started = false;
    while ((node = walker.nextNode())) {
      var len = node.data.length;
      if (!started && start <= pos + len) { range.setStart(node, start - pos); started = true; }
      if (started && end <= pos + len) { range.setEnd(node, end - pos); return range; }
      pos += len;
    }
    return null;
  }
  document.querySelectorAll("#warnings a.src").forEach(function (a) {
    a.addEventListener("click", function (e) {
      e.preventDefault();
      var start = parseInt(a.dataset.start, 10), end = parseInt(a.dataset.end, 10);
      var range = rangeAt(start, isNaN(end) ? start : end);
      if (!range) return;
      var sel = window.getSelection();
      sel.removeAllRanges(); sel.addRange(range);
      var el = range.startContainer.parentElement;
      if (el) el.scrollIntoView({ block: "center" });
    });
  });
})();
"""
