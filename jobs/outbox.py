"""The one sender of everything the bot says: it claims due outbox rows (storage/outbox.py), sends
each through Slack's Web API or a response_url, and marks it sent, rescheduled or failed.

Delivery is at least once and, in practice, exactly once:
- a claim is a lease longer than the longest send (the client's timeout times its tries), so a
  slow Slack never lets a second replica take a message that is still being sent;
- a 429 gives the message back until its Retry-After, instead of holding the lease while waiting;
- a send whose outcome is unknown (a timeout, a dropped connection, a replica that died) is tried
  again only after looking for it in the conversation: every post carries its outbox id as message
  metadata, so the sender can see whether Slack already has it;
- messages to one conversation go in the order they were written.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import math
import os
import socket
import uuid
from collections import defaultdict
from collections.abc import Awaitable, Callable, Iterable, Sequence
from datetime import datetime, timedelta
from typing import Any

import aiohttp
from slack_sdk.errors import SlackApiError
from slack_sdk.web.async_client import AsyncWebClient
from slack_sdk.webhook.async_client import AsyncWebhookClient

from jobs.batches import GroupCommit
from jobs.throttle import report_failure, report_success
from storage import outbox
from storage.db import Store
from storage.models import OutboxKind, OutboxMessage, OutboxStatus

log = logging.getLogger(__name__)

METADATA_TYPE = "roundtable_outbox"
SLACK_TIMEOUT = 30.0  # seconds: slack-sdk's default, ROUNDTABLE_SLACK_TIMEOUT


def lease_for(slack_timeout: float) -> timedelta:
    """A claim outlasts the longest send: the client's timeout times its two tries, twice over."""
    return timedelta(seconds=4 * slack_timeout)


LEASE = lease_for(SLACK_TIMEOUT)
MAX_ATTEMPTS = 12
BACKOFF_CAP = timedelta(minutes=5)
POLL_SECONDS = 0.5
RATE_LIMITED = "ratelimited"
WAITING = "waiting for the message it refers to"  # sent nothing, so nothing is in doubt
IN_DOUBT = "could not look for it"  # still in doubt, whatever kept Slack from answering
# Slack's answers that no retry can change: the message is kept as failed and logged.
_TRANSIENT = frozenset(
    {"ratelimited", "internal_error", "fatal_error", "service_unavailable", "request_timeout"}
)


def worker_name() -> str:
    """Who holds a claim: enough to tell replicas apart, nothing personal."""
    return f"{socket.gethostname()[:60]}:{os.getpid()}:{uuid.uuid4().hex[:8]}"


# Draws a message afresh from the store: (text, blocks) of a letter's post, say.
Renderer = Callable[[int], Awaitable[tuple[str, list[dict[str, Any]]]]]


class _Retry(Exception):
    """Try again `after` from now (else after a backoff that grows with the attempts)."""

    def __init__(self, reason: str, after: timedelta | None = None) -> None:
        super().__init__(reason)
        self.reason, self.after = reason, after


class _Refused(Exception):
    """Slack refused the message for good."""


