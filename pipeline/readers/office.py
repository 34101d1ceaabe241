"""Word 97–2003 (.doc), RTF and OpenDocument text (.odt): converted to .docx by LibreOffice, then
read by the DOCX reader.

LibreOffice's import filters are the most complete outside Word (Unstructured reads .doc the same
way), and going through .docx keeps one reader for Word's numbering, tables and styles.

A conversion runs ``soffice --headless --convert-to docx`` in a private temporary folder holding a
copy of the input, the result, LibreOffice's user profile (``-env:UserInstallation``) and the HOME
and TMPDIR it is given: removing the folder removes everything the conversion made, and two
conversions never share a profile (LibreOffice hands a document to an instance already running on
the same profile). soffice stays in the caller's process group, so a batch worker killed past its
deadline takes it along; the conversion's own time limit kills the whole soffice tree (the
``soffice`` script's oosplash and the soffice.bin it starts, which outlives oosplash). A folder
left by a killed worker is removed by a later conversion: nobody holds its lock any more.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from ..errors import DocumentError
from ..model import RawDocument, SourceFormat, SourceInfo

OFFICE_FORMATS: dict[str, SourceFormat] = {".doc": "doc", ".rtf": "rtf", ".odt": "odt"}
DEBIAN_PACKAGE = "libreoffice-writer-nogui"
INSTALL_HINT = f"install: apt-get install {DEBIAN_PACKAGE}"
CONVERT_SECONDS = 180.0  # a document never takes this long; a stuck soffice is killed
DOCX_FILTER = "docx:MS Word 2007 XML"
FOLDER_PREFIX = "chitieu-office-"
STALE_AFTER_SECONDS = 60  # a folder this old whose lock is free belongs to a killed conversion
_LOCK = ".lock"
# LibreOffice's single-instance pipe; it stays in /tmp when soffice is killed.
_PIPE_DIRS = ("/tmp", "/var/tmp")


def find_soffice() -> str:
    """Path of LibreOffice's ``soffice`` on PATH; FileNotFoundError saying what to install."""
    exe = shutil.which("soffice") or shutil.which("libreoffice")
    if exe is None:
        raise FileNotFoundError(f"soffice not found on PATH; {INSTALL_HINT}")
    return exe


@contextmanager
def converted(path: str | Path, target: str = DOCX_FILTER, timeout: float | None = None) -> Iterator[Path]:
    """Convert ``path`` with LibreOffice to ``target`` (``ext[:filter]``); yield the converted file.

    The file lives in a private folder that is removed when the block ends. Raises DocumentError
    naming ``path`` when LibreOffice is missing, fails or runs past ``timeout`` seconds (default
    CONVERT_SECONDS).
    """
    p = Path(path)
    try:
        exe = find_soffice()
    except FileNotFoundError as err:
        raise DocumentError(
            p, f"reading {p.suffix.lower() or 'this'} files needs LibreOffice ({err})"
        ) from None
    remove_stale_folders()
    folder = Path(tempfile.mkdtemp(prefix=FOLDER_PREFIX))
    with open(folder / _LOCK, "w") as lock:
        _hold(lock)
        try:
            yield _convert(exe, p, folder, target, CONVERT_SECONDS if timeout is None else timeout)
        finally:
            _remove_folder(folder)


def _convert(exe: str, path: Path, folder: Path, target: str, timeout: float) -> Path:
    # A copy under a plain name: soffice reads a name starting with "-" as an option, and nothing
    # (a lock file, a backup) can appear beside the user's file.
    source = folder / "in" / f"document{path.suffix.lower()}"
    source.parent.mkdir()
    try:
        shutil.copyfile(path, source)
    except OSError as err:
        raise DocumentError(path, f"cannot read file: {err.strerror or err}") from None
    out_dir, home, tmp = folder / "out", folder / "home", folder / "tmp"
    home.mkdir()
    tmp.mkdir()
    cmd = [
        exe,
        f"-env:UserInstallation={_profile_url(folder)}",
        "--headless",
        "--norestore",
        "--nologo",
        "--nodefault",
        "--nolockcheck",
        "--convert-to",
        target,
        "--outdir",
        str(out_dir),
        str(source),
    ]
    env = {**os.environ, "HOME": str(home), "TMPDIR": str(tmp)}
    proc = subprocess.Popen(
        cmd,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        errors="replace",
        env=env,
    )
    try:
        out, err = proc.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        raise DocumentError(path, f"LibreOffice conversion took over {timeout:g} s; stopped") from None
    finally:
        if proc.poll() is None:
            _kill_tree(proc)
            _remove_pipe(folder)
    result = out_dir / f"{source.stem}.{target.split(':', 1)[0]}"
    if proc.returncode != 0 or not result.is_file():
        raise DocumentError(
            path, f"LibreOffice could not convert it ({_failure(out + err, proc.returncode)})"
        )
    return result


