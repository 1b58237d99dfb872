"""The reminder and notice sweeps against the fake Slack Web API, with a controllable clock:
who is reminded, in which time zone, once; late and skipped reminders; failures; notices."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from sqlmodel import select

from bot.app import job_services
from bot.kit.mentions import mentioned_ids
from bot.services import Services
from bot.slack.app import sender_client, slack_client
from jobs import reminders
from jobs.outbox import OutboxSender
from jobs.reminders import MeetingJobs, tell_coordinators
from storage.db import Store
from storage.deliveries import ClaimResult, claim_due
from storage.invitations import respond
from storage.meetings import build_request, cancel_meeting, reschedule_meeting, schedule_meeting
from storage.models import Delivery, Letter, Meeting, OutboxMessage, Signature
from storage.visibility import EVERYTHING
from tests.support.bot_server import COORDINATOR, bot_settings
from tests.support.fake_slack import Call, FakeSlack

NOW = datetime(2026, 12, 1, 12, 0, tzinfo=UTC)
CHANNEL = "C0DIALOG"


class Clock:
    def __init__(self, now: datetime) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now


@dataclass
class Env:
    services: Services
    clock: Clock
    jobs: MeetingJobs
    fake: FakeSlack

    @property
    def store(self) -> Store:
        return self.services.store

    def schedule(self, **fields: str) -> Meeting:
        values = {
            "title": "Embassy call",
            "start": "2026-12-10T09:00",
            "timezone": "America/New_York",
            "channel": CHANNEL,
            "remind": "1h",
            "agenda": "Registration of small communities",
        } | fields
        invite = mentioned_ids(values.pop("invite", ""))
        request = build_request(default_zone="America/New_York", invite=invite, **values)  # type: ignore[arg-type]
        return self.store.call(schedule_meeting, request, self.clock.now)

    def posts(self) -> list[Call]:
        return self.fake.calls_to("chat.postMessage")

    def posts_to(self, recipient: str) -> list[Call]:
        return [c for c in self.posts() if c.params["channel"] == recipient]

    def outbox(self, channel: str) -> list[OutboxMessage]:
        with self.store.session() as session:
            return list(session.exec(select(OutboxMessage).where(OutboxMessage.channel == channel)))

    def deliveries(self) -> dict[str, Delivery]:
        with self.store.session() as session:
            return {d.recipient: d for d in session.exec(select(Delivery))}


class SayingJobs(MeetingJobs):
    """The meeting jobs of a replica whose outbox sender delivers what each sweep wrote before
    the sweep returns, so that a test sees Slack's side at once."""

    def __init__(self, services: Services, **options: Any) -> None:
        super().__init__(job_services(services), **options)
        assert services.slack is not None
        assert services.slack.session is not None
        client = sender_client(services.settings, services.slack.session)
        jobs = self.services
        self.sender = OutboxSender(
            services.store,
            client,
            services.clock,
            on_failed=lambda message: tell_coordinators(jobs, message),
        )

    async def deliver_due(self) -> int:
        claimed = await super().deliver_due()
        await self.sender.deliver_due()
        return claimed

    async def send_notices(self) -> int:
        said = await super().send_notices()
        await self.sender.deliver_due()
        return said


@pytest.fixture
async def env(fake_slack: FakeSlack, seeded_store: Store, database_url: str) -> AsyncIterator[Env]:
    clock = Clock(NOW)
    settings = bot_settings(fake_slack, database_url)
    async with slack_client(settings) as client:
        services = Services(settings, seeded_store, clock, slack=client)
        yield Env(services, clock, SayingJobs(services, worker="w1"), fake_slack)


