"""The outbox sender against the fake Slack Web API over real HTTP, on SQLite and PostgreSQL:
each message reaches Slack once, through rate limits, outages, lost answers and several senders."""

from __future__ import annotations

import asyncio
import json
from collections.abc import Callable
from datetime import UTC, datetime, timedelta

import pytest
from slack_sdk.http_retry.builtin_async_handlers import AsyncConnectionErrorRetryHandler
from slack_sdk.web.async_client import AsyncWebClient
from sqlmodel import select

from jobs.outbox import METADATA_TYPE, OutboxSender
from storage import outbox
from storage.db import Store
from storage.models import OutboxKind, OutboxMessage, OutboxStatus
from tests.support.fake_slack import FakeSlack


class Clock:
    """The sender's clock, moved by the test. It starts at the real time because the fake Slack,
    like Slack, stamps messages with the real time, and history is read from the message's time."""

    def __init__(self) -> None:
        self.now = datetime.now(UTC)

    def __call__(self) -> datetime:
        return self.now

    def advance(self, **delta: float) -> None:
        self.now += timedelta(**delta)


def web_client(fake_slack: FakeSlack, timeout: float) -> AsyncWebClient:
    return AsyncWebClient(
        token="xoxb-test-token",
        base_url=fake_slack.base_url,
        timeout=int(timeout) or 1,
        retry_handlers=[AsyncConnectionErrorRetryHandler(max_retry_count=1)],
    )


@pytest.fixture
def client(fake_slack: FakeSlack) -> AsyncWebClient:
    return web_client(fake_slack, timeout=10)


@pytest.fixture
def impatient(fake_slack: FakeSlack) -> AsyncWebClient:
    """A client that gives up after a second, for a Slack that answers later than that."""
    return web_client(fake_slack, timeout=1)


@pytest.fixture
def clock() -> Clock:
    return Clock()


def sender(store: Store, client: AsyncWebClient, clock: Clock, worker: str = "w1") -> OutboxSender:
    return OutboxSender(store, client, clock, worker=worker)


def say(store: Store, clock: Callable[[], datetime], *messages: outbox.Outgoing) -> list[int]:
    return store.call(outbox.enqueue, *messages, now=clock())


def post(text: str, channel: str = "C100", **more: object) -> outbox.Outgoing:
    return outbox.Outgoing(OutboxKind.POST, text=text, channel=channel, **more)  # type: ignore[arg-type]


def rows(store: Store) -> list[OutboxMessage]:
    with store.session() as session:
        return list(session.exec(select(OutboxMessage).order_by(OutboxMessage.id)).all())


async def posted_by_a_replica_that_died(
    store: Store, client: AsyncWebClient, clock: Clock, message: outbox.Outgoing
) -> None:
    """A replica claimed `message`, posted it and died before marking it sent."""
    (message_id,) = say(store, clock, message)
    store.call(outbox.claim_due, "dead", clock(), timedelta(minutes=2))
    await client.chat_postMessage(
        channel=message.channel,
        text=message.text,
        metadata={"event_type": METADATA_TYPE, "event_payload": {"outbox_id": message_id}},
    )


async def test_a_message_is_posted_once_with_its_outbox_id_and_marked_sent(
    store: Store, client: AsyncWebClient, fake_slack: FakeSlack, clock: Clock
) -> None:
    (message_id,) = say(store, clock, post("Reminder: the embassy call is tomorrow."))

    assert await sender(store, client, clock).deliver_due() == 1
    assert await sender(store, client, clock).deliver_due() == 0

    (call,) = fake_slack.calls_to("chat.postMessage")
    assert call.params["text"] == "Reminder: the embassy call is tomorrow."
    assert call.params["metadata"] == {
        "event_type": METADATA_TYPE,
        "event_payload": {"outbox_id": message_id},
    }
    (row,) = rows(store)
    assert row.status == OutboxStatus.SENT
    assert row.message_ts == fake_slack.history["C100"][0]["ts"]


