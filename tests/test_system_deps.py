"""scripts/system-deps.sh, which `make extract` and `make test` run first: installs only what is
missing, says what it does, and where it cannot install says what to install."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SCRIPT = ROOT / "scripts" / "system-deps.sh"
MAKEFILE = (ROOT / "Makefile").read_text(encoding="utf-8")


def run(args: list[str], path: str, **env: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        ["sh", str(SCRIPT), *args],
        capture_output=True,
        text=True,
        env={**os.environ, "PATH": path, **env},
        timeout=60,
    )


@pytest.fixture
def bare_path(tmp_path: Path) -> str:
    """A PATH with the shell's basic tools and no package manager, dpkg, sudo or Tesseract."""
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    for tool in ("sh", "id", "grep", "cat"):
        found = shutil.which(tool)
        assert found, tool
        (bin_dir / tool).symlink_to(found)
    return str(bin_dir)


@pytest.fixture
def recording_apt(tmp_path: Path) -> tuple[str, Path]:
    """An apt-get stand-in that records its calls: tells whether the real one would have run."""
    log = tmp_path / "apt-calls"
    fake = tmp_path / "fake-apt-get"
    fake.write_text(f'#!/bin/sh\necho "$@" >> {log}\n')
    fake.chmod(0o755)
    return str(fake), log


def test_the_apt_package_list_is_one_make_variable() -> None:
    lines = [ln for ln in MAKEFILE.splitlines() if ln.startswith("APT_PACKAGES")]
    assert len(lines) == 1
    packages = lines[0].split(":=")[1].split()
    assert {"tesseract-ocr", "tesseract-ocr-vie", "chromium"} <= set(packages)
    assert re.search(r"^extract: system-deps-if-possible", MAKEFILE, re.M)
    assert re.search(r"^test: system-deps-if-possible", MAKEFILE, re.M)


@pytest.mark.skipif(shutil.which("dpkg-query") is None, reason="needs a Debian machine (dpkg)")
def test_installed_packages_are_found_by_dpkg_and_apt_is_never_called(recording_apt) -> None:
    apt, log = recording_apt
    done = run(["dpkg", "coreutils"], os.environ["PATH"], APT_GET=apt)
    assert (done.returncode, done.stdout, done.stderr) == (0, "", "")
    assert not log.exists()


@pytest.mark.skipif(shutil.which("dpkg-query") is None, reason="needs a Debian machine (dpkg)")
def test_a_missing_package_is_installed_with_apt_get_saying_so(recording_apt) -> None:
    if os.geteuid() != 0:
        pytest.skip("installing runs as root (or through sudo)")
    apt, log = recording_apt
    done = run(["chitieu-no-such-package"], os.environ["PATH"], APT_GET=apt)
    assert done.returncode == 0, done.stderr
    assert "installing missing Debian packages with apt-get (as root): chitieu-no-such-package" in done.stderr
    calls = log.read_text().splitlines()
    assert calls[0] == "update -qq"
    assert calls[1].startswith("install -y") and calls[1].endswith("chitieu-no-such-package")


def test_without_a_package_manager_it_says_what_to_install(bare_path: str) -> None:
    done = run(["tesseract-ocr", "tesseract-ocr-vie"], bare_path)
    assert done.returncode == 1
    assert "no apt-get on this machine" in done.stderr
    assert "apt-get install tesseract-ocr tesseract-ocr-vie" in done.stderr


def test_best_effort_goes_on_so_make_extract_still_runs(bare_path: str) -> None:
    done = run(["--best-effort", "tesseract-ocr"], bare_path)
    assert done.returncode == 0
    assert "missing: tesseract-ocr" in done.stderr


def test_apt_get_none_pretends_there_is_no_package_manager(bare_path: str, recording_apt) -> None:
    apt, log = recording_apt
    (Path(bare_path) / "apt-get").symlink_to(apt)  # there is one, and it would be called
    if os.geteuid() == 0:  # (without root, and no sudo here, it would not get that far)
        assert run(["tesseract-ocr"], bare_path).stderr.startswith("system-deps: installing")
        log.unlink()
    done = run(["tesseract-ocr"], bare_path, APT_GET="none")
    assert done.returncode == 1 and "no apt-get" in done.stderr
    assert not log.exists()


def _apt_packages(python: str) -> list[str]:
    """The Debian packages `make system-deps` would install with PYTHON=python (make -n)."""
    done = subprocess.run(
        ["make", "-n", "-s", "system-deps", f"PYTHON={python}"], cwd=ROOT, capture_output=True, text=True, timeout=60
    )
    assert done.returncode == 0, done.stderr
    return done.stdout.split("system-deps.sh", 1)[1].split()


@pytest.mark.skipif(shutil.which("make") is None, reason="runs make")
def test_python3_dev_is_installed_only_for_a_python_without_its_headers(tmp_path: Path) -> None:
    """The PDF reader's compiled loops need Python.h: Debian's own python3 has it in python3-dev,
    a Python built elsewhere (pyenv, python.org) ships its own. The same interpreter, its prefix
    moved to a folder with its library but no headers, as Debian's python3 without python3-dev."""
    import sys
    import sysconfig

    python = shutil.which(f"python{sys.version_info.major}.{sys.version_info.minor}", path=str(Path(sys.base_prefix) / "bin"))
    assert python
    if not (Path(sysconfig.get_paths()["include"]) / "Python.h").is_file():
        pytest.skip("this Python has no headers")
    assert "python3-dev" not in _apt_packages(python)
    home = tmp_path / "prefix-without-headers"
    home.mkdir()
    (home / "lib").symlink_to(Path(sys.base_prefix) / "lib")
    headless = _apt_packages(f"env PYTHONHOME={home} {python}")
    assert "python3-dev" in headless and {"gcc", "libc6-dev"} <= set(headless)
