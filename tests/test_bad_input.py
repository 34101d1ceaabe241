"""The bad-input battery: a folder of broken and odd documents beside good ones.

Every bad file gets one line naming it and what is wrong, the batch goes on,
the exit status is 1, good documents are written, and an output written by an
earlier run is left untouched when its input turns bad.
"""

from __future__ import annotations

import io
import json
import shutil
import unicodedata
import zipfile
from contextlib import redirect_stderr
from dataclasses import dataclass
from pathlib import Path

import pytest

from pipeline.cli import main

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "corpus" / "thai-tan-ctr-2025.txt"
PDF = ROOT / "corpus" / "thai-tan-ctr-2025.pdf"
TONES = frozenset("\u0300\u0301\u0303\u0309\u0323")


def minimal_pdf(pages: list[list[str]], *, encrypted: bool = False) -> bytes:
    """A PDF written by hand: Helvetica text lines, one content stream a page.

    ``encrypted`` adds a standard security handler whose user password is not
    empty, so a reader must ask for a password.
    """
    objs = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        f"<< /Type /Pages /Kids [{' '.join(f'{4 + 2 * i} 0 R' for i in range(len(pages)))}] /Count {len(pages)} >>".encode(),
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
    ]
    for i, lines in enumerate(pages):
        shown = [ln.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)") for ln in lines]
        stream = "\n".join(["BT /F1 11 Tf 14 TL 72 770 Td", *(f"({s}) Tj T*" for s in shown), "ET"]).encode("cp1252")
        objs.append(
            f"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] "
            f"/Resources << /Font << /F1 3 0 R >> >> /Contents {5 + 2 * i} 0 R >>".encode()
        )
        objs.append(b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream")
    extra = ""
    if encrypted:
        objs.append(b"<< /Filter /Standard /V 1 /R 2 /O <" + b"ab" * 32 + b"> /U <" + b"cd" * 32 + b"> /P -4 >>")
        extra = f" /Encrypt {len(objs)} 0 R /ID [<{'01' * 16}> <{'01' * 16}>]"
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objs, start=1):
        offsets.append(len(out))
        out += f"{number} 0 obj\n".encode() + body + b"\nendobj\n"
    xref = len(out)
    out += f"xref\n0 {len(objs) + 1}\n0000000000 65535 f \n".encode()
    out += b"".join(f"{o:010d} 00000 n \n".encode() for o in offsets)
    out += f"trailer\n<< /Size {len(objs) + 1} /Root 1 0 R{extra} >>\nstartxref\n{xref}\n%%EOF\n".encode()
    return bytes(out)


def windows_1258(text: str) -> bytes:
    """Vietnamese as Windows-1258 stores it: base letters composed, tone marks combining."""
    parts = []
    for ch in unicodedata.normalize("NFC", text):
        decomposed = unicodedata.normalize("NFD", ch)
        tones = "".join(c for c in decomposed if c in TONES)
        base = unicodedata.normalize("NFC", "".join(c for c in decomposed if c not in TONES))
        parts.append(base + tones)
    return "".join(parts).encode("cp1258")


def ascii_lines(text: str) -> list[str]:
    """Corpus lines without diacritics (the standard PDF fonts have no Vietnamese letters)."""
    plain = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    plain = "".join(c for c in plain if not unicodedata.combining(c)).encode("ascii", "ignore").decode()
    return [ln.strip()[:90] for ln in plain.splitlines() if ln.strip()]


def png_bytes() -> bytes:
    from PIL import Image

    buf = io.BytesIO()
    Image.new("L", (40, 20), 255).save(buf, format="PNG")
    return buf.getvalue()


def zip_bytes(members: dict[str, bytes]) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=9) as zf:
        for name, data in members.items():
            zf.writestr(name, data)
    return buf.getvalue()


NO_TARGETS = (
    "THÔNG BÁO\n\nVề việc tổ chức hội nghị giao ban công tác tháng của Ủy ban nhân dân xã.\n\n"
    "Ủy ban nhân dân xã thông báo tới các cơ quan, đơn vị, các thôn và tổ dân phố về việc tổ chức hội nghị "
    "giao ban. Đề nghị các đồng chí được mời tham dự đầy đủ, đúng thành phần. Văn phòng Ủy ban nhân dân xã "
    "chuẩn bị hội trường và tài liệu phục vụ hội nghị. Các đơn vị gửi báo cáo tình hình thực hiện nhiệm vụ "
    "về Văn phòng trước khi hội nghị diễn ra để tổng hợp.\n"
)
ENGLISH = (
    "ACTION PROGRAMME\n\nThis document describes how the district council will carry out the resolution of "
    "its congress. The council will improve public services, support small businesses and protect the "
    "environment. Every department shall report on its progress to the council at the end of each quarter, "
    "and the council will publish a summary of those reports for the residents of the district.\n"
) * 2


@dataclass
class Battery:
    inp: Path
    out: Path
    code: int
    err: str
    manifest: dict
    victim_before: tuple[int, bytes]
    good_before: tuple[int, bytes]

    def entry(self, name: str) -> dict:
        return next(d for d in self.manifest["documents"] if Path(d["input"]).name == name)

    def lines(self, name: str) -> list[str]:
        return [ln for ln in self.err.splitlines() if f"{self.inp / name}:" in ln]


def _stamp(path: Path) -> tuple[int, bytes]:
    return path.stat().st_mtime_ns, path.read_bytes()


