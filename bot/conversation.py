"""Replies to what people write to the bot (mentions, direct messages, console lines)."""

from __future__ import annotations

from bot.replies import Reply
from bot.services import Services


async def reply_to_message(services: Services, user_id: str, text: str) -> Reply:
    """Until question answering lands, point people at what already works."""
    return Reply(
        "I can't answer questions in my own words yet. Try `/roundtable history` for the"
        " timeline of the dialogue, or `/roundtable help` for everything I can do."
    )
