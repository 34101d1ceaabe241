"""`chitieu extract`: many documents in, one validated JSON each out, and a manifest.

The unit of work is one document: ``process_document`` reads, extracts and writes
it, and never raises; it returns the document's manifest entry. The same function
runs in local worker processes (default) or on a Dask cluster.

Why a hand-rolled pool and not ``ProcessPoolExecutor``: a runaway parse must be
stopped without stopping the batch, and an executor cannot kill one task. Each
local worker is a process in its own process group (so OCR subprocesses die with
it); a task past its deadline gets its worker killed and replaced. Workers are
forked from a fork server that has imported and warmed up the pipeline once
(``worker_context``), so two workers cost one warm-up and a replacement starts at once;
meanwhile the last documents are read on the core the warm-up leaves idle (``ReadAhead``).

Nothing is ever half-written: every file (outputs, manifest, cache records) goes
to a temporary file in the same folder and is renamed into place, so a crash or
Ctrl-C leaves earlier outputs intact. The manifest is rewritten as documents
finish, so it always tells what is done.

Output names: ``OUT/<stem>.json``. When several inputs share a stem (``x.pdf``,
``x.docx``, ``a/x.pdf``), the first in the order pdf < docx < doc < odt < rtf < txt < md, then by
path, keeps ``<stem>.json``; the others get ``<stem>.<ext>.json`` (then
``<stem>.<ext>-2.json`` ...). The stem ``manifest`` is reserved. The manifest
records which input went where, and every file of an input folder that was left out
(hidden, Word lock file, unsupported type, not chosen by ``--include``/``--exclude``) and why.
The output name without ``.json`` is the document's id (``document.id``, the ``doc_id``
of the tables), so ids are unique within an output folder; the review page is ``<id>.html``.

One run at a time per output folder: a run holds an exclusive lock on
``OUT/.chitieu-extract.lock`` (flock: the kernel releases it however the run
ends) and a second run waits for it. Under the lock, start-up removes the temp
files of writers that are gone, and only those (temp names carry the writer's
pid). Workers end with the run that started them, even when it is killed with
SIGKILL (a watchdog on a pipe only the run holds; Linux: PR_SET_PDEATHSIG too).
The manifest keeps the documents of earlier runs into the folder whose outputs
are still there, and an input keeps the output name it had, so ``doc_id`` stays.

Cache: ``OUT/.cache/<sha256>.json`` records a finished document under the
pipeline version and a fingerprint of the pipeline's code and data. A re-run
skips a file when its content, the pipeline and its output are unchanged.
"""

from __future__ import annotations

import fnmatch
import hashlib
import json
import os
import signal
import sys
import tempfile
import threading
import time
import traceback
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import closing, contextmanager
from dataclasses import asdict, dataclass, field, fields
from datetime import UTC, datetime
from functools import cache
from importlib import import_module
from pathlib import Path
from typing import Any

from . import __version__
from .atomic import temp_file_writer, write_text_atomic
from .errors import DocumentError, needs_install
from .readers import DEFAULT_PDF_ENGINE, SUPPORTED_SUFFIXES, file_sha256
from .readers.office import OFFICE_FORMATS

MANIFEST = "manifest.json"
CACHE_DIR = ".cache"
LOCK_FILE = ".chitieu-extract.lock"
RESERVED_STEMS = frozenset({"manifest"})
FORMAT_ORDER = {".pdf": 0, ".docx": 1, ".doc": 2, ".odt": 3, ".rtf": 4, ".txt": 5, ".md": 6}
DEFAULT_EXTRACTOR = "pipeline.extract:extract_file"

# 3: every document is done except those that need a system tool this machine lacks (OCR):
# the rest is written, and installing the tool (make system-deps) and re-running finishes them.
EXIT_OK, EXIT_FAILED, EXIT_USAGE, EXIT_NEEDS_INSTALL, EXIT_INTERRUPTED = 0, 1, 2, 3, 130


class UsageError(Exception):
    """Bad command line: exit status 2."""


@dataclass(kw_only=True)
class ManifestEntry:
    """What happened to one input: the manifest line and the progress line."""

    input: str
    sha256: str | None = None
    status: str = "pending"  # ok | error | pending (not finished when the manifest was written)
    cached: bool = False
    output: str | None = None  # file name in OUT, None when nothing was written this run
    error: str | None = None
    needs_install: bool = False  # the error is a missing system tool ("... (install: ...)")
    warnings: list[str] = field(default_factory=list)  # every warning of the output, "kind: message"
    pages: int | None = None
    targets: int | None = None
    seconds: float | None = None
    peak_rss_mb: float | None = None  # peak memory of the worker process so far


# --- inputs and output names -------------------------------------------------


@dataclass(frozen=True)
class Skipped:
    """A file (or folder) that a folder run left out, and why: listed in the manifest, tallied in the summary."""

    path: str
    kind: str  # one of SKIP_KINDS
    reason: str


SKIP_KINDS = {
    "excluded": "excluded by --include/--exclude",
    "unsupported": "unsupported type",
    "hidden": "hidden",
    "lock_file": "Word lock file",
    "link": "link to a folder (not followed)",
}


def _glob_match(rel: str, globs: Sequence[str]) -> str | None:
    """The first glob matching a path relative to its input folder (case-insensitive): on the
    name, or on the whole relative path when the glob has a '/'."""
    rel = rel.lower()
    name = rel.rsplit("/", 1)[-1]
    return next((g for g in globs if fnmatch.fnmatchcase(rel if "/" in g else name, g.lower())), None)


def _skip(rel: str, is_dir: bool, include: Sequence[str], exclude: Sequence[str]) -> tuple[str, str] | None:
    """Why a file or folder inside an input folder is left out (kind, reason), or None to take it."""
    name = rel.rsplit("/", 1)[-1]
    if name.startswith("~$") and not is_dir:
        return "lock_file", "Word lock file (the document is open in Word)"
    if name.startswith("."):
        return "hidden", "hidden folder" if is_dir else "hidden file"
    if glob := _glob_match(rel, exclude):
        return "excluded", f"excluded by --exclude '{glob}'"
    if is_dir:
        return None
    if include and not _glob_match(rel, include):
        return "excluded", "not matched by --include"
    suffix = Path(name).suffix.lower()
    if suffix not in SUPPORTED_SUFFIXES:
        return "unsupported", f"unsupported file type '{suffix or '(none)'}'"
    return None


def _walk(
    folder: Path, include: Sequence[str], exclude: Sequence[str]
) -> Iterator[tuple[Path, Skipped | None]]:
    """Every file under ``folder`` with the reason it is skipped (None: take it); a skipped
    folder is one entry, not one per file inside it."""
    for dirpath, dirnames, filenames in os.walk(folder):
        here = Path(dirpath)
        keep = []
        for d in sorted(dirnames):
            path = here / d
            if path.is_symlink():
                why: tuple[str, str] | None = "link", SKIP_KINDS["link"]
            else:
                why = _skip(path.relative_to(folder).as_posix(), True, include, exclude)
            if why:
                yield path, Skipped(path=str(path), kind=why[0], reason=why[1])
            else:
                keep.append(d)
        dirnames[:] = keep
        for f in sorted(filenames):
            path = here / f
            why = _skip(path.relative_to(folder).as_posix(), False, include, exclude)
            yield path, Skipped(path=str(path), kind=why[0], reason=why[1]) if why else None


def skipped_tally(skipped: Sequence[Skipped]) -> str:
    """'2 unsupported type (.png, .xlsx), 1 Word lock file': what was left out, by kind."""
    parts = []
    for kind, label in SKIP_KINDS.items():
        group = [s for s in skipped if s.kind == kind]
        if not group:
            continue
        text = f"{len(group)} {label}"
        if kind == "unsupported":
            text += f" ({', '.join(sorted({Path(s.path).suffix.lower() or '(none)' for s in group}))})"
        parts.append(text)
    return ", ".join(parts)


