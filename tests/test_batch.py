"""`chitieu extract` on many files: names, manifest, cache, time limit, Ctrl-C, Dask."""

from __future__ import annotations

import json
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pytest

import pipeline.extract
from pipeline import batch
from pipeline.cli import build_parser, main

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "corpus" / "thai-tan-ctr-2025.txt"
TIMING = ("seconds", "peak_rss_mb")


def extract(argv: list[str], extractor: str | None = None) -> int:
    """Run ``chitieu extract`` in-process, optionally with another per-document extractor."""
    args = build_parser().parse_args(["extract", *argv])
    if extractor:
        args.extractor = extractor
    return batch.run(args)


def manifest(out: Path) -> dict:
    return json.loads((out / "manifest.json").read_text(encoding="utf-8"))


def by_input(out: Path, inp: Path) -> dict[str, dict]:
    """Manifest entries by input path relative to the input folder."""
    return {Path(d["input"]).relative_to(inp).as_posix(): d for d in manifest(out)["documents"]}


def runaway_extract(path: str) -> dict:
    """A parse that never ends (and has a child process) for runaway*, a crash for crash*."""
    if "crash" in Path(path).name:
        os.kill(os.getpid(), signal.SIGKILL)
    if "runaway" in Path(path).name:  # a tool that never ends, run as the readers run theirs
        pid_file = Path(path).with_suffix(".pid")
        subprocess.run(["sh", "-c", f'echo $$ > "{pid_file}"; exec sleep 300'], check=False)
        while True:
            time.sleep(0.05)
    if "backtrack" in Path(path).name:  # a regular expression that backtracks for ever
        re.match(r"(a+)+$", "a" * 64 + "b")
    return pipeline.extract.extract_file(path)


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().split(")")[-1].split()[0]
    except OSError:
        return False
    return state != "Z"


# --- names and inputs -----------------------------------------------------------


@pytest.mark.parametrize(
    ("inputs", "expected"),
    [
        (["a/x.pdf"], {"a/x.pdf": "x.json"}),
        (["a/x.docx", "a/x.pdf"], {"a/x.pdf": "x.json", "a/x.docx": "x.docx.json"}),
        (
            ["b/x.pdf", "a/x.pdf", "a/x.txt"],
            {"a/x.pdf": "x.json", "b/x.pdf": "x.pdf.json", "a/x.txt": "x.txt.json"},
        ),
        # another input's plain name is never taken by a suffixed one
        (["x.pdf.pdf", "x.pdf", "y/x.pdf"], {"x.pdf": "x.json", "x.pdf.pdf": "x.pdf.json", "y/x.pdf": "x.pdf-2.json"}),
        (["manifest.pdf"], {"manifest.pdf": "manifest.pdf.json"}),
    ],
)
def test_same_stem_inputs_never_share_an_output(inputs: list[str], expected: dict[str, str]) -> None:
    names = batch.assign_outputs([Path(p) for p in inputs])
    assert {p.as_posix(): n for p, n in names.items()} == expected
    assert batch.assign_outputs([Path(p) for p in reversed(inputs)]) == names  # order-independent


def test_folders_are_walked_recursively_and_every_file_left_out_says_why(tmp_path: Path) -> None:
    for rel in ["b.pdf", "sub/a.docx", "sub/deeper/c.md", "notes.odt", "old.doc", "e.TXT", "bang.xlsx",
                "README", ".hidden/d.txt", ".~lock.a.docx#", "~$lock.docx"]:  # fmt: skip
        (tmp_path / rel).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / rel).write_text("x")
    found, skipped = batch.collect_inputs([tmp_path, tmp_path / "b.pdf"])
    assert [p.relative_to(tmp_path).as_posix() for p in found] == [
        "b.pdf", "e.TXT", "notes.odt", "old.doc", "sub/a.docx", "sub/deeper/c.md"
    ]  # fmt: skip
    assert [(Path(s.path).relative_to(tmp_path).as_posix(), s.reason) for s in skipped] == [
        (".hidden", "hidden folder"),
        (".~lock.a.docx#", "hidden file"),
        ("README", "unsupported file type '(none)'"),
        ("bang.xlsx", "unsupported file type '.xlsx'"),
        ("~$lock.docx", "Word lock file (the document is open in Word)"),
    ]
    assert batch.skipped_tally(skipped) == "2 unsupported type ((none), .xlsx), 2 hidden, 1 Word lock file"


