"""Stopping as a deploy stops the bot: SIGTERM (or Ctrl-C) to a real `roundtable-bot serve`. It
stops being ready at once, refuses new Slack requests, lets what is under way finish within
ROUNDTABLE_SHUTDOWN_GRACE, and exits 0."""

from __future__ import annotations

import json
import signal
import time
import urllib.error
import urllib.request
from datetime import datetime
from pathlib import Path

import pytest
from sqlmodel import select

from storage.db import Store
from storage.models import OutboxMessage, OutboxStatus
from tests.support import signed
from tests.support.fake_slack import FakeSlack
from tests.support.processes import bot_environment, serving

SECRET = "shutdown-test-secret"
GRACE = 15.0
SLOW = 5.0  # seconds the fake Slack holds its answer


def post(url: str, request: tuple[str, dict[str, str]]) -> int:
    body, headers = request
    http = urllib.request.Request(url + "/slack/events", data=body.encode(), headers=headers)
    try:
        with urllib.request.urlopen(http, timeout=5) as response:
            return int(response.status)
    except urllib.error.HTTPError as error:
        return error.code


def get(url: str) -> tuple[int, dict[str, object]]:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return int(response.status), json.loads(response.read())
    except urllib.error.HTTPError as error:
        return error.code, json.loads(error.read())


def environment(fake_slack: FakeSlack, database: Path) -> dict[str, str]:
    return bot_environment(
        SLACK_BOT_TOKEN="xoxb-shutdown-test",
        SLACK_SIGNING_SECRET=SECRET,
        SLACK_API_URL=fake_slack.base_url,
        DATABASE_URL=f"sqlite:///{database}",
        ROUNDTABLE_SHUTDOWN_GRACE=str(GRACE),
    )


@pytest.mark.parametrize("surface", ["command", "mention"])
def test_sigterm_lets_a_slow_slack_call_finish_then_exits_0(
    fake_slack: FakeSlack, tmp_path: Path, surface: str
) -> None:
    database = tmp_path / "bot.db"
    if surface == "command":
        # The reply goes out through the outbox: its sender is mid-send when the signal comes.
        request = signed.slash_command(SECRET, "help", response_url=fake_slack.response_url("slow"))
        slow = "response_url:slow"
    else:
        # A Bolt listener (or, once it writes to the outbox, the sender) is mid-call.
        request = signed.event_callback(SECRET, signed.app_mention("when did it begin?"))
        slow = "chat.postMessage"
    fake_slack.late_answers[slow] = SLOW

    with serving(environment(fake_slack, database), tmp_path) as bot:
        assert post(bot.url, request) == 200
        (call,) = fake_slack.wait_for(slow, timeout=10)  # Slack has it; its answer is held
        bot.process.send_signal(signal.SIGTERM)
        signalled = time.monotonic()
        answered_in = call.at + SLOW - time.time()

        # Not ready from the moment the signal lands (long before the call under way ends), and
        # Slack's new requests are refused.
        while (readiness := get(bot.url + "/readyz"))[0] != 503:
            assert time.time() < call.at + SLOW - 1, readiness
            time.sleep(0.02)
        checks = readiness[1]["checks"]
        assert isinstance(checks, dict)
        assert checks["shutdown"] == {"ok": False, "detail": "stopping"}
        late = signed.slash_command(SECRET, "help", response_url=fake_slack.response_url("late"))
        assert post(bot.url, late) == 503
        assert get(bot.url + "/healthz")[0] == 200  # alive all the while

        code = bot.process.wait(timeout=GRACE + 5)
        stopped_after = time.monotonic() - signalled

    assert code == 0, bot.log_path.read_text()
    # It waited for Slack's answer, and no longer than the grace.
    assert answered_in - 0.5 < stopped_after < GRACE
    log = bot.log_path.read_text()
    assert "SIGTERM received" in log
    assert "still under way" not in log
    assert "gave back" not in log
    assert fake_slack.calls_to("response_url:late") == []
    store = Store.from_url(f"sqlite:///{database}")
    try:
        with store.session() as session:
            statuses = [message.status for message in session.exec(select(OutboxMessage))]
    finally:
        store.dispose()
    assert all(status == OutboxStatus.SENT for status in statuses)
    if surface == "command":
        assert statuses == [OutboxStatus.SENT]  # the slow reply, marked sent after its answer


def test_sigterm_waits_for_a_command_still_working_after_its_acknowledgement(
    fake_slack: FakeSlack, tmp_path: Path
) -> None:
    database = tmp_path / "bot.db"
    # The command runs on after Slack is answered, waiting for Slack to give the person's time
    # zone when the signal comes.
    fake_slack.late_answers["users.info"] = SLOW
    request = signed.slash_command(SECRET, "meetings", response_url=fake_slack.response_url("m"))

    with serving(environment(fake_slack, database), tmp_path) as bot:
        assert post(bot.url, request) == 200
        (call,) = fake_slack.wait_for("users.info", timeout=10)
        bot.process.send_signal(signal.SIGTERM)
        signalled = time.monotonic()
        answered_in = call.at + SLOW - time.time()
        code = bot.process.wait(timeout=GRACE + 5)
        stopped_after = time.monotonic() - signalled

    assert code == 0, bot.log_path.read_text()
    assert answered_in - 0.5 < stopped_after < GRACE
    assert "still under way" not in bot.log_path.read_text()
    # Its reply was committed before the exit: sent, or given back for the next start.
    store = Store.from_url(f"sqlite:///{database}")
    try:
        with store.session() as session:
            (reply,) = session.exec(select(OutboxMessage)).all()
    finally:
        store.dispose()
    assert reply.response_url == fake_slack.response_url("m")
    assert reply.status in (OutboxStatus.SENT, OutboxStatus.PENDING)
    assert reply.claimed_until is None or reply.status == OutboxStatus.SENT


@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGINT])
def test_a_signal_with_nothing_under_way_stops_at_once_with_exit_code_0(
    fake_slack: FakeSlack, tmp_path: Path, signum: signal.Signals
) -> None:
    env = environment(fake_slack, tmp_path / "bot.db") | {"ROUNDTABLE_SHUTDOWN_GRACE": "60"}
    with serving(env, tmp_path) as bot:
        bot.process.send_signal(signum)
        signalled = time.monotonic()
        code = bot.process.wait(timeout=60)
        stopped_after = time.monotonic() - signalled

    assert code == 0, bot.log_path.read_text()
    # Nothing to wait for, so none of the grace is used: the bot's own stop takes a moment (the
    # rest is the interpreter exiting, slower on a loaded machine).
    lines = bot.log_path.read_text().splitlines()
    (received,) = [line for line in lines if f"{signum.name} received" in line]
    (stopped,) = [line for line in lines if line.endswith("bot.app: stopped")]
    assert logged_at(stopped) - logged_at(received) < 2.0
    assert stopped_after < 15.0


def logged_at(line: str) -> float:
    """Seconds of a text log line's time stamp."""
    stamp = datetime.strptime(line[:23], "%Y-%m-%d %H:%M:%S,%f")
    return stamp.timestamp()
