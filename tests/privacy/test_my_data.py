"""`/roundtable my data` and `/roundtable forget me`, end to end through the fake Slack: a person
sees everything kept about them, and erases it after confirming; a signature on a closed letter
stays, and the reply says so."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta

import pytest
from sqlmodel import col, select

from bot.privacy.views import FORGET_ACTION
from storage import letters
from storage.meetings import MeetingRequest, schedule_meeting
from storage.models import (
    AnswerFeedback,
    Invitation,
    LetterChange,
    Meeting,
    Person,
    Question,
    Signature,
)
from tests.support import signed
from tests.support.bot_server import COORDINATOR, SIGNING_SECRET, RunningBot
from tests.support.fake_slack import Call, FakeSlack
from tests.support.refusals import failure_logged, outbox_refused, refused_command

PERSON, OTHER = "U1AIGERIM", "U2BOLAT"


async def command(bot: RunningBot, fake: FakeSlack, text: str, user: str = PERSON) -> Call:
    return await bot.slash(fake, text, user)


def text_of(reply: Call) -> str:
    return str(reply.params["text"])


async def publish(bot: RunningBot, fake: FakeSlack, title: str) -> str:
    now = datetime.now(UTC)
    draft = letters.LetterDraft.checked(
        title=title,
        body="We urge reform.",
        deadline=now + timedelta(days=14),
        timezone="America/New_York",
        channel_id="C200",
    )
    letter = bot.services.store.call(letters.create_letter, draft, COORDINATOR, now)
    await command(bot, fake, f"letter publish {letter.ref}", COORDINATOR)
    return letter.ref


async def a_person_who_used_everything(bot: RunningBot, fake: FakeSlack) -> dict[str, str]:
    """Signatures on a letter later closed, an open one and one withdrawn; an RSVP; a question
    with a 👍; as a person would, through Slack."""
    fake.add_user(PERSON, "Aigerim Nurlanovna", title="Director", tz="Asia/Almaty")
    refs = {
        "closed": await publish(bot, fake, "Letter already sent"),
        "open": await publish(bot, fake, "Letter still open"),
        "withdrawn": await publish(bot, fake, "Letter withdrawn from"),
    }
    for ref in refs.values():
        assert "You signed" in text_of(await command(bot, fake, f"sign {ref} for Faith Org"))
    await command(bot, fake, f"unsign {refs['withdrawn']}")
    await command(bot, fake, f"letter close {refs['closed']}", COORDINATOR)

    now = datetime.now(UTC)
    request = MeetingRequest(
        title="Embassy call",
        starts_at=now + timedelta(days=5),
        timezone="Asia/Almaty",
        channel_id="C0DIALOG",
        invitees=(PERSON,),
        created_by=COORDINATOR,
    )
    meeting = bot.services.store.call(schedule_meeting, request, now)
    await bot.post(
        signed.block_actions(
            SIGNING_SECRET,
            "meeting_rsvp_going",
            str(meeting.id),
            user_id=PERSON,
            response_url=fake.response_url("rsvp"),
        )
    )
    await fake.wait_for_async("response_url:rsvp")

    before = len(fake.calls_to("chat.postMessage"))
    question = signed.dm_message("When did the dialogue begin?", user=PERSON)
    await bot.post(signed.event_callback(SIGNING_SECRET, question))
    await fake.wait_for_async("chat.postMessage", before + 1)
    with bot.services.store.session() as session:
        (asked,) = session.exec(select(Question).where(Question.asked_by == PERSON)).all()
    await bot.post(
        signed.block_actions(
            SIGNING_SECRET,
            "answer_helpful",
            str(asked.id),
            user_id=PERSON,
            response_url=fake.response_url("thanks"),
        )
    )
    await fake.wait_for_async("response_url:thanks")
    return refs


async def test_my_data_shows_a_person_everything_kept_about_them_and_only_to_them(
    bot: RunningBot, fake_slack: FakeSlack
) -> None:
    refs = await a_person_who_used_everything(bot, fake_slack)

    reply = await command(bot, fake_slack, "my data")
    assert reply.params["response_type"] == "ephemeral"
    shown = text_of(reply)
    for expected in (
        "Aigerim Nurlanovna",
        "Director",
        "Faith Org",
        "Asia/Almaty",
        "*Your signatures* (3)",
        *refs.values(),
        "Letter already sent",
        "withdrawn",
        "Embassy call",
        ": Going",
        "“When did the dialogue begin?”",
        "👍 on the answer to",
        "deleted after 90 days",
    ):
        assert expected in shown, expected
    assert "+05" in shown  # times in the person's own zone

    other = text_of(await command(bot, fake_slack, "my data", OTHER))
    assert "Aigerim" not in other
    assert "dialogue begin" not in other
    assert "I keep no profile" in other or "*Your profile*" in other
    assert "Usage" in text_of(await command(bot, fake_slack, "my secrets"))


async def test_forget_me_erases_after_confirmation_but_a_closed_letters_signature(
    bot: RunningBot, fake_slack: FakeSlack
) -> None:
    refs = await a_person_who_used_everything(bot, fake_slack)
    store = bot.services.store

    preview = await command(bot, fake_slack, "forget me")
    text = text_of(preview)
    assert "This erases" in text
    assert f"{refs['closed']} · Letter already sent* stays" in text
    assert "record must show who signed" in text
    (button,) = preview.params["blocks"][-1]["elements"]
    assert button["action_id"] == FORGET_ACTION
    with store.session() as session:  # nothing erased before the confirmation
        assert session.get(Person, PERSON) is not None
        assert len(session.exec(select(Signature)).all()) == 3

    # Pressing the button erases the data of whoever pressed it.
    await bot.post(
        signed.block_actions(
            SIGNING_SECRET,
            FORGET_ACTION,
            "confirm",
            user_id=PERSON,
            response_url=fake_slack.response_url("erased"),
        )
    )
    (done,) = await fake_slack.wait_for_async("response_url:erased")
    said = str(done.params["text"])
    assert said.startswith("Done: I erased what I kept about you.")
    assert f"{refs['closed']} · Letter already sent* stays" in said
    assert "the letter's record must show who signed" in said

    with store.session() as session:
        assert session.get(Person, PERSON) is None
        (kept,) = session.exec(select(Signature)).all()
        assert (kept.user_id, f"L{kept.letter_id}") == (PERSON, refs["closed"])
        assert session.exec(select(Invitation).where(Invitation.user_id == PERSON)).all() == []
        assert session.exec(select(Question).where(Question.asked_by == PERSON)).all() == []
        assert session.exec(select(AnswerFeedback)).all() == []
        actors = session.exec(
            select(LetterChange.letter_id).where(col(LetterChange.actor) == PERSON)
        ).all()
        assert {f"L{i}" for i in actors} == {refs["closed"]}
        assert session.exec(select(Meeting)).one().title == "Embassy call"
    # The open letter's post counts one signature fewer.
    await bot.settled()
    open_id = refs["open"].removeprefix("L")
    updates = [
        c
        for c in fake_slack.calls_to("chat.update")
        if "Letter still open" in json.dumps(c.params.get("blocks"))
    ]
    assert "0 signatures" in json.dumps(updates[-1].params["blocks"]), open_id

    after = text_of(await command(bot, fake_slack, "my data"))
    assert "*Your signatures* (1)" in after
    assert "Letter still open" not in after
    assert "dialogue begin" not in after


async def test_forget_me_confirm_typed_works_too_and_someone_with_nothing_is_told_so(
    bot: RunningBot, fake_slack: FakeSlack
) -> None:
    assert "nothing to erase" in text_of(await command(bot, fake_slack, "forget me", OTHER))
    fake_slack.add_user(PERSON, "Aigerim Nurlanovna")
    ref = await publish(bot, fake_slack, "Letter still open")
    await command(bot, fake_slack, f"sign {ref} for Faith Org")
    done = text_of(await command(bot, fake_slack, "forget me confirm"))
    assert done.startswith("Done: I erased")
    assert "stays" not in done
    with bot.services.store.session() as session:
        assert session.exec(select(Signature)).all() == []
    assert "Usage" in text_of(await command(bot, fake_slack, "forget everyone"))


async def test_nothing_is_erased_that_cannot_be_confirmed(
    bot: RunningBot, fake_slack: FakeSlack, caplog: pytest.LogCaptureFixture
) -> None:
    fake_slack.add_user(PERSON, "Aigerim Nurlanovna")
    ref = await publish(bot, fake_slack, "Letter still open")
    await command(bot, fake_slack, f"sign {ref} for Faith Org")

    def kept() -> tuple[bool, int]:
        with bot.services.store.session() as session:
            signed_by = select(Signature).where(Signature.user_id == PERSON)
            return session.get(Person, PERSON) is not None, len(session.exec(signed_by).all())

    # By command, and by the button (whose answer comes after its acknowledgement).
    await refused_command(bot, "forget me confirm", PERSON)
    assert kept() == (True, 1)
    with outbox_refused(bot.services.store):
        await bot.post(
            signed.block_actions(SIGNING_SECRET, FORGET_ACTION, "confirm", user_id=PERSON)
        )
        await failure_logged(caplog)
    assert kept() == (True, 1)

    done = text_of(await command(bot, fake_slack, "forget me confirm"))
    assert done.startswith("Done: I erased")
    assert kept() == (False, 0)
