"""The `.ics` file: whatever a coordinator types (line breaks, commas, semicolons, long links,
non-Latin text) comes back unchanged when a calendar reads it, at the right instant."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from icalendar import Calendar, Event

from bot.meetings.calendar import ics
from storage.models import Meeting, MeetingStatus

NOW = datetime(2026, 12, 1, 15, 30, tzinfo=UTC)
AGENDA = (
    "1. Registration rules; the 50-member threshold, and re-registration\n"
    "2. Missionary activity: literature, expert review; \\ backslash\n"
    "\n"
    "3. Қазақстан: дін туралы заң, 2011 — next steps"
)
PLACE = "Zoom; passcode 4711, then the lobby: https://example.org/j/" + "8" * 120 + "?pwd=a,b;c"


def meeting(**fields: object) -> Meeting:
    values: dict[str, object] = {
        "id": 42,
        "title": "Embassy call; follow-up, part 2",
        "starts_at": datetime(2026, 12, 10, 14, 0, tzinfo=UTC),
        "timezone": "America/New_York",
        "duration_minutes": 90,
        "place": PLACE,
        "agenda": AGENDA,
        "channel_id": "C0123456",
        "sequence": 3,
    } | fields
    return Meeting(**values)


def only_event(text: str) -> tuple[Calendar, Event]:
    calendar = Calendar.from_ical(text)
    (event,) = calendar.walk("VEVENT")
    return calendar, event


@pytest.mark.parametrize("zone", ["America/New_York", "Asia/Almaty", "Europe/London", "UTC"])
def test_every_field_round_trips_through_icalendar(zone: str) -> None:
    text = ics(meeting(timezone=zone), NOW)

    calendar, event = only_event(text)
    assert str(calendar["method"]) == "PUBLISH"
    assert str(event["summary"]) == "Embassy call; follow-up, part 2"
    assert str(event["description"]) == AGENDA
    assert str(event["location"]) == PLACE
    assert str(event["uid"]) == "meeting-42@roundtable-bot"
    assert int(event["sequence"]) == 3
    assert str(event["status"]) == "CONFIRMED"
    assert "organizer" not in event
    assert "attendee" not in event
    start, end = event.decoded("dtstart"), event.decoded("dtend")
    assert start.astimezone(UTC) == datetime(2026, 12, 10, 14, 0, tzinfo=UTC)
    assert end.astimezone(UTC) == datetime(2026, 12, 10, 15, 30, tzinfo=UTC)
    assert event.decoded("dtstamp") == NOW
    # Shown in the meeting's own zone, which the file defines for calendars that do not know it.
    if zone != "UTC":
        assert event["dtstart"].params["TZID"] == zone
        assert [str(tz["tzid"]) for tz in calendar.walk("VTIMEZONE")] == [zone]


def test_the_file_is_valid_rfc_5545_text() -> None:
    text = ics(meeting(), NOW)

    assert text.startswith("BEGIN:VCALENDAR\r\n")
    assert text.endswith("END:VCALENDAR\r\n")
    lines = text.split("\r\n")
    assert all(len(line.encode("utf-8")) <= 75 for line in lines)
    assert "\n" not in text.replace("\r\n", "")  # the agenda's breaks are escaped, not raw
    assert "DTSTART;TZID=America/New_York:20261210T090000" in text
    assert "UID:meeting-42@roundtable-bot" in text


def test_a_cancelled_meeting_cancels_the_same_event() -> None:
    text = ics(meeting(status=MeetingStatus.CANCELLED, sequence=4), NOW + timedelta(days=1))

    calendar, event = only_event(text)
    assert str(calendar["method"]) == "CANCEL"
    assert str(event["status"]) == "CANCELLED"
    assert str(event["uid"]) == "meeting-42@roundtable-bot"
    assert int(event["sequence"]) == 4


def test_line_breaks_from_any_system_become_calendar_line_breaks() -> None:
    # A terminal or a pasted Windows file can bring CR LF or a lone CR; raw, either breaks the file.
    text = ics(meeting(agenda="Opening\r\nFees; registration\rClosing, and thanks"), NOW)

    assert "\r" not in text.replace("\r\n", "")
    _, event = only_event(text)
    assert str(event["description"]) == "Opening\nFees; registration\nClosing, and thanks"


def test_summer_time_is_kept_for_a_meeting_in_july() -> None:
    text = ics(meeting(starts_at=datetime(2026, 7, 9, 13, 0, tzinfo=UTC)), NOW)

    assert "DTSTART;TZID=America/New_York:20260709T090000" in text  # EDT, UTC-4
    _, event = only_event(text)
    assert event.decoded("dtstart").astimezone(UTC) == datetime(2026, 7, 9, 13, 0, tzinfo=UTC)


def test_an_empty_place_and_agenda_are_left_out() -> None:
    _, event = only_event(ics(meeting(place="", agenda=""), NOW))

    assert "location" not in event
    assert "description" not in event
