"""Answers and the recommendations tracker through Slack, end to end: signed requests over real
HTTP to the real Bolt app, replies observed at the fake Slack Web API."""

from __future__ import annotations

import json
from typing import Any

import pytest
from sqlmodel import select

from bot.answers.conversation import ASK_COORDINATOR, HELPFUL, SHARE, UNHELPFUL
from bot.recommendations.views import STATUS_MODAL
from storage.models import AnswerFeedback, Question, StatusChange
from tests.support import signed
from tests.support.bot_server import COORDINATOR, SIGNING_SECRET, RunningBot
from tests.support.fake_slack import Call, FakeSlack
from tests.support.refusals import failure_logged, outbox_refused


def shown(call: Call) -> str:
    return json.dumps(call.params, ensure_ascii=False)


def button_value(call: Call, action_id: str) -> str:
    blocks: Any = call.params.get("blocks")
    if isinstance(blocks, str):
        blocks = json.loads(blocks)
    for block in blocks:
        for element in block.get("elements", []):
            if element.get("action_id") == action_id:
                return str(element["value"])
    raise AssertionError(f"no {action_id} button in {blocks}")


async def command(bot: RunningBot, fake_slack: FakeSlack, text: str, user: str, name: str) -> Call:
    return await bot.slash(fake_slack, text, user, name)


async def test_a_mention_gets_a_threaded_answer_with_its_source(
    bot: RunningBot, fake_slack: FakeSlack
) -> None:
    mention = signed.app_mention(
        "when did the talks with Kazakstan start?", channel="C222", ts="1700000001.000200"
    )
    await bot.post(signed.event_callback(SIGNING_SECRET, mention))

    (reply,) = await fake_slack.wait_for_async("chat.postMessage")
    assert reply.params["thread_ts"] == "1700000001.000200"
    assert reply.params["text"].startswith("8 May 2013")
    assert "“The Beginning of the Dialogue”_, 8 May 2013" in reply.params["text"]
    # The answer is the report's own sentence: its source is named, the sentence not given twice.
    assert reply.params["text"].count("On May 8, 2013") == 1
    for action in (HELPFUL, UNHELPFUL, ASK_COORDINATOR):
        assert button_value(reply, action)


async def test_a_direct_message_follow_up_uses_its_threads_context(
    bot: RunningBot, fake_slack: FakeSlack
) -> None:
    first = signed.dm_message("When was the most recent meeting?", ts="1700000010.000100")
    await bot.post(signed.event_callback(SIGNING_SECRET, first))
    (answer,) = await fake_slack.wait_for_async("chat.postMessage")
    assert answer.params["text"].startswith("19 November 2014")

    follow_up = signed.dm_message("and who attended it?", thread_ts="1700000010.000100")
    await bot.post(signed.event_callback(SIGNING_SECRET, follow_up))
    _, second = await fake_slack.wait_for_async("chat.postMessage", 2)

    assert second.params["thread_ts"] == "1700000010.000100"
    assert "Ministry of Culture and Sport" in second.params["text"]


async def test_a_coordinators_status_change_shows_in_the_next_answer(
    bot: RunningBot, fake_slack: FakeSlack
) -> None:
    change = "status RT-7 acknowledged 2026-11-20 The ARA replied in writing to our letter."
    recorded = await command(bot, fake_slack, change, COORDINATOR, "change")
    assert "Recorded: *RT-7* is *acknowledged* as of 20 November 2026" in recorded.params["text"]

    question = signed.app_mention("what is the status of RT-7?")
    await bot.post(signed.event_callback(SIGNING_SECRET, question))
    (answer,) = await fake_slack.wait_for_async("chat.postMessage")
    assert answer.params["text"].startswith("RT-7 is acknowledged, as of 20 November 2026.")

    detail = await command(bot, fake_slack, "rec rt7", "U111", "detail")
    assert f"recorded by <@{COORDINATOR}>" in detail.params["text"]
    assert "recorded by the coalition's report" in detail.params["text"]


