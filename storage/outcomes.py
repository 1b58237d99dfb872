"""A meeting's outcome: logged by a coordinator after it, it becomes an event of the dialogue's
history (and a passage the answers draw on), with the recommendation status changes it brought."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from datetime import datetime

import sqlalchemy as sa
from sqlmodel import Session, col, select

from storage.db import insert_if_absent
from storage.errors import Closed, InvalidInput, NotFound
from storage.meetings import get_meeting, zone
from storage.models import (
    HistoryEvent,
    MeetingStatus,
    Recommendation,
    RecommendationStatus,
    SourcePassage,
    StatusChange,
)
from storage.search import settle_index


def parse_status_changes(text: str) -> list[tuple[str, str]]:
    """Lines such as `RT-3: in progress` -> (ref, status) pairs, checked against the statuses."""
    changes: list[tuple[str, str]] = []
    for line in text.splitlines():
        if not line.strip():
            continue
        ref, _, status = line.partition(":")
        status = status.strip().lower()
        if status not in {str(s) for s in RecommendationStatus}:
            known = ", ".join(str(s) for s in RecommendationStatus)
            raise InvalidInput(
                f"I can't read `{line.strip()[:60]}`: write `REF: status`, the status one of"
                f" {known}."
            )
        changes.append((ref.strip(), status))
    return changes


def log_outcome(
    session: Session,
    meeting_id: int,
    summary: str,
    recorded_by: str,
    now: datetime,
    changes: Sequence[tuple[str, str]] = (),
) -> HistoryEvent:
    """The outcome of a meeting becomes a history event (logging again edits it), with any
    recommendation status changes it brought; all or nothing."""
    meeting = get_meeting(session, meeting_id)
    summary = summary.strip()
    if not summary:
        raise InvalidInput("Write what happened at the meeting: the outcome can't be empty.")
    if meeting.status == MeetingStatus.CANCELLED:
        raise Closed(f"Meeting M{meeting_id} was cancelled: there is no outcome to log.")
    local_day: dt.date = meeting.starts_at.astimezone(zone(meeting.timezone)).date()
    slug = f"meeting-{meeting_id}"
    insert_if_absent(
        session,
        HistoryEvent,
        slug=slug,
        kind="dialogue",
        date=local_day,
        date_precision="day",
        title=meeting.title,
        place=meeting.place,
        participants=[],
        summary=summary,
        key_points=[],
        source=f"Outcome of meeting M{meeting_id}, logged in Slack by a coordinator",
        created_at=now,
    )
    event = session.exec(select(HistoryEvent).where(HistoryEvent.slug == slug)).one()
    event.summary = summary
    session.add(event)
    # Also a passage of text, which is what question answering retrieves from.
    insert_if_absent(session, SourcePassage, key=f"{slug}-outcome", text=summary)
    session.exec(
        sa.update(SourcePassage)
        .where(col(SourcePassage.key) == f"{slug}-outcome")
        .values(event_id=event.id, section=f"Outcome of {meeting.title}"[:300], text=summary)
    )
    settle_index(session)
    for ref, status in changes:
        recommendation = session.exec(
            select(Recommendation).where(sa.func.upper(Recommendation.ref) == ref.upper())
        ).first()
        if recommendation is None or recommendation.id is None:
            raise NotFound(f"There is no recommendation {ref[:20]}: nothing was logged.")
        session.add(
            StatusChange(
                recommendation_id=recommendation.id,
                status=status,
                as_of=local_day,
                evidence=f"Outcome of meeting M{meeting_id}",
                recorded_by=recorded_by,
                recorded_at=now,
            )
        )
    session.flush()
    meeting.outcome_event_id = event.id
    meeting.updated_at = now
    session.add(meeting)
    return event
