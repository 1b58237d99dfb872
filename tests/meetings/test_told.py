"""Write, then confirm: scheduling, moving and cancelling a meeting, an RSVP and a logged outcome
are each committed with the reply that tells of them, so that an outbox that cannot be written
leaves the meeting as it was, and a change made is always told."""

from __future__ import annotations

import pytest
from sqlmodel import select

from storage.models import HistoryEvent, Invitation, Meeting
from tests.meetings.test_slack import ADD, click, command, schedule_values
from tests.support import signed
from tests.support.bot_server import COORDINATOR, SIGNING_SECRET, RunningBot
from tests.support.fake_slack import FakeSlack
from tests.support.refusals import failure_logged, outbox_refused, refused_command


def meetings(bot: RunningBot) -> list[tuple[str, object, int]]:
    with bot.services.store.session() as session:
        rows = session.exec(select(Meeting).order_by(Meeting.id)).all()  # type: ignore[arg-type]
        return [(m.status, m.starts_at, m.sequence) for m in rows]


async def test_the_meeting_commands_change_nothing_they_cannot_reply_to(
    bot: RunningBot, fake_slack: FakeSlack
) -> None:
    await refused_command(bot, ADD, COORDINATOR)
    assert meetings(bot) == []
    assert "Scheduled *Embassy call* as M" in await command(bot, fake_slack, ADD, COORDINATOR, "a")
    # An id a refused meeting drew from its sequence may be gone (PostgreSQL's are).
    with bot.services.store.session() as session:
        ref = f"M{session.exec(select(Meeting.id)).one()}"

    steps = {
        f"meeting move {ref} start=2030-12-11T10:00 tz=Asia/Almaty": f"Moved {ref}",
        f"meeting cancel {ref}": f"Cancelled {ref}",
    }
    for number, (text, reply) in enumerate(steps.items()):
        before = meetings(bot)
        await refused_command(bot, text, COORDINATOR)
        assert meetings(bot) == before, text
        assert reply in await command(bot, fake_slack, text, COORDINATOR, f"step{number}")
        assert meetings(bot) != before


async def test_the_scheduling_form_schedules_nothing_it_cannot_confirm(
    bot: RunningBot, fake_slack: FakeSlack
) -> None:
    values = schedule_values("2030-01-01 10:00")
    form = signed.view_submission(SIGNING_SECRET, "meeting_schedule", values, user_id=COORDINATOR)
    with outbox_refused(bot.services.store):
        await bot.post(form)
    assert meetings(bot) == []

    assert (await bot.post(form)).status == 200
    assert len(meetings(bot)) == 1
    (confirmation,) = await fake_slack.wait_for_async("chat.postMessage")
    assert "Call with the Ombudsman" in confirmation.params["text"]


async def test_an_outcome_is_logged_with_its_confirmation_or_not_at_all(
    bot: RunningBot, fake_slack: FakeSlack
) -> None:
    await command(bot, fake_slack, ADD, COORDINATOR, "add")
    values = signed.plain_text_values({"outcome": {"value": "The embassy agreed."}})
    form = signed.view_submission(
        SIGNING_SECRET, "meeting_outcome", values, user_id=COORDINATOR, private_metadata="1"
    )

    def logged() -> list[HistoryEvent]:
        with bot.services.store.session() as session:
            return list(session.exec(select(HistoryEvent).where(HistoryEvent.slug == "meeting-1")))

    with outbox_refused(bot.services.store):
        await bot.post(form)
    assert logged() == []

    assert (await bot.post(form)).status == 200
    assert len(logged()) == 1
    (done,) = await fake_slack.wait_for_async("chat.postMessage")
    assert "Logged the outcome of M1" in done.params["text"]


async def test_an_rsvp_is_recorded_with_its_thanks_or_not_at_all(
    bot: RunningBot, fake_slack: FakeSlack, caplog: pytest.LogCaptureFixture
) -> None:
    await command(bot, fake_slack, ADD, COORDINATOR, "add")

    def answers() -> list[tuple[str, str | None]]:
        with bot.services.store.session() as session:
            rows = session.exec(select(Invitation.user_id, Invitation.response))
            return [(user, response) for user, response in rows]

    with outbox_refused(bot.services.store):
        await bot.post(
            signed.block_actions(SIGNING_SECRET, "meeting_rsvp_going", "1", user_id="U1AAA")
        )
        await failure_logged(caplog)
    assert answers() == [("U1AAA", None)]

    assert "*Going*" in await click(bot, fake_slack, "meeting_rsvp_going", "1", "U1AAA", "r1")
    assert answers() == [("U1AAA", "going")]
