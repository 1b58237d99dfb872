"""The "Erase my data" button under `/roundtable forget me`: it erases the data of whoever presses
it, never of anyone the button names."""

from __future__ import annotations

from typing import Any

from slack_bolt.async_app import AsyncAck, AsyncApp

from bot.kit import say
from bot.kit.commands import CommandTable, Invocation
from bot.kit.failures import reply_or_apologise
from bot.kit.replies import Reply
from bot.privacy.commands import forget
from bot.privacy.views import FORGET_ACTION
from bot.services import Services
from storage.outbox import Outgoing


def register(app: AsyncApp, services: Services, _table: CommandTable) -> None:
    async def confirmed(ack: AsyncAck, body: dict[str, Any]) -> None:
        await ack()
        user_id = str(body["user"]["id"])
        response_url = str(body.get("response_url") or "")

        def reply_to(reply: Reply) -> Outgoing:
            return say.respond(response_url, reply, replace_original=True)

        # The button answers as the command does: its reply is committed with the erasure.
        invocation = Invocation(
            services, user_id, "me confirm", reply_to=reply_to if response_url else None
        )
        reply = await reply_or_apologise("forget me", lambda: forget(invocation))
        if response_url and not reply.sent:
            await services.say(reply_to(reply))

    app.action(FORGET_ACTION)(confirmed)