async def test_a_non_coordinator_cannot_change_a_status(
    bot: RunningBot, fake_slack: FakeSlack
) -> None:
    refused = await command(bot, fake_slack, "status RT-3 implemented 2026-11-20 x", "U111", "no")
    assert refused.params["response_type"] == "ephemeral"
    assert "Only coordinators" in refused.params["text"]

    values = signed.plain_text_values(
        {"status": {"value": "implemented"}, "as_of": {"value": "2026-11-20"},
         "evidence": {"value": "x"}}
    )  # fmt: skip
    submitted = signed.view_submission(
        SIGNING_SECRET,
        STATUS_MODAL,
        values,
        user_id="U111",
        private_metadata="RT-3",
    )
    answer = await bot.post(submitted)
    assert answer.status == 200
    assert "Only coordinators" in answer.body

    with bot.services.store.session() as session:
        assert (
            session.exec(select(StatusChange).where(StatusChange.recorded_by == "U111")).all() == []
        )


async def test_a_coordinator_changes_a_status_with_the_modal(
    bot: RunningBot, fake_slack: FakeSlack
) -> None:
    detail = await command(bot, fake_slack, "rec UN-b", COORDINATOR, "detail")
    ref = button_value(detail, "rec_status_open")
    await bot.post(
        signed.block_actions(SIGNING_SECRET, "rec_status_open", ref, user_id=COORDINATOR)
    )
    (opened,) = await fake_slack.wait_for_async("views.open")
    assert opened.params["view"]["private_metadata"] == "UN-b"

    # The shapes Slack sends for a static select and a date picker.
    values: dict[str, Any] = {
        "status": {"value": {"type": "static_select", "selected_option": {"value": "in progress"}}},
        "as_of": {"value": {"type": "datepicker", "selected_date": "2026-11-21"}},
        **signed.plain_text_values(
            {"evidence": {"value": "A constitutional amendment was tabled."}}
        ),
    }
    bad_date = {**values, "as_of": {"value": {"type": "datepicker", "selected_date": "21/11"}}}
    refused = await bot.post(
        signed.view_submission(
            SIGNING_SECRET, STATUS_MODAL, bad_date, user_id=COORDINATOR, private_metadata="UN-b"
        )
    )
    assert json.loads(refused.body)["errors"]["as_of"] == (
        "I can't read the as-of date `21/11`: write it as YYYY-MM-DD, such as 2026-11-20."
    )

    submitted = signed.view_submission(
        SIGNING_SECRET, STATUS_MODAL, values, user_id=COORDINATOR, private_metadata="UN-b"
    )
    assert (await bot.post(submitted)).status == 200
    await bot.post(submitted)  # a retried submission records nothing twice

    confirmations = await fake_slack.wait_for_async("chat.postMessage", 2)
    assert "is *in progress* as of 21 November 2026" in confirmations[0].params["text"]
    with bot.services.store.session() as session:
        rows = session.exec(select(StatusChange).where(StatusChange.recorded_by == COORDINATOR))
        assert len(rows.all()) == 1


async def test_ask_answers_privately_and_the_answer_can_be_shared(
    bot: RunningBot, fake_slack: FakeSlack
) -> None:
    private = await command(bot, fake_slack, "ask who led the delegation?", "U111", "ask")
    assert private.params["response_type"] == "ephemeral"
    assert "Mitchell led" in private.params["text"]
    assert fake_slack.calls_to("chat.postMessage") == []

    share = signed.block_actions(
        SIGNING_SECRET,
        SHARE,
        button_value(private, SHARE),
        response_url=fake_slack.response_url("share"),
    )
    await bot.post(share)
    await bot.post(share)  # a double click shares once
    await fake_slack.wait_for_async("response_url:share")
    await command(bot, fake_slack, "help", "U111", "sync")  # a second post would be in by now
    (shared,) = fake_slack.calls_to("chat.postMessage")
    assert shared.params["channel"] == "C111"
    assert "<@U111> asked: “who led the delegation?”" in shared.params["text"]
    assert "Mitchell led" in shared.params["text"]


