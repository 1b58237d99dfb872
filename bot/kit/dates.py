"""Dates and times as people read them: only the precision the source gives, and times in the
reader's own zone with the zone's name."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo


def day(value: dt.date) -> str:
    return f"{value.day} {value:%B %Y}"


def event_date(start: dt.date | None, end: dt.date | None = None, precision: str = "day") -> str:
    """`8 May 2013`, `March 2013`, `2013`, or a span such as `25 March – 4 April 2014`."""
    if start is None:
        return "undated"
    if precision == "year":
        return f"{start.year}"
    if precision == "month":
        return f"{start:%B %Y}"
    if end is None or end == start:
        return day(start)
    if start.year != end.year:
        return f"{day(start)} – {day(end)}"
    if start.month != end.month:
        return f"{start.day} {start:%B} – {day(end)}"
    return f"{start.day}–{day(end)}"


def local_time(moment: dt.datetime, zone: str | ZoneInfo) -> str:
    """`Thursday 10 December 2026, 9:00 AM EST` in the given zone."""
    try:
        local = moment.astimezone(ZoneInfo(zone) if isinstance(zone, str) else zone)
    except OverflowError:  # at the calendar's very end no zone east of UTC fits: say it in UTC
        local = moment.astimezone(dt.UTC)
    hour = local.strftime("%I:%M %p").lstrip("0")
    return f"{local:%A} {local.day} {local:%B %Y}, {hour} {local.tzname()}"
