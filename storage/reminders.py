"""A meeting's reminders: the offsets people give (`7d,1d,1h`) and the reminders planned from
them, which follow the meeting when it moves."""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import datetime, timedelta

import sqlalchemy as sa
from sqlmodel import Session, col, delete, select

from storage.errors import InvalidInput
from storage.models import Delivery, Meeting, Reminder

DEFAULT_OFFSETS = "7d,1d,1h"
MAX_OFFSET_MINUTES = 60 * 24 * 90  # three months ahead is already generous for a reminder
_UNITS = {"d": 24 * 60, "h": 60, "m": 1}
_OFFSET = re.compile(r"^(\d{1,4})([dhm])$")


# --- offsets --------------------------------------------------------------------------------


def parse_offsets(text: str) -> list[int]:
    """`7d,1d,1h,30m` -> minutes before the start, largest first, each once."""
    parts = [part.strip().lower() for part in text.split(",") if part.strip()]
    if not parts:
        raise InvalidInput(
            "Give at least one reminder offset, such as `7d,1d,1h` or `30m`.", about="remind"
        )
    minutes: set[int] = set()
    for part in parts:
        match = _OFFSET.match(part)
        if match is None:
            raise InvalidInput(
                f"I can't read the reminder offset `{part[:20]}`: use a number and d, h or m,"
                " such as `7d,1d,1h,30m`.",
                about="remind",
            )
        value = int(match.group(1)) * _UNITS[match.group(2)]
        if not 0 < value <= MAX_OFFSET_MINUTES:
            raise InvalidInput(
                f"The reminder offset `{part}` is out of range: from 1m up to 90d before.",
                about="remind",
            )
        minutes.add(value)
    return sorted(minutes, reverse=True)


def format_offsets(minutes: Iterable[int]) -> str:
    """The canonical text of offsets, as stored: `7d,1d,1h,30m`."""
    return ",".join(_offset_token(value) for value in sorted(set(minutes), reverse=True))


def _offset_token(minutes: int) -> str:
    for unit, size in _UNITS.items():
        if minutes % size == 0:
            return f"{minutes // size}{unit}"
    raise AssertionError("minutes are always whole")


def describe_offset(minutes: int) -> str:
    """`1 day`, `7 days`, `1 hour`, `30 minutes`: how far ahead a reminder is."""
    for unit, size in (("day", 24 * 60), ("hour", 60), ("minute", 1)):
        if minutes % size == 0:
            count = minutes // size
            return f"{count} {unit}{'' if count == 1 else 's'}"
    raise AssertionError("minutes are always whole")


def past_offsets_note(starts_at: datetime, offsets: Iterable[int], now: datetime) -> str:
    """What to tell whoever schedules: the reminders whose time has already passed (none of them
    is sent), or nothing."""
    past = sorted((o for o in offsets if starts_at - timedelta(minutes=o) <= now), reverse=True)
    if not past:
        return ""
    names = " and ".join(describe_offset(o) for o in past)
    if len(past) == 1:
        return f"The reminder {names} before is already past, so it will not be sent."
    return f"The reminders {names} before are already past, so they will not be sent."


# --- planning -------------------------------------------------------------------------------


def plan_reminders(session: Session, meeting: Meeting, now: datetime) -> None:
    """Give the meeting a reminder for every offset still ahead. A reminder already sent (it has
    deliveries) is kept as it is; the others are dropped and planned anew from the start."""
    assert meeting.id is not None
    delivered = select(Delivery.reminder_id).where(col(Delivery.reminder_id) == Reminder.id)
    session.exec(
        delete(Reminder).where(
            col(Reminder.meeting_id) == meeting.id, ~sa.exists(delivered.scalar_subquery())
        )
    )
    kept = set(
        session.exec(select(Reminder.offset_minutes).where(Reminder.meeting_id == meeting.id))
    )
    for minutes in parse_offsets(meeting.reminder_offsets):
        due = meeting.starts_at - timedelta(minutes=minutes)
        if due > now and minutes not in kept:
            session.add(Reminder(meeting_id=meeting.id, offset_minutes=minutes, due_at=due))


def meeting_of_reminder(session: Session, reminder_id: int) -> Meeting | None:
    reminder = session.get(Reminder, reminder_id)
    return None if reminder is None else session.get(Meeting, reminder.meeting_id)
