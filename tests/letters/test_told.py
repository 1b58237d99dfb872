"""Write, then confirm: every change to a letter is committed with what tells of it (the reply, the
post's count, the news in its thread), so that an outbox that cannot be written leaves the letter
as it was, and a change made is always told."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest
import sqlalchemy as sa
from sqlmodel import func, select

from bot.app import job_services
from bot.letters.views import COMPOSE_VIEW, SIGN_VIEW
from jobs.letter_deadlines import close_at_deadline
from storage import letters
from storage.models import Letter, LetterChange, LetterStatus
from tests.letters.test_slack import (
    DEADLINE,
    NOW,
    Clock,
    command,
    dms_to,
    published_letter,
    sign_values,
    stored,
)
from tests.support import signed
from tests.support.bot_server import COORDINATOR, SIGNING_SECRET, RunningBot
from tests.support.fake_slack import FakeSlack
from tests.support.refusals import outbox_refused, refused_command


def state(bot: RunningBot, letter_id: int) -> tuple[object, ...]:
    """The letter as stored, with the number of changes in its audit trail."""
    with bot.services.store.session() as session:
        letter = letters.find_letter(session, letter_id)
        audited = session.exec(
            select(func.count()).where(LetterChange.letter_id == letter_id)
        ).one()
        return letter.status, letter.deadline, letter.version, audited


def thread_of(fake: FakeSlack, channel: str = "C200") -> list[str]:
    ts = fake.history[channel][0]["ts"]
    return [
        str(c.params["text"])
        for c in fake.calls_to("chat.postMessage")
        if c.params.get("thread_ts") == ts
    ]


async def test_a_coordinators_change_is_made_with_its_reply_and_its_news_or_not_at_all(
    bot: RunningBot, fake_slack: FakeSlack, clock: Clock
) -> None:
    letter_id = await published_letter(bot, fake_slack)
    ref = f"L{letter_id}"
    changes = {
        f"letter extend {ref} 2026-12-20T17:00": "has a new deadline",
        f"letter close {ref}": "closed: signatures are no longer collected",
        f"letter reopen {ref} 2026-12-24T17:00": "is open again until",
    }
    for text, news in changes.items():
        before = state(bot, letter_id)
        await refused_command(bot, text, COORDINATOR)
        assert state(bot, letter_id) == before, text

        reply = await command(bot, fake_slack, text, user=COORDINATOR)
        assert news in reply
        assert state(bot, letter_id) != before
        await bot.settled()
        assert news in thread_of(fake_slack)[-1]
    assert state(bot, letter_id)[0] == LetterStatus.OPEN


async def test_a_letter_is_published_with_the_reply_that_says_so_or_stays_a_draft(
    bot: RunningBot, fake_slack: FakeSlack, clock: Clock
) -> None:
    draft = letters.LetterDraft.checked(
        title="On the Religion Law",
        body="We urge reform.",
        deadline=DEADLINE,
        timezone="America/New_York",
        channel_id="C200",
    )
    letter = bot.services.store.call(letters.create_letter, draft, COORDINATOR, NOW)
    assert letter.id is not None
    await refused_command(bot, f"letter publish {letter.ref}", COORDINATOR)
    assert state(bot, letter.id)[0] == LetterStatus.DRAFT

    reply = await command(bot, fake_slack, f"letter publish {letter.ref}", user=COORDINATOR)
    assert f"Published *{letter.ref}" in reply
    assert state(bot, letter.id)[0] == LetterStatus.OPEN
    (post,) = await fake_slack.wait_for_async("chat.postMessage")
    assert post.params["channel"] == "C200"


async def test_a_signature_and_its_withdrawal_by_command_are_made_with_their_replies(
    bot: RunningBot, fake_slack: FakeSlack, clock: Clock
) -> None:
    letter_id = await published_letter(bot, fake_slack)
    fake_slack.add_user("U111", "Aigerim N.", title="Director")
    await refused_command(bot, f"sign L{letter_id} Faith Org", "U111")
    assert stored(bot) == []
    assert "You signed" in await command(bot, fake_slack, f"sign L{letter_id} Faith Org")
    assert len(stored(bot)) == 1

    await refused_command(bot, f"unsign L{letter_id}", "U111")
    assert len(stored(bot)) == 1
    assert "is withdrawn" in await command(bot, fake_slack, f"unsign L{letter_id}")
    assert stored(bot) == []


async def test_the_letter_form_stores_nothing_it_cannot_confirm(
    bot: RunningBot, fake_slack: FakeSlack, clock: Clock
) -> None:
    values = signed.plain_text_values(
        {
            "title": {"value": "On the Religion Law"},
            "body": {"value": "We urge reform."},
            "addressees": {"value": ""},
            "timezone": {"value": "Asia/Almaty"},
        }
    )
    values["deadline"] = {
        "value": {"type": "datetimepicker", "selected_date_time": int(DEADLINE.timestamp())}
    }
    values["channel"] = {"value": {"type": "conversations_select", "selected_conversation": "C300"}}
    values["publish"] = {"value": {"type": "checkboxes", "selected_options": [{"value": "yes"}]}}
    form = signed.view_submission(
        SIGNING_SECRET, COMPOSE_VIEW, values, user_id=COORDINATOR, private_metadata="{}"
    )

    def count() -> int:
        with bot.services.store.session() as session:
            return int(session.exec(select(func.count()).select_from(Letter)).one())

    before = count()  # the seed's letters
    with outbox_refused(bot.services.store):
        await bot.post(form)
    assert count() == before

    answer = await bot.post(form)
    assert answer.status == 200
    assert count() == before + 1
    await fake_slack.wait_for_async("chat.postMessage", 2)
    assert any("Published" in text for text in dms_to(fake_slack, COORDINATOR))


async def test_the_sign_on_form_stores_no_signature_it_cannot_confirm(
    bot: RunningBot, fake_slack: FakeSlack, clock: Clock
) -> None:
    letter_id = await published_letter(bot, fake_slack)
    submission = signed.view_submission(
        SIGNING_SECRET,
        SIGN_VIEW,
        sign_values("Ann", "Faith Org"),
        private_metadata=json.dumps({"letter": letter_id, "version": 1}),
    )
    with outbox_refused(bot.services.store):
        await bot.post(submission)
    assert stored(bot) == []
    await bot.post(submission)
    assert len(stored(bot)) == 1
    await fake_slack.wait_for_async("chat.postMessage", 2)
    assert dms_to(fake_slack, "U111")[-1].startswith("You signed")


async def test_a_letter_closed_at_its_deadline_is_told_in_its_thread_or_stays_open(
    bot: RunningBot, fake_slack: FakeSlack, clock: Clock
) -> None:
    letter_id = await published_letter(bot, fake_slack)
    clock.now = DEADLINE + timedelta(minutes=1)
    jobs = job_services(bot.services)
    with outbox_refused(bot.services.store), pytest.raises(sa.exc.DBAPIError):
        await close_at_deadline(jobs)
    assert state(bot, letter_id)[0] == LetterStatus.OPEN

    assert await close_at_deadline(jobs) == 1
    assert state(bot, letter_id)[0] == LetterStatus.CLOSED
    await bot.settled()
    assert thread_of(fake_slack)
