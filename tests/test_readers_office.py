""".doc, .rtf and .odt files are read through LibreOffice's .docx conversion: the same text, outline
and targets as the .docx they were saved from, nothing left behind, and a clear line without it."""

from __future__ import annotations

import copy
import shutil
import tempfile
import threading
import time
import zipfile
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import psutil
import pytest
from lxml import etree

from pipeline.cli import main
from pipeline.errors import DocumentError
from pipeline.extract import extract_document
from pipeline.normalize import compare_key
from pipeline.readers import file_sha256, office, read, read_raw

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "corpus"
REAL = ROOT.parent / "shared" / "real"  # real files of a province office, read in place
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"

needs_soffice = pytest.mark.skipif(
    shutil.which("soffice") is None,
    reason=f"LibreOffice not installed ({office.INSTALL_HINT})",
)


def own_list_definitions(docx: Path, out: Path) -> Path:
    """Copy a .docx giving every list that restarts (a startOverride) its own definition: Word numbers
    it the same, and LibreOffice 7.4's .doc export keeps it. Saved straight to .doc, a restarted
    list's first item gets a list of its own and the second item is numbered "(1)" again."""
    with zipfile.ZipFile(docx) as zin, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zout:
        for item in zin.infolist():
            data = zin.read(item.filename)
            if item.filename == "word/numbering.xml":
                root = etree.fromstring(data)
                abstracts = {a.get(W + "abstractNumId"): a for a in root.findall(W + "abstractNum")}
                next_id = max(map(int, abstracts)) + 1
                for num in root.findall(W + "num"):
                    ref = num.find(W + "abstractNumId")
                    own = copy.deepcopy(abstracts[ref.get(W + "val")])
                    own.set(W + "abstractNumId", str(next_id))
                    for ov in num.findall(W + "lvlOverride"):
                        start = ov.find(W + "startOverride")
                        lvl = own.find(f"{W}lvl[@{W}ilvl='{ov.get(W + 'ilvl')}']")
                        if start is not None and lvl is not None:
                            lvl.find(W + "start").set(W + "val", start.get(W + "val"))
                        num.remove(ov)
                    if (nsid := own.find(W + "nsid")) is not None:
                        nsid.set(W + "val", f"{0x10000000 + next_id:08X}")
                    abstracts[ref.get(W + "val")].addprevious(own)
                    ref.set(W + "val", str(next_id))
                    next_id += 1
                data = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
            zout.writestr(item, data)
    return out


def save_as(source: Path, target: str, out: Path) -> Path:
    """Save ``source`` with LibreOffice as ``target`` ("doc:MS Word 97", "odt", "rtf") at ``out``."""
    with office.converted(source, target) as made:
        shutil.copyfile(made, out)
    return out


@pytest.fixture(scope="module")
def saved(tmp_path_factory: pytest.TempPathFactory):
    """Corpus DOCX files saved by LibreOffice as .doc, .odt and .rtf (same stem), made once."""
    folder = tmp_path_factory.mktemp("saved")
    made: dict[tuple[str, str], Path] = {}

    def get(stem: str, suffix: str) -> Path:
        if (stem, suffix) not in made:
            docx = CORPUS / f"{stem}.docx"
            if suffix == ".doc":
                docx = own_list_definitions(docx, folder / f"{stem}.lists.docx")
            target = {".doc": "doc:MS Word 97", ".odt": "odt", ".rtf": "rtf"}[suffix]
            made[stem, suffix] = save_as(docx, target, folder / f"{stem}{suffix}")
        return made[stem, suffix]

    return get


def _without_source(result: dict) -> dict:
    result = copy.deepcopy(result)
    del result["document"]["source"]
    return result


def _blocks(doc) -> list[tuple]:
    return [(b.kind, b.label, b.text, b.start, b.end) for b in doc.blocks]


# --- the same document as the .docx it was saved from -----------------------------------


@needs_soffice
@pytest.mark.parametrize("stem", ["ha-dong-18-ctr-2026", "thai-tan-ctr-2025"])
def test_a_doc_saved_from_a_corpus_docx_gives_the_same_text_outline_and_targets(saved, stem: str) -> None:
    docx = CORPUS / f"{stem}.docx"
    doc = saved(stem, ".doc")
    from_docx, from_doc = read(docx), read(doc)
    assert from_doc.source.format == "doc" and from_doc.source.path == str(doc)
    assert from_doc.source.sha256 == file_sha256(doc)
    assert from_doc.text == from_docx.text
    assert _blocks(from_doc) == _blocks(from_docx)
    docx_result, doc_result = extract_document(from_docx), extract_document(from_doc)
    assert doc_result["outline"] == docx_result["outline"]
    assert doc_result["targets"] == docx_result["targets"] and len(doc_result["targets"]) > 50
    assert _without_source(doc_result) == _without_source(docx_result)


