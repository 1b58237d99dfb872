"""A record's file read as text: Markdown, plain text, PDF (pypdf), Word `.docx` (python-docx) or
HTML (the standard library's parser). The format is the one the file's name says, checked against
what the bytes are; a file that is empty, holds no text, is locked by a password or is not what
its name says raises `InvalidInput` with a message that says so, and nothing else is done.

Headings come out as Markdown `#` lines, which the chunker (`storage/documents.py`) files the
passages under; the text is otherwise the file's own words."""

from __future__ import annotations

import hashlib
import io
import logging
import re
import statistics
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import PurePath

from storage.errors import InvalidInput

__all__ = ["FORMATS", "MAX_BYTES", "Extracted", "check_name", "read_record"]

log = logging.getLogger(__name__)

MAX_BYTES = 20 * 1024 * 1024  # a 300-page report is a few MB; anything larger is refused unread
MAX_PAGES = 2000

FORMATS = {
    ".md": "markdown",
    ".markdown": "markdown",
    ".txt": "text",
    ".text": "text",
    ".pdf": "pdf",
    ".docx": "docx",
    ".html": "html",
    ".htm": "html",
}
FORMAT_NAMES = {
    "markdown": "a Markdown file",
    "text": "a plain-text file",
    "pdf": "a PDF",
    "docx": "a Word document",
    "html": "an HTML page",
}
WHAT_I_READ = "I read Markdown (.md), plain text (.txt), PDF, Word (.docx) and HTML files"

_PDF = b"%PDF-"
_ZIP = b"PK\x03\x04"
_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # the container of old Office files, and of locked ones
_ENCRYPTED_PACKAGE = "EncryptedPackage".encode("utf-16-le")


@dataclass(frozen=True)
class Extracted:
    """A file's text, the title it gives itself ("" when none) and the SHA-256 of its bytes."""

    filename: str
    format: str
    text: str
    title: str
    content_hash: str


def _refuse(message: str) -> InvalidInput:
    return InvalidInput(message, about="record")


def check_name(filename: str, size: int | None = None) -> str:
    """The format a file's name says, checked before anything is read (or downloaded)."""
    name = PurePath(filename).name or "the file"
    suffix = PurePath(filename).suffix.lower()
    if suffix not in FORMATS:
        if suffix == ".doc":
            raise _refuse(f"“{name}” is an old Word file (.doc): save it as .docx and add that.")
        raise _refuse(f"I can't read “{name}”: {WHAT_I_READ}.")
    if size is not None and size > MAX_BYTES:
        raise _refuse(
            f"“{name}” is {size / 1024 / 1024:.0f} MB, over the {MAX_BYTES // 1024 // 1024} MB a"
            " record may be: split it, or add its text as a plain-text file."
        )
    return FORMATS[suffix]


def read_record(filename: str, data: bytes) -> Extracted:
    """The text of `data`, read as the format `filename` says."""
    name = PurePath(filename).name or "the file"
    fmt = check_name(filename, len(data))
    if not data.strip():
        raise _refuse(f"“{name}” is empty: there is nothing in it to add.")
    _check_content(name, fmt, data)
    if fmt == "pdf":
        text, title = _pdf(name, data)
    elif fmt == "docx":
        text, title = _docx(name, data)
    else:
        plain = _decoded(name, fmt, data)
        if fmt == "html":
            text, title = _html(plain)
        elif fmt == "markdown":
            text, title = _markdown(plain)
        else:
            text, title = plain, ""
    text = text.replace("\x00", "").strip()
    if not re.search(r"\w{2}", text):
        if fmt == "pdf":
            raise _refuse(
                f"“{name}” holds no text I can read: its pages may be scanned images. Add a PDF"
                " with a text layer (run it through OCR first), or its text as a .txt file."
            )
        raise _refuse(f"“{name}” holds no text: there is nothing in it to add.")
    digest = hashlib.sha256(data).hexdigest()
    return Extracted(name, fmt, text, " ".join(title.split())[:300], digest)


def _check_content(name: str, fmt: str, data: bytes) -> None:
    """A file that is not what its name says is refused, not guessed at."""
    head = data[:1024]
    locked = _ENCRYPTED_PACKAGE in data[:65536]
    if data.startswith(_OLE) and (locked or fmt == "docx"):
        raise _refuse(
            f"“{name}” is locked with a password: save a copy without the password and add that."
            if locked
            else f"“{name}” is an old Word file (.doc), not a .docx: save it as .docx."
        )
    actual = (
        "pdf"
        if data.lstrip().startswith(_PDF) or (fmt == "pdf" and _PDF in head)
        else "zip"
        if data.startswith(_ZIP)
        else "binary"
        if data.startswith(_OLE) or b"\x00" in head
        else "text"
    )
    expected = {"pdf": "pdf", "docx": "zip"}.get(fmt, "text")
    if actual != expected:
        raise _refuse(
            f"“{name}” is not {FORMAT_NAMES[fmt]}, as its name says: its content is something"
            " else. Check the file, and name it for what it is."
        )


