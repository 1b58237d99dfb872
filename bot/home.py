"""The App Home tab: what the bot can do and the latest of the dialogue."""

from __future__ import annotations

from typing import Any

from bot import dates
from bot.commands import SLASH_COMMAND, CommandTable
from bot.mrkdwn import escape
from bot.replies import context, section
from bot.services import Services
from storage.history import timeline

LATEST_EVENTS = 5


async def view(services: Services, table: CommandTable, user_id: str) -> dict[str, Any]:
    events = await services.store.run(timeline)
    blocks: list[dict[str, Any]] = [
        {"type": "header", "text": {"type": "plain_text", "text": "Roundtable Bot"}},
        section(
            "I answer questions about the IRF Roundtable's dialogue with the government of"
            " Kazakhstan. Mention me, send me a direct message, or use a command."
        ),
        {"type": "divider"},
        section("*Latest in the dialogue*"),
    ]
    for event in events[-LATEST_EVENTS:][::-1]:
        when = dates.event_date(event.date, event.end_date, event.date_precision)
        blocks.append(section(f"*{when}* — {escape(event.summary)}"))
    commands = [
        f"`{SLASH_COMMAND} {command.usage}` — {command.summary}"
        for command in table
        if not command.coordinator_only or services.is_coordinator(user_id)
    ]
    blocks += [{"type": "divider"}, section("*Commands*"), context("\n".join(commands))]
    return {"type": "home", "blocks": blocks}
