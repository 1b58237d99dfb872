"""What the channel hears besides reminders: a meeting's announcement, news of each change to it,
and after it ends the request to log its outcome. Each is read first, drawn, then claimed by one
conditional UPDATE committed together with its messages in the outbox: one replica alone says
it, and a replica that dies between the two has claimed nothing, so the next sweep says it."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

import sqlalchemy as sa
from sqlmodel import Session, col, select

from storage import outbox
from storage.meetings import ends_at
from storage.models import Meeting, MeetingStatus
from storage.outbox import Outgoing


@dataclass(frozen=True)
class Notice:
    meeting: Meeting
    first: bool  # the announcement itself, rather than news of a change
    announced: int = -1  # the sequence announced before this notice


def pending_notices(session: Session, limit: int = 20) -> list[Notice]:
    """Meetings whose latest change has not been announced, unclaimed: see `announce`."""
    pending = session.exec(
        select(Meeting)
        .where(col(Meeting.announced_sequence) < col(Meeting.sequence))
        .order_by(col(Meeting.id))
        .limit(limit)
    ).all()
    return [
        Notice(m, first=m.announced_sequence == -1, announced=m.announced_sequence) for m in pending
    ]


def announce(session: Session, notice: Notice, now: datetime, *messages: Outgoing) -> bool:
    """Claim the notice (move the meeting's announced_sequence forward, if no replica has) and
    put its messages in the outbox, in one transaction; False when another replica had it."""
    moved = session.exec(
        sa.update(Meeting)
        .where(
            col(Meeting.id) == notice.meeting.id,
            col(Meeting.announced_sequence) == notice.announced,
        )
        .values(announced_sequence=notice.meeting.sequence)
    )
    if moved.rowcount != 1:
        return False
    # A meeting cancelled before it was ever announced is claimed, and nobody is told.
    if not (notice.first and notice.meeting.status == MeetingStatus.CANCELLED):
        outbox.enqueue(session, *messages, now=now)
    return True


def ended_meetings(session: Session, now: datetime, limit: int = 20) -> list[Meeting]:
    """Meetings that have ended and are not yet marked held: see `mark_held`."""
    ended = session.exec(
        select(Meeting)
        .where(Meeting.status == MeetingStatus.SCHEDULED, col(Meeting.starts_at) <= now)
        .order_by(col(Meeting.starts_at))
        .limit(limit)
    ).all()
    return [meeting for meeting in ended if ends_at(meeting) <= now]


def mark_held(session: Session, meeting_id: int, now: datetime, *messages: Outgoing) -> bool:
    """Mark the meeting held, if no replica has, with the request for its outcome in the outbox,
    in one transaction."""
    moved = session.exec(
        sa.update(Meeting)
        .where(col(Meeting.id) == meeting_id, col(Meeting.status) == MeetingStatus.SCHEDULED)
        .values(status=MeetingStatus.HELD)
    )
    if moved.rowcount != 1:
        return False
    outbox.enqueue(session, *messages, now=now)
    return True
