"""Remembering which Slack events were answered, so that retries change nothing twice.

An event counts as handled once its answer is in the outbox, committed in the same transaction:
an event whose answer failed (a crash, the database gone) is answered on Slack's retry, and one
answered already is not answered again, by this replica or another."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlmodel import Session, col, delete

from storage import outbox
from storage.db import insert_if_absent
from storage.models import SlackEventSeen
from storage.outbox import Outgoing

# Slack retries an event for about five minutes; a day is ample and keeps the table small.
KEEP_FOR = timedelta(days=1)


def answered(session: Session, event_id: str) -> bool:
    return session.get(SlackEventSeen, event_id[:64]) is not None


def answer_event(session: Session, event_id: str, now: datetime, *messages: Outgoing) -> bool:
    """Put the event's answer in the outbox and mark the event handled, together; False when
    another delivery of the same event got there first (its answer stands)."""
    if not insert_if_absent(session, SlackEventSeen, event_id=event_id[:64], seen_at=now):
        return False
    outbox.enqueue(session, *messages, now=now)
    return True


def forget_old(session: Session, now: datetime) -> int:
    result = session.exec(
        delete(SlackEventSeen).where(col(SlackEventSeen.seen_at) < now - KEEP_FOR)
    )
    return int(result.rowcount)
