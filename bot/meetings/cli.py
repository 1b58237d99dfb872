"""`roundtable-bot meetings add|cancel|list`: meetings from a terminal. A running bot announces and
reminds from the database, so what is added here reaches Slack within seconds, with no restart."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable
from typing import Any

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
from storage.reminders import DEFAULT_OFFSETS
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
        if args.json:
            print(json.dumps(result, indent=None))
        elif isinstance(result, list):
            for row in result:
                print(f"{row['id']}\t{row['starts_at']}\t{row['timezone']}\t{row['title']}")
        else:
            assert isinstance(result, dict)
            print(result["id"])
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
    return _describe(store.call(schedule_meeting, request, utcnow()))


def _cancel(store: Store, args: argparse.Namespace, _settings: Settings) -> object:
    return _describe(store.call(cancel_meeting, parse_meeting_id(args.id), utcnow()))


def _list(store: Store, _args: argparse.Namespace, _settings: Settings) -> object:
    return [_describe(row.meeting) for row in store.call(upcoming_meetings, utcnow(), EVERYTHING)]


def add_commands(commands: Any) -> None:
    """Attach `meetings add|cancel|list` to the CLI's subcommands."""
    meetings = commands.add_parser("meetings", help="schedule, cancel and list follow-up meetings")
    actions = meetings.add_subparsers(title="commands", metavar="COMMAND", required=True)

    add = actions.add_parser("add", help="schedule a meeting; prints its id")
    add.add_argument("--title", required=True)
    add.add_argument("--start", required=True, help="such as 2026-12-10T09:00-05:00")
    add.add_argument("--channel", help="the channel id, such as C0123ABCD")
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
