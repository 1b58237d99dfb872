"""Remembering which Slack events were handled, so that retries change nothing twice."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlmodel import Session, col, delete

from storage.db import insert_if_absent
from storage.models import SlackEventSeen

# Slack retries an event for about five minutes; a day is ample and keeps the table small.
KEEP_FOR = timedelta(days=1)


def first_sighting(session: Session, event_id: str, now: datetime) -> bool:
    """True the first time an event id is seen, by this process or any other replica."""
    return insert_if_absent(session, SlackEventSeen, event_id=event_id[:64], seen_at=now)


def forget_old(session: Session, now: datetime) -> int:
    result = session.exec(
        delete(SlackEventSeen).where(col(SlackEventSeen.seen_at) < now - KEEP_FOR)
    )
    return int(result.rowcount)
