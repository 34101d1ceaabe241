"""Recall of responsible bodies: our gazetteer component against underthesea's NER alone.

The gold names who leads, advises and supports each target and scheme. For every
such name we find where it is written in the document (compare key, so "Uỷ" =
"Ủy") and ask each method whether it found a body there:

- gazetteer: ``pipeline.nlp.bodies.find_bodies`` mentions;
- underthesea: ``underthesea.ner`` ORG entities (B-ORG/I-ORG runs), run on the
  same block or table cell.

"overlap" = some predicted span overlaps the written name; "cover" = predicted
spans cover all its letters. A name counts once per document (found if any of
its occurrences is found). Group phrases the gold keeps as support ("Các chi bộ,
đảng bộ, các thôn") are bodies nobody's gazetteer lists; they stay in the count.

Usage: python scripts/body_recall.py [corpus/*.txt]
"""

from __future__ import annotations

import json
import sys
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from pipeline.nlp.bodies import find_bodies  # noqa: E402
from pipeline.normalize import compare_key, match_key  # noqa: E402
from pipeline.readers import read  # noqa: E402

SEEDS = ["ha-dong-18-ctr-2026", "thai-tan-ctr-2025"]


@dataclass
class Segment:
    start: int
    text: str


def gold_names(stem: str) -> set[str]:
    gold = json.loads((ROOT / "tests" / "gold" / f"{stem}.json").read_text(encoding="utf-8"))
    names = set()
    for item in gold["targets"] + gold["schemes"]:
        for role in ("lead", "advisor", "support"):
            value = item.get(role)
            for v in [value] if isinstance(value, str) else value or []:
                names.add(v.strip().rstrip(".").strip())
    return names


def segments(doc) -> list[Segment]:
    out = []
    for b in doc.blocks:
        if b.kind == "table":
            out += [Segment(c.start, c.text) for row in b.rows or [] for c in row if c.text]
        else:
            out.append(Segment(b.start, b.text))
    return out


def occurrences(doc, name: str) -> list[tuple[int, int]]:
    key = compare_key(name)
    out, pos = [], 0
    while (i := doc.key.find(key, pos)) >= 0:
        out.append((i, i + len(key)))
        pos = i + 1
    return out


def underthesea_orgs(seg: Segment) -> list[tuple[int, int]]:
    from underthesea import ner

    key = match_key(seg.text)
    spans, pos, current = [], 0, None
    for token, _pos, _chunk, tag in ner(seg.text):
        i = key.find(match_key(token), pos)
        if i < 0:
            current = None
            continue
        s, e = seg.start + i, seg.start + i + len(token)
        pos = i + len(token)
        if tag.endswith("ORG") and tag.startswith("I-") and current is not None:
            current[1] = e
        elif tag.endswith("ORG"):
            current = [s, e]
            spans.append(current)
        else:
            current = None
    return [tuple(x) for x in spans]


def judged(occ: tuple[int, int], spans: list[tuple[int, int]]) -> tuple[bool, bool]:
    s, e = occ
    hits = [(max(s, a), min(e, b)) for a, b in spans if a < e and s < b]
    covered = set()
    for a, b in hits:
        covered.update(range(a, b))
    letters = {i for i in range(s, e)}
    return bool(hits), letters <= covered or len(covered & letters) >= 0.999 * len(letters)


def is_group(name: str) -> bool:
    """A group phrase or a sentence ("Các chi bộ, đảng bộ", "UBND xã chỉ đạo ..."), not one named body."""
    key = compare_key(name)
    return "các " in key or " chỉ đạo " in key


def main(stems: list[str]) -> None:
    for only_single in (False, True):
        print("single named bodies only (no group phrases):" if only_single else "all gold body names:")
        run(stems, only_single)


def run(stems: list[str], only_single: bool) -> None:
    totals = {"names": 0, "located": 0, "gaz_overlap": 0, "gaz_cover": 0, "uts_overlap": 0, "uts_cover": 0}
    for stem in stems:
        doc = read(ROOT / "corpus" / f"{stem}.txt")
        segs = segments(doc)
        gaz = [(m.start, m.end) for m in find_bodies(doc.text, doc.key)]
        uts_cache: dict[int, list[tuple[int, int]]] = {}
        row = dict.fromkeys(totals, 0)
        missed = []
        for name in sorted(gold_names(stem)):
            if only_single and is_group(name):
                continue
            row["names"] += 1
            occs = occurrences(doc, name)
            if not occs:
                continue
            row["located"] += 1
            best = {"gaz": (False, False), "uts": (False, False)}
            for occ in occs:
                seg = next((sg for sg in segs if sg.start <= occ[0] < sg.start + len(sg.text)), None)
                if seg is None:
                    continue
                if seg.start not in uts_cache:
                    uts_cache[seg.start] = underthesea_orgs(seg)
                for method, spans in (("gaz", gaz), ("uts", uts_cache[seg.start])):
                    o, c = judged(occ, spans)
                    best[method] = (best[method][0] or o, best[method][1] or c)
            row["gaz_overlap"] += best["gaz"][0]
            row["gaz_cover"] += best["gaz"][1]
            row["uts_overlap"] += best["uts"][0]
            row["uts_cover"] += best["uts"][1]
            if not best["gaz"][1]:
                missed.append(name)
        for k in totals:
            totals[k] += row[k]
        print(_line(stem, row))
        if missed:
            print(f"    gazetteer does not cover: {missed}")
    print(_line("TOTAL", totals))


def _line(label: str, r: dict[str, int]) -> str:
    n = r["located"] or 1
    return (
        f"{label:22s} gold names {r['names']:3d} located {r['located']:3d} | "
        f"gazetteer overlap {r['gaz_overlap']:3d} ({r['gaz_overlap'] / n:.0%}) cover {r['gaz_cover']:3d} ({r['gaz_cover'] / n:.0%}) | "
        f"underthesea ORG overlap {r['uts_overlap']:3d} ({r['uts_overlap'] / n:.0%}) cover {r['uts_cover']:3d} ({r['uts_cover'] / n:.0%})"
    )


if __name__ == "__main__":
    main([Path(a).stem for a in sys.argv[1:]] or SEEDS)
