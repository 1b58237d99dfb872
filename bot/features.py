"""Every feature of the bot, in the order `/roundtable help` lists their commands. Each feature is a
folder with the same files (`commands.py`, `listeners.py`, `views.py`, `cli.py`); adding one is
adding its folder and a line here."""

from __future__ import annotations

import argparse

from slack_bolt.async_app import AsyncApp

import bot.answers.cli
import bot.answers.commands
import bot.answers.listeners
import bot.home.commands
import bot.home.listeners
import bot.letters.cli
import bot.letters.commands
import bot.letters.listeners
import bot.meetings.cli
import bot.meetings.commands
import bot.meetings.listeners
import bot.privacy.cli
import bot.privacy.commands
import bot.privacy.listeners
import bot.recommendations.commands
import bot.recommendations.listeners
import bot.records.cli
import bot.records.commands
import bot.records.listeners
from bot.kit.commands import CommandTable
from bot.kit.feature import Feature, Subcommands
from bot.services import Services

FEATURES: tuple[Feature, ...] = (
    Feature("home", bot.home.commands.register, bot.home.listeners.register),
    Feature(
        "answers",
        bot.answers.commands.register,
        bot.answers.listeners.register,
        bot.answers.cli.add_commands,
    ),
    Feature(
        "records",
        bot.records.commands.register,
        bot.records.listeners.register,
        bot.records.cli.add_commands,
    ),
    Feature(
        "recommendations",
        bot.recommendations.commands.register,
        bot.recommendations.listeners.register,
    ),
    Feature(
        "letters",
        bot.letters.commands.register,
        bot.letters.listeners.register,
        bot.letters.cli.add_commands,
    ),
    Feature(
        "meetings",
        bot.meetings.commands.register,
        bot.meetings.listeners.register,
        bot.meetings.cli.add_commands,
    ),
    Feature(
        "privacy",
        bot.privacy.commands.register,
        bot.privacy.listeners.register,
        bot.privacy.cli.add_commands,
    ),
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