def test_giving_restarted_lists_their_own_definitions_changes_nothing_word_shows(tmp_path: Path) -> None:
    docx = CORPUS / "thai-tan-ctr-2025.docx"
    rewritten = own_list_definitions(docx, tmp_path / "lists.docx")
    assert _blocks(read(rewritten)) == _blocks(read(docx))


@needs_soffice
@pytest.mark.parametrize("suffix", [".odt", ".rtf"])
def test_odt_and_rtf_saved_from_a_corpus_docx_read_the_same(saved, suffix: str) -> None:
    stem = "thai-tan-ctr-2025"
    path = saved(stem, suffix)
    from_docx, other = read(CORPUS / f"{stem}.docx"), read(path)
    assert other.source.format == suffix[1:]
    assert other.text == from_docx.text
    assert _blocks(other) == _blocks(from_docx)


# --- real .doc files of a province office -------------------------------------------------


@needs_soffice
@pytest.mark.parametrize(
    "name", ["lamdong_bc_bcd_dean06_t11_2025_draft.doc", "lamdong_bc_ubnd_diaban_matuy_2025_draft.doc"]
)
def test_real_doc_files_read_with_every_word_libreoffice_shows(name: str) -> None:
    path = REAL / name
    if not path.is_file():
        pytest.skip(f"{REAL} is not beside the repository (shared material)")
    doc = read(path)
    assert doc.source.format == "doc" and doc.text.startswith(("UBND TỈNH LÂM ĐỒNG", "ỦY BAN NHÂN DÂN"))
    assert "BÁO CÁO" in doc.text and sum(b.kind == "heading" for b in doc.blocks) > 20
    with office.converted(path, "txt:Text (encoded):UTF8") as txt:
        shown = Counter(compare_key(txt.read_text(encoding="utf-8-sig")).split())
    ours = Counter(compare_key(doc.text).split())
    lost = shown - ours  # footnote marks glued to a word ("bản1") in the text export
    assert sum(lost.values()) <= 0.002 * sum(shown.values())


# --- LibreOffice missing, failing, stuck -------------------------------------------------


def test_without_libreoffice_each_file_gets_one_line_saying_what_to_install(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    doc = tmp_path / "bao-cao.doc"
    doc.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 512)
    monkeypatch.setenv("PATH", str(tmp_path / "empty-bin"))
    with pytest.raises(DocumentError) as err:
        read_raw(doc)
    message = str(err.value)
    assert message.startswith(f"{doc}: reading .doc files needs LibreOffice")
    assert "apt-get install libreoffice-writer-nogui" in message and "\n" not in message

    # exit 3: nothing failed but for want of a tool, which installing fixes
    assert main(["extract", str(doc), "-o", str(tmp_path / "out"), "--quiet", "--workers", "1"]) == 3
    lines = [ln for ln in capsys.readouterr().err.splitlines() if str(doc) in ln]
    assert lines[0] == f"error    {message}"


@needs_soffice
def test_a_file_libreoffice_cannot_load_is_one_line_naming_it(tmp_path: Path) -> None:
    bad = tmp_path / "hong.odt"  # not a zip: LibreOffice cannot load it as OpenDocument
    bad.write_bytes(bytes(range(256)) * 40)
    with pytest.raises(DocumentError) as err:
        read_raw(bad)
    assert (
        str(err.value) == f"{bad}: LibreOffice could not convert it (Error: source file could not be loaded)"
    )


