"""Meetings that people could use to break the bot for others: a start in the year 9999, a place
longer than the history keeps, invisible characters in a title."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlmodel import select

from storage.models import HistoryEvent, Meeting
from tests.support import signed
from tests.support.bot_server import COORDINATOR, SIGNING_SECRET, RunningBot
from tests.support.fake_slack import FakeSlack


async def command(bot: RunningBot, fake: FakeSlack, text: str, user: str, name: str) -> str:
    return str((await bot.slash(fake, text, user, name)).params["text"])


def add(start: str, **more: str) -> str:
    extra = " ".join(f'{k}="{v}"' for k, v in more.items())
    return (
        f'meeting add title="Embassy call" start={start} tz=Asia/Almaty channel=<#C0DIALOG|d>'
        f" remind=1d {extra}"
    )


async def test_a_start_years_away_is_refused_and_one_already_stored_breaks_no_list(
    bot: RunningBot, fake_slack: FakeSlack
) -> None:
    refused = await command(bot, fake_slack, add("9999-12-31T23:00"), COORDINATOR, "far")
    assert "at most 5 years ahead" in refused
    with bot.services.store.session() as session:
        assert session.exec(select(Meeting)).all() == []
    # One that got in before the limit (or straight into the database) must not take the list
    # down for everyone: the list shows it with the others.
    with bot.services.store.session() as session:
        session.add(
            Meeting(
                title="Doomsday",
                starts_at=datetime(9999, 12, 31, 23, 30, tzinfo=UTC),
                timezone="Asia/Tokyo",
                duration_minutes=24 * 60,
                channel_id="C0DIALOG",
            )
        )
        session.commit()
    fake_slack.add_user("U1AAA", "Aigerim N.", tz="Asia/Tokyo")  # a zone ahead of UTC
    scheduled = await command(bot, fake_slack, add("2030-12-10T09:00"), COORDINATOR, "near")
    assert "Scheduled *Embassy call*" in scheduled
    listing = await command(bot, fake_slack, "meetings", "U1AAA", "list")
    assert "Embassy call" in listing
    assert "Doomsday" in listing
    assert listing.index("Embassy call") < listing.index("Doomsday")
    moved = await command(
        bot, fake_slack, "meeting move M2 start=9000-01-01T10:00", COORDINATOR, "move"
    )
    assert "at most 5 years ahead" in moved


async def test_a_long_meeting_place_is_kept_whole_in_the_history_its_outcome_makes(
    bot: RunningBot, fake_slack: FakeSlack
) -> None:
    place = "https://teams.microsoft.com/l/meetup-join/" + "x" * 420  # 462 characters
    scheduled = await command(
        bot, fake_slack, add("2030-12-10T09:00", place=place), COORDINATOR, "add"
    )
    assert "Scheduled" in scheduled
    values = signed.plain_text_values(
        {"outcome": {"value": "The embassy agreed to a follow-up."}, "changes": {"value": ""}}
    )
    await bot.post(
        signed.view_submission(
            SIGNING_SECRET, "meeting_outcome", values, user_id=COORDINATOR, private_metadata="1"
        )
    )
    (told,) = await fake_slack.wait_for_async("chat.postMessage")
    assert "Logged the outcome of M1" in told.params["text"]
    with bot.services.store.session() as session:
        event = session.exec(select(HistoryEvent).where(HistoryEvent.slug == "meeting-1")).one()
    assert event.place == place


async def test_invisible_characters_do_not_reach_a_meeting_title(
    bot: RunningBot, fake_slack: FakeSlack
) -> None:
    spoofed = "Embassy\u200b call\u202e"
    await command(
        bot,
        fake_slack,
        add("2030-12-10T09:00").replace("Embassy call", spoofed),
        COORDINATOR,
        "add",
    )
    with bot.services.store.session() as session:
        (meeting,) = session.exec(select(Meeting)).all()
    assert meeting.title == "Embassy call"
