"""Scanned PDF pages are read by Tesseract (vie) and give the targets of the printed text."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from rapidfuzz import fuzz

from pipeline.errors import DocumentError
from pipeline.model import RawDocument
from pipeline.normalize import canonicalize, compare_key
from pipeline.readers import ocr, read_raw

CORPUS = Path(__file__).resolve().parent.parent / "corpus"
SCAN = CORPUS / "scanned" / "thai-tan-ctr-2025-scan.pdf"
SCANNED_PAGES = {1: 1, 2: 3, 3: 4}  # page of the scan -> page of the text PDF (scripts/render_corpus.py)

needs_tesseract = pytest.mark.skipif(
    shutil.which("tesseract") is None, reason="tesseract not installed (apt-get install tesseract-ocr tesseract-ocr-vie)"
)

OCR_PAGE = """3

_ (5) Hằng năm, đạt tỷ lệ 100% hồ sơ giải quyết thủ tục hành chính được cập -

nhật, xử lý trên Hệ thống thông tin giải quyết thủ tục hành chính.

L. Mục đích

-- Giá trị sản xuất nông nghiệp tăng bình quân 2,5 %/năm. :
K)
(3) Đến năm 2030 giá trị sản phẩm trên 1ha đạt 230 triệu đồng. _ _

Tài liệu này thuộc sở hữu của các cơ quan Đảng.
"""


def test_ocr_text_is_cut_into_blocks_without_scanner_specks() -> None:
    blocks = ocr.ocr_blocks(OCR_PAGE, page=2, furniture=frozenset({"Tài liệu này thuộc sở hữu của các cơ quan Đảng."}))
    assert [(b.label, b.text) for b in blocks] == [
        (
            "(5)",
            "(5) Hằng năm, đạt tỷ lệ 100% hồ sơ giải quyết thủ tục hành chính được cập "
            "nhật, xử lý trên Hệ thống thông tin giải quyết thủ tục hành chính.",
        ),
        ("I.", "I. Mục đích"),
        ("-", "- Giá trị sản xuất nông nghiệp tăng bình quân 2,5 %/năm."),
        ("(3)", "(3) Đến năm 2030 giá trị sản phẩm trên 1ha đạt 230 triệu đồng."),
    ]
    assert {b.page for b in blocks} == {2}


def test_missing_tesseract_is_one_clear_line_saying_how_to_install(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(ocr.shutil, "which", lambda name: None)
    with pytest.raises(DocumentError) as err:
        read_raw(SCAN)
    message = str(err.value)
    assert message.startswith(f"{SCAN}: scanned pages 1, 2, 3 need OCR")
    assert "apt-get install tesseract-ocr tesseract-ocr-vie" in message and "\n" not in message


@pytest.fixture(scope="module")
def scan() -> RawDocument:
    """The scan read once (OCR takes seconds a page)."""
    return read_raw(SCAN)


@needs_tesseract
def test_scanned_pages_get_text_blocks_and_say_they_were_ocred(scan: RawDocument) -> None:
    raw = scan
    assert {b.page for b in raw.blocks} == {1, 2, 3}
    assert all(q.ok and "text from OCR (tesseract vie)" in q.reasons for q in raw.page_quality)
    text = "\n".join(b.text for b in raw.blocks)
    assert "(11) Đến năm 2030 tỷ lệ dân số tham gia bảo hiểm y tế đạt 98%." in text
    assert any("OCR" in w for w in raw.warnings)


def _same_target(a: dict, b: dict) -> bool:
    return (
        a["value"] == b["value"]
        and a["unit"] == b["unit"]
        and fuzz.token_set_ratio(compare_key(a["indicator"] or ""), compare_key(b["indicator"] or "")) >= 80
    )


@needs_tesseract
def test_targets_from_the_scan_match_the_text_pdf_with_recall_at_least_0_9(scan: RawDocument) -> None:
    from pipeline.extract import extract_document, extract_file

    scanned = extract_document(canonicalize(scan))["targets"]
    printed = [
        t
        for t in extract_file(CORPUS / "thai-tan-ctr-2025.pdf")["targets"]
        if t["source"]["page"] in SCANNED_PAGES.values()
    ]
    assert len(printed) >= 20
    unused = list(scanned)
    found = 0
    for t in printed:
        match = next(
            (s for s in unused if SCANNED_PAGES.get(s["source"]["page"]) == t["source"]["page"] and _same_target(t, s)),
            None,
        )
        if match is not None:
            unused.remove(match)
            found += 1
    assert found / len(printed) >= 0.9, f"recall {found}/{len(printed)}"
