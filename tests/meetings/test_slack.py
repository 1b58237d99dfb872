"""Meetings in Slack end to end: the coordinator's command and form, RSVP buttons, the list with
each person's answer, cancelling, and logging the outcome into the history."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlmodel import select

from storage.models import HistoryEvent, Invitation, Meeting, SourcePassage, StatusChange
from tests.support import signed
from tests.support.bot_server import COORDINATOR, SIGNING_SECRET, RunningBot
from tests.support.fake_slack import FakeSlack

ADD = (
    'meeting add title="Embassy call" start=2030-12-10T09:00 tz=Asia/Almaty'
    " channel=<#C0DIALOG|dialogue> remind=1d,30m invite=<@U1AAA>"
)


async def command(bot: RunningBot, fake: FakeSlack, text: str, user: str, name: str) -> str:
    return str((await bot.slash(fake, text, user, name)).params["text"])


def schedule_values(start: str) -> dict[str, Any]:
    """The scheduling form, filled in: a call with the Ombudsman in #dialogue at `start`."""
    values = signed.plain_text_values(
        {
            "title": {"value": "Call with the Ombudsman"},
            "start": {"value": start},
            "timezone": {"value": "Asia/Almaty"},
        }
    )
    values["channel"] = {
        "value": {"type": "conversations_select", "selected_conversation": "C0DIALOG"}
    }
    return values


async def click(
    bot: RunningBot, fake: FakeSlack, action_id: str, value: str, user: str, name: str
) -> str:
    await bot.post(
        signed.block_actions(
            SIGNING_SECRET, action_id, value, user_id=user, response_url=fake.response_url(name)
        )
    )
    (reply,) = await fake.wait_for_async(f"response_url:{name}")
    return str(reply.params["text"])


async def test_a_coordinator_schedules_and_people_answer_with_the_buttons(
    bot: RunningBot, fake_slack: FakeSlack
) -> None:
    scheduled = await command(bot, fake_slack, ADD, COORDINATOR, "add")
    assert "Scheduled *Embassy call* as M1" in scheduled
    assert "Tuesday 10 December 2030, 9:00 AM +05" in scheduled

    denied = await command(bot, fake_slack, ADD, "U1AAA", "denied")
    assert "Only coordinators" in denied

    first = await click(bot, fake_slack, "meeting_rsvp_maybe", "1", "U1AAA", "r1")
    again = await click(bot, fake_slack, "meeting_rsvp_going", "1", "U1AAA", "r2")
    twice = await click(bot, fake_slack, "meeting_rsvp_going", "1", "U1AAA", "r3")
    assert "*Maybe*" in first
    assert "*Going*" in again
    assert "*Going*" in twice
    with bot.services.store.session() as session:
        (invitation,) = session.exec(select(Invitation)).all()
    assert (invitation.user_id, invitation.response) == ("U1AAA", "going")

    listing = await command(bot, fake_slack, "meetings", "U1AAA", "list")
    assert "Embassy call" in listing
    assert "you said *Going*" in listing
    other = await command(bot, fake_slack, "meetings", "U2BBB", "list2")
    assert "not invited" in other

    moved = await command(
        bot, fake_slack, "meeting move M1 start=2030-12-11T10:00 tz=Asia/Almaty", COORDINATOR, "mv"
    )
    assert "Moved M1 to Wednesday 11 December 2030, 10:00 AM +05" in moved
    cancelled = await command(bot, fake_slack, "meeting cancel M1", COORDINATOR, "cancel")
    assert "Cancelled M1" in cancelled
    late = await click(bot, fake_slack, "meeting_rsvp_going", "1", "U1AAA", "r4")
    assert "cancelled" in late
    empty = await command(bot, fake_slack, "meetings", "U1AAA", "list3")
    assert "No follow-up meetings" in empty


