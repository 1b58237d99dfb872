"""`roundtable-bot meetings add|cancel|list`: meetings from a terminal. A running bot announces and
reminds from the database, so what is added here reaches Slack within seconds, with no restart."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from bot.kit.mentions import mentioned_id, mentioned_ids
from bot.settings import Settings
from storage.db import Store
from storage.errors import UserError
from storage.meetings import (
    build_request,
    cancel_meeting,
    parse_meeting_id,
    schedule_meeting,
    upcoming_meetings,
)
from storage.models import Meeting, utcnow
from storage.reminders import DEFAULT_OFFSETS, parse_offsets, past_offsets_note
from storage.visibility import EVERYTHING


def _describe(meeting: Meeting) -> dict[str, Any]:
    return {
        "id": meeting.id,
        "title": meeting.title,
        "starts_at": meeting.starts_at.isoformat(),
        "timezone": meeting.timezone,
        "channel": meeting.channel_id,
        "place": meeting.place,
        "status": meeting.status,
        "remind": meeting.reminder_offsets,
    }


def _table(rows: list[dict[str, Any]], zone: str) -> str:
    """The meetings as an aligned table, their starts in the coalition's zone."""
    if not rows:
        return "No follow-up meetings are scheduled."
    header = ["ID", f"START ({zone})", "CHANNEL", "TITLE"]
    lines = [
        [
            f"M{row['id']}",
            datetime.fromisoformat(row["starts_at"])
            .astimezone(ZoneInfo(zone))
            .strftime("%a %Y-%m-%d %H:%M %Z"),
            str(row["channel"]),
            str(row["title"]),
        ]
        for row in rows
    ]
    widths = [max(len(line[i]) for line in [header, *lines]) for i in range(len(header) - 1)]
    return "\n".join(
        "  ".join(
            [*(cell.ljust(width) for cell, width in zip(line, widths, strict=False)), line[-1]]
        )
        for line in [header, *lines]
    )


def _with_store(
    work: Callable[[Store, argparse.Namespace, Settings], object],
) -> Callable[[argparse.Namespace, Settings], int]:
    """Migrate, open the store, run, and turn a person's mistake into one line and exit 1."""

    def run(args: argparse.Namespace, settings: Settings) -> int:
        from storage.migrate import upgrade

        upgrade(settings.database_url)
        store = Store.from_url(settings.database_url)
        try:
            result = work(store, args, settings)
        except UserError as error:
            print(f"roundtable-bot: {error}", file=sys.stderr)
            return 1
        finally:
            store.dispose()
        # What the reader should know (a time read one of two ways, reminders already past)
        # goes to stderr: stdout stays the id, the table or the JSON.
        notes = result.pop("notes", []) if isinstance(result, dict) else []
        for note in notes:
            print(note, file=sys.stderr)
        if args.json:
            print(json.dumps(result, indent=None))
        elif isinstance(result, list):
            print(_table(result, settings.timezone_name))
        else:
            assert isinstance(result, dict)
            print(f"M{result['id']}")
        return 0

    return run


def _add(store: Store, args: argparse.Namespace, settings: Settings) -> object:
    request = build_request(
        title=args.title,
        start=args.start,
        channel=mentioned_id(args.channel),
        default_zone=settings.timezone_name,
        timezone=args.timezone,
        place=args.place,
        agenda=args.agenda,
        remind=args.remind,
        invite=mentioned_ids(args.invite),
        duration=args.minutes,
        created_by="cli",
    )
    now = utcnow()
    meeting = store.call(schedule_meeting, request, now)
    notes = [request.note] if request.note else []
    past = past_offsets_note(meeting.starts_at, parse_offsets(meeting.reminder_offsets), now)
    return {**_describe(meeting), "notes": [*notes, *([past] if past else [])]}


def _cancel(store: Store, args: argparse.Namespace, _settings: Settings) -> object:
    return _describe(store.call(cancel_meeting, parse_meeting_id(args.id), utcnow()))


def _list(store: Store, _args: argparse.Namespace, _settings: Settings) -> object:
    return [_describe(row.meeting) for row in store.call(upcoming_meetings, utcnow(), EVERYTHING)]


def add_commands(commands: Any) -> None:
    """Attach `meetings add|cancel|list` to the CLI's subcommands."""
    meetings = commands.add_parser("meetings", help="schedule, cancel and list follow-up meetings")
    actions = meetings.add_subparsers(title="commands", metavar="COMMAND", required=True)

    add = actions.add_parser("add", help="schedule a meeting; prints its id, such as M1")
    add.add_argument("--title", required=True)
    add.add_argument(
        "--start",
        required=True,
        help="such as 2026-12-10T09:00-05:00, or 2026-12-10T09:00 in --timezone"
        " (default: the coalition's)",
    )
    add.add_argument("--channel", required=True, help="the channel's id, such as C0123ABCD")
    add.add_argument("--timezone", help="an IANA zone such as Asia/Almaty (default: the offset's)")
    add.add_argument("--place", default="")
    add.add_argument("--agenda", default="")
    add.add_argument("--minutes", default=None, help="its length (default 60)")
    add.add_argument("--remind", default=DEFAULT_OFFSETS, help="offsets such as 7d,1d,1h,30m")
    add.add_argument("--invite", default="", help="Slack ids: U1,U2 (S… for a user group)")
    add.set_defaults(run=_with_store(_add))

    cancel = actions.add_parser("cancel", help="cancel a meeting: its reminders never fire")
    cancel.add_argument("id")
    cancel.set_defaults(run=_with_store(_cancel))

    listing = actions.add_parser("list", help="upcoming meetings")
    listing.set_defaults(run=_with_store(_list))

    for parser in (add, cancel, listing):
        parser.add_argument("--json", action="store_true", help="print JSON")
