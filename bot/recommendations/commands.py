"""The recommendations tracker: `/roundtable recs`, `/roundtable rec <id>` and, for coordinators,
`/roundtable status <id> <status> [YYYY-MM-DD] <evidence>`."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from typing import Any

from bot.kit import dates
from bot.kit.blocks import actions, button, context, section
from bot.kit.commands import SLASH_COMMAND, CommandTable, Invocation
from bot.kit.mrkdwn import escape
from bot.kit.replies import Reply
from bot.recommendations.views import OPEN_STATUS_MODAL
from bot.services import Services
from storage.errors import InvalidInput
from storage.models import RecommendationSource, RecommendationStatus, StatusChange
from storage.moments import parse_day
from storage.privacy import ERASED
from storage.recommendations import (
    TrackedRecommendation,
    parse_status,
    record_status_change,
    tracked,
    tracked_one,
)
from storage.seeding import SEED_RECORDED_BY

__all__ = ["recorded_by", "register", "status_change_reply", "summary_line"]

FILTERS: dict[str, Callable[[TrackedRecommendation], bool]] = {
    "all": lambda item: True,
    "open": lambda item: item.is_open,
    "un": lambda item: item.recommendation.made_by == RecommendationSource.UN_SPECIAL_RAPPORTEUR,
    "roundtable": lambda item: (
        item.recommendation.made_by == RecommendationSource.ROUNDTABLE_DELEGATION
    ),
}
HEADINGS = {
    "all": "All recommendations",
    "open": "Recommendations not yet implemented or declined",
    "un": "The U.N. Special Rapporteur's recommendations",
    "roundtable": "The IRF Roundtable delegation's recommendations",
}
_STATUSES = sorted((s.value for s in RecommendationStatus), key=len, reverse=True)
_STATUS_ARGS = re.compile(
    r"^(?P<ref>\S+)\s+(?P<status>" + "|".join(s.replace(" ", r"[\s_-]+") for s in _STATUSES) + r")"
    r"(?:\s+(?:as\s+of\s+)?(?P<date>\d{4}-\d{2}-\d{2}))?\s*(?P<evidence>.*)$",
    re.IGNORECASE | re.DOTALL,
)


_DATE_LIKE = re.compile(
    r"^(\d{1,4}[/.-]\d{1,2}([/.-]\d{1,4})?|\d{1,2}(st|nd|rd|th)?|\d{4}-\d{1,2}-\d{1,2})$"
    r"|^(jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*$|^(today|yesterday)$",
    re.IGNORECASE,
)


def recorded_by(change: StatusChange) -> str:
    if change.recorded_by == SEED_RECORDED_BY:
        return "the coalition's report"
    if change.recorded_by == ERASED:
        return "a coordinator"  # who asked the bot to forget them
    return f"<@{change.recorded_by}>"


def summary_line(item: TrackedRecommendation, width: int = 120) -> str:
    r = item.recommendation
    text = " ".join(r.text.split())
    text = text if len(text) <= width else text[: width - 1] + "…"
    current = item.current
    as_of = f", as of {dates.day(current.as_of)}" if current else ""
    return f"*{r.ref}* — _{item.status}{as_of}_ — {escape(text)}"


def _detail(item: TrackedRecommendation, coordinator: bool) -> Reply:
    r = item.recommendation
    source = item.source_event.title if item.source_event else item.made_by
    lines = [
        f"*{r.ref}* — recommendation {escape(r.label)} of {item.made_by}, to {escape(r.addressee)}",
        f"*Status: {item.status}*"
        + (f", as of {dates.day(item.current.as_of)}" if item.current else ""),
        escape(r.text),
        "*Status history*",
    ]
    for change in item.history:
        lines.append(
            f"• {dates.day(change.as_of)}: *{change.status}* — “{escape(change.evidence)}”"
            f" (recorded by {recorded_by(change)})"
        )
    text = "\n".join(lines)
    blocks: list[dict[str, Any]] = [section("\n".join(lines[:3])), section("\n".join(lines[3:]))]
    blocks.append(context(f"Source: {escape(source)}"))
    if coordinator:
        blocks.append(actions(button("Change status", OPEN_STATUS_MODAL, r.ref)))
    return Reply(text, blocks)


def status_change_reply(
    item: TrackedRecommendation, inserted: bool, status: str, as_of: dt.date, evidence: str
) -> Reply:
    """What was recorded, as it was recorded, and the status now when that differs (a change
    dated before the latest one does not change the current status)."""
    said = "Recorded" if inserted else "Already recorded"
    text = (
        f"{said}: *{item.recommendation.ref}* is *{status}* as of {dates.day(as_of)}."
        f" Evidence: “{escape(evidence.strip())}”"
    )
    current = item.current
    if current is not None and (current.status, current.as_of) != (status, as_of):
        text += (
            f"\nIts status now is still *{current.status}*, as of {dates.day(current.as_of)}:"
            " a later change was recorded before."
        )
    return Reply(text, [section(text)])


def today(services: Services) -> dt.date:
    return services.clock().astimezone(services.settings.timezone).date()


def register(table: CommandTable) -> None:
    table.hint("recommendation", f"`{SLASH_COMMAND} recs all` lists them all.")

    @table.command(
        "recs",
        "recs [open|all|un|roundtable]",
        "The recommendations and their status",
        example="recs open",
    )
    async def recs(invocation: Invocation) -> Reply:
        which = (invocation.args.split() or ["all"])[0].lower()
        keep = FILTERS.get(which)
        if keep is None:
            raise InvalidInput(f"Use `{SLASH_COMMAND} recs open`, `all`, `un` or `roundtable`.")
        items = [item for item in await invocation.services.store.run(tracked) if keep(item)]
        if not items:
            return Reply(f"No recommendations match `{which}`.")
        heading = f"*{HEADINGS[which]}: {len(items)}*"
        lines = [summary_line(item) for item in items]
        text = "\n".join([heading, *lines])
        hint = f"`{SLASH_COMMAND} rec ID` shows one in full with its status history."
        return Reply(text, [section(heading), *map(section, lines), context(hint)])

    @table.command(
        "rec", "rec ID", "One recommendation in full, with its status timeline", example="rec RT-3"
    )
    async def rec(invocation: Invocation) -> Reply:
        if not invocation.args:
            raise InvalidInput(f"Say which: `{SLASH_COMMAND} rec RT-3`.")
        item = await invocation.services.store.run(tracked_one, invocation.args[:20])
        return _detail(item, invocation.is_coordinator)

    @table.command(
        "status",
        "status ID STATUS [YYYY-MM-DD] EVIDENCE",
        "Record a recommendation's new status, as of a date, with its evidence",
        coordinator_only=True,
        example="status RT-3 in progress 2026-11-20 The agency's letter of 18 November",
    )
    async def status(invocation: Invocation) -> Reply:
        match = _STATUS_ARGS.match(invocation.args)
        if match is None:
            names = ", ".join(f"`{s.value}`" for s in RecommendationStatus)
            raise InvalidInput(
                f"Use `{SLASH_COMMAND} status RT-3 implemented 2026-11-20 The agency's letter`:"
                f" the evidence, with its source, last. A status is one of {names}; the date"
                " (YYYY-MM-DD) is optional: today."
            )
        now = today(invocation.services)
        first_word = (match["evidence"].split() or [""])[0]
        if not match["date"] and _DATE_LIKE.match(first_word):
            # `20/11/2026` must not become today's date with "20/11/2026" as the evidence.
            parse_day(first_word, "as-of date")
        as_of = parse_day(match["date"], "as-of date") if match["date"] else now
        status = parse_status(match["status"])
        ref, evidence, user_id = match["ref"], match["evidence"], invocation.user_id
        return await invocation.change(
            lambda session: record_status_change(
                session, ref, status, as_of, evidence, user_id, today=now
            ),
            lambda recorded: status_change_reply(*recorded, status, as_of, evidence),
        )
