"""Fuzzing the readers: a damaged document is read, or refused in one line naming it; nothing else.

hypothesis damages small real documents (tests/fuzzing.py says how) and each result goes
the whole way a batch takes it: read, extract, validate against the output schema. A
traceback, an invalid result or a hang fails. Examples are derandomised, so `make test`
is repeatable; `make fuzz` runs a longer random campaign.
"""

from __future__ import annotations

import signal
from pathlib import Path

import pytest
from fuzzing import KINDS, XML_KINDS, base, damaged
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pipeline.errors import DocumentError
from pipeline.export import validate
from pipeline.extract import extract_file

SECONDS_PER_DOCUMENT = 30  # the small bases read in well under a second: past this it hangs
EXAMPLES = {"txt": 300, "docx": 300, "pdf": 120}


def ops(kinds):
    op = st.tuples(st.sampled_from(kinds), st.floats(0, 1, allow_nan=False), st.binary(min_size=1, max_size=8))
    return st.lists(op, min_size=1, max_size=6)


class Hang(Exception):
    pass


def _on_alarm(signum, frame):
    raise Hang(f"no answer in {SECONDS_PER_DOCUMENT} s")


def read_the_whole_way(path: Path) -> None:
    """What a batch does with one document, within the time limit: DocumentError is the only way out."""
    previous = signal.signal(signal.SIGALRM, _on_alarm)
    signal.alarm(SECONDS_PER_DOCUMENT)
    try:
        result = extract_file(path)
    except DocumentError as err:
        message = str(err)
        assert message.startswith(f"{path}: ") and "\n" not in message and "Traceback" not in message
        return
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)
    validate(result)


def read_damaged(tmp_path_factory, fmt: str, data: bytes) -> None:
    """Write damaged bytes as a file of that format and read it the whole way."""
    path = tmp_path_factory.mktemp("fuzz") / f"damaged.{fmt}"
    path.write_bytes(data)
    read_the_whole_way(path)


def fuzz_settings(fmt: str):
    return settings(
        max_examples=EXAMPLES[fmt],
        deadline=None,
        derandomize=True,
        database=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.function_scoped_fixture],
    )


@pytest.mark.parametrize("fmt", ["txt", "docx", "pdf"])
def test_each_base_reads_whole(tmp_path, fmt):
    path = tmp_path / f"base.{fmt}"
    path.write_bytes(base(fmt))
    assert extract_file(path)["targets"]


@fuzz_settings("txt")
@given(damage=ops(KINDS))
def test_damaged_text(tmp_path_factory, damage):
    read_damaged(tmp_path_factory, "txt", damaged("txt", damage))


@fuzz_settings("docx")
@given(damage=ops(XML_KINDS), zip_damage=st.lists(ops(KINDS), max_size=1))
def test_damaged_word_document(tmp_path_factory, damage, zip_damage):
    read_damaged(tmp_path_factory, "docx", damaged("docx", damage, zip_damage[0] if zip_damage else ()))


@fuzz_settings("pdf")
@given(damage=ops(KINDS))
def test_damaged_pdf(tmp_path_factory, damage):
    read_damaged(tmp_path_factory, "pdf", damaged("pdf", damage))
