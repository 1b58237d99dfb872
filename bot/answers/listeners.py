"""Buttons on answers (👍 / 👎, "Ask a coordinator", "Share in channel") and the coordinators'
status-change modal for recommendations."""

from __future__ import annotations

import datetime as dt
from typing import Any

from slack_bolt.async_app import AsyncAck, AsyncApp, AsyncRespond
from slack_sdk.web.async_client import AsyncWebClient

from bot.commands.recommendations import OPEN_STATUS_MODAL, status_change_reply
from bot.conversation import ASK_COORDINATOR, HELPFUL, SHARE, UNHELPFUL, ask, render_answer
from bot.listeners.failures import reply_or_apologise
from bot.mrkdwn import escape
from bot.replies import Reply
from bot.services import Services
from storage.errors import InvalidInput, UserError
from storage.models import RecommendationStatus
from storage.questions import claim, question, record_feedback
from storage.recommendations import parse_status, record_status_change

__all__ = ["STATUS_MODAL", "register", "status_modal"]

STATUS_MODAL = "rec_status"
NOT_A_COORDINATOR = "Only coordinators can change a recommendation's status. Ask a coordinator."


def _question_id(body: dict[str, Any]) -> int | None:
    try:
        return int(body["actions"][0]["value"])
    except (KeyError, IndexError, TypeError, ValueError):
        return None


def _channel(body: dict[str, Any]) -> str | None:
    channel = body.get("channel") or {}
    return channel.get("id") if isinstance(channel, dict) else None


def register(app: AsyncApp, services: Services) -> None:
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
        if asked is None or not coordinators:
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
        if asked is None or channel is None:
            await respond(text="That answer can no longer be shared.", response_type="ephemeral")
            return
        if not await services.store.run(claim, asked.id, "shared"):
            return  # a double click: the first one shared it
        user = body["user"]["id"]
        answer, question_id = await services.store.run(ask, user, asked.text, channel)
        reply = render_answer(answer, question_id)
        intro = f"<@{user}> asked: “{escape(asked.text[:500])}”"
        await client.chat_postMessage(
            channel=channel,
            text=f"{intro}\n{reply.text}",
            blocks=[
                {"type": "context", "elements": [{"type": "mrkdwn", "text": intro}]},
                *reply.blocks,
            ],
        )
        await respond(delete_original=True)

    async def open_status_modal(
        ack: AsyncAck, body: dict[str, Any], client: AsyncWebClient, respond: AsyncRespond
    ) -> None:
        await ack()
        if not services.is_coordinator(body["user"]["id"]):
            await respond(text=NOT_A_COORDINATOR, response_type="ephemeral", replace_original=False)
            return
        ref = str(body["actions"][0].get("value", ""))[:20]
        today = services.clock().astimezone(services.settings.timezone).date()
        await client.views_open(trigger_id=body["trigger_id"], view=status_modal(ref, today))

    async def submit_status(
        ack: AsyncAck, body: dict[str, Any], view: dict[str, Any], client: AsyncWebClient
    ) -> None:
        user = body["user"]["id"]
        values = view.get("state", {}).get("values", {})
        ref = str(view.get("private_metadata", ""))[:20]
        # Checked on the server: a modal can be submitted by anyone who gets hold of one.
        if not services.is_coordinator(user):
            await ack(response_action="errors", errors={"status": NOT_A_COORDINATOR})
            return
        status, as_of, errors = _checked(values)
        if status is None or as_of is None:
            await ack(response_action="errors", errors=errors)
            return
        await ack()

        async def record() -> Reply:
            try:
                item, inserted = await services.store.run(
                    record_status_change, ref, status, as_of, _value(values, "evidence"), user
                )
            except UserError as error:
                return Reply(str(error))
            return status_change_reply(item, inserted)

        reply = await reply_or_apologise("status modal", record)
        await client.chat_postMessage(channel=user, text=reply.text)

    app.action(HELPFUL)(feedback)
    app.action(UNHELPFUL)(feedback)
    app.action(ASK_COORDINATOR)(ask_coordinator)
    app.action(SHARE)(share)
    app.action(OPEN_STATUS_MODAL)(open_status_modal)
    app.view(STATUS_MODAL)(submit_status)


def _value(values: dict[str, Any], block: str) -> str:
    """A modal input's value, whatever the element (text input, select, date picker)."""
    element: Any = next(iter(values.get(block, {}).values()), {})
    if not isinstance(element, dict):
        return ""
    selected = element.get("selected_option") or {}
    return str(element.get("value") or selected.get("value") or element.get("selected_date") or "")


def _checked(values: dict[str, Any]) -> tuple[str | None, dt.date | None, dict[str, str]]:
    """The modal's status and date, or the message to show under each field that is wrong."""
    status: str | None = None
    as_of: dt.date | None = None
    errors: dict[str, str] = {}
    try:
        status = parse_status(_value(values, "status"))
    except InvalidInput as error:
        errors["status"] = str(error)
    try:
        as_of = _date(_value(values, "as_of"))
    except InvalidInput as error:
        errors["as_of"] = str(error)
    return status, as_of, errors


def _date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text.strip())
    except ValueError:
        raise InvalidInput("Give the as-of date as YYYY-MM-DD.") from None


def status_modal(ref: str, today: dt.date) -> dict[str, Any]:
    options = [
        {"text": {"type": "plain_text", "text": s.value}, "value": s.value}
        for s in RecommendationStatus
    ]
    return {
        "type": "modal",
        "callback_id": STATUS_MODAL,
        "private_metadata": ref,
        "title": {"type": "plain_text", "text": f"Status of {ref}"[:24]},
        "submit": {"type": "plain_text", "text": "Record"},
        "blocks": [
            {
                "type": "input",
                "block_id": "status",
                "label": {"type": "plain_text", "text": "New status"},
                "element": {"type": "static_select", "action_id": "value", "options": options},
            },
            {
                "type": "input",
                "block_id": "as_of",
                "label": {"type": "plain_text", "text": "As of"},
                "element": {
                    "type": "datepicker",
                    "action_id": "value",
                    "initial_date": today.isoformat(),
                },
            },
            {
                "type": "input",
                "block_id": "evidence",
                "label": {"type": "plain_text", "text": "Evidence, with its source"},
                "element": {
                    "type": "plain_text_input",
                    "action_id": "value",
                    "multiline": True,
                    "max_length": 1500,
                },
            },
        ],
    }
