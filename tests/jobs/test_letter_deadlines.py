"""A letter's deadline: the reminder is sent once, to the channel's members who have not signed,
and the letter closes once, even when two replicas sweep at the same moment."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta

from bot.app import periodic_jobs
from bot.services import Services
from bot.slack_app import web_client
from jobs.letter_deadlines import close_at_deadline, send_deadline_reminders
from storage import letters
from tests.support.bot_server import COORDINATOR, RunningBot
from tests.support.fake_slack import BOT_USER_ID, FakeSlack

NOW = datetime(2026, 12, 1, 15, 0, tzinfo=UTC)
DEADLINE = NOW + timedelta(days=3)


async def test_members_who_have_not_signed_are_reminded_once(
    bot: RunningBot, fake_slack: FakeSlack
) -> None:
    store = bot.services.store
    draft = letters.LetterDraft.checked(
        title="Letter", body="Text.", deadline=DEADLINE, timezone="Asia/Almaty", channel_id="C500"
    )
    letter = store.call(letters.create_letter, draft, COORDINATOR, NOW)
    store.call(letters.publish_letter, letter.ref, COORDINATOR, NOW)
    store.call(letters.record_message, letter.id, "C500", "1700000000.000100")
    details = letters.SignerDetails.checked(
        name="Signer", title="", organization="Org", on_behalf=True
    )
    store.call(letters.sign, letter.ref, "U1", details, NOW)
    fake_slack.channel_members["C500"] = ["U1", "U2", "U3", BOT_USER_ID]

    def replica(at: datetime) -> Services:
        return Services(bot.services.settings, store, clock=lambda: at)

    assert await send_deadline_reminders(replica(DEADLINE - timedelta(days=2))) == 0
    due = DEADLINE - timedelta(hours=23)
    # Two replicas sweeping at once: the claim in the database lets one of them send.
    counts = await asyncio.gather(
        send_deadline_reminders(replica(due)), send_deadline_reminders(replica(due))
    )
    assert sorted(counts) == [0, 2]
    reminded = sorted(c.params["channel"] for c in fake_slack.calls_to("chat.postMessage"))
    assert reminded == ["U2", "U3"]
    text = fake_slack.last("chat.postMessage").params["text"]
    assert "you have not signed" in text
    assert "Friday 4 December 2026, 8:00 PM +05" in text
    assert await send_deadline_reminders(replica(due + timedelta(hours=1))) == 0

    # At the deadline the letter closes, once, and its thread says the list is final.
    closings = await asyncio.gather(
        close_at_deadline(replica(DEADLINE)), close_at_deadline(replica(DEADLINE))
    )
    assert sorted(closings) == [0, 1]
    (announced,) = [c for c in fake_slack.calls_to("chat.postMessage") if c.params.get("thread_ts")]
    assert "the list of signers is final" in announced.params["text"]
    assert store.call(letters.find_letter, letter.ref).status == "closed"


def test_the_reminder_sweep_is_one_of_the_bots_periodic_jobs(bot: RunningBot) -> None:
    jobs = periodic_jobs(bot.services, web_client(bot.services))
    assert "letter-deadlines" in [job.id for job in jobs]
