"""Buttons and modals. Each capability keeps its own action and view handlers in a module of
`bot.listeners` with a `register(app, services)`; this module is where they are all attached."""

from __future__ import annotations

from slack_bolt.async_app import AsyncApp

from bot.listeners import answers, letters, meetings
from bot.services import Services


def register(app: AsyncApp, services: Services) -> None:
    """Attach every capability's action and view listeners."""
    answers.register(app, services)
    letters.register(app, services)
    meetings.register(app, services)
