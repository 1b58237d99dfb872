"""The outbox: everything the bot says is a row committed with the change that causes it, and one
sender (jobs/outbox.py) delivers it. A row is claimed for a lease before it is sent, so however
many replicas run, one sends it; a replica that dies mid-send leaves a claim that another takes
over when the lease ends (and, the send having been in doubt, checks before sending again)."""

from __future__ import annotations

import functools
import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any, TypeVar

import sqlalchemy as sa
from sqlmodel import Session, col, func, select, update

from storage import claims
from storage.db import upsert_builder
from storage.models import Letter, Meeting, OutboxKind, OutboxMessage, OutboxStatus

# What a post may record its ts on (`Outgoing.records`): both have channel_id and message_ts.
_RECORDS: dict[str, sa.Table] = {
    "letter": Letter.__table__,  # type: ignore[attr-defined]
    "meeting": Meeting.__table__,  # type: ignore[attr-defined]
}

__all__ = [
    "Outgoing",
    "claim_due",
    "depth",
    "enqueue",
    "find",
    "mark_failed",
    "mark_sent",
    "referenced",
    "release",
    "reschedule",
    "saying",
    "superseded",
]

T = TypeVar("T")


@dataclass(frozen=True)
class Outgoing:
    """What a feature wants said. `text` is the message (Slack mrkdwn, everything people typed
    already escaped); `extra` holds what only some kinds take (a response's `response_type`, an
    upload's files)."""

    kind: OutboxKind
    text: str = ""
    blocks: Sequence[dict[str, Any]] = ()
    channel: str = ""
    user_id: str = ""
    thread_ts: str | None = None
    ts: str | None = None
    response_url: str = ""
    extra: dict[str, Any] = field(default_factory=dict)
    # Saying the same thing under the same key twice is a no-op: a retried event, a double click.
    key: str | None = None
    # The key of an earlier message to answer in the thread of, or to edit (its ts comes later).
    thread_of: str | None = None
    edit_of: str | None = None
    # Where the post's ts is kept once it is sent: ("letter", 3) or ("meeting", 5).
    records: tuple[str, int] | None = None


_outbox = OutboxMessage.__table__  # type: ignore[attr-defined]


def enqueue(session: Session, *messages: Outgoing, now: datetime) -> list[int]:
    """Add messages to the outbox in the caller's transaction; the ids of those added (a message
    whose key was already used is not added again, nor an edit that one waiting will make)."""
    added: list[int] = []
    for message in messages:
        extra = dict(message.extra)
        if message.records is not None:
            extra["records"] = list(message.records)
        if "render" in extra and _edit_waiting(session, message, json.dumps(extra), now):
            continue
        values = {
            "key": message.key[:200] if message.key else None,
            "kind": message.kind.value,
            "channel": message.channel,
            "user_id": message.user_id,
            "thread_ts": message.thread_ts,
            "ts": message.ts,
            "thread_of": message.thread_of,
            "edit_of": message.edit_of,
            "response_url": message.response_url,
            "text": message.text,
            "blocks": json.dumps(list(message.blocks)) if message.blocks else "",
            "extra": json.dumps(extra) if extra else "",
            "status": OutboxStatus.PENDING.value,
            "created_at": now,
            "due_at": now,
            "attempts": 0,
            "claimed_by": "",
            "last_error": "",
        }
        row = session.connection().execute(_adding(upsert_builder(session)), values).first()
        if row is not None:
            added.append(int(row[0]))
    return added


def saying(
    session: Session,
    change: Callable[[Session], T],
    said: Callable[[T], Sequence[Outgoing]],
    now: datetime,
) -> T:
    """Make `change`, and put what the bot says of it (`said` draws it from the outcome) in the
    outbox in the same transaction: a change stored is always told, even if the process stops
    right after, and a change whose telling cannot be written is not stored."""
    outcome = change(session)
    enqueue(session, *said(outcome), now=now)
    return outcome


# Statements on the path of every signature and every send are built once, with parameters:
# building one and working out its cache key cost several times what running it does.


