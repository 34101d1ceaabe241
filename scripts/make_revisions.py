"""Build revised versions of corpus documents with known edits, to test `chitieu diff`.

A revision is the seed text with a table of exact substitutions applied (each
`old` must occur exactly once, so an edit never lands twice by accident). Each
edit says what `chitieu diff OLD NEW` must report for it; those expectations are
written next to the revised text as ``<stem>-rev.edits.json``, and the test
asserts the diff reports exactly them and nothing else. The revised text is also
rendered to PDF with scripts/render_corpus.py, so the diff is tested on PDF
input too; outputs are committed, so tests need no LibreOffice.

Run: ``python scripts/make_revisions.py`` (``--no-pdf`` to skip LibreOffice).
"""

from __future__ import annotations

import argparse
import json
import shutil
import sys
import tempfile
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "corpus"
OUT = ROOT / "tests" / "data" / "revisions"


@dataclass(kw_only=True)
class Expect:
    """One diff entry the edit must produce, found by a phrase of its text.

    ``new``: a phrase of the NEW target's text (unique to the edited targets);
    ``old``: a phrase of the OLD target's text; ``section``: the start of its
    section path, where the phrase alone is not unique; ``changes``: {field: [old,
    new]} for value-like fields, or {field: [old name, new name]} for body fields.
    """

    status: str
    new: str | None = None
    old: str | None = None
    section: str | None = None
    changes: dict[str, list[Any]] = field(default_factory=dict)
    renumbered: bool = False


@dataclass(kw_only=True)
class Edit:
    kind: str
    old: str
    new: str
    expect: list[Expect] = field(default_factory=list)
    scheme_expect: list[Expect] = field(default_factory=list)


@dataclass(kw_only=True)
class Revision:
    seed: str  # corpus stem
    edits: list[Edit]
    # What the diff must say about the metadata: replaces, warning kinds, document changes.
    replaces: dict[str, Any]
    warnings: list[str] = field(default_factory=list)
    document_changes: dict[str, list[Any]] = field(default_factory=dict)


