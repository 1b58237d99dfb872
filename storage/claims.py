"""Claims with a lease: how one replica of several takes a piece of work (a reminder's delivery, a
letter's deadline DM, a message in an outbox) so that it is done once.

A claim is a row the database lets one caller insert (a unique constraint decides, never a read
before the write); the row says who holds it and since when. A claim still `claimed` after
`CLAIM_LEASE` belongs to a replica that died between claiming and finishing: another replica
takes it over with one conditional UPDATE, so that two never both do. Finishing releases it as
sent or failed. The tables that hold claims have `status` and `claimed_at` columns.

Work tried again and again (an outbox message through Slack's outages) is leased instead: the
row carries `claimed_by` and `claimed_until`, and `lease` takes it when no lease runs, with the
same single conditional UPDATE.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any, TypeVar

import sqlalchemy as sa
from sqlmodel import Session, SQLModel

from storage.db import insert_if_absent
from storage.models import DeliveryStatus

__all__ = ["CLAIM_LEASE", "claim", "lease", "release", "skip_locked", "take_over"]

# Longer than any send with its retries: a claim this old was left by a replica that died.
CLAIM_LEASE = timedelta(minutes=5)

Query = TypeVar("Query", bound=Any)


def claim(session: Session, model: type[SQLModel], **values: Any) -> bool:
    """Insert the claim row; True for the one caller whose insert the unique constraint let in."""
    return insert_if_absent(session, model, **values)


def take_over(
    session: Session,
    model: type[SQLModel],
    now: datetime,
    *where: Any,
    **values: Any,
) -> bool:
    """Move a claim whose lease has run out to this caller (its `claimed_at` becomes `now`, and
    any `values` are set with it); True if this caller took it. `where` picks the claim, and may
    add the holder read before, so that a claim that moved on meanwhile is left alone."""
    table = model.__table__  # type: ignore[attr-defined]
    statement = (
        sa.update(table)
        .where(
            *where,
            table.c.status == DeliveryStatus.CLAIMED.value,
            table.c.claimed_at < now - CLAIM_LEASE,
        )
        .values(claimed_at=now, **values)
        .returning(*table.primary_key.columns)
    )
    return session.connection().execute(statement).first() is not None


def release(
    session: Session, model: type[SQLModel], *where: Any, sent: bool, **values: Any
) -> None:
    """Finish a claim still held, as sent or failed, with any `values` (a message id, an error)."""
    table = model.__table__  # type: ignore[attr-defined]
    status = DeliveryStatus.SENT if sent else DeliveryStatus.FAILED
    session.connection().execute(
        sa.update(table)
        .where(*where, table.c.status == DeliveryStatus.CLAIMED.value)
        .values(status=status.value, **values)
    )


def lease(
    session: Session,
    model: type[SQLModel],
    worker: str,
    now: datetime,
    length: timedelta,
    *where: Any,
    **values: Any,
) -> list[Any]:
    """Lease the rows `where` picks to `worker` for `length`, those on which no lease runs (none
    was taken, or it ran out), in one conditional UPDATE that only one caller wins for each row;
    the primary keys of the rows this caller leased."""
    table = model.__table__  # type: ignore[attr-defined]
    free = sa.or_(table.c.claimed_until.is_(None), table.c.claimed_until < now)
    (key,) = table.primary_key.columns
    statement = (
        sa.update(table)
        .where(*where, free)
        .values(claimed_by=worker, claimed_until=now + length, **values)
        .returning(key)
    )
    return list(session.connection().execute(statement).scalars())


def skip_locked(session: Session, query: Query, of: type[SQLModel]) -> Query:
    """On PostgreSQL, replicas sweeping at once take different rows instead of queueing on the
    same ones (`FOR UPDATE SKIP LOCKED`); the unique constraint is still what guarantees
    exactly-once, this only spreads the work. SQLite serialises writers on its own."""
    if session.get_bind().dialect.name == "postgresql":
        locked: Query = query.with_for_update(of=of, skip_locked=True)
        return locked
    return query
