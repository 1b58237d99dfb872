"""The Slack transport end to end: signed requests over real HTTP to the real Bolt app, replies
observed at the fake Slack Web API."""

from __future__ import annotations

import json
import logging

import pytest
from sqlmodel import select

from storage.models import SlackEventSeen
from tests.support import signed
from tests.support.bot_server import SIGNING_SECRET, RunningBot
from tests.support.fake_slack import FakeSlack


async def test_forged_and_stale_requests_get_401_and_change_nothing(
    bot: RunningBot, fake_slack: FakeSlack
) -> None:
    forged_event = signed.event_callback(
        "not-the-secret", signed.app_mention("when did the dialogue begin?"), event_id="EvForged"
    )
    stale_command = signed.slash_command(
        SIGNING_SECRET,
        "help",
        response_url=fake_slack.response_url("stale"),
        timestamp=signed.stale_timestamp(),
    )
    forged_command = signed.slash_command(
        "not-the-secret", "help", response_url=fake_slack.response_url("forged")
    )

    for request in (forged_event, stale_command, forged_command):
        assert (await bot.post(request)).status == 401

    assert [call.method for call in fake_slack.calls] == []
    with bot.services.store.session() as session:
        assert session.exec(select(SlackEventSeen)).all() == []


async def test_help_is_acknowledged_in_time_and_answered_privately(
    bot: RunningBot, fake_slack: FakeSlack
) -> None:
    answer = await bot.post(
        signed.slash_command(SIGNING_SECRET, "help", response_url=fake_slack.response_url("help"))
    )

    assert answer.status == 200
    assert answer.seconds < 3.0  # Slack's deadline for acknowledging a command
    (reply,) = await fake_slack.wait_for_async("response_url:help")
    assert reply.params["response_type"] == "ephemeral"
    for command in bot.table:
        if not command.coordinator_only:
            assert f"/roundtable {command.usage}" in reply.params["text"]


async def test_an_unknown_subcommand_gets_a_short_private_usage_line(
    bot: RunningBot, fake_slack: FakeSlack
) -> None:
    await bot.post(
        signed.slash_command(
            SIGNING_SECRET, "<!channel> please", response_url=fake_slack.response_url("oops")
        )
    )

    (reply,) = await fake_slack.wait_for_async("response_url:oops")
    text = reply.params["text"]
    assert reply.params["response_type"] == "ephemeral"
    assert "Usage: `/roundtable help | history" in text
    # What the person typed is shown, but can never ping the channel.
    assert "<!channel>" not in text
    assert "&lt;!channel&gt;" in text
    assert len(text.splitlines()) == 1


async def test_a_mention_gets_a_reply_in_its_thread(bot: RunningBot, fake_slack: FakeSlack) -> None:
    mention = signed.app_mention("hello", channel="C222", ts="1700000001.000200")
    assert (await bot.post(signed.event_callback(SIGNING_SECRET, mention))).status == 200

    (reply,) = await fake_slack.wait_for_async("chat.postMessage")
    assert reply.params["channel"] == "C222"
    assert reply.params["thread_ts"] == "1700000001.000200"
    assert reply.params["text"]


async def test_a_retried_event_is_answered_once(bot: RunningBot, fake_slack: FakeSlack) -> None:
    mention = signed.app_mention("hello again")
    first = signed.event_callback(SIGNING_SECRET, mention, event_id="EvOnce")
    retry = signed.event_callback(SIGNING_SECRET, mention, event_id="EvOnce", retry_num=1)

    assert (await bot.post(first)).status == 200
    await fake_slack.wait_for_async("chat.postMessage")
    assert (await bot.post(retry)).status == 200
    # A second answer, if any, would have been posted by now: the first took far less.
    await bot.post(
        signed.slash_command(SIGNING_SECRET, "help", response_url=fake_slack.response_url("sync"))
    )
    await fake_slack.wait_for_async("response_url:sync")
    assert len(fake_slack.calls_to("chat.postMessage")) == 1


async def test_messages_not_meant_for_the_bot_are_acknowledged_and_ignored(
    bot: RunningBot, fake_slack: FakeSlack
) -> None:
    ignored = [
        signed.dm_message("from another bot", bot_id="B999"),
        signed.dm_message("edited", subtype="message_changed"),
        {
            "type": "message",
            "channel": "C111",
            "channel_type": "channel",
            "user": "U1",
            "text": "hi",
            "ts": "1700000002.000100",
        },
    ]
    for event in ignored:
        assert (await bot.post(signed.event_callback(SIGNING_SECRET, event))).status == 200

    await bot.post(
        signed.slash_command(SIGNING_SECRET, "help", response_url=fake_slack.response_url("sync"))
    )
    await fake_slack.wait_for_async("response_url:sync")
    assert fake_slack.calls_to("chat.postMessage") == []


async def test_a_direct_message_is_answered(bot: RunningBot, fake_slack: FakeSlack) -> None:
    dm = signed.dm_message("what can you do?", channel="D777")
    await bot.post(signed.event_callback(SIGNING_SECRET, dm))

    (reply,) = await fake_slack.wait_for_async("chat.postMessage")
    assert reply.params["channel"] == "D777"


async def test_opening_the_app_home_shows_the_latest_of_the_dialogue(
    bot: RunningBot, fake_slack: FakeSlack
) -> None:
    home = signed.app_home_opened(user="U555")
    await bot.post(signed.event_callback(SIGNING_SECRET, home))

    (published,) = await fake_slack.wait_for_async("views.publish")
    assert published.params["user_id"] == "U555"
    shown = json.dumps(published.params["view"])
    assert "19 November 2014" in shown
    assert "/roundtable help" in shown


async def test_health_check(bot: RunningBot) -> None:
    answer = await bot.get("/healthz")
    assert answer.status == 200
    assert json.loads(answer.body) == {
        "ok": True,
        "checks": {"loop": {"ok": True, "detail": "answering"}},
    }


async def test_an_unexpected_failure_is_logged_without_personal_data_and_explained_plainly(
    bot: RunningBot, fake_slack: FakeSlack, caplog: pytest.LogCaptureFixture
) -> None:
    # A store that has lost a table: the kind of failure no person can fix.
    with bot.services.store.engine.begin() as connection:
        connection.exec_driver_sql("ALTER TABLE historyevent RENAME TO historyevent_lost")
    caplog.set_level(logging.DEBUG, logger="bot")

    await bot.post(
        signed.slash_command(
            SIGNING_SECRET,
            "history",
            user_id="U7SECRETUSER",
            response_url=fake_slack.response_url("boom"),
        )
    )

    (reply,) = await fake_slack.wait_for_async("response_url:boom")
    assert reply.params["text"].startswith("Sorry, something went wrong on my side")
    assert "historyevent" not in reply.params["text"]  # no internals shown to the person
    logged = "\n".join(logging.Formatter().format(record) for record in caplog.records)
    assert "/roundtable history failed" in logged
    assert "U7SECRETUSER" not in logged
    assert SIGNING_SECRET not in logged
    assert "xoxb-test-token" not in logged