HA_DONG = Revision(
    seed="ha-dong-18-ctr-2026",
    replaces={"declared": [{"number": "18-CTr/ĐU", "date": "2026-03-31"}], "matches_old": True},
    document_changes={"number": ["18-CTr/ĐU", "25-CTr/ĐU"], "date": ["2026-03-31", "2026-06-15"]},
    edits=[
        Edit(
            kind="value_changed",
            old="(11) Đến năm 2030, tỷ lệ dân số tham gia bảo hiểm y tế đạt từ 97% trở lên.",
            new="(11) Đến năm 2030, tỷ lệ dân số tham gia bảo hiểm y tế đạt từ 98% trở lên.",
            expect=[
                Expect(
                    status="changed",
                    old="y tế đạt từ 97%",
                    new="y tế đạt từ 98%",
                    changes={"value": [97.0, 98.0]},
                )
            ],
        ),
        Edit(
            kind="value_changed",
            old="nuôi trồng thủy sản đạt 240,6 triệu đồng.",
            new="nuôi trồng thủy sản đạt 250 triệu đồng.",
            expect=[
                Expect(
                    status="changed",
                    old="240,6 triệu đồng",
                    new="đạt 250 triệu đồng",
                    changes={"value": [240.6, 250.0]},
                )
            ],
        ),
        Edit(
            kind="range_narrowed",
            old="(1) Thu ngân sách nhà nước trên địa bàn tăng bình quân 10-13%/năm.",
            new="(1) Thu ngân sách nhà nước trên địa bàn tăng bình quân 11-12%/năm.",
            expect=[
                Expect(
                    status="changed",
                    old="Thu ngân sách nhà nước trên địa bàn tăng bình quân 10-13%",
                    new="bình quân 11-12%",
                    changes={"low": [10.0, 11.0], "high": [13.0, 12.0]},
                )
            ],
        ),
        Edit(
            kind="deadline_moved",
            old="(13) Đến năm 2030 Trạm y tế xã đạt chuẩn Quốc gia",
            new="(13) Đến năm 2028 Trạm y tế xã đạt chuẩn Quốc gia",
            expect=[
                Expect(
                    status="changed",
                    old="Đến năm 2030 Trạm y tế",
                    new="Đến năm 2028 Trạm y tế",
                    changes={"timeframe": [{"kind": "by", "year": 2030}, {"kind": "by", "year": 2028}]},
                )
            ],
        ),
        Edit(
            kind="target_dropped",
            old="(5) Tỷ lệ tổ chức đảng trực thuộc được kiểm tra, giám sát trong nhiệm kỳ 100%.\n\n",
            new="",
            expect=[Expect(status="removed", old="được kiểm tra, giám sát trong nhiệm kỳ 100%")],
        ),
        # The items after the dropped one move up a number: they must still align, unchanged.
        Edit(
            kind="renumbered",
            old="(6) Hằng năm, tỷ lệ giải quyết thủ tục hành chính đúng hạn",
            new="(5) Hằng năm, tỷ lệ giải quyết thủ tục hành chính đúng hạn",
            expect=[Expect(status="unchanged", new="thủ tục hành chính đúng hạn đạt 100%", renumbered=True)],
        ),
        Edit(
            kind="renumbered",
            old="(7) Đến năm 2030, tỷ lệ hồ sơ thủ tục hành chính xử lý trực tuyến",
            new="(6) Đến năm 2030, tỷ lệ hồ sơ thủ tục hành chính xử lý trực tuyến",
            expect=[
                Expect(status="unchanged", new="thủ tục hành chính xử lý trực tuyến đạt 85%", renumbered=True)
            ],
        ),
        Edit(
            kind="renumbered",
            old="(8) Đến hết năm 2027, đạt chuẩn",
            new="(7) Đến hết năm 2027, đạt chuẩn",
            expect=[Expect(status="unchanged", new="Đến hết năm 2027, đạt chuẩn", renumbered=True)],
        ),
        Edit(
            kind="target_added",
            old="nhân rộng mô hình tự quản.\n",
            new=(
                "nhân rộng mô hình tự quản.\n\n(19) Đến năm 2030, tỷ lệ hộ gia đình sử dụng dịch vụ thanh toán"
                " không dùng tiền mặt đạt 80%.\n"
            ),
            expect=[Expect(status="added", new="thanh toán không dùng tiền mặt")],
        ),
        Edit(
            kind="reworded",
            old="(16) Hằng năm, tỷ lệ thu gom chất thải rắn sinh hoạt đạt 100%.",
            new="(16) Hằng năm, tỷ lệ chất thải rắn sinh hoạt được thu gom đạt 100%.",
            expect=[
                Expect(
                    status="reworded",
                    old="tỷ lệ thu gom chất thải rắn",
                    new="chất thải rắn sinh hoạt được thu gom",
                )
            ],
        ),
        Edit(
            kind="lead_reassigned",
            old="danh hiệu gia đình văn hóa.\tRà soát điều chỉnh Kế hoạch và triển khai thực hiện từ quý I/2026\tUBND xã\t",
            new=(
                "danh hiệu gia đình văn hóa.\tRà soát điều chỉnh Kế hoạch và triển khai thực hiện từ quý I/2026"
                "\tBan Thường vụ Đảng ủy\t"
            ),
            expect=[
                Expect(
                    status="changed",
                    new="số thôn giữ vững danh hiệu văn hóa",
                    changes={"lead": ["Ủy ban nhân dân xã", "Ban Thường vụ Đảng ủy"]},
                ),
                Expect(
                    status="changed",
                    new="gia đình trở lên được công nhận",
                    changes={"lead": ["Ủy ban nhân dân xã", "Ban Thường vụ Đảng ủy"]},
                ),
            ],
            scheme_expect=[
                Expect(
                    status="changed",
                    new="xây dựng Gia đình văn hoá",
                    changes={"lead": ["Ủy ban nhân dân xã", "Ban Thường vụ Đảng ủy"]},
                ),
            ],
        ),
        Edit(
            kind="replaces_declared",
            old="thay thế Chương trình hành động số 06-CTr/ĐU, ngày 29/9/2025",
            new="thay thế Chương trình hành động số 18-CTr/ĐU, ngày 31/3/2026",
        ),
        Edit(
            kind="number_and_date",
            old="(Kèm theo Chương trình hành động số 18-CTr/ĐU ngày 31 tháng 3 năm 2026",
            new="(Kèm theo Chương trình hành động số 25-CTr/ĐU ngày 15 tháng 6 năm 2026",
        ),
    ],
)

