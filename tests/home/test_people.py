"""People: a Slack profile read through users.info is remembered, and what was remembered serves
when Slack fails or when there is no Slack at all (the console)."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from bot.kit.people import People
from bot.slack.app import web_client
from storage import people
from storage.db import Store
from tests.support.bot_server import bot_settings
from tests.support.fake_slack import FakeSlack

NOW = datetime(2026, 12, 1, 12, 0, tzinfo=UTC)


async def test_a_profile_is_remembered_and_serves_when_slack_fails(
    store: Store, fake_slack: FakeSlack, database_url: str, caplog: pytest.LogCaptureFixture
) -> None:
    client = web_client(bot_settings(fake_slack, database_url))
    slack_people = People(store, client, lambda: NOW, "America/New_York")
    fake_slack.add_user("U1", "Aigerim N.", title="Director", tz="Asia/Almaty")

    read = await slack_people.profile("U1")
    assert read is not None
    assert (read.name, read.title, read.tz) == ("Aigerim N.", "Director", "Asia/Almaty")

    fake_slack.override("users.info", {"ok": False, "error": "internal_error"})
    remembered = await slack_people.profile("U1")
    assert remembered is not None
    assert (remembered.name, remembered.tz) == ("Aigerim N.", "Asia/Almaty")
    assert "users.info failed" in caplog.text
    assert "U1" not in caplog.text
    assert "Aigerim" not in caplog.text


async def test_without_slack_only_what_the_store_knows_is_used(store: Store) -> None:
    store.call(people.remember_person, "U1", NOW, name="Bek", tz="Asia/Almaty")
    console = People(store, None, lambda: NOW, "Europe/London")

    assert await console.zone_of("U1") == "Asia/Almaty"
    assert await console.zone_of("U2") == "Europe/London"
    known = await console.profile("U1")
    assert known is not None
    assert known.name == "Bek"
