"""Shared test settings and fixtures.

Tests that need a system tool (Tesseract, Chromium) skip on a developer machine without it,
but on CI (CI=true) a missing tool is an install step that failed, so the skip becomes a
failure: a green CI run must have run them.
"""

import json
import os
from collections.abc import Callable
from pathlib import Path

import pytest

GOLD_DIR = Path(__file__).resolve().parent / "gold"


@pytest.fixture
def read_gold() -> Callable[[str], dict]:
    """Reads the gold annotation of a seed document by its stem (tests/gold/<stem>.json)."""

    def read(stem: str) -> dict:
        return json.loads((GOLD_DIR / f"{stem}.json").read_text(encoding="utf-8"))

    return read


@pytest.fixture
def appendix_header() -> list[str]:
    """The header row of the Hà Đông program's appendix table of schemes, as the document writes it."""
    return [
        "STT",
        "Tên Đề án, Kế hoạch",
        "Mục tiêu",
        "Thời gian thực hiện",
        "Cơ quan chủ trì",
        "Cơ quan thường trực",
        "Cơ quan phối hợp thực hiện",
    ]


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    report = outcome.get_result()
    if os.environ.get("CI") and report.skipped and call.excinfo is not None:
        reason = str(call.excinfo.value)
        if "install" in reason:
            report.outcome = "failed"
            report.longrepr = f"on CI a required system tool is missing: {reason}"


@pytest.fixture
def extract_text(tmp_path_factory) -> Callable[[str, str], dict]:
    """Extracts a small document written for a test, from a file (its id comes from the name)."""
    from pipeline.extract import extract_file

    def extract(text: str, name: str = "van-ban.txt") -> dict:
        path = tmp_path_factory.mktemp("docs") / name
        path.write_text(text, encoding="utf-8")
        return extract_file(path)

    return extract
