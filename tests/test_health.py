"""Liveness and readiness say what is true, with reasons: the database (unreachable, hanging, a
SQLite file gone), the scheduler, Socket Mode, and a bot that is stopping."""

from __future__ import annotations

import asyncio
import json
import time
from pathlib import Path

import pytest
from sqlalchemy.engine import Engine

from bot.app import scheduler_check
from bot.health import Check, DatabaseProbe, Health
from jobs.scheduler import build_scheduler
from storage.db import Store
from tests.support.bot_server import RunningBot
from tests.support.fake_slack import FakeSlack
from tests.support.processes import bot_environment, run_cli, serving

UNREACHABLE = "postgresql://postgres@127.0.0.1:1/x"


async def test_ready_with_every_check_named(bot: RunningBot) -> None:
    answer = await bot.get("/readyz")

    assert answer.status == 200
    report = json.loads(answer.body)
    assert report["ok"] is True
    assert report["checks"]["database"]["ok"] is True
    assert report["checks"]["database"]["detail"].startswith("answered in ")
    assert report["checks"]["shutdown"] == {"ok": True, "detail": "running"}


async def test_stopping_is_not_ready_but_still_alive(bot: RunningBot) -> None:
    bot.health.stopping = True

    ready, alive = await bot.get("/readyz"), await bot.get("/healthz")

    assert ready.status == 503
    assert json.loads(ready.body)["checks"]["shutdown"] == {"ok": False, "detail": "stopping"}
    assert alive.status == 200


async def test_a_database_that_cannot_be_reached_is_named_as_the_reason() -> None:
    store = Store.from_url(UNREACHABLE)
    probe = DatabaseProbe(store)
    health = Health()
    health.add("database", probe)
    try:
        ready, report = await health.readiness()
    finally:
        probe.close()
        store.dispose()

    assert ready is False
    assert report["checks"]["database"] == {
        "ok": False,
        "detail": "database unreachable: OperationalError",
    }


async def test_a_sqlite_file_deleted_under_the_bot_is_not_ready(
    bot: RunningBot, database_url: str
) -> None:
    if not database_url.startswith("sqlite"):
        pytest.skip("a file of its own is SQLite's")
    assert (await bot.get("/readyz")).status == 200  # its connections are open on the file
    path = Path(database_url.removeprefix("sqlite:///"))
    await asyncio.to_thread(path.unlink)

    answer = await bot.get("/readyz")

    assert answer.status == 503
    detail = json.loads(answer.body)["checks"]["database"]["detail"]
    assert detail == "database file is missing"


class _HangingStore(Store):
    """A database that takes its time: the probe must answer anyway, and not pile up threads."""

    def __init__(self, engine: Engine) -> None:
        super().__init__(engine)
        self.calls = 0

    def fault(self) -> str | None:
        self.calls += 1
        time.sleep(1.0)
        return None


async def test_a_database_that_hangs_is_reported_within_the_timeout(store: Store) -> None:
    hanging = _HangingStore(store.engine)
    probe = DatabaseProbe(hanging, timeout=0.2)
    try:
        started = time.monotonic()
        first, second = await probe(), await probe()
        took = time.monotonic() - started
    finally:
        probe.close()

    assert first == second == Check(False, "database did not answer within 0.2 s")
    assert took < 0.8
    assert hanging.calls == 1  # the second asked the probe already waiting


async def test_a_scheduler_that_is_not_running_is_not_ready() -> None:
    scheduler = build_scheduler([])
    assert await scheduler_check(scheduler) == Check(False, "not running")
    scheduler.start()
    try:
        assert await scheduler_check(scheduler) == Check(True, "running")
    finally:
        scheduler.shutdown()


def test_the_served_bot_reports_database_and_scheduler(
    fake_slack: FakeSlack, tmp_path: Path
) -> None:
    import urllib.request

    env = bot_environment(
        SLACK_BOT_TOKEN="xoxb-health-test",
        SLACK_SIGNING_SECRET="health-secret",
        SLACK_API_URL=fake_slack.base_url,
        DATABASE_URL=f"sqlite:///{tmp_path / 'bot.db'}",
    )
    with (
        serving(env, tmp_path) as bot,
        urllib.request.urlopen(bot.url + "/readyz", timeout=5) as answer,
    ):
        report = json.loads(answer.read())

    assert set(report["checks"]) == {"database", "scheduler", "shutdown"}
    assert all(check["ok"] for check in report["checks"].values())


@pytest.mark.parametrize(
    ("url", "problem"),
    [
        (UNREACHABLE, "Connection refused"),
        ("sqlite:////nonexistent/folder/bot.db", "unable to open database file"),
    ],
)
def test_a_start_that_cannot_reach_the_database_says_so_in_one_line(
    tmp_path: Path, url: str, problem: str
) -> None:
    result = run_cli(
        "serve",
        cwd=tmp_path,
        env={
            "SLACK_BOT_TOKEN": "xoxb-start-test",
            "SLACK_SIGNING_SECRET": "start-secret",
            "SLACK_API_URL": "http://127.0.0.1:9/api/",
            "DATABASE_URL": url,
        },
    )

    assert result.returncode != 0
    (line,) = result.stderr.strip().splitlines()
    assert line.startswith("roundtable-bot: cannot reach the database (OperationalError: ")
    assert problem in line
    assert line.endswith("; check DATABASE_URL")
    assert "Traceback" not in result.stderr
