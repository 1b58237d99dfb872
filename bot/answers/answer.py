"""What question answering gives back: the answer's text and the sources it stands on."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from bot.kit import dates
from storage.documents import squeeze
from storage.models import HistoryEvent

__all__ = ["Answer", "Source", "brief", "event_source", "event_when"]


@dataclass(frozen=True)
class Source:
    """`excerpt` is the source's own words when `verbatim` (shown in quotation marks), otherwise
    a note of the record keepers (shown as a note)."""

    title: str
    date: dt.date | None  # only a date the source gives to the day
    excerpt: str
    span: str = (
        ""  # how people read the date when it is more than a day ("25 March – 4 April 2014")
    )
    verbatim: bool = True

    @property
    def when(self) -> str:
        return self.span or (dates.day(self.date) if self.date else "")

    def as_json(self) -> dict[str, Any]:
        return {
            "title": self.title,
            "date": self.date.isoformat() if self.date else None,
            "excerpt": self.excerpt,
        }


@dataclass(frozen=True)
class Answer:
    """`text` is plain text (escape it before showing it in Slack); `topic` is what a follow-up in
    the same thread may refer to ("about:<stems>", "rec:<ref>")."""

    text: str
    found: bool
    sources: tuple[Source, ...] = ()
    topic: str = ""

    def as_json(self) -> dict[str, Any]:
        return {
            "answer": self.text,
            "found": self.found,
            "sources": [source.as_json() for source in self.sources],
        }


def event_when(event: HistoryEvent) -> str:
    return dates.event_date(event.date, event.end_date, event.date_precision)


def event_source(event: HistoryEvent, excerpt: str, *, verbatim: bool = False) -> Source:
    """An event of the history as a source; its summary is the record keepers' words."""
    title = event.title
    if event.date is not None and event.date_precision != "day":
        title = f"{title} ({event_when(event)})"
    # Only a date the source gives to the day is given as a day.
    day = event.date if event.date_precision == "day" else None
    span = event_when(event) if day is not None and event.end_date not in (None, event.date) else ""
    return Source(title, day, excerpt, span, verbatim)


def brief(text: str, limit: int) -> str:
    text = squeeze(text)
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"