async def test_i_dont_know_is_never_offered_for_sharing_in_the_channel(
    bot: RunningBot, fake_slack: FakeSlack
) -> None:
    private = await command(
        bot, fake_slack, "ask what will the weather be in Paris tomorrow?", "U111", "unknown"
    )
    assert "I don't know" in private.params["text"]
    assert "Ask a coordinator" in shown(private)
    assert SHARE not in shown(private)


async def test_feedback_is_stored_once_per_person_and_can_be_changed(
    bot: RunningBot, fake_slack: FakeSlack
) -> None:
    private = await command(bot, fake_slack, "ask when did the dialogue begin?", "U111", "ask")
    value = button_value(private, HELPFUL)

    for action in (HELPFUL, HELPFUL, UNHELPFUL):
        await bot.post(
            signed.block_actions(
                SIGNING_SECRET, action, value, response_url=fake_slack.response_url("thanks")
            )
        )
    await fake_slack.wait_for_async("response_url:thanks", 3)

    with bot.services.store.session() as session:
        (vote,) = session.exec(select(AnswerFeedback)).all()
    assert (vote.user_id, vote.helpful) == ("U111", False)


async def test_an_unanswered_question_can_be_put_to_the_coordinators_in_its_thread(
    bot: RunningBot, fake_slack: FakeSlack
) -> None:
    mention = signed.app_mention(
        "what is the ARA's budget? <!channel>", channel="C333", ts="1700000020.000100"
    )
    await bot.post(signed.event_callback(SIGNING_SECRET, mention))
    (answer,) = await fake_slack.wait_for_async("chat.postMessage")
    assert answer.params["text"].startswith("I don't know")

    click = signed.block_actions(
        SIGNING_SECRET,
        ASK_COORDINATOR,
        button_value(answer, ASK_COORDINATOR),
        channel_id="C333",
        response_url=fake_slack.response_url("asked"),
    )
    await bot.post(click)
    await bot.post(click)  # a double click asks once
    await fake_slack.wait_for_async("response_url:asked", 2)
    await command(bot, fake_slack, "help", "U111", "sync")  # a second post would be in by now
    _, tagged = fake_slack.calls_to("chat.postMessage")

    assert tagged.params["channel"] == "C333"
    assert tagged.params["thread_ts"] == "1700000020.000100"
    assert f"<@{COORDINATOR}>" in tagged.params["text"]
    assert "what is the ARA's budget?" in tagged.params["text"]
    assert "<!channel>" not in tagged.params["text"]  # what the asker typed stays inert


async def test_recs_lists_the_open_recommendations_with_their_status(
    bot: RunningBot, fake_slack: FakeSlack
) -> None:
    listed = await command(bot, fake_slack, "recs open", "U111", "recs")
    text = listed.params["text"]
    assert "*RT-3* — _partially implemented, as of 19 November 2014_" in text
    assert "UN-d" not in text  # declined

    wrong = await command(bot, fake_slack, "recs someday", "U111", "wrong")
    assert "recs open" in wrong.params["text"]

    unknown = await command(bot, fake_slack, "rec RT-99", "U111", "unknown")
    assert "There is no recommendation `RT-99`." in unknown.params["text"]
    assert "`/roundtable recs all` lists them all." in unknown.params["text"]


async def test_the_app_home_shows_recommendations_by_status(
    bot: RunningBot, fake_slack: FakeSlack
) -> None:
    await bot.post(signed.event_callback(SIGNING_SECRET, signed.app_home_opened(user="U555")))

    (published,) = await fake_slack.wait_for_async("views.publish")
    view = shown(published)
    assert "*Declined* (1): UN-d" in view
    assert "*Partially implemented* (1): RT-3" in view
    assert "Latest status changes" in view


