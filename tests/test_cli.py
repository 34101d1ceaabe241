"""The CLI and the README agree: every command is documented, and the README opens with the
two commands a newcomer runs."""

import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from pipeline.cli import build_parser, main

ROOT = Path(__file__).resolve().parents[1]
README = (ROOT / "README.md").read_text(encoding="utf-8")


def commands() -> list[str]:
    sub = next(a for a in build_parser()._actions if a.dest == "command")
    return sorted(sub.choices)


@pytest.mark.parametrize("command", commands())
def test_every_command_is_in_the_readme(command):
    assert f"`chitieu {command}" in README


def test_readme_starts_with_make_extract_and_make_test():
    first_block = re.search(r"```sh\n(.*?)```", README, re.S).group(1)
    lines = [line.split("#")[0].strip() for line in first_block.splitlines()]
    assert lines[:2] == ["make extract", "make test"]


def test_usage_errors_exit_2(capsys):
    with pytest.raises(SystemExit) as exc:
        main(["extract"])
    assert exc.value.code == 2
    assert "INPUT" in capsys.readouterr().err


def test_read_prints_the_outline_of_a_corpus_document(capsys):
    assert main(["read", str(ROOT / "corpus/thai-tan-ctr-2025.txt"), "--outline"]) == 0
    out = capsys.readouterr().out
    assert "B.I.2.1" in out and "target_list" in out


SHARED_CONTRACT = ROOT.parent / "shared" / "ANNOTATION.md"


def test_the_annotation_contract_is_part_of_the_project():
    copy = ROOT / "docs" / "ANNOTATION.md"
    assert "# " in copy.read_text(encoding="utf-8")
    assert "docs/ANNOTATION.md" in README and "shared/ANNOTATION.md" not in README
    assert "tests/gold" in README
    if SHARED_CONTRACT.is_file():  # the copy follows the shared contract word for word
        assert copy.read_bytes() == SHARED_CONTRACT.read_bytes()


def test_eval_help_points_to_the_contract_and_the_seeds_gold(capsys):
    with pytest.raises(SystemExit):
        main(["eval", "--help"])
    out = " ".join(capsys.readouterr().out.split())
    assert "docs/ANNOTATION.md" in out and "tests/gold" in out
    for name in ("ANNOTATION.md", "gold"):
        assert f"shared/{name}" not in out


# --- one convention for errors ---------------------------------------------------------

SEED = ROOT / "corpus" / "thai-tan-ctr-2025.txt"
# Each command with one input missing ({missing}), the others real.
WITH_MISSING_INPUT = {
    "extract": ["extract", "{missing}", "-o", "{tmp}/out"],
    "diff": ["diff", str(SEED), "{missing}"],
    "check": ["check", "{missing}"],
    "read": ["read", "{missing}"],
    "eval": ["eval", "{missing}"],
}


def test_every_command_has_a_missing_input_case():
    assert set(WITH_MISSING_INPUT) == set(commands())


@pytest.mark.parametrize("command", sorted(WITH_MISSING_INPUT))
@pytest.mark.parametrize("name", ["gone.pdf", "gone.json", "gone-folder"])
def test_a_missing_input_is_one_line_and_exit_2_in_every_command(tmp_path, capsys, command, name):
    missing = tmp_path / name
    argv = [a.format(missing=missing, tmp=tmp_path) for a in WITH_MISSING_INPUT[command]]
    assert main(argv) == 2
    captured = capsys.readouterr()
    assert captured.err == f"chitieu {command}: {missing}: no such file or folder\n"
    assert captured.out == ""


def test_eval_with_a_missing_gold_folder_is_the_same_error(tmp_path, capsys):
    assert main(["eval", str(SEED), "--gold", str(tmp_path / "no-gold")]) == 2
    assert capsys.readouterr().err == f"chitieu eval: {tmp_path / 'no-gold'}: no such file or folder\n"


@pytest.mark.parametrize("command", ["read", "check", "diff"])
def test_a_document_that_cannot_be_read_is_one_line_and_exit_2(tmp_path, capsys, command):
    bad = tmp_path / "renamed.docx"
    bad.write_text("Chương trình hành động\n" * 20, encoding="utf-8")
    argv = [command, str(SEED), str(bad)] if command == "diff" else [command, str(bad)]
    assert main(argv) == 2
    assert capsys.readouterr().err == f"chitieu {command}: {bad}: .docx is not a zip archive (renamed or damaged file)\n"


def test_the_chitieu_program_ends_with_everything_written_and_main_s_status(tmp_path):
    """The program ends without tearing down its interpreter (cli.command): outputs, review pages,
    tables and the finished manifest are all there, the summary line is printed, the status is main's."""
    inp, out = tmp_path / "in", tmp_path / "out"
    inp.mkdir()
    shutil.copy(ROOT / "corpus" / "thai-tan-ctr-2025.txt", inp / "a.txt")
    (inp / "b.docx").write_bytes(b"not a Word file")
    chitieu = str(Path(sys.executable).with_name("chitieu"))
    done = subprocess.run([chitieu, "extract", str(inp), "-o", str(out)], capture_output=True, text=True, timeout=300)
    assert done.returncode == 1  # b.docx failed, a.txt is done
    assert "2 documents: 1 extracted" in done.stderr and "b.docx" in done.stderr
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["finished"] and [d["status"] for d in manifest["documents"]] == ["ok", "error"]
    assert json.loads((out / "a.json").read_text(encoding="utf-8"))["targets"]
    assert (out / "a.html").stat().st_size and (out / "tables" / "targets.parquet").stat().st_size
    assert not list(out.rglob(".*tmp"))
