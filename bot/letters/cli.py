"""`roundtable-bot letters create | signatures`: coordinators' letter work from a terminal, on the
same settings (and so the same store and bot token) as the running bot."""

from __future__ import annotations

import argparse
import asyncio
import dataclasses
import json
import sys
from pathlib import Path

from bot.kit.mentions import mentioned_id
from bot.services import Services
from bot.settings import Settings
from storage import letter_exports, letters, outbox, signatures
from storage.errors import UserError
from storage.models import OutboxMessage, OutboxStatus

CLI_ACTOR = "cli"


def add_commands(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    group = commands.add_parser("letters", help="create coalition letters, print signatures")
    sub = group.add_subparsers(title="commands", metavar="COMMAND", required=True)

    create = sub.add_parser("create", help="create a letter and publish it (unless --draft)")
    create.add_argument("--title", required=True)
    create.add_argument("--body-file", required=True, type=Path, help="the text, Slack markdown")
    create.add_argument(
        "--deadline",
        required=True,
        help="such as 2026-12-15T17:00-05:00, or 2026-12-15 17:00 in --timezone;"
        " a date alone is the end of that day",
    )
    create.add_argument(
        "--channel", required=True, help="the channel's id to post in, such as C0123456"
    )
    create.add_argument("--addressees", default="")
    create.add_argument("--timezone", help="the zone deadlines are shown in (default: the bot's)")
    create.add_argument(
        "--personal-only", action="store_true", help="no signing on behalf of an organization"
    )
    create.add_argument("--signers-visible-to", choices=letters.VISIBILITY, default="coalition")
    create.add_argument(
        "--remind-hours", type=float, default=24.0, help="the reminder's lead (default 24)"
    )
    create.add_argument("--draft", action="store_true", help="save without publishing")
    create.add_argument("--json", action="store_true", help="print the letter as JSON")
    create.set_defaults(run=_create)

    signatures = sub.add_parser("signatures", help="print a letter's signatures")
    signatures.add_argument("ref", help="the letter's reference, such as L2")
    signatures.add_argument("--format", choices=("csv", "md"), default="csv")
    signatures.set_defaults(run=_signatures)


def _fail(message: str, code: int = 1) -> int:
    print(f"roundtable-bot: {message}", file=sys.stderr)
    return code


def _create(args: argparse.Namespace, settings: Settings) -> int:
    from bot.app import build_services

    if not args.draft and not settings.has_slack:
        return _fail("SLACK_BOT_TOKEN is not set: publishing posts with it (or use --draft)", 2)
    try:
        body = args.body_file.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        return _fail(f"cannot read {args.body_file}: {error.__class__.__name__}")
    services, _ = build_services(settings)
    try:
        zone = args.timezone or settings.timezone_name
        deadline = letters.parse_deadline(args.deadline, zone)
        if deadline.note:
            print(deadline.note, file=sys.stderr)
        draft = letters.LetterDraft.checked(
            title=args.title,
            body=body,
            deadline=deadline.at,
            timezone=zone,
            channel_id=mentioned_id(args.channel),
            addressees=args.addressees,
            on_behalf_allowed=not args.personal_only,
            signers_visible_to=args.signers_visible_to,
            remind_before_minutes=round(args.remind_hours * 60),
        )
        letter = services.store.call(letters.create_letter, draft, CLI_ACTOR, services.clock())
        if not args.draft:
            assert letter.id is not None
            posted = asyncio.run(_publish(services, letter.id))
            letter = services.store.call(letters.find_letter, letter.id)
            if posted is not None and posted.status == OutboxStatus.FAILED:
                return _fail(
                    f"Slack refused the post ({posted.last_error}): {letter.ref} is saved;"
                    f" publish it again with `/roundtable letter publish {letter.ref}`"
                )
            if posted is not None and posted.status == OutboxStatus.PENDING:
                print(
                    f"Slack is busy: the post of {letter.ref} waits in the outbox, and the"
                    " running bot sends it.",
                    file=sys.stderr,
                )
    except UserError as error:
        return _fail(str(error))
    finally:
        services.store.dispose()
    if args.json:
        print(
            json.dumps(
                {
                    "ref": letter.ref,
                    "id": letter.id,
                    "title": letter.title,
                    "status": letter.status,
                    "deadline": letter.deadline.isoformat() if letter.deadline else None,
                    "timezone": letter.timezone,
                    "channel": letter.channel_id,
                    "message_ts": letter.message_ts,
                    "version": letter.version,
                }
            )
        )
    else:
        print(letter.ref)
    return 0


async def _publish(services: Services, letter_id: int) -> OutboxMessage | None:
    """Publish and post the letter now, with a Slack client whose HTTP session lasts as long as
    this one call; how the post went."""
    from bot.app import deliver_now
    from bot.letters.commands import publish
    from bot.letters.slack import post_key
    from bot.slack.app import slack_client

    async with slack_client(services.settings) as client:
        with_slack = dataclasses.replace(services, slack=client)
        await publish(with_slack, letter_id, CLI_ACTOR)
        await deliver_now(with_slack)
    return await services.store.run(outbox.find, post_key(letter_id))


def _signatures(args: argparse.Namespace, settings: Settings) -> int:
    from bot.app import prepare_database

    store = prepare_database(settings)
    try:
        letter = store.call(letters.find_letter, args.ref)
        assert letter.id is not None
        signed = store.call(signatures.active_signatures, letter.id)
    except UserError as error:
        return _fail(str(error))
    finally:
        store.dispose()
    if args.format == "csv":
        sys.stdout.write(letter_exports.export_csv(signed))
    else:
        sys.stdout.write(letter_exports.export_text(letter, signed))
    return 0
