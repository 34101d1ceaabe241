"""Bad input gives one DocumentError line naming the file and the reason."""

from __future__ import annotations

import hashlib
import io
import struct
import zipfile
from pathlib import Path

import pytest
from PIL import Image

from pipeline.errors import DocumentError
from pipeline.readers import read

CORPUS = Path(__file__).resolve().parent.parent / "corpus"

# --- a real encrypted PDF, made by hand ----------------------------------------------
# The PDF standard security handler, revision 2 (RC4, 40-bit key): enough for
# every reader to know a password is needed, with no encryption tool installed.

PAD = bytes.fromhex("28BF4E5E4E758A4164004E56FFFA01082E2E00B6D0683E802F0CA9FE6453697A")


def _rc4(key: bytes, data: bytes) -> bytes:
    s = list(range(256))
    j = 0
    for i in range(256):
        j = (j + s[i] + key[i % len(key)]) % 256
        s[i], s[j] = s[j], s[i]
    out = bytearray()
    i = j = 0
    for byte in data:
        i = (i + 1) % 256
        j = (j + s[i]) % 256
        s[i], s[j] = s[j], s[i]
        out.append(byte ^ s[(s[i] + s[j]) % 256])
    return bytes(out)


def _padded(password: bytes) -> bytes:
    return (password + PAD)[:32]


def encrypted_pdf(user_password: bytes = b"secret", owner_password: bytes = b"owner") -> bytes:
    doc_id = hashlib.md5(b"chitieu test").digest()
    permissions = -44
    o_entry = _rc4(hashlib.md5(_padded(owner_password)).digest()[:5], _padded(user_password))
    key = hashlib.md5(_padded(user_password) + o_entry + struct.pack("<i", permissions) + doc_id).digest()[:5]
    u_entry = _rc4(key, PAD)

    def obj_key(num: int) -> bytes:
        return hashlib.md5(key + struct.pack("<i", num)[:3] + b"\x00\x00").digest()[:10]

    content = _rc4(obj_key(4), b"BT /F1 12 Tf 72 720 Td (Chuong trinh hanh dong) Tj ET")
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R"
        b" /Resources << /Font << /F1 << /Type /Font /Subtype /Type1 /BaseFont /Helvetica >> >> >> >>",
        b"<< /Length %d >>\nstream\n" % len(content) + content + b"\nendstream",
        b"<< /Filter /Standard /V 1 /R 2 /O <"
        + o_entry.hex().encode()
        + b"> /U <"
        + u_entry.hex().encode()
        + b"> /P %d >>" % permissions,
    ]
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n")
    offsets = []
    for n, body in enumerate(objects, start=1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n" % n + body + b"\nendobj\n")
    xref = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1))
    for off in offsets:
        out.write(b"%010d 00000 n \n" % off)
    out.write(
        b"trailer\n<< /Size %d /Root 1 0 R /Encrypt 5 0 R /ID [<%s> <%s>] >>\nstartxref\n%d\n%%%%EOF\n"
        % (len(objects) + 1, doc_id.hex().encode(), doc_id.hex().encode(), xref)
    )
    return out.getvalue()


# --- the bad files ----------------------------------------------------------------------


def _png() -> bytes:
    buf = io.BytesIO()
    Image.new("L", (40, 20), 255).save(buf, "PNG")
    return buf.getvalue()


def _zip(members: dict[str, bytes]) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in members.items():
            zf.writestr(name, data)
    return buf.getvalue()


def _truncated_pdf() -> bytes:
    data = (CORPUS / "thai-tan-ctr-2025.pdf").read_bytes()
    return data[: len(data) // 2]


CASES = [
    ("empty.pdf", lambda: b"", "empty file (0 bytes)"),
    ("cut.pdf", _truncated_pdf, "truncated PDF"),
    ("locked.pdf", encrypted_pdf, "encrypted PDF (password required)"),
    ("photo.pdf", _png, "not a PDF (starts with PNG signature)"),
    ("notes.pdf", lambda: b"Chuong trinh hanh dong\n", "not a PDF (no %PDF- header)"),
    ("garbled.pdf", lambda: b"%PDF-1.7\n1 0 obj << /Type /Catalog >> garbage\n%%EOF\n", "damaged PDF"),
    (
        "archive.docx",
        lambda: _zip({"hello.txt": b"xin chao"}),
        ".docx is a zip but not a Word document (no word/document.xml)",
    ),
    ("renamed.docx", lambda: "Chương trình hành động".encode(), ".docx is not a zip archive"),
    ("legacy.docx", lambda: b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 512, "OLE container"),
    (
        "bomb.docx",
        lambda: _zip(
            {"word/document.xml": b"<w:document/>", "word/media/fill.bin": b"\0" * (12 * 1024 * 1024)}
        ),
        "zip bomb",
    ),
    ("plan.xlsx", lambda: b"PK\x03\x04", "unsupported file type '.xlsx'"),
]


@pytest.mark.parametrize(("name", "make", "reason"), CASES, ids=[c[0] for c in CASES])
def test_bad_input_raises_one_line_naming_file_and_reason(tmp_path, name, make, reason):
    path = tmp_path / name
    path.write_bytes(make())
    with pytest.raises(DocumentError) as info:
        read(path)
    message = str(info.value)
    assert "\n" not in message
    assert message.startswith(f"{path}: ")
    assert reason in message
    assert info.value.path == str(path)


def test_hand_made_encrypted_pdf_is_what_pdfminer_calls_encrypted(tmp_path):
    from pdfminer.pdfdocument import PDFDocument
    from pdfminer.pdfparser import PDFParser

    data = encrypted_pdf()
    parser = PDFParser(io.BytesIO(data))
    document = PDFDocument(parser, password="secret")  # the right password opens it
    assert document.encryption is not None