@functools.cache
def _adding(insert: Callable[[sa.Table], Any]) -> Any:
    """The INSERT of a message (values given on execution); a key already used adds nothing."""
    return insert(_outbox).on_conflict_do_nothing().returning(_outbox.c.id)


def _waiting_edit(edited: Any) -> sa.Select[Any]:
    return (
        sa.select(_outbox.c.id)
        .where(
            _outbox.c.kind == OutboxKind.UPDATE.value,
            _outbox.c.status == OutboxStatus.PENDING.value,
            _outbox.c.claimed_until.is_(None),
            _outbox.c.due_at <= sa.bindparam("now", type_=_outbox.c.due_at.type),
            edited,
            _outbox.c.extra == sa.bindparam("extra"),
        )
        .limit(1)
        .with_for_update(read=True)
    )


_WAITING_EDIT_OF = _waiting_edit(_outbox.c.edit_of == sa.bindparam("edit_of"))
_WAITING_EDIT_AT = _waiting_edit(
    sa.and_(_outbox.c.channel == sa.bindparam("channel"), _outbox.c.ts == sa.bindparam("ts"))
)


def _edit_waiting(session: Session, message: Outgoing, extra: str, now: datetime) -> bool:
    """Whether an edit drawn as it is sent (a letter post's count) is already due, unclaimed: it
    will show this change too, so a burst of signatures makes one edit, not one each. The
    waiting row is share-locked until this transaction commits, so a sender cannot claim and
    draw it before the change is there to be seen, while other changes counting on the same edit
    go on meanwhile (an exclusive lock queued a burst of signers behind one another's commits);
    one that a sender claimed already, or that waits out a backoff, gets a new edit."""
    if message.edit_of:
        waiting = _WAITING_EDIT_OF
        where: dict[str, Any] = {"edit_of": message.edit_of}
    else:
        waiting = _WAITING_EDIT_AT
        where = {"channel": message.channel, "ts": message.ts}
    found = session.connection().execute(waiting, {"now": now, "extra": extra, **where})
    return found.first() is not None


def _edited(edit_of: str | None, channel: str, ts: str | None) -> Any:
    """The message an edit is of: by the key of its post, or where it is."""
    if edit_of:
        return _outbox.c.edit_of == edit_of
    return sa.and_(_outbox.c.channel == channel, _outbox.c.ts == ts)


def _due(now: datetime) -> Any:
    return sa.and_(
        col(OutboxMessage.status) == OutboxStatus.PENDING, col(OutboxMessage.due_at) <= now
    )


def claim_due(
    session: Session, worker: str, now: datetime, lease: timedelta, limit: int = 50
) -> list[OutboxMessage]:
    """Lease up to `limit` due messages, oldest first, in one conditional update that only one
    replica wins for each row (storage/claims.py); on PostgreSQL rows another replica holds are
    skipped."""
    free = sa.or_(
        col(OutboxMessage.claimed_until).is_(None), col(OutboxMessage.claimed_until) < now
    )
    candidates = claims.skip_locked(
        session,
        select(OutboxMessage.id)
        .where(_due(now), free)
        .order_by(col(OutboxMessage.id))
        .limit(limit),
        OutboxMessage,
    )
    # Chosen once, in a CTE: as a subquery of the UPDATE, PostgreSQL may run it again for each
    # row it updates (a nested loop on a table without statistics yet), each run finding `limit`
    # more rows, and a claim of 50 took a thousand.
    chosen = candidates.cte("chosen").prefix_with("MATERIALIZED")
    taken = claims.lease(
        session,
        OutboxMessage,
        worker,
        now,
        lease,
        col(OutboxMessage.id).in_(select(chosen.c.id)),
        _due(now),
        attempts=OutboxMessage.attempts + 1,
    )
    if not taken:
        return []
    leased = select(OutboxMessage).where(col(OutboxMessage.id).in_(taken))
    return list(session.exec(leased.order_by(col(OutboxMessage.id))).all())


def _settle(session: Session, message_id: int, worker: str, **values: Any) -> bool:
    """Change a message `worker` still holds, pending; False if the claim moved on meanwhile."""
    result = session.connection().execute(
        _SETTLING, {"held_id": message_id, "held_by": worker, **values}
    )
    return result.rowcount == 1


