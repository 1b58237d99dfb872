"""The `/roundtable` slash command: acknowledged at once with nothing promised, then answered by
the command table; the answer goes out through the outbox once the command's change is
committed."""

from __future__ import annotations

from typing import Any

from slack_bolt.async_app import AsyncAck, AsyncApp
from slack_sdk.errors import SlackApiError
from slack_sdk.web.async_client import AsyncWebClient

from bot.kit import say
from bot.kit.commands import SLASH_COMMAND, CommandTable
from bot.kit.failures import reply_or_apologise
from bot.kit.mrkdwn import unescape
from bot.kit.replies import Reply
from bot.services import Services
from storage.outbox import Outgoing


def register(app: AsyncApp, services: Services, table: CommandTable) -> None:
    async def roundtable(ack: AsyncAck, command: dict[str, Any], client: AsyncWebClient) -> None:
        # Ack first: Slack shows the person an error if it waits over 3 seconds. A slow command
        # says at once that it is working; its reply then replaces that. With `should_escape`
        # (manifest.json) a typed #channel or @person arrives as <#C…|name> or <@U…|name>, and a
        # typed &, < or > as an entity, turned back here.
        text = unescape(str(command.get("text") or ""))
        working = table.acknowledgement(services, text)
        await (ack(text=working) if working else ack())
        services.later.start(run(text, working, command, client), SLASH_COMMAND)

    async def run(
        text: str, working: str | None, command: dict[str, Any], client: AsyncWebClient
    ) -> None:
        subcommand = text.split(maxsplit=1)[0].lower() if text.strip() else "help"

        def reply_to(reply: Reply) -> Outgoing:
            replace = True if working else None
            return say.respond(command["response_url"], reply, replace_original=replace)

        reply = await reply_or_apologise(
            f"{SLASH_COMMAND} {subcommand[:20]}",
            lambda: table.dispatch(
                services,
                command["user_id"],
                text,
                channel_id=command.get("channel_id"),
                reply_to=reply_to,
            ),
        )
        if reply.sent:
            return
        trigger = command.get("trigger_id")
        if reply.modal is not None and await _opened(client, trigger, reply.modal):
            return
        await services.say(reply_to(reply))

    app.command(SLASH_COMMAND)(roundtable)


async def _opened(client: AsyncWebClient, trigger_id: object, view: dict[str, Any]) -> bool:
    """Open the form; False when Slack will not (a trigger lives 3 seconds, and is used once)."""
    if not isinstance(trigger_id, str) or not trigger_id:
        return False
    try:
        await client.views_open(trigger_id=trigger_id, view=view)
    except SlackApiError:
        return False
    return True
