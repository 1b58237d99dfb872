"""The coordinator-only guard for buttons and forms, as Bolt listener middleware: the check runs on
the server before the handler, whoever got hold of the button or the form. Slash commands are
guarded by the command table (`coordinator_only=True`)."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable, Coroutine
from typing import Any

from slack_bolt.response import BoltResponse
from slack_sdk.web.async_client import AsyncWebClient

from bot.services import Services

__all__ = ["COORDINATORS_ONLY", "coordinators_only"]

log = logging.getLogger(__name__)

COORDINATORS_ONLY = "Only coordinators can do that. Ask a coordinator if you need it done."

Middleware = Callable[..., Awaitable[BoltResponse | None]]


def coordinators_only(services: Services) -> list[Middleware]:
    """Middleware for `app.action(…, middleware=…)` and `app.view(…, middleware=…)`: anyone else
    is told so (under the form's first field, or in a message only they see) and nothing runs."""

    async def guard(
        body: dict[str, Any], client: AsyncWebClient, next: Callable[[], Awaitable[None]]
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
        _in_background(
            client.chat_postEphemeral(channel=channel, user=user_id, text=COORDINATORS_ONLY)
        )
        return BoltResponse(status=200, body="")

    return [guard]


_telling: set[asyncio.Task[Any]] = set()  # referenced until done, or the loop may drop them


def _in_background(work: Coroutine[Any, Any, Any]) -> None:
    """Tell the person after the acknowledgement, which Slack wants within 3 seconds."""
    task = asyncio.create_task(work)
    _telling.add(task)
    task.add_done_callback(_told)


def _told(task: asyncio.Task[Any]) -> None:
    _telling.discard(task)
    if not task.cancelled() and task.exception() is not None:
        log.warning("telling a person that only coordinators may do that failed")


def _first_input(body: dict[str, Any]) -> str:
    """Slack shows a form's errors under named input blocks: the first one the form has."""
    for block in (body.get("view") or {}).get("blocks") or []:
        if block.get("type") == "input" and block.get("block_id"):
            return str(block["block_id"])
    values = ((body.get("view") or {}).get("state") or {}).get("values") or {}
    return str(next(iter(values), "input"))
