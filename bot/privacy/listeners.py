"""The "Erase my data" button under `/roundtable forget me`: it erases the data of whoever presses
it, never of anyone the button names."""

from __future__ import annotations

from typing import Any

from slack_bolt.async_app import AsyncAck, AsyncApp

from bot.kit import say
from bot.kit.commands import CommandTable
from bot.kit.failures import reply_or_apologise
from bot.privacy.commands import forget
from bot.privacy.views import FORGET_ACTION
from bot.services import Services


def register(app: AsyncApp, services: Services, _table: CommandTable) -> None:
    async def confirmed(ack: AsyncAck, body: dict[str, Any]) -> None:
        await ack()
        user_id = str(body["user"]["id"])
        reply = await reply_or_apologise("forget me", lambda: forget(services, user_id))
        response_url = str(body.get("response_url") or "")
        if response_url:
            await services.say(say.respond(response_url, reply, replace_original=True))

    app.action(FORGET_ACTION)(confirmed)
