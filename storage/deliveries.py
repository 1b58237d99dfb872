"""The deliveries of a meeting's reminders: to the channel and by DM to every invitee who has not
declined, each claimed (see `storage.claims`) before it is sent, so that it goes out once however
many replicas run; one that fell due while no replica ran goes out late, or not at all once the
meeting has begun.

Every operation takes `now` from the caller (the injectable clock), so tests move time freely.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

import sqlalchemy as sa
from sqlmodel import Session, col, select

from storage import claims, outbox
from storage.invitations import invitees
from storage.meetings import is_group
from storage.models import Delivery, DeliveryStatus, Meeting, MeetingStatus, Reminder
from storage.outbox import Outgoing

log = logging.getLogger(__name__)

# A reminder claimed this long after its due time fell due while no replica was running: it is
# sent with a "late" note (or skipped once the meeting has begun). Sweeps run every second, so
# a healthy bot is never this far behind.
LATE_AFTER = timedelta(seconds=90)


@dataclass(frozen=True)
class Claimed:
    """One delivery this replica holds the claim on, with what its message needs."""

    reminder_id: int
    recipient: str  # the channel, or a person for a DM
    meeting: Meeting
    offset_minutes: int
    late: bool

    @property
    def is_channel(self) -> bool:
        return self.recipient == self.meeting.channel_id


@dataclass(frozen=True)
class ClaimResult:
    claimed: list[Claimed]
    skipped: int  # reminders that fell due while no replica ran and whose meeting had begun


def claim_due(session: Session, now: datetime, worker: str, limit: int = 50) -> ClaimResult:
    """Claim the deliveries of reminders now due: the channel and every invitee who has not
    declined. A reminder is open for claiming until its channel delivery row exists, and every
    row of a reminder is inserted in the same transaction, so that row marks it done."""
    channel_done = select(Delivery.id).where(
        Delivery.reminder_id == Reminder.id, Delivery.recipient == Meeting.channel_id
    )
    query = (
        select(Reminder, Meeting)
        .join(Meeting, col(Meeting.id) == Reminder.meeting_id)
        .where(
            Meeting.status == MeetingStatus.SCHEDULED,
            col(Reminder.due_at) <= now,
            ~sa.exists(channel_done.scalar_subquery()),
        )
        .order_by(col(Reminder.due_at), col(Reminder.id))
        .limit(limit)
    )
    claimed: list[Claimed] = []
    skipped = 0
    query = claims.skip_locked(session, query, Reminder)
    for reminder, meeting in session.exec(query).all():
        assert reminder.id is not None
        assert meeting.id is not None
        late = now - reminder.due_at > LATE_AFTER
        begun = now >= meeting.starts_at
        recipients = [meeting.channel_id] + [
            person for person in invitees(session, meeting.id) if not is_group(person)
        ]
        for recipient in recipients:
            status = DeliveryStatus.SKIPPED if begun else DeliveryStatus.CLAIMED
            if (
                claims.claim(
                    session,
                    Delivery,
                    reminder_id=reminder.id,
                    recipient=recipient,
                    status=status,
                    claimed_by=worker,
                    claimed_at=now,
                    attempts=0 if begun else 1,
                    late=late,
                )
                and not begun
            ):
                claimed.append(
                    Claimed(reminder.id, recipient, meeting, reminder.offset_minutes, late)
                )
        if begun:
            skipped += 1
            # No names or text: the ids are enough to find it in the store.
            log.warning(
                "a reminder fell due while the bot was down and the meeting has begun: skipped",
                extra={"meeting": meeting.id, "reminder": reminder.id},
            )
    return ClaimResult(claimed, skipped)


def reclaim_stale(session: Session, now: datetime, worker: str, limit: int = 50) -> list[Claimed]:
    """Take over claims whose replica died before sending: see `storage.claims.CLAIM_LEASE`."""
    query = (
        select(Delivery, Reminder, Meeting)
        .join(Reminder, col(Reminder.id) == Delivery.reminder_id)
        .join(Meeting, col(Meeting.id) == Reminder.meeting_id)
        .where(
            Delivery.status == DeliveryStatus.CLAIMED,
            col(Delivery.claimed_at) < now - claims.CLAIM_LEASE,
        )
        .limit(limit)
    )
    query = claims.skip_locked(session, query, Delivery)
    taken: list[Claimed] = []
    for delivery, reminder, meeting in session.exec(query).all():
        assert reminder.id is not None
        sendable = meeting.status == MeetingStatus.SCHEDULED and now < meeting.starts_at
        # A claim given back by a replica that stopped is taken over at once: late only if it is.
        late = delivery.late or now - reminder.due_at > LATE_AFTER
        # Conditional on the claim we read, so two replicas never both take it over.
        moved = claims.take_over(
            session,
            Delivery,
            now,
            col(Delivery.id) == delivery.id,
            col(Delivery.claimed_by) == delivery.claimed_by,
            col(Delivery.claimed_at) == delivery.claimed_at,
            claimed_by=worker,
            attempts=Delivery.attempts + 1,
            late=late,
            status=DeliveryStatus.CLAIMED if sendable else DeliveryStatus.SKIPPED,
        )
        if moved and sendable:
            taken.append(
                Claimed(reminder.id, delivery.recipient, meeting, reminder.offset_minutes, late)
            )
    return taken


# Long before any lease: a claim given back looks to every replica like one whose lease ran out.
GIVEN_BACK = datetime(2000, 1, 1, tzinfo=UTC)


def release(session: Session, worker: str, keys: Sequence[tuple[int, str]]) -> int:
    """Give back claims this replica will not finish (it is stopping), as (reminder id,
    recipient): the next sweep of any replica takes them over at once, as after a lease."""
    released = 0
    for reminder_id, recipient in keys:
        result = session.exec(
            sa.update(Delivery)
            .where(
                col(Delivery.reminder_id) == reminder_id,
                col(Delivery.recipient) == recipient,
                col(Delivery.claimed_by) == worker,
                col(Delivery.status) == DeliveryStatus.CLAIMED,
            )
            .values(claimed_at=GIVEN_BACK)
        )
        released += result.rowcount
    return released


def mark_delivery(
    session: Session,
    reminder_id: int,
    recipient: str,
    worker: str,
    now: datetime,
    *,
    message_ts: str | None = None,
    error: str = "",
    message: Outgoing | None = None,
) -> None:
    """Record the outcome of a send this replica claimed: sent (with Slack's ts, or handed to the
    outbox with `message`, in the same transaction) or failed."""
    if message is not None:
        outbox.enqueue(session, message, now=now)
    claims.release(
        session,
        Delivery,
        col(Delivery.reminder_id) == reminder_id,
        col(Delivery.recipient) == recipient,
        col(Delivery.claimed_by) == worker,
        sent=not error,
        sent_at=None if error else now,
        message_ts=message_ts,
        last_error=error[:500],
    )