async def test_a_due_reminder_reaches_the_channel_and_each_invitee_in_their_own_zone(
    env: Env,
) -> None:
    env.fake.add_user("U1NEWYORK1", "Ana", tz="America/New_York")
    env.fake.add_user("U2ALMATY1", "Bek", tz="Asia/Almaty")
    env.fake.add_user("U3DECLINE1", "Cy", tz="Europe/London")
    meeting = env.schedule(invite="U1NEWYORK1,U2ALMATY1,U3DECLINE1")
    assert meeting.id is not None
    env.store.call(respond, meeting.id, "U3DECLINE1", "not going", NOW, EVERYTHING)
    with env.store.session() as session:
        letter = Letter(title="Letter on registration rules", status="open")
        session.add(letter)
        session.flush()
        assert letter.id is not None
        session.add(Signature(letter_id=letter.id, user_id="U1NEWYORK1", name="Ana"))

    env.clock.now = meeting.starts_at - timedelta(hours=1, seconds=1)
    assert await env.jobs.deliver_due() == 0
    env.clock.now += timedelta(seconds=1.5)
    assert await env.jobs.deliver_due() == 3
    assert await env.jobs.deliver_due() == 0  # a second sweep finds nothing left to send

    (channel,) = env.posts_to(CHANNEL)
    assert "<!date^" in channel.params["text"]  # Slack shows each reader their own time
    assert "Registration of small communities" in channel.params["text"]
    assert "UN-a" in channel.params["text"]  # an open recommendation to raise
    (ana,) = env.posts_to("U1NEWYORK1")
    (bek,) = env.posts_to("U2ALMATY1")
    assert "Thursday 10 December 2026, 9:00 AM EST" in ana.params["text"]
    assert "Thursday 10 December 2026, 7:00 PM +05" in bek.params["text"]
    assert "Letter on registration rules" in bek.params["text"]
    assert "Letter on registration rules" not in ana.params["text"]  # she has signed it
    assert env.posts_to("U3DECLINE1") == []
    assert {r: d.status for r, d in env.deliveries().items()} == {
        CHANNEL: "sent",
        "U1NEWYORK1": "sent",
        "U2ALMATY1": "sent",
    }


async def test_cancelled_meetings_never_remind_and_moved_ones_follow_the_new_time(
    env: Env,
) -> None:
    cancelled = env.schedule(title="Cancelled call")
    moved = env.schedule(title="Moved call")
    assert cancelled.id is not None
    assert moved.id is not None
    env.store.call(cancel_meeting, cancelled.id, NOW)
    env.store.call(reschedule_meeting, moved.id, moved.starts_at + timedelta(days=1), NOW)

    env.clock.now = moved.starts_at - timedelta(minutes=59)  # the old due time has passed
    assert await env.jobs.deliver_due() == 0
    env.clock.now += timedelta(days=1)
    assert await env.jobs.deliver_due() == 1
    (post,) = env.posts()
    assert "Moved call" in post.params["text"]


async def test_after_a_restart_a_missed_reminder_is_sent_late_or_skipped_once_begun(
    env: Env,
) -> None:
    ahead = env.schedule(title="Still ahead", start="2026-12-10T09:00", remind="1h")
    env.schedule(title="Already begun", start="2026-12-10T08:30", remind="1h")

    # The bot was down from before both were due until after the second had begun.
    env.clock.now = ahead.starts_at - timedelta(minutes=20)
    assert await env.jobs.deliver_due() == 1

    (post,) = env.posts()
    assert "Still ahead" in post.params["text"]
    assert "late" in post.params["text"]
    outcome = {}
    with env.store.session() as session:
        for delivery in session.exec(select(Delivery)):
            outcome[delivery.reminder_id] = (delivery.status, delivery.late)
    assert sorted(outcome.values()) == [("sent", True), ("skipped", True)]
    # What operators watch (`GET /metrics`) counts both.
    shown = (await env.services.metrics.exposition()).decode()
    assert 'roundtable_reminders_total{outcome="late"} 1.0' in shown
    assert 'roundtable_reminders_total{outcome="skipped"} 1.0' in shown


async def test_two_replicas_sweeping_together_send_each_reminder_once(env: Env) -> None:
    for number in range(20):
        env.schedule(title=f"Call {number}", channel=f"C0CHAN{number:02d}")
    other = SayingJobs(env.services, worker="w2")

    env.clock.now = datetime(2026, 12, 10, 13, 0, 1, tzinfo=UTC)
    sent = await asyncio.gather(env.jobs.deliver_due(), other.deliver_due())

    assert sum(sent) == 20
    assert sorted(c.params["channel"] for c in env.posts()) == [f"C0CHAN{n:02d}" for n in range(20)]


async def test_a_reminder_slack_keeps_refusing_is_marked_failed_and_coordinators_told(
    env: Env,
) -> None:
    env.schedule()
    normal = env.fake._chat_post_message

    def channel_gone(call: Call) -> dict[str, object]:
        if call.params.get("channel") == CHANNEL:
            return {"ok": False, "error": "channel_not_found"}
        return {"ok": True, **normal(call)}

    env.fake.override("chat.postMessage", channel_gone)
    env.clock.now = datetime(2026, 12, 10, 13, 0, 1, tzinfo=UTC)

    assert await env.jobs.deliver_due() == 1  # handed to the outbox, which Slack refuses

    (refused,) = env.outbox(CHANNEL)
    assert (refused.status, refused.last_error) == ("failed", "channel_not_found")
    (warning,) = env.posts_to(COORDINATOR)
    assert "could not deliver a reminder" in warning.params["text"]
    assert f"<#{CHANNEL}>" in warning.params["text"]
    env.clock.now += timedelta(hours=1)
    assert await env.jobs.deliver_due() == 0  # failed is final: no repeat behind anyone's back
    assert len(env.posts_to(CHANNEL)) == 1


