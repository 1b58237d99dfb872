"""People: what Slack's profile and the person themselves told us (name, title, organization,
time zone), one `Person` row each, shared by every feature that shows a person's time."""

from __future__ import annotations

import functools
from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Any

import sqlalchemy as sa
from sqlmodel import Session

from storage.db import upsert_builder
from storage.models import Person
from storage.text import one_line

__all__ = ["PROFILE_FRESH_FOR", "person", "remember_person", "remembered_zone"]

# A profile read from Slack is trusted this long; then the next look at the person reads it again.
PROFILE_FRESH_FOR = timedelta(days=1)

_people = Person.__table__  # type: ignore[attr-defined]
_TYPED = frozenset({"name", "title", "organization"})


def person(session: Session, user_id: str) -> Person | None:
    return session.get(Person, user_id)


def remembered_zone(session: Session, user_id: str) -> str | None:
    """The person's time zone as Slack last told us; None if it never did."""
    return session.connection().execute(_ZONE, {"person": user_id}).scalar() or None


_ZONE = sa.select(_people.c.tz).where(_people.c.user_id == sa.bindparam("person"))


def remember_person(
    session: Session, /, user_id: str, now: datetime, **fields: str | datetime | None
) -> str | None:
    """Keep what Slack or the person told us (name, title, tz, organization, profile_read_at),
    one row each; a field given as None keeps what was there. The person's time zone as now
    remembered, as `remembered_zone` gives it (returned by the same statement)."""
    values = {
        # A name or title from Slack is shown in signer lists too: nothing invisible in it.
        key: one_line(value) if isinstance(value, str) and key in _TYPED else value
        for key, value in fields.items()
        if value is not None
    }
    statement = _remembering(upsert_builder(session), tuple(sorted(values)))
    row = session.connection().execute(statement, {"user_id": user_id, "updated_at": now, **values})
    return row.scalar() or None


@functools.cache
def _remembering(insert: Callable[[sa.Table], Any], fields: tuple[str, ...]) -> Any:
    """The upsert of a person's `fields`, built once for each set of them (every signature runs
    one): their values, and the row's, are parameters."""
    statement = insert(_people)
    changed = {field: statement.excluded[field] for field in ("updated_at", *fields)}
    upsert = statement.on_conflict_do_update(index_elements=[_people.c.user_id], set_=changed)
    return upsert.returning(_people.c.tz)