@pytest.mark.parametrize(
    ("include", "exclude", "expected"),
    [
        (["*.doc", "*.DOCX"], [], ["old.doc", "sub/a.docx"]),
        ([], ["sub"], ["b.pdf", "old.doc"]),  # a folder's name leaves out all it holds
        ([], ["sub/*.docx"], ["b.pdf", "old.doc", "sub/c.md"]),  # a glob with '/' matches the path
        (["*.doc*"], ["a.*"], ["old.doc"]),  # --exclude wins
    ],
)
def test_include_and_exclude_globs_choose_the_files_of_a_folder(
    tmp_path: Path, include: list[str], exclude: list[str], expected: list[str]
) -> None:
    for rel in ["b.pdf", "old.doc", "sub/a.docx", "sub/c.md"]:
        (tmp_path / rel).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / rel).write_text("x")
    found, skipped = batch.collect_inputs([tmp_path], include, exclude)
    assert [p.relative_to(tmp_path).as_posix() for p in found] == expected
    assert all(s.kind == "excluded" for s in skipped) and skipped


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["missing-folder"], "missing-folder: no such file or folder"),
        (["{seed}", "--executor", "dask"], "--executor dask needs --scheduler"),
        (["{seed}", "--workers", "0"], "--workers must be at least 1"),
        (["{seed}", "--timeout", "0"], "--timeout must be a positive"),
        (["{xlsx}"], "unsupported file type '.xlsx'"),
        (["{empty_dir}"], "no documents to extract in {empty_dir} (no files)"),
        (
            ["{nothing_readable}"],
            "no documents to extract in {nothing_readable} (found 3 left out: "
            "2 unsupported type (.png, .xlsx), 1 Word lock file); readable types: .pdf, .docx, .doc",
        ),
        (["{nothing_readable}", "--include", "*.pdf"], "(found 3 left out: 2 excluded by --include/--exclude, 1 Word"),
    ],
)
def test_usage_errors_exit_2(tmp_path: Path, capsys: pytest.CaptureFixture[str], argv: list[str], message: str) -> None:
    (tmp_path / "bang.xlsx").write_text("x")
    (tmp_path / "empty").mkdir()
    (tmp_path / "scans").mkdir()
    for name in ["bang.xlsx", "anh.png", "~$bao-cao.docx"]:
        (tmp_path / "scans" / name).write_text("x")
    subs = {
        "seed": str(SEED),
        "xlsx": str(tmp_path / "bang.xlsx"),
        "empty_dir": str(tmp_path / "empty"),
        "nothing_readable": str(tmp_path / "scans"),
    }
    argv = [a.format(**subs) for a in argv]
    assert main(["extract", *argv, "-o", str(tmp_path / "out")]) == 2
    assert message.format(**subs) in capsys.readouterr().err


# --- a real batch ----------------------------------------------------------------


