"""The `.ics` calendar file for a meeting, written by the `icalendar` library (RFC 5545 escaping,
line folding and the time zone's definition are its job, not ours)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from icalendar import Calendar, Event

from storage.models import Meeting, MeetingStatus

PRODID = "-//IRF Roundtable//Roundtable Bot//EN"


def ics(meeting: Meeting, now: datetime, domain: str = "roundtable-bot") -> str:
    """An iCalendar file whose UID never changes and whose SEQUENCE is the meeting's, so calendars
    update (or cancel) the same event on every change; times in the meeting's own zone (TZID, with
    the zone's definition around the meeting)."""
    start = meeting.starts_at.astimezone(ZoneInfo(meeting.timezone))
    cancelled = meeting.status == MeetingStatus.CANCELLED
    event = Event()
    event.add("uid", f"meeting-{meeting.id}@{domain}")
    event.add("sequence", meeting.sequence)
    event.add("dtstamp", now.astimezone(UTC))
    event.add("dtstart", start)
    event.add("dtend", start + timedelta(minutes=meeting.duration_minutes))
    event.add("summary", meeting.title)
    event.add("status", "CANCELLED" if cancelled else "CONFIRMED")
    if meeting.place:
        event.add("location", meeting.place)
    if meeting.agenda:
        event.add("description", meeting.agenda)
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "CANCEL" if cancelled else "PUBLISH")
    calendar.add_component(event)
    # A single event needs its zone's rules only for the year around it.
    calendar.add_missing_timezones(
        first_date=(start - timedelta(days=366)).date(),
        last_date=(start + timedelta(days=366)).date(),
    )
    content: bytes = calendar.to_ical()
    return content.decode("utf-8")
