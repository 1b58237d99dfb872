"""Documents and the passages question answering retrieves from them: any plain text (a report, a
Markdown file's text) cut into overlapping passages of a few sentences, each under its heading.

`chunk` knows nothing of any one document: headings are short lines without closing punctuation
(or Markdown `#` lines), bullets and indentation are dropped, notes (`[1] …`) form their own
section; a letter's date, address and signature lines and a document's particulars ("Date: …") stay
lines of their own, never headings.
`ingest` stores a document and its passages once; re-ingesting the same text changes nothing, a
changed text replaces the passages.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

import sqlalchemy as sa
from sqlmodel import Session, col, select

from storage.models import Document, SourcePassage

__all__ = [
    "BYLINE",
    "NOTES",
    "Chunk",
    "chunk",
    "closes",
    "ingest",
    "is_date_line",
    "is_ingested",
    "sentences",
    "signs",
    "squeeze",
    "table_row",
]

NOTES = "Notes"  # the section of a document's footnotes
TARGET_SENTENCES = 3  # a passage holds about this many sentences …
MAX_CHARACTERS = 700  # … and no more characters than this, unless one sentence is longer
OVERLAP = 1  # sentences a passage shares with the one before it

_BULLET = re.compile(r"^\s*(?:[•◦▪‣●○■□\-*+]|\d{1,2}[.)](?=\s)|\([a-z]\)(?=\s))\s*")
_MARKDOWN_HEADING = re.compile(r"^\s*#{1,6}\s+(.+?)\s*#*\s*$")
_NOTE = re.compile(r"^\s*\[\d+\]\s")
# A letter's address, reference or subject line ("To: Mr. A. Smith, Chair, …", "Ref. No. 4/1"):
# part of the letter, not a heading over it.
_REFERENCE = r"(?:Our\s+|Your\s+)?Ref(?:erence)?\.?\s*(?:No\.?|Number|#)?\s*:?\s*[\w/\-]*\d[\w/\-]*"
_LETTER_FIELD = re.compile(
    rf"^(?:To|From|Re|Subject|Cc|Bcc|Attn|Attention)\s*:\s|^{_REFERENCE}", re.IGNORECASE
)
# A document's own particulars under its title ("Date: 9 December 2028", "Author: …"): what it
# says of itself, not a heading over what follows.
_PARTICULAR = re.compile(
    r"^(?:Date|Dated|Authors?|Prepared\s+by|Written\s+by|Rapporteur|Approved\s+by|Version)\s*:\s",
    re.IGNORECASE,
)
# An article's byline ("By Ann Writer, The Harbour Gazette, 12 June 2031"): who wrote what
# follows, not a heading over it.
BYLINE = re.compile(r"^\*?By\s+[A-Z][\w'’.\-]*(?:\s+[A-Z][\w'’.\-]*){0,3}\s*(?:,|\*?$)")
# A letter's date line, with or without its place and reference: "Varna, 14.09.2031",
# "3 March 2029", "Ref. No. 12/4 Varna, March 3, 2029". It dates what follows; it is no title.
_MONTH = r"(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]*\.?"
_DATE_LINE = re.compile(
    rf"^(?:{_REFERENCE}\s+)?(?:[A-Z][\w'’.\- ]{{0,40}},\s*)?"
    r"(?:\d{1,2}[./]\d{1,2}[./]\d{4}|\d{4}-\d\d-\d\d"
    rf"|\d{{1,2}}(?:st|nd|rd|th)?\s+{_MONTH}\s+\d{{4}}|{_MONTH}\s+\d{{1,2}}(?:st|nd|rd|th)?,?\s+\d{{4}})$",
    re.IGNORECASE,
)
# How a sentence ends: a full stop, a question or exclamation mark, a colon that leads in to
# what follows or a semicolon that goes on to the next item, with any closing quotes, brackets and
# note marks.
_ENDED = re.compile(r"[.!?:;…](?:[”\"’')\]]|\[\d+\])*$")
_GOES_ON = re.compile(r"(?:,|\b(?:and|or|but|nor))$")
_SALUTATION = re.compile(r"^Dear\s[^.!?]{1,80},$")
# A letter's closing, which its signatures follow: "Sincerely,", "Respectfully yours,", "Yours
# faithfully,", "With best regards,".
_CLOSING = re.compile(
    r"^(?:(?:Yours\s+)?(?:Sincerely|Respectfully|Faithfully|Truly|Cordially|Gratefully)"
    r"(?:\s+yours)?|(?:With\s+)?(?:Best|Kind|Kindest|Warm|Warmest)\s+(?:regards|wishes)"
    r"|Regards|Yours)\s*[,.]?$",
    re.IGNORECASE,
)
SIGNATURE_LINES = 8  # lines at most under a closing: the signatories' names and titles
# A sentence ends at . ! ? (with closing quotes, brackets and note marks such as "[1]") followed
# by white space and what can start a sentence.
_SENTENCE_END = re.compile(r"(?<=[.!?])((?:[”\"’')\]]|\[\d+\])*)\s+(?=[“\"‘(\[…A-Z0-9])")
# Abbreviations after which a full stop does not end a sentence.
_ABBREVIATION = re.compile(
    r"(?:\b(?:[A-Z]\.){1,3}|\b(?:Mr|Mrs|Ms|Dr|St|Mt|No|Nos|Art|Arts|Para|para|p|pp|Pub|Vol|vol"
    r"|Inc|Ltd|Co|Corp|Jr|Sr|Gen|Gov|Sen|Rep|Rev|Ref|Prof|etc|e\.g|i\.e|cf|vs|al|Jan|Feb|Mar|Apr"
    r"|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)\.)$"
)


def squeeze(text: str) -> str:
    """No-break spaces and runs of white space as single spaces."""
    return " ".join(text.replace("\u00a0", " ").split())


@dataclass(frozen=True)
class Chunk:
    """A passage of a document: a few consecutive sentences of one section."""

    title: str
    date: dt.date | None
    section: str
    position: int
    text: str


@dataclass
class _Block:
    section: str
    text: str
    row: bool = False  # a table's row: one sentence, whatever full stops its cells hold


# A Markdown table: "| a | b |" rows, the first over a rule ("|---|---|") its header.
_TABLE_ROW = re.compile(r"^\s*\|(.*)\|\s*$")
_TABLE_RULE = re.compile(r"^\s*\|?\s*:?-{3,}:?\s*(?:\|\s*:?-{3,}:?\s*)*\|?\s*$")


def _cells(line: str) -> list[str]:
    match = _TABLE_ROW.match(line)
    return [squeeze(cell) for cell in match.group(1).split("|")] if match else []


def table_row(header: list[str], cells: list[str]) -> str:
    """A table's row as one sentence that says which column each cell is in, in the table's own
    words: "Region: North — Cases, 2029: 36 — Cases, 2027: 61." A row answers a question that
    names its row and a column only when it says both."""
    said = []
    for index, cell in enumerate(cells):
        if not cell:
            continue
        column = header[index] if index < len(header) else ""
        said.append(f"{column}: {cell}" if column and column != cell else cell)
    row = " — ".join(said)
    return row if not row or row.endswith((".", "!", "?")) else row + "."


def _is_heading(line: str, before: str, after: str) -> bool:
    """A short line standing alone, that reads as a title rather than a sentence."""
    line = line.strip()
    if not line or len(line) > 90 or _BULLET.match(line) or _NOTE.match(line):
        return False
    if is_date_line(line) or _LETTER_FIELD.match(line) or _PARTICULAR.match(line):
        return False
    if BYLINE.match(line):
        return False
    if line[-1] in ".:;,!?…”\"')]" or not line[0].isupper():
        return False
    return not before.strip() and not after.strip() and len(line.split()) <= 14


def closes(sentence: str) -> bool:
    """Whether a sentence is a letter's closing ("Sincerely,"), which its signatures follow."""
    return bool(_CLOSING.match(sentence.strip()))


