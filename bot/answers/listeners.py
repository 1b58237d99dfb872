"""Questions asked by mention or direct message, and the buttons on answers (👍 / 👎, "Ask a
coordinator", "Share in channel"). Any other message Slack sends us (edits, joins, bot posts) is
deliberately ignored: an unmatched event would get a 404, which Slack retries."""

from __future__ import annotations

from typing import Any

from slack_bolt.async_app import AsyncAck, AsyncApp, AsyncRespond
from slack_sdk.web.async_client import AsyncWebClient

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
from bot.kit import say
from bot.kit.blocks import context
from bot.kit.commands import CommandTable
from bot.kit.failures import reply_or_apologise
from bot.kit.mrkdwn import escape
from bot.kit.replies import Reply
from bot.services import Services
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


def register(app: AsyncApp, services: Services, _table: CommandTable) -> None:
    async def feedback(ack: AsyncAck, body: dict[str, Any], respond: AsyncRespond) -> None:
        await ack()
        question_id = _question_id(body)
        helpful = body["actions"][0]["action_id"] == HELPFUL
        recorded = question_id is not None and await services.store.run(
            record_feedback, question_id, body["user"]["id"], helpful
        )
        text = "Thanks, noted." if recorded else "That answer is no longer on record."
        await respond(text=text, response_type="ephemeral", replace_original=False)

    async def ask_coordinator(
        ack: AsyncAck, body: dict[str, Any], client: AsyncWebClient, respond: AsyncRespond
    ) -> None:
        await ack()
        asked = await services.store.run(question, _question_id(body) or 0)
        coordinators = sorted(services.settings.coordinators)
        if asked is None or asked.id is None or not coordinators:
            text = (
                "That question is no longer on record."
                if asked is None
                else "No coordinators are set up yet: please ask one directly."
            )
            await respond(text=text, response_type="ephemeral", replace_original=False)
            return
        if not await services.store.run(claim, asked.id, "escalated"):
            await respond(
                text="The coordinators have already been asked.",
                response_type="ephemeral",
                replace_original=False,
            )
            return
        who = " ".join(f"<@{c}>" for c in coordinators)
        message = (
            f"{who}: <@{body['user']['id']}> asked “{escape(asked.text[:1000])}” and my answer"
            " may not be enough. Could a coordinator help?"
        )
        channel = asked.channel_id or ""
        if asked.thread_ts and channel[:1] in ("C", "G"):
            # In the thread of the question, where the coordinators and the asker both see it.
            await client.chat_postMessage(channel=channel, thread_ts=asked.thread_ts, text=message)
        else:
            # A direct message or a private `/roundtable ask` stays private: each coordinator
            # gets the question directly.
            for coordinator in coordinators:
                await client.chat_postMessage(channel=coordinator, text=message)
        await respond(
            text="I've asked the coordinators; they will reply to you.",
            response_type="ephemeral",
            replace_original=False,
        )

    async def share(
        ack: AsyncAck, body: dict[str, Any], client: AsyncWebClient, respond: AsyncRespond
    ) -> None:
        await ack()
        asked = await services.store.run(question, _question_id(body) or 0)
        channel = _channel(body)
        if asked is None or asked.id is None or channel is None:
            await respond(text="That answer can no longer be shared.", response_type="ephemeral")
            return
        if not await services.store.run(claim, asked.id, "shared"):
            return  # a double click: the first one shared it
        user = body["user"]["id"]
        # Answered again for everyone in the channel: what the asker alone could see stays out.
        viewer = await services.visibility.of_conversation(user, channel)
        answer, question_id = await answer_and_record(services, viewer, user, asked.text, channel)
        reply = render_answer(answer, question_id)
        intro = f"<@{user}> asked: “{escape(asked.text[:500])}”"
        await client.chat_postMessage(
            channel=channel,
            text=f"{intro}\n{reply.text}",
            blocks=[
                context(intro),
                *reply.blocks,
            ],
        )
        await respond(delete_original=True)

    async def answer(event: dict[str, Any], client: AsyncWebClient, where: str) -> None:
        question = str(event.get("text") or "")
        thread_ts = event.get("thread_ts") or event["ts"]
        if services.generative is not None:
            await answer_in_place(services, event, where)
            return
        reply = await reply_or_apologise(
            where,
            lambda: reply_to_message(
                services, event["user"], question, channel_id=event["channel"], thread_ts=thread_ts
            ),
        )
        await client.chat_postMessage(
            channel=event["channel"],
            thread_ts=thread_ts,
            text=reply.text,
            blocks=reply.blocks or None,
        )

    async def app_mention(event: dict[str, Any], client: AsyncWebClient) -> None:
        if _is_from_a_person(event):
            await answer(event, client, "mention")

    async def message(event: dict[str, Any], client: AsyncWebClient) -> None:
        # Edits, joins, bot posts (our own included) and channel chatter arrive here too: only a
        # person's direct message to the bot is answered.
        if event.get("channel_type") == "im" and _is_from_a_person(event):
            await answer(event, client, "direct message")

    app.event("app_mention")(app_mention)
    app.event("message")(message)
    app.action(HELPFUL)(feedback)
    app.action(UNHELPFUL)(feedback)
    app.action(ASK_COORDINATOR)(ask_coordinator)
    app.action(SHARE)(share)
