"""The PDFium engine: pdfplumber's characters at PDFium speed, and which pages it hands over."""

from __future__ import annotations

import ctypes
import math
from dataclasses import astuple
from pathlib import Path
from unittest import mock

import pdfplumber
import pytest
from test_readers_office import REAL
from test_readers_pdf import FULL, _grid, _pdf

from pipeline.readers import pdf_pdfium
from pipeline.readers.pdf_page import Char
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
    descents = font_descents(path)

    def read(page: object, page_chars: object) -> tuple:
        with mock.patch.object(pdf_pdfium, "page_chars", page_chars):
            chars, handover = pdf_pdfium._chars(page, page.get_mediabox()[3], descents, strict=strict)
        return [_bits(astuple(c)) for c in chars], handover

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


def _bits(values: tuple) -> tuple:
    """Floats by their bits (0.0 == -0.0, but a box edge at -0.0 is not one at 0.0)."""
    return tuple(v.hex() if isinstance(v, float) else v for v in values)


def _compiled():
    """The compiled pass; where nothing built it, what tests hold it to has nothing to compare."""
    return pytest.importorskip("pipeline.readers._pdfium_chars", reason="not built (no C compiler)")


def test_the_character_pass_is_compiled():
    """setup.py builds it with the package; without it every PDF page costs twice the time."""
    from pipeline.readers import _pdfium_chars

    assert pdf_pdfium.page_chars is _pdfium_chars.page_chars


def test_the_compiled_character_pass_refuses_a_text_that_does_not_fit_its_page():
    with pytest.raises(ValueError, match="one code point per character"):
        _compiled().page_chars(0, 3, "ab", pdf_pdfium.FUNCTIONS, 842.0, True, None, None, None, 0.15)


RENDERINGS = Path(__file__).resolve().parent / "data" / "renderings"
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


# --- both character passes on made-up text pages: PDFium's answers given by callbacks ----

_V, _I, _D, _F = ctypes.c_void_p, ctypes.c_int, ctypes.c_double, ctypes.c_float
_DP = ctypes.POINTER(_D)
# pdf_pdfium's name of each function of FUNCTIONS, its C signature, and how pdf_pdfium declares it
_FAKES = (
    ("_text_object", (_V, _V, _I), (_V, _V, _I)),
    ("_loose_box", (_I, _V, _I, ctypes.POINTER(_F)), (_I, _V, _I, _V)),
    ("_origin", (_I, _V, _I, _DP, _DP), (_I, _V, _I, _V, _V)),
    ("_is_generated", (_I, _V, _I), (_I, _V, _I)),
    ("_char_box", (_I, _V, _I, _DP, _DP, _DP, _DP), (_I, _V, _I, _V, _V, _V, _V)),
    ("_map_error", (_I, _V, _I), (_I, _V, _I)),
)


