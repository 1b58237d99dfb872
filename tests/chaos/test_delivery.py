"""What the bot says arrives once, whatever Slack or a deploy does: SIGTERM during a burst of
reminders, a Slack that answers after the client gave up, a Retry-After longer than the lease,
and a run of 500s during a meeting's announcement. Real `serve` processes, the fake Slack, and
SQLite and PostgreSQL."""

from __future__ import annotations

import signal
from collections import Counter
from datetime import timedelta
from pathlib import Path
from typing import Any

from storage.db import Store
from storage.meetings import MeetingRequest, schedule_meeting
from storage.models import utcnow
from tests.chaos.support import (
    SLACK_TIMEOUT,
    chaos_env,
    pending,
    posts_per_outbox_id,
    wait_until,
)
from tests.support.fake_slack import FakeSlack
from tests.support.processes import run_cli, serving

REMINDERS = 40


def is_reminder(params: dict[str, Any]) -> bool:
    return str(params.get("text", "")).startswith(":alarm_clock: *Reminder:*")


def is_announcement(params: dict[str, Any]) -> bool:
    return "Chaos meeting" in str(params.get("text", "")) and not is_reminder(params)


def schedule_reminders(store: Store, count: int, due_in: timedelta) -> None:
    """`count` meetings across channels, each with one reminder due `due_in` from now."""
    now = utcnow()
    for number in range(count):
        request = MeetingRequest(
            title=f"Follow-up {number:03d}",
            starts_at=now + due_in + timedelta(minutes=1),
            timezone="UTC",
            channel_id=f"C0ROOM{number % 8:02d}",
            offsets=(1,),
        )
        store.call(schedule_meeting, request, now)


def test_sigterm_during_a_burst_of_reminders_delivers_each_once(
    fake_slack: FakeSlack, store: Store, database_url: str, tmp_path: Path
) -> None:
    schedule_reminders(store, REMINDERS, timedelta(seconds=1))
    fake_slack.late_answers["chat.postMessage"] = SLACK_TIMEOUT / 3  # slow, but within time
    env = chaos_env(fake_slack, database_url)
    with serving(env, tmp_path, "first") as bot:
        wait_until(lambda: len(posts_per_outbox_id(fake_slack, is_reminder)) >= 8, 30, "the burst")
        bot.process.send_signal(signal.SIGTERM)
        assert bot.process.wait(timeout=30) == 0, bot.log_path.read_text()
    before = len(posts_per_outbox_id(fake_slack, is_reminder))
    assert before < REMINDERS  # the signal came mid-burst
    with serving(env, tmp_path, "second"):
        wait_until(
            lambda: len(posts_per_outbox_id(fake_slack, is_reminder)) >= REMINDERS,
            60,
            "every reminder",
        )
        wait_until(lambda: pending(store) == 0, 30, "the outbox to drain")
    per_id = posts_per_outbox_id(fake_slack, is_reminder)
    per_channel = Counter(
        str(c.params["channel"])
        for c in fake_slack.calls_to("chat.postMessage")
        if is_reminder(c.params)
    )
    assert len(per_id) == REMINDERS
    assert set(per_id.values()) == {1}
    assert sum(per_channel.values()) == REMINDERS


def test_a_late_slack_and_a_long_retry_after_give_one_copy_each(
    fake_slack: FakeSlack, store: Store, database_url: str, tmp_path: Path
) -> None:
    """The first reminder's answer comes after the client's timeout (Slack has the message);
    the second meets a 429 whose Retry-After outlasts the outbox lease (4 x the timeout)."""
    fake_slack.late_answers["chat.postMessage"] = SLACK_TIMEOUT * 2
    retry_after = int(SLACK_TIMEOUT * 4) + 2
    env = chaos_env(fake_slack, database_url)
    with serving(env, tmp_path):
        schedule_reminders(store, 1, timedelta(seconds=2))
        wait_until(lambda: len(posts_per_outbox_id(fake_slack, is_reminder)) >= 1, 30, "post")
        # The answer is still held: the sender times out, then finds the message in history.
        wait_until(
            lambda: bool(fake_slack.calls_to("conversations.history")), 30, "a look in history"
        )
        wait_until(lambda: pending(store) == 0, 30, "the late one to be marked sent")
        fake_slack.late_answers.clear()
        fake_slack.fail("chat.postMessage", status=429, retry_after=retry_after, times=1)
        schedule_reminders(store, 1, timedelta(seconds=2))
        wait_until(
            lambda: len(posts_per_outbox_id(fake_slack, is_reminder)) >= 2,
            retry_after + 30,
            "the rate-limited one",
        )
        wait_until(lambda: pending(store) == 0, 30, "the outbox to drain")
    per_id = posts_per_outbox_id(fake_slack, is_reminder)
    assert sorted(per_id.values()) == [1, 1]
    # Everything posted (the meetings' announcements too) arrived once.
    assert set(posts_per_outbox_id(fake_slack, lambda params: True).values()) == {1}
    (faulted,) = [
        c for c in fake_slack.calls_to("chat.postMessage", include_faulted=True) if c.faulted
    ]
    limited = faulted.params["metadata"]["event_payload"]["outbox_id"]
    (delivered,) = [
        c
        for c in fake_slack.calls_to("chat.postMessage")
        if c.params["metadata"]["event_payload"]["outbox_id"] == limited
    ]
    assert delivered.at - faulted.at >= retry_after - 0.5  # its Retry-After was honoured


def test_an_announcement_meeting_500s_is_delivered_when_slack_recovers(
    fake_slack: FakeSlack, store: Store, database_url: str, tmp_path: Path
) -> None:
    env = chaos_env(fake_slack, database_url)
    with serving(env, tmp_path):
        fake_slack.fail("chat.postMessage", status=500)
        start = (utcnow() + timedelta(days=3)).strftime("%Y-%m-%dT%H:%M+00:00")
        added = run_cli(
            "meetings",
            "add",
            "--title",
            "Chaos meeting",
            "--start",
            start,
            "--channel",
            "C0CHAOS",
            "--remind",
            "1d",
            cwd=tmp_path,
            env={"DATABASE_URL": database_url},
        )
        assert added.returncode == 0, added.stderr
        wait_until(
            lambda: len(fake_slack.calls_to("chat.postMessage", include_faulted=True)) >= 2,
            30,
            "tries that meet 500s",
        )
        assert posts_per_outbox_id(fake_slack, is_announcement) == Counter()
        fake_slack.heal()
        wait_until(
            lambda: len(posts_per_outbox_id(fake_slack, is_announcement)) >= 1, 60, "delivery"
        )
        wait_until(lambda: pending(store) == 0, 30, "the outbox to drain")
    per_id = posts_per_outbox_id(fake_slack, is_announcement)
    assert list(per_id.values()) == [1]
    (post,) = [c for c in fake_slack.calls_to("chat.postMessage") if is_announcement(c.params)]
    assert post.params["channel"] == "C0CHAOS"
