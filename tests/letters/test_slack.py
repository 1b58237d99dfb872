"""Coalition letters end to end: signed HTTP requests to the real Bolt app, Slack's side observed
at the fake Web API, the outcome in the real store."""

from __future__ import annotations

import asyncio
import csv
import io
import json
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlmodel import select

from bot.kit.dates import local_time
from bot.letters.views import (
    COMPOSE_ACTION,
    COMPOSE_VIEW,
    CONFIRM_ACTION,
    SIGN_ACTION,
    SIGN_VIEW,
)
from storage import letters, signatures
from storage.models import Signature
from tests.support import signed
from tests.support.bot_server import COORDINATOR, SIGNING_SECRET, RunningBot
from tests.support.fake_slack import Call, FakeSlack

NOW = datetime(2026, 12, 1, 15, 0, tzinfo=UTC)
DEADLINE = NOW + timedelta(days=14)


class Clock:
    def __init__(self) -> None:
        self.now = NOW

    def __call__(self) -> datetime:
        return self.now


async def command(bot: RunningBot, fake: FakeSlack, text: str, user: str = "U111") -> str:
    reply = await bot.slash(fake, text, user)
    assert reply.params["response_type"] == "ephemeral"
    return str(reply.params["text"]) + json.dumps(reply.params.get("blocks") or [])


async def published_letter(bot: RunningBot, fake: FakeSlack, **changes: Any) -> int:
    draft = letters.LetterDraft.checked(
        **{
            "title": "Letter on the 2011 Religion Law",
            "body": "We, the undersigned, urge *reform*.",
            "deadline": DEADLINE,
            "timezone": "America/New_York",
            "channel_id": "C200",
            "addressees": "U.S. government leaders",
        }
        | changes
    )
    letter = bot.services.store.call(letters.create_letter, draft, COORDINATOR, NOW)
    posts = len(fake.calls_to("chat.postMessage"))
    reply = await command(bot, fake, f"letter publish {letter.ref}", user=COORDINATOR)
    assert f"Published *{letter.ref}" in reply
    # The post was committed with the reply; it goes to another conversation, side by side.
    await fake.wait_for_async("chat.postMessage", posts + 1)
    assert letter.id is not None
    # The post leaves through the outbox beside the reply, not necessarily before it.
    deadline = asyncio.get_running_loop().time() + 5
    while not any(letter.ref in json.dumps(c.params) for c in fake.calls_to("chat.postMessage")):
        assert asyncio.get_running_loop().time() < deadline, f"{letter.ref} was never posted"
        await asyncio.sleep(0.02)
    return letter.id


def sign_values(name: str, organization: str, capacity: str = "on_behalf") -> dict[str, Any]:
    values = signed.plain_text_values(
        {
            "name": {"value": name},
            "title": {"value": "Director"},
            "organization": {"value": organization},
            "comment": {"value": ""},
        }
    )
    values["capacity"] = {
        "value": {"type": "radio_buttons", "selected_option": {"value": capacity}}
    }
    return values


def stored(bot: RunningBot) -> list[Signature]:
    with bot.services.store.session() as session:
        return list(session.exec(select(Signature).where(Signature.withdrawn_at == None)).all())  # noqa: E711


def dms_to(fake: FakeSlack, user: str) -> list[str]:
    return [
        str(c.params["text"])
        for c in fake.calls_to("chat.postMessage")
        if c.params["channel"] == user
    ]


async def updated_to(fake: FakeSlack, bot: RunningBot, text: str) -> Call:
    """The letter's post, once the outbox has sent its latest edit."""
    deadline = asyncio.get_running_loop().time() + 5
    while True:
        updates = fake.calls_to("chat.update")
        if updates and text in updates[-1].params["text"]:
            return updates[-1]
        assert asyncio.get_running_loop().time() < deadline, [u.params["text"] for u in updates]
        await asyncio.sleep(0.05)


