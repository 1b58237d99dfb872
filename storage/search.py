"""Ranked full-text search over the source passages: SQLite FTS5 or PostgreSQL's own full-text
search, one small function that branches on the dialect (no maintained library covers both). The
indexes follow the rows (triggers on SQLite, a generated column on PostgreSQL): nothing is rebuilt
for a question."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from typing import NamedTuple

import sqlalchemy as sa
from sqlmodel import Session

__all__ = ["PassageHit", "search_passages"]

# Only plain words reach the query: FTS5 syntax (quotes, `*`, NEAR, OR, column filters) typed by a
# person must never become an operator, nor a syntax error.
_WORD = re.compile(r"^[0-9a-z]+$")

# bm25 weighs a word in the heading above one in the text: headings say what a passage is about.
_SQLITE = sa.text(
    "SELECT p.id, p.event_id, p.key, p.section, p.text, -bm25(passage_fts, 2.0, 1.0) AS score,"
    " p.document_id, d.title, d.date, d.date_precision FROM passage_fts"
    " JOIN sourcepassage AS p ON p.id = passage_fts.rowid"
    " LEFT JOIN document AS d ON d.id = p.document_id"
    " WHERE passage_fts MATCH :query AND (:linked = 0 OR p.event_id IS NOT NULL)"
    " ORDER BY bm25(passage_fts, 2.0, 1.0) LIMIT :limit"
)
_POSTGRESQL = sa.text(
    "SELECT p.id, p.event_id, p.key, p.section, p.text, ts_rank(p.search, query, 1) AS score,"
    " p.document_id, d.title, d.date, d.date_precision FROM sourcepassage AS p"
    " CROSS JOIN websearch_to_tsquery('english', :query) AS query"
    " LEFT JOIN document AS d ON d.id = p.document_id"
    " WHERE p.search @@ query AND (:linked = 0 OR p.event_id IS NOT NULL)"
    " ORDER BY score DESC, p.id LIMIT :limit"
)


class PassageHit(NamedTuple):
    id: int
    event_id: int | None
    key: str
    section: str
    text: str
    score: float  # higher is better, comparable only within one search
    document_id: int | None = None
    title: str | None = None  # the document's, for a passage cut from one
    date: dt.date | None = None
    date_precision: str | None = None


def search_passages(
    session: Session, words: Sequence[str], limit: int = 8, *, linked: bool = False
) -> list[PassageHit]:
    """The passages that best match any of `words` (lower-case letters and digits), best first;
    with `linked`, only passages that tell of an event of the history."""
    words = [word for word in dict.fromkeys(words) if _WORD.match(word)]
    if not words:
        return []
    if session.get_bind().dialect.name == "sqlite":
        statement, query = _SQLITE, " OR ".join(f'"{word}"' for word in words)
    else:
        statement, query = _POSTGRESQL, " or ".join(words)
    parameters = {"query": query, "limit": limit, "linked": int(linked)}
    rows = session.connection().execute(statement, parameters)
    hits = []
    for row in rows:
        values = list(row)
        if isinstance(values[8], str):  # SQLite hands a raw column back as text
            values[8] = dt.date.fromisoformat(values[8])
        hits.append(PassageHit(*values))
    return hits
