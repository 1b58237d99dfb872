"""Ranked full-text search over the source passages: SQLite FTS5 or PostgreSQL's own full-text
search, one small function that branches on the dialect (no maintained library covers both). The
indexes follow the rows (triggers on SQLite, a generated column on PostgreSQL): nothing is rebuilt
for a question."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from functools import lru_cache
from typing import Any, NamedTuple

import sqlalchemy as sa
from sqlmodel import Session, select

from storage.models import HistoryEvent, SourcePassage
from storage.visibility import Viewer, current_viewer, outcomes_seen_by

__all__ = ["PassageHit", "following_text", "search_concepts", "search_passages", "settle_index"]

# Only plain words reach the query: FTS5 syntax (quotes, `*`, NEAR, OR, column filters) typed by a
# person must never become an operator, nor a syntax error.
_WORD = re.compile(r"^[0-9a-z]+$")

# bm25 weighs a word in the heading above one in the text: headings say what a passage is about.
# The best rows are picked inside the index first (a subquery with its LIMIT), then joined to
# their document and event: the joins never run for the thousands of rows a common word matches.
_SQLITE = sa.text(
    "SELECT p.id, p.event_id, p.key, p.section, p.text, -ranked.rank AS score,"
    " p.document_id, d.title, d.date, d.date_precision, e.date, e.end_date, e.date_precision"
    " FROM (SELECT rowid, bm25(passage_fts, 2.0, 1.0) AS rank FROM passage_fts"
    "  WHERE passage_fts MATCH :query ORDER BY rank LIMIT :limit) AS ranked"
    " JOIN sourcepassage AS p ON p.id = ranked.rowid"
    " LEFT JOIN document AS d ON d.id = p.document_id"
    " LEFT JOIN historyevent AS e ON e.id = p.event_id"
    " ORDER BY ranked.rank, p.id"
)
_POSTGRESQL = sa.text(
    "SELECT p.id, p.event_id, p.key, p.section, p.text, ranked.score,"
    " p.document_id, d.title, d.date, d.date_precision, e.date, e.end_date, e.date_precision"
    " FROM (SELECT p.id, ts_rank(p.search, query, 1) AS score FROM sourcepassage AS p"
    "  CROSS JOIN to_tsquery('english', :query) AS query"
    "  WHERE p.search @@ query ORDER BY score DESC, p.id LIMIT :limit) AS ranked"
    " JOIN sourcepassage AS p ON p.id = ranked.id"
    " LEFT JOIN document AS d ON d.id = p.document_id"
    " LEFT JOIN historyevent AS e ON e.id = p.event_id"
    " ORDER BY ranked.score DESC, p.id"
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
    event_date: dt.date | None = None  # the event's, for a passage that tells of one
    event_end: dt.date | None = None
    event_precision: str | None = None


def _hidden_events(session: Session) -> set[int]:
    """The history events the session's viewer may not see (storage/visibility.py): the search
    is plain SQL, which the ORM's viewing criteria do not reach."""
    viewer = current_viewer(session)
    if viewer is None or viewer.channels is None:
        return set()
    return {event for event in session.exec(_hidden(viewer)).all() if event is not None}


@lru_cache(maxsize=256)
def _hidden(viewer: Viewer) -> Any:
    """The statement, built once a viewer (building it cost more than running it): the events
    the viewing rule does not let through (a slug is never NULL)."""
    seen = outcomes_seen_by(viewer)
    return select(HistoryEvent.id).where(sa.not_(seen)).execution_options(skip_viewer=True)


def search_passages(
    session: Session, words: Sequence[str], limit: int = 8, *, every: bool = False
) -> list[PassageHit]:
    """The passages that best match any of `words` (lower-case letters and digits), best first;
    with `every`, only passages that hold all of them."""
    if every:
        return search_concepts(session, [[word] for word in words], limit)
    return search_concepts(session, [list(words)], limit)


def search_concepts(
    session: Session, concepts: Sequence[Sequence[str]], limit: int = 8
) -> list[PassageHit]:
    """The passages that say every one of `concepts`, each in any of its words ("travel" or
    "trip", and "delegation"), best first."""
    groups = [list(dict.fromkeys(w for w in words if _WORD.match(w))) for words in concepts]
    groups = [group for group in groups if group]
    if not groups:
        return []
    if session.get_bind().dialect.name == "sqlite":
        statement = _SQLITE
        query = " AND ".join(
            "(" + " OR ".join(f'"{word}"' for word in group) + ")" for group in groups
        )
    else:
        # Each word as a lexeme of its own (to_tsquery stems it; a stop word drops out).
        statement = _POSTGRESQL
        query = " & ".join(
            "(" + " | ".join(f"'{word}'" for word in group) + ")" for group in groups
        )
    rows = session.connection().execute(statement, {"query": query, "limit": limit})
    hidden = _hidden_events(session)
    hits = []
    for row in rows:
        if row[1] is not None and row[1] in hidden:
            continue  # the outcome of a meeting this reader may not see
        values = [
            dt.date.fromisoformat(v) if i in (8, 10, 11) and isinstance(v, str) else v
            for i, v in enumerate(row)  # SQLite hands a raw column back as text
        ]
        hits.append(PassageHit(*values))  # type: ignore[arg-type]
    return hits


# SQLite's FTS5 writes the rows of each transaction (and savepoint) as an index segment of their
# own and merges segments only now and then, and a search reads every segment: the seed data left
# some twenty, and every search took three times as long as on one. Merging is bounded work (this
# many pages written at most, some 50 ms on a store of 100,000 passages); what is left over is
# merged the next time passages change.
MERGED_PAGES = 500


def settle_index(session: Session) -> None:
    """Merge the full-text index's segments after passages were written or removed. PostgreSQL's
    index merges its pending entries itself (autovacuum)."""
    if session.get_bind().dialect.name == "sqlite":
        session.connection().execute(
            sa.text("INSERT INTO passage_fts(passage_fts, rank) VALUES ('merge', :pages)"),
            {"pages": -MERGED_PAGES},  # negative: every segment, as one level
        )


_POSITION = re.compile(r"^(.*)#(\d+)$")


def following_text(session: Session, hit: PassageHit) -> str:
    """The text of the passage that follows `hit` in its document and section ("" when none):
    what a sentence at the end of a passage leads into. Passages are keyed by their document's
    key and their place in it ("dialogue-report#68"), one unique index away."""
    place = _POSITION.match(hit.key)
    if place is None:
        return ""
    key = f"{place.group(1)}#{int(place.group(2)) + 1}"
    row = session.exec(
        select(SourcePassage.section, SourcePassage.text, SourcePassage.event_id).where(
            SourcePassage.key == key
        )
    ).first()
    if row is None or row[0] != hit.section:
        return ""
    if row[2] is not None and row[2] in _hidden_events(session):
        return ""
    return row[1]