def _decoded(name: str, fmt: str, data: bytes) -> str:
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        control = sum(1 for c in text if ord(c) < 32 and c not in "\t\n\r\f")
        if control <= len(text) / 100:
            return text
    raise _refuse(
        f"“{name}” is not {FORMAT_NAMES[fmt]}, as its name says: it is not text I can read."
    )


# --- PDF -------------------------------------------------------------------------------------

_PAGE_NUMBER = re.compile(r"^\s*(?:page\s+)?\d{1,4}(?:\s*(?:/|of)\s*\d{1,4})?\s*$", re.IGNORECASE)
_ENDS_SENTENCE = re.compile(r"[.!?:;”\"')\]]\s*$")


def _pdf(name: str, data: bytes) -> tuple[str, str]:
    from pypdf import PdfReader

    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted:
            # An owner password only restricts printing or copying: the empty user password opens
            # it. Anything else needs a password we do not have.
            try:
                opened = bool(reader.decrypt(""))
            except Exception:
                opened = False
            if not opened:
                raise _refuse(
                    f"“{name}” is locked with a password: save a copy without the password and"
                    " add that."
                )
        if len(reader.pages) > MAX_PAGES:
            raise _refuse(f"“{name}” has over {MAX_PAGES} pages: split it into parts.")
        pages = [page.extract_text() or "" for page in reader.pages]
        metadata = reader.metadata
        title = str(metadata.title or "") if metadata is not None else ""
    except InvalidInput:
        raise
    except Exception as error:
        # pypdf reads files from anywhere; whatever a damaged one makes it raise, the person is
        # told the file could not be read (the log names the error, not the file).
        log.warning("a PDF could not be read: %s", type(error).__name__)
        raise _refuse(f"“{name}” could not be read as a PDF: it may be damaged.") from None
    return "\n".join(_pdf_page(page) for page in pages), title


def _pdf_page(text: str) -> str:
    """A page's lines, without its page number, with a heading (a short line standing between
    the end of one sentence and the start of another) set apart as a Markdown heading."""
    lines = [line.rstrip() for line in text.splitlines()]
    lines = [line for line in lines if line.strip() and not _PAGE_NUMBER.match(line)]
    if not lines:
        return ""
    usual = statistics.median(len(line) for line in lines)
    out: list[str] = []
    for index, line in enumerate(lines):
        before = lines[index - 1] if index else ""
        after = lines[index + 1] if index + 1 < len(lines) else ""
        stripped = line.strip()
        heading = (
            len(stripped) < max(0.6 * usual, 20)
            and len(stripped.split()) <= 12
            and not _ENDS_SENTENCE.search(stripped)
            and stripped[:1].isupper()
            and (not before or _ENDS_SENTENCE.search(before) is not None)
            and after[:1].isupper()
        )
        out.append(f"\n# {stripped}\n" if heading else line)
    return "\n".join(out)


# --- Word ------------------------------------------------------------------------------------


def _docx(name: str, data: bytes) -> tuple[str, str]:
    import docx
    from docx.table import Table

    try:
        document = docx.Document(io.BytesIO(data))
        title = document.core_properties.title or ""
        parts: list[str] = []
        for item in document.iter_inner_content():
            if isinstance(item, Table):
                rows = []
                for row in item.rows:
                    # A merged cell repeats in each column it spans: said once.
                    spans = {id(c._tc): c for c in row.cells}.values()
                    cells = [" ".join(c.text.split()) for c in spans]
                    if any(cells):
                        rows.append("| " + " | ".join(c.replace("|", "/") for c in cells) + " |")
                if len(rows) > 1:
                    rows.insert(1, "|---|")  # the first row heads the table, as in Markdown
                parts.append("\n".join(rows))
                continue
            text = item.text.strip()
            if not text:
                continue
            style = (item.style.name if item.style is not None else "") or ""
            if style == "Title" or style.startswith("Heading"):
                title = title or (text if style == "Title" else "")
                parts.append(f"# {text}")
            elif style.startswith("List"):
                parts.append(f"- {text}")
            else:
                parts.append(text)
    except Exception as error:
        log.warning("a Word document could not be read: %s", type(error).__name__)
        raise _refuse(
            f"“{name}” could not be read as a Word document (.docx): it may be damaged, or"
            " another kind of file."
        ) from None
    return "\n\n".join(parts), title


# --- HTML and Markdown ---------------------------------------------------------------------

