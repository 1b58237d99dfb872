"""Small real documents for the library of records' tests and benchmark: PDFs written by hand (a
text layer in Helvetica, or only an image), a PDF locked by pypdf, Word files by python-docx; and
a question asked of one made-up document in a library of its own."""

from __future__ import annotations

import io
from collections.abc import Sequence

import docx
from pypdf import PdfReader, PdfWriter

from bot.answers.engine import Answer, answer_question
from storage.db import Store
from storage.documents import ingest

LINE_HEIGHT = 14
LINES_A_PAGE = 48


def _pdf_string(text: str) -> bytes:
    escaped = text.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")
    return b"(" + escaped.encode("cp1252", errors="replace") + b")"


def _assemble(objects: list[bytes], info: int | None) -> bytes:
    """Objects numbered from 1, the cross-reference table with their offsets, the trailer."""
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    trailer = b"<< /Size %d /Root 1 0 R" % (len(objects) + 1)
    if info is not None:
        trailer += b" /Info %d 0 R" % info
    out += b"trailer\n" + trailer + b" >>\nstartxref\n%d\n%%%%EOF\n" % xref
    return bytes(out)


def pdf_bytes(pages: Sequence[Sequence[str]], title: str | None = None) -> bytes:
    """A PDF whose pages hold these lines of text (Helvetica, one under the other)."""
    objects: list[bytes] = [b"", b"", b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"]
    kids = []
    for lines in pages:
        shown = b" T* ".join(_pdf_string(line) + b" Tj" for line in lines)
        content = b"BT /F1 11 Tf %d TL 56 760 Td " % LINE_HEIGHT + shown + b" ET"
        objects.append(b"<< /Length %d >>\nstream\n" % len(content) + content + b"\nendstream")
        content_number = len(objects)
        objects.append(
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792]"
            b" /Resources << /Font << /F1 3 0 R >> >> /Contents %d 0 R >>" % content_number
        )
        kids.append(len(objects))
    objects[0] = b"<< /Type /Catalog /Pages 2 0 R >>"
    objects[1] = b"<< /Type /Pages /Kids [%s] /Count %d >>" % (
        b" ".join(b"%d 0 R" % k for k in kids),
        len(kids),
    )
    info = None
    if title is not None:
        objects.append(b"<< /Title " + _pdf_string(title) + b" >>")
        info = len(objects)
    return _assemble(objects, info)


def paged(text_lines: Sequence[str]) -> list[list[str]]:
    """Lines cut into pages of `LINES_A_PAGE`."""
    return [list(text_lines[i : i + LINES_A_PAGE]) for i in range(0, len(text_lines), LINES_A_PAGE)]


def image_only_pdf(pages: int = 2) -> bytes:
    """A scan: every page one grey image, and no text at all."""
    image = bytes(range(0, 256, 4)) * 64  # 64 × 64 grey pixels
    objects: list[bytes] = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"",
        b"<< /Type /XObject /Subtype /Image /Width 64 /Height 64 /ColorSpace /DeviceGray"
        b" /BitsPerComponent 8 /Length %d >>\nstream\n" % len(image) + image + b"\nendstream",
    ]
    kids = []
    for _ in range(pages):
        content = b"q 500 0 0 700 56 46 cm /Im1 Do Q"
        objects.append(b"<< /Length %d >>\nstream\n" % len(content) + content + b"\nendstream")
        objects.append(
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792]"
            b" /Resources << /XObject << /Im1 3 0 R >> >> /Contents %d 0 R >>" % len(objects)
        )
        kids.append(len(objects))
    objects[1] = b"<< /Type /Pages /Kids [%s] /Count %d >>" % (
        b" ".join(b"%d 0 R" % k for k in kids),
        len(kids),
    )
    return _assemble(objects, None)


def locked_pdf(pages: Sequence[Sequence[str]], password: str = "s3cret") -> bytes:  # noqa: S107
    """A PDF that opens only with a password (RC4, which pypdf writes without extra packages)."""
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(pdf_bytes(pages))))
    writer.encrypt(user_password=password, owner_password=password + "!", algorithm="RC4-128")
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def docx_bytes(
    paragraphs: Sequence[str], *, title: str | None = None, headings: dict[int, str] | None = None
) -> bytes:
    """A Word document: a title (in Word's Title style), paragraphs, and headings before the
    paragraphs numbered in `headings`."""
    document = docx.Document()
    if title is not None:
        document.add_heading(title, level=0)
    for index, text in enumerate(paragraphs):
        if headings and index in headings:
            document.add_heading(headings[index], level=1)
        document.add_paragraph(text)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def locked_office_file() -> bytes:
    """What Word saves with "Encrypt with password": an OLE compound file holding an encrypted
    package (its header and the directory entry naming the stream, the rest noise)."""
    header = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 504
    entry = "EncryptedPackage".encode("utf-16-le").ljust(64, b"\x00") + b"\x00" * 64
    return header + entry + bytes(range(256)) * 16


def asked_of(store: Store, text: str, question: str) -> Answer:
    """The answer to `question` from a library of the one document `text` and some sections of
    weather, so that the words of `text` are rare in it, as a subject's words are in a library."""
    weather = "".join(
        f"\n\nWeather in {season}\n\nIt rained in the {season} and the hills were green."
        for season in ["spring", "summer", "autumn", "winter", "monsoon", "harvest"]
    )
    store.call(ingest, "document", "Document", text + weather)
    return store.call(answer_question, question)