def signs(said: Sequence[str], index: int) -> bool:
    """Whether the sentence at `index` is a line of a signature: under a closing, with only
    lines like it (a name, a title: no full stop) between them."""
    if _ENDED.search(said[index]):
        return False
    for back in range(index - 1, max(-1, index - 1 - SIGNATURE_LINES), -1):
        if closes(said[back]):
            return True
        if _ENDED.search(said[back]):
            return False
    return False


def is_date_line(line: str) -> bool:
    """Whether a line (or a sentence) is a letter's date line, and nothing else."""
    return bool(_DATE_LINE.match(line.strip()))


def _blocks(text: str) -> Iterator[_Block]:
    """Paragraphs under their headings. A line that is not blank, a heading, a bullet or a note
    continues the paragraph before it: hard-wrapped text keeps its sentences whole."""
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    section = ""
    paragraph: list[str] = []
    note = False
    header: list[str] = []

    def flush() -> Iterator[_Block]:
        body = squeeze(" ".join(paragraph))
        if body:
            yield _Block(NOTES if note else section, body)
        paragraph.clear()

    for index, line in enumerate(lines):
        before = lines[index - 1] if index > 0 else ""
        after = lines[index + 1] if index + 1 < len(lines) else ""
        if _TABLE_ROW.match(line) or (header and _TABLE_RULE.match(line)):
            yield from flush()
            if _TABLE_RULE.match(line):
                continue
            if _TABLE_RULE.match(after):
                header = _cells(line)  # the header row: said with every row below it
                continue
            row = table_row(header, _cells(line))
            if row:
                yield _Block(section, row, row=True)
            continue
        header = []
        markdown = _MARKDOWN_HEADING.match(line)
        if markdown or _is_heading(line, before, after):
            yield from flush()
            section = squeeze(markdown.group(1) if markdown else line)
            continue
        if not line.strip() or _BULLET.match(line) or _NOTE.match(line):
            yield from flush()
        if line.strip():
            if not paragraph:
                note = bool(_NOTE.match(line))
            paragraph.append(_BULLET.sub("", line, count=1))
    yield from flush()