async def test_rate_limits_and_server_errors_are_retried_and_each_arrives_once(
    env: Env,
) -> None:
    for number in range(6):
        env.schedule(title=f"Call {number}", channel=f"C0CHAN{number:02d}")
    env.fake.fail("chat.postMessage", every=3, status=429, retry_after=1)
    env.fake.fail("chat.postMessage", every=4, status=503)
    env.clock.now = datetime(2026, 12, 10, 13, 0, 1, tzinfo=UTC)

    assert await env.jobs.deliver_due() == 6
    for _ in range(5):  # the outbox tries again after Retry-After, or after a backoff
        env.clock.now += timedelta(seconds=40)
        await env.jobs.deliver_due()

    assert len(env.fake.calls_to("chat.postMessage", include_faulted=True)) > 6
    assert sorted(c.params["channel"] for c in env.posts()) == [f"C0CHAN{n:02d}" for n in range(6)]


async def test_one_reminder_rides_out_a_burst_of_failures_on_the_outboxs_one_policy(
    env: Env,
) -> None:
    """No retry loop of the sweep's own: the outbox tries again through a mix of server errors
    and a rate limit, without holding anything up meanwhile, and the reminder arrives once."""
    env.schedule()
    for status in (500, 502, 429):
        env.fake.fail("chat.postMessage", status=status, times=1)
    env.clock.now = datetime(2026, 12, 10, 13, 0, 1, tzinfo=UTC)

    assert await env.jobs.deliver_due() == 1
    for _ in range(4):
        env.clock.now += timedelta(seconds=40)
        await env.jobs.deliver_due()

    attempts = env.fake.calls_to("chat.postMessage", include_faulted=True)
    assert [c.faulted for c in attempts] == [True, True, True, False]
    assert env.deliveries()[CHANNEL].status == "sent"


async def test_a_claim_left_by_a_dead_replica_is_taken_over_and_sent_late(env: Env) -> None:
    meeting = env.schedule()
    due = meeting.starts_at - timedelta(hours=1)
    claimed = env.store.call(claim_due, due, "dead-replica")
    assert len(claimed.claimed) == 1  # claimed, then the replica died before sending

    env.clock.now = due + timedelta(minutes=1)
    assert await env.jobs.deliver_due() == 0  # within the lease: still the dead one's
    env.clock.now = due + timedelta(minutes=6)
    assert await env.jobs.deliver_due() == 1
    (post,) = env.posts()
    assert "late" in post.params["text"]
    assert env.deliveries()[CHANNEL].claimed_by == "w1"


async def test_stopping_gives_back_claims_another_replica_takes_at_once_and_not_as_late(
    env: Env,
) -> None:
    env.fake.add_user("U1NEWYORK1", "Ana", tz="America/New_York")
    meeting = env.schedule(invite="U1NEWYORK1")
    env.clock.now = meeting.starts_at - timedelta(hours=1)
    # Drawing Ana's reminder needs her zone from Slack, which is slow to answer.
    env.fake.late_answers["users.info"] = 1.0
    stopping = MeetingJobs(job_services(env.services), worker="w1", concurrency=1)
    assert await stopping.start_due() == 2  # one drawn and handed over, the other under way
    await env.fake.wait_for_async("users.info")

    await stopping.stop(grace=0.1)

    assert {d.recipient for d in env.deliveries().values() if d.status == "claimed"} == {
        "U1NEWYORK1"
    }
    env.fake.late_answers.clear()
    other = SayingJobs(env.services, worker="w2")
    # Within the lease, and still taken over: it was given back, not abandoned.
    await other.deliver_due()
    assert {(d.recipient, d.status, d.late) for d in env.deliveries().values()} == {
        (CHANNEL, "sent", False),
        ("U1NEWYORK1", "sent", False),
    }
    assert len(env.posts_to(CHANNEL)) == 1
    assert len(env.posts_to("U1NEWYORK1")) == 1


