"""`roundtable-bot serve` as deployed: a real process in HTTP mode, pointed at the fake Slack API
through SLACK_API_URL."""

from __future__ import annotations

import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.support import signed
from tests.support.fake_slack import FakeSlack
from tests.support.processes import bot_environment, served_bot

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
def served(fake_slack: FakeSlack, tmp_path: Path) -> Iterator[int]:
    env = bot_environment(
        SLACK_BOT_TOKEN="xoxb-serve-test",
        SLACK_SIGNING_SECRET=SECRET,
        SLACK_API_URL=fake_slack.base_url,
        DATABASE_URL=f"sqlite:///{tmp_path / 'served.db'}",
    )
    with served_bot(env, tmp_path) as port:
        yield port


def test_the_served_bot_answers_a_signed_help_and_rejects_a_forged_one(
    served: int, fake_slack: FakeSlack
) -> None:
    forged = signed.slash_command("wrong", "help", response_url=fake_slack.response_url("forged"))
    genuine = signed.slash_command(SECRET, "help", response_url=fake_slack.response_url("help"))

    assert post(served, forged) == 401
    assert post(served, genuine) == 200

    (reply,) = fake_slack.wait_for("response_url:help")
    assert "/roundtable history" in reply.params["text"]
    assert fake_slack.calls_to("response_url:forged") == []