class OutboxSender:
    def __init__(
        self,
        store: Store,
        client: AsyncWebClient,
        clock: Callable[[], datetime],
        *,
        worker: str | None = None,
        lease: timedelta = LEASE,
        slack_timeout: float = SLACK_TIMEOUT,
        batch: int = 50,
        concurrency: int = 8,
        on_result: Callable[[str], None] | None = None,
        webhook: Callable[[str], AsyncWebhookClient] | None = None,
        renderers: dict[str, Renderer] | None = None,
        on_failed: Callable[[OutboxMessage], Awaitable[None]] | None = None,
    ) -> None:
        self.store = store
        self.client = client
        self.clock = clock
        self.worker = worker or worker_name()
        self.lease = lease
        self.batch = batch
        self._sending = asyncio.Semaphore(concurrency)
        self._wakeup = asyncio.Event()
        self._stopping = False
        self._in_flight: dict[int, asyncio.Task[None]] = {}
        # Claimed by this sender and not yet finished (sent, rescheduled or failed).
        self._held: set[int] = set()
        self._on_result = on_result or (lambda result: None)
        # How a response_url is reached: over HTTP, or (the offline console) in the process.
        self._webhook = webhook or (
            lambda url: AsyncWebhookClient(url, timeout=math.ceil(slack_timeout))
        )
        # An edit can ask to be drawn when it is sent (extra "render": [kind, id]), so that of
        # edits written at once by concurrent changes, the one sent always shows the latest state.
        self._renderers = renderers or {}
        # Told of each message given up on, after it is marked failed (to tell the coordinators).
        self._on_failed = on_failed
        # Sends that finish together are marked sent in one transaction (each send still goes on
        # only once its own mark is committed): a burst of DMs no longer costs a commit each.
        self._sent: GroupCommit[tuple[OutboxMessage, str | None]] = GroupCommit(self._mark_sent)

    # --- running -------------------------------------------------------------------------------

    def stopping(self) -> bool:
        return self._stopping

    def wake(self) -> None:
        """Something was just committed to the outbox: look now rather than at the next poll."""
        self._wakeup.set()

    async def run(self) -> None:
        """Deliver until `stop`: at each wake-up, and every POLL_SECONDS for what others wrote."""
        while not self._stopping:
            try:
                await self.deliver_due()
            except Exception as error:
                # The database gone, most likely: said once a minute, and the loop goes on.
                report_failure(log, "the outbox sender", error)
            else:
                report_success(log)
            self._wakeup.clear()
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._wakeup.wait(), POLL_SECONDS)

    async def stop(self, grace: float) -> None:
        """Claim nothing more; let sends under way finish within `grace` seconds; give back the
        claims of any that did not, and of those claimed but not yet started."""
        self._stopping = True
        self._wakeup.set()
        pending = list(self._in_flight.values())
        if pending:
            await asyncio.wait(pending, timeout=grace)
        for task in self._in_flight.values():
            task.cancel()
        # A send cancelled while its mark was being written is marked all the same: let that
        # commit first, so that what is given back below is only what was never sent.
        await self._sent.written()
        await self._give_back(self._held)

    async def _give_back(self, message_ids: Iterable[int]) -> None:
        """Release claims no send of ours is working on any more: due again at once, for another
        replica or the next start."""
        unfinished = sorted(message_ids)
        if not unfinished:
            return
        try:
            released = await self.store.run(outbox.release, self.worker, unfinished)
        except Exception as error:
            # Their leases run out instead, and another replica (or the next start) takes them.
            report_failure(log, "giving back outbox claims", error)
            return
        self._held.difference_update(unfinished)
        if released:
            log.info("gave back %d outbox claims on stopping", released)

    async def deliver_due(self) -> int:
        """Claim what is due and send it, batch after batch, until nothing is due; the number of
        messages handled (sent, rescheduled or failed)."""
        handled = 0
        while not self._stopping:
            claimed = await self.store.run(
                outbox.claim_due, self.worker, self.clock(), self.lease, self.batch
            )
            if not claimed:
                return handled
            ids = {message.id for message in claimed if message.id is not None}
            self._held |= ids
            by_conversation: dict[str, list[OutboxMessage]] = defaultdict(list)
            for message in claimed:
                by_conversation[message.channel or message.response_url].append(message)
            await asyncio.gather(*(self._send_in_order(m) for m in by_conversation.values()))
            handled += len(claimed)
            if self.stopping():
                # Every send of this batch has finished or was cancelled: what is left of it was
                # claimed but never (or not completely) sent.
                await self._give_back(ids & self._held)
        return handled

    async def _send_in_order(self, messages: Sequence[OutboxMessage]) -> None:
        for message in messages:
            assert message.id is not None
            if self.stopping():
                return  # the rest stay claimed until given back, never half-sent
            task = asyncio.create_task(self._deliver(message))
            self._in_flight[message.id] = task
            # Not `await task`: a send cancelled by `stop` must not cancel its neighbours.
            await asyncio.wait([task])
            self._in_flight.pop(message.id, None)
            if not task.cancelled() and (error := task.exception()) is not None:
                raise error  # the database gone, most likely: the run loop reports it

    # --- one message ---------------------------------------------------------------------------

    async def _deliver(self, message: OutboxMessage) -> None:
        assert message.id is not None
        await self._attempt(message)
        # Finished, one way or another; a send cancelled or failed midway stays held.
        self._held.discard(message.id)

    async def _attempt(self, message: OutboxMessage) -> None:
        assert message.id is not None
        async with self._sending:
            try:
                ts = await self._send(message)
            except _Retry as retry:
                await self._retry_later(message, retry)
                return
            except _Refused as refused:
                await self.store.run(
                    outbox.mark_failed, message.id, self.worker, self.clock(), str(refused)
                )
                log.error("Slack refused a message (%s)", refused, extra={"outbox": message.id})
                self._on_result("refused")
                await self._failed(message, str(refused))
                return
        # Outside the limit on sends under way: the next sends go on while this one is marked,
        # and the marks of those that finish meanwhile are written together.
        await self._sent.add((message, ts))
        self._on_result("sent")

    async def _mark_sent(self, sent: list[tuple[OutboxMessage, str | None]]) -> None:
        await self.store.run(outbox.mark_sent, sent, self.worker, self.clock())

    async def _retry_later(self, message: OutboxMessage, retry: _Retry) -> None:
        assert message.id is not None
        if message.attempts >= MAX_ATTEMPTS and retry.reason != WAITING:
            await self.store.run(
                outbox.mark_failed, message.id, self.worker, self.clock(), f"gave up: {retry}"
            )
            log.error(
                "gave up on a message after %d tries",
                message.attempts,
                extra={"outbox": message.id},
            )
            self._on_result("gave_up")
            await self._failed(message, f"gave up: {retry}")
            return
        after = retry.after or min(timedelta(seconds=2**message.attempts), BACKOFF_CAP)
        await self.store.run(
            outbox.reschedule, message.id, self.worker, self.clock() + after, retry.reason
        )
        self._on_result("rate_limited" if retry.reason == RATE_LIMITED else "retry")

    async def _failed(self, message: OutboxMessage, error: str) -> None:
        if self._on_failed is None:
            return
        message.last_error = error
        try:
            await self._on_failed(message)
        except Exception:
            log.exception("telling of failed outbox message %s failed", message.id)

    async def _send(self, message: OutboxMessage) -> str | None:
        """Send; the message's ts where Slack gives one."""
        if message.kind == OutboxKind.UPDATE and await self.store.run(outbox.superseded, message):
            return None  # a later edit of the same message says it all
        if message.thread_of:
            message.thread_ts = await self._ts_of(message.thread_of)
        if message.edit_of:
            message.ts = await self._ts_of(message.edit_of)
        if render := _extra(message).get("render"):
            # Drawn now (a letter's post, or an edit of it), so that it shows the latest state.
            kind, row_id = render
            message.text, blocks = await self._renderers[kind](int(row_id))
            message.blocks = json.dumps(blocks) if blocks else ""
        try:
            if message.kind == OutboxKind.RESPOND:
                await self._respond(message)
                return None
            if message.kind == OutboxKind.POST:
                # In doubt: an earlier try timed out, or its replica died holding the claim.
                in_doubt = message.attempts > 1 and message.last_error not in (
                    RATE_LIMITED,
                    WAITING,
                )
                if in_doubt and (ts := await self._already_posted(message)):
                    return ts
                answer = await self.client.chat_postMessage(
                    channel=message.channel,
                    text=message.text,
                    blocks=_blocks(message),
                    thread_ts=message.thread_ts,
                    metadata={
                        "event_type": METADATA_TYPE,
                        "event_payload": {"outbox_id": message.id},
                    },
                    unfurl_links=False,
                )
                return str(answer.get("ts") or "") or None
            if message.kind == OutboxKind.EPHEMERAL:
                await self.client.chat_postEphemeral(
                    channel=message.channel,
                    user=message.user_id,
                    text=message.text,
                    blocks=_blocks(message),
                    thread_ts=message.thread_ts,
                )
                return None
            if message.kind == OutboxKind.UPDATE:
                await self.client.chat_update(
                    channel=message.channel,
                    ts=message.ts or "",
                    text=message.text,
                    blocks=_blocks(message),
                )
                return message.ts
            if message.kind == OutboxKind.UPLOAD:
                await self._upload(message)
                return None
        except SlackApiError as error:
            raise _classified(error) from None
        except (aiohttp.ClientError, TimeoutError) as error:
            raise _Retry(type(error).__name__) from None
        raise _Refused(f"unknown kind {message.kind}")

    async def _ts_of(self, key: str) -> str:
        """The ts of the earlier message saved under `key`, once Slack has it."""
        found = await self.store.run(outbox.referenced, key)
        if found is None:
            raise _Refused("refers to a message that was never written")
        status, ts = found
        if status == OutboxStatus.FAILED or (status == OutboxStatus.SENT and not ts):
            raise _Refused("refers to a message that could not be posted")
        if ts is None:
            raise _Retry(WAITING, timedelta(seconds=1))
        return ts

    async def _respond(self, message: OutboxMessage) -> None:
        extra = _extra(message)
        answer = await self._webhook(message.response_url).send(
            text=message.text,
            blocks=_blocks(message),
            response_type=extra.get("response_type", "ephemeral"),
            replace_original=extra.get("replace_original"),
            delete_original=extra.get("delete_original"),
        )
        if answer.status_code == 429:
            after = answer.headers.get("Retry-After") or answer.headers.get("retry-after")
            raise _Retry(RATE_LIMITED, _seconds(after))
        if answer.status_code >= 500:
            raise _Retry(f"http_{answer.status_code}")
        if answer.status_code >= 400:
            # An expired or used-up response_url: nothing will make it work again.
            raise _Refused(f"http_{answer.status_code}")

    async def _upload(self, message: OutboxMessage) -> None:
        extra = _extra(message)
        channel = message.channel
        if channel.startswith(("U", "W")):  # a person: their DM with the bot
            opened = await self.client.conversations_open(users=channel)
            channel = str(opened["channel"]["id"])
        await self.client.files_upload_v2(
            channel=channel,
            thread_ts=message.thread_ts,
            initial_comment=message.text or None,
            file_uploads=extra.get("files") or [],
        )

    async def _already_posted(self, message: OutboxMessage) -> str | None:
        """The ts of this message if Slack already has it (an earlier try's answer was lost);
        _Retry when Slack cannot be asked just now, so that the message stays in doubt."""
        channel = message.channel
        try:
            if channel.startswith(("U", "W")):
                opened = await self.client.conversations_open(users=channel)
                channel = str(opened["channel"]["id"])
            oldest = f"{message.created_at.timestamp() - 60:.6f}"
            if message.thread_ts:
                page = await self.client.conversations_replies(
                    channel=channel, ts=message.thread_ts, oldest=oldest, include_all_metadata=True
                )
            else:
                page = await self.client.conversations_history(
                    channel=channel, oldest=oldest, include_all_metadata=True, limit=200
                )
        except SlackApiError as error:
            looking = _classified(error)
            if isinstance(looking, _Refused):
                return None  # Slack will never tell (a missing scope): sending again beats never
            raise _Retry(f"{IN_DOUBT} ({looking})", looking.after) from None
        except (aiohttp.ClientError, TimeoutError) as error:
            # Slack may tell us a moment later: look again then, rather than post it blind.
            raise _Retry(f"{IN_DOUBT} ({type(error).__name__})") from None
        for posted in page.get("messages") or []:
            metadata = posted.get("metadata") or {}
            payload = metadata.get("event_payload") or {}
            if (
                metadata.get("event_type") == METADATA_TYPE
                and payload.get("outbox_id") == message.id
            ):
                return str(posted.get("ts") or "") or None
        return None


def _blocks(message: OutboxMessage) -> list[dict[str, Any]] | None:
    return json.loads(message.blocks) if message.blocks else None


def _extra(message: OutboxMessage) -> dict[str, Any]:
    return dict(json.loads(message.extra)) if message.extra else {}


def _seconds(value: object) -> timedelta | None:
    try:
        return timedelta(seconds=max(1, int(str(value))))
    except ValueError:
        return None


def _classified(error: SlackApiError) -> _Retry | _Refused:
    status = error.response.status_code
    code = str(error.response.get("error") or f"http_{status}")
    if status == 429:
        return _Retry(RATE_LIMITED, _seconds(error.response.headers.get("Retry-After")))
    if status >= 500 or code in _TRANSIENT:
        return _Retry(code)
    return _Refused(code)
