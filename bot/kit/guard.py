"""The coordinator-only guard for buttons and forms, as Bolt listener middleware: the check runs on
the server before the handler, whoever got hold of the button or the form. Slash commands are
guarded by the command table (`coordinator_only=True`)."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

from slack_bolt.response import BoltResponse

from bot.kit import say
from bot.kit.replies import Reply
from bot.services import Services

__all__ = ["COORDINATORS_ONLY", "coordinators_only"]


COORDINATORS_ONLY = "Only coordinators can do that. Ask a coordinator if you need it done."

Middleware = Callable[..., Awaitable[BoltResponse | None]]


def coordinators_only(services: Services) -> list[Middleware]:
    """Middleware for `app.action(…, middleware=…)` and `app.view(…, middleware=…)`: anyone else
    is told so (under the form's first field, or in a message only they see) and nothing runs."""

    async def guard(
        body: dict[str, Any], next: Callable[[], Awaitable[None]]
    ) -> BoltResponse | None:
        user_id = str((body.get("user") or {}).get("id") or "")
        if services.is_coordinator(user_id):
            await next()
            return None
        # A listener middleware that refuses returns the response itself: one that returns
        # nothing tells Bolt the listener was not meant for this request, and Slack gets a 404.
        if body.get("type") == "view_submission":
            errors = {_first_input(body): COORDINATORS_ONLY}
            return BoltResponse(status=200, body={"response_action": "errors", "errors": errors})
        channel = (body.get("channel") or {}).get("id") or user_id
        await services.say(say.ephemeral(channel, user_id, Reply(COORDINATORS_ONLY)))
        return BoltResponse(status=200, body="")

    return [guard]


def _first_input(body: dict[str, Any]) -> str:
    """Slack shows a form's errors under named input blocks: the first one the form has."""
    for block in (body.get("view") or {}).get("blocks") or []:
        if block.get("type") == "input" and block.get("block_id"):
            return str(block["block_id"])
    values = ((body.get("view") or {}).get("state") or {}).get("values") or {}
    return str(next(iter(values), "input"))