# The columns to change are given on execution, beside the two parameters of the claim.
_SETTLING = sa.update(_outbox).where(
    _outbox.c.id == sa.bindparam("held_id"),
    _outbox.c.claimed_by == sa.bindparam("held_by"),
    _outbox.c.status == OutboxStatus.PENDING.value,
)


def mark_sent(
    session: Session, sent: Sequence[tuple[OutboxMessage, str | None]], worker: str, now: datetime
) -> int:
    """Sent, each with its ts (None where Slack gives none), in the caller's one transaction: a
    post that `records` its ts on a letter or meeting does so in the same commit. How many were
    still `worker`'s to settle (a claim that moved on meanwhile is left alone)."""
    for message, message_ts in sent:
        records = json.loads(message.extra).get("records") if message.extra else None
        if records and message_ts:
            kind, row_id = records
            table = _RECORDS[kind]
            session.connection().execute(
                sa.update(table)
                .where(table.c.id == row_id)
                .values(message_ts=message_ts, channel_id=message.channel)
            )
    settled = [
        {
            "held_id": message.id,
            "held_by": worker,
            "status": OutboxStatus.SENT.value,
            "sent_at": now,
            "message_ts": message_ts,
            "claimed_until": None,
            "last_error": "",
        }
        for message, message_ts in sent
    ]
    if not settled:
        return 0
    # One statement for all (executemany): a burst of sends is settled in one round trip.
    return int(session.connection().execute(_SETTLING, settled).rowcount)


def reschedule(
    session: Session, message_id: int, worker: str, due_at: datetime, error: str
) -> bool:
    """Give the message back to be tried again at `due_at` (a Retry-After, a backoff)."""
    return _settle(
        session, message_id, worker, due_at=due_at, claimed_until=None, last_error=error[:200]
    )


def mark_failed(session: Session, message_id: int, worker: str, now: datetime, error: str) -> bool:
    """Slack refused it for good (a channel that is gone, a bad argument): kept, not retried."""
    return _settle(
        session,
        message_id,
        worker,
        status=OutboxStatus.FAILED.value,
        sent_at=now,
        claimed_until=None,
        last_error=error[:200],
    )


def release(session: Session, worker: str, message_ids: Sequence[int]) -> int:
    """Give back claims this replica will not finish (it is stopping): due again at once."""
    if not message_ids:
        return 0
    result = session.exec(
        update(OutboxMessage)
        .where(
            col(OutboxMessage.id).in_(list(message_ids)),
            col(OutboxMessage.claimed_by) == worker,
            col(OutboxMessage.status) == OutboxStatus.PENDING,
        )
        .values(claimed_until=None)
    )
    return int(result.rowcount)


def find(session: Session, key: str) -> OutboxMessage | None:
    """The message saved under `key`, with how its sending went."""
    return session.exec(select(OutboxMessage).where(OutboxMessage.key == key)).first()


def referenced(session: Session, key: str) -> tuple[str, str | None] | None:
    """The status and ts of the message saved under `key`; None when there is none."""
    message = find(session, key)
    return None if message is None else (message.status, message.message_ts)


def superseded(session: Session, message: OutboxMessage) -> bool:
    """An edit that a later edit of the same message, still waiting, will overwrite anyway."""
    later = session.exec(
        select(OutboxMessage.id).where(
            col(OutboxMessage.kind) == OutboxKind.UPDATE,
            col(OutboxMessage.status) == OutboxStatus.PENDING,
            col(OutboxMessage.id) > (message.id or 0),
            _edited(message.edit_of, message.channel, message.ts),
        )
    ).first()
    return later is not None


def depth(session: Session, now: datetime) -> tuple[int, float]:
    """Messages waiting, and the age in seconds of the oldest (0 when none wait)."""
    count, oldest = session.exec(
        select(func.count(), func.min(OutboxMessage.created_at)).where(
            col(OutboxMessage.status) == OutboxStatus.PENDING
        )
    ).one()
    if not count or oldest is None:
        return 0, 0.0
    return int(count), max(0.0, (now - oldest).total_seconds())