_BLOCKS = frozenset(
    {"address", "article", "aside", "blockquote", "br", "dd", "div", "dl", "dt", "figcaption"}
    | {"footer", "form", "header", "hr", "li", "main", "nav", "ol", "p", "pre", "section"}
    | {"table", "tbody", "td", "th", "thead", "tr", "ul"}
)
_HIDDEN = frozenset({"script", "style", "noscript", "template", "svg", "head"})


class _HTMLText(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.title = ""
        self.first_heading = ""
        self._hidden = 0
        self._in_title = False
        self._heading: list[str] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "title":
            self._in_title = True
        elif tag in _HIDDEN:
            self._hidden += 1
        elif re.fullmatch(r"h[1-6]", tag):
            self._heading = []
        elif tag in _BLOCKS:
            self.parts.append("\n\n- " if tag == "li" else "\n\n")

    def handle_endtag(self, tag: str) -> None:
        if tag == "title":
            self._in_title = False
        elif tag in _HIDDEN:
            self._hidden = max(0, self._hidden - 1)
        elif re.fullmatch(r"h[1-6]", tag) and self._heading is not None:
            heading = " ".join("".join(self._heading).split())
            self._heading = None
            if heading:
                self.first_heading = self.first_heading or heading
                self.parts.append(f"\n\n# {heading}\n\n")
        elif tag in _BLOCKS:
            self.parts.append("\n\n")

    def handle_data(self, data: str) -> None:
        if self._in_title:
            self.title += data
        elif self._hidden:
            return
        elif self._heading is not None:
            self._heading.append(data)
        else:
            self.parts.append(data)


def _html(text: str) -> tuple[str, str]:
    parser = _HTMLText()
    parser.feed(text)
    parser.close()
    body = re.sub(r"\n{3,}", "\n\n", "".join(parser.parts))
    return body, parser.title.strip() or parser.first_heading


_FRONT_MATTER = re.compile(r"\A---\s*\n(.*?)\n---\s*\n", re.DOTALL)
_MD_INLINE = [
    (re.compile(r"<!--.*?-->", re.DOTALL), ""),
    (re.compile(r"\[\^(\w+)\](?!:)"), r"[\1]"),  # a footnote's mark, as a note's ("[2]")
    (re.compile(r"!\[([^\]]*)\]\([^)]*\)"), r"\1"),  # an image: its description
    (re.compile(r"\[([^\]]+)\]\([^)]*\)"), r"\1"),  # a link: its text
    (re.compile(r"\[([^\]]+)\]\[[^\]]*\]"), r"\1"),
    (re.compile(r"(\*\*|__)(?=\S)(.+?)(?<=\S)\1"), r"\2"),
    (re.compile(r"(?<![\w*])\*(?=\S)(.+?)(?<=\S)\*(?![\w*])"), r"\1"),
    (re.compile(r"(?<!\w)_(?=\S)(.+?)(?<=\S)_(?!\w)"), r"\1"),
    (re.compile(r"`([^`]+)`"), r"\1"),
]
_MD_LINE = [
    # A footnote ("[^2]: The 1998 statute …") is the document's own words, not a link's
    # definition: kept as a note ("[2] …"), which the chunker files under the notes section.
    (re.compile(r"^\s{0,3}\[\^(\w+)\]:\s*"), r"[\1] "),
    (re.compile(r"^\s{0,3}\[[^\]^]+\]:\s+\S+.*$"), ""),  # a link's definition
    (re.compile(r"^\s{0,3}(?:[-*_]\s*){3,}$"), ""),  # a rule
    (re.compile(r"^\s{0,3}```.*$"), ""),  # a code fence
]


def _markdown(text: str) -> tuple[str, str]:
    """Markdown as the words a reader sees: no emphasis marks, links as their text, quotes as
    plain lines, tables kept as tables (`storage.documents` reads their rows); the first `# `
    heading is the title."""
    title = ""
    if front := _FRONT_MATTER.match(text):
        found = re.search(r"^title:\s*[\"']?(.+?)[\"']?\s*$", front.group(1), re.MULTILINE)
        title = found.group(1) if found else ""
        text = text[front.end() :]
    lines: list[str] = []
    for line in text.splitlines():
        for pattern, replacement in _MD_LINE:
            line = pattern.sub(replacement, line)
        line = re.sub(r"^\s{0,3}(?:>\s?)+", "", line)  # a block quote's marks
        for pattern, replacement in _MD_INLINE:
            line = pattern.sub(replacement, line)
        heading = re.match(r"^\s{0,3}#\s+(.+?)\s*#*\s*$", line)
        if heading and not title:
            title = heading.group(1)
        lines.append(line)
    return "\n".join(lines), title
