"""Questions asked by mention or direct message, and the buttons on answers (👍 / 👎, "Ask a
coordinator", "Share in channel"). Any other message Slack sends us (edits, joins, bot posts) is
deliberately ignored: an unmatched event would get a 404, which Slack retries."""

from __future__ import annotations

from typing import Any

from slack_bolt.async_app import AsyncAck, AsyncApp
from sqlmodel import Session

from bot.answers.conversation import (
    ASK_COORDINATOR,
    HELPFUL,
    SHARE,
    UNHELPFUL,
    WORKING,
    answer_and_record,
    render_answer,
    reply_to_message,
)
from bot.answers.small_talk import GREETING_REPLY, THANKS_REPLY, SmallTalk, small_talk
from bot.kit import say
from bot.kit.blocks import context
from bot.kit.commands import CommandTable
from bot.kit.failures import reply_or_apologise
from bot.kit.mrkdwn import escape, unescape
from bot.kit.replies import Reply
from bot.services import Services
from storage.outbox import Outgoing
from storage.questions import claim, question, record_feedback

__all__ = ["register"]


def _question_id(body: dict[str, Any]) -> int | None:
    try:
        return int(body["actions"][0]["value"])
    except (KeyError, IndexError, TypeError, ValueError):
        return None


def _channel(body: dict[str, Any]) -> str | None:
    channel = body.get("channel") or {}
    return channel.get("id") if isinstance(channel, dict) else None


def _is_from_a_person(event: dict[str, Any]) -> bool:
    return not event.get("subtype") and not event.get("bot_id") and bool(event.get("user"))


async def answer_in_place(services: Services, event: dict[str, Any], where: str) -> None:
    """With a generative reader, which takes seconds: say at once that the answer is coming, then
    put the answer in that message's place."""
    channel = str(event["channel"])
    thread_ts = event.get("thread_ts") or event["ts"]
    key = f"answer-{channel}-{event['ts']}"
    await services.say(say.post(channel, Reply(WORKING), thread_ts=thread_ts, key=key))
    reply = await reply_or_apologise(
        where,
        lambda: reply_to_message(
            services,
            event["user"],
            str(event.get("text") or ""),
            channel_id=channel,
            thread_ts=thread_ts,
        ),
    )
    await services.say(say.edit(channel, reply, edit_of=key))


