"""The one place an unexpected failure in a listener ends: logged with context (never the text,
tokens or people's data), and the person told plainly, without internals."""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from typing import Any

from bot.replies import Reply

log = logging.getLogger("bot.listeners")

SOMETHING_WENT_WRONG = Reply(
    "Sorry, something went wrong on my side and nothing was changed. Please try again in a"
    " minute; if it keeps happening, tell a coordinator."
)


async def reply_or_apologise(
    where: str, produce: Callable[[], Awaitable[Reply]], **log_context: Any
) -> Reply:
    """Run `produce`; if it fails unexpectedly, log why and return an apology to show instead."""
    try:
        return await produce()
    except Exception:
        log.exception("%s failed", where, extra={"roundtable": log_context})
        return SOMETHING_WENT_WRONG
