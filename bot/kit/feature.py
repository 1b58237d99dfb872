"""What a feature offers the transports: its `/roundtable` subcommands, its Slack listeners and its
`roundtable-bot` subcommands. `bot.features` lists every feature; the Slack app, the console and
the CLI iterate that one list."""

from __future__ import annotations

import argparse
from collections.abc import Callable
from dataclasses import dataclass

from slack_bolt.async_app import AsyncApp

from bot.kit.commands import CommandTable
from bot.services import Services

__all__ = ["Feature", "Subcommands"]

Subcommands = argparse._SubParsersAction  # the `roundtable-bot COMMAND` parsers a feature adds to


@dataclass(frozen=True)
class Feature:
    name: str
    commands: Callable[[CommandTable], None]
    listeners: Callable[[AsyncApp, Services, CommandTable], None] | None = None
    cli: Callable[[Subcommands[argparse.ArgumentParser]], None] | None = None
