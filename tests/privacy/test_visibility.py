"""Who sees what, end to end through the fake Slack: a private channel's meeting only by its
members and invitees, a draft letter only by coordinators, hidden signers by no one else; in the
lists, in the details, in sign attempts and in the answers to questions."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta

import pytest
from sqlmodel import select

from storage import letters, signatures
from storage.meetings import MeetingRequest, schedule_meeting
from storage.models import Invitation, Meeting
from storage.outcomes import log_outcome
from tests.support import signed
from tests.support.bot_server import COORDINATOR, SIGNING_SECRET, RunningBot
from tests.support.fake_slack import BOT_USER_ID, FakeSlack

MEMBER, INVITED, OUTSIDER = "U1MEMBER", "U2INVITED", "U3OUTSIDER"
PRIVATE, PUBLIC = "G0SECRET", "C0PUBLIC"
SECRET = "Secret embassy call"
CALL_LINK = "https://teams.example/j/123?pwd=hunter2"


@pytest.fixture
def meetings(bot: RunningBot, fake_slack: FakeSlack) -> None:
    """A meeting in a private channel (sooner) and one in a public channel (later)."""
    fake_slack.channel_members[PRIVATE] = [BOT_USER_ID, MEMBER, COORDINATOR]
    fake_slack.channel_members[PUBLIC] = [BOT_USER_ID, MEMBER, OUTSIDER]
    now = datetime.now(UTC)
    for title, channel, days, place, invitees in (
        (SECRET, PRIVATE, 3, CALL_LINK, (INVITED,)),
        ("Open briefing", PUBLIC, 10, "", ()),
    ):
        request = MeetingRequest(
            title=title,
            starts_at=now + timedelta(days=days),
            timezone="Asia/Almaty",
            channel_id=channel,
            place=place,
            invitees=invitees,
            created_by=COORDINATOR,
        )
        bot.services.store.call(schedule_meeting, request, now)


async def command(bot: RunningBot, fake: FakeSlack, text: str, user: str) -> str:
    reply = await bot.slash(fake, text, user)
    return str(reply.params["text"]) + json.dumps(reply.params.get("blocks") or [])


async def answered(bot: RunningBot, fake: FakeSlack, event: dict[str, object]) -> str:
    before = len(fake.calls_to("chat.postMessage"))
    await bot.post(signed.event_callback(SIGNING_SECRET, event))
    calls = await fake.wait_for_async("chat.postMessage", before + 1)
    return str(calls[-1].params["text"])


@pytest.mark.usefixtures("meetings")
async def test_a_private_channels_meeting_is_listed_to_its_members_and_invitees_only(
    bot: RunningBot, fake_slack: FakeSlack
) -> None:
    outsider = await command(bot, fake_slack, "meetings", OUTSIDER)
    assert "Open briefing" in outsider
    assert SECRET not in outsider
    assert "hunter2" not in outsider
    for user in (MEMBER, INVITED):
        listing = await command(bot, fake_slack, "meetings", user)
        assert SECRET in listing, user
        assert "Open briefing" in listing, user

    # Joining the channel shows it (Slack is asked again once the minute's memory is over).
    fake_slack.channel_members[PRIVATE].append(OUTSIDER)
    bot.services.visibility.forget()
    assert SECRET in await command(bot, fake_slack, "meetings", OUTSIDER)


@pytest.mark.usefixtures("meetings")
async def test_a_private_meeting_takes_no_rsvp_from_someone_who_may_not_see_it(
    bot: RunningBot, fake_slack: FakeSlack
) -> None:
    await bot.post(
        signed.block_actions(
            SIGNING_SECRET,
            "meeting_rsvp_going",
            "1",
            user_id=OUTSIDER,
            response_url=fake_slack.response_url("rsvp"),
        )
    )
    (reply,) = await fake_slack.wait_for_async("response_url:rsvp")
    assert "There is no meeting M1" in reply.params["text"]
    assert SECRET not in reply.params["text"]
    with bot.services.store.session() as session:
        invited = {i.user_id for i in session.exec(select(Invitation))}
    assert invited == {INVITED}


@pytest.mark.usefixtures("meetings")
async def test_answers_about_the_next_meeting_show_only_what_their_readers_may_see(
    bot: RunningBot, fake_slack: FakeSlack
) -> None:
    question = "When is the next meeting?"
    # Someone outside the private channel, in a DM and with /roundtable ask.
    dm = await answered(bot, fake_slack, signed.dm_message(question, user=OUTSIDER))
    assert "Open briefing" in dm
    assert SECRET not in dm
    assert "hunter2" not in dm
    asked = await command(bot, fake_slack, f"ask {question}", OUTSIDER)
    assert "Open briefing" in asked
    assert SECRET not in asked

    # A member, privately and in the private channel, is told of it.
    assert SECRET in await answered(bot, fake_slack, signed.dm_message(question, user=MEMBER))
    inside = signed.app_mention(question, user=MEMBER, channel=PRIVATE)
    assert SECRET in await answered(bot, fake_slack, inside)
    # But an answer posted in a public channel is read by everyone there: not a word of it.
    public = await answered(
        bot, fake_slack, signed.app_mention(question, user=MEMBER, channel=PUBLIC)
    )
    assert "Open briefing" in public
    assert SECRET not in public
    assert "hunter2" not in public


@pytest.mark.usefixtures("meetings")
async def test_when_slack_cannot_say_whether_a_channel_is_private_its_meeting_stays_hidden(
    bot: RunningBot, fake_slack: FakeSlack
) -> None:
    fake_slack.override("conversations.info", {"ok": False, "error": "internal_error"})
    # Every channel counts as private until Slack says otherwise: its members alone see it.
    nobody = await command(bot, fake_slack, "meetings", "U4NOBODY")
    assert SECRET not in nobody
    assert "Open briefing" not in nobody
    assert SECRET in await command(bot, fake_slack, "meetings", MEMBER)
    # Invitees still see theirs: that needs no word from Slack.
    assert SECRET in await command(bot, fake_slack, "meetings", INVITED)


DRAFT_TITLE = "Registration of religious communities: a new appeal"


@pytest.fixture
def draft_letter(bot: RunningBot) -> int:
    draft = letters.LetterDraft.checked(
        title=DRAFT_TITLE,
        body="We, the undersigned, urge reform.",
        deadline=datetime.now(UTC) + timedelta(days=14),
        timezone="America/New_York",
        channel_id="C200",
    )
    letter = bot.services.store.call(letters.create_letter, draft, COORDINATOR, datetime.now(UTC))
    assert letter.id is not None
    return letter.id


async def test_a_draft_letter_is_for_coordinators_everywhere(
    bot: RunningBot, fake_slack: FakeSlack, draft_letter: int
) -> None:
    ref = f"L{draft_letter}"
    fake_slack.add_user(OUTSIDER, "Aigerim N.", title="Director")
    assert DRAFT_TITLE not in await command(bot, fake_slack, "letters", OUTSIDER)
    assert DRAFT_TITLE in await command(bot, fake_slack, "letters", COORDINATOR)
    shown = await command(bot, fake_slack, f"letter {ref}", OUTSIDER)
    assert f"There is no letter {ref}" in shown
    assert DRAFT_TITLE not in shown
    signing = await command(bot, fake_slack, f"sign {ref} for Faith Org", OUTSIDER)
    assert f"There is no letter {ref}" in signing

    # The Sign on button and a submitted form, crafted for the draft, are refused alike.
    await bot.post(
        signed.block_actions(SIGNING_SECRET, "letter_sign", str(draft_letter), user_id=OUTSIDER)
    )
    (opened,) = await fake_slack.wait_for_async("views.open")
    notice = json.dumps(opened.params["view"])
    assert "There is no letter" in notice
    assert DRAFT_TITLE not in notice
    values = signed.plain_text_values(
        {
            "name": {"value": "Aigerim N."},
            "title": {"value": ""},
            "organization": {"value": "Faith Org"},
            "comment": {"value": ""},
        }
    )
    refused = await bot.post(
        signed.view_submission(
            SIGNING_SECRET,
            "letter_sign_modal",
            values,
            user_id=OUTSIDER,
            private_metadata=json.dumps({"letter": draft_letter}),
        )
    )
    assert f"There is no letter {ref}" in json.loads(refused.body)["errors"]["name"]
    assert bot.services.store.call(signatures.signature_count, draft_letter) == 0

    # Questions never name it, whatever words they borrow from its title.
    for question in (
        "Who signed the letter on registration of religious communities?",
        "Which letter about registration of communities was signed?",
    ):
        answer = await answered(bot, fake_slack, signed.dm_message(question, user=OUTSIDER))
        assert DRAFT_TITLE not in answer, question
        asked = await command(bot, fake_slack, f"ask {question}", OUTSIDER)
        assert DRAFT_TITLE not in asked, question


async def test_hidden_signers_are_shown_to_no_one_else_not_even_in_answers(
    bot: RunningBot, fake_slack: FakeSlack
) -> None:
    now = datetime.now(UTC)
    draft = letters.LetterDraft.checked(
        title="Letter on registration of communities",
        body="We urge reform.",
        deadline=now + timedelta(days=14),
        timezone="America/New_York",
        channel_id="C200",
        signers_visible_to="coordinators",
    )
    letter = bot.services.store.call(letters.create_letter, draft, COORDINATOR, now)
    assert letter.id is not None
    await command(bot, fake_slack, f"letter publish {letter.ref}", COORDINATOR)
    fake_slack.add_user(MEMBER, "Zhanna Quietsigner", title="Pastor")
    signed_on = await command(bot, fake_slack, f"sign {letter.ref} for Grace Church", MEMBER)
    assert "You signed" in signed_on

    shown = await command(bot, fake_slack, f"letter {letter.ref}", OUTSIDER)
    assert "1 signature" in shown
    assert "Quietsigner" not in shown
    assert "Quietsigner" in await command(bot, fake_slack, f"letter {letter.ref}", COORDINATOR)
    for question in (
        "Who signed the letter on registration of communities?",
        "Did Zhanna Quietsigner sign the letter?",
    ):
        answer = await answered(bot, fake_slack, signed.dm_message(question, user=OUTSIDER))
        assert "Quietsigner" not in answer
        assert "Grace Church" not in answer


@pytest.mark.usefixtures("meetings")
async def test_a_private_meetings_logged_outcome_stays_with_those_who_may_see_the_meeting(
    bot: RunningBot, fake_slack: FakeSlack
) -> None:
    store = bot.services.store
    with store.session() as session:
        secret = session.exec(select(Meeting).where(Meeting.title == SECRET)).one()
    assert secret.id is not None
    outcome = "The ministry agreed to review the registration threshold for small communities."
    store.call(log_outcome, secret.id, outcome, COORDINATOR, datetime.now(UTC) + timedelta(days=4))

    question = "What did the ministry agree to review?"
    outside = await answered(bot, fake_slack, signed.dm_message(question, user=OUTSIDER))
    assert "registration threshold" not in outside
    assert SECRET not in outside
    assert "registration threshold" not in await command(bot, fake_slack, "history", OUTSIDER)

    inside = await answered(bot, fake_slack, signed.dm_message(question, user=MEMBER))
    assert "registration threshold" in inside
    assert "registration threshold" in await command(bot, fake_slack, "history", MEMBER)
