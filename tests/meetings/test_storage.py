"""Scheduling meetings in the store: offsets, time zones, reschedule, cancel, RSVP, bad input."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlmodel import select

from bot.kit.mentions import mentioned_id, mentioned_ids
from storage.db import Store
from storage.errors import Closed, InvalidInput, NotFound
from storage.invitations import respond
from storage.meetings import (
    build_request,
    cancel_meeting,
    reschedule_meeting,
    schedule_meeting,
    upcoming_meetings,
)
from storage.models import Invitation, Meeting, Reminder
from storage.reminders import parse_offsets
from storage.visibility import EVERYTHING, Viewer

NOW = datetime(2026, 12, 1, 12, 0, tzinfo=UTC)


def due_times(store: Store, meeting_id: int) -> dict[int, datetime]:
    with store.session() as session:
        rows = session.exec(select(Reminder).where(Reminder.meeting_id == meeting_id))
        return {r.offset_minutes: r.due_at for r in rows}


def add(store: Store, **fields: str) -> Meeting:
    values = {"title": "Embassy call", "start": "2026-12-10T09:00", "channel": "C0DIALOG"} | fields
    if "tz" in values:
        values["timezone"] = values.pop("tz")
    # As the face does: mentions are read as ids before the store sees them.
    invite = mentioned_ids(values.pop("invite", ""))
    values["channel"] = mentioned_id(values["channel"])
    request = build_request(default_zone="America/New_York", invite=invite, **values)  # type: ignore[arg-type]
    return store.call(schedule_meeting, request, NOW)


def test_offsets_are_read_in_days_hours_and_minutes() -> None:
    assert parse_offsets("7d,1d,1h,30m") == [10080, 1440, 60, 30]
    assert parse_offsets(" 30m , 1h,1h ") == [60, 30]
    for bad in ("", "7", "7x", "1w", "0m", "-1h", "91d"):
        with pytest.raises(InvalidInput):
            parse_offsets(bad)


def test_new_york_wall_time_gets_reminders_at_the_default_offsets(store: Store) -> None:
    meeting = add(store, tz="America/New_York")

    # 9:00 EST on 10 December is 14:00 UTC.
    assert meeting.starts_at == datetime(2026, 12, 10, 14, 0, tzinfo=UTC)
    assert meeting.timezone == "America/New_York"
    assert due_times(store, meeting.id or 0) == {
        10080: datetime(2026, 12, 3, 14, 0, tzinfo=UTC),
        1440: datetime(2026, 12, 9, 14, 0, tzinfo=UTC),
        60: datetime(2026, 12, 10, 13, 0, tzinfo=UTC),
    }


def test_almaty_wall_time_and_minute_offsets(store: Store) -> None:
    meeting = add(store, tz="Asia/Almaty", start="2026-12-10 09:00", remind="1h,30m")

    # Almaty is UTC+5 all year: 9:00 there is 4:00 UTC.
    assert meeting.starts_at == datetime(2026, 12, 10, 4, 0, tzinfo=UTC)
    assert due_times(store, meeting.id or 0) == {
        60: datetime(2026, 12, 10, 3, 0, tzinfo=UTC),
        30: datetime(2026, 12, 10, 3, 30, tzinfo=UTC),
    }


def test_an_offset_start_keeps_the_coalition_zone_when_it_matches(store: Store) -> None:
    meeting = add(store, start="2026-12-10T09:00-05:00")
    assert meeting.timezone == "America/New_York"
    almaty = add(store, start="2026-12-10T09:00+05:00")
    assert almaty.timezone == "Etc/GMT-5"
    assert almaty.starts_at == datetime(2026, 12, 10, 4, 0, tzinfo=UTC)


def test_reminders_already_past_are_not_planned(store: Store) -> None:
    # Two days ahead: the 7-day reminder's moment has passed, the 1-day one has not.
    meeting = add(store, start="2026-12-03T12:00+00:00")
    assert set(due_times(store, meeting.id or 0)) == {1440, 60}


def test_reschedule_moves_the_reminders_and_raises_the_sequence(store: Store) -> None:
    meeting = add(store, tz="Asia/Almaty")
    assert meeting.id is not None
    moved = store.call(
        reschedule_meeting, meeting.id, datetime(2026, 12, 12, 4, 0, tzinfo=UTC), NOW
    )

    assert moved.sequence == 1
    assert due_times(store, meeting.id)[1440] == datetime(2026, 12, 11, 4, 0, tzinfo=UTC)
    assert due_times(store, meeting.id)[10080] == datetime(2026, 12, 5, 4, 0, tzinfo=UTC)
    with pytest.raises(InvalidInput, match="past"):
        store.call(reschedule_meeting, meeting.id, NOW - timedelta(minutes=1), NOW)


def member(user_id: str) -> Viewer:
    """Someone who may see every channel's meetings (a member of them all)."""
    return Viewer(user_id, channels=None)


