"""`roundtable-bot`: start the bot (Slack, or the offline console without tokens) and manage the
store from a terminal."""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import logging
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

from bot import logs
from bot.features import add_cli_commands
from bot.settings import Settings, SettingsError, load_settings
from jobs.throttle import DATABASE_ERRORS

CONSOLE_USER = "you"  # a name in the console's pretend workspace (`storage/workspace.py`)
CONSOLE_FILES = "console-files"

Runner = Callable[[argparse.Namespace, Settings], int]


def _start(args: argparse.Namespace, settings: Settings) -> int:
    if settings.has_slack:
        return _serve(args, settings)
    print("No Slack tokens are set: opening the offline console.", file=sys.stderr)
    args.user, args.coordinator, args.files = CONSOLE_USER, False, CONSOLE_FILES
    return _console(args, settings)


def _serve(_args: argparse.Namespace, settings: Settings) -> int:
    from bot.app import serve

    settings.require_slack()
    with contextlib.suppress(KeyboardInterrupt):
        asyncio.run(serve(settings))
    return 0


def _console(args: argparse.Namespace, settings: Settings) -> int:
    from bot.app import prepare_database
    from bot.console import Console, console_user
    from bot.features import build_command_table
    from storage.errors import UserError

    store = prepare_database(settings)
    try:
        try:
            user_id = asyncio.run(console_user(store, args.user))
        except UserError as error:
            print(f"roundtable-bot: --user: {error}", file=sys.stderr)
            return 2
        if args.coordinator:
            coordinators = settings.coordinators | {user_id}
            settings = settings.model_copy(update={"coordinators": coordinators})
        console = Console(
            settings,
            store,
            build_command_table(),
            user_id,
            sys.stdin,
            sys.stdout,
            Path(args.files),
        )
        with contextlib.suppress(KeyboardInterrupt):
            asyncio.run(console.run())
    finally:
        store.dispose()
    return 0


def _db_upgrade(_args: argparse.Namespace, settings: Settings) -> int:
    from storage.migrate import upgrade

    upgrade(settings.database_url)
    print("The database is at the newest schema.")
    return 0


def _seed(_args: argparse.Namespace, settings: Settings) -> int:
    from storage.db import Store
    from storage.migrate import upgrade
    from storage.seeding import seed

    upgrade(settings.database_url)
    store = Store.from_url(settings.database_url)
    try:
        counts = store.call(seed)
    finally:
        store.dispose()
    print(f"Seeded: {counts}")
    return 0


def parser() -> argparse.ArgumentParser:
    top = argparse.ArgumentParser(
        prog="roundtable-bot",
        description="Roundtable Bot. With no command: serve Slack if SLACK_BOT_TOKEN is set,"
        " otherwise open the offline console.",
    )
    top.set_defaults(run=_start)
    commands = top.add_subparsers(title="commands", metavar="COMMAND")

    serve = commands.add_parser(
        "serve",
        help="run the bot in Slack (Socket Mode or HTTP)",
        description="Run the bot in Slack: Socket Mode when SLACK_APP_TOKEN is set, otherwise"
        " HTTP on PORT (POST /slack/events, verified with SLACK_SIGNING_SECRET). Either way"
        " GET /healthz answers on PORT. Migrates and seeds an empty database first.",
    )
    serve.set_defaults(run=_serve)

    console = commands.add_parser(
        "console",
        help="talk to the bot offline, in the terminal",
        description="The whole bot in the terminal, without Slack: `/roundtable …` lines are the"
        " slash command, `#3` (or a button's label) presses a button, forms are asked field by"
        " field, and any other line is a direct message to the bot. `#channel` and `@person`"
        " name the console's pretend workspace, made as you name them.",
    )
    console.add_argument(
        "--user",
        default=CONSOLE_USER,
        help="who you are: a name such as alice, or a Slack user id such as U0123ABCD"
        f" (default: {CONSOLE_USER})",
    )
    console.add_argument("--coordinator", action="store_true", help="act as a coordinator")
    console.add_argument(
        "--files",
        default=CONSOLE_FILES,
        help=f"the folder for files the bot sends, such as exports (default: {CONSOLE_FILES})",
    )
    console.set_defaults(run=_console)

    db = commands.add_parser("db", help="manage the database schema")
    db_commands = db.add_subparsers(title="commands", metavar="COMMAND", required=True)
    db_commands.add_parser("upgrade", help="migrate to the newest schema").set_defaults(
        run=_db_upgrade
    )

    commands.add_parser(
        "seed", help="load the dialogue's history (twice changes nothing)"
    ).set_defaults(run=_seed)
    add_cli_commands(commands)
    return top


def main(argv: Sequence[str] | None = None) -> int:
    args = parser().parse_args(argv)
    try:
        settings = load_settings()
    except SettingsError as error:
        print(f"roundtable-bot: {error}", file=sys.stderr)
        return 2
    serving = args.run is _serve or (args.run is _start and settings.has_slack)
    # A server logs what it does; the console and the store commands keep the terminal for replies.
    logs.configure(settings.log_format, logging.INFO if serving else logging.WARNING)
    try:
        return int(args.run(args, settings))
    except SettingsError as error:
        print(f"roundtable-bot: {error}", file=sys.stderr)
        return 2
    except DATABASE_ERRORS as error:
        # Not a bug in the bot: one line that names the problem, not a page of traceback.
        print(f"roundtable-bot: {database_problem(error)}", file=sys.stderr)
        return 3


def database_problem(error: BaseException) -> str:
    """`cannot reach the database (OperationalError: connection refused …); check DATABASE_URL`:
    the driver's first line says what went wrong (it never holds the password)."""
    cause = getattr(error, "orig", None) or error
    first = next((line.strip() for line in str(cause).splitlines() if line.strip()), "")
    reason = f"{type(error).__name__}: {first[:200]}" if first else type(error).__name__
    return f"cannot reach the database ({reason}); check DATABASE_URL"


if __name__ == "__main__":
    sys.exit(main())