async def test_bad_questions_get_a_clear_message_never_an_error(
    bot: RunningBot, fake_slack: FakeSlack
) -> None:
    for n, text in enumerate(["ask", "ask " + "x" * 10_000, 'ask "NEAR OR * \x00']):
        reply = await command(bot, fake_slack, text, "U111", f"bad{n}")
        assert reply.params["response_type"] == "ephemeral"
        assert "something went wrong" not in reply.params["text"]


async def test_a_private_question_goes_to_the_coordinators_privately(
    bot: RunningBot, fake_slack: FakeSlack
) -> None:
    await bot.post(signed.event_callback(SIGNING_SECRET, signed.dm_message("who signed it?")))
    (answer,) = await fake_slack.wait_for_async("chat.postMessage")

    click = signed.block_actions(
        SIGNING_SECRET,
        ASK_COORDINATOR,
        button_value(answer, ASK_COORDINATOR),
        channel_id="D111",
        response_url=fake_slack.response_url("asked"),
    )
    await bot.post(click)
    (told,) = await fake_slack.wait_for_async("response_url:asked")
    _, sent = await fake_slack.wait_for_async("chat.postMessage", 2)  # beside the reply

    assert sent.params["channel"] == COORDINATOR  # the coordinator's own DM, not a channel
    assert "“who signed it?”" in sent.params["text"]
    assert "asked the coordinators" in told.params["text"]


async def test_the_answers_buttons_mark_nothing_they_cannot_confirm(
    bot: RunningBot, fake_slack: FakeSlack, caplog: pytest.LogCaptureFixture
) -> None:
    private = await command(bot, fake_slack, "ask who led the delegation?", "U111", "ask")

    def marks() -> tuple[int, bool, bool]:
        with bot.services.store.session() as session:
            asked = session.get(Question, int(button_value(private, SHARE)))
            assert asked is not None
            return len(session.exec(select(AnswerFeedback)).all()), asked.escalated, asked.shared

    def click(number: int, action: str) -> tuple[str, dict[str, str]]:
        return signed.block_actions(
            SIGNING_SECRET,
            action,
            button_value(private, action),
            response_url=fake_slack.response_url(f"click{number}"),
        )

    buttons = (HELPFUL, ASK_COORDINATOR, SHARE)
    # Each button answers after its acknowledgement: its failure is what says it is over.
    for number, action in enumerate(buttons):
        caplog.clear()
        with outbox_refused(bot.services.store):
            await bot.post(click(number, action))
            await failure_logged(caplog)
        assert marks() == (0, False, False), action
    for number, action in enumerate(buttons):
        await bot.post(click(number, action))
        await fake_slack.wait_for_async(f"response_url:click{number}")
    assert marks() == (1, True, True)


async def test_greetings_thanks_and_asking_for_help_are_answered_in_kind(
    bot: RunningBot, fake_slack: FakeSlack
) -> None:
    said = [
        signed.dm_message("hi"),
        signed.app_mention("help"),
        signed.dm_message("Thanks!"),
        signed.dm_message("hello bot, what can you do?"),
        # Thanks that go on to ask something are a question, answered from the records.
        signed.dm_message("thank you, and when did the dialogue begin?"),
    ]
    for n, event in enumerate(said, start=1):
        await bot.post(signed.event_callback(SIGNING_SECRET, event))
        await fake_slack.wait_for_async("chat.postMessage", n)
    greeting, listed, thanked, helped, answered = (
        call.params["text"] for call in fake_slack.calls_to("chat.postMessage")
    )

    assert greeting.startswith("Hello! I answer questions about the coalition's dialogue")
    assert "`/roundtable sign L2" in listed
    assert "`/roundtable sign L2" in helped
    assert thanked.startswith("Glad to help")
    assert answered.startswith("8 May 2013")