async def test_saying_the_same_thing_under_one_key_twice_sends_it_once(
    store: Store, client: AsyncWebClient, fake_slack: FakeSlack, clock: Clock
) -> None:
    assert len(say(store, clock, post("Thanks for signing.", key="sign:L2:U1:1"))) == 1
    assert say(store, clock, post("Thanks for signing.", key="sign:L2:U1:1")) == []

    await sender(store, client, clock).deliver_due()
    assert len(fake_slack.calls_to("chat.postMessage")) == 1


async def test_two_senders_racing_send_each_message_once(
    store: Store, client: AsyncWebClient, fake_slack: FakeSlack, clock: Clock
) -> None:
    say(store, clock, *(post(f"message {n}", channel=f"C{n % 7}") for n in range(60)))

    first, second = sender(store, client, clock, "w1"), sender(store, client, clock, "w2")
    await asyncio.gather(first.deliver_due(), second.deliver_due())

    texts = [call.params["text"] for call in fake_slack.calls_to("chat.postMessage")]
    assert sorted(texts) == sorted(f"message {n}" for n in range(60))
    assert {row.status for row in rows(store)} == {OutboxStatus.SENT}


def test_a_claim_takes_at_most_its_batch_oldest_first(store: Store, clock: Clock) -> None:
    # On PostgreSQL, a table without statistics yet (as after a burst of sign-ons) once had the
    # claim's choice of rows run again for each row updated: a claim of 50 took all 120.
    ids = say(store, clock, *(post(f"message {n}", channel=f"U{n}") for n in range(120)))
    lease = timedelta(minutes=2)
    batches = [store.call(outbox.claim_due, "w1", clock(), lease, 50) for _ in range(4)]
    assert [[m.id for m in batch] for batch in batches] == [ids[:50], ids[50:100], ids[100:], []]


async def test_messages_to_one_conversation_arrive_in_the_order_they_were_written(
    store: Store, client: AsyncWebClient, fake_slack: FakeSlack, clock: Clock
) -> None:
    say(store, clock, *(post(f"step {n}") for n in range(10)))
    await sender(store, client, clock).deliver_due()
    assert [m["text"] for m in fake_slack.history["C100"]] == [f"step {n}" for n in range(10)]


async def test_a_retry_after_longer_than_the_lease_is_waited_out_and_sent_once(
    store: Store, client: AsyncWebClient, fake_slack: FakeSlack, clock: Clock
) -> None:
    say(store, clock, post("After the rate limit."))
    fake_slack.fail("chat.postMessage", status=429, retry_after=600, times=1)
    one, other = sender(store, client, clock, "w1"), sender(store, client, clock, "w2")

    await one.deliver_due()
    clock.advance(minutes=5)  # past the 2-minute lease, not yet past Retry-After
    assert await other.deliver_due() == 0
    assert fake_slack.calls_to("chat.postMessage") == []

    clock.advance(minutes=6)
    assert await other.deliver_due() == 1
    assert len(fake_slack.calls_to("chat.postMessage")) == 1
    assert rows(store)[0].status == OutboxStatus.SENT


async def test_an_answer_lost_to_a_timeout_is_found_in_the_conversation_not_sent_again(
    store: Store, impatient: AsyncWebClient, fake_slack: FakeSlack, clock: Clock
) -> None:
    say(store, clock, post("Slow Slack."), post("In a thread.", thread_ts="1.000"))
    fake_slack.late_answers["chat.postMessage"] = 1.5  # past the client's 1 s timeout
    first = sender(store, impatient, clock)
    await first.deliver_due()
    assert {row.status for row in rows(store)} == {OutboxStatus.PENDING}

    fake_slack.late_answers.clear()
    clock.advance(minutes=1)
    await first.deliver_due()

    assert [m["text"] for m in fake_slack.history["C100"]] == ["Slow Slack.", "In a thread."]
    assert [row.status for row in rows(store)] == [OutboxStatus.SENT, OutboxStatus.SENT]
    assert all(row.message_ts for row in rows(store))


