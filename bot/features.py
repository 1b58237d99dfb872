"""Every feature of the bot, in the order `/roundtable help` lists their commands. Each feature is a
folder with the same files (`commands.py`, `listeners.py`, `views.py`, `cli.py`); adding one is
adding its folder and a line here."""

from __future__ import annotations

import argparse
import importlib
import importlib.util

from slack_bolt.async_app import AsyncApp

from bot.kit.commands import CommandTable
from bot.kit.feature import Feature, Subcommands
from bot.services import Services


def _feature(name: str) -> Feature:
    """The feature in folder `bot/<name>`: its commands, and its listeners and CLI if it has any."""

    def part(module: str, function: str) -> object:
        found = importlib.util.find_spec(f"bot.{name}.{module}")
        return None if found is None else getattr(importlib.import_module(found.name), function)

    return Feature(
        name,
        part("commands", "register"),  # type: ignore[arg-type]
        part("listeners", "register"),  # type: ignore[arg-type]
        part("cli", "add_commands"),  # type: ignore[arg-type]
    )


FEATURES: tuple[Feature, ...] = tuple(
    _feature(name)
    for name in (
        "home",
        "answers",
        "records",
        "recommendations",
        "letters",
        "meetings",
        "privacy",
    )
)


def build_command_table() -> CommandTable:
    table = CommandTable()
    for feature in FEATURES:
        feature.commands(table)
    return table


def register_listeners(app: AsyncApp, services: Services, table: CommandTable) -> None:
    for feature in FEATURES:
        if feature.listeners is not None:
            feature.listeners(app, services, table)


def add_cli_commands(commands: Subcommands[argparse.ArgumentParser]) -> None:
    for feature in FEATURES:
        if feature.cli is not None:
            feature.cli(commands)