def collect_inputs(
    paths: Sequence[str | Path], include: Sequence[str] = (), exclude: Sequence[str] = ()
) -> tuple[list[Path], list[Skipped]]:
    """Expand files and folders (recursively) into the sorted documents, and what was left out.

    Inside folders, hidden files and folders, Word lock files (``~$x.docx``), unsupported types
    and files not chosen by the ``include``/``exclude`` globs are skipped, each with its reason.
    A file named explicitly is always taken; it must exist and have a supported type.
    """
    found: dict[Path, Path] = {}
    skipped: dict[str, Skipped] = {}
    for raw in paths:
        p = Path(raw)
        if p.is_dir():
            for f, why in _walk(p, include, exclude):
                if why is not None:
                    skipped.setdefault(why.path, why)
                elif f.is_file():
                    found.setdefault(f.resolve(), f)
        elif p.exists():
            if p.suffix.lower() not in SUPPORTED_SUFFIXES:
                raise UsageError(
                    f"{p}: unsupported file type '{p.suffix or '(none)'}'; "
                    f"expected one of {', '.join(SUPPORTED_SUFFIXES)}"
                )
            found.setdefault(p.resolve(), p)
        else:
            raise UsageError(f"{p}: no such file or folder")
    if not found:
        where = ", ".join(map(str, paths))
        what = (
            f"found {len(skipped)} left out: {skipped_tally(list(skipped.values()))}"
            if skipped
            else "no files"
        )
        raise UsageError(
            f"no documents to extract in {where} ({what}); readable types: {', '.join(SUPPORTED_SUFFIXES)}"
        )
    documents = sorted(found.values(), key=lambda f: (str(f), f.suffix))
    return documents, sorted(skipped.values(), key=lambda s: s.path)


def assign_outputs(
    inputs: Sequence[Path], keep: dict[Path, str] | None = None, reserved: Iterable[str] = ()
) -> dict[Path, str]:
    """Give every input its output file name; same-stem inputs never share one.

    ``keep``: names inputs had in earlier runs into the folder, which they keep;
    ``reserved``: names of earlier outputs of other inputs, which nobody takes.
    Deterministic: depends only on the set of inputs (and those two), not on the order given.
    """
    by_stem: dict[str, list[Path]] = {}
    for p in inputs:
        by_stem.setdefault(p.stem, []).append(p)
    names: dict[Path, str] = {p: n for p, n in (keep or {}).items() if p in set(inputs)}
    taken = {f"{s}.json" for s in RESERVED_STEMS} | set(reserved) | set(names.values())
    # Plain "<stem>.json" first, so a longer name never steals a plain one.
    for stem, group in sorted(by_stem.items()):
        group.sort(key=lambda p: (FORMAT_ORDER.get(p.suffix.lower(), 9), str(p)))
        free = [p for p in group if p not in names]
        if free and f"{stem}.json" not in taken:
            names[free[0]] = f"{stem}.json"
            taken.add(f"{stem}.json")
    for stem, group in sorted(by_stem.items()):
        for p in group:
            if p in names:
                continue
            base = f"{stem}.{p.suffix.lower().lstrip('.')}"
            name, n = f"{base}.json", 1
            while name in taken:
                n += 1
                name = f"{base}-{n}.json"
            names[p] = name
            taken.add(name)
    return names


# --- atomic files -------------------------------------------------------------


def write_json_atomic(obj: Any, path: Path) -> None:
    """Write JSON to a temp file beside ``path`` and rename it into place."""
    write_text_atomic(path, json.dumps(obj, ensure_ascii=False, indent=2) + "\n")


def _remove_temp_files(out_dir: Path, name: str | None = None, pid: int | None = None) -> None:
    """Remove the temp files of writers that are gone (``.<name>.<pid>.*.tmp``, as atomic names them).

    With ``name`` and ``pid``: those a killed worker left for one output. Without: at
    start-up, under the folder's lock, those in the folder, its cache and its tables
    whose writer is no longer running; a live writer's files are never touched.
    """
    stems = [name, str(Path(name).with_suffix(".html"))] if name else ["*"]
    folders = [out_dir] if name else [out_dir, out_dir / CACHE_DIR, out_dir / "tables"]
    for folder in folders:
        for stem in stems:
            for f in folder.glob(f".{stem}.*tmp"):
                writer = temp_file_writer(f)
                if (writer != pid) if pid is not None else (writer is not None and _running(writer)):
                    continue
                f.unlink(missing_ok=True)