# Thái Tân's program: line-broken text (PDF export), no document number, targets
# restated in an assignment section ("Giao cho X chủ trì ... các chỉ tiêu sau").
THAI_TAN = Revision(
    seed="thai-tan-ctr-2025",
    replaces={"declared": [], "matches_old": None},
    warnings=["old_number_unknown"],
    edits=[
        Edit(
            kind="value_changed",
            old="(11) Đến năm 2030 tỷ lệ dân số tham gia bảo hiểm y tế đạt 98%.",
            new="(11) Đến năm 2030 tỷ lệ dân số tham gia bảo hiểm y tế đạt 99%.",
            expect=[Expect(status="changed", new="bảo hiểm y tế đạt 99%", changes={"value": [98.0, 99.0]})],
        ),
        Edit(
            kind="comparator_changed",
            old="(8) Hằng năm, số gia đình văn hoá đạt trên 90%;",
            new="(8) Hằng năm, số gia đình văn hoá đạt từ 90% trở lên;",
            expect=[
                Expect(
                    status="changed",
                    new="số gia đình văn hoá đạt từ 90% trở lên",
                    changes={"comparator": [">", ">="]},
                )
            ],
        ),
        Edit(
            kind="deadline_moved",
            old="(10) Đến năm 2027, chính quyền xã được công nhận",
            new="(10) Đến năm 2026, chính quyền xã được công nhận",
            expect=[
                Expect(
                    status="changed",
                    new="Đến năm 2026, chính quyền xã",
                    changes={"timeframe": [{"kind": "by", "year": 2027}, {"kind": "by", "year": 2026}]},
                )
            ],
        ),
        Edit(
            kind="target_dropped",
            old="(12) Duy trì 100% Trạm Y tế xã đạt chuẩn quốc gia về y tế.  \n\n",
            new="",
            expect=[Expect(status="removed", old="Duy trì 100% Trạm Y tế xã đạt chuẩn quốc gia về y tế")],
        ),
        Edit(
            kind="renumbered",
            old="(13) Đến năm 2030 cơ bản đạt các tiêu chí",
            new="(12) Đến năm 2030 cơ bản đạt các tiêu chí",
            expect=[Expect(status="unchanged", new="Đến năm 2030 cơ bản đạt các tiêu chí", renumbered=True)],
        ),
        Edit(
            kind="renumbered",
            old="(14) Hằng năm hoàn thành 100% chỉ tiêu tuyển chọn",
            new="(13) Hằng năm hoàn thành 100% chỉ tiêu tuyển chọn",
            expect=[
                Expect(
                    status="unchanged",
                    new="Hằng năm hoàn thành 100% chỉ tiêu tuyển chọn",
                    section="B.I",
                    renumbered=True,
                )
            ],
        ),
        Edit(
            kind="reworded",
            old="giảm 75% số hộ nghèo theo chuẩn “nghèo” đa chiều mới.",
            new="giảm 75% số hộ nghèo theo chuẩn nghèo đa chiều giai đoạn mới.",
            expect=[Expect(status="reworded", new="chuẩn nghèo đa chiều giai đoạn mới")],
        ),
        Edit(
            kind="target_added",
            old="gom chất thải rắn sinh hoạt đạt 100%. \n",
            new=(
                "gom chất thải rắn sinh hoạt đạt 100%. \n\n"
                "(4) Đến năm 2030, tỷ lệ hộ dân sử dụng điện an toàn đạt 100%. \n"
            ),
            expect=[Expect(status="added", new="sử dụng điện an toàn")],
        ),
        # A whole assignment section handed to another office: every target under it changes lead and support.
        Edit(
            kind="lead_reassigned",
            old="3.1. Giao cho Phòng Kinh tế chủ trì, phối hợp với Phòng Văn hóa - Xã hội",
            new="3.1. Giao cho Phòng Văn hóa - Xã hội chủ trì, phối hợp với Phòng Kinh tế",
            expect=[
                Expect(
                    status="changed",
                    new=phrase,
                    section="B.V.3.1",
                    changes={
                        "lead": ["Phòng Kinh tế", "Phòng Văn hóa - Xã hội"],
                        "support": ["Phòng Văn hóa - Xã hội", "Phòng Kinh tế"],
                    },
                )
                for phrase in ("thu nhập bình quân", "nước sạch", "phân loại chất thải", "thu gom chất thải")
            ],
        ),
    ],
)

