"""The Web API client: every call goes through one HTTP session, closed when its owner leaves."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import aiohttp
import pytest
from slack_sdk.web.async_client import AsyncWebClient

from bot.slack.app import slack_client
from tests.support.bot_server import bot_settings
from tests.support.fake_slack import FakeSlack


@pytest.fixture
def sessions_opened(monkeypatch: pytest.MonkeyPatch) -> list[aiohttp.ClientSession]:
    opened: list[aiohttp.ClientSession] = []
    original = aiohttp.ClientSession.__init__

    def counting(self: aiohttp.ClientSession, *args: Any, **kwargs: Any) -> None:
        opened.append(self)
        original(self, *args, **kwargs)

    monkeypatch.setattr(aiohttp.ClientSession, "__init__", counting)
    return opened


async def test_calls_share_one_session_that_is_closed_on_leaving(
    fake_slack: FakeSlack, tmp_path: Path, sessions_opened: list[aiohttp.ClientSession]
) -> None:
    settings = bot_settings(fake_slack, f"sqlite:///{tmp_path / 'unused.db'}")

    async with slack_client(settings) as client:
        await client.auth_test()
        await client.chat_postMessage(channel="C1", text="one")
        await client.files_upload_v2(channel="C1", content="two", filename="two.txt")
        assert sessions_opened == [client.session]
        assert not client.session.closed

    assert len(fake_slack.calls) >= 5  # the upload takes three requests
    assert client.session.closed


async def test_without_a_session_slack_sdk_opens_one_per_call(
    fake_slack: FakeSlack, sessions_opened: list[aiohttp.ClientSession]
) -> None:
    # What the shared session replaces; also shows that the count above can fail.
    client = AsyncWebClient(token="xoxb-test", base_url=fake_slack.base_url)
    await client.auth_test()
    await client.chat_postMessage(channel="C1", text="one")

    assert len(sessions_opened) == 2
    assert all(session.closed for session in sessions_opened)