def register(app: AsyncApp, services: Services, table: CommandTable) -> None:
    def private(body: dict[str, Any], text: str) -> Outgoing:
        """A private answer to the person who pressed the button, below the message."""
        return say.respond(body["response_url"], Reply(text), replace_original=False)

    async def tell(body: dict[str, Any], text: str) -> None:
        await services.say(private(body, text))

    async def feedback(ack: AsyncAck, body: dict[str, Any]) -> None:
        question_id = _question_id(body)
        helpful = body["actions"][0]["action_id"] == HELPFUL

        def record(session: Session) -> bool:
            if question_id is None:
                return False
            return record_feedback(session, question_id, body["user"]["id"], helpful)

        # The thanks is committed with the feedback it thanks for, before the acknowledgement
        # (milliseconds): 👍 then 👎 pressed in a moment are recorded in the order pressed.
        await services.change(
            record,
            lambda recorded: [
                private(
                    body, "Thanks, noted." if recorded else "That answer is no longer on record."
                )
            ],
        )
        await ack()

    async def ask_coordinator(ack: AsyncAck, body: dict[str, Any]) -> None:
        await ack()
        asked = await services.store.run(question, _question_id(body) or 0)
        coordinators = sorted(services.settings.coordinators)
        if asked is None or asked.id is None or not coordinators:
            text = (
                "That question is no longer on record."
                if asked is None
                else "No coordinators are set up yet: please ask one directly."
            )
            await tell(body, text)
            return
        who = " ".join(f"<@{c}>" for c in coordinators)
        message = (
            f"{who}: <@{body['user']['id']}> asked “{escape(asked.text[:1000])}” and my answer"
            " may not be enough. Could a coordinator help?"
        )
        channel = asked.channel_id or ""
        if asked.thread_ts and channel[:1] in ("C", "G"):
            # In the thread of the question, where the coordinators and the asker both see it.
            asking = [say.post(channel, Reply(message), thread_ts=asked.thread_ts)]
        else:
            # A direct message or a private `/roundtable ask` stays private: each coordinator
            # gets the question directly.
            asking = [say.dm(coordinator, Reply(message)) for coordinator in coordinators]
        asked_id = asked.id
        # Marked escalated with the asking itself: the mark cannot stand without the question
        # having been put to the coordinators.
        escalated = await services.change(
            lambda session: claim(session, asked_id, "escalated"),
            lambda claimed: (
                [*asking, private(body, "I've asked the coordinators; they will reply to you.")]
                if claimed
                else []
            ),
        )
        if not escalated:
            await tell(body, "The coordinators have already been asked.")

    async def share(ack: AsyncAck, body: dict[str, Any]) -> None:
        await ack()
        # Shared by answering again, which a generative reader takes seconds to do.
        services.later.start(shared(body), "share")

    async def shared(body: dict[str, Any]) -> None:
        asked = await services.store.run(question, _question_id(body) or 0)
        channel = _channel(body)
        if asked is None or asked.id is None or channel is None:
            await tell(body, "That answer can no longer be shared.")
            return
        if asked.shared:
            return  # a double click: the first one shared it
        user = body["user"]["id"]
        # Answered again for everyone in the channel: what the asker alone could see stays out.
        viewer = await services.visibility.of_conversation(user, channel)
        answer, question_id = await answer_and_record(services, viewer, user, asked.text, channel)
        reply = render_answer(answer, question_id)
        intro = f"<@{user}> asked: “{escape(asked.text[:500])}”"
        shared = Reply(f"{intro}\n{reply.text}", [context(intro), *reply.blocks])
        asked_id = asked.id
        # Marked shared with the post itself; of two clicks at once, only one claims and posts.
        await services.change(
            lambda session: claim(session, asked_id, "shared"),
            lambda claimed: (
                [
                    say.post(channel, shared, key=f"share:{asked_id}"),
                    say.respond(body["response_url"], Reply(""), delete_original=True),
                ]
                if claimed
                else []
            ),
        )

    async def answer(body: dict[str, Any], event: dict[str, Any], where: str) -> None:
        question = unescape(str(event.get("text") or ""))
        thread_ts = event.get("thread_ts") or event["ts"]
        talk = small_talk(question)
        if talk is SmallTalk.HELP:
            reply = await table.dispatch(services, event["user"], "help")
        elif talk is not None:
            reply = Reply(GREETING_REPLY if talk is SmallTalk.GREETING else THANKS_REPLY)
        elif services.generative is not None:
            await answer_in_place(services, event, where)
            return
        else:
            reply = await reply_or_apologise(
                where,
                lambda: reply_to_message(
                    services,
                    event["user"],
                    question,
                    channel_id=event["channel"],
                    thread_ts=thread_ts,
                ),
            )
        event_id = str(body.get("event_id") or f"{event['channel']}:{event['ts']}")
        # The answer and the mark that the event is answered are committed together: a retry
        # of an event whose answer never got this far is answered; one answered is not again.
        await services.say(
            say.post(event["channel"], reply, thread_ts=thread_ts, key=f"event:{event_id}"),
            answering=event_id,
        )

    async def app_mention(body: dict[str, Any], event: dict[str, Any]) -> None:
        if _is_from_a_person(event):
            services.later.start(answer(body, event, "mention"), "mention")

    async def message(body: dict[str, Any], event: dict[str, Any]) -> None:
        # Edits, joins, bot posts (our own included) and channel chatter arrive here too: only a
        # person's direct message to the bot is answered.
        if event.get("channel_type") == "im" and _is_from_a_person(event):
            services.later.start(answer(body, event, "direct message"), "direct message")

    app.event("app_mention")(app_mention)
    app.event("message")(message)
    app.action(HELPFUL)(feedback)
    app.action(UNHELPFUL)(feedback)
    app.action(ASK_COORDINATOR)(ask_coordinator)
    app.action(SHARE)(share)