class _FakeTextPage:
    """A text page whose characters are what ``page`` says, for both passes: its functions are C
    callbacks, whose addresses the compiled pass takes and which pdf_pdfium's globals become."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.page: dict = {}
        answers = (self._text_object, self._loose_box, self._origin, self._is_generated, self._char_box, self._map_error)
        self.callbacks = [ctypes.CFUNCTYPE(*c_sig)(fn) for (_, c_sig, _), fn in zip(_FAKES, answers, strict=True)]
        self.functions = tuple(ctypes.cast(cb, _V).value for cb in self.callbacks)
        for (name, _, declared), cb in zip(_FAKES, self.callbacks, strict=True):
            monkeypatch.setattr(pdf_pdfium, name, pdf_pdfium._plain(cb, *declared))

    def _text_object(self, tp, i):
        return self.page["obj"][i]  # 0: none (what font_of is then given: None, as ctypes gives it)

    def _loose_box(self, tp, i, box):
        box[0], box[1], box[2], box[3] = self.page["box"][i][0], 0.0, self.page["box"][i][1], 0.0
        return 1

    def _origin(self, tp, i, x, y):
        if self.page["origin"][i] is None:  # PDFium fails: the last origin stays
            return 0
        x[0], y[0] = self.page["origin"][i]
        return 1

    def _is_generated(self, tp, i):
        return self.page["generated"][i]

    def _char_box(self, tp, i, left, right, bottom, top):
        if self.page["ink"][i] is None:
            return 0
        right[0] = self.page["ink"][i]
        return 1

    def _map_error(self, tp, i):
        return self.page["map_error"][i]

    def both(self, page: dict, fonts: dict, strict: bool = True, **given: object) -> tuple:
        """What the compiled pass and the Python one give for the page (or the error each raises)."""
        import unicodedata

        self.page = page
        args = {"font_of": lambda i, obj: fonts[obj], "combining": unicodedata.combining, "char_type": Char} | given
        out = []
        for page_chars in (_compiled().page_chars, pdf_pdfium._page_chars):
            try:
                got = page_chars(
                    1, len(page["text"]), page["text"], self.functions, 842.0, strict,
                    args["font_of"], args["combining"], args["char_type"], pdf_pdfium.SPACE_EM,
                )  # fmt: skip
            except Exception as exc:  # the same error from both, or a bug
                out.append(repr(exc))
                continue
            out.append(got if isinstance(got, str) else ([_bits(astuple(c)) for c in got[0]], got[1]))
        return tuple(out)


def _page(text: str, box: list, **answers: list) -> dict:
    n = len(text)
    page = {"text": text, "box": box, "obj": [101] * n, "origin": [(b[0], 100.0) for b in box]}
    page.update(generated=[0] * n, ink=[None] * n, map_error=[0] * n)
    page.update(answers)
    return page


FONT = {101: ("Times-Roman", 12.0, -0.216)}


def test_a_glyph_whose_box_ends_at_minus_zero_keeps_it_in_the_compiled_pass(monkeypatch):
    compiled, python = _FakeTextPage(monkeypatch).both(_page("aa", [(0.0, 0.0), (0.0, -0.0)]), FONT)
    assert compiled == python
    assert python[0][1][2] == (-0.0).hex()


def test_the_compiled_pass_reads_back_the_right_edge_its_character_type_keeps(monkeypatch):
    """A blank is measured from last.x1, as the character holds it (here rounded), in both passes."""

    class Rounded(Char):
        __slots__ = ()

        def __init__(self, text, x0, x1, *rest):
            super().__init__(text, x0, round(x1), *rest)

    page = _page("abc", [(0.0, 5.4), (5.4, 9.6), (10.45, 14.0)])
    compiled, python = _FakeTextPage(monkeypatch).both(page, {101: ("F", 1.0, 0.0)}, char_type=Rounded)
    assert compiled == python
    assert python[1] == [(1, False), (2, False)]


def test_the_compiled_pass_unpacks_the_font_as_the_python_one(monkeypatch):
    """Any sequence of name, size and descent; None or an empty one: no font."""
    fake = _FakeTextPage(monkeypatch)
    page = _page("ab\u0301c", [(0, 5), (5, 10), (5, 10), (20, 25)])
    for font in (["Times-Roman", 12.0, -0.2], ("Times-Roman", 12, 0), (), None, ("Times-Roman", 12.0), "abcd"):
        compiled, python = fake.both(page, {101: font}, strict=False)
        assert compiled == python


def test_an_error_in_the_combining_test_is_raised_by_the_compiled_pass(monkeypatch):
    class NoTruth:
        def __bool__(self):
            raise ArithmeticError("no truth")

    page = _page("ab\u0301", [(0, 5), (5, 10), (5, 10)])
    compiled, python = _FakeTextPage(monkeypatch).both(page, FONT, combining=lambda ch: NoTruth())
    assert compiled == python == "ArithmeticError('no truth')"


_EDGES = [0.0, -0.0, 1.0, 5.0, 5.005, 10.0, 12.0, math.nan, math.inf, -math.inf]
_CODE_POINTS = [*"ab -", "\u0301", "\u0309", "\xa0", "\x02", "\ufffe", "\ue000", "\x01", "\u2003", "\ufb01", "\ufffd", "\n"]


def test_the_two_passes_agree_on_any_text_page(monkeypatch):
    """Generated spaces, marks mapped on their own, hyphen stand-ins, glyphs PDFium cannot map, fonts
    that are not upright, characters of no object, boxes at +-0, NaN or infinity, failing calls."""
    from hypothesis import HealthCheck, given, settings
    from hypothesis import strategies as st

    edge = st.sampled_from(_EDGES) | st.floats(-20, 40, width=32)

    @st.composite
    def pages(draw):
        n = draw(st.integers(0, 25))
        objects, obj = [], draw(st.sampled_from([0, 101]))  # 0: no object
        for _ in range(n):
            obj = draw(st.sampled_from([0, 101, 102, 103])) if draw(st.integers(0, 4)) == 0 else obj
            objects.append(obj)
        each = lambda s: draw(st.lists(s, min_size=n, max_size=n))  # noqa: E731
        return {
            "text": "".join(each(st.sampled_from(_CODE_POINTS))),
            "obj": objects,
            "box": each(st.tuples(edge, edge)),
            "origin": each(st.none() | st.tuples(edge, edge)),
            "generated": each(st.sampled_from([0, 0, 0, 1, -1])),
            "ink": each(st.none() | edge),
            "map_error": each(st.sampled_from([0, 0, 0, 1])),
        }

    fonts = st.fixed_dictionaries(
        {
            None: st.none() | st.just(("F0", 12.0, -0.2)),  # characters of no object
            101: st.none() | st.tuples(st.just("F1"), edge, edge),
            102: st.just(("F2", 10.0, -0.25)),
            103: st.tuples(st.just("F3"), edge, st.just(0.0)),
        }
    )
    fake = _FakeTextPage(monkeypatch)

    @settings(max_examples=300, deadline=None, derandomize=True, suppress_health_check=list(HealthCheck))
    @given(pages(), fonts, st.booleans())
    def agree(page: dict, fonts: dict, strict: bool) -> None:
        compiled, python = fake.both(page, fonts, strict)
        assert compiled == python

    agree()


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