def _running(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # someone else's process
        return True
    return True


# --- cache ---------------------------------------------------------------------


@cache
def pipeline_fingerprint() -> str:
    """Hash of the pipeline's code, data and output schema: a change re-extracts."""
    root = Path(__file__).resolve().parent
    files = sorted(f for f in root.rglob("*") if f.is_file() and f.suffix in {".py", ".c", ".json", ".tsv", ".txt"})
    schemas = root.parent / "schemas"
    if schemas.is_dir():
        files += sorted(schemas.glob("*.json"))
    h = hashlib.sha256(__version__.encode())
    for f in files:
        if "__pycache__" in f.parts:
            continue
        h.update(f.name.encode())
        h.update(f.read_bytes())
    return h.hexdigest()[:16]


class Cache:
    """``OUT/.cache/<sha256>.json``: what a finished document produced, and under which pipeline.

    One record per content hash, listing each output made from that content (two
    copies of a file in different folders are two outputs of one content).
    """

    def __init__(self, out_dir: Path, pdf_engine: str | None = None) -> None:
        self.dir = out_dir / CACHE_DIR
        self.pdf_engine = pdf_engine or DEFAULT_PDF_ENGINE  # a PDF read by the other engine is re-extracted

    def _load(self, sha256: str) -> dict[str, Any]:
        try:
            rec = json.loads((self.dir / f"{sha256}.json").read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return {}
        if rec.get("pipeline_version") != __version__ or rec.get("fingerprint") != pipeline_fingerprint():
            return {}
        if rec.get("pdf_engine", DEFAULT_PDF_ENGINE) != self.pdf_engine:
            return {}
        return rec

    def lookup(self, entry: ManifestEntry, out_dir: Path, output: str) -> ManifestEntry | None:
        """The cached entry if the same content was extracted by this pipeline into this output."""
        if not entry.sha256:
            return None
        made = self._load(entry.sha256).get("outputs", {}).get(output)
        out = out_dir / output
        if not made or made.get("input") != entry.input or not out.is_file():
            return None
        if file_sha256(out) != made.get("output_sha256"):
            return None  # output edited or replaced since: re-extract
        e = ManifestEntry(**made["entry"])
        e.cached, e.seconds, e.peak_rss_mb = True, 0.0, None
        return e

    def store(self, entry: ManifestEntry, out_dir: Path) -> None:
        if entry.status != "ok" or not entry.output or not entry.sha256:
            return
        rec = self._load(entry.sha256) or {
            "pipeline_version": __version__,
            "fingerprint": pipeline_fingerprint(),
            "pdf_engine": self.pdf_engine,
        }
        rec.setdefault("outputs", {})[entry.output] = {
            "input": entry.input,
            "output_sha256": file_sha256(out_dir / entry.output),
            "entry": asdict(entry),
        }
        write_json_atomic(rec, self.dir / f"{entry.sha256}.json")


def _with_review_page(hit: ManifestEntry, out_dir: Path) -> ManifestEntry | None:
    """A cached document whose review page is missing (an earlier run made none): the page
    is made again from its output; None (extract it again) if that cannot be read."""
    assert hit.output
    page = (out_dir / hit.output).with_suffix(".html")
    if page.is_file():
        return hit
    from .review import write_review

    try:
        write_review(json.loads((out_dir / hit.output).read_text(encoding="utf-8")), page)
    except Exception:  # an output it cannot make a page of: extracted again
        return None
    return hit


# --- the per-document task -----------------------------------------------------


def _resolve(spec: str) -> Callable[..., Any]:
    module, _, name = spec.partition(":")
    return getattr(import_module(module), name)


def _peak_rss_mb() -> float | None:
    try:
        import resource
    except ImportError:  # not on Windows
        return None
    kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return round(kb / (1024 * 1024 if sys.platform == "darwin" else 1024), 1)


def _write_result(result: dict[str, Any], out: Path) -> None:
    from .export import write_json

    write_json(result, out)


# Warnings about the reading itself get a line of their own as the batch runs; those about the
# document's content (inconsistent values, numbering slips) are counted there and listed by
# `chitieu check OUT/<doc>.json`.
READING_WARNINGS = frozenset({"reading", "page_quality", "not_vietnamese", "no_targets"})


def _add_warning(result: dict[str, Any], kind: str, message: str) -> None:
    warnings = result.setdefault("warnings", [])
    if not any(w.get("kind") == kind for w in warnings):
        warnings.append({"kind": kind, "message": message, "sources": []})


def process_document(
    path: str,
    out_path: str,
    *,
    sha256: str | None = None,
    review: bool = True,
    extractor: str = DEFAULT_EXTRACTOR,
    cancelled: threading.Event | None = None,
    pdf_engine: str | None = None,
    read_ahead: str | None = None,
) -> dict[str, Any]:
    """Read, extract and write one document; return its manifest entry (as a dict).

    Never raises: bad input (DocumentError) and bugs alike become an ``error``
    entry, so one document cannot stop a batch. A document with no targets, or
    that is not Vietnamese, is still written, with a warning. ``pdf_engine`` is
    passed to the extractor when set (``--pdf-engine``). ``read_ahead``: the file
    where ``ReadAhead`` left the document already read (default extractor only);
    its seconds count the CPU seconds of that reading.
    """
    from .legacy import looks_vietnamese

    t0 = time.perf_counter()
    out = Path(out_path)
    entry = ManifestEntry(input=path, sha256=sha256)
    doc, read_seconds = _read_ahead_document(read_ahead)
    try:
        if doc is not None:
            from .extract import extract_document

            result = extract_document(doc)
        else:
            result = _resolve(extractor)(path, **({"pdf_engine": pdf_engine} if pdf_engine else {}))
        # The document's key is its output name: unique in the folder, unlike the file stem
        # that a.pdf, a.docx and x/a.pdf share. The review page is <id>.html beside it.
        result.setdefault("document", {})["id"] = out.stem
        source = result.get("document", {}).get("source", {})
        entry.pages = source.get("pages")
        entry.targets = len(result.get("targets", []))
        if not looks_vietnamese(result.get("text", "")):
            msg = "not Vietnamese text (language check: too few Vietnamese letters); targets unreliable"
            _add_warning(result, "not_vietnamese", msg)
        if entry.targets == 0:
            msg = "no targets found"
            _add_warning(result, "no_targets", msg)
        entry.warnings = [f"{w['kind']}: {w['message']}" for w in result.get("warnings", [])]
        if cancelled is not None and cancelled.is_set():
            raise TimeoutError("cancelled after the time limit")
        if review:
            from .review import write_review
        _FINISHING.set()  # a time limit reached from here on lets the document finish
        _write_result(result, out)
        entry.output = out.name
        if review:
            write_review(result, out.with_suffix(".html"))
        entry.status = "ok"
    except DocumentError as err:
        entry.status, entry.error = "error", err.reason
        entry.needs_install = needs_install(err.reason)
    except MemoryError:
        entry.status, entry.error = "error", "out of memory while processing"
    except Exception as err:  # a bug, not bad input: say so, keep the batch going
        where = traceback.extract_tb(err.__traceback__)[-1]
        entry.status = "error"
        entry.error = (
            f"internal error {type(err).__name__}: {str(err).splitlines()[0] if str(err) else ''} "
            f"({Path(where.filename).name}:{where.lineno})"
        )
    entry.seconds = round(time.perf_counter() - t0 + read_seconds, 3)
    entry.peak_rss_mb = _peak_rss_mb()
    return asdict(entry)


# --- local executor: a pool of killable worker processes -----------------------


# What the first documents of a process would load, loaded by warm_up: an assignment of bodies
# (the roles' cues), a number with a unit, a bare count (the word segmenter: "02 hội nghị"),
# an item without a number (the part-of-speech tagger: does it state something?).
WARM_UP_TEXT = """CHƯƠNG TRÌNH HÀNH ĐỘNG

I. MỤC TIÊU

1. Các chỉ tiêu chủ yếu

Giao cho Ủy ban nhân dân xã chủ trì, phối hợp với các ngành thực hiện các chỉ tiêu sau:

(1) Đến năm 2030, tỷ lệ dân số tham gia bảo hiểm y tế đạt 98%.

(2) Hằng năm, Đảng bộ xã được đánh giá hoàn thành tốt nhiệm vụ.

(3) Mỗi năm tổ chức ít nhất 02 hội nghị chuyên đề.

(4) Phát triển nông nghiệp gắn với du lịch sinh thái.
"""


_WARM: set[str] = set()  # the extractors this process has warmed up (a forked worker inherits it)


def warm_up(extractor: str = DEFAULT_EXTRACTOR) -> None:
    """Load models and tables once per process, so no document's time limit pays for them:
    a sample document read, extracted, validated and written with its review page (into a
    temporary folder), and the PDF engines imported."""
    if extractor in _WARM:
        return
    try:
        with tempfile.TemporaryDirectory(prefix="chitieu-warm-up-") as tmp:
            sample = Path(tmp) / "warm-up.txt"
            sample.write_text(WARM_UP_TEXT, encoding="utf-8")
            process_document(str(sample), str(Path(tmp) / "warm-up.json"), extractor=extractor)
        from .readers.pdf import load_engines

        load_engines()
    except Exception:
        return  # a broken pipeline shows on the first real document
    _WARM.add(extractor)


PR_SET_PDEATHSIG = 1  # linux/prctl.h
PARENT_CHECK_SECONDS = 1.0


def _die_with_run(run: int, lifeline: Any = None) -> None:
    """End this process, with its process group (OCR subprocesses), when the run that started it dies.

    A run killed with SIGKILL cannot stop its workers, which would go on writing
    outputs no manifest lists. On Linux the kernel sends SIGKILL when the parent
    dies (PR_SET_PDEATHSIG). A worker forked by the fork server has the server for
    parent, which outlives the run while the server's children do: its watchdog
    thread waits on ``lifeline``, a pipe whose other end only the run holds, so it
    reads end-of-file the moment the run is gone. Without one, the watchdog checks
    that the parent is still the run, every second.
    """
    if sys.platform.startswith("linux"):
        try:
            import ctypes

            ctypes.CDLL(None, use_errno=True).prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
        except (OSError, AttributeError):
            pass

    def orphaned() -> bool:
        return os.getppid() != run if lifeline is None else not _running(run)

    def watch() -> None:
        if lifeline is None:
            while not orphaned():
                time.sleep(PARENT_CHECK_SECONDS)
        else:
            try:
                lifeline.recv()  # nothing is ever sent: this returns when the run has closed it
            except (EOFError, OSError):
                pass
        if hasattr(os, "killpg"):
            try:
                os.killpg(os.getpgrp(), signal.SIGKILL)
            except OSError:
                pass
        os._exit(1)

    if orphaned():  # died before the prctl took effect
        os._exit(1)
    threading.Thread(target=watch, name="run-watchdog", daemon=True).start()


def _detach(run: int | None, lifeline: Any = None) -> None:
    """A helper process of the run: its own process group (killable as a whole, deaf to the
    terminal's Ctrl-C, which the run handles), ending when the run does. Started in
    ``_ctrl_c_held``, it hears SIGINT again once it is deaf to it."""
    if hasattr(os, "setsid"):
        os.setsid()
    if run is not None:
        _die_with_run(run, lifeline)
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    if hasattr(signal, "pthread_sigmask"):
        signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGINT})


