"""The one compiled module, the PDFium reader's character pass; everything else is in pyproject.toml.

It is optional: where it cannot be built (no C compiler), the reader runs the same
loop in Python (``pipeline.readers.pdf_pdfium``), slower.
"""

from setuptools import Extension, setup

setup(
    ext_modules=[
        Extension(
            "pipeline.readers._pdfium_chars",
            ["pipeline/readers/_pdfium_chars.c"],
            extra_compile_args=["-O2"],
            optional=True,
        )
    ]
)
