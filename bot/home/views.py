"""The App Home tab: what the bot can do and the latest of the dialogue."""

from __future__ import annotations

from typing import Any

from bot.kit import dates
from bot.kit.blocks import context, divider, header, home, section
from bot.kit.commands import CommandTable
from bot.kit.mrkdwn import escape
from bot.recommendations.commands import recorded_by
from bot.services import Services
from storage.history import timeline
from storage.models import RecommendationStatus
from storage.recommendations import latest_changes, tracked

LATEST_EVENTS = 5


async def view(services: Services, table: CommandTable, user_id: str) -> dict[str, Any]:
    events = await services.store.run(timeline, await services.visibility.of_person(user_id))
    blocks: list[dict[str, Any]] = [
        header("Roundtable Bot"),
        section(
            "I answer questions about the IRF Roundtable's dialogue with the government of"
            " Kazakhstan. Mention me, send me a direct message, or use a command."
        ),
        divider(),
        section("*Latest in the dialogue*"),
    ]
    for event in events[-LATEST_EVENTS:][::-1]:
        when = dates.event_date(event.date, event.end_date, event.date_precision)
        blocks.append(section(f"*{when}* — {escape(event.summary)}"))
    blocks += await _recommendations(services)
    commands = [
        command.help_line()
        for command in table
        if not command.coordinator_only or services.is_coordinator(user_id)
    ]
    blocks += [divider(), section("*Commands*"), context("\n".join(commands))]
    return home(blocks)


async def _recommendations(services: Services) -> list[dict[str, Any]]:
    """The recommendations grouped by status, and the latest status changes with who recorded
    them."""
    items = await services.store.run(tracked)
    changes = await services.store.run(latest_changes, LATEST_EVENTS)
    blocks: list[dict[str, Any]] = [divider(), section("*Recommendations by status*")]
    for status in RecommendationStatus:
        refs = [item.recommendation.ref for item in items if item.status == status]
        if refs:
            blocks.append(
                section(f"*{status.value.capitalize()}* ({len(refs)}): {', '.join(refs)}")
            )
    if changes:
        lines = [
            f"• {dates.day(change.as_of)}: *{rec.ref}* {change.status} — recorded by"
            f" {recorded_by(change)}"
            for rec, change in changes
        ]
        blocks += [section("*Latest status changes*"), context("\n".join(lines))]
    return blocks
