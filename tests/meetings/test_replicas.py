"""Two `roundtable-bot serve` processes on one PostgreSQL, against the fake Slack Web API: every
reminder arrives exactly once, also when Slack answers 429 and 500 to a share of the calls, and a
meeting added from the CLI is picked up without a restart."""

from __future__ import annotations

import time
from collections import Counter
from collections.abc import Iterator
from contextlib import ExitStack
from datetime import timedelta
from pathlib import Path

import pytest
from sqlmodel import select

from storage.db import Store
from storage.meetings import MeetingRequest, schedule_meeting
from storage.models import Delivery, utcnow
from tests.support.fake_slack import FakeSlack
from tests.support.processes import bot_environment, run_cli, served_bot

LEAD = timedelta(seconds=6)  # reminders fall due this long after they are scheduled


def bot_env(fake_slack: FakeSlack, database_url: str) -> dict[str, str]:
    return bot_environment(
        SLACK_BOT_TOKEN="xoxb-replica-test",
        SLACK_SIGNING_SECRET="replica-secret",
        SLACK_API_URL=fake_slack.base_url,
        DATABASE_URL=database_url,
        ROUNDTABLE_COORDINATORS="UCOORD1",
    )


@pytest.fixture
def replicas(
    fake_slack: FakeSlack, seeded_store: Store, database_url: str, tmp_path: Path
) -> Iterator[dict[str, str]]:
    if not database_url.startswith("postgresql"):
        pytest.skip("replicas share a PostgreSQL database")
    env = bot_env(fake_slack, database_url)
    with ExitStack() as stack:
        for name in ("replica-a", "replica-b"):
            stack.enter_context(served_bot(env, tmp_path, name))
        yield env


def schedule_due_soon(store: Store, count: int) -> set[str]:
    now = utcnow()
    titles = set()
    for number in range(count):
        title = f"Follow-up {number:03d}"
        request = MeetingRequest(
            title=title,
            starts_at=now + LEAD + timedelta(minutes=1, milliseconds=10 * number),
            timezone="Asia/Almaty",
            channel_id=f"C0ROOM{number % 20:02d}",
            offsets=(1,),  # one minute before: due about LEAD from now
        )
        store.call(schedule_meeting, request, now)
        titles.add(title)
    return titles


def reminded(fake_slack: FakeSlack) -> Counter[str]:
    """How many reminders each meeting's title received, as Slack accepted them."""
    counts: Counter[str] = Counter()
    for call in fake_slack.calls_to("chat.postMessage"):
        text = str(call.params.get("text", ""))
        if text.startswith(":alarm_clock: *Reminder:*"):
            counts[text.split("\n")[1].split("*")[1]] += 1
    return counts


def wait_for_reminders(fake_slack: FakeSlack, expected: int, timeout: float) -> Counter[str]:
    deadline = time.monotonic() + timeout
    while sum(reminded(fake_slack).values()) < expected and time.monotonic() < deadline:
        time.sleep(0.2)
    time.sleep(2)  # long enough for a duplicate, were there to be one, to arrive too
    return reminded(fake_slack)


def test_two_replicas_deliver_200_reminders_exactly_once_and_pick_up_the_cli(
    replicas: dict[str, str], fake_slack: FakeSlack, seeded_store: Store, tmp_path: Path
) -> None:
    titles = schedule_due_soon(seeded_store, 200)
    # A meeting added from the CLI while both bots run: announced and reminded, no restart.
    start = (utcnow() + LEAD + timedelta(minutes=1)).isoformat(timespec="seconds")
    env = {"DATABASE_URL": replicas["DATABASE_URL"]}
    result = run_cli(
        "meetings", "add", "--title", "Call with the Ministry", "--start", start,
        "--channel", "C0CLI01", "--remind", "1m", "--json", cwd=tmp_path, env=env,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    titles.add("Call with the Ministry")

    counts = wait_for_reminders(fake_slack, 201, timeout=40)

    assert set(counts) == titles
    assert set(counts.values()) == {1}
    deadline = time.monotonic() + 10
    while True:
        with seeded_store.session() as session:
            deliveries = session.exec(select(Delivery)).all()
        if {d.status for d in deliveries} == {"sent"} or time.monotonic() > deadline:
            break
        time.sleep(0.2)
    assert len(deliveries) == 201
    assert {d.status for d in deliveries} == {"sent"}
    deadline = time.monotonic() + 20
    while not any(u.channel == "C0CLI01" for u in fake_slack.completed_uploads()):
        assert time.monotonic() < deadline, "the CLI's meeting was never announced"
        time.sleep(0.2)
    announced = {c.params.get("channel") for c in fake_slack.calls_to("chat.postMessage")}
    assert "C0CLI01" in announced


def test_with_slack_failing_a_share_of_calls_each_reminder_still_arrives_once(
    replicas: dict[str, str], fake_slack: FakeSlack, seeded_store: Store
) -> None:
    fake_slack.fail("chat.postMessage", every=4, status=429, retry_after=1)
    fake_slack.fail("chat.postMessage", every=7, status=500)
    titles = schedule_due_soon(seeded_store, 60)

    counts = wait_for_reminders(fake_slack, 60, timeout=60)

    assert set(counts) == titles
    assert set(counts.values()) == {1}
    faulted = [
        c for c in fake_slack.calls_to("chat.postMessage", include_faulted=True) if c.faulted
    ]
    assert faulted  # the faults really happened
