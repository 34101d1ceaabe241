"""Document metadata from the standard layout of Party documents, and from copies that lost it."""

from __future__ import annotations

from pathlib import Path

import pytest

from pipeline.model import RawBlock, RawDocument, SourceInfo
from pipeline.nlp.metadata import extract_metadata
from pipeline.normalize import canonicalize
from pipeline.readers import read

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ["ha-dong-18-ctr-2026", "thai-tan-ctr-2025"]


def make_doc(*paragraphs: str):
    raw = RawDocument(
        source=SourceInfo(path="made-up.txt", format="txt", sha256="0" * 64),
        blocks=[RawBlock(kind="paragraph", text=p) for p in paragraphs],
    )
    return canonicalize(raw)


@pytest.mark.parametrize("suffix", [".txt", ".docx"])
@pytest.mark.parametrize("stem", SEEDS)
def test_seed_metadata_equals_gold(stem: str, suffix: str, read_gold) -> None:
    doc = read(ROOT / "corpus" / f"{stem}{suffix}")
    gold = read_gold(stem)["metadata"]
    got = extract_metadata(doc)
    assert {k: got[k] for k in gold} == gold
    assert got["title"].startswith("CHƯƠNG TRÌNH HÀNH ĐỘNG")


def test_standard_header() -> None:
    doc = make_doc(
        "ĐẢNG BỘ TỈNH NINH BÌNH",
        "ĐẢNG ỦY XÃ GIA VIỄN",
        "Số 05-NQ/ĐU",
        "ĐẢNG CỘNG SẢN VIỆT NAM",
        "Gia Viễn, ngày 12 tháng 9 năm 2025",
        "NGHỊ QUYẾT",
        "về phát triển nông nghiệp xanh, nhiệm kỳ 2025 - 2030",
        "Căn cứ Nghị quyết số 12-NQ/TU ngày 3/5/2024 của Ban Thường vụ Tỉnh ủy;",
        "Nghị quyết này thay thế Nghị quyết số 02-NQ/ĐU ngày 1/7/2025 của Đảng ủy xã.",
        "T/M ĐẢNG ỦY",
        "K/T BÍ THƯ",
        "PHÓ BÍ THƯ",
        "Trần Văn Nam",
    )
    assert extract_metadata(doc) == {
        "title": "NGHỊ QUYẾT về phát triển nông nghiệp xanh, nhiệm kỳ 2025 - 2030",
        "number": "05-NQ/ĐU",
        "date": "2025-09-12",
        "issuer": "Đảng ủy xã Gia Viễn",
        "place": "Gia Viễn",
        "term": {"start": 2025, "end": 2030},
        "replaces": [{"number": "02-NQ/ĐU", "date": "2025-07-01"}],
        "signer": {"name": "Trần Văn Nam", "title": "Phó Bí thư"},
    }


def test_number_and_date_on_one_header_line() -> None:
    meta = extract_metadata(
        make_doc("Số: 118-KH/HU Kiến Xương, ngày 02/10/2025", "KẾ HOẠCH", "thực hiện chuyển đổi số")
    )
    assert (meta["number"], meta["date"], meta["place"]) == ("118-KH/HU", "2025-10-02", "Kiến Xương")


def test_nothing_invented_without_header() -> None:
    """A cited number and an event date are not the document's own number and date."""
    meta = extract_metadata(
        make_doc(
            "KẾ HOẠCH",
            "Tại Đại hội diễn ra trong hai ngày 18 và 19 tháng 8 năm 2025, Đại hội đã thông qua Nghị quyết.",
            "Căn cứ Chỉ thị số 01-CT/TW, ngày 23/01/2026 của Bộ Chính trị;",
        )
    )
    assert (meta["number"], meta["date"], meta["issuer"], meta["signer"], meta["replaces"]) == (
        None,
        None,
        None,
        None,
        [],
    )


def test_header_in_a_two_column_table() -> None:
    """Word files put the header in a borderless table: issuer and number left, place and date right."""
    from pipeline.model import RawCell

    header = [
        RawCell(text="ĐẢNG BỘ THÀNH PHỐ HẢI PHÒNG\nĐẢNG ỦY XÃ HÀ ĐÔNG\n*\nSố 18-CTr/ĐU", row=0, col=0),
        RawCell(text="ĐẢNG CỘNG SẢN VIỆT NAM\nHà Đông, ngày 31 tháng 3 năm 2026", row=0, col=1),
    ]
    raw = RawDocument(
        source=SourceInfo(path="made-up.docx", format="docx", sha256="0" * 64),
        blocks=[
            RawBlock(kind="table", rows=[header], header_rows=0),
            RawBlock(kind="heading", text="CHƯƠNG TRÌNH HÀNH ĐỘNG"),
            RawBlock(
                kind="paragraph",
                text="thực hiện Nghị quyết Đại hội Đảng bộ xã lần thứ I, nhiệm kỳ 2025 - 2030",
            ),
            RawBlock(kind="paragraph", text="Căn cứ Chỉ thị số 01-CT/TW, ngày 23/01/2026 của Bộ Chính trị;"),
        ],
    )
    meta = extract_metadata(canonicalize(raw))
    assert (meta["number"], meta["date"], meta["place"], meta["issuer"]) == (
        "18-CTr/ĐU",
        "2026-03-31",
        "Hà Đông",
        "Đảng ủy xã Hà Đông",
    )


def test_state_header_with_the_level_on_its_own_line() -> None:
    doc = make_doc(
        "ỦY BAN NHÂN DÂN",
        "TỈNH QUẢNG TRỊ",
        "Số: 87/KH-UBND",
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Quảng Trị, ngày 02 tháng 6 năm 2026",
        "KẾ HOẠCH",
        "Phát triển du lịch giai đoạn 2026 - 2030",
    )
    got = extract_metadata(doc)
    assert got["issuer"] == "Ủy ban nhân dân tỉnh Quảng Trị"
    assert (got["number"], got["date"], got["place"]) == ("87/KH-UBND", "2026-06-02", "Quảng Trị")


def test_a_header_read_as_one_line_and_a_title_run_into_its_subtitle() -> None:
    """A PDF reader may give the issuer and the national heading one line, and the type heading
    and its subtitle one paragraph: the issuer ends before the heading, the title starts at its type."""
    doc = make_doc(
        "ỦY BAN NHÂN DÂN TỈNH AN GIANG CỘNG HOÀ XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Số: 41/BC-UBND",
        "An Giang, ngày 12 tháng 01 năm 2026",
        "BÁO CÁO Tình hình cải cách hành chính của tỉnh năm 2025",
        "Thực hiện Kế hoạch số 20/KH-UBND ngày 15/01/2025 của UBND tỉnh, UBND tỉnh báo cáo như sau:",
    )
    got = extract_metadata(doc)
    assert got["issuer"] == "Ủy ban nhân dân tỉnh An Giang"
    assert got["title"] == "BÁO CÁO Tình hình cải cách hành chính của tỉnh năm 2025"
    assert (got["number"], got["date"]) == ("41/BC-UBND", "2026-01-12")
