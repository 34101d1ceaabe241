"""The compiled parts of the PDF reader; everything else is in pyproject.toml.

Two loops run once per glyph of every page: PDFium's character pass
(``readers/_pdfium_chars.c``, twin of ``pdf_pdfium._page_chars``) and the cutting of
characters into printed lines (``readers/_text_lines.c``, twin of
``pdf_page._text_lines``). Both are optional: where they cannot be built (no C
compiler), the reader runs their Python twins, which give the same result, slower.
"""

from setuptools import Extension, setup

setup(
    ext_modules=[
        Extension(f"pipeline.readers.{name}", [f"pipeline/readers/{name}.c"], extra_compile_args=["-O2"], optional=True)
        for name in ("_pdfium_chars", "_text_lines")
    ]
)
