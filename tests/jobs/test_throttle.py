"""A database outage is one line a minute, however many loops meet it and however often: the
scheduler's jobs and the outbox sender each try every half second."""

from __future__ import annotations

import asyncio
import logging

import pytest
import sqlalchemy.exc
from slack_sdk.web.async_client import AsyncWebClient

from jobs import throttle
from jobs.outbox import OutboxSender
from jobs.scheduler import PeriodicJob, build_scheduler
from jobs.throttle import Throttle
from storage.db import Store
from storage.models import utcnow

UNREACHABLE = "postgresql://postgres@127.0.0.1:1/x"


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def outage() -> sqlalchemy.exc.OperationalError:
    return sqlalchemy.exc.OperationalError("SELECT 1", {}, ConnectionRefusedError("refused"))


@pytest.fixture(autouse=True)
def fresh_throttle(monkeypatch: pytest.MonkeyPatch) -> None:
    """The process's throttle remembers other tests' outages: each test starts with none."""
    monkeypatch.setattr(throttle, "_THROTTLE", Throttle())


def messages(caplog: pytest.LogCaptureFixture) -> list[str]:
    return [record.getMessage() for record in caplog.records]


def test_an_outage_is_one_line_a_minute_with_a_count_and_no_traceback(
    caplog: pytest.LogCaptureFixture,
) -> None:
    clock = Clock()
    quiet = Throttle(clock=clock)
    log = logging.getLogger("tests.throttle")
    caplog.set_level(logging.INFO, logger="tests.throttle")

    for second in range(120):  # two loops failing every second for two minutes
        clock.now = 1000.0 + second
        quiet.failure(log, "the outbox sender", outage())
        quiet.failure(log, "job meeting-reminders", outage(), {"job": "meeting-reminders"})
    quiet.success(log)
    quiet.success(log)

    assert messages(caplog) == [
        "database unreachable: OperationalError; retrying",
        "database unreachable: OperationalError; retrying (119 more since the last report)",
        "database reachable again",
    ]
    assert all(record.exc_info is None for record in caplog.records)


def test_a_bug_keeps_its_traceback_once_a_minute_for_each_place(
    caplog: pytest.LogCaptureFixture,
) -> None:
    clock = Clock()
    quiet = Throttle(clock=clock)
    log = logging.getLogger("tests.throttle")
    caplog.set_level(logging.INFO, logger="tests.throttle")

    for _ in range(10):
        quiet.failure(log, "job letter-deadlines", KeyError("x"), {"job": "letter-deadlines"})
        quiet.failure(log, "job meeting-notices", KeyError("x"))
    clock.now += 61
    quiet.failure(log, "job letter-deadlines", KeyError("x"))

    assert messages(caplog) == [
        "job letter-deadlines failed: KeyError; retrying",
        "job meeting-notices failed: KeyError; retrying",
        "job letter-deadlines failed: KeyError; retrying (9 more since the last report)",
    ]
    assert all(record.exc_info is not None for record in caplog.records)
    assert caplog.records[0].__dict__["job"] == "letter-deadlines"


async def test_failing_scheduled_jobs_and_the_outbox_sender_say_so_once(
    caplog: pytest.LogCaptureFixture,
) -> None:
    caplog.set_level(logging.DEBUG)
    store = Store.from_url(UNREACHABLE)
    runs = 0
    many = asyncio.Event()

    async def sweep() -> None:
        nonlocal runs
        runs += 1
        if runs >= 20:
            many.set()
        await store.run(lambda session: session.connection())

    scheduler = build_scheduler(
        [PeriodicJob("sweep-a", 0.05, sweep), PeriodicJob("sweep-b", 0.05, sweep)]
    )
    sender = OutboxSender(store, AsyncWebClient(token="xoxb-unused"), utcnow)
    scheduler.start()
    sending = asyncio.create_task(sender.run())
    try:
        await asyncio.wait_for(many.wait(), 10)
        await asyncio.sleep(1.2)  # the sender's poll is half a second: a few rounds
    finally:
        await sender.stop(0)
        await sending
        scheduler.shutdown()
        store.dispose()

    assert [m for m in messages(caplog) if "database" in m or "failed" in m] == [
        "database unreachable: OperationalError; retrying"
    ]
    assert all(record.exc_info is None for record in caplog.records)