async def test_sign_on_button_modal_submission_confirms_and_updates_the_count(
    bot: RunningBot, fake_slack: FakeSlack, clock: Clock
) -> None:
    letter_id = await published_letter(bot, fake_slack)
    (post,) = fake_slack.calls_to("chat.postMessage")
    assert post.params["channel"] == "C200"
    assert "0 signatures" in json.dumps(post.params["blocks"])
    button = post.params["blocks"][-1]["elements"][0]
    assert (button["action_id"], button["value"]) == (SIGN_ACTION, str(letter_id))

    fake_slack.add_user(
        "U111", "Aigerim <b>N.</b>", title="Director of <!channel>", tz="Asia/Almaty"
    )
    await bot.post(signed.block_actions(SIGNING_SECRET, SIGN_ACTION, str(letter_id)))
    (opened,) = await fake_slack.wait_for_async("views.open")
    view = opened.params["view"]
    initial = {
        b["block_id"]: b["element"].get("initial_value")
        for b in view["blocks"]
        if b["type"] == "input"
    }
    assert initial["name"] == "Aigerim <b>N.</b>"
    assert initial["title"] == "Director of <!channel>"

    submission = signed.view_submission(
        SIGNING_SECRET,
        SIGN_VIEW,
        sign_values("Aigerim <b>N.</b>", "<!here> Faith & Law"),
        private_metadata=view["private_metadata"],
    )
    answer = await bot.post(submission)
    assert answer.status == 200
    assert answer.seconds < 3.0
    await fake_slack.wait_for_async("chat.postMessage", 2)
    (confirmation,) = dms_to(fake_slack, "U111")
    assert confirmation.startswith("You signed *L")
    # The deadline in the signer's own time (not the letter's), as Slack told us on opening.
    assert local_time(DEADLINE, "Asia/Almaty") in confirmation
    assert "&lt;!here&gt; Faith &amp; Law" in confirmation
    assert "<!here>" not in confirmation
    await updated_to(fake_slack, bot, "1 signature")

    # The same modal submitted twice stores nothing twice.
    await bot.post(submission)
    await fake_slack.wait_for_async("chat.postMessage", 3)
    assert "already recorded" in dms_to(fake_slack, "U111")[-1]
    assert [(s.user_id, s.organization, s.on_behalf) for s in stored(bot)] == [
        ("U111", "<!here> Faith & Law", True)
    ]

    # The next letter's form starts from the organization signed with last.
    second = await published_letter(bot, fake_slack, title="Second letter")
    await bot.post(signed.block_actions(SIGNING_SECRET, SIGN_ACTION, str(second)))
    opened_again = (await fake_slack.wait_for_async("views.open", 2))[-1]
    fields = {
        b["block_id"]: b["element"].get("initial_value")
        for b in opened_again.params["view"]["blocks"]
        if b["type"] == "input"
    }
    assert fields["organization"] == "<!here> Faith & Law"


async def test_bad_modal_input_is_shown_beside_the_field_and_stores_nothing(
    bot: RunningBot, fake_slack: FakeSlack, clock: Clock
) -> None:
    letter_id = await published_letter(bot, fake_slack)
    metadata = json.dumps({"letter": letter_id})
    for organization, message in (("  ", "Organization is empty"), ("x" * 10_000, "too long")):
        answer = await bot.post(
            signed.view_submission(
                SIGNING_SECRET,
                SIGN_VIEW,
                sign_values("Ann", organization),
                private_metadata=metadata,
            )
        )
        errors = json.loads(answer.body)
        assert errors["response_action"] == "errors"
        assert message in errors["errors"]["organization"]
    assert stored(bot) == []


