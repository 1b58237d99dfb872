"""What operators watch, in the Prometheus text format (`GET /metrics`): the outbox's depth and the
age of its oldest message (read from the store at each scrape), sends by result, reminders sent
late or skipped, Slack requests by surface and status, and how long answering a question takes.

Each process builds its own registry (`Metrics()`, in the composition root): never
prometheus-client's global default, so that tests, and several bots in one process, stay apart.
Labels are from small fixed sets, never anything a person typed or who they are.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable, Iterator, Mapping
from datetime import datetime

from prometheus_client import (
    CollectorRegistry,
    Counter,
    Histogram,
    disable_created_metrics,
    generate_latest,
)
from prometheus_client.core import GaugeMetricFamily
from prometheus_client.registry import Collector

from storage import outbox
from storage.db import Store
from storage.models import utcnow

__all__ = ["SEND_RESULTS", "Metrics", "surface_of"]

log = logging.getLogger(__name__)

# The `_created` series (a timestamp per counter) only double what operators read.
disable_created_metrics()  # type: ignore[no-untyped-call]

# OutboxSender's `on_result` values.
SEND_RESULTS = ("sent", "refused", "gave_up", "rate_limited", "retry")
REMINDER_OUTCOMES = ("late", "skipped")
SURFACES = ("command", "action", "view", "event", "other", "unknown")
# An answer is a search of the store: milliseconds usually, seconds when something is wrong.
ANSWER_BUCKETS = (0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0)
SCRAPE_TIMEOUT_SECONDS = 2.0

_ACTIONS = frozenset(
    {"block_actions", "block_suggestion", "interactive_message", "shortcut", "message_action"}
)
_VIEWS = frozenset({"view_submission", "view_closed"})
_EVENTS = frozenset({"event_callback", "url_verification", "app_rate_limited"})


def surface_of(body: object) -> str:
    """Which of Slack's surfaces a request body is: a fixed word, whatever the body holds."""
    if not isinstance(body, Mapping):
        return "unknown"
    if "command" in body:
        return "command"
    kind = body.get("type")
    if kind in _ACTIONS:
        return "action"
    if kind in _VIEWS:
        return "view"
    if kind in _EVENTS:
        return "event"
    return "other"


class _OutboxDepth(Collector):
    """The outbox gauges, from the snapshot taken just before the scrape (none if it failed: a
    missing series is honest, a stale one is not)."""

    def __init__(self) -> None:
        self.snapshot: tuple[int, float] | None = None

    def collect(self) -> Iterator[GaugeMetricFamily]:
        if self.snapshot is None:
            return
        waiting, oldest = self.snapshot
        yield GaugeMetricFamily(
            "roundtable_outbox_depth", "Messages waiting in the outbox to be sent", value=waiting
        )
        yield GaugeMetricFamily(
            "roundtable_outbox_oldest_age_seconds",
            "Age of the oldest message waiting in the outbox (0 when none waits)",
            value=oldest,
        )

    def describe(self) -> Iterator[GaugeMetricFamily]:
        return iter(())  # read at scrape time, never at registration


class Metrics:
    def __init__(self) -> None:
        self.registry = CollectorRegistry()
        self.sends = Counter(
            "roundtable_outbox_sends",
            "Outbox send attempts by result: sent, refused (for good), gave_up (after every try),"
            " rate_limited or retry (to be tried again)",
            ["result"],
            registry=self.registry,
        )
        self.reminders = Counter(
            "roundtable_reminders",
            "Meeting reminder deliveries sent late (fell due while no replica ran), and reminders"
            " skipped because their meeting had begun",
            ["outcome"],
            registry=self.registry,
        )
        self.requests = Counter(
            "roundtable_slack_requests",
            "Requests from Slack by surface (command, action, view, event, other; unknown when"
            " rejected before it was read) and HTTP status",
            ["surface", "status"],
            registry=self.registry,
        )
        self.answer_seconds = Histogram(
            "roundtable_answer_seconds",
            "Time to answer a question from the store",
            buckets=ANSWER_BUCKETS,
            registry=self.registry,
        )
        self._outbox = _OutboxDepth()
        self.registry.register(self._outbox)
        # Every series from the start, at zero: a rate over a series that appears late is wrong.
        for result in SEND_RESULTS:
            self.sends.labels(result)
        for outcome in REMINDER_OUTCOMES:
            self.reminders.labels(outcome)

    # What the rest of the bot calls; each fits a callback it already takes.

    def sent(self, result: str) -> None:
        """OutboxSender's `on_result`."""
        self.sends.labels(result).inc()

    def reminder(self, outcome: str, count: int) -> None:
        """JobServices' `reminder_tally`."""
        if count:
            self.reminders.labels(outcome).inc(count)

    def request(self, surface: str, status: int) -> None:
        self.requests.labels(surface, str(status)).inc()

    def answered(self, seconds: float) -> None:
        self.answer_seconds.observe(seconds)

    async def exposition(
        self, store: Store | None = None, now: Callable[[], datetime] = utcnow
    ) -> bytes:
        """The text format, with the outbox read from `store` now (within a short timeout)."""
        self._outbox.snapshot = None
        if store is not None:
            try:
                self._outbox.snapshot = await asyncio.wait_for(
                    store.run(outbox.depth, now()), SCRAPE_TIMEOUT_SECONDS
                )
            except Exception as error:  # readiness says why; the scrape goes on without it
                log.debug("the outbox depth could not be read: %s", type(error).__name__)
        body: bytes = generate_latest(self.registry)
        return body
