"""Dates and times as people type them, read strictly: `2026-12-15`, `2026-12-15 17:00` or
`2026-12-15T17:00-05:00`, and nothing else (`20/11/2026` is refused, never guessed). A wall-clock
time is read in a named zone: one that daylight saving skips is refused with the nearest valid
one, one that happens twice is taken the first time with a note saying so. A date alone is the
start or the end of that day, as the caller asks, with a note saying which."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Literal
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from storage.errors import InvalidInput

__all__ = ["Moment", "day_text", "parse_day", "parse_moment", "time_text"]

_DATE = r"\d{4}-\d{2}-\d{2}"
_MOMENT = re.compile(
    rf"^(?P<date>{_DATE})(?:[T ](?P<time>\d{{2}}:\d{{2}}(?::\d{{2}})?)"
    r"(?P<offset>Z|[+-]\d{2}:?\d{2})?)?$",
    re.IGNORECASE,
)
DateOnly = Literal["refuse", "start_of_day", "end_of_day"]
END_OF_DAY = dt.time(23, 59)


@dataclass(frozen=True)
class Moment:
    """A moment in UTC, and what the reader should be told about how it was read."""

    at: dt.datetime
    note: str = ""
    date_only: bool = False


def _zone(name: str) -> ZoneInfo:
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        raise InvalidInput(
            f"I don't know the time zone `{name[:60]}`: use a name such as America/New_York"
            " or Asia/Almaty."
        ) from None


def day_text(value: dt.date) -> str:
    return f"{value.day} {value:%B %Y}"


def time_text(moment: dt.datetime) -> str:
    return moment.strftime("%I:%M %p").lstrip("0")


def parse_day(text: str, what: str = "date") -> dt.date:
    """A calendar date written `YYYY-MM-DD`."""
    text = text.strip()
    try:
        if not re.fullmatch(_DATE, text):
            raise ValueError
        return dt.date.fromisoformat(text)
    except ValueError:
        raise InvalidInput(
            f"I can't read the {what} `{text[:30]}`: write it as YYYY-MM-DD, such as 2026-11-20."
        ) from None


def parse_moment(
    text: str, zone_name: str, *, date_only: DateOnly = "refuse", what: str = "time"
) -> Moment:
    """`text` as a moment: with an offset it names the moment itself, without one it is a
    wall-clock time in `zone_name`."""
    example = "2026-12-15 17:00" if date_only == "refuse" else "2026-12-15 or 2026-12-15 17:00"
    match = _MOMENT.match(text.strip())
    try:
        if match is None:
            raise ValueError
        day = dt.date.fromisoformat(match["date"])
        clock = dt.time.fromisoformat(match["time"]) if match["time"] else None
    except ValueError:
        raise InvalidInput(
            f"I can't read the {what} `{text.strip()[:40]}`: write it as {example}"
            f" (in {zone_name}), or with its UTC offset, such as 2026-12-15T17:00-05:00."
        ) from None
    zone = _zone(zone_name)
    if clock is None:
        if date_only == "refuse":
            raise InvalidInput(f"Give the {what} with a time of day too, such as {example}.")
        clock = END_OF_DAY if date_only == "end_of_day" else dt.time(0, 0)
        moment = _local(dt.datetime.combine(day, clock), zone)
        which = "the end" if date_only == "end_of_day" else "the start"
        note = (
            f"A date alone means {which} of that day: {time_text(moment)} {moment.tzname()}"
            f" on {day_text(day)}."
        )
        return Moment(moment.astimezone(dt.UTC), note, date_only=True)
    naive = dt.datetime.combine(day, clock)
    if match["offset"]:
        offset = match["offset"].upper().replace("Z", "+00:00")
        return Moment(dt.datetime.fromisoformat(f"{naive.isoformat()}{offset}").astimezone(dt.UTC))
    moment = _local(naive, zone)
    note = ""
    if moment.replace(fold=1).utcoffset() != moment.utcoffset():
        note = (
            f"{time_text(naive)} on {day_text(day)} happens twice in {zone_name} (the clocks go"
            f" back that night): I took the first, {moment.tzname()}."
        )
    return Moment(moment.astimezone(dt.UTC), note)


def _local(naive: dt.datetime, zone: ZoneInfo) -> dt.datetime:
    """The wall-clock time in `zone`, refused when daylight saving skips it."""
    local = naive.replace(tzinfo=zone)
    back = local.astimezone(dt.UTC).astimezone(zone)
    if back.replace(tzinfo=None) != naive:
        before = (naive - dt.timedelta(hours=3)).replace(tzinfo=zone)
        after = (naive + dt.timedelta(hours=3)).replace(tzinfo=zone)
        jump = (after.utcoffset() or dt.timedelta()) - (before.utcoffset() or dt.timedelta())
        suggestion = naive + jump
        raise InvalidInput(
            f"{time_text(naive)} on {day_text(naive.date())} does not exist in {zone.key}: the"
            f" clocks go forward that night. Did you mean {suggestion:%Y-%m-%d %H:%M}?"
        )
    return local