async def test_command_signing_withdrawal_and_the_deadline(
    bot: RunningBot, fake_slack: FakeSlack, clock: Clock
) -> None:
    letter_id = await published_letter(bot, fake_slack)
    ref = f"L{letter_id}"

    # Without a known organization the bot asks for it, with a button for the form.
    fake_slack.add_user("U111", "Aigerim N.", title="Director")
    asked = await command(bot, fake_slack, f"sign {ref}")
    assert "Which organization do you sign with?" in asked
    assert (
        f"`/roundtable sign {ref} on behalf of Acme Faith Coalition` signs on its behalf" in asked
    )
    assert SIGN_ACTION in asked
    assert stored(bot) == []

    signed_reply = await command(bot, fake_slack, f"sign {ref} on behalf of Faith Org")
    assert "You signed" in signed_reply
    assert "Aigerim N., Director, Faith Org, on behalf of Faith Org" in signed_reply
    await updated_to(fake_slack, bot, "1 signature")
    listing = await command(bot, fake_slack, "letters")
    assert f"*{ref} · Letter on the 2011 Religion Law* — Open until" in listing
    assert "you signed" in listing

    assert "withdrawn" in await command(bot, fake_slack, f"unsign {ref}")
    await updated_to(fake_slack, bot, "0 signatures")
    assert "nothing to withdraw" in await command(bot, fake_slack, f"unsign {ref}")
    # Signing again without "on behalf of" reuses the organization, for identification only.
    again = await command(bot, fake_slack, f"sign {ref}")
    assert "Faith Org, your organization named for identification only" in again

    clock.now = DEADLINE + timedelta(minutes=1)
    assert "deadline for" in await command(bot, fake_slack, f"sign {ref} for Other Org")
    assert "deadline for" in await command(bot, fake_slack, f"unsign {ref}")
    assert [(s.organization, s.on_behalf) for s in stored(bot)] == [("Faith Org", False)]

    assert "There is no letter L999" in await command(bot, fake_slack, "sign L999 for X")
    not_a_ref = await command(bot, fake_slack, "sign <!channel> for X")
    assert "is not a letter reference" in not_a_ref
    assert "<!channel>" not in not_a_ref


async def test_export_uploads_the_csv_and_the_letter_to_the_coordinator_only(
    bot: RunningBot, fake_slack: FakeSlack, clock: Clock
) -> None:
    letter_id = await published_letter(bot, fake_slack, signers_visible_to="coordinators")
    ref = f"L{letter_id}"
    fake_slack.add_user("U111", "Aigerim N.", title="Director")
    await command(bot, fake_slack, f"sign {ref} on behalf of Faith Org")

    refused = await command(bot, fake_slack, f"letter export {ref}")
    assert "Only coordinators" in refused
    shown = await command(bot, fake_slack, f"letter {ref}")
    assert "1 signature" in shown
    assert "Aigerim" not in shown  # this letter's signers are for coordinators' eyes
    assert "Aigerim N., Director, Faith Org" in await command(
        bot, fake_slack, f"letter {ref}", user=COORDINATOR
    )

    reply = await command(bot, fake_slack, f"letter export {ref}", user=COORDINATOR)
    assert "direct message" in reply
    await fake_slack.wait_for_async("files.completeUploadExternal")
    uploads = {u.filename: u for u in fake_slack.completed_uploads()}
    assert set(uploads) == {f"{ref}-signatures.csv", f"{ref}-letter.md"}
    assert uploads[f"{ref}-signatures.csv"].channel == "D" + COORDINATOR
    (row,) = csv.DictReader(io.StringIO(uploads[f"{ref}-signatures.csv"].text))
    assert (row["name"], row["organization"], row["capacity"]) == (
        "Aigerim N.",
        "Faith Org",
        "on behalf of organization",
    )
    assert "1. Aigerim N., Director, Faith Org" in uploads[f"{ref}-letter.md"].text


