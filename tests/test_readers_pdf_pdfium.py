"""The PDFium engine: pdfplumber's characters at PDFium speed, and which pages it hands over."""

from __future__ import annotations

from pathlib import Path

import pdfplumber
import pytest
from test_readers_pdf import FULL, _grid, _pdf

from pipeline.readers import pdf_pdfium
from pipeline.readers.pdf_pdfplumber import font_descents, to_char

CORPUS = Path(__file__).resolve().parent.parent / "corpus"
HA_DONG = CORPUS / "ha-dong-18-ctr-2026.pdf"
THAI_TAN = CORPUS / "thai-tan-ctr-2025.pdf"
APPENDIX_PAGES = [18, 19, 20, 21]  # the Hà Đông appendix table, ruled, over four landscape pages


def _pages(path: Path) -> list[pdf_pdfium.PdfiumPage]:
    pdf = pdf_pdfium.open_pdf(path)
    try:
        return [pdf_pdfium.read_page(pdf, n, path, font_descents(path)) for n in range(1, len(pdf) + 1)]
    finally:
        pdf.close()


def test_the_corpus_is_read_by_pdfium_alone_and_ruled_tables_by_the_table_finder():
    for path in (HA_DONG, THAI_TAN):
        pages = _pages(path)
        assert [p.handover for p in pages] == [None] * len(pages)
        assert all(p.text.engine == "pdfium" for p in pages)
    tables = {p.text.number: p.text.tables for p in _pages(HA_DONG) if p.text.tables}
    assert sorted(tables) == APPENDIX_PAGES
    assert [len(t.col_edges) - 1 for part in tables.values() for t in part] == [7, 7, 7, 7]


@pytest.mark.parametrize("path", [HA_DONG, THAI_TAN], ids=lambda p: p.name)
def test_pdfium_characters_are_pdfminers_characters(path):
    """Text, font, size, top and bottom equal (to a hundredth of a point), and so are left edges
    but for a hair of ink left of a glyph's origin that its loose box shows (under 0.1 pt); right
    edges too, but where the ink of a glyph reaches past its advance at the end of a word or a
    line (the hook of "ư", an italic "f"): PDFium's loose box is the advance joined with the ink."""
    exact = close = total = 0
    with pdfplumber.open(path) as plumber:
        pdf = pdf_pdfium.open_pdf(path)
        try:
            for number, page in enumerate(plumber.pages, start=1):
                theirs = [to_char(c) for c in page.chars if c["text"].strip()]
                pdfium_page = pdf_pdfium.load_page(pdf, number, path)
                chars, handover = pdf_pdfium._chars(pdfium_page, pdfium_page.get_mediabox()[3], font_descents(path))
                pdfium_page.close()
                ours = [c for c in chars if c.text.strip()]
                assert handover is None
                assert [(c.text, c.fontname, c.size) for c in ours] == [
                    (c.text, c.fontname.split("+")[-1], pytest.approx(c.size, abs=0.01)) for c in theirs
                ]
                for a, b in zip(ours, theirs, strict=True):
                    assert (a.top, a.bottom) == pytest.approx((b.top, b.bottom), abs=0.01)
                    assert a.x0 == pytest.approx(b.x0, abs=0.1)
                    assert a.x1 == pytest.approx(b.x1, abs=1.0)
                    exact += abs(a.x0 - b.x0) < 0.01
                    close += abs(a.x1 - b.x1) < 0.05
                total += len(ours)
        finally:
            pdf.close()
    assert exact > 0.995 * total
    assert close > 0.98 * total


def _character_passes(path: Path, strict: bool) -> list[tuple[tuple, tuple]]:
    """Each page's characters and blanks from the compiled character pass and from the Python one."""
    from dataclasses import astuple

    descents = font_descents(path)

    def read(page: object, page_chars: object) -> tuple:
        original = pdf_pdfium.page_chars
        pdf_pdfium.page_chars = page_chars
        try:
            chars, handover = pdf_pdfium._chars(page, page.get_mediabox()[3], descents, strict=strict)
        finally:
            pdf_pdfium.page_chars = original
        return [astuple(c) for c in chars], handover

    pdf = pdf_pdfium.open_pdf(path)
    try:
        out = []
        for number in range(1, len(pdf) + 1):
            page = pdf_pdfium.load_page(pdf, number, path)
            out.append((read(page, _compiled().page_chars), read(page, pdf_pdfium._page_chars)))
            page.close()
        return out
    finally:
        pdf.close()


def _compiled():
    from pipeline.readers import _pdfium_chars

    return _pdfium_chars


def test_the_character_pass_is_compiled():
    """setup.py builds it with the package; without it every PDF page costs twice the time."""
    assert pdf_pdfium.page_chars is _compiled().page_chars


