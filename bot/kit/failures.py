"""The one place an unexpected failure in a listener ends: logged with context (never the text,
tokens or people's data), and the person told plainly, without internals."""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable

from bot.kit.replies import Reply

log = logging.getLogger("bot.listeners")

SOMETHING_WENT_WRONG = Reply(
    # Trying again is safe: every change the bot makes is idempotent.
    "Sorry, something went wrong on my side. Please try again in a minute; if it keeps"
    " happening, tell a coordinator."
)


async def reply_or_apologise(where: str, produce: Callable[[], Awaitable[Reply]]) -> Reply:
    """Run `produce`; if it fails unexpectedly, log why and return an apology to show instead."""
    try:
        return await produce()
    except Exception:
        # `where` names the surface ("/roundtable history", "direct message"): enough to find the
        # bug, and nothing a person typed or who they are.
        log.exception("%s failed", where, extra={"surface": where})
        return SOMETHING_WENT_WRONG