@contextmanager
def _ctrl_c_held() -> Iterator[None]:
    """Hold SIGINT back (blocked, in this thread) while a helper process of the run starts: the
    helper is in the run's process group, which a terminal's Ctrl-C reaches, until ``_detach``;
    it inherits the block, so a Ctrl-C before that prints no traceback from it, and the run
    gets it as the block ends, told in one line."""
    if not hasattr(signal, "pthread_sigmask"):
        yield
        return
    held = signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT})
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, held)  # a Ctrl-C held back is raised here


def _worker_main(
    conn: Any,
    extractor: str,
    parent: int | None = None,
    where: dict[str, Any] | None = None,
    lifeline: Any = None,
) -> None:
    """Worker loop, in a process of its own (``_detach``), in the run's folder and environment
    (``where``: a fork server started by an earlier run in this process has its own).

    It ends with ``os._exit``: every output is written (atomically) before its entry is sent,
    and tearing down an interpreter holding the models takes a third of a second that the
    run would wait for.
    """
    _detach(parent, lifeline)
    if where:
        os.chdir(where["cwd"])
        os.environ.clear()
        os.environ.update(where["env"])
        sys.path[:] = where["path"]
        tempfile.tempdir = None  # found again from the run's TMPDIR, as a spawned worker's is
    warm_up(extractor)
    conn.send(("ready", None))
    for task in _requests(conn):
        conn.send(("done", process_document(**task)))
    conn.close()
    os._exit(0)


def worker_context() -> Any:
    """Where the workers come from: forked from a fork server that has imported and warmed up
    the pipeline (``pipeline.warm``), once for all of them and for any replacement of a killed
    one, which start at once and share its memory; spawned where there is no fork server."""
    import multiprocessing as mp

    if "forkserver" not in mp.get_all_start_methods():
        return mp.get_context("spawn")
    ctx = mp.get_context("forkserver")
    ctx.set_forkserver_preload(["pipeline.warm"])  # read when the server starts: once a process
    os.environ[FORK_SERVER_OF] = str(os.getpid())  # the server it starts knows it is the run's
    return ctx


FORK_SERVER_OF = "CHITIEU_FORK_SERVER_OF"  # the pid of the run whose fork server a process is


def _converted_by_office(path: str | Path) -> bool:
    """A .doc, .rtf or .odt: LibreOffice converts it, so it is read in a worker, whose process
    group is killed with LibreOffice in it past the time limit."""
    return Path(path).suffix.lower() in OFFICE_FORMATS


def _needs_workers(args: Any, inputs: Sequence[Path], out_dir: Path) -> bool:
    """Whether the run is sure to start local workers: two documents or more (or one that
    LibreOffice converts), none of which can be in the cache."""
    office = any(_converted_by_office(p) for p in inputs)
    cacheless = args.no_cache or not (out_dir / CACHE_DIR).is_dir()
    return args.executor == "local" and (len(inputs) > 1 or office) and cacheless


def _start_fork_server() -> None:
    """Start the workers' fork server now, without waiting for it: it imports and warms up the
    pipeline while this process hashes the inputs and writes the manifest.

    It is started deaf to SIGINT (an ignored signal stays ignored in the program started): a
    Ctrl-C in the terminal reaches every process of the run's group, and the run, which handles
    it, says so in one line; a server interrupted in its warm-up would print a traceback (it is
    made deaf by multiprocessing only once that is done). It ends when the run does. A Ctrl-C
    while this process ignores SIGINT is held back (``_ctrl_c_held``), not lost.
    """
    ctx = worker_context()
    if ctx.get_start_method() != "forkserver":
        return
    from multiprocessing import forkserver, resource_tracker

    # The server starts multiprocessing's resource tracker first, which unblocks SIGINT once
    # it has started it (resource_tracker.ensure_running): started before, it is left alone.
    resource_tracker.ensure_running()
    handler = signal.getsignal(signal.SIGINT)  # None: not set from Python, cannot be put back
    deaf = handler is not None and threading.current_thread() is threading.main_thread()
    with _ctrl_c_held():
        if deaf:
            signal.signal(signal.SIGINT, signal.SIG_IGN)
        try:
            forkserver.ensure_running()
        finally:
            if deaf:
                signal.signal(signal.SIGINT, handler)


class _Worker:
    def __init__(self, ctx: Any, extractor: str) -> None:
        self.conn, child = ctx.Pipe()
        life, self.lifeline = ctx.Pipe(duplex=False)  # the worker holds the reading end
        where = {"cwd": os.getcwd(), "env": dict(os.environ), "path": list(sys.path)}
        args = (child, extractor, os.getpid(), where, life)
        self.proc = ctx.Process(target=_worker_main, args=args, daemon=True)
        try:
            self.proc.start()
        except (OSError, EOFError):  # the fork server did not answer: this one is spawned
            import multiprocessing as mp

            self.proc = mp.get_context("spawn").Process(target=_worker_main, args=args, daemon=True)
            self.proc.start()
        child.close()
        life.close()
        self.ready = False
        self.task: dict[str, Any] | None = None
        self.deadline = 0.0

    def kill(self) -> None:
        _kill_with_group(self.proc)
        self.conn.close()
        self.lifeline.close()

    def stop(self) -> None:
        if _asked_to_stop(self.conn, self.proc):
            self.conn.close()
            self.lifeline.close()
        else:
            self.kill()


class ReadAhead:
    """Reads documents at the end of the queue while the workers' fork server warms up.

    Starting the workers waits for the fork server to import and warm up the pipeline: a
    second or more on one core, while the other core has only the table writer's imports to
    do. Reading a document needs none of the models. With two workers or more, a process of
    its own (forked from the run while it has one thread, else spawned; at the lowest
    priority, so that it only takes what the others leave) reads the last documents of the
    queue meanwhile, each into a file of its own. When the workers are up it is killed (the
    document it was reading is left to them), and the tasks of the documents it finished go
    to the workers with their file (``process_document(read_ahead=...)``): same outputs, less
    work once both cores extract; the reading counts in the document's seconds. Office
    formats are left to the workers (LibreOffice dies with a worker). Its files are temp
    files of the output folder's cache named after it, removed as it ends, or by the next
    run if the run is killed.
    """

    def __init__(self, proc: Any, folder: Path) -> None:
        self.proc = proc
        self.folder = folder

    @classmethod
    def start(cls, ctx: Any, pending: Sequence[dict[str, Any]], size: int, extractor: str) -> ReadAhead | None:
        """Start reading ahead, or None where it cannot help: one worker, no more documents
        than workers, another extractor, no fork server to wait for, a single core."""
        import multiprocessing as mp

        if size < 2 or len(pending) <= size or extractor != DEFAULT_EXTRACTOR:
            return None
        if ctx.get_start_method() != "forkserver" or (os.cpu_count() or 1) < 2:
            return None
        jobs = [t for t in reversed(pending) if not _converted_by_office(t["path"])]
        folder = Path(pending[0]["out_path"]).parent / CACHE_DIR
        forkable = "fork" in mp.get_all_start_methods() and threading.active_count() == 1
        try:
            folder.mkdir(parents=True, exist_ok=True)
            proc = mp.get_context("fork" if forkable else "spawn").Process(
                target=_read_ahead_main, args=(os.getpid(), str(folder), jobs), daemon=True
            )
            with _ctrl_c_held():
                proc.start()
        except OSError:
            return None
        return cls(proc, folder)

    def stop(self, pending: Iterable[dict[str, Any]]) -> None:
        """Kill it (the workers are up) and give each pending task it read its file."""
        _kill_with_group(self.proc)
        for task in pending:
            f = self.folder / _read_ahead_name(task, self.proc.pid)
            if f.is_file():
                task["read_ahead"] = str(f)

    def clean_up(self) -> None:
        """Kill it if still reading (the workers could not be started) and remove its files."""
        if self.proc.is_alive():
            _kill_with_group(self.proc)
        _remove_temp_files(self.folder.parent, pid=self.proc.pid)