async def test_a_claim_left_by_a_dead_sender_is_taken_over_after_the_lease_once(
    store: Store, client: AsyncWebClient, fake_slack: FakeSlack, clock: Clock
) -> None:
    await posted_by_a_replica_that_died(store, client, clock, post("Left claimed."))
    survivor = sender(store, client, clock, "alive")
    assert await survivor.deliver_due() == 0  # the lease still runs

    clock.advance(minutes=3)
    assert await survivor.deliver_due() == 1
    assert len(fake_slack.history["C100"]) == 1
    assert rows(store)[0].status == OutboxStatus.SENT


async def test_a_message_in_doubt_is_never_posted_blind_while_slack_cannot_be_asked(
    store: Store, impatient: AsyncWebClient, fake_slack: FakeSlack, clock: Clock
) -> None:
    message = post("Posted just before a crash.", channel="U7")
    await posted_by_a_replica_that_died(store, impatient, clock, message)
    survivor = sender(store, impatient, clock, "alive")

    # Looking for it is rate limited, then too slow, then answers.
    fake_slack.fail("conversations.history", status=429, retry_after=30, times=1)
    clock.advance(minutes=3)
    await survivor.deliver_due()
    fake_slack.late_answers["conversations.history"] = 1.5  # past the client's 1 s timeout
    clock.advance(seconds=31)
    await survivor.deliver_due()
    assert rows(store)[0].status == OutboxStatus.PENDING
    fake_slack.late_answers.clear()
    clock.advance(minutes=1)
    await survivor.deliver_due()

    assert [m["text"] for m in fake_slack.history["DU7"]] == ["Posted just before a crash."]
    assert len(fake_slack.calls_to("conversations.history", include_faulted=True)) == 3
    (row,) = rows(store)
    assert (row.status, row.message_ts) == (OutboxStatus.SENT, fake_slack.history["DU7"][0]["ts"])


async def test_a_burst_of_server_errors_delays_the_message_and_it_still_arrives(
    store: Store, client: AsyncWebClient, fake_slack: FakeSlack, clock: Clock
) -> None:
    say(store, clock, post("Announcement."))
    fake_slack.fail("chat.postMessage", status=500, times=4)
    the_sender = sender(store, client, clock)
    for _ in range(4):
        await the_sender.deliver_due()
        clock.advance(minutes=6)
    await the_sender.deliver_due()

    assert [m["text"] for m in fake_slack.history["C100"]] == ["Announcement."]
    assert rows(store)[0].status == OutboxStatus.SENT


async def test_what_slack_refuses_for_good_is_kept_as_failed_and_not_retried(
    store: Store, client: AsyncWebClient, fake_slack: FakeSlack, clock: Clock
) -> None:
    say(store, clock, post("To nowhere.", channel=""))
    the_sender = sender(store, client, clock)
    await the_sender.deliver_due()
    clock.advance(hours=1)
    await the_sender.deliver_due()

    (row,) = rows(store)
    assert (row.status, row.last_error) == (OutboxStatus.FAILED, "channel_not_found")
    assert len(fake_slack.calls_to("chat.postMessage")) == 1


async def test_responses_ephemerals_updates_and_uploads_each_reach_their_slack_method(
    store: Store, client: AsyncWebClient, fake_slack: FakeSlack, clock: Clock
) -> None:
    say(
        store,
        clock,
        outbox.Outgoing(
            OutboxKind.RESPOND,
            text="Only you see this.",
            response_url=fake_slack.response_url("cmd"),
            extra={"response_type": "ephemeral"},
        ),
        outbox.Outgoing(OutboxKind.EPHEMERAL, text="Psst.", channel="C100", user_id="U1"),
        outbox.Outgoing(OutboxKind.UPDATE, text="12 signatures", channel="C100", ts="1.000"),
        outbox.Outgoing(
            OutboxKind.UPLOAD,
            text="L2: 12 signatures.",
            channel="U1",
            extra={"files": [{"content": "name\nA", "filename": "L2.csv", "title": "L2"}]},
        ),
    )
    await sender(store, client, clock).deliver_due()

    assert fake_slack.last("response_url:cmd").params["text"] == "Only you see this."
    assert fake_slack.last("chat.postEphemeral").params["user"] == "U1"
    assert fake_slack.last("chat.update").params["ts"] == "1.000"
    (upload,) = fake_slack.completed_uploads()
    assert (upload.filename, upload.text, upload.channel) == ("L2.csv", "name\nA", "DU1")
    assert {row.status for row in rows(store)} == {OutboxStatus.SENT}