async def test_of_two_presses_a_moment_apart_the_last_counts_whichever_is_handled_first(
    bot: RunningBot, fake_slack: FakeSlack
) -> None:
    await command(bot, fake_slack, ADD, COORDINATOR, "add")
    pressed = datetime.now(UTC).timestamp()

    def press(action_id: str, name: str, at: float) -> signed.SignedRequest:
        return signed.block_actions(
            SIGNING_SECRET,
            action_id,
            "1",
            user_id="U1AAA",
            response_url=fake_slack.response_url(name),
            action_ts=f"{at:.6f}",
        )

    await bot.post(press("meeting_rsvp_going", "last", pressed))
    (thanks,) = await fake_slack.wait_for_async("response_url:last")
    assert "*Going*" in thanks.params["text"]
    # "Not going" was pressed half a second before, but reaches the bot after.
    await bot.post(press("meeting_rsvp_not_going", "first", pressed - 0.5))
    await bot.listened()
    await bot.settled()

    with bot.services.store.session() as session:
        (invitation,) = session.exec(select(Invitation)).all()
    assert invitation.response == "going"
    assert fake_slack.calls_to("response_url:first") == []


async def test_bad_input_in_the_command_is_named_and_nothing_is_scheduled(
    bot: RunningBot, fake_slack: FakeSlack
) -> None:
    cases = {
        "tz": (ADD.replace("Asia/Almaty", "Mars/Base"), "Mars/Base"),
        "past": (ADD.replace("2030-12-10", "2020-12-10"), "in the past"),
        "offsets": (ADD.replace("1d,30m", "soon"), "`soon`"),
        "unknown": ("meeting cancel M77", "no meeting M77"),
        "junk": ("meeting add title=x color=blue", "can't read `color=blue`"),
    }
    for name, (text, expected) in cases.items():
        assert expected in await command(bot, fake_slack, text, COORDINATOR, name)
    with bot.services.store.session() as session:
        assert session.exec(select(Meeting)).all() == []


async def test_the_form_schedules_a_meeting_and_refuses_a_past_start_in_place(
    bot: RunningBot, fake_slack: FakeSlack
) -> None:
    # The command opens the form at once...
    await bot.post(
        signed.slash_command(SIGNING_SECRET, "meeting add", user_id=COORDINATOR, trigger_id="t9")
    )
    (opened,) = await fake_slack.wait_for_async("views.open")
    assert opened.params["trigger_id"] == "t9"
    assert opened.params["view"]["callback_id"] == "meeting_schedule"
    fake_slack.clear()
    # ...or, where Slack will not open it (an expired trigger), offers a button that does.
    fake_slack.override("views.open", {"ok": False, "error": "expired_trigger_id"})
    offer = await bot.post(
        signed.slash_command(
            SIGNING_SECRET,
            "meeting add",
            user_id=COORDINATOR,
            response_url=fake_slack.response_url("offer"),
        )
    )
    assert offer.status == 200
    (reply,) = await fake_slack.wait_for_async("response_url:offer")
    fake_slack.override("views.open", None)
    button = reply.params["blocks"][1]["elements"][0]
    await bot.post(
        signed.block_actions(SIGNING_SECRET, button["action_id"], "open", user_id=COORDINATOR)
    )
    opened = (await fake_slack.wait_for_async("views.open", count=2))[-1]
    assert opened.params["view"]["callback_id"] == "meeting_schedule"

    values = schedule_values("2020-01-01 10:00")
    values["invitees"] = {"value": {"type": "multi_users_select", "selected_users": ["U1AAA"]}}
    refused = await bot.post(
        signed.view_submission(SIGNING_SECRET, "meeting_schedule", values, user_id=COORDINATOR)
    )
    assert json.loads(refused.body)["response_action"] == "errors"
    assert "past" in json.loads(refused.body)["errors"]["start"]

    values["start"] = {"value": {"type": "plain_text_input", "value": "2030-01-01 10:00"}}
    accepted = await bot.post(
        signed.view_submission(SIGNING_SECRET, "meeting_schedule", values, user_id=COORDINATOR)
    )
    assert accepted.status == 200
    assert accepted.body == ""
    (confirmation,) = await fake_slack.wait_for_async("chat.postMessage")
    assert "Call with the Ombudsman" in confirmation.params["text"]
    with bot.services.store.session() as session:
        (meeting,) = session.exec(select(Meeting)).all()
        invited = session.exec(select(Invitation.user_id)).all()
    assert meeting.timezone == "Asia/Almaty"
    assert meeting.reminder_offsets == "7d,1d,1h"
    assert invited == ["U1AAA"]