def test_the_compiled_character_pass_refuses_a_text_that_does_not_fit_its_page():
    with pytest.raises(ValueError, match="one code point per character"):
        _compiled().page_chars(0, 3, "ab", pdf_pdfium.FUNCTIONS, 842.0, True, None, None, None, 0.15)


RENDERINGS = Path(__file__).resolve().parent / "data" / "renderings"
REAL = Path(__file__).resolve().parents[2] / "shared" / "real"
LAYOUTS = sorted([*CORPUS.glob("*.pdf"), *RENDERINGS.glob("*.pdf"), *REAL.glob("*.pdf")])


@pytest.mark.parametrize("path", LAYOUTS, ids=lambda p: p.name)
def test_the_compiled_character_pass_gives_what_the_python_one_gives(path):
    """Every character, to the last bit of its box, and every blank, on the corpus, the seeds'
    renderings and the province office's signed PDFs and scans (where ../shared is beside us),
    strict (handing hard pages over) and not."""
    for strict in (True, False):
        pages = _character_passes(path, strict)
        assert pages
        for compiled, python in pages:
            assert compiled == python


def _edges_of(tmp_path: Path, rects: list[tuple[float, float, float, float]], lines: list | None = None) -> list:
    path = tmp_path / "drawn.pdf"
    path.write_bytes(_pdf([lines or []], rects=[rects]))
    pdf = pdf_pdfium.open_pdf(path)
    try:
        page = pdf_pdfium.load_page(pdf, 1, path)
        _, edges = pdf_pdfium._drawings(page.raw, page.get_mediabox()[3])
        page.close()
        return edges
    finally:
        pdf.close()


def test_ruled_cells_may_form_a_table_but_one_box_or_rules_under_a_title_do_not(tmp_path):
    _, two_cells = _grid([["1", "Viec mot"]], 100, widths=(40, 200))
    assert pdf_pdfium.may_form_table(_edges_of(tmp_path, two_cells))
    assert not pdf_pdfium.may_form_table(_edges_of(tmp_path, [(60, 100, 240, 30)]))  # a framed title
    underlines = [(200, 80, 120, 0.5), (150, 140, 220, 0.5)]  # the rules under the motto and the issuer
    assert not pdf_pdfium.may_form_table(_edges_of(tmp_path, underlines))


def test_edges_are_pdfplumbers_edges(tmp_path):
    _, boxes = _grid([["1", "a", "b"], ["2", "c", "d"]], 300)
    path = tmp_path / "grid.pdf"
    path.write_bytes(_pdf([[]], rects=[boxes]))
    with pdfplumber.open(path) as plumber:
        theirs = sorted(
            (e["orientation"], round(e["x0"], 2), round(e["x1"], 2), round(e["top"], 2), round(e["bottom"], 2))
            for e in plumber.pages[0].edges
        )
    ours = sorted(
        (e["orientation"], round(e["x0"], 2), round(e["x1"], 2), round(e["top"], 2), round(e["bottom"], 2))
        for e in _edges_of(tmp_path, boxes)
    )
    assert ours == theirs


def _tj_lines(tmp_path: Path, *arrays: bytes) -> list[str]:
    """The lines PDFium reads from TJ arrays (12 pt Helvetica), one array a line."""
    ops = b"".join(b"BT /F1 12 Tf 60 %d Td [%s] TJ ET\n" % (700 - 20 * n, a) for n, a in enumerate(arrays))
    path = tmp_path / "tj.pdf"
    path.write_bytes(_pdf([[]], raw=[ops]))
    (page,) = _pages(path)
    return [ln.text for ln in page.text.lines]


def test_a_space_pdfium_leaves_out_is_put_back_where_the_blank_shows_it(tmp_path):
    """A blank of 0.2 em between two glyphs of a word-tight line is a word space (PDFium drops
    such printed spaces before an overlapping glyph, or after a footnote mark); pdfplumber,
    which splits words only at blanks over 3 pt, reads the made-up line below as "Chiso"."""
    assert _tj_lines(tmp_path, b"(Chi) -200 (so)") == ["Chi so"]


def test_wide_letter_spacing_is_no_word_space(tmp_path):
    """Word and LibreOffice set expanded letter spacing with the character spacing operator."""
    path = tmp_path / "spaced.pdf"
    path.write_bytes(_pdf([[]], raw=[b"BT /F1 12 Tf 2.6 Tc 60 700 Td (QUYET DINH) Tj ET\n"]))
    (page,) = _pages(path)
    assert [ln.text for ln in page.text.lines] == ["QUYET DINH"]
    assert _tj_lines(tmp_path, b"(Tha) 40 (nh)") == ["Thanh"]  # kerned tight: one word


def test_full_line_is_one_line_of_pdfium_text(tmp_path):
    path = tmp_path / "line.pdf"
    path.write_bytes(_pdf([[(60, 100, FULL, False)]]))
    (page,) = _pages(path)
    assert [ln.text for ln in page.text.lines] == [FULL]