def _read_ahead_name(job: dict[str, Any], pid: int) -> str:
    """A temp file name of the reader (so a clean-up knows it: ``atomic.temp_file_writer``)."""
    return f".read-ahead-{Path(job['out_path']).stem}.{pid}.ready.tmp"


def _read_ahead_main(parent: int, folder: str, jobs: list[dict[str, Any]]) -> None:
    import pickle

    from .atomic import write_atomic
    from .readers import read

    _detach(parent)
    _lowest_priority()
    for job in jobs:
        # CPU seconds: on what CPU the others leave, the reading's wall time tells their load
        t0 = _cpu_seconds()
        try:
            doc = read(job["path"], pdf_engine=job.get("pdf_engine"))
        except Exception:  # the worker reads it and says what is wrong
            continue
        data = pickle.dumps((doc, _cpu_seconds() - t0), protocol=pickle.HIGHEST_PROTOCOL)
        try:
            write_atomic(Path(folder) / _read_ahead_name(job, os.getpid()), lambda tmp, data=data: tmp.write_bytes(data))
        except OSError:  # a full disk, a folder it cannot write: the workers read the rest, and say so if they fail
            break
    os._exit(0)


def _cpu_seconds() -> float:
    """CPU seconds of this process and of the children it waited for (tesseract's OCR of a scan)."""
    t = os.times()
    return t.user + t.system + t.children_user + t.children_system


def _lowest_priority() -> None:
    """Take only the CPU the other processes leave (the warm-up's and the table writer's, not
    theirs): nice 19, for this process and for the autogroup of its session, as Linux shares the
    CPU between sessions before it looks at nice values, and it has a session of its own."""
    if hasattr(os, "nice"):
        os.nice(19)
    try:
        Path("/proc/self/autogroup").write_text("19")
    except OSError:  # not Linux, or no autogroups
        pass


def _read_ahead_document(path: str | None) -> tuple[Any, float]:
    """The Document ReadAhead left in ``path`` and the seconds its reading took (the file is
    removed), or (None, 0) to read the document here."""
    if path is None:
        return None, 0.0
    import pickle

    try:
        doc, seconds = pickle.loads(Path(path).read_bytes())
        Path(path).unlink(missing_ok=True)
    except Exception:  # a file it could not finish or that is gone: the document is read here
        return None, 0.0
    return doc, seconds


def _kill_with_group(proc: Any) -> None:
    """Kill a helper process of the run, with its process group once it has its own (the OCR
    subprocesses of a worker), and wait for it."""
    pid = proc.pid
    try:
        if pid and hasattr(os, "killpg") and os.getpgid(pid) == pid:
            os.killpg(pid, signal.SIGKILL)
        else:
            proc.kill()
    except (ProcessLookupError, PermissionError):
        pass
    proc.join(5)


def _requests(conn: Any) -> Iterator[Any]:
    """What the run sends a helper process, until it sends None or its end of the pipe closes."""
    while True:
        try:
            request = conn.recv()
        except (EOFError, OSError):
            return
        if request is None:
            return
        yield request


def _asked_to_stop(conn: Any, proc: Any, seconds: float = 2) -> bool:
    """Tell a helper process of the run to end (None down its pipe); whether it did in time."""
    try:
        conn.send(None)
    except (OSError, ValueError):
        pass
    proc.join(seconds)
    return not proc.is_alive()


def _failed(task: dict[str, Any], reason: str, seconds: float | None = None) -> dict[str, Any]:
    return asdict(
        ManifestEntry(
            input=task["path"], sha256=task.get("sha256"), status="error", error=reason, seconds=seconds
        )
    )


class LocalRun:
    """The documents of a run on ``workers`` processes: iterating yields their entries as they
    finish. A task past ``timeout`` seconds gets its worker killed and replaced; so does a
    task whose worker dies (segfault, out-of-memory kill).

    Made before the progress bar starts its thread: the documents at the end of the queue
    are read ahead (``ReadAhead``) from then on, by a process forked from this one while it
    has one thread (not a second Python to start). ``close`` stops it, iterated or not.
    """

    def __init__(self, tasks: Sequence[dict[str, Any]], workers: int, timeout: float, extractor: str) -> None:
        _start_fork_server()  # if the run has not already
        self.ctx = worker_context()
        self.pending = deque(tasks)
        self.size = max(1, min(workers, len(self.pending)))
        self.timeout, self.extractor = timeout, extractor
        self.ahead = ReadAhead.start(self.ctx, self.pending, self.size, extractor)

    def __iter__(self) -> Iterator[dict]:
        try:
            yield from _run_pool(self.ctx, self.pending, self.size, self.timeout, self.extractor, self.ahead)
        finally:
            self.close()

    def close(self) -> None:
        if self.ahead is not None:
            self.ahead.clean_up()
            self.ahead = None


def run_local(tasks: Sequence[dict[str, Any]], workers: int, timeout: float, extractor: str) -> LocalRun:
    """Run tasks on ``workers`` processes (``LocalRun``); iterate to get entries as they finish."""
    return LocalRun(tasks, workers, timeout, extractor)


def _run_pool(
    ctx: Any, pending: deque[dict[str, Any]], size: int, timeout: float, extractor: str, ahead: ReadAhead | None
) -> Iterator[dict]:
    from multiprocessing.connection import wait

    pool = [_Worker(ctx, extractor) for _ in range(size)]  # the first waits for the fork server's warm-up
    if ahead is not None:
        ahead.stop(pending)
    early_deaths = 0
    try:
        while pending or any(w.task for w in pool):
            for w in pool:
                if w.ready and w.task is None and pending:
                    try:
                        w.conn.send(pending[0])
                    except OSError:  # died since it said ready: replaced below, task stays queued
                        continue
                    w.task = pending.popleft()
                    w.deadline = time.monotonic() + timeout
            deadlines = [w.deadline for w in pool if w.task]
            wait_for = max(0.0, min(deadlines) - time.monotonic()) if deadlines else None
            ready = wait([w.conn for w in pool] + [w.proc.sentinel for w in pool], timeout=wait_for)
            for i, w in enumerate(pool):
                replace, failure = False, None
                if w.conn in ready:
                    try:
                        kind, payload = w.conn.recv()
                    except (EOFError, OSError):
                        kind, payload = "dead", None
                    if kind == "ready":
                        w.ready, early_deaths = True, 0
                    elif kind == "done":
                        w.task = None
                        yield payload
                    else:
                        replace = True
                elif w.proc.sentinel in ready:
                    replace = True
                if replace:
                    w.proc.join(1)
                    code = w.proc.exitcode
                    how = f"signal {-code}" if code is not None and code < 0 else f"exit status {code}"
                    if w.task:
                        failure = _failed(w.task, f"worker process died ({how}) while processing")
                    elif not w.ready:
                        early_deaths += 1
                        if early_deaths > 3:
                            raise RuntimeError(f"worker processes die on start-up ({how})")
                elif w.task and time.monotonic() >= w.deadline:
                    failure = _failed(w.task, f"timed out after {timeout:g} s (--timeout); parse stopped", timeout)
                    replace = True
                if replace:  # killed before its failure is told: it writes nothing after that
                    task, w.task = w.task, None
                    w.kill()
                    if task:  # what it was writing when it was stopped
                        out = Path(task["out_path"])
                        _remove_temp_files(out.parent, out.name, pid=w.proc.pid)
                    pool[i] = _Worker(ctx, extractor)
                if failure is not None:
                    yield failure
    finally:
        for w in pool:
            if w.task:
                w.kill()
            else:
                w.stop()


