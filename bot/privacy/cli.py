"""`roundtable-bot privacy prune`: forget, now, what is kept only for the retention period
(`ROUNDTABLE_RETENTION_DAYS`); the running bot does the same every hour."""

from __future__ import annotations

import argparse
import json
import sys
from datetime import timedelta

from bot.kit.feature import Subcommands
from bot.settings import Settings
from storage.db import Store
from storage.migrate import upgrade
from storage.models import utcnow
from storage.privacy import prune


def _prune(args: argparse.Namespace, settings: Settings) -> int:
    days = args.days if args.days is not None else settings.retention_days
    if days < 1:
        print("roundtable-bot: --days must be at least 1", file=sys.stderr)
        return 2
    upgrade(settings.database_url)
    store = Store.from_url(settings.database_url)
    try:
        pruned = store.call(prune, utcnow(), timedelta(days=days))
    finally:
        store.dispose()
    counts = pruned.as_json()
    if args.json:
        print(json.dumps({"days": days, **counts}))
    else:
        done = ", ".join(f"{count} {what.replace('_', ' ')}" for what, count in counts.items())
        print(f"Deleted what was older than {days} days: {done}.")
    return 0


def add_commands(commands: Subcommands[argparse.ArgumentParser]) -> None:
    privacy = commands.add_parser("privacy", help="what is kept about people")
    actions = privacy.add_subparsers(title="commands", metavar="COMMAND", required=True)
    prune_parser = actions.add_parser(
        "prune",
        help="delete questions, profiles, withdrawn signatures and sent messages older than"
        " the retention period",
    )
    prune_parser.add_argument(
        "--days", type=int, default=None, help="instead of ROUNDTABLE_RETENTION_DAYS"
    )
    prune_parser.add_argument("--json", action="store_true", help="print the counts as JSON")
    prune_parser.set_defaults(run=_prune)
