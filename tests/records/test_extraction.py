"""Reading a record's file: each format's text and title, and every kind of bad file refused with
a message that says what is wrong."""

from __future__ import annotations

import io

import docx
import pytest

from storage.documents import chunk
from storage.errors import InvalidInput
from storage.extraction import MAX_BYTES, check_name, read_record
from tests.records.samples import MINUTES, MINUTES_TITLE, NOTES_MARKDOWN, lines
from tests.support.documents import (
    docx_bytes,
    image_only_pdf,
    locked_office_file,
    locked_pdf,
    paged,
    pdf_bytes,
)


def test_a_pdf_gives_its_text_page_after_page_and_its_title() -> None:
    pages = paged(lines(MINUTES * 30))
    assert len(pages) > 1
    read = read_record("minutes.pdf", pdf_bytes(pages, title=MINUTES_TITLE))
    assert read.format == "pdf"
    assert read.title == MINUTES_TITLE
    assert "chaired by Aigerim Sadykova" in " ".join(read.text.split())
    assert len(read.content_hash) == 64


def test_a_word_document_gives_its_title_headings_and_paragraphs() -> None:
    data = docx_bytes(["First, a sentence.", "Then another."], title="Minutes", headings={1: "B"})
    read = read_record("minutes.docx", data)
    assert read.title == "Minutes"
    assert read.text.split("\n\n") == ["# Minutes", "First, a sentence.", "# B", "Then another."]


def test_markdown_reads_as_its_words_and_html_without_its_markup() -> None:
    markdown = "> **Notice:** a [linked](https://example.org) *word* and `code`.\n" + NOTES_MARKDOWN
    read = read_record("notes.md", markdown.encode())
    assert read.title == "Notes of the Shymkent visit"
    assert "Notice: a linked word and code." in read.text
    page = (
        "<html><head><title>A reply</title><style>p {color: red}</style></head><body>"
        "<h1>The reply</h1><p>The ministry wrote on 2&nbsp;May &amp; declined.</p>"
        "<script>alert(1)</script><ul><li>One point.</li></ul></body></html>"
    )
    read = read_record("reply.html", page.encode())
    assert read.title == "A reply"
    assert "# The reply" in read.text
    assert "The ministry wrote on 2\u00a0May & declined." in read.text
    assert "alert" not in read.text
    assert "color" not in read.text


def test_plain_text_in_another_encoding_is_read() -> None:
    read = read_record("note.txt", "Café meeting – agreed.".encode("cp1252"))
    assert read.text == "Café meeting – agreed."
    assert read.title == ""


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("scan.pdf", image_only_pdf(), "holds no text I can read: its pages may be scanned"),
        ("locked.pdf", locked_pdf([["Secret."]]), "is locked with a password"),
        ("locked.docx", locked_office_file(), "is locked with a password"),
        ("old.docx", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600, "old Word file (.doc)"),
        ("notes.pdf", b"These are notes, not a PDF.", "is not a PDF, as its name says"),
        ("report.txt", pdf_bytes([["A PDF."]]), "is not a plain-text file, as its name says"),
        ("page.html", b"PK\x03\x04" + b"\0" * 100, "is not an HTML page, as its name says"),
        ("sheet.docx", b"PK\x03\x04 not really a zip", "could not be read as a Word document"),
        ("broken.pdf", b"%PDF-1.4\n garbage", "could not be read as a PDF"),
        ("empty.md", b"", "is empty"),
        ("blank.txt", b" \n\t\n", "is empty"),
        ("dots.txt", b". . . - -", "holds no text"),
        ("photo.jpg", b"\xff\xd8\xff", "I can't read “photo.jpg”"),
        ("old.doc", b"\xd0\xcf\x11\xe0", "old Word file (.doc)"),
    ],
)
def test_a_bad_file_is_refused_with_what_is_wrong(name: str, data: bytes, message: str) -> None:
    with pytest.raises(InvalidInput) as refused:
        read_record(name, data)
    assert message in str(refused.value)
    assert refused.value.about == "record"


def test_a_file_too_large_is_refused_by_its_size_alone() -> None:
    with pytest.raises(InvalidInput, match="50 MB, over the 20 MB"):
        check_name("big.pdf", 50 * 1024 * 1024)
    assert check_name("ok.pdf", MAX_BYTES) == "pdf"
    with pytest.raises(InvalidInput, match="over the 20 MB"):
        read_record("big.txt", b"a" * (MAX_BYTES + 1))


TABLE = """# Visit notes

## Figures

| Indicator | North Region | South Region |
|---|---|---|
| Open cases | 12 | 30 |
| Closed cases | 4 | 9 |
"""


def test_a_table_row_is_one_sentence_that_names_each_cell_column() -> None:
    markdown = read_record("visit.md", TABLE.encode())

    passages = chunk(markdown.text, markdown.title)

    said = " ".join(p.text for p in passages)
    # A short row is no heading: its cells stay in the text, each with its column.
    assert "Indicator: Open cases — North Region: 12 — South Region: 30." in said
    assert "Indicator: Closed cases — North Region: 4 — South Region: 9." in said
    assert {p.section for p in passages} == {"Figures"}


def test_a_word_table_reads_as_a_markdown_table_does() -> None:
    document = docx.Document()
    document.add_heading("Figures", level=1)
    table = document.add_table(rows=3, cols=3)
    rows = [["Indicator", "North Region", "South Region"], ["Open cases", "12", "30"]]
    rows.append(["Closed cases", "4", "9"])
    for row, cells in zip(table.rows, rows, strict=True):
        for cell, text in zip(row.cells, cells, strict=True):
            cell.text = text
    out = io.BytesIO()
    document.save(out)

    read = read_record("visit.docx", out.getvalue())

    said = " ".join(p.text for p in chunk(read.text, "Visit"))
    assert "Indicator: Closed cases — North Region: 4 — South Region: 9." in said
