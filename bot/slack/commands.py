"""The `/roundtable` slash command: acknowledged at once, then answered by the command table."""

from __future__ import annotations

from typing import Any

from slack_bolt.async_app import AsyncAck, AsyncApp, AsyncRespond
from slack_sdk.errors import SlackApiError
from slack_sdk.web.async_client import AsyncWebClient

from bot.kit.commands import SLASH_COMMAND, CommandTable
from bot.kit.failures import reply_or_apologise
from bot.services import Services


def register(app: AsyncApp, services: Services, table: CommandTable) -> None:
    async def roundtable(
        ack: AsyncAck, command: dict[str, Any], respond: AsyncRespond, client: AsyncWebClient
    ) -> None:
        # Ack first: Slack shows the person an error if it waits over 3 seconds.
        await ack()
        text = str(command.get("text") or "")
        subcommand = text.split(maxsplit=1)[0].lower() if text.strip() else "help"
        reply = await reply_or_apologise(
            f"{SLASH_COMMAND} {subcommand[:20]}",
            lambda: table.dispatch(
                services, command["user_id"], text, channel_id=command.get("channel_id")
            ),
        )
        if reply.modal is not None and await _opened(
            client, command.get("trigger_id"), reply.modal
        ):
            return
        await respond(
            text=reply.text,
            blocks=reply.blocks or None,
            response_type="in_channel" if reply.in_channel else "ephemeral",
        )

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
