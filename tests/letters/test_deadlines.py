"""A letter's deadline: the reminder goes to each member of the letter's channel who has not signed,
once, in their own time zone, even when replicas sweep at the same moment, die mid-way or find
Slack unable to list the channel; and the letter closes once."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta

from bot.app import job_services, periodic_jobs
from bot.services import Services
from bot.slack.app import web_client
from jobs.letter_deadlines import close_at_deadline, send_deadline_reminders
from jobs.ports import JobServices
from storage import letter_reminders, letters, signatures
from storage.db import Store
from tests.support.bot_server import COORDINATOR, RunningBot
from tests.support.fake_slack import BOT_USER_ID, FakeSlack

NOW = datetime(2026, 12, 1, 15, 0, tzinfo=UTC)
DEADLINE = NOW + timedelta(days=3)
DUE = DEADLINE - timedelta(hours=23)


def posted_letter(store: Store, members: list[str], fake_slack: FakeSlack) -> int:
    draft = letters.LetterDraft.checked(
        title="Letter", body="Text.", deadline=DEADLINE, timezone="Asia/Almaty", channel_id="C500"
    )
    letter = store.call(letters.create_letter, draft, COORDINATOR, NOW)
    store.call(letters.publish_letter, letter.ref, COORDINATOR, NOW)
    assert letter.id is not None
    store.call(letters.record_message, letter.id, "C500", "1700000000.000100")
    fake_slack.channel_members["C500"] = [*members, BOT_USER_ID]
    assert letter.id is not None
    return letter.id


def replica(bot: RunningBot, at: datetime) -> JobServices:
    """Another process of the bot: its own Slack client and helpers, the same store (and, to be
    closed with the bot, the bot's HTTP session)."""
    settings = bot.services.settings
    assert bot.services.slack is not None
    assert bot.services.slack.session is not None
    client = web_client(settings, bot.services.slack.session)
    return job_services(Services(settings, bot.services.store, clock=lambda: at, slack=client))


async def reminded(bot: RunningBot, fake_slack: FakeSlack) -> list[str]:
    """Who got a DM, once the outbox has sent what the replicas wrote into it."""
    await bot.deliver(at=DEADLINE + timedelta(days=1))
    return sorted(str(c.params["channel"]) for c in fake_slack.calls_to("chat.postMessage"))


async def test_members_who_have_not_signed_are_reminded_once_in_their_own_zone(
    bot: RunningBot, fake_slack: FakeSlack
) -> None:
    store = bot.services.store
    letter_id = posted_letter(store, ["U1", "U2", "U3"], fake_slack)
    fake_slack.add_user("U2", "Bek", tz="Asia/Almaty")
    fake_slack.add_user("U3", "Ana", tz="America/New_York")
    details = signatures.SignerDetails.checked(
        name="Signer", title="", organization="Org", on_behalf=True
    )
    store.call(signatures.sign, letter_id, "U1", details, NOW)

    assert await send_deadline_reminders(replica(bot, DEADLINE - timedelta(days=2))) == 0
    # Two replicas sweeping at once: each person's claim in the database lets one of them send.
    counts = await asyncio.gather(
        send_deadline_reminders(replica(bot, DUE)), send_deadline_reminders(replica(bot, DUE))
    )
    assert sum(counts) == 2
    assert await reminded(bot, fake_slack) == ["U2", "U3"]
    texts = {c.params["channel"]: c.params["text"] for c in fake_slack.calls_to("chat.postMessage")}
    assert "you have not signed" in texts["U2"]
    assert "Friday 4 December 2026, 8:00 PM +05" in texts["U2"]
    assert "Friday 4 December 2026, 10:00 AM EST" in texts["U3"]
    assert await send_deadline_reminders(replica(bot, DUE + timedelta(hours=1))) == 0

    # At the deadline the letter closes, once, and its thread says the list is final.
    closings = await asyncio.gather(
        close_at_deadline(replica(bot, DEADLINE)), close_at_deadline(replica(bot, DEADLINE))
    )
    assert sorted(closings) == [0, 1]
    await bot.deliver(at=DEADLINE + timedelta(days=1))
    (announced,) = [c for c in fake_slack.calls_to("chat.postMessage") if c.params.get("thread_ts")]
    assert "the list of signers is final" in announced.params["text"]
    assert store.call(letters.find_letter, letter_id).status == "closed"


async def test_replicas_racing_over_a_large_channel_send_each_person_one_dm(
    bot: RunningBot, fake_slack: FakeSlack
) -> None:
    members = [f"U{n:03d}" for n in range(40)]
    posted_letter(bot.services.store, members, fake_slack)

    counts = await asyncio.gather(*(send_deadline_reminders(replica(bot, DUE)) for _ in range(3)))

    assert sum(counts) == len(members)
    assert await reminded(bot, fake_slack) == members
    assert await send_deadline_reminders(replica(bot, DUE + timedelta(minutes=10))) == 0


async def test_a_channel_of_several_pages_is_read_to_its_last_member(
    bot: RunningBot, fake_slack: FakeSlack
) -> None:
    members = [f"U{n:03d}" for n in range(250)]
    fake_slack.channel_members["C900"] = members
    assert bot.services.letters is not None

    assert await bot.services.letters.channel_members("C900") == set(members)
    assert len(fake_slack.calls_to("conversations.members")) == 3  # 100 a page


async def test_a_channel_slack_could_not_list_is_listed_again_on_the_next_sweep(
    bot: RunningBot, fake_slack: FakeSlack
) -> None:
    posted_letter(bot.services.store, ["U2", "U3"], fake_slack)
    fake_slack.override("conversations.members", {"ok": False, "error": "internal_error"})

    assert await send_deadline_reminders(replica(bot, DUE)) == 0
    assert await reminded(bot, fake_slack) == []

    fake_slack.override("conversations.members", None)
    assert await send_deadline_reminders(replica(bot, DUE + timedelta(minutes=1))) == 2
    assert await send_deadline_reminders(replica(bot, DUE + timedelta(minutes=2))) == 0
    assert await reminded(bot, fake_slack) == ["U2", "U3"]


async def test_a_replica_that_died_mid_way_leaves_the_rest_to_the_next_sweep(
    bot: RunningBot, fake_slack: FakeSlack
) -> None:
    store = bot.services.store
    letter_id = posted_letter(store, ["U2", "U3"], fake_slack)
    # A replica claimed U2's reminder, then died before it could send it or say so.
    assert store.call(letter_reminders.claim_reminder, letter_id, "U2", DUE) is True

    assert await send_deadline_reminders(replica(bot, DUE + timedelta(minutes=1))) == 1
    assert await reminded(bot, fake_slack) == ["U3"]
    # Once the dead replica's claim is old enough, the next sweep takes it over.
    assert await send_deadline_reminders(replica(bot, DUE + timedelta(minutes=10))) == 1
    assert await send_deadline_reminders(replica(bot, DUE + timedelta(minutes=11))) == 0
    assert await reminded(bot, fake_slack) == ["U2", "U3"]


def test_the_reminder_sweep_is_one_of_the_bots_periodic_jobs(bot: RunningBot) -> None:
    jobs = periodic_jobs(bot.services)
    assert "letter-deadlines" in [job.id for job in jobs]
