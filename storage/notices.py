"""What the channel hears besides reminders: a meeting's announcement, news of each change to it,
and after it ends the request to log its outcome; each claimed by one conditional UPDATE, so that
one replica alone posts it."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

import sqlalchemy as sa
from sqlmodel import Session, col, select

from storage.meetings import ends_at
from storage.models import Meeting, MeetingStatus


@dataclass(frozen=True)
class Notice:
    meeting: Meeting
    first: bool  # the announcement itself, rather than news of a change


def claim_notices(session: Session, limit: int = 20) -> list[Notice]:
    """Meetings whose latest change has not been announced; each is claimed by moving its
    announced_sequence forward in a conditional UPDATE, so exactly one replica announces it."""
    pending = session.exec(
        select(Meeting)
        .where(col(Meeting.announced_sequence) < col(Meeting.sequence))
        .order_by(col(Meeting.id))
        .limit(limit)
    ).all()
    notices: list[Notice] = []
    for meeting in pending:
        announced = meeting.announced_sequence  # read before the UPDATE refreshes the object
        moved = session.exec(
            sa.update(Meeting)
            .where(
                col(Meeting.id) == meeting.id,
                col(Meeting.announced_sequence) == announced,
            )
            .values(announced_sequence=meeting.sequence)
        )
        # A meeting cancelled before it was ever announced is claimed, and nobody is told.
        never_announced = announced == -1
        if moved.rowcount == 1 and not (
            never_announced and meeting.status == MeetingStatus.CANCELLED
        ):
            notices.append(Notice(meeting, first=never_announced))
    return notices


def record_announcement(session: Session, meeting_id: int, message_ts: str) -> None:
    session.exec(
        sa.update(Meeting).where(col(Meeting.id) == meeting_id).values(message_ts=message_ts)
    )


def claim_finished(session: Session, now: datetime, limit: int = 20) -> list[Meeting]:
    """Meetings that have ended: each is marked held by one conditional UPDATE, and the replica
    that moved it asks the coordinators for its outcome."""
    ended = session.exec(
        select(Meeting)
        .where(Meeting.status == MeetingStatus.SCHEDULED, col(Meeting.starts_at) <= now)
        .order_by(col(Meeting.starts_at))
        .limit(limit)
    ).all()
    held: list[Meeting] = []
    for meeting in ended:
        if ends_at(meeting) > now:
            continue
        moved = session.exec(
            sa.update(Meeting)
            .where(col(Meeting.id) == meeting.id, col(Meeting.status) == MeetingStatus.SCHEDULED)
            .values(status=MeetingStatus.HELD)
        )
        if moved.rowcount == 1:
            held.append(meeting)
    return held