# --- dask executor -------------------------------------------------------------


def _dask_task(task: dict[str, Any], timeout: float) -> dict[str, Any]:
    """The same per-document task, with the time limit enforced on the Dask worker (or in this process).

    A thread cannot be killed: past the limit the document is reported as timed
    out and told not to write; the thread finishes in the background.
    """
    cancelled = threading.Event()
    box: dict[str, Any] = {}
    t = threading.Thread(
        target=lambda: box.update(r=process_document(**task, cancelled=cancelled)), daemon=True
    )
    t.start()
    t.join(timeout)
    if t.is_alive():
        cancelled.set()
        return _failed(task, f"timed out after {timeout:g} s (--timeout)", timeout)
    return box["r"]


_FINISHING = threading.Event()  # process_document has begun writing a document's outputs


class _TimeUp(BaseException):
    """The time limit of a document run in this process (no ``except Exception`` catches it)."""


def run_inline(tasks: Sequence[dict[str, Any]], timeout: float) -> Iterator[dict]:
    """Run the tasks in this process, one after the other: for a single document, where
    starting a worker and warming up its models would cost more than the document itself.

    The time limit is an alarm signal in the main thread: it stops Python code and a
    regular expression alike (the regex engine checks for signals), and Tesseract with them
    (``subprocess.run`` kills its process on the way out); outputs being written are
    finished. Where the alarm is the caller's, or off the main thread, the document runs in
    a thread that is left behind past the limit. Not for a document LibreOffice converts:
    that goes to a worker, killed with its process group, LibreOffice with it.
    """
    for task in tasks:
        yield _alarmed_task(task, timeout) if _alarm_free() else _dask_task(task, timeout)


def _alarm_free() -> bool:
    """Whether this thread may use the alarm: the main thread, with no alarm or handler of its
    caller's (a test runner's watchdog, a server's) that this would overwrite."""
    return (
        hasattr(signal, "setitimer")
        and threading.current_thread() is threading.main_thread()
        and signal.getitimer(signal.ITIMER_REAL) == (0.0, 0.0)
        and signal.getsignal(signal.SIGALRM) in (signal.SIG_DFL, None)
    )


def _alarmed_task(task: dict[str, Any], timeout: float) -> dict[str, Any]:
    def time_up(signum: int, frame: Any) -> None:
        if not _FINISHING.is_set():  # once the outputs are being written, they are finished
            raise _TimeUp

    _FINISHING.clear()
    previous = signal.signal(signal.SIGALRM, time_up)
    try:
        signal.setitimer(signal.ITIMER_REAL, max(timeout, 0.001))
        try:
            return process_document(**task)
        finally:
            signal.setitimer(signal.ITIMER_REAL, 0)
    except _TimeUp:
        # Tesseract, run by subprocess.run, was killed as the exception went through it
        out = Path(task["out_path"])
        _remove_temp_files(out.parent, out.name, pid=os.getpid())
        return _failed(task, f"timed out after {timeout:g} s (--timeout); parse stopped", timeout)
    finally:
        signal.signal(signal.SIGALRM, previous if previous is not None else signal.SIG_DFL)


def run_dask(tasks: Sequence[dict[str, Any]], scheduler: str, timeout: float) -> Iterator[dict]:
    """Run the tasks on a dask.distributed cluster (its workers must see the same files)."""
    from distributed import Client, as_completed

    with Client(scheduler) as client:
        futures = [client.submit(_dask_task, t, timeout, pure=False) for t in tasks]
        by_future = dict(zip(futures, tasks, strict=True))
        for fut in as_completed(futures):
            try:
                yield fut.result()
            except Exception as err:
                yield _failed(by_future[fut], f"dask task failed: {type(err).__name__}: {err}")


# --- the command ---------------------------------------------------------------


class Manifest:
    """OUT/manifest.json, rewritten atomically whenever a document finishes.

    It lists this run's documents, then ``earlier``: those of earlier runs into the
    folder that this run did not touch and whose outputs are still there.
    """

    def __init__(
        self,
        out_dir: Path,
        entries: list[ManifestEntry],
        options: dict[str, Any],
        skipped: Sequence[Skipped] = (),
        earlier: Sequence[ManifestEntry] = (),
    ) -> None:
        self.path = out_dir / MANIFEST
        self.entries = {e.input: e for e in entries}
        self.earlier = [e for e in earlier if e.input not in self.entries]
        self.options = options
        self.skipped = list(skipped)
        self.started = _now()

    def update(self, entry: ManifestEntry, *, save: bool = True) -> None:
        self.entries[entry.input] = entry
        if save:
            self.save()

    def save(self, finished: bool = False) -> None:
        docs = [asdict(e) for e in [*self.entries.values(), *self.earlier]]
        summary = {
            "documents": len(docs),
            "earlier": len(self.earlier),
            "ok": sum(d["status"] == "ok" for d in docs),
            "cached": sum(d["cached"] for d in docs),
            "with_warnings": sum(d["status"] == "ok" and bool(d["warnings"]) for d in docs),
            "warnings": sum(len(d["warnings"]) for d in docs if d["status"] == "ok"),
            "failed": sum(d["status"] == "error" for d in docs),
            "pending": sum(d["status"] == "pending" for d in docs),
            "skipped": len(self.skipped),
        }
        write_json_atomic(
            {
                "pipeline_version": __version__,
                "fingerprint": pipeline_fingerprint(),
                "started": self.started,
                "finished": _now() if finished else None,
                "options": self.options,
                "summary": summary,
                "documents": docs,
                "skipped": [asdict(s) for s in self.skipped],
            },
            self.path,
        )


def earlier_entries(out_dir: Path) -> list[ManifestEntry]:
    """The documents of earlier runs into ``out_dir`` whose outputs are still there."""
    try:
        docs = json.loads((out_dir / MANIFEST).read_text(encoding="utf-8")).get("documents") or []
    except (OSError, ValueError, AttributeError):
        return []
    known = {f.name for f in fields(ManifestEntry)}
    out = []
    for d in docs:
        if not isinstance(d, dict) or not isinstance(d.get("input"), str):
            continue
        e = ManifestEntry(**{k: v for k, v in d.items() if k in known})
        if e.status == "ok" and isinstance(e.output, str) and (out_dir / e.output).is_file():
            out.append(e)
    return out


