"""Meeting reminders and notices, delivered exactly once by however many replicas run.

Every second each replica sweeps the database for reminders that are due, claims their deliveries
(one row per recipient, under a unique constraint: the database picks one winner), then sends what
it claimed. Our tables are the source of truth, so a meeting added from the CLI, or a reminder that
fell due while the bot was down, is found by the next sweep; APScheduler only sets the pace.

The one window for a repeat: Slack has accepted a message but the replica dies before marking the
delivery sent. It is kept small because (1) the claim is committed *before* the send, (2) the mark
is one UPDATE committed on its own straight after Slack's answer, with no other await between
them, and (3) a claim is only taken over by another replica once it is CLAIM_LEASE old, which is
longer than any send with its retries. A replica that dies *before* Slack accepts leaves a claim
that is taken over after the lease: the reminder is then sent late, never lost.
"""

from __future__ import annotations

import asyncio
import functools
import logging
import os
import socket
import uuid
from collections.abc import Awaitable, Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from typing import Any, TypeVar

from slack_sdk.errors import SlackApiError

from bot.kit.mrkdwn import escape
from bot.kit.people import SLACK_ERRORS
from bot.kit.replies import Reply
from bot.meetings import views as messages
from bot.services import Services
from jobs.scheduler import PeriodicJob
from storage.meetings import (
    Claimed,
    Notice,
    OpenRecommendation,
    claim_due,
    claim_finished,
    claim_notices,
    expand_group,
    invitees,
    is_group,
    letters_awaiting,
    mark_delivery,
    open_recommendations,
    reclaim_stale,
    record_announcement,
)
from storage.models import Meeting

log = logging.getLogger(__name__)

T = TypeVar("T")

SWEEP_SECONDS = 0.5  # reminders go out within about a second of falling due
NOTICE_SECONDS = 2.0
SEND_ROUNDS = 3
ROUND_BACKOFF_SECONDS = 1.0
# Slack errors that the client's retry handlers have already retried, or that no retry can fix.
SEND_ERRORS = SLACK_ERRORS


def _retryable(error: BaseException) -> bool:
    if isinstance(error, SlackApiError):
        status: int = error.response.status_code
        return status == 429 or status >= 500
    return True  # connection errors and timeouts


def worker_name() -> str:
    """Who holds a claim: enough to tell replicas apart in the store, nothing personal."""
    return f"{socket.gethostname()[:60]}:{os.getpid()}:{uuid.uuid4().hex[:8]}"


def _error_code(error: BaseException) -> str:
    if isinstance(error, SlackApiError):
        return str(error.response.get("error") or f"http_{error.response.status_code}")
    return type(error).__name__


