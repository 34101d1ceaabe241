"""Atomic file writes: every output of the pipeline goes through here.

A crash or Ctrl-C mid-write must leave the previous file intact and no
half-written one, so each write goes to a temp file beside the target
(``.<name>.<pid>.<random>.tmp``, named after the process writing it, so that a
clean-up removes only the files of writers that are gone), is flushed to disk,
then renamed over the target in one step.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable
from pathlib import Path

OUTPUT_MODE = 0o644  # mkstemp makes files private; outputs are for sharing


def write_atomic(path: str | os.PathLike[str], write: Callable[[Path], None]) -> Path:
    """Call ``write(tmp_path)`` to fill a temp file, then rename it to ``path``."""
    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.{os.getpid()}.", suffix=".tmp")
    os.close(fd)
    try:
        write(Path(tmp))
        with open(tmp, "rb") as fh:
            os.fsync(fh.fileno())
        os.chmod(tmp, OUTPUT_MODE)
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return target


def write_text_atomic(path: str | os.PathLike[str], text: str) -> Path:
    """Write UTF-8 text to ``path`` atomically."""
    return write_atomic(path, lambda tmp: tmp.write_text(text, encoding="utf-8"))


def temp_file_writer(path: Path) -> int | None:
    """The pid that wrote a temp file named by ``write_atomic``, or None for another name."""
    parts = path.name.split(".")
    return int(parts[-3]) if len(parts) >= 5 and parts[-1] == "tmp" and parts[-3].isdigit() else None