def match_earlier(
    inputs: Sequence[Path], shas: Sequence[str | None], earlier: Sequence[ManifestEntry]
) -> tuple[dict[Path, str], list[ManifestEntry]]:
    """Which earlier entries are inputs of this run (their output name, by input) and which are not.

    An earlier entry is an input when it names the same file, or else (a run given
    the paths from another folder) when it has the same content and the input whose
    path ends most like it is one alone (``t3/in/sub/doc.txt`` is ``/tmp/t3/in/sub/doc.txt``).
    """
    keep: dict[Path, str] = {}
    left: list[ManifestEntry] = []
    by_path = {p.resolve(): p for p in inputs}
    for old in earlier:
        p = by_path.get(Path(old.input).resolve())
        if p is not None and p not in keep:
            keep[p] = old.output or ""
        else:
            left.append(old)
    others = []
    for old in left:
        scored = [
            (_common_tail(p.resolve().parts, Path(old.input).parts), p)
            for p, sha in zip(inputs, shas, strict=True)
            if p not in keep and sha is not None and sha == old.sha256
        ]
        best = max((n for n, _ in scored), default=0)
        alike = [p for n, p in scored if n == best]
        if best and len(alike) == 1 and old.output not in keep.values():
            keep[alike[0]] = old.output or ""
        else:
            others.append(old)
    return keep, others


def _common_tail(a: Sequence[str], b: Sequence[str]) -> int:
    n = 0
    while n < min(len(a), len(b)) and a[-1 - n] == b[-1 - n]:
        n += 1
    return n