class MeetingJobs:
    """The reminder sweep and the notice sweep of one replica."""

    def __init__(
        self,
        services: Services,
        *,
        worker: str | None = None,
        concurrency: int = 32,
    ) -> None:
        if services.slack is None:
            raise ValueError("meeting reminders need Services built with the Slack client")
        self.services = services
        self.client = services.slack
        self.worker = worker or worker_name()
        # Sends run side by side (Slack's limit is per channel), but bounded, so that a burst of
        # reminders does not open hundreds of connections at once.
        self._sending = asyncio.Semaphore(concurrency)
        self._sends: set[asyncio.Task[bool]] = set()  # kept referenced until done
        # Claims run on a thread of their own: a burst of sends marking their deliveries in the
        # shared worker threads must never hold up the next sweep's claim.
        self._claims = ThreadPoolExecutor(max_workers=1, thread_name_prefix="reminder-claims")

    def periodic(self) -> list[PeriodicJob]:
        return [
            PeriodicJob("meeting-reminders", SWEEP_SECONDS, self.start_due),
            PeriodicJob("meeting-notices", NOTICE_SECONDS, self.send_notices),
        ]

    async def _run(self, operation: Callable[..., T], *args: Any, **kwargs: Any) -> T:
        return await self.services.store.run(operation, *args, **kwargs)

    async def _claim(self, operation: Callable[..., T], *args: Any) -> T:
        call = functools.partial(self.services.store.call, operation, *args)
        return await asyncio.get_running_loop().run_in_executor(self._claims, call)

    # --- reminders ---------------------------------------------------------------------------

    async def start_due(self) -> int:
        """Claim every due delivery, batch by batch, starting each batch's sends before claiming
        the next, and return without waiting for them: the next sweep (half a second later)
        claims what fell due meanwhile instead of queueing behind a burst. The number claimed."""
        stale = await self._claim(reclaim_stale, self.services.clock(), self.worker)
        if stale:
            log.warning("took over %d deliveries left claimed by a stopped replica", len(stale))
        batch: list[Claimed] = stale
        claimed = 0
        recommendations: list[OpenRecommendation] | None = None
        while True:
            result = await self._claim(claim_due, self.services.clock(), self.worker)
            batch += result.claimed
            if not batch:
                return claimed
            if recommendations is None:
                recommendations = await self._run(open_recommendations)
            for claim in batch:
                task = asyncio.create_task(self._deliver(claim, recommendations))
                self._sends.add(task)
                task.add_done_callback(self._finished)
            claimed += len(batch)
            batch = []

    def _finished(self, task: asyncio.Task[bool]) -> None:
        self._sends.discard(task)
        if not task.cancelled() and (error := task.exception()) is not None:
            # A bug or the database gone: the claim stays, and is taken over after the lease.
            log.error("a reminder send failed unexpectedly", exc_info=error)

    async def deliver_due(self) -> int:
        """Claim every due delivery and wait until each is sent or failed; the number sent."""
        await self.start_due()
        results = await asyncio.gather(*self._sends)
        return sum(results)

    async def _deliver(self, claim: Claimed, recommendations: Sequence[OpenRecommendation]) -> bool:
        async with self._sending:
            meeting = claim.meeting
            if claim.is_channel:
                reply = messages.reminder(
                    meeting,
                    claim.offset_minutes,
                    late=claim.late,
                    reader_zone=None,
                    in_channel=True,
                    recommendations=recommendations,
                )
            else:
                reply = messages.reminder(
                    meeting,
                    claim.offset_minutes,
                    late=claim.late,
                    reader_zone=await self.services.people.zone_of(claim.recipient),
                    in_channel=False,
                    recommendations=recommendations,
                    letters=await self._run(letters_awaiting, claim.recipient),
                )
            try:
                answer = await self._send(claim.recipient, reply)
            except SEND_ERRORS as error:
                # Every retry is spent: marked failed and the coordinators told, never dropped.
                code = _error_code(error)
                await self._run(
                    mark_delivery,
                    claim.reminder_id,
                    claim.recipient,
                    self.worker,
                    self.services.clock(),
                    error=code,
                )
                log.error(
                    "reminder %s of meeting %s could not be delivered: %s",
                    claim.reminder_id,
                    meeting.id,
                    code,
                )
                await self._tell_coordinators(meeting, claim.recipient, code)
                return False
            # Slack has the message: mark it at once (see the module docstring on the window).
            await self._run(
                mark_delivery,
                claim.reminder_id,
                claim.recipient,
                self.worker,
                self.services.clock(),
                message_ts=str(answer.get("ts") or ""),
            )
            return True

    async def _send(self, recipient: str, reply: Reply) -> Any:
        """Post, retrying what may pass: the client's handlers honour Retry-After and retry 5xx
        and connection errors, but their retry count is shared by one request, so a 429 then a
        500 can exhaust it; a few more rounds here, with backoff, ride out a bad minute."""
        for attempt in range(SEND_ROUNDS):
            try:
                return await self.client.chat_postMessage(
                    channel=recipient, text=reply.text, blocks=reply.blocks
                )
            except SEND_ERRORS as error:
                if attempt == SEND_ROUNDS - 1 or not _retryable(error):
                    raise
                await asyncio.sleep(ROUND_BACKOFF_SECONDS * 2**attempt)
        raise AssertionError("unreachable: the last round raises or returns")

    async def _tell_coordinators(self, meeting: Meeting, recipient: str, code: str) -> None:
        where = f"<#{recipient}>" if recipient == meeting.channel_id else f"<@{recipient}>"
        text = (
            f":warning: I could not deliver a reminder for *{escape(meeting.title)}*"
            f" ({messages.ref(meeting)}) to {where} after several tries (`{code}`)."
            " Please pass it on."
        )
        await self._post_each(sorted(self.services.settings.coordinators), Reply(text))

    async def _post_each(self, recipients: Sequence[str], reply: Reply) -> None:
        for recipient in recipients:
            await self._post(recipient, reply)

    async def _post(self, channel: str, reply: Reply, **extra: Any) -> str | None:
        """Post and return the ts; a failure is logged (without the text) and is not fatal."""
        try:
            answer = await self.client.chat_postMessage(
                channel=channel, text=reply.text, blocks=reply.blocks or None, **extra
            )
        except SEND_ERRORS as error:
            log.error("a meeting notice could not be posted: %s", _error_code(error))
            return None
        return str(answer.get("ts") or "") or None

    # --- announcements, changes, after-meeting prompts -----------------------------------------

    async def send_notices(self) -> int:
        """Announce new meetings, tell of changes, and ask for outcomes of ended meetings; the
        number of notices sent. Meetings are announced side by side, batch after batch, so a
        meeting added now is announced within seconds even behind many others."""
        sent = 0
        while notices := await self._run(claim_notices):
            await asyncio.gather(
                *(self._guarded(self._announce(notice), notice.meeting) for notice in notices)
            )
            sent += len(notices)
        held = await self._run(claim_finished, self.services.clock())
        for meeting in held:
            coordinators = sorted(self.services.settings.coordinators)
            await self._post(meeting.channel_id, messages.outcome_prompt(meeting, coordinators))
        return sent + len(held)

    async def _guarded(self, work: Awaitable[None], meeting: Meeting) -> None:
        try:
            await work
        except Exception:
            log.exception("the notice for meeting %s failed", meeting.id)

    async def _announce(self, notice: Notice) -> None:
        meeting = notice.meeting
        assert meeting.id is not None
        if notice.first:
            await self._expand_groups(meeting)
            ts = await self._post(meeting.channel_id, messages.announcement(meeting))
            if ts:
                meeting.message_ts = ts
                await self._run(record_announcement, meeting.id, ts)
        elif meeting.message_ts:
            reply = messages.announcement(meeting)
            try:
                await self.client.chat_update(
                    channel=meeting.channel_id,
                    ts=meeting.message_ts,
                    text=reply.text,
                    blocks=reply.blocks,
                )
            except SEND_ERRORS as error:
                log.error("the announcement could not be edited: %s", _error_code(error))
            await self._post(
                meeting.channel_id, messages.change_notice(meeting), thread_ts=meeting.message_ts
            )
        await self._upload_calendar(meeting)
        for person in await self._run(invitees, meeting.id):
            zone = await self.services.people.zone_of(person)
            reply = (
                messages.invitation(meeting, zone)
                if notice.first
                else messages.change_notice(meeting, zone)
            )
            await self._post(person, reply)

    async def _expand_groups(self, meeting: Meeting) -> None:
        assert meeting.id is not None
        everyone = await self._run(invitees, meeting.id, including_declined=True)
        for group in filter(is_group, everyone):
            try:
                answer = await self.client.usergroups_users_list(usergroup=group)
            except SEND_ERRORS as error:
                log.error("a user group could not be expanded: %s", _error_code(error))
                continue
            await self._run(expand_group, meeting.id, group, list(answer.get("users") or []))

    async def _upload_calendar(self, meeting: Meeting) -> None:
        content = messages.ics(meeting, self.services.clock())
        try:
            await self.client.files_upload_v2(
                channel=meeting.channel_id,
                thread_ts=meeting.message_ts,
                content=content,
                filename=f"meeting-{meeting.id}.ics",
                title=f"Add to calendar: {meeting.title}"[:250],
            )
        except SEND_ERRORS as error:
            log.error("the calendar file could not be uploaded: %s", _error_code(error))