def _failure(output: str, code: int) -> str:
    lines = [ln.strip() for ln in output.splitlines() if ln.strip() and "javaldx" not in ln]
    errors = [ln for ln in lines if ln.lower().startswith("error")]
    return (errors or lines or [f"exit status {code}, no output file"])[-1]


def _kill_tree(proc: subprocess.Popen[str]) -> None:
    """Kill soffice and everything it started (soffice.bin is oosplash's child and outlives it)."""
    import psutil

    try:
        victims = [*psutil.Process(proc.pid).children(recursive=True), psutil.Process(proc.pid)]
    except psutil.NoSuchProcess:
        victims = []
    for v in victims:
        try:
            v.kill()
        except psutil.NoSuchProcess:
            pass
    psutil.wait_procs(victims, timeout=5)
    proc.wait()


# --- the private folder ---------------------------------------------------------------


def _profile_url(folder: Path) -> str:
    return (folder / "profile").as_uri()


def _pipe_paths(folder: Path) -> list[Path]:
    """Where LibreOffice puts the pipe of this profile: an MD5 of the profile URL (UTF-16), each
    byte in hex without padding, as desktop/source/app/officeipcthread.cxx names it."""
    digest = hashlib.md5(_profile_url(folder).encode("utf-16-le")).digest()
    name = f"OSL_PIPE_{os.getuid()}_SingleOfficeIPC_{''.join(f'{b:x}' for b in digest)}"
    return [Path(d) / name for d in _PIPE_DIRS]


def _remove_pipe(folder: Path) -> None:
    if hasattr(os, "getuid"):
        for pipe in _pipe_paths(folder):
            pipe.unlink(missing_ok=True)


def _remove_folder(folder: Path) -> None:
    _remove_pipe(folder)
    shutil.rmtree(folder, ignore_errors=True)


def _hold(lock: object) -> None:
    try:
        import fcntl
    except ImportError:  # not on Windows: stale folders are then never swept
        return
    fcntl.flock(lock, fcntl.LOCK_EX)  # type: ignore[arg-type]


def remove_stale_folders() -> list[Path]:
    """Remove the folders of conversions killed with their worker (lock free, over a minute old)."""
    try:
        import fcntl
    except ImportError:
        return []
    removed = []
    now = time.time()
    for folder in Path(tempfile.gettempdir()).glob(f"{FOLDER_PREFIX}*"):
        try:
            if now - folder.stat().st_mtime < STALE_AFTER_SECONDS:
                continue
        except OSError:
            continue
        try:
            with open(folder / _LOCK) as lock:
                fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
                _remove_folder(folder)
        except FileNotFoundError:  # killed before it took its lock
            _remove_folder(folder)
        except OSError:  # in use, or not ours to remove
            continue
        removed.append(folder)
    return removed


# --- the reader -------------------------------------------------------------------------


def read_office(path: str | Path) -> RawDocument:
    """Read a .doc, .rtf or .odt file: LibreOffice converts it to .docx, the DOCX reader reads that."""
    from . import file_sha256
    from .docx import read_docx

    p = Path(path)
    with converted(p) as docx_path:
        try:
            raw = read_docx(docx_path)
        except DocumentError as err:
            raise DocumentError(p, f"{err.reason} (in LibreOffice's .docx conversion)") from None
    raw.source = SourceInfo(path=str(p), format=OFFICE_FORMATS[p.suffix.lower()], sha256=file_sha256(p))
    return raw