def test_cancel_closes_the_meeting_and_unknown_ids_are_named(store: Store) -> None:
    meeting = add(store)
    assert meeting.id is not None
    cancelled = store.call(cancel_meeting, meeting.id, NOW)

    assert cancelled.status == "cancelled"
    assert cancelled.sequence == 1
    assert store.call(upcoming_meetings, NOW, EVERYTHING) == []
    with pytest.raises(Closed):
        store.call(cancel_meeting, meeting.id, NOW)
    with pytest.raises(Closed):
        store.call(respond, meeting.id, "U1AAA", "going", NOW, member("U1AAA"))
    with pytest.raises(NotFound, match="M999"):
        store.call(cancel_meeting, 999, NOW)


def test_rsvp_changes_replace_the_answer_and_show_in_the_list(store: Store) -> None:
    meeting = add(store, invite="U1AAA,<@U2BBB>")
    assert meeting.id is not None

    store.call(respond, meeting.id, "U1AAA", "maybe", NOW, member("U1AAA"))
    store.call(respond, meeting.id, "U1AAA", "going", NOW, member("U1AAA"))
    # Not invited, but a member of the channel: answering invites them.
    store.call(respond, meeting.id, "U3CCC", "not going", NOW, member("U3CCC"))

    with store.session() as session:
        answers = {i.user_id: i.response for i in session.exec(select(Invitation))}
    assert answers == {"U1AAA": "going", "U2BBB": None, "U3CCC": "not going"}
    (row,) = store.call(upcoming_meetings, NOW, member("U1AAA"))
    assert (row.response, row.invited) == ("going", True)
    (row,) = store.call(upcoming_meetings, NOW, member("U9ZZZ"))
    assert (row.response, row.invited) == (None, False)
    with pytest.raises(InvalidInput):
        store.call(respond, meeting.id, "U1AAA", "perhaps", NOW, member("U1AAA"))


def test_an_answer_pressed_before_the_one_stored_changes_nothing(store: Store) -> None:
    meeting = add(store, invite="U1AAA")
    assert meeting.id is not None
    later = NOW + timedelta(seconds=1)

    assert store.call(respond, meeting.id, "U1AAA", "going", later, member("U1AAA"))
    # The earlier press reaches the store second: it is not the person's answer.
    assert store.call(respond, meeting.id, "U1AAA", "not going", NOW, member("U1AAA")) is None

    with store.session() as session:
        (invitation,) = session.exec(select(Invitation))
    assert (invitation.response, invitation.responded_at) == ("going", later)


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"start": "2026-11-30T09:00"}, "in the past"),
        ({"tz": "Mars/Olympus"}, "time zone `Mars/Olympus`"),
        ({"remind": "7d,soon"}, "offset `soon`"),
        ({"channel": ""}, "needs a channel"),
        ({"channel": "general"}, "not a channel I know"),
        ({"start": "next tuesday"}, "can't read the start"),
        ({"invite": "U1AAA,bob"}, "not a person"),
        ({"title": "  "}, "needs a title"),
    ],
)
def test_bad_input_is_named_and_nothing_is_scheduled(
    store: Store, fields: dict[str, str], message: str
) -> None:
    with pytest.raises(InvalidInput, match=message):
        add(store, **fields)
    with store.session() as session:
        assert session.exec(select(Meeting)).all() == []
        assert session.exec(select(Reminder)).all() == []
