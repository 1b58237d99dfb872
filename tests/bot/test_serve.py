"""`roundtable-bot serve` as deployed: a real process in HTTP mode, pointed at the fake Slack API
through SLACK_API_URL."""

from __future__ import annotations

import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.support import signed
from tests.support.fake_slack import FakeSlack
from tests.support.processes import bot_environment, free_port

SECRET = "serve-test-secret"


def post(port: int, request: tuple[str, dict[str, str]]) -> int:
    body, headers = request
    http = urllib.request.Request(
        f"http://127.0.0.1:{port}/slack/events", data=body.encode(), headers=headers
    )
    try:
        with urllib.request.urlopen(http, timeout=5) as response:
            return int(response.status)
    except urllib.error.HTTPError as error:
        return error.code


@pytest.fixture
def served_bot(fake_slack: FakeSlack, tmp_path: Path) -> Iterator[int]:
    port = free_port()
    env = bot_environment(
        SLACK_BOT_TOKEN="xoxb-serve-test",
        SLACK_SIGNING_SECRET=SECRET,
        SLACK_API_URL=fake_slack.base_url,
        DATABASE_URL=f"sqlite:///{tmp_path / 'served.db'}",
        PORT=str(port),
    )
    process = subprocess.Popen(
        [sys.executable, "-m", "bot", "serve"], cwd=tmp_path, env=env, stderr=subprocess.PIPE
    )
    try:
        deadline = time.monotonic() + 30
        while True:
            assert process.poll() is None, process.stderr.read() if process.stderr else ""
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=1).close()
                break
            except OSError:
                assert time.monotonic() < deadline, "the bot never became healthy"
                time.sleep(0.1)
        yield port
    finally:
        process.terminate()
        process.wait(timeout=10)


def test_the_served_bot_answers_a_signed_help_and_rejects_a_forged_one(
    served_bot: int, fake_slack: FakeSlack
) -> None:
    forged = signed.slash_command("wrong", "help", response_url=fake_slack.response_url("forged"))
    genuine = signed.slash_command(SECRET, "help", response_url=fake_slack.response_url("help"))

    assert post(served_bot, forged) == 401
    assert post(served_bot, genuine) == 200

    (reply,) = fake_slack.wait_for("response_url:help")
    assert "/roundtable history" in reply.params["text"]
    assert fake_slack.calls_to("response_url:forged") == []