async def test_coordinator_form_publishes_and_changes_are_announced_in_the_thread(
    bot: RunningBot, fake_slack: FakeSlack, clock: Clock
) -> None:
    assert "Only coordinators" in await command(bot, fake_slack, "letter new")
    await bot.post(signed.block_actions(SIGNING_SECRET, COMPOSE_ACTION, "", user_id="U111"))
    (notice,) = await fake_slack.wait_for_async("chat.postEphemeral")
    assert "Only coordinators" in notice.params["text"]
    assert not fake_slack.calls_to("views.open")
    fake_slack.clear()
    # The command opens the form at once, with the trigger Slack sent along with it...
    await bot.post(
        signed.slash_command(SIGNING_SECRET, "letter new", user_id=COORDINATOR, trigger_id="t1")
    )
    (opened,) = await fake_slack.wait_for_async("views.open")
    assert opened.params["trigger_id"] == "t1"
    assert opened.params["view"]["callback_id"] == COMPOSE_VIEW
    fake_slack.clear()
    # ...and where Slack will not open it (the trigger expired), a button opens it instead.
    fake_slack.override("views.open", {"ok": False, "error": "expired_trigger_id"})
    assert COMPOSE_ACTION in await command(bot, fake_slack, "letter new", user=COORDINATOR)
    fake_slack.override("views.open", None)
    await bot.post(signed.block_actions(SIGNING_SECRET, COMPOSE_ACTION, "", user_id=COORDINATOR))
    opened = (await fake_slack.wait_for_async("views.open", count=2))[-1]
    assert opened.params["view"]["callback_id"] == COMPOSE_VIEW

    def form(body: str, metadata: str, user: str = COORDINATOR) -> tuple[str, dict[str, str]]:
        values = signed.plain_text_values(
            {
                "title": {"value": "Letter <!channel>"},
                "body": {"value": body},
                "addressees": {"value": "Congress"},
                "timezone": {"value": "Asia/Almaty"},
            }
        )
        values["deadline"] = {
            "value": {"type": "datetimepicker", "selected_date_time": int(DEADLINE.timestamp())}
        }
        values["channel"] = {
            "value": {"type": "conversations_select", "selected_conversation": "C300"}
        }
        values["on_behalf"] = {
            "value": {"type": "checkboxes", "selected_options": [{"value": "yes"}]}
        }
        values["visibility"] = {
            "value": {"type": "radio_buttons", "selected_option": {"value": "coalition"}}
        }
        values["publish"] = {
            "value": {"type": "checkboxes", "selected_options": [{"value": "yes"}]}
        }
        return signed.view_submission(
            SIGNING_SECRET, COMPOSE_VIEW, values, user_id=user, private_metadata=metadata
        )

    # Only coordinators' submissions count, checked on the server.
    refused = await bot.post(form("Text", "{}", user="U111"))
    assert "Only coordinators" in json.loads(refused.body)["errors"]["title"]
    await bot.post(form("We urge *reform*.", opened.params["view"]["private_metadata"]))
    post = next(
        c
        for c in await fake_slack.wait_for_async("chat.postMessage", 2)
        if c.params["channel"] == "C300"
    )
    assert "Letter &lt;!channel&gt;" in post.params["text"]
    assert any("Published" in text for text in dms_to(fake_slack, COORDINATOR))
    (letter,) = [
        o.letter
        for o in bot.services.store.call(signatures.letters_for, "U1", NOW, include_drafts=False)
    ]
    ts = fake_slack.history["C300"][0]["ts"]

    fake_slack.add_user("U111", "Aigerim N.")
    await command(bot, fake_slack, f"sign {letter.ref} for Faith Org")
    fake_slack.clear()
    await bot.post(form("We urge *real* reform.", json.dumps({"letter": letter.id})))
    await fake_slack.wait_for_async("chat.postMessage", 3)
    threaded = [
        c for c in fake_slack.calls_to("chat.postMessage") if c.params.get("thread_ts") == ts
    ]
    assert "version 2" in threaded[0].params["text"]
    (ask,) = [c for c in fake_slack.calls_to("chat.postMessage") if c.params["channel"] == "U111"]
    assert "Please read it again and confirm" in ask.params["text"]
    assert CONFIRM_ACTION in json.dumps(ask.params["blocks"])
    # Confirming opens the form with the signature as it was given.
    await bot.post(signed.block_actions(SIGNING_SECRET, CONFIRM_ACTION, str(letter.id)))
    (confirm_form,) = await fake_slack.wait_for_async("views.open")
    prefilled = {
        b["block_id"]: b["element"].get("initial_value")
        for b in confirm_form.params["view"]["blocks"]
        if b["type"] == "input"
    }
    assert (prefilled["name"], prefilled["organization"]) == ("Aigerim N.", "Faith Org")
    told = [
        c for c in fake_slack.calls_to("chat.postMessage") if c.params["channel"] == COORDINATOR
    ]
    assert "(version 2). 1 earlier signer was asked to confirm." in told[-1].params["text"]

    await command(bot, fake_slack, f"letter extend {letter.ref} 2026-12-20T17:00", user=COORDINATOR)
    await command(bot, fake_slack, f"letter close {letter.ref}", user=COORDINATOR)
    await bot.settled()  # the thread is another conversation than the replies: it may lag
    announcements = [
        c.params["text"]
        for c in fake_slack.calls_to("chat.postMessage")
        if c.params.get("thread_ts") == ts
    ]
    assert "new deadline: Sunday 20 December 2026, 5:00 PM +05" in announcements[-2]
    assert "closed" in announcements[-1]
    assert "is closed" in await command(bot, fake_slack, f"sign {letter.ref} for X", user="U222")


