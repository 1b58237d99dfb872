"""People: what Slack's profile and the person themselves told us (name, title, organization,
time zone), one `Person` row each, shared by every feature that shows a person's time."""

from __future__ import annotations

from datetime import datetime, timedelta

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
    known = session.connection().execute(
        sa.select(_people.c.tz).where(_people.c.user_id == user_id)
    )
    return known.scalar() or None


def remember_person(
    session: Session, /, user_id: str, now: datetime, **fields: str | datetime | None
) -> None:
    """Keep what Slack or the person told us (name, title, tz, organization, profile_read_at),
    one row each; a field given as None keeps what was there."""
    values = {
        # A name or title from Slack is shown in signer lists too: nothing invisible in it.
        key: one_line(value) if isinstance(value, str) and key in _TYPED else value
        for key, value in fields.items()
        if value is not None
    }
    statement = upsert_builder(session)(_people).values(user_id=user_id, updated_at=now, **values)
    statement = statement.on_conflict_do_update(
        index_elements=[_people.c.user_id], set_={"updated_at": now, **values}
    )
    session.connection().execute(statement)
