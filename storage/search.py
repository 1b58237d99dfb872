"""Ranked full-text search over the source passages: SQLite FTS5 or PostgreSQL's own full-text
search, one small function that branches on the dialect (no maintained library covers both)."""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import NamedTuple

import sqlalchemy as sa
from sqlmodel import Session

__all__ = ["PassageHit", "search_passages"]

# Only plain words reach the query: FTS5 syntax (quotes, `*`, NEAR, OR, column filters) typed by a
# person must never become an operator, nor a syntax error.
_WORD = re.compile(r"^[0-9a-z]+$")

_SQLITE = sa.text(
    "SELECT p.id, p.event_id, p.key, p.section, p.text, -bm25(passage_fts) AS score"
    " FROM passage_fts JOIN sourcepassage AS p ON p.id = passage_fts.rowid"
    " WHERE passage_fts MATCH :query AND (:linked = 0 OR p.event_id IS NOT NULL)"
    " ORDER BY bm25(passage_fts) LIMIT :limit"
)
_POSTGRESQL = sa.text(
    "SELECT id, event_id, key, section, text, ts_rank(search, query) AS score"
    " FROM sourcepassage, websearch_to_tsquery('english', :query) AS query"
    " WHERE search @@ query AND (:linked = 0 OR event_id IS NOT NULL)"
    " ORDER BY score DESC, id LIMIT :limit"
)


class PassageHit(NamedTuple):
    id: int
    event_id: int | None
    key: str
    section: str
    text: str
    score: float  # higher is better, comparable only within one search


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
    return [PassageHit(*row) for row in rows]