async def test_an_expired_response_url_is_failed_not_retried(
    store: Store, client: AsyncWebClient, fake_slack: FakeSlack, clock: Clock
) -> None:
    say(
        store,
        clock,
        outbox.Outgoing(OutboxKind.RESPOND, text="Late.", response_url=fake_slack.response_url()),
    )
    fake_slack.fail("response_url", status=404)
    await sender(store, client, clock).deliver_due()
    assert rows(store)[0].status == OutboxStatus.FAILED


async def test_stopping_gives_back_the_claims_it_cannot_finish(
    store: Store, client: AsyncWebClient, fake_slack: FakeSlack, clock: Clock
) -> None:
    say(store, clock, post("Stuck."))
    fake_slack.late_answers["chat.postMessage"] = 2
    stopping = sender(store, client, clock)
    delivering = asyncio.create_task(stopping.deliver_due())
    await asyncio.sleep(0.3)
    await stopping.stop(grace=0.1)
    await asyncio.wait_for(delivering, 1)  # the sweep under way ends with the sender

    (row,) = rows(store)
    assert row.status == OutboxStatus.PENDING
    assert row.claimed_until is None
    assert json.loads(row.blocks or "null") is None


async def test_a_reply_in_a_thread_and_an_edit_wait_for_the_post_they_refer_to(
    store: Store, client: AsyncWebClient, fake_slack: FakeSlack, clock: Clock
) -> None:
    letter_post = post("L2: 0 signatures", key="letter:2:post")
    say(
        store,
        clock,
        letter_post,
        outbox.Outgoing(
            OutboxKind.POST, text="Extended.", channel="C100", thread_of="letter:2:post"
        ),
        outbox.Outgoing(
            OutboxKind.UPDATE, text="L2: 1 signature", channel="C100", edit_of="letter:2:post"
        ),
        outbox.Outgoing(
            OutboxKind.UPDATE, text="L2: 2 signatures", channel="C100", edit_of="letter:2:post"
        ),
    )
    await sender(store, client, clock).deliver_due()

    posted = fake_slack.history["C100"]
    assert [m["text"] for m in posted] == ["L2: 0 signatures", "Extended."]
    assert posted[1]["thread_ts"] == posted[0]["ts"]
    # The first edit is overtaken by the second before it is sent: only the last one goes out.
    (edit,) = fake_slack.calls_to("chat.update")
    assert (edit.params["ts"], edit.params["text"]) == (posted[0]["ts"], "L2: 2 signatures")


async def test_stopping_gives_back_what_waits_behind_a_slow_send_and_starts_none_of_it(
    store: Store, client: AsyncWebClient, fake_slack: FakeSlack, clock: Clock
) -> None:
    # Three messages to one conversation go one after another: the first is slow.
    say(store, clock, post("First."), post("Second."), post("Third."))
    fake_slack.late_answers["chat.postMessage"] = 1.0
    stopping = sender(store, client, clock)
    delivering = asyncio.create_task(stopping.deliver_due())
    await fake_slack.wait_for_async("chat.postMessage")

    await stopping.stop(grace=5)  # long enough for the first to finish
    await asyncio.wait_for(delivering, 1)

    assert [c.params["text"] for c in fake_slack.calls_to("chat.postMessage")] == ["First."]
    first, second, third = rows(store)
    assert first.status == OutboxStatus.SENT
    for waiting in (second, third):
        assert (waiting.status, waiting.claimed_until) == (OutboxStatus.PENDING, None)

    # Given back, they are another sender's at once.
    fake_slack.late_answers.clear()
    assert await sender(store, client, clock, worker="w2").deliver_due() == 2
    assert {row.status for row in rows(store)} == {OutboxStatus.SENT}