def test_batch_writes_each_input_once_and_a_rerun_skips_unchanged(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    inp, out = tmp_path / "in", tmp_path / "out"
    (inp / "sub").mkdir(parents=True)
    for rel in ["doc.txt", "doc.md", "sub/doc.txt"]:
        shutil.copy(SEED, inp / rel)

    assert extract([str(inp), "-o", str(out), "--workers", "2", "--no-tables"]) == 0
    docs = by_input(out, inp)
    assert {k: d["output"] for k, d in docs.items()} == {
        "doc.md": "doc.md.json",
        "doc.txt": "doc.json",
        "sub/doc.txt": "doc.txt.json",
    }
    for rel, d in docs.items():
        result = json.loads((out / d["output"]).read_text(encoding="utf-8"))
        assert result["document"]["source"]["path"] == str(inp / rel)
        assert d["status"] == "ok" and d["targets"] == len(result["targets"]) > 0
        assert d["sha256"] == batch.file_sha256(inp / rel) and d["seconds"] > 0
    first = manifest(out)
    assert first["finished"] and first["summary"]["ok"] == 3
    stamps = {f.name: f.stat().st_mtime_ns for f in out.glob("*.json") if f.name != "manifest.json"}
    capsys.readouterr()

    # unchanged: all skipped and said so; one changed file: only it is re-extracted
    assert extract([str(inp), "-o", str(out), "--no-tables"]) == 0
    err = capsys.readouterr().err
    assert err.count("cached") >= 3 and "3 cached (unchanged)" in err
    assert all(d["cached"] for d in manifest(out)["documents"])
    assert {f.name: f.stat().st_mtime_ns for f in out.glob("*.json") if f.name != "manifest.json"} == stamps

    with (inp / "doc.md").open("a", encoding="utf-8") as fh:
        fh.write("\nPhụ lục bổ sung.\n")
    assert extract([str(inp), "-o", str(out), "--no-tables"]) == 0
    docs = by_input(out, inp)
    assert [k for k, d in docs.items() if not d["cached"]] == ["doc.md"]
    assert extract([str(inp), "-o", str(out), "--no-tables", "--no-cache"]) == 0
    assert not any(d["cached"] for d in manifest(out)["documents"])

    # the runs above made no review pages: a run that wants them makes them from the cached outputs
    assert not list(out.glob("*.html"))
    assert extract([str(inp), "-o", str(out)]) == 0
    assert all(d["cached"] for d in manifest(out)["documents"])
    assert sorted(f.name for f in out.glob("*.html")) == sorted(
        Path(d["output"]).with_suffix(".html").name for d in manifest(out)["documents"]
    )


def test_a_folder_run_names_every_file_it_left_out_in_the_summary_and_the_manifest(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    inp, out = tmp_path / "in", tmp_path / "out"
    (inp / ".git").mkdir(parents=True)
    shutil.copy(SEED, inp / "ctr.txt")
    for name in ["~$ctr.docx", "bang.xlsx", ".DS_Store", ".git/config", "ghi-chu.txt"]:
        (inp / name).write_text("x")

    assert extract([str(inp), "-o", str(out), "--no-tables", "--workers", "1", "--exclude", "ghi-*"]) == 0
    err = capsys.readouterr().err
    assert f"skipped  {inp / 'bang.xlsx'}: unsupported file type '.xlsx'" in err
    assert f"skipped  {inp / '~$ctr.docx'}: Word lock file" in err
    assert "ghi-chu.txt" not in err  # chosen by the user: counted, not listed
    summary = err.strip().splitlines()[-1]
    assert summary.startswith("1 documents: 1 extracted")
    assert "; 5 skipped: 1 excluded by --include/--exclude, 1 unsupported type (.xlsx), 2 hidden, 1 Word lock file;" in summary
    m = manifest(out)
    assert m["summary"]["skipped"] == 5
    assert {Path(s["path"]).name: s["reason"] for s in m["skipped"]} == {
        ".DS_Store": "hidden file",
        ".git": "hidden folder",
        "bang.xlsx": "unsupported file type '.xlsx'",
        "ghi-chu.txt": "excluded by --exclude 'ghi-*'",
        "~$ctr.docx": "Word lock file (the document is open in Word)",
    }


def test_the_summary_counts_every_warning_chitieu_check_finds(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "out"
    ha_dong = ROOT / "corpus" / "ha-dong-18-ctr-2026.txt"
    assert extract([str(ha_dong), str(SEED), "-o", str(out), "--no-tables"]) == 0
    err = capsys.readouterr().err
    assert main(["check", str(out / "ha-dong-18-ctr-2026.json")]) == 0
    checked = capsys.readouterr().out.splitlines()
    assert checked[0] == "ha-dong-18-ctr-2026: 4 warnings"
    entry = {Path(d["input"]).name: d for d in manifest(out)["documents"]}["ha-dong-18-ctr-2026.txt"]
    assert [w.split(": ")[0] for w in entry["warnings"]] == [ln.split()[0] for ln in checked[1:]]
    assert "(68 targets, 4 warnings," in err
    assert "1 with warnings (4 in all, of every kind;" in err
    assert manifest(out)["summary"]["warnings"] == 4
    assert "warning  " not in err  # content warnings are counted, not printed line by line


@pytest.mark.parametrize("name", ["runaway.txt", "backtrack.txt"])
def test_the_time_limit_holds_for_one_document_extracted_in_this_process(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], name: str
) -> None:
    inp, out = tmp_path / "in", tmp_path / "out"
    inp.mkdir()
    shutil.copy(SEED, inp / name)
    started = time.monotonic()
    code = extract([str(inp / name), "-o", str(out), "--timeout", "2", "--no-tables"], extractor="test_batch:runaway_extract")
    assert code == 1 and time.monotonic() - started < 60
    (doc,) = manifest(out)["documents"]
    assert doc["status"] == "error" and "timed out after 2 s" in doc["error"]
    assert not [p.name for p in out.iterdir() if p.suffix in (".json", ".html", ".tmp") and p.name != "manifest.json"]
    if name == "runaway.txt":  # the tool it ran was killed with it
        assert not _alive(int((inp / "runaway.pid").read_text()))
    assert f"{inp / name}: timed out after 2 s" in capsys.readouterr().err


def test_time_limit_kills_a_runaway_parse_a_crash_is_reported_and_the_batch_goes_on(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    inp, out = tmp_path / "in", tmp_path / "out"
    inp.mkdir()
    shutil.copy(SEED, inp / "good.txt")
    shutil.copy(SEED, inp / "runaway.txt")
    shutil.copy(SEED, inp / "crash.txt")
    started = time.monotonic()
    code = extract(
        [str(inp), "-o", str(out), "--workers", "1", "--timeout", "10", "--no-tables"],
        extractor="test_batch:runaway_extract",
    )
    assert code == 1
    assert time.monotonic() - started < 60
    docs = by_input(out, inp)
    assert docs["runaway.txt"]["status"] == "error"
    assert "timed out after 10 s" in docs["runaway.txt"]["error"]
    assert docs["good.txt"]["status"] == "ok" and (out / "good.json").is_file()
    assert docs["crash.txt"]["error"] == "worker process died (signal 9) while processing"
    assert f"{inp / 'runaway.txt'}: timed out after 10 s" in capsys.readouterr().err
    # the worker was killed with everything it started
    assert not _alive(int((inp / "runaway.pid").read_text()))
    assert not list(out.glob(".*tmp"))


def test_without_tesseract_everything_else_is_written_and_the_exit_status_says_so(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """A machine without OCR (as after `make extract` where nothing could be installed): exit 3."""
    inp, out = tmp_path / "in", tmp_path / "out"
    inp.mkdir()
    shutil.copy(SEED, inp / "plan.txt")
    shutil.copy(ROOT / "corpus" / "scanned" / "thai-tan-ctr-2025-scan.pdf", inp / "scan.pdf")
    (tmp_path / "empty-bin").mkdir()
    monkeypatch.setenv("PATH", str(tmp_path / "empty-bin"))  # the workers inherit it: no tesseract
    assert extract([str(inp), "-o", str(out), "--workers", "1", "--no-tables"]) == batch.EXIT_NEEDS_INSTALL
    err = capsys.readouterr().err
    assert f"{inp / 'scan.pdf'}: scanned pages 1, 2, 3 need OCR, but tesseract not found (install: " in err
    assert "1 need a system tool that is not installed" in err
    docs = by_input(out, inp)
    assert docs["plan.txt"]["status"] == "ok" and (out / "plan.json").is_file()
    assert docs["scan.pdf"]["needs_install"] and not (out / "scan.json").exists()
    # a document that fails for another reason makes it an ordinary failure again
    (inp / "broken.docx").write_bytes(b"not a zip")
    assert extract([str(inp), "-o", str(out), "--workers", "1", "--no-tables"]) == batch.EXIT_FAILED


def _extract_process(argv: list[str], extractor: str = batch.DEFAULT_EXTRACTOR) -> subprocess.Popen[str]:
    """``chitieu extract ARGV`` as its own process (killable), with a per-document extractor of the tests."""
    code = (
        "import sys; sys.path.insert(0, sys.argv[1]); from pipeline import batch; "
        "from pipeline.cli import build_parser; args = build_parser().parse_args(['extract', *sys.argv[3:]]); "
        "args.extractor = sys.argv[2]; sys.exit(batch.run(args))"
    )
    return subprocess.Popen(
        [sys.executable, "-c", code, str(Path(__file__).parent), extractor, *argv],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        preexec_fn=_hear_ctrl_c,
    )


def _hear_ctrl_c() -> None:
    """Ctrl-C as a terminal gives it, even where the tests run in the background: a shell starts
    background commands with SIGINT ignored, and a program started so keeps ignoring it."""
    signal.signal(signal.SIGINT, signal.SIG_DFL)


def _children(pid: int) -> list[int]:
    out = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == pid:
            out.append(int(stat.parent.name))
    return out


def _cmdline(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/cmdline").read_text()
    except OSError:  # gone since it was listed
        return ""


def _descendants(pid: int) -> list[int]:
    """Children, their children and so on (workers forked by a fork server are grandchildren)."""
    found, todo = [], [pid]
    while todo:
        children = _children(todo.pop())
        found += children
        todo += children
    return found


def _outputs(out: Path) -> set[str]:
    return {f.name for f in out.iterdir() if f.suffix in (".json", ".html") and f.name != "manifest.json"}


def _slow_batch(tmp_path: Path, documents: int, workers: int) -> tuple[Path, Path, subprocess.Popen[str]]:
    """A folder of seed copies extracted at 3 s a document (``slow_extract``) in a process of its own:
    whatever happens to the run lands mid-batch however busy the machine is."""
    inp, out = tmp_path / "in", tmp_path / "out"
    inp.mkdir()
    for i in range(documents):
        shutil.copy(SEED, inp / f"doc{i}.txt")
    argv = [str(inp), "-o", str(out), "--workers", str(workers), "--no-tables"]
    return inp, out, _extract_process(argv, "test_batch:slow_extract")


def test_ctrl_c_keeps_finished_outputs_and_a_valid_manifest(tmp_path: Path) -> None:
    _, out, proc = _slow_batch(tmp_path, documents=4, workers=1)
    deadline = time.monotonic() + 120
    while not (out / "doc0.json").exists() and time.monotonic() < deadline:
        time.sleep(0.1)
    proc.send_signal(signal.SIGINT)
    _, err = proc.communicate(timeout=60)
    assert proc.returncode == 130, err
    assert "interrupted" in err
    written = sorted(f.name for f in out.glob("*.json") if f.name != "manifest.json")
    assert written and len(written) < 4
    for name in written:
        json.loads((out / name).read_text(encoding="utf-8"))  # whole, parseable files only
    docs = manifest(out)["documents"]
    assert {d["output"] for d in docs if d["status"] == "ok"} == set(written)
    assert any(d["status"] == "pending" for d in docs)
    assert not list(out.glob(".*tmp"))


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="reads processes from /proc")
def test_ctrl_c_while_the_workers_warm_up_is_told_in_one_line_and_no_traceback(tmp_path: Path) -> None:
    """The terminal's Ctrl-C reaches every process of the run's group, the fork server warming up
    the pipeline too: the run says it was interrupted, nothing prints a traceback, and the server
    ends after the run."""
    inp, out = tmp_path / "in", tmp_path / "out"
    inp.mkdir()
    for i in range(3):
        shutil.copy(SEED, inp / f"doc{i}.txt")
    chitieu = str(Path(sys.executable).with_name("chitieu"))
    proc = subprocess.Popen(
        [chitieu, "extract", str(inp), "-o", str(out), "--workers", "2", "--no-cache"],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,  # a process group of its own, as a terminal's foreground job
        preexec_fn=_hear_ctrl_c,
    )
    deadline = time.monotonic() + 60
    servers: list[int] = []
    while not servers and proc.poll() is None and time.monotonic() < deadline:
        servers = [c for c in _descendants(proc.pid) if "forkserver" in _cmdline(c)]
        time.sleep(0.02)
    assert servers and not (out / "doc0.json").exists()  # caught while the server warms up
    os.killpg(proc.pid, signal.SIGINT)
    _, err = proc.communicate(timeout=60)
    assert proc.returncode == 130, err
    said = err.strip().splitlines()
    assert len(said) == 1 and "interrupted" in said[0], err  # no traceback from any process
    deadline = time.monotonic() + 30
    while _cmdline(servers[0]) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not _cmdline(servers[0])


@pytest.mark.skipif(not hasattr(signal, "pthread_sigmask"), reason="POSIX signal masks")
def test_a_ctrl_c_while_the_fork_server_starts_is_raised_after_not_lost(monkeypatch: pytest.MonkeyPatch) -> None:
    """The run ignores SIGINT for the moment it starts the fork server (which inherits that):
    a Ctrl-C in that moment still interrupts the run, once the server is started."""
    from multiprocessing import forkserver, resource_tracker

    if batch.worker_context().get_start_method() != "forkserver":
        pytest.skip("no fork server")
    seen = []

    def ensure_running() -> None:  # as multiprocessing's, without the server; a Ctrl-C meanwhile
        resource_tracker.ensure_running()
        seen.append(signal.getsignal(signal.SIGINT))
        os.kill(os.getpid(), signal.SIGINT)

    monkeypatch.setattr(forkserver, "ensure_running", ensure_running)
    previous = signal.signal(signal.SIGINT, signal.default_int_handler)  # tests may run with it ignored
    try:
        with pytest.raises(KeyboardInterrupt):
            batch._start_fork_server()
        assert seen == [signal.SIG_IGN]
        assert signal.getsignal(signal.SIGINT) is signal.default_int_handler
    finally:
        signal.signal(signal.SIGINT, previous)


def _masks_before_and_after_detach(conn) -> None:
    def sigint_blocked() -> bool:
        return signal.SIGINT in signal.pthread_sigmask(signal.SIG_BLOCK, [])

    before = sigint_blocked()
    batch._detach(None)
    conn.send((before, sigint_blocked(), signal.getsignal(signal.SIGINT) == signal.SIG_IGN))
    conn.close()


@pytest.mark.skipif(not hasattr(os, "fork") or not hasattr(signal, "pthread_sigmask"), reason="fork, signal masks")
def test_a_helper_process_holds_a_ctrl_c_back_until_it_is_deaf_to_it() -> None:
    """A helper forked from the run (reader, table writer) is in the run's process group until it
    detaches: it starts with SIGINT blocked, so a Ctrl-C then prints no traceback from it, and
    hears it again once it ignores it."""
    import multiprocessing as mp

    ctx = mp.get_context("fork")
    conn, child = ctx.Pipe()
    proc = ctx.Process(target=_masks_before_and_after_detach, args=(child,))
    with batch._ctrl_c_held():
        proc.start()
    child.close()
    assert conn.recv() == (True, False, True)
    proc.join(10)
    assert signal.SIGINT not in signal.pthread_sigmask(signal.SIG_BLOCK, [])  # not in the run


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="reads processes from /proc")
def test_workers_end_when_the_run_is_killed_with_sigkill(tmp_path: Path) -> None:
    _, out, proc = _slow_batch(tmp_path, documents=8, workers=2)
    deadline = time.monotonic() + 120
    workers: list[int] = []
    while time.monotonic() < deadline and not (out.is_dir() and any(out.glob("doc*.json"))):
        workers = [c for c in _descendants(proc.pid) if "multiprocessing" in _cmdline(c)]
        time.sleep(0.2)
    assert len(workers) >= 3 and proc.poll() is None  # two workers, and the fork server or the tracker
    proc.kill()
    proc.communicate(timeout=30)
    gone_by = time.monotonic() + 10
    while any(_alive(w) for w in workers) and time.monotonic() < gone_by:
        time.sleep(0.1)
    assert not any(_alive(w) for w in workers)
    written = _outputs(out)
    time.sleep(4)  # a worker left running would finish its document (3 s) and write it
    assert _outputs(out) == written
    listed = {d["output"] for d in manifest(out)["documents"] if d["output"]}
    assert {n for n in written if n.endswith(".json")} == listed


def test_two_runs_into_one_folder_take_turns_and_the_manifest_lists_both(tmp_path: Path) -> None:
    out = tmp_path / "out"
    for name in ("a", "b"):
        (tmp_path / name).mkdir()
        for i in range(2):
            shutil.copy(SEED, tmp_path / name / f"{name}{i}.txt")
    first = _extract_process([str(tmp_path / "a"), "-o", str(out), "--workers", "1", "--no-tables"])
    deadline = time.monotonic() + 60
    while not (out / batch.LOCK_FILE).is_file() and time.monotonic() < deadline:
        time.sleep(0.05)
    second = _extract_process([str(tmp_path / "b"), "-o", str(out), "--workers", "1", "--no-tables"])
    (_, err1), (_, err2) = first.communicate(timeout=180), second.communicate(timeout=180)
    assert (first.returncode, second.returncode) == (0, 0), err1 + err2
    waited = [ln for ln in err2.splitlines() if "waiting" in ln]
    assert waited == [
        f"chitieu extract: {out} is being written by another chitieu extract (pid {first.pid}); "
        "waiting for it to finish (Ctrl-C to stop)"
    ]
    docs = manifest(out)["documents"]
    assert sorted(Path(d["input"]).name for d in docs) == ["a0.txt", "a1.txt", "b0.txt", "b1.txt"]
    assert all(d["status"] == "ok" and (out / d["output"]).is_file() for d in docs)
    assert manifest(out)["summary"]["earlier"] == 2
    assert not list(out.glob(".*tmp"))


def test_start_up_removes_only_the_temp_files_of_writers_that_are_gone(tmp_path: Path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    live = subprocess.Popen(["sleep", "60"])
    dead = subprocess.Popen(["true"])
    dead.wait()
    try:
        (out / f".other.json.{live.pid}.abc123.tmp").write_text("{")  # another run, still writing
        (out / f".thai-tan-ctr-2025.json.{dead.pid}.def456.tmp").write_text("{")  # a killed writer
        assert extract([str(SEED), "-o", str(out), "--no-tables"]) == 0
        assert sorted(f.name for f in out.glob(".*tmp")) == [f".other.json.{live.pid}.abc123.tmp"]
    finally:
        live.kill()
        live.wait()


def test_a_later_run_with_other_inputs_keeps_the_earlier_outputs_and_their_names(tmp_path: Path) -> None:
    """Two communes' plan.txt extracted one after the other: neither overwrites the other."""
    out = tmp_path / "out"
    for commune, source in (("a", SEED), ("b", ROOT / "corpus" / "ha-dong-18-ctr-2026.txt")):
        (tmp_path / commune).mkdir()
        shutil.copy(source, tmp_path / commune / "plan.txt")
    assert extract([str(tmp_path / "a"), "-o", str(out), "--no-tables"]) == 0
    first = (out / "plan.json").read_bytes()
    assert extract([str(tmp_path / "b"), "-o", str(out), "--no-tables"]) == 0
    assert (out / "plan.json").read_bytes() == first
    outputs = {Path(d["input"]).parent.name: d["output"] for d in manifest(out)["documents"]}
    assert outputs == {"a": "plan.json", "b": "plan.txt.json"}
    assert json.loads((out / "plan.txt.json").read_text(encoding="utf-8"))["document"]["id"] == "plan.txt"
    # and a re-run of the first keeps its name, so its doc_id
    assert extract([str(tmp_path / "a"), "-o", str(out), "--no-tables"]) == 0
    assert {Path(d["input"]).parent.name: d["output"] for d in manifest(out)["documents"]} == outputs


def test_an_output_folder_that_cannot_be_written_is_one_line_and_exit_2_before_any_work(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "a-file").write_text("x")
    assert main(["extract", str(SEED), "-o", str(tmp_path / "a-file" / "out")]) == 2
    err = capsys.readouterr().err
    assert err == f"chitieu extract: {tmp_path / 'a-file' / 'out'}: cannot write to the output folder (Not a directory)\n"


def _can_mount_read_only() -> bool:
    """A private mount namespace (unshare -rm) where a read-only folder can be made, root or not."""
    if shutil.which("unshare") is None:
        return False
    probe = subprocess.run(["unshare", "-rm", "sh", "-c", "mount -t tmpfs -o ro tmpfs /mnt"], capture_output=True)
    return probe.returncode == 0


@pytest.mark.skipif(not _can_mount_read_only(), reason="needs unshare and user namespaces")
def test_a_read_only_output_folder_is_one_line_and_exit_2_before_any_work(tmp_path: Path) -> None:
    """A read-only file system, which root cannot write either: made in a private mount namespace."""
    out = tmp_path / "out"
    out.mkdir()
    mount_then_run = 'mount -t tmpfs -o ro,size=1m tmpfs "$1" && shift && exec "$@"'
    run = subprocess.run(
        ["unshare", "-rm", "sh", "-c", mount_then_run, "sh", str(out),
         sys.executable, "-m", "pipeline", "extract", str(SEED), "-o", str(out)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert run.returncode == 2, run.stderr
    assert run.stderr == f"chitieu extract: {out}: cannot write to the output folder (Read-only file system)\n"


def test_atomic_write_keeps_the_old_file_when_writing_fails(tmp_path: Path) -> None:
    target = tmp_path / "x.json"
    batch.write_json_atomic({"v": 1}, target)
    with pytest.raises(TypeError):
        batch.write_json_atomic({"v": object()}, target)
    assert json.loads(target.read_text()) == {"v": 1}
    assert [f.name for f in tmp_path.iterdir()] == ["x.json"]


def test_dask_cluster_gives_the_same_outputs_as_local_workers(tmp_path: Path) -> None:
    import distributed
    inp = tmp_path / "in"
    inp.mkdir()
    shutil.copy(SEED, inp / "a.txt")
    shutil.copy(ROOT / "corpus" / "ha-dong-18-ctr-2026.txt", inp / "b.txt")
    assert extract([str(inp), "-o", str(tmp_path / "local"), "--no-tables"]) in (0, 1)
    with distributed.LocalCluster(n_workers=1, threads_per_worker=1, processes=True, dashboard_address=None) as cluster:
        code = extract(
            [str(inp), "-o", str(tmp_path / "dask"), "--no-tables", "--executor", "dask", "--scheduler", cluster.scheduler_address]
        )
    local, remote = manifest(tmp_path / "local"), manifest(tmp_path / "dask")
    assert code == (1 if local["summary"]["failed"] else 0)
    strip = [{k: v for k, v in d.items() if k not in TIMING} for d in local["documents"]]
    assert [{k: v for k, v in d.items() if k not in TIMING} for d in remote["documents"]] == strip
    for d in local["documents"]:
        if d["output"]:
            assert (tmp_path / "dask" / d["output"]).read_bytes() == (tmp_path / "local" / d["output"]).read_bytes()


@pytest.mark.skipif(not hasattr(os, "killpg"), reason="POSIX process groups")
def test_workers_are_in_their_own_process_group() -> None:
    import multiprocessing as mp

    w = batch._Worker(mp.get_context("spawn"), "pipeline.legacy:decode")
    try:
        assert w.conn.poll(60) and w.conn.recv() == ("ready", None)
        assert os.getpgid(w.proc.pid) == w.proc.pid != os.getpgid(0)
    finally:
        w.stop()


def slow_extract(path: str) -> dict:
    time.sleep(3)
    return pipeline.extract.extract_file(path)


def test_on_dask_a_document_past_its_time_limit_is_reported_and_never_written(tmp_path: Path) -> None:
    task = {"path": str(SEED), "out_path": str(tmp_path / "x.json"), "review": False, "extractor": "test_batch:slow_extract"}
    entry = batch._dask_task(task, timeout=0.5)
    assert entry["status"] == "error" and entry["error"] == "timed out after 0.5 s (--timeout)"
    time.sleep(6)  # the abandoned thread finishes its parse, then must not write
    assert not (tmp_path / "x.json").exists()
    assert batch._dask_task(task, timeout=60)["status"] == "ok" and (tmp_path / "x.json").is_file()


def test_one_document_is_extracted_in_this_process_without_a_worker(tmp_path, monkeypatch):
    """A single file: no worker process to start and warm up (it costs more than the file)."""
    from pipeline import batch

    def no_pool(*args, **kwargs):
        raise AssertionError("a worker pool was started for one document")

    monkeypatch.setattr(batch, "run_local", no_pool)
    doc = tmp_path / "one.txt"
    doc.write_text("CHƯƠNG TRÌNH HÀNH ĐỘNG\n\n(1) Đến năm 2030, tỷ lệ hộ nghèo giảm còn dưới 1%.\n", encoding="utf-8")
    out = tmp_path / "out"
    assert extract([str(doc), "-o", str(out)]) == 0
    assert [d["status"] for d in manifest(out)["documents"]] == ["ok"]
    assert (out / "one.json").is_file() and (out / "tables" / "targets.parquet").is_file()



def test_the_tables_come_from_a_writer_process_and_are_those_this_process_writes(tmp_path: Path) -> None:
    from pipeline.tables import TABLE_NAMES, write_tables

    inp, out = tmp_path / "in", tmp_path / "out"
    inp.mkdir()
    shutil.copy(SEED, inp / "a.txt")
    shutil.copy(ROOT / "corpus" / "ha-dong-18-ctr-2026.txt", inp / "b.txt")
    assert extract([str(inp), "-o", str(out), "--workers", "2"]) == 0
    here = tmp_path / "here"
    write_tables(out, here)
    for name in TABLE_NAMES:
        for suffix in (".parquet", ".csv"):
            assert (out / "tables" / f"{name}{suffix}").read_bytes() == (here / f"{name}{suffix}").read_bytes()


def test_when_the_table_writer_dies_this_process_writes_the_tables(tmp_path: Path) -> None:
    out = tmp_path / "out"
    assert extract([str(SEED), "-o", str(out), "--no-tables"]) == 0
    writer = batch.TableWriter()
    try:
        writer.proc.kill()
        writer.proc.join(10)
        assert writer.write(out, ["thai-tan-ctr-2025.json"]) is None
    finally:
        writer.close()
    assert (out / "tables" / "targets.parquet").is_file() and not list((out / "tables").glob(".*tmp"))


@pytest.mark.skipif(not hasattr(os, "fork"), reason="fork server")
def test_workers_are_forked_warm_in_the_folder_and_environment_of_the_run(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A fork server started by an earlier run keeps its own folder and environment: each worker takes the run's."""
    ctx = batch.worker_context()
    earlier = batch._Worker(ctx, batch.DEFAULT_EXTRACTOR)  # the fork server now runs, here and as things are
    assert earlier.conn.poll(120) and earlier.conn.recv() == ("ready", None)
    earlier.stop()
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("CHITIEU_TEST_RUN", str(tmp_path))
    monkeypatch.setenv("TMPDIR", str(tmp_path))
    w = batch._Worker(ctx, "test_batch:where_am_i")
    try:
        assert w.conn.poll(120) and w.conn.recv() == ("ready", None)
        w.conn.send({"path": "in.txt", "out_path": "out.json", "extractor": "test_batch:where_am_i", "review": False})
        assert w.conn.poll(60)
        kind, entry = w.conn.recv()
    finally:
        w.stop()
    assert kind == "done" and entry["status"] == "error"
    assert entry["error"].startswith(f"internal error RuntimeError: {tmp_path} {tmp_path} {tmp_path} warm")


def where_am_i(path: str) -> dict:
    """Fails on purpose, saying where the worker runs and whether the pipeline was warm when it was forked."""
    warm = batch.DEFAULT_EXTRACTOR in batch._WARM if batch.worker_context().get_start_method() == "forkserver" else True
    if Path(path).name == "warm-up.txt":
        return pipeline.extract.extract_file(path)
    raise RuntimeError(
        f"{os.getcwd()} {os.environ.get('CHITIEU_TEST_RUN')} {tempfile.gettempdir()} {'warm' if warm else 'cold'}"
    )


def _tasks(inp: Path, out: Path) -> list[dict]:
    return [
        {"path": str(p), "out_path": str(out / f"{p.stem}.json"), "review": False, "extractor": batch.DEFAULT_EXTRACTOR}
        for p in sorted(inp.iterdir())
    ]


@pytest.mark.skipif(not hasattr(os, "fork"), reason="fork server")
def test_documents_read_ahead_while_the_workers_warm_up_are_extracted_as_if_read_by_the_worker(tmp_path: Path) -> None:
    inp, ahead_out, plain_out = tmp_path / "in", tmp_path / "ahead", tmp_path / "plain"
    inp.mkdir()
    shutil.copy(SEED, inp / "a.txt")
    shutil.copy(ROOT / "corpus" / "ha-dong-18-ctr-2026.pdf", inp / "b.pdf")
    shutil.copy(ROOT / "corpus" / "thai-tan-ctr-2025.docx", inp / "c.docx")
    tasks = _tasks(inp, ahead_out)
    ahead = batch.ReadAhead.start(batch.worker_context(), tasks, 2, batch.DEFAULT_EXTRACTOR)
    assert ahead is not None
    try:
        deadline = time.monotonic() + 60
        while len(list((ahead_out / ".cache").glob(".read-ahead-*.ready.tmp"))) < 3 and time.monotonic() < deadline:
            time.sleep(0.05)
        ahead.stop(tasks)
        assert all("read_ahead" in t for t in tasks)  # the last first; given time, all of them
        entries = [batch.process_document(**t) for t in tasks]
    finally:
        ahead.clean_up()
    plain = [batch.process_document(**t) for t in _tasks(inp, plain_out)]
    assert [{k: v for k, v in e.items() if k not in TIMING} for e in entries] == [
        {k: v for k, v in e.items() if k not in TIMING} for e in plain
    ]
    for e in plain:
        assert (ahead_out / e["output"]).read_bytes() == (plain_out / e["output"]).read_bytes()
    assert not list((ahead_out / ".cache").iterdir())  # its files are gone, read or not


@pytest.mark.skipif(not hasattr(os, "fork"), reason="fork server")
def test_a_run_with_its_progress_bar_reads_ahead_from_a_process_forked_before_the_bar_starts(tmp_path: Path) -> None:
    """The progress bar refreshes from a thread of its own; the reader is started before it, so
    it is forked from the run (one thread), not a second Python to start and import. In a
    Python of its own: this one may have threads of other tests."""
    code = (
        "import sys; from pipeline import batch; from pipeline.cli import build_parser\n"
        "start, kinds = batch.ReadAhead.start, []\n"
        "def spy(*a, **k):\n"
        "    ahead = start(*a, **k); kinds.append(ahead and type(ahead.proc).__name__); return ahead\n"
        "batch.ReadAhead.start = spy\n"
        "code = batch.run(build_parser().parse_args(['extract', *sys.argv[1:]]))\n"
        "print(code, kinds)\n"
    )
    inp, out = tmp_path / "in", tmp_path / "out"
    inp.mkdir()
    for k in range(3):
        shutil.copy(ROOT / "corpus" / "thai-tan-ctr-2025.pdf", inp / f"tt-{k}.pdf")
    argv = [str(inp), "-o", str(out), "--workers", "2", "--no-cache"]  # not --quiet: the bar runs
    done = subprocess.run([sys.executable, "-c", code, *argv], cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert done.stdout.split("\n")[0] == "0 ['ForkProcess']", done.stderr
    assert [d["status"] for d in manifest(out)["documents"]] == ["ok"] * 3


def test_documents_are_read_ahead_only_where_it_can_help(tmp_path: Path) -> None:
    import multiprocessing as mp

    inp = tmp_path / "in"
    inp.mkdir()
    for name in ("a.txt", "b.txt", "c.txt"):
        shutil.copy(SEED, inp / name)
    tasks = _tasks(inp, tmp_path / "out")
    server = batch.worker_context()
    assert batch.ReadAhead.start(server, tasks, 1, batch.DEFAULT_EXTRACTOR) is None  # one worker: one core
    assert batch.ReadAhead.start(server, tasks[:2], 2, batch.DEFAULT_EXTRACTOR) is None  # each goes to a worker now
    assert batch.ReadAhead.start(server, tasks, 2, "test_batch:runaway_extract") is None  # another extractor
    assert batch.ReadAhead.start(mp.get_context("spawn"), tasks, 2, batch.DEFAULT_EXTRACTOR) is None  # no warm-up to wait for


def _read_ahead_of(tasks: list[dict], out: Path, name: str) -> tuple[object, float]:
    """Read ``tasks`` ahead until the file of ``name`` (an output stem) is there: its Document and seconds."""
    ahead = batch.ReadAhead.start(batch.worker_context(), tasks, 2, batch.DEFAULT_EXTRACTOR)
    assert ahead is not None
    try:
        deadline = time.monotonic() + 120
        while not list((out / ".cache").glob(f".read-ahead-{name}.*.ready.tmp")) and time.monotonic() < deadline:
            time.sleep(0.05)
        ahead.stop(tasks)
        task = next(t for t in tasks if Path(t["out_path"]).stem == name)
        return batch._read_ahead_document(task.get("read_ahead"))
    finally:
        ahead.clean_up()


@pytest.mark.skipif(not hasattr(os, "fork") or shutil.which("tesseract") is None, reason="fork server, OCR")
def test_a_scan_read_ahead_counts_the_seconds_of_its_ocr(tmp_path: Path) -> None:
    from pipeline.readers import read

    inp, out = tmp_path / "in", tmp_path / "out"
    inp.mkdir()
    shutil.copy(SEED, inp / "a.txt")
    shutil.copy(SEED, inp / "b.txt")
    scan = shutil.copy(ROOT / "corpus" / "scanned" / "thai-tan-ctr-2025-scan.pdf", inp / "c.pdf")
    doc, seconds = _read_ahead_of(_tasks(inp, out), out, "c")
    assert doc is not None
    before = os.times()
    read(scan)
    after = os.times()
    here = sum(after[:4]) - sum(before[:4])  # this process's CPU and tesseract's, which it waited for
    assert seconds > here / 2  # not only the reader's own share (a sixth of it, tesseract doing the rest)


@pytest.mark.skipif(not hasattr(os, "fork"), reason="fork server")
def test_a_reader_that_cannot_write_its_file_stops_quietly(tmp_path: Path, capfd: pytest.CaptureFixture[str]) -> None:
    import resource

    inp, out = tmp_path / "in", tmp_path / "out"
    inp.mkdir()
    for name in ("a.txt", "b.txt", "c.txt"):
        shutil.copy(SEED, inp / name)
    (out / ".cache").mkdir(parents=True)
    tasks = _tasks(inp, out)
    # A file size limit (a quota, a full disk) its Documents are over, a traceback is not: EFBIG
    limits = resource.getrlimit(resource.RLIMIT_FSIZE)
    resource.setrlimit(resource.RLIMIT_FSIZE, (64 * 1024, limits[1]))
    try:
        ahead = batch.ReadAhead.start(batch.worker_context(), tasks, 2, batch.DEFAULT_EXTRACTOR)
    finally:
        resource.setrlimit(resource.RLIMIT_FSIZE, limits)  # the reader keeps it
    assert ahead is not None
    ahead.proc.join(60)
    assert ahead.proc.exitcode == 0
    ahead.stop(tasks)
    ahead.clean_up()
    assert not any("read_ahead" in t for t in tasks)  # the workers read them
    assert not list((out / ".cache").iterdir())
    assert "Traceback" not in capfd.readouterr().err
