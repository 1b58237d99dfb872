"""The library of records through Slack, end to end: signed events and commands over real HTTP to
the real Bolt app; files fetched from the fake Slack's files.info and url_private on loopback."""

from __future__ import annotations

from typing import Any

import pytest

from storage.records import list_records
from tests.records.samples import NOTES_MARKDOWN, NOTES_TITLE
from tests.support import signed
from tests.support.bot_server import COORDINATOR, SIGNING_SECRET, RunningBot
from tests.support.documents import image_only_pdf, locked_pdf
from tests.support.fake_slack import BOT_USER_ID, FakeSlack
from tests.support.refusals import failure_logged, outbox_refused, refused_command

PARTICIPANT = "U0PART1"
QUESTION = "Who hosted the meeting with the regional commissioner in Shymkent?"


async def share(bot: RunningBot, fake: FakeSlack, event: dict[str, Any]) -> None:
    answer = await bot.post(signed.event_callback(SIGNING_SECRET, event))
    assert answer.status == 200
    assert answer.seconds < 3.0


def dms_to(fake: FakeSlack, user: str) -> list[str]:
    return [
        str(c.params.get("text"))
        for c in fake.calls_to("chat.postMessage")
        if c.params.get("channel") == user
    ]


async def titles_stored(bot: RunningBot) -> list[str]:
    return [row.title for row in await bot.services.store.run(list_records)]


async def test_a_coordinators_markdown_file_is_added_and_answered_from_with_its_title(
    bot: RunningBot, fake_slack: FakeSlack
) -> None:
    event = fake_slack.share_file("shymkent.md", NOTES_MARKDOWN.encode(), COORDINATOR)
    await share(bot, fake_slack, event)
    reading, added = await fake_slack.wait_for_async("chat.postMessage", 2, timeout=10)
    assert reading.params["text"] == "Reading “shymkent.md” for the library of records…"
    assert added.params["channel"] == COORDINATOR
    assert f"“{NOTES_TITLE}” to the library of records: it holds" in added.params["text"]
    (download,) = fake_slack.calls_to(f"download:{event['file_id']}")
    assert download.token == "xoxb-test-token"

    question = signed.dm_message(QUESTION, user=PARTICIPANT, channel="D0PART1")
    await bot.post(signed.event_callback(SIGNING_SECRET, question))
    *_, answer = await fake_slack.wait_for_async("chat.postMessage", 3)
    text = answer.params["text"]
    assert "Bolat Nurlanov" in text.split("*Sources*")[0]
    assert f"• _{NOTES_TITLE}, “The visit”_" in text

    # The same file shared again changes nothing.
    again = fake_slack.share_file("shymkent.md", NOTES_MARKDOWN.encode(), COORDINATOR)
    await share(bot, fake_slack, again)
    await fake_slack.wait_for_async("chat.postMessage", 5, timeout=10)
    await bot.settled()
    assert "is already in the library" in dms_to(fake_slack, COORDINATOR)[-1]
    assert (await titles_stored(bot)).count(NOTES_TITLE) == 1


async def test_a_participants_file_is_refused_unread(
    bot: RunningBot, fake_slack: FakeSlack
) -> None:
    event = fake_slack.share_file("shymkent.md", NOTES_MARKDOWN.encode(), PARTICIPANT)
    await share(bot, fake_slack, event)
    (refusal,) = await fake_slack.wait_for_async("chat.postMessage")
    assert refusal.params["channel"] == PARTICIPANT
    assert refusal.params["text"].startswith(
        "Only coordinators can add records to the library, so I haven't read “shymkent.md”."
    )
    assert fake_slack.calls_to(f"download:{event['file_id']}") == []
    assert NOTES_TITLE not in await titles_stored(bot)


async def test_the_bots_own_uploads_and_files_in_channels_are_not_records(
    bot: RunningBot, fake_slack: FakeSlack
) -> None:
    own = fake_slack.share_file("signatures.csv", b"a,b", BOT_USER_ID)
    in_channel = fake_slack.share_file("notes.md", b"# Notes", COORDINATOR, channel="C0CHAN")
    for event in (own, in_channel):
        await share(bot, fake_slack, event)
    await bot.settled()
    assert fake_slack.calls_to("files.info") == []
    assert fake_slack.calls_to("chat.postMessage") == []


