"""The library of records: documents coordinators add (a trip report, a letter, minutes, a
government's reply), cut into passages the answers draw on, beside the seed report. The same file
(by the SHA-256 of its bytes) is added once; a removed record's passages go with it, so it is never
cited again. Reading the file is `storage.extraction`'s; this module only stores."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from datetime import datetime
from pathlib import PurePath

import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, func, select

from storage.documents import chunk, ingest
from storage.errors import InvalidInput, NotAllowed, NotFound
from storage.extraction import Extracted
from storage.models import Document, SourcePassage
from storage.search import settle_index

__all__ = [
    "Added",
    "RecordRow",
    "add_record",
    "find_by_hash",
    "list_records",
    "parse_record_ref",
    "record_ref",
    "remove_record",
]

_REF = re.compile(r"^\s*D?-?(\d{1,9})\s*$", re.IGNORECASE)
MAX_TITLE = 300
MAX_SOURCE = 300


@dataclass(frozen=True)
class Added:
    ref: str
    title: str
    passages: int
    added: bool  # False when the same file was already in the library


@dataclass(frozen=True)
class RecordRow:
    ref: str
    title: str
    date: dt.date | None
    source: str
    filename: str
    passages: int
    added_by: str
    added_at: datetime | None

    def as_json(self) -> dict[str, object]:
        return {
            "ref": self.ref,
            "title": self.title,
            "date": self.date.isoformat() if self.date else None,
            "source": self.source,
            "filename": self.filename,
            "passages": self.passages,
            "added_at": self.added_at.isoformat() if self.added_at else None,
        }


def record_ref(document_id: int | None) -> str:
    return f"D{document_id}"


def parse_record_ref(text: str) -> int:
    match = _REF.match(text)
    if match is None:
        raise InvalidInput(
            f"“{text.strip()[:40]}” is not a record: records are named like D3.", about="record"
        )
    return int(match.group(1))


def find_by_hash(session: Session, content_hash: str) -> Added | None:
    """The record already made from a file with these bytes, if any."""
    document = session.exec(select(Document).where(Document.content_hash == content_hash)).first()
    if document is None:
        return None
    return Added(record_ref(document.id), document.title, _passages(session, document.id), False)


def add_record(
    session: Session,
    extracted: Extracted,
    now: datetime,
    *,
    title: str | None = None,
    date: dt.date | None = None,
    source: str = "",
    added_by: str = "",
) -> Added:
    """Store a file's text as a record, cut into passages; the same file again changes nothing.
    The title is `title`, else the one the file gives itself, else its name."""
    name = (title or extracted.title or PurePath(extracted.filename).stem or "Untitled").strip()
    name = " ".join(name.split())[:MAX_TITLE]
    # Cut before taking the write lock: a long file takes a while, and others wait on the lock.
    pieces = chunk(extracted.text, name, date)
    _write_first(session)
    known = find_by_hash(session, extracted.content_hash)
    if known is not None:
        return known
    if not pieces:
        raise InvalidInput(
            f"“{extracted.filename}” holds no sentences to answer from.", about="record"
        )
    key = f"record-{extracted.content_hash[:32]}"
    try:
        # A savepoint: another replica adding the same file at the same moment wins, and this
        # one gives back what it stored.
        with session.begin_nested():
            document, passages = ingest(session, key, name, extracted.text, date, pieces=pieces)
            document.source = " ".join(source.split())[:MAX_SOURCE]
            document.filename = extracted.filename[:300]
            document.content_hash = extracted.content_hash
            document.added_by = added_by[:64]
            document.added_at = now
            session.add(document)
            session.flush()
    except IntegrityError:
        known = find_by_hash(session, extracted.content_hash)
        if known is None:
            raise
        return known
    settle_index(session)
    return Added(record_ref(document.id), document.title, passages, True)


def list_records(session: Session) -> list[RecordRow]:
    """Every document the answers draw on, oldest first, with how many passages it holds."""
    counts = dict(
        session.exec(
            select(SourcePassage.document_id, func.count())
            .where(col(SourcePassage.document_id).is_not(None))
            .group_by(col(SourcePassage.document_id))
        ).all()
    )
    documents = session.exec(select(Document).order_by(col(Document.id))).all()
    return [
        RecordRow(
            record_ref(d.id),
            d.title,
            d.date,
            d.source,
            d.filename,
            int(counts.get(d.id, 0)),
            d.added_by,
            d.added_at,
        )
        for d in documents
    ]


def remove_record(session: Session, ref: str) -> RecordRow:
    """Remove an added record and its passages: the next answer no longer finds it. The seed
    data's documents are not records anyone added, and stay."""
    _write_first(session)
    document = session.get(Document, parse_record_ref(ref))
    if document is None:
        raise NotFound(f"There is no record {ref.strip()[:40]}.", about="record")
    if document.content_hash is None:
        raise NotAllowed(
            f"“{document.title}” is part of the bot's seed data, not an added record: it stays.",
            about="record",
        )
    row = RecordRow(
        record_ref(document.id),
        document.title,
        document.date,
        document.source,
        document.filename,
        _passages(session, document.id),
        document.added_by,
        document.added_at,
    )
    session.execute(sa.delete(SourcePassage).where(col(SourcePassage.document_id) == document.id))
    session.delete(document)
    session.flush()
    settle_index(session)
    return row


def _write_first(session: Session) -> None:
    """A write that changes nothing, so that SQLite takes its write lock before anything is read:
    in WAL mode a transaction that read, then writes after another writer, fails at once."""
    session.connection().execute(
        sa.update(Document).where(col(Document.id) == -1).values(title=Document.title)
    )


def _passages(session: Session, document_id: int | None) -> int:
    return int(
        session.exec(
            select(func.count())
            .select_from(SourcePassage)
            .where(col(SourcePassage.document_id) == document_id)
        ).one()
    )
