"""`roundtable-bot records add|list|remove`: the library of records from a terminal. A running bot
answers from what is added here at once: the store is the same."""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
from pathlib import Path
from typing import Any

from bot.settings import Settings
from storage import records
from storage.db import Store
from storage.errors import InvalidInput, UserError
from storage.extraction import check_name, read_record
from storage.models import utcnow

CLI_USER = "cli"


def _date(value: str | None) -> dt.date | None:
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise InvalidInput(f"--date {value!r} is not a date such as 2026-03-16.") from None


def _add(store: Store, args: argparse.Namespace) -> Any:
    path = Path(args.file)
    date = _date(args.date)
    try:
        size = path.stat().st_size
    except OSError:
        raise InvalidInput(f"There is no file {str(path)!r} to read.") from None
    check_name(path.name, size)  # a file too large is refused before it is read
    extracted = read_record(path.name, path.read_bytes())
    added = store.call(
        records.add_record,
        extracted,
        utcnow(),
        title=args.title,
        date=date,
        source=args.source or "",
        added_by=CLI_USER,
    )
    if args.json:
        return {
            "ref": added.ref,
            "title": added.title,
            "passages": added.passages,
            "added": added.added,
        }
    if not added.added:
        return f"{added.ref}\talready in the library, nothing changed\t{added.title}"
    return f"{added.ref}\t{added.passages} passages\t{added.title}"


def _list(store: Store, args: argparse.Namespace) -> Any:
    rows = store.call(records.list_records)
    if args.json:
        return [row.as_json() for row in rows]
    return "\n".join(
        f"{row.ref}\t{row.date.isoformat() if row.date else '-'}\t{row.passages} passages"
        f"\t{row.title}"
        for row in rows
    )


def _remove(store: Store, args: argparse.Namespace) -> Any:
    row = store.call(records.remove_record, args.ref)
    if args.json:
        return row.as_json()
    return f"removed {row.ref}\t{row.passages} passages\t{row.title}"


def _run(args: argparse.Namespace, settings: Settings) -> int:
    """Migrate and seed as the bot would (the seed report is the first record), run, and turn a
    person's mistake into one line and exit 1."""
    from bot.app import prepare_database

    store = prepare_database(settings)
    try:
        result = args.work(store, args)
    except UserError as error:
        print(f"roundtable-bot: {error}", file=sys.stderr)
        return 1
    finally:
        store.dispose()
    print(json.dumps(result, ensure_ascii=False) if args.json else result)
    return 0


def add_commands(commands: Any) -> None:
    """Attach `records add|list|remove` to the CLI's subcommands."""
    library = commands.add_parser("records", help="the library of records the answers draw on")
    actions = library.add_subparsers(title="commands", metavar="COMMAND", required=True)

    add = actions.add_parser(
        "add", help="add a Markdown, text, PDF, Word (.docx) or HTML file; prints its ref"
    )
    add.add_argument("file")
    add.add_argument("--title", help="its title (default: the one the file gives, or its name)")
    add.add_argument("--date", help="its date, such as 2026-03-16")
    add.add_argument("--source", help="where it comes from, such as 'Kazakhstan Working Group'")
    add.set_defaults(work=_add)

    listing = actions.add_parser("list", help="every record, with its passages")
    listing.set_defaults(work=_list)

    remove = actions.add_parser("remove", help="remove a record (such as D3): no longer cited")
    remove.add_argument("ref")
    remove.set_defaults(work=_remove)

    for parser in (add, listing, remove):
        parser.add_argument("--json", action="store_true", help="print JSON")
        parser.set_defaults(run=_run)