async def test_a_send_that_finishes_before_the_next_claim_is_still_counted(
    env: Env, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The interleaving that made this file flaky under load, forced: the sweep's next claim
    returns only after the first batch has been sent and marked."""
    env.fake.add_user("U1NEWYORK1", "Ana", tz="America/New_York")
    meeting = env.schedule(invite="U1NEWYORK1")
    loop = asyncio.get_running_loop()
    claims = 0

    async def sends_finished() -> None:
        await asyncio.gather(*env.jobs._sends)

    def claim_after_the_sends(*args: Any, **kwargs: Any) -> ClaimResult:
        nonlocal claims  # runs on the sweep's claim thread
        claims += 1
        if claims > 1:
            asyncio.run_coroutine_threadsafe(sends_finished(), loop).result(timeout=30)
        return claim_due(*args, **kwargs)

    monkeypatch.setattr(reminders, "claim_due", claim_after_the_sends)
    env.clock.now = meeting.starts_at - timedelta(minutes=59)

    assert await env.jobs.deliver_due() == 2
    assert claims == 2


async def test_announcement_change_and_cancel_notices_carry_the_calendar_file(env: Env) -> None:
    env.fake.add_user("U2ALMATY1", "Bek", tz="Asia/Almaty")
    meeting = env.schedule(invite="U2ALMATY1", place="Embassy, Washington")
    assert meeting.id is not None

    assert await env.jobs.send_notices() == 1
    assert await env.jobs.send_notices() == 0  # announced once
    (announcement,) = env.posts_to(CHANNEL)
    actions = [b for b in announcement.params["blocks"] if b["type"] == "actions"]
    labels = [e["text"]["text"] for e in actions[0]["elements"]]
    assert labels == ["Going", "Maybe", "Not going"]
    (invite,) = env.posts_to("U2ALMATY1")
    assert "7:00 PM +05" in invite.params["text"]
    (calendar,) = env.fake.completed_uploads()
    assert f"UID:meeting-{meeting.id}@roundtable-bot" in calendar.text
    assert "SEQUENCE:0" in calendar.text
    assert "DTSTART;TZID=America/New_York:20261210T090000" in calendar.text

    env.store.call(reschedule_meeting, meeting.id, meeting.starts_at + timedelta(hours=2), NOW)
    assert await env.jobs.send_notices() == 1
    with env.store.session() as session:
        announced_ts = session.get(Meeting, meeting.id).message_ts  # type: ignore[union-attr]
    assert announced_ts
    edit = env.fake.last("chat.update")
    assert edit.params["ts"] == announced_ts
    assert "<!date^" in edit.params["text"]
    moved = env.posts_to("U2ALMATY1")[-1]
    assert "has moved" in moved.params["text"]
    assert "9:00 PM +05" in moved.params["text"]
    uid_lines = [u.text for u in env.fake.completed_uploads()]
    assert "SEQUENCE:1" in uid_lines[-1]
    assert f"UID:meeting-{meeting.id}@roundtable-bot" in uid_lines[-1]

    env.store.call(cancel_meeting, meeting.id, NOW)
    assert await env.jobs.send_notices() == 1
    assert "cancelled" in env.posts_to("U2ALMATY1")[-1].params["text"]
    last = env.fake.completed_uploads()[-1].text
    assert "SEQUENCE:2" in last
    assert "METHOD:CANCEL" in last


async def test_after_the_meeting_the_channel_is_asked_once_to_log_its_outcome(env: Env) -> None:
    meeting = env.schedule()
    await env.jobs.send_notices()
    env.fake.clear()

    env.clock.now = meeting.starts_at + timedelta(minutes=30)  # under way
    assert await env.jobs.send_notices() == 0
    env.clock.now = meeting.starts_at + timedelta(minutes=61)
    assert await env.jobs.send_notices() == 1
    assert await env.jobs.send_notices() == 0

    (prompt,) = env.posts_to(CHANNEL)
    assert "log its outcome" in prompt.params["text"]
    assert f"<@{COORDINATOR}>" in prompt.params["text"]


async def test_a_reminder_already_sent_is_not_repeated_when_the_meeting_moves(env: Env) -> None:
    meeting = env.schedule(remind="1d,1h")
    assert meeting.id is not None
    env.clock.now = meeting.starts_at - timedelta(hours=23)
    assert await env.jobs.deliver_due() == 1  # the day-before reminder

    env.store.call(reschedule_meeting, meeting.id, meeting.starts_at + timedelta(days=2), NOW)
    env.clock.now = meeting.starts_at + timedelta(days=2, minutes=-59)

    assert await env.jobs.deliver_due() == 1  # only the hour-before one, at the new time
    texts = [c.params["text"] for c in env.posts()]
    assert ["in 1 day" in t for t in texts] == [True, False]
    assert "in 1 hour" in texts[1]


async def test_an_invited_user_group_is_expanded_into_its_members(env: Env) -> None:
    env.fake.usergroup_users["S0ENVOYS1"] = ["U1NEWYORK1", "U2ALMATY1"]
    meeting = env.schedule(invite="S0ENVOYS1")

    await env.jobs.send_notices()

    assert {c.params["channel"] for c in env.posts()} == {CHANNEL, "U1NEWYORK1", "U2ALMATY1"}
    env.clock.now = meeting.starts_at - timedelta(minutes=59)
    assert await env.jobs.deliver_due() == 3
