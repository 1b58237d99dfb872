"""What a job is given: the contract between the clock (`jobs/`) and the face (`bot/`).

`jobs/` imports nothing from `bot/`. The jobs say here, as small Protocols and one dataclass, what
they need from outside the store: how a message looks (`MeetingTexts`, `LetterTexts`, pure
renderers that `bot/meetings/views.py` and `bot/letters/views.py` satisfy as modules), the letter
helpers on Slack (`LetterChannel`, which `bot.letters.slack.LetterSlack` satisfies), and the
services of the process (`JobServices`). The composition root (`bot/app.py`, `job_services`)
builds a `JobServices` from the bot's own implementations; mypy checks that they fit.

`SLACK_ERRORS` lives here too: it is what every Slack call, the bot's or a job's, can still raise
once the client's retry handlers (the process's one retry policy, `bot/slack/app.py`) gave up.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Protocol

import aiohttp
from slack_sdk.errors import SlackApiError
from slack_sdk.web.async_client import AsyncWebClient

from storage.db import Store
from storage.models import Letter, Meeting
from storage.outbox import Outgoing
from storage.recommendations import OpenRecommendation

__all__ = [
    "SLACK_ERRORS",
    "JobServices",
    "LetterChannel",
    "LetterTexts",
    "MeetingTexts",
    "Message",
]

# What a Slack call can fail with once the client's own retry handlers have given up.
SLACK_ERRORS = (SlackApiError, aiohttp.ClientError, asyncio.TimeoutError)


class Message(Protocol):
    """A message to post: `text` is Slack mrkdwn (what people typed already escaped) and the
    notification text; `blocks`, when not empty, the rich rendering of the same content."""

    @property
    def text(self) -> str: ...

    @property
    def blocks(self) -> list[dict[str, Any]]: ...


class MeetingTexts(Protocol):
    """The messages of the meeting jobs, in the reader's zone where one is given."""

    def reminder(
        self,
        meeting: Meeting,
        offset_minutes: int,
        *,
        late: bool,
        reader_zone: str | None,
        in_channel: bool,
        recommendations: Sequence[OpenRecommendation] = (),
        letters: Sequence[Letter] = (),
    ) -> Message: ...

    def announcement(self, meeting: Meeting) -> Message: ...

    def invitation(self, meeting: Meeting, reader_zone: str | None) -> Message: ...

    def change_notice(self, meeting: Meeting, reader_zone: str | None = None) -> Message: ...

    def outcome_prompt(self, meeting: Meeting, coordinators: Sequence[str]) -> Message: ...

    def undeliverable(self, meeting: Meeting, recipient: str, code: str) -> Message:
        """To the coordinators: a reminder to `recipient` failed with Slack's error `code`."""
        ...


class LetterTexts(Protocol):
    """The messages of the letter deadline jobs."""

    def deadline_reminder(self, letter: Letter, reader_zone: str) -> Message:
        """To a member who has not signed: the deadline in their zone, with a Sign on button."""
        ...

    def deadline_passed(self, letter: Letter) -> str:
        """In the letter's thread: its deadline passed and the list of signers is final."""
        ...


class LetterChannel(Protocol):
    """A letter's post and channel on Slack, and direct messages to its readers."""

    async def channel_members(self, channel_id: str) -> set[str]: ...

    async def bot_user_id(self) -> str: ...

    async def dm(self, user_id: str, reply: Message, key: str | None = None) -> None:
        """Say `reply` to the person (through the outbox: `key` makes a repeat a no-op)."""
        ...

    def told(self, letter: Letter, text: str) -> list[Outgoing]:
        """What tells of a change to the letter (its post redrawn, `text` in its thread), for
        the change's own transaction to put in the outbox."""
        ...


def _not_counted(_outcome: str, _count: int) -> None:
    """Where nobody watches (the console, tests): counted nowhere."""


@dataclass(frozen=True)
class JobServices:
    """Everything a job is given, built once per process by the composition root."""

    store: Store
    # Read on every use, never cached: tests move it to make reminders and deadlines fall due.
    clock: Callable[[], datetime]
    # The process's one Web API client, carrying the one retry policy; None without Slack.
    slack: AsyncWebClient | None
    coordinators: frozenset[str]
    # A person's own time zone (their Slack profile's, else the coalition's).
    zone_of: Callable[[str], Awaitable[str]]
    meeting_texts: MeetingTexts
    letter_texts: LetterTexts
    # The `.ics` file of a meeting as of `now`, for calendars.
    calendar: Callable[[Meeting, datetime], str]
    # Wakes the outbox's sender after a job commits messages (a no-op where none runs).
    wake: Callable[[], None] = lambda: None
    # None without Slack (the console), where the letter jobs have nothing to do.
    letters: LetterChannel | None = None
    # Counts what operators watch: reminders sent late ("late") or skipped ("skipped"), by number.
    reminder_tally: Callable[[str, int], None] = _not_counted