class FolderLock:
    """One ``chitieu extract`` at a time in an output folder: an exclusive flock on its lock file.

    The kernel drops the lock when the holder ends, however it ends, so a killed run
    never leaves the folder locked. Where there is no flock (Windows) there is no lock.
    """

    def __init__(self, out_dir: Path) -> None:
        self.path = out_dir / LOCK_FILE
        self.fh: Any = None

    def acquire(self, say: Callable[[str], None]) -> None:
        try:
            import fcntl
        except ImportError:
            return
        self.fh = open(self.path, "a+", encoding="utf-8")  # held until release
        try:
            fcntl.flock(self.fh, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            self.fh.seek(0)
            holder = self.fh.read().strip()
            say(
                f"chitieu extract: {self.path.parent} is being written by another chitieu extract"
                f"{f' (pid {holder})' if holder.isdigit() else ''}; waiting for it to finish (Ctrl-C to stop)"
            )
            fcntl.flock(self.fh, fcntl.LOCK_EX)
        self.fh.seek(0)
        self.fh.truncate()
        self.fh.write(f"{os.getpid()}\n")
        self.fh.flush()

    def release(self) -> None:
        if self.fh is not None:
            self.fh.close()  # closing the file drops the lock
            self.fh = None


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


class _Reporter:
    """Per-file status lines (always for warnings and errors) and a rich progress bar."""

    def __init__(self, total: int, quiet: bool) -> None:
        from rich.console import Console

        self.console = Console(stderr=True, highlight=False)
        self.quiet = quiet
        self.counts = {"ok": 0, "cached": 0, "failed": 0}
        self.progress = None
        if not quiet:
            from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

            self.progress = Progress(
                TextColumn("extract"),
                BarColumn(),
                MofNCompleteColumn(),
                TimeElapsedColumn(),
                TextColumn("{task.description}"),
                console=self.console,
                transient=True,
            )
            self.task = self.progress.add_task("", total=total)

    def __enter__(self) -> _Reporter:
        if self.progress:
            self.progress.start()
        return self

    def __exit__(self, *exc: object) -> None:
        if self.progress:
            self.progress.stop()

    def line(self, text: str, style: str | None = None, always: bool = False) -> None:
        if always or not self.quiet:
            console = self.progress.console if self.progress else self.console
            console.print(text, style=style, markup=False, soft_wrap=True)

    def done(self, e: ManifestEntry, out_dir: Path) -> None:
        where = f" -> {out_dir / e.output}" if e.output else ""
        if e.status == "error":
            self.line(f"error    {e.input}: {e.error}", "red", always=True)
        elif e.cached:
            self.line(f"cached   {e.input}{where} (unchanged, skipped)", "dim")
        else:
            facts = f"{e.pages} pages, " if e.pages else ""
            warned = f"{len(e.warnings)} warning{'s' if len(e.warnings) != 1 else ''}, " if e.warnings else ""
            self.line(
                f"ok       {e.input}{where} ({facts}{e.targets} targets, {warned}{e.seconds:.1f} s)", "green"
            )
        for w in e.warnings if e.status == "ok" else []:
            kind, _, message = w.partition(": ")
            if kind in READING_WARNINGS:
                self.line(f"warning  {e.input}: {message}", "yellow", always=True)
        key = "failed" if e.status == "error" else "cached" if e.cached else "ok"
        self.counts[key] += 1
        if self.progress:
            tally = ", ".join(f"{n} {k}" for k, n in self.counts.items())
            self.progress.update(self.task, advance=1, description=f"{tally} | last: {Path(e.input).name}")


# --- the tables, written by a process of their own ---------------------------------


def _write_tables(
    out_dir: Path, entries: Sequence[ManifestEntry], reporter: _Reporter, writer: TableWriter | None = None
) -> bool:
    outputs = [e.output for e in entries if e.status == "ok" and e.output]
    if not outputs:
        return True
    error = writer.write(out_dir, outputs) if writer else tables_of(str(out_dir), outputs)
    if error:
        reporter.line(f"error    {out_dir / 'tables'}: could not write tables: {error}", "red", always=True)
        return False
    return True


def tables_of(out_dir: str, outputs: Sequence[str]) -> str | None:
    """Write ``OUT/tables`` from these output files of ``OUT``; None, or what went wrong."""
    from .tables import write_tables

    try:
        results = [json.loads((Path(out_dir) / name).read_text(encoding="utf-8")) for name in outputs]
        write_tables(results, Path(out_dir) / "tables")
    except Exception as err:
        return f"{type(err).__name__}: {err}"
    return None


class TableWriter:
    """Writes ``OUT/tables`` from a process of its own, started with the run.

    pandas and pyarrow take a third of a second to import: the writer imports them while
    the documents are extracted (on a core the run leaves idle while it starts), not
    after the last one. It is forked from this process while it has one thread and little
    imported (no second Python to start), else spawned. Its temp files carry its pid, like
    a worker's. If it cannot be started or dies, the tables are written in this process.
    """

    def __init__(self) -> None:
        import multiprocessing as mp

        self.proc: Any = None
        forkable = "fork" in mp.get_all_start_methods() and threading.active_count() == 1
        try:
            ctx = mp.get_context("fork" if forkable else "spawn")
            self.conn, child = ctx.Pipe()
            self.proc = ctx.Process(target=_table_writer_main, args=(child, os.getpid()), daemon=True)
            with _ctrl_c_held():
                self.proc.start()
            child.close()
        except OSError:
            self.proc = None

    def write(self, out_dir: Path, outputs: Sequence[str]) -> str | None:
        """Write the tables of ``outputs`` (file names in ``out_dir``); None, or what went wrong."""
        from multiprocessing.connection import wait

        if self.proc is not None:
            try:
                self.conn.send((str(out_dir), list(outputs)))
                if self.conn in wait([self.conn, self.proc.sentinel]):
                    return self.conn.recv()
            except (OSError, EOFError):
                pass
            self.close()
            _remove_temp_files(out_dir, pid=self.proc.pid)
        return tables_of(str(out_dir), outputs)

    def close(self) -> None:
        if self.proc is None:
            return
        if not _asked_to_stop(self.conn, self.proc):
            self.proc.kill()
            self.proc.join(5)
        self.conn.close()


def _table_writer_main(conn: Any, parent: int) -> None:
    _detach(parent)
    from .tables import warm_up

    try:
        warm_up()  # the point: pandas, pyarrow and the tables' data loaded before they are needed
    except Exception:
        pass  # a broken pipeline shows when the tables are written
    for request in _requests(conn):
        conn.send(tables_of(*request))
    conn.close()
    os._exit(0)  # as a worker: the tables are written, and tearing down pandas takes a while


def _options(args: Any) -> tuple[tuple[list[Path], list[Skipped]], Path]:
    if args.workers < 1:
        raise UsageError("--workers must be at least 1")
    if args.timeout <= 0:
        raise UsageError("--timeout must be a positive number of seconds")
    if args.executor == "dask" and not args.scheduler:
        raise UsageError("--executor dask needs --scheduler ADDRESS (e.g. tcp://10.0.0.5:8786)")
    if args.scheduler and args.executor != "dask":
        raise UsageError("--scheduler is only used with --executor dask")
    out_dir = Path(args.output)
    if out_dir.exists() and not out_dir.is_dir():
        raise UsageError(f"{out_dir}: output exists and is not a folder")
    include, exclude = getattr(args, "include", None) or (), getattr(args, "exclude", None) or ()
    found = collect_inputs(args.inputs, include, exclude)
    check_writable(out_dir)
    return found, out_dir


def check_writable(out_dir: Path) -> None:
    """Make the output folder and write a file in it, before any work: else one line, exit 2."""
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
        fd, probe = tempfile.mkstemp(dir=out_dir, prefix=f".write-test.{os.getpid()}.", suffix=".tmp")
        os.close(fd)
        os.unlink(probe)
    except OSError as err:
        raise UsageError(f"{out_dir}: cannot write to the output folder ({err.strerror or err})") from None


def run(args: Any) -> int:
    """Entry point of ``chitieu extract``; returns the exit status (0, 1, 2; 130 if interrupted)."""
    try:
        (inputs, skipped), out_dir = _options(args)
    except UsageError as err:
        print(f"chitieu extract: {err}", file=sys.stderr)
        return EXIT_USAGE
    try:
        return _run(args, inputs, out_dir, skipped)
    except KeyboardInterrupt:  # before any document started: nothing to keep
        print("chitieu extract: interrupted", file=sys.stderr)
        return EXIT_INTERRUPTED


def _run(args: Any, inputs: list[Path], out_dir: Path, skipped: Sequence[Skipped] = ()) -> int:
    lock = FolderLock(out_dir)
    lock.acquire(lambda message: print(message, file=sys.stderr, flush=True))
    try:
        return _run_locked(args, inputs, out_dir, skipped)
    finally:
        lock.release()


def _run_locked(args: Any, inputs: list[Path], out_dir: Path, skipped: Sequence[Skipped]) -> int:
    writer = None if args.no_tables else TableWriter()
    try:
        return _run_with(args, inputs, out_dir, skipped, writer)
    finally:
        if writer is not None:
            writer.close()


def _executor(args: Any, tasks: Sequence[dict[str, Any]], extractor: str) -> LocalRun | Iterator[dict]:
    """Where the tasks run: Dask, this process (one document, or none), or local workers."""
    if args.executor == "dask" and tasks:
        return run_dask(tasks, args.scheduler, args.timeout)
    if len(tasks) <= 1 and not any(_converted_by_office(t["path"]) for t in tasks):
        return run_inline(tasks, args.timeout)  # a .doc goes to a worker: its LibreOffice dies with it
    return run_local(tasks, args.workers, args.timeout, extractor)


def _run_with(
    args: Any, inputs: list[Path], out_dir: Path, skipped: Sequence[Skipped], writer: TableWriter | None
) -> int:
    extractor = getattr(args, "extractor", DEFAULT_EXTRACTOR)
    if _needs_workers(args, inputs, out_dir):
        _start_fork_server()
    _remove_temp_files(out_dir)
    cache_ = Cache(out_dir, pdf_engine=getattr(args, "pdf_engine", None))

    entries: list[ManifestEntry] = []
    for p in inputs:
        e = ManifestEntry(input=str(p), output=None)
        try:
            e.sha256 = file_sha256(p)
        except OSError as err:
            e.status, e.error = "error", f"cannot read file: {err.strerror or err}"
        entries.append(e)
    # Earlier runs into this folder: an input keeps its output name (so its doc_id), and
    # the outputs of other inputs are neither overwritten nor dropped from the manifest.
    keep, others = match_earlier(inputs, [e.sha256 for e in entries], earlier_entries(out_dir))
    names = assign_outputs(inputs, keep, reserved=[e.output or "" for e in others])
    options = {
        "workers": args.workers,
        "executor": args.executor,
        "timeout": args.timeout,
        "cache": not args.no_cache,
        "tables": not args.no_tables,
        "pdf_engine": getattr(args, "pdf_engine", None) or DEFAULT_PDF_ENGINE,
    }
    manifest = Manifest(out_dir, entries, options, skipped, earlier=others)
    manifest.save()

    done: list[ManifestEntry] = []  # without work: cached, or unreadable
    tasks: list[dict[str, Any]] = []
    for e, p in zip(entries, inputs, strict=True):
        hit = None if (args.no_cache or e.status == "error") else cache_.lookup(e, out_dir, names[p])
        if hit is not None and not args.no_tables:
            hit = _with_review_page(hit, out_dir)
        if hit is not None:
            manifest.update(hit, save=False)
            done.append(hit)
        elif e.status == "error":
            done.append(e)
        else:
            tasks.append(
                {
                    "path": str(p),
                    "out_path": str(out_dir / names[p]),
                    "sha256": e.sha256,
                    "review": not args.no_tables,
                    "extractor": extractor,
                    "pdf_engine": getattr(args, "pdf_engine", None),
                }
            )
    manifest.save()
    results = _executor(args, tasks, extractor)  # before the progress bar's thread: see LocalRun
    with closing(results), _Reporter(len(entries), args.quiet) as reporter:
        for s in skipped:
            if s.kind != "excluded":  # the user chose to leave those out: counted, not listed
                reporter.line(f"skipped  {s.path}: {s.reason}", "dim")
        for e in done:
            reporter.done(e, out_dir)
        try:
            for raw in results:
                e = ManifestEntry(**raw)
                manifest.update(e)
                cache_.store(e, out_dir)
                reporter.done(e, out_dir)
        except KeyboardInterrupt:
            manifest.save()
            reporter.line(f"interrupted: finished outputs kept; see {manifest.path}", "red", always=True)
            return EXIT_INTERRUPTED
        except RuntimeError as err:  # workers cannot start: nothing more can be done
            manifest.save()
            reporter.line(f"error    {err}; finished outputs kept; see {manifest.path}", "red", always=True)
            return EXIT_FAILED
        tables_ok = args.no_tables or _write_tables(
            out_dir, [*manifest.entries.values(), *manifest.earlier], reporter, writer
        )
    manifest.save(finished=True)

    docs = list(manifest.entries.values())
    failed = [e for e in docs if e.status != "ok"]
    cached = sum(e.cached for e in docs)
    warned = sum(bool(e.warnings) for e in docs if e.status == "ok")
    n_warnings = sum(len(e.warnings) for e in docs if e.status == "ok")
    waiting = sum(e.needs_install for e in failed)
    reporter.line(
        f"{len(docs)} documents: {len(docs) - len(failed) - cached} extracted, {cached} cached (unchanged), "
        f"{warned} with warnings ({n_warnings} in all, of every kind; `chitieu check {out_dir / '<doc>.json'}` "
        f"lists a document's), {len(failed)} failed"
        + (f" ({waiting} need a system tool that is not installed: install it, e.g. make system-deps, and re-run)" if waiting else "")
        + (f"; {len(manifest.earlier)} documents of earlier runs kept" if manifest.earlier else "")
        + "; "
        + (f"{len(skipped)} skipped: {skipped_tally(skipped)}; " if skipped else "")
        + f"manifest: {manifest.path}",
        always=True,
    )
    if not tables_ok or len(failed) > waiting:
        return EXIT_FAILED
    return EXIT_NEEDS_INSTALL if failed else EXIT_OK