def _extract(inp: Path, out: Path) -> tuple[int, str]:
    err = io.StringIO()
    with redirect_stderr(err):
        code = main(["extract", str(inp), "-o", str(out), "--workers", "2", "--no-tables"])
    return code, err.getvalue()


@pytest.fixture(scope="module")
def battery(tmp_path_factory: pytest.TempPathFactory) -> Battery:
    base = tmp_path_factory.mktemp("battery")
    inp, out = base / "in", base / "out"
    inp.mkdir()
    seed = SEED.read_text(encoding="utf-8")
    shutil.copy(SEED, inp / "good.txt")
    shutil.copy(SEED, inp / "victim.txt")
    code, err = _extract(inp, out)  # an earlier, successful run
    assert code == 0, err
    good_before, victim_before = _stamp(out / "good.json"), _stamp(out / "victim.json")

    (inp / "victim.txt").write_bytes(b"\x00\x01\x02binary\xff\xfe" * 200)  # the input turns bad
    bad = {
        "empty.txt": b"",
        "zero-byte.pdf": b"",
        "truncated.pdf": PDF.read_bytes()[: PDF.stat().st_size // 2],
        "encrypted.pdf": minimal_pdf([["Chuong trinh hanh dong"]], encrypted=True),
        "renamed-zip.docx": zip_bytes({"readme.txt": b"not a Word document"}),
        "not-a-zip.docx": "Chương trình hành động\n".encode() * 50,
        "zip-bomb.docx": zip_bytes({"[Content_Types].xml": b"<Types/>", "word/document.xml": b"\0" * (60 << 20)}),
        "image.pdf": png_bytes(),
        "windows-1258.txt": windows_1258(seed),
        "no-targets.txt": NO_TARGETS.encode(),
        "english.txt": ENGLISH.encode(),
    }
    for name, data in bad.items():
        (inp / name).write_bytes(data)
    lines = ascii_lines(seed)
    pages = [[lines[(p * 10 + i) % len(lines)] for i in range(10)] for p in range(500)]
    (inp / "long-500-pages.pdf").write_bytes(minimal_pdf(pages))

    code, err = _extract(inp, out)
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    return Battery(inp, out, code, err, manifest, victim_before, good_before)


ERRORS = [
    ("empty.txt", "empty file (0 bytes)"),
    ("zero-byte.pdf", "empty file (0 bytes)"),
    ("truncated.pdf", "truncated PDF"),
    ("encrypted.pdf", "encrypted PDF (password required)"),
    ("renamed-zip.docx", "zip but not a Word document"),
    ("not-a-zip.docx", "not a zip archive"),
    ("zip-bomb.docx", "zip bomb"),
    ("image.pdf", "not a PDF (starts with PNG signature)"),
    ("victim.txt", "not a text file (binary content)"),
]


@pytest.mark.parametrize(("name", "reason"), ERRORS)
def test_each_bad_file_gets_one_line_naming_it_and_the_reason(battery: Battery, name: str, reason: str) -> None:
    lines = battery.lines(name)
    assert len(lines) == 1, battery.err
    assert reason in lines[0]
    entry = battery.entry(name)
    assert entry["status"] == "error" and reason in entry["error"] and entry["output"] is None


@pytest.mark.parametrize(
    ("name", "warning"),
    [("no-targets.txt", "no targets found"), ("english.txt", "not Vietnamese")],
)
def test_odd_but_readable_documents_are_written_with_a_warning(battery: Battery, name: str, warning: str) -> None:
    entry = battery.entry(name)
    assert entry["status"] == "ok" and any(warning in w for w in entry["warnings"])
    assert any(warning in ln and ln.startswith("warning") for ln in battery.lines(name))
    result = json.loads((battery.out / entry["output"]).read_text(encoding="utf-8"))
    kinds = {w["kind"] for w in result["warnings"]}
    assert ("no_targets" if name == "no-targets.txt" else "not_vietnamese") in kinds


def test_windows_1258_text_is_read_as_vietnamese(battery: Battery) -> None:
    entry = battery.entry("windows-1258.txt")
    assert entry["status"] == "ok" and entry["targets"] == battery.entry("good.txt")["targets"]
    text = json.loads((battery.out / entry["output"]).read_text(encoding="utf-8"))["text"]
    assert "Hằng năm tổng giá trị sản phẩm trên địa bàn tăng bình quân 10,9%" in text


def test_a_500_page_pdf_completes_within_the_time_limit(battery: Battery) -> None:
    entry = battery.entry("long-500-pages.pdf")
    assert entry["status"] == "ok", entry
    assert entry["pages"] == 500 and entry["seconds"] < battery.manifest["options"]["timeout"]


def test_the_batch_goes_on_and_exits_1(battery: Battery) -> None:
    assert battery.code == 1
    summary = battery.manifest["summary"]
    assert summary["failed"] == len(ERRORS) and summary["pending"] == 0
    assert summary["ok"] == summary["documents"] - len(ERRORS)


def test_earlier_outputs_are_untouched(battery: Battery) -> None:
    assert _stamp(battery.out / "victim.json") == battery.victim_before  # its input is now bad
    assert _stamp(battery.out / "good.json") == battery.good_before  # unchanged input: cached
    assert battery.entry("good.txt")["cached"]
    assert not list(battery.out.glob(".*tmp"))
