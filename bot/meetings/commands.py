"""`/roundtable meeting add|move|cancel …` for coordinators and `/roundtable meetings` for all."""

from __future__ import annotations

import shlex
from typing import Any

from bot.kit.blocks import actions, button, section
from bot.kit.commands import SLASH_COMMAND, CommandTable, Invocation
from bot.kit.mentions import mentioned_id, mentioned_ids
from bot.kit.replies import Reply
from bot.meetings import views as messages
from storage.errors import InvalidInput
from storage.meetings import (
    Upcoming,
    build_request,
    cancel_meeting,
    parse_meeting_id,
    parse_start,
    reschedule_meeting,
    schedule_meeting,
    upcoming_meetings,
)

ADD_EXAMPLE = (
    'meeting add title="Embassy call" start=2026-12-10T09:00 tz=America/New_York'
    " channel=#dialogue invite=@alice,@bob"
)
USAGE = (
    f"`{SLASH_COMMAND} {ADD_EXAMPLE}`; more fields: place=, agenda=, remind=7d,1d,1h,"
    f" minutes=60 (values with spaces in quotes). `{SLASH_COMMAND} meeting move M1"
    f" start=2026-12-11T09:00`, `{SLASH_COMMAND} meeting cancel M1`"
)
FIELDS = {"title", "start", "tz", "channel", "place", "agenda", "remind", "invite", "minutes"}


def parse_fields(text: str) -> dict[str, str]:
    """`key=value` pairs; values with spaces in "quotes"."""
    try:
        words = shlex.split(text.replace("“", '"').replace("”", '"'))
    except ValueError:
        raise InvalidInput('A quote is not closed: put values with spaces in "quotes".') from None
    fields: dict[str, str] = {}
    for word in words:
        key, equals, value = word.partition("=")
        key = key.lower()
        if not equals or key not in FIELDS:
            raise InvalidInput(f"I can't read `{word[:40]}`. Use: {USAGE}")
        fields[key] = value
    return fields


def register(table: CommandTable) -> None:
    table.hint("meeting", f"`{SLASH_COMMAND} meetings` lists them.")
    table.hint("channel", "You can also run the command in that channel, or use the form.")
    table.hint("invitees", "You can also pick people in the form.")

    @table.command(
        "meeting",
        "meeting add|move|cancel …",
        "Schedule, move or cancel a follow-up meeting",
        coordinator_only=True,
        example=ADD_EXAMPLE,
    )
    async def meeting(invocation: Invocation) -> Reply:
        action, _, rest = invocation.args.partition(" ")
        action = action.lower()
        services = invocation.services
        now = services.clock()
        if action == "add" and not rest.strip():
            form = messages.schedule_modal(invocation.channel_id, services.settings.timezone_name)
            return _form_offer(form)
        if action == "add":
            fields = parse_fields(rest)
            request = build_request(
                title=fields.get("title", ""),
                start=fields.get("start", ""),
                channel=mentioned_id(fields.get("channel") or _channel_here(invocation)),
                default_zone=services.settings.timezone_name,
                timezone=fields.get("tz"),
                place=fields.get("place", ""),
                agenda=fields.get("agenda", ""),
                remind=fields.get("remind"),
                invite=mentioned_ids(fields.get("invite", "")),
                duration=fields.get("minutes"),
                created_by=invocation.user_id,
            )
            return await invocation.change(
                lambda session: schedule_meeting(session, request, now),
                lambda created: Reply(messages.scheduled(created, request.note, now)),
            )
        if action in ("move", "cancel"):
            target, _, more = rest.strip().partition(" ")
            meeting_id = parse_meeting_id(target)
            if action == "cancel":
                return await invocation.change(
                    lambda session: cancel_meeting(session, meeting_id, now),
                    lambda cancelled: Reply(
                        f"Cancelled {messages.ref(cancelled)}. I'll tell the channel and invitees."
                    ),
                )
            fields = parse_fields(more)
            if "start" not in fields:
                raise InvalidInput(
                    f"Say when it moves to: `{SLASH_COMMAND} meeting move M1"
                    " start=2026-12-11T09:00`."
                )
            zone = fields.get("tz")
            starts_at, _, note = parse_start(fields["start"], zone, services.settings.timezone_name)
            return await invocation.change(
                lambda session: reschedule_meeting(session, meeting_id, starts_at, now, zone),
                lambda moved: Reply(messages.moved(moved, note, now)),
            )
        return Reply(f"Usage: {USAGE}")

    @table.command("meetings", "meetings", "Upcoming meetings you may see, with your RSVP")
    async def meetings(invocation: Invocation) -> Reply:
        services = invocation.services
        viewer = await services.visibility.of_person(invocation.user_id)
        rows: list[Upcoming] = await services.store.run(upcoming_meetings, services.clock(), viewer)
        zone = await services.people.zone_of(invocation.user_id)
        return messages.upcoming_list([(r.meeting, r.response, r.invited) for r in rows], zone)


def _channel_here(invocation: Invocation) -> str | None:
    """The channel the command was typed in, when it is one (not a direct message)."""
    channel = invocation.channel_id or ""
    return channel if channel[:1] in ("C", "G") else None


def _form_offer(form: dict[str, Any]) -> Reply:
    # In Slack the form opens at once; the button is for where it cannot (an expired trigger).
    text = f"Schedule a meeting with the form, or type it in one line: {USAGE}"
    open_it = actions(button("Open the form", messages.OPEN_FORM_ACTION, "open"))
    return Reply(text, [section(text), open_it], modal=form)