class Watcher:
    """Notes every LibreOffice process working under a folder while a conversion runs."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.seen: dict[int, tuple[str, psutil.Process]] = {}
        self.pipes: set[Path] = set()  # LibreOffice's pipes of the conversions' profiles, seen in place
        self.stop = threading.Event()
        self.thread = threading.Thread(target=self._watch, daemon=True)

    def _watch(self) -> None:
        while not self.stop.is_set():
            for proc in psutil.process_iter(["name", "cmdline"]):
                cmd = proc.info["cmdline"] or []
                if str(self.folder) in " ".join(cmd) and proc.pid not in self.seen:
                    self.seen[proc.pid] = (proc.info["name"], proc)
                for arg in cmd:
                    if arg.startswith("-env:UserInstallation=") and str(self.folder) in arg:
                        folder = Path(arg.split("file://", 1)[1]).parent
                        self.pipes.update(p for p in office._pipe_paths(folder) if p.exists())
            time.sleep(0.05)

    def __enter__(self) -> Watcher:
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop.set()
        self.thread.join()

    def names(self) -> set[str]:
        return {name for name, _ in self.seen.values()}

    def alive(self) -> list[str]:
        return [name for name, proc in self.seen.values() if _exists(proc)]


def _exists(proc: psutil.Process) -> bool:
    try:
        return proc.is_running() and proc.status() != psutil.STATUS_ZOMBIE
    except psutil.NoSuchProcess:
        return False


@pytest.fixture
def private_tmp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """An empty TMPDIR (and tempfile.tempdir) for this test, so anything left behind shows."""
    tmp = tmp_path / "tmp"
    tmp.mkdir()
    monkeypatch.setenv("TMPDIR", str(tmp))
    monkeypatch.setattr(tempfile, "tempdir", str(tmp))
    return tmp


@pytest.fixture
def long_doc(tmp_path: Path) -> Path:
    """A .doc that takes LibreOffice several seconds (plain text under a .doc name, which it imports)."""
    path = tmp_path / "dai.doc"
    path.write_text("Đến năm 2030, tỷ lệ dân số tham gia bảo hiểm y tế đạt từ 97% trở lên.\n" * 60_000)
    return path


@needs_soffice
def test_a_conversion_past_its_own_time_limit_is_stopped_with_all_its_processes(
    long_doc: Path, private_tmp: Path
) -> None:
    with Watcher(private_tmp) as watcher, pytest.raises(DocumentError) as err:
        with office.converted(long_doc, timeout=2.0):
            pass
    assert str(err.value) == f"{long_doc}: LibreOffice conversion took over 2 s; stopped"
    assert "soffice.bin" in watcher.names()  # LibreOffice itself was running when time ran out
    assert watcher.alive() == [] and watcher.pipes and not any(p.exists() for p in watcher.pipes)
    assert list(private_tmp.iterdir()) == []


@needs_soffice
def test_a_worker_killed_past_the_batch_deadline_takes_libreoffice_along(
    long_doc: Path, private_tmp: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "out"
    with Watcher(private_tmp) as watcher:
        status = main(
            ["extract", str(long_doc), "-o", str(out), "--timeout", "3", "--workers", "1", "--quiet"]
        )
    assert status == 1 and "soffice.bin" in watcher.names()
    assert watcher.alive() == [] and watcher.pipes
    # The killed worker could not clean up: a later conversion removes its folder and pipe.
    (left,) = private_tmp.glob(f"{office.FOLDER_PREFIX}*")
    assert (left / "profile").is_dir()
    monkeypatch.setattr(office, "STALE_AFTER_SECONDS", 0)
    assert office.remove_stale_folders() == [left]
    assert not left.exists() and not any(p.exists() for p in watcher.pipes)


# --- nothing left behind, and two at once -------------------------------------------------


@needs_soffice
def test_a_conversion_leaves_nothing_in_home_tmp_or_beside_the_file(
    saved, tmp_path: Path, private_tmp: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    home, folder = tmp_path / "home", tmp_path / "in"
    home.mkdir()
    folder.mkdir()
    doc = shutil.copy(saved("thai-tan-ctr-2025", ".doc"), folder / "ct.doc")
    monkeypatch.setenv("HOME", str(home))
    with Watcher(private_tmp) as watcher:
        assert read(doc).source.format == "doc"
    assert list(home.iterdir()) == [] and list(private_tmp.iterdir()) == []
    assert [p.name for p in folder.iterdir()] == ["ct.doc"]
    assert watcher.pipes and not any(p.exists() for p in watcher.pipes)


@needs_soffice
def test_two_conversions_run_at_once_each_with_its_own_profile(saved) -> None:
    paths = [saved("ha-dong-18-ctr-2026", ".doc"), saved("thai-tan-ctr-2025", ".doc")]
    expected = [read(p).text for p in paths]
    spans: list[tuple[float, float]] = []

    def timed_read(path: Path) -> str:
        t0 = time.monotonic()
        text = read(path).text
        spans.append((t0, time.monotonic()))
        return text

    with ThreadPoolExecutor(2) as pool:
        assert list(pool.map(timed_read, paths)) == expected
    (a0, a1), (b0, b1) = spans
    assert max(a0, b0) < min(a1, b1)  # they overlapped
