"""Shared test settings.

Tests that need a system tool (Tesseract, Chromium) skip on a developer machine without it,
but on CI (CI=true) a missing tool is an install step that failed, so the skip becomes a
failure: a green CI run must have run them.
"""

import os

import pytest


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    report = outcome.get_result()
    if os.environ.get("CI") and report.skipped and call.excinfo is not None:
        reason = str(call.excinfo.value)
        if "install" in reason:
            report.outcome = "failed"
            report.longrepr = f"on CI a required system tool is missing: {reason}"
