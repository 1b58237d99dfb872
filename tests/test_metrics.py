"""`GET /metrics`: what operators watch, in the Prometheus text format, in a registry of its own."""

from __future__ import annotations

import asyncio
from datetime import timedelta

from prometheus_client.parser import text_string_to_metric_families

from bot.metrics import Metrics, surface_of
from storage import outbox
from storage.db import Store
from storage.models import OutboxKind, utcnow
from tests.support.bot_server import RunningBot
from tests.support.fake_slack import FakeSlack


def samples(text: str) -> dict[tuple[str, tuple[tuple[str, str], ...]], float]:
    """Every sample by name and labels; parsing it also proves the format is Prometheus's."""
    return {
        (sample.name, tuple(sorted(sample.labels.items()))): sample.value
        for family in text_string_to_metric_families(text)
        for sample in family.samples
    }


async def test_a_question_shows_in_requests_sends_and_answer_latency(
    bot: RunningBot, fake_slack: FakeSlack
) -> None:
    await bot.slash(fake_slack, "ask When did the dialogue begin?", "U111")
    await bot.slash(fake_slack, "help", "U111")
    sent = ("roundtable_outbox_sends_total", (("result", "sent"),))

    # A reply is counted once the sender has marked it sent, a moment after Slack has it.
    for _ in range(100):
        answer = await bot.get("/metrics")
        assert answer.status == 200
        shown = samples(answer.body)
        if shown[sent] == 2:
            break
        await asyncio.sleep(0.05)
    assert shown[sent] == 2
    command = (("status", "200"), ("surface", "command"))
    assert shown[("roundtable_slack_requests_total", command)] == 2
    assert shown[("roundtable_answer_seconds_count", ())] == 1
    assert 0 < shown[("roundtable_answer_seconds_sum", ())] < 10
    assert shown[("roundtable_outbox_sends_total", (("result", "refused"),))] == 0
    assert ("roundtable_outbox_depth", ()) in shown


async def test_the_outbox_depth_and_oldest_age_are_read_at_each_scrape(store: Store) -> None:
    metrics = Metrics()
    now = utcnow()
    waiting = outbox.Outgoing(OutboxKind.POST, text="Waiting.", channel="C1")
    store.call(outbox.enqueue, waiting, waiting, now=now - timedelta(seconds=90))

    first = samples((await metrics.exposition(store, lambda: now)).decode())
    store.call(outbox.enqueue, waiting, now=now)
    second = samples((await metrics.exposition(store, lambda: now)).decode())

    assert first[("roundtable_outbox_depth", ())] == 2
    assert first[("roundtable_outbox_oldest_age_seconds", ())] == 90
    assert second[("roundtable_outbox_depth", ())] == 3


async def test_an_unreadable_outbox_leaves_its_series_out_rather_than_stale() -> None:
    store = Store.from_url("postgresql://postgres@127.0.0.1:1/x")
    try:
        shown = samples((await Metrics().exposition(store)).decode())
    finally:
        store.dispose()
    assert ("roundtable_outbox_depth", ()) not in shown
    assert ("roundtable_outbox_sends_total", (("result", "sent"),)) in shown


def test_each_bot_counts_in_a_registry_of_its_own() -> None:
    one, other = Metrics(), Metrics()
    one.sent("sent")
    one.request("event", 200)

    assert one.sends.labels("sent")._value.get() == 1
    assert other.sends.labels("sent")._value.get() == 0


def test_a_request_is_labelled_with_a_word_from_a_fixed_set_whatever_it_holds() -> None:
    assert surface_of({"command": "/roundtable", "text": "hi"}) == "command"
    assert surface_of({"type": "block_actions"}) == "action"
    assert surface_of({"type": "view_submission"}) == "view"
    assert surface_of({"type": "event_callback"}) == "event"
    assert surface_of({"type": "<script>" * 100}) == "other"
    assert surface_of(["not", "a", "body"]) == "unknown"