class Tally:
    """A count shown in a post, and the sender that draws the post with it as it sends."""

    def __init__(self) -> None:
        self.count = 0

    async def draw(self, _: int) -> tuple[str, list[dict[str, object]]]:
        return f"{self.count} signatures", []

    def sender(self, store: Store, client: AsyncWebClient, clock: Clock) -> OutboxSender:
        return OutboxSender(store, client, clock, renderers={"tally": self.draw})


def tally_edit() -> outbox.Outgoing:
    """The edit of a post that shows a count, drawn when it is sent (as a letter's post is)."""
    return outbox.Outgoing(
        OutboxKind.UPDATE, channel="C100", ts="1.000", extra={"render": ["tally", 1]}
    )


async def test_a_burst_of_changes_to_a_counted_post_makes_one_edit_showing_the_last(
    store: Store, client: AsyncWebClient, fake_slack: FakeSlack, clock: Clock
) -> None:
    tally = Tally()
    for _ in range(30):  # thirty signatures, each committed with its edit of the count
        tally.count += 1
        say(store, clock, tally_edit())
    assert len(rows(store)) == 1  # the edit waiting shows every change made meanwhile
    await tally.sender(store, client, clock).deliver_due()

    assert [call.params["text"] for call in fake_slack.calls_to("chat.update")] == ["30 signatures"]


def test_signers_sharing_a_waiting_edit_do_not_wait_for_each_other(
    store: Store, clock: Clock
) -> None:
    if store.dialect != "postgresql":
        pytest.skip("SQLite lets one writer in at a time: signers take turns there anyway")
    (waiting,) = say(store, clock, tally_edit())
    with store.session() as first:
        # A signer's transaction, still open: its confirmation written, the count's edit left to
        # the one waiting.
        (confirmation,) = outbox.enqueue(first, post("signed"), tally_edit(), now=clock())
        with store.session() as second:
            # A second signer in the meantime is not held up by the first (before, every signer
            # locked the waiting edit until its commit, so a burst queued behind one another).
            second.connection().exec_driver_sql("SET LOCAL lock_timeout = '2s'")
            outbox.enqueue(second, post("signed too"), tally_edit(), now=clock())
        # The sender meanwhile does not take the edit: drawn now, it would miss the first
        # signature, and nothing else would show it.
        claimed = store.call(outbox.claim_due, "sender", clock(), timedelta(minutes=2))
        assert waiting not in [message.id for message in claimed]
    claimed = store.call(outbox.claim_due, "sender", clock(), timedelta(minutes=2))
    assert [message.id for message in claimed] == [waiting, confirmation]


async def test_a_change_after_its_edit_was_claimed_gets_an_edit_of_its_own(
    store: Store, client: AsyncWebClient, fake_slack: FakeSlack, clock: Clock
) -> None:
    say(store, clock, tally_edit())
    # A sender has claimed the waiting edit and may have drawn it already: the change made
    # now would not show in it, so it is written again.
    store.call(outbox.claim_due, "busy", clock(), timedelta(minutes=2))
    say(store, clock, tally_edit())
    assert [row.claimed_by for row in rows(store)] == ["busy", ""]


async def test_a_change_while_its_edit_waits_out_a_backoff_is_shown_at_once(
    store: Store, client: AsyncWebClient, fake_slack: FakeSlack, clock: Clock
) -> None:
    (waiting,) = say(store, clock, tally_edit())
    store.call(outbox.claim_due, "w1", clock(), timedelta(minutes=2))
    store.call(outbox.reschedule, waiting, "w1", clock() + timedelta(minutes=5), "http_500")
    say(store, clock, tally_edit())

    tally = Tally()
    tally.count = 2
    await tally.sender(store, client, clock).deliver_due()
    assert [call.params["text"] for call in fake_slack.calls_to("chat.update")] == ["2 signatures"]


async def test_a_post_drawn_as_it_is_sent_shows_what_is_true_then(
    store: Store, client: AsyncWebClient, fake_slack: FakeSlack, clock: Clock
) -> None:
    tally = Tally()
    say(store, clock, post("", extra={"render": ["tally", 1]}))
    tally.count = 3  # signed between the post's writing and its sending
    await tally.sender(store, client, clock).deliver_due()
    assert fake_slack.last("chat.postMessage").params["text"] == "3 signatures"
