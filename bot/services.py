"""What every handler is given: the settings, the store, the clock and, when the bot runs with
Slack, the Web API client with the helpers built on it (one each per process), built once by the
composition root (`bot.app`, the CLI, the tests' bot)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import TypeVar

from slack_sdk.web.async_client import AsyncWebClient
from sqlmodel import Session

from bot.answers.generative import GenerativeReader
from bot.kit.later import Later
from bot.kit.people import People
from bot.kit.visibility import Visibility
from bot.letters.slack import LetterSlack
from bot.metrics import Metrics
from bot.settings import Settings
from jobs.outbox import OutboxSender
from storage import outbox, slack_events
from storage.db import Store
from storage.models import utcnow
from storage.outbox import Outgoing

T = TypeVar("T")


@dataclass
class Services:
    settings: Settings
    store: Store
    # Injected so that tests can move time (reminders, deadlines) without sleeping.
    clock: Callable[[], datetime] = field(default=utcnow)
    # None in the console and in CLI commands that need no Slack.
    slack: AsyncWebClient | None = None
    # Delivers what `say` commits; None where nothing is sent (the CLI, some tests).
    sender: OutboxSender | None = None
    # What operators watch (`GET /metrics`): the process's own registry.
    metrics: Metrics = field(default_factory=Metrics)
    # Listeners' work that runs on after Slack is answered (bot/kit/later.py).
    later: Later = field(default_factory=Later)
    people: People = field(init=False)
    visibility: Visibility = field(init=False)
    letters: LetterSlack | None = field(init=False)
    # The generative reader, when a language model is set up (None by default).
    generative: GenerativeReader | None = field(init=False)

    def __post_init__(self) -> None:
        # The helpers read the clock through here, so that a test moving it moves theirs too.
        def now() -> datetime:
            return self.clock()

        self.people = People(self.store, self.slack, now, self.settings.timezone_name)
        self.visibility = Visibility(self.store, self.slack, now, self.settings.coordinators)
        self.letters = (
            None if self.slack is None else LetterSlack(self.store, self.slack, now, self.say)
        )
        self.generative = GenerativeReader.from_settings(self.settings)

    async def say(self, *messages: Outgoing, answering: str | None = None) -> None:
        """Commit what the bot will say, then wake the sender: it is delivered once, through
        restarts and Slack's outages, and never before the change that caused it is committed.
        `answering` names the Slack event these messages answer, marked handled with them."""
        if answering is not None:
            await self.store.run(slack_events.answer_event, answering, self.clock(), *messages)
        elif messages:
            await self.store.run(outbox.enqueue, *messages, now=self.clock())
        if self.sender is not None:
            self.sender.wake()

    async def change(
        self, change: Callable[[Session], T], said: Callable[[T], Sequence[Outgoing]]
    ) -> T:
        """Make a change in the store and commit what the bot says of it (`said` draws it from
        the outcome) in the same transaction, then wake the sender: a crash between the two can
        never leave a change untold, nor tell of one that was not stored."""
        outcome = await self.store.run(outbox.saying, change, said, self.clock())
        self.wake()
        return outcome

    def wake(self) -> None:
        """The outbox got messages in a transaction of another's: have the sender look now."""
        if self.sender is not None:
            self.sender.wake()

    def is_coordinator(self, user_id: str) -> bool:
        return user_id in self.settings.coordinators