async def test_a_logged_outcome_becomes_part_of_the_history(
    bot: RunningBot, fake_slack: FakeSlack
) -> None:
    await command(bot, fake_slack, ADD, COORDINATOR, "add")
    await bot.post(
        signed.block_actions(SIGNING_SECRET, "meeting_log_outcome", "1", user_id="U1AAA")
    )
    (refusal,) = await fake_slack.wait_for_async("chat.postEphemeral")
    assert "Only coordinators" in refusal.params["text"]

    await bot.post(
        signed.block_actions(SIGNING_SECRET, "meeting_log_outcome", "1", user_id=COORDINATOR)
    )
    (opened,) = await fake_slack.wait_for_async("views.open")
    metadata = opened.params["view"]["private_metadata"]
    values = signed.plain_text_values(
        {
            "outcome": {"value": "The embassy agreed to pass our questions to the ministry."},
            "changes": {"value": "UN-a: acknowledged"},
        }
    )
    answer = await bot.post(
        signed.view_submission(
            SIGNING_SECRET,
            "meeting_outcome",
            values,
            user_id=COORDINATOR,
            private_metadata=metadata,
        )
    )
    assert answer.status == 200
    (done,) = await fake_slack.wait_for_async("chat.postMessage")
    assert "Logged the outcome of M1" in done.params["text"]

    with bot.services.store.session() as session:
        event = session.exec(select(HistoryEvent).where(HistoryEvent.slug == "meeting-1")).one()
        change = session.exec(
            select(StatusChange).where(StatusChange.recorded_by == COORDINATOR)
        ).one()
        passage = session.exec(
            select(SourcePassage).where(SourcePassage.event_id == event.id)
        ).one()
    assert event.summary.startswith("The embassy agreed")
    assert passage.text == event.summary
    assert change.status == "acknowledged"
    history = await command(bot, fake_slack, "history", "U1AAA", "history")
    assert "The embassy agreed to pass our questions" in history
    assert "10 December 2030" in history


async def test_the_list_shows_each_start_in_the_readers_own_slack_zone(
    bot: RunningBot, fake_slack: FakeSlack
) -> None:
    now = datetime(2026, 12, 1, 12, 0, tzinfo=UTC)
    bot.services.clock = lambda: now
    add = 'meeting add title="Embassy call" start=2030-12-10T09:00 tz=America/New_York channel=C0D1'
    await command(bot, fake_slack, add, COORDINATOR, "add")
    fake_slack.add_user("U1ALMATY", "Bek", tz="Asia/Almaty")

    almaty = await command(bot, fake_slack, "meetings", "U1ALMATY", "almaty")
    assert "Tuesday 10 December 2030, 7:00 PM +05" in almaty
    # Someone Slack does not know sees the coalition's own zone.
    unknown = await command(bot, fake_slack, "meetings", "U2NOBODY", "unknown")
    assert "Tuesday 10 December 2030, 9:00 AM EST" in unknown

    # The zone is remembered for a day, then read from Slack again: they moved to London.
    fake_slack.add_user("U1ALMATY", "Bek", tz="Europe/London")
    same_day = await command(bot, fake_slack, "meetings", "U1ALMATY", "same-day")
    assert "7:00 PM +05" in same_day
    now += timedelta(days=1, minutes=1)
    next_day = await command(bot, fake_slack, "meetings", "U1ALMATY", "next-day")
    assert "Tuesday 10 December 2030, 2:00 PM GMT" in next_day