def sentences(text: str) -> list[str]:
    """The sentences of a paragraph, in its own words."""
    out: list[str] = []
    start = 0
    for match in _SENTENCE_END.finditer(text):
        piece = text[start : match.end(1)].strip()
        if _ABBREVIATION.search(text[start : match.start()]):
            continue
        if piece:
            out.append(piece)
        start = match.end()
    rest = text[start:].strip()
    if rest:
        out.append(rest)
    return out


def _joined(said: list[str]) -> str:
    """A passage's sentences as its text: a line that ends a paragraph without ending a sentence
    (a letter's date line, "Sincerely,", a name under it, a heading-like bullet) stays a line of
    its own, so that it is read as a sentence of its own and not as the start of the next."""
    return "".join(s + ("\n" if _line_of_its_own(s) else " ") for s in said).rstrip()


def _line_of_its_own(sentence: str) -> bool:
    """A paragraph's last words that end no sentence and lead into none: "…; and" and "…," go
    on in the next paragraph (an item of a list), "Sincerely," and "Dear Ms. Smith," do not."""
    if _ENDED.search(sentence):
        return False
    return closes(sentence) or bool(_SALUTATION.match(sentence)) or not _GOES_ON.search(sentence)


def chunk(text: str, title: str, date: dt.date | None = None) -> list[Chunk]:
    """Cut a document's text into passages of about `TARGET_SENTENCES` sentences that overlap by
    `OVERLAP`, never across a heading. A line that ends with a colon ("His conclusions
    include:") stays with what follows it."""
    passages: list[Chunk] = []
    by_section: list[tuple[str, list[str]]] = []
    for block in _blocks(text):
        if not by_section or by_section[-1][0] != block.section:
            by_section.append((block.section, []))
        by_section[-1][1].extend([block.text] if block.row else sentences(block.text))
    for section, said in by_section:
        start = 0
        while start < len(said):
            end = start + 1
            size = len(said[start])
            while end < len(said) and end - start < TARGET_SENTENCES:
                if size + len(said[end]) + 1 > MAX_CHARACTERS:
                    break
                size += len(said[end]) + 1
                end += 1
            # A lead-in ("We learned of promising developments:") says nothing alone.
            while end < len(said) and said[end - 1].endswith(":") and end - start < 6:
                end += 1
            # Nor does a closing ("Sincerely,"): the names it is signed with stay with it.
            while (
                end < len(said)
                and (closes(said[end - 1]) or signs(said, end - 1))
                and signs(said, end)
            ):
                end += 1
            passages.append(Chunk(title, date, section, len(passages), _joined(said[start:end])))
            if end >= len(said):
                break
            start = max(end - OVERLAP, start + 1)
    return passages


def _stored(session: Session, document: Document) -> int:
    return len(
        session.exec(select(SourcePassage.id).where(SourcePassage.document_id == document.id)).all()
    )


def is_ingested(session: Session, key: str, text: str) -> bool:
    """Whether the document `key` is stored with this text and all of its passages."""
    document = session.exec(select(Document).where(Document.key == key)).first()
    return (
        document is not None
        and document.text == text
        and _stored(session, document) == len(chunk(text, document.title, document.date))
    )


def ingest(
    session: Session,
    key: str,
    title: str,
    text: str,
    date: dt.date | None = None,
    date_precision: str = "day",
    pieces: Sequence[Chunk] | None = None,
) -> tuple[Document, int]:
    """Store a document and its passages under `key`; gives the document and how many passages
    were written (none when the same text is already stored). The store's full-text index follows
    the rows by itself. `pieces`: the text already cut (`chunk`), so that a caller holding the
    write lock does not cut it while others wait."""
    document = session.exec(select(Document).where(Document.key == key)).first()
    if pieces is None:
        pieces = chunk(text, title, date)
    if (
        document is not None
        and (document.title, document.text, document.date) == (title, text, date)
        and _stored(session, document) == len(pieces)
    ):
        return document, 0
    if document is None:
        document = Document(key=key, title=title, text=text, date=date)
    document.title, document.text, document.date = title, text, date
    document.date_precision = date_precision
    session.add(document)
    session.flush()
    session.execute(sa.delete(SourcePassage).where(col(SourcePassage.document_id) == document.id))
    if pieces:
        # One statement for all the rows: a 300-page file's passages as objects, one by one,
        # held the write lock (and every answer waiting to be recorded) for seconds.
        session.execute(
            sa.insert(SourcePassage),
            [
                {
                    "key": f"{key}#{piece.position + 1}",
                    "document_id": document.id,
                    "section": piece.section[:300],
                    "position": piece.position,
                    "text": piece.text,
                }
                for piece in pieces
            ],
        )
    return document, len(pieces)