async def test_many_signatures_at_once_update_the_post_a_few_times_only(
    bot: RunningBot, fake_slack: FakeSlack, clock: Clock
) -> None:
    letter_id = await published_letter(bot, fake_slack)
    metadata = json.dumps({"letter": letter_id})
    submissions = [
        signed.view_submission(
            SIGNING_SECRET,
            SIGN_VIEW,
            sign_values(f"Person {n}", "Org"),
            user_id=f"U{n:04d}",
            private_metadata=metadata,
        )
        for n in range(30)
    ]
    answers = await asyncio.gather(*(bot.post(s) for s in submissions))
    assert {a.status for a in answers} == {200}
    await fake_slack.wait_for_async("chat.postMessage", 31, timeout=30)
    await updated_to(fake_slack, bot, "30 signatures")
    assert len(stored(bot)) == 30
    assert len(fake_slack.calls_to("chat.update")) < 30


async def test_the_form_keeps_a_text_longer_than_it_can_hold(
    bot: RunningBot, fake_slack: FakeSlack, clock: Clock
) -> None:
    long_text = "Paragraph of the letter.\n" * 400  # 10,000 characters, from the CLI
    draft = letters.LetterDraft.checked(
        title="Long letter", body=long_text, deadline=DEADLINE, timezone="UTC", channel_id="C1"
    )
    letter = bot.services.store.call(letters.create_letter, draft, COORDINATOR, NOW)
    await bot.post(
        signed.slash_command(SIGNING_SECRET, f"letter edit {letter.ref}", user_id=COORDINATOR)
    )
    (opened,) = await fake_slack.wait_for_async("views.open")
    blocks = opened.params["view"]["blocks"]
    assert "body" not in [b.get("block_id") for b in blocks]
    assert "longer than this form can hold" in json.dumps(blocks)

    values = signed.plain_text_values({"title": {"value": "Long letter, revised"}})
    values["deadline"] = {"value": {"selected_date_time": int(DEADLINE.timestamp())}}
    values["channel"] = {"value": {"selected_conversation": "C1"}}
    submission = signed.view_submission(
        SIGNING_SECRET,
        COMPOSE_VIEW,
        values,
        user_id=COORDINATOR,
        private_metadata=opened.params["view"]["private_metadata"],
    )
    assert (await bot.post(submission)).status == 200
    (saved,) = await fake_slack.wait_for_async("chat.postMessage")
    assert "Saved *L" in saved.params["text"]
    kept = bot.services.store.call(letters.find_letter, letter.ref)
    assert (kept.title, kept.body) == ("Long letter, revised", long_text.strip())