@pytest.mark.parametrize(
    ("name", "content", "size", "message"),
    [
        ("annual-report.pdf", b"%PDF-", 50 * 1024 * 1024, "is 50 MB, over the 20 MB"),
        ("scan.pdf", image_only_pdf(), None, "holds no text I can read"),
        ("locked.pdf", locked_pdf([["Secret."]]), None, "is locked with a password"),
        ("minutes.docx", NOTES_MARKDOWN.encode(), None, "is not a Word document, as its name"),
        ("report.docx", b"PK\x03\x04 damaged", None, "could not be read as a Word document"),
        ("minutes.pdf", NOTES_MARKDOWN.encode(), None, "is not a PDF, as its name says"),
        ("empty.txt", b"", None, "is empty"),
    ],
)
async def test_a_bad_file_gets_a_clear_message_and_nothing_is_stored(
    bot: RunningBot,
    fake_slack: FakeSlack,
    name: str,
    content: bytes,
    size: int | None,
    message: str,
) -> None:
    before = await titles_stored(bot)
    event = fake_slack.share_file(name, content, COORDINATOR, size=size)
    await share(bot, fake_slack, event)
    # "Reading …", then what is wrong; a file too large is refused before it is downloaded.
    await fake_slack.wait_for_async("chat.postMessage", 1 if size else 2, timeout=10)
    await bot.settled()
    told = dms_to(fake_slack, COORDINATOR)
    assert message in told[-1]
    assert await titles_stored(bot) == before
    if size is not None:
        assert fake_slack.calls_to(f"download:{event['file_id']}") == []
        assert len(told) == 1


async def test_records_commands_list_explain_and_remove(
    bot: RunningBot, fake_slack: FakeSlack
) -> None:
    listing = await bot.slash(fake_slack, "records", PARTICIPANT)
    assert "*D1* The coalition's report on its dialogue with Kazakhstan" in listing.params["text"]
    how = await bot.slash(fake_slack, "records add", COORDINATOR)
    assert how.params["text"].startswith("To add a record, share the file with me")
    refused = await bot.slash(fake_slack, "records remove D1", PARTICIPANT)
    assert refused.params["text"].startswith("Only coordinators can remove records.")

    event = fake_slack.share_file("shymkent.md", NOTES_MARKDOWN.encode(), COORDINATOR)
    await share(bot, fake_slack, event)
    await fake_slack.wait_for_async("chat.postMessage", 2, timeout=10)
    listing = await bot.slash(fake_slack, "records", PARTICIPANT)
    assert f"*D2* {NOTES_TITLE}" in listing.params["text"]

    removed = await bot.slash(fake_slack, "records remove D2", COORDINATOR)
    assert removed.params["text"].startswith(f"Removed *D2* “{NOTES_TITLE}”")
    question = signed.app_mention(QUESTION, user=PARTICIPANT)
    await bot.post(signed.event_callback(SIGNING_SECRET, question))
    *_, answer = await fake_slack.wait_for_async("chat.postMessage", 3)
    assert answer.params["channel"] == "C111"
    assert "Nurlanov" not in answer.params["text"]
    assert NOTES_TITLE not in answer.params["text"]


async def test_a_file_is_added_with_the_dm_that_confirms_it_or_not_at_all(
    bot: RunningBot, fake_slack: FakeSlack, caplog: pytest.LogCaptureFixture
) -> None:
    # Only the confirmation is refused: the file is fetched and read, its record not kept.
    event = fake_slack.share_file("shymkent.md", NOTES_MARKDOWN.encode(), COORDINATOR)
    unread = "substr(NEW.key, length(NEW.key) - 7) <> '-reading'"
    with outbox_refused(bot.services.store, when=unread):
        await share(bot, fake_slack, event)
        await failure_logged(caplog)
    assert NOTES_TITLE not in await titles_stored(bot)

    again = fake_slack.share_file("shymkent.md", NOTES_MARKDOWN.encode(), COORDINATOR)
    await share(bot, fake_slack, again)
    added = await fake_slack.saying_async("chat.postMessage", "to the library of records", 10)
    assert added.params["channel"] == COORDINATOR
    await bot.settled()
    assert NOTES_TITLE in await titles_stored(bot)

    # A sequence the refused record drew from may have moved on (PostgreSQL's do).
    (ref,) = [r.ref for r in await bot.services.store.run(list_records) if r.title == NOTES_TITLE]
    await refused_command(bot, f"records remove {ref}", COORDINATOR)
    assert NOTES_TITLE in await titles_stored(bot)
    removed = await bot.slash(fake_slack, f"records remove {ref}", COORDINATOR)
    assert removed.params["text"].startswith(f"Removed *{ref}* “{NOTES_TITLE}”")
    assert NOTES_TITLE not in await titles_stored(bot)
