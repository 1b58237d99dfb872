"""Events: mentions and direct messages get answers, the App Home tab is drawn, and everything else
Slack sends us is deliberately ignored (an unmatched event would get a 404, which Slack retries)."""

from __future__ import annotations

from typing import Any

from slack_bolt.async_app import AsyncApp, AsyncBoltRequest
from slack_bolt.response import BoltResponse
from slack_sdk.web.async_client import AsyncWebClient

from bot import home
from bot.commands import CommandTable
from bot.conversation import reply_to_message
from bot.listeners.failures import reply_or_apologise
from bot.services import Services
from storage.slack_events import first_sighting


def register_deduplication(app: AsyncApp, services: Services) -> None:
    async def skip_seen_events(
        req: AsyncBoltRequest, resp: BoltResponse, next: Any
    ) -> BoltResponse | None:
        # Slack retries an event it thinks we missed, and in a second replica the same event may
        # arrive twice: the database remembers each event id, so each is handled once.
        event_id = req.body.get("event_id") if isinstance(req.body, dict) else None
        if event_id and not await services.store.run(
            first_sighting, str(event_id), services.clock()
        ):
            return BoltResponse(status=200, body="")
        await next()
        return None

    app.middleware(skip_seen_events)


def _is_from_a_person(event: dict[str, Any]) -> bool:
    return not event.get("subtype") and not event.get("bot_id") and bool(event.get("user"))


def register(app: AsyncApp, services: Services, table: CommandTable) -> None:
    async def answer(event: dict[str, Any], client: AsyncWebClient, where: str) -> None:
        question = str(event.get("text") or "")
        thread_ts = event.get("thread_ts") or event["ts"]
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

    async def app_home_opened(event: dict[str, Any], client: AsyncWebClient) -> None:
        if event.get("tab", "home") == "home":
            view = await home.view(services, table, event["user"])
            await client.views_publish(user_id=event["user"], view=view)

    app.event("app_mention")(app_mention)
    app.event("message")(message)
    app.event("app_home_opened")(app_home_opened)