REVISIONS = [HA_DONG, THAI_TAN]


def apply_edits(text: str, edits: list[Edit], name: str) -> str:
    """Apply each substitution once; an `old` that is missing or repeated is a bug in the table."""
    for e in edits:
        count = text.count(e.old)
        if count != 1:
            raise SystemExit(f"make_revisions: {name}: {e.kind} edit matches {count} times: {e.old[:60]!r}")
        text = text.replace(e.old, e.new)
    return text


def expectations(rev: Revision) -> dict[str, Any]:
    return {
        "seed": rev.seed,
        "replaces": rev.replaces,
        "warnings": rev.warnings,
        "document_changes": rev.document_changes,
        "edits": [
            {
                "kind": e.kind,
                "targets": [asdict(x) for x in e.expect],
                "schemes": [asdict(x) for x in e.scheme_expect],
            }
            for e in rev.edits
        ],
    }


def render_pdf(txt: Path, out_dir: Path) -> Path:
    """The revised text as PDF, made exactly as the corpus PDFs are (render_corpus)."""
    sys.path.insert(0, str(ROOT / "scripts"))
    import render_corpus

    cfg = render_corpus.SEEDS[txt.stem.removesuffix("-rev")]
    blocks = render_corpus.parse_seed(txt, cfg["mode"], cfg["title_blocks"], cfg["footer"])
    with tempfile.TemporaryDirectory() as tmp:
        docx_path = Path(tmp) / f"{txt.stem}.docx"
        render_corpus.write_docx(blocks, docx_path, cfg["footer"])
        pdf = render_corpus.to_pdf(docx_path, Path(tmp))
        target = out_dir / pdf.name
        shutil.copyfile(pdf, target)
    return target


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--no-pdf", action="store_true", help="only write the revised text and its edit list")
    args = ap.parse_args(argv)
    OUT.mkdir(parents=True, exist_ok=True)
    for rev in REVISIONS:
        seed = CORPUS / f"{rev.seed}.txt"
        text = apply_edits(seed.read_text(encoding="utf-8"), rev.edits, rev.seed)
        txt = OUT / f"{rev.seed}-rev.txt"
        txt.write_text(text, encoding="utf-8")
        edits = OUT / f"{rev.seed}-rev.edits.json"
        edits.write_text(json.dumps(expectations(rev), ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
        print(f"wrote {txt.relative_to(ROOT)} and {edits.name} ({len(rev.edits)} edits)")
        if not args.no_pdf:
            pdf = render_pdf(txt, OUT)
            print(f"wrote {pdf.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
