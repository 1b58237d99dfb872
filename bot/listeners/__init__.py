"""Slack listeners, one module per Slack surface, each with `register(app, ...)`."""

from __future__ import annotations

from slack_bolt.async_app import AsyncApp

from bot.commands import CommandTable
from bot.listeners import commands, events, interactivity
from bot.services import Services

__all__ = ["register_all"]


def register_all(app: AsyncApp, services: Services, table: CommandTable) -> None:
    events.register_deduplication(app, services)
    commands.register(app, services, table)
    events.register(app, services, table)
    interactivity.register(app, services)
