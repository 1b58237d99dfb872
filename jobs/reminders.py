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

from jobs.ports import SLACK_ERRORS, JobServices, Message
from jobs.scheduler import PeriodicJob
from jobs.throttle import report_failure
from storage.deliveries import Claimed, claim_due, mark_delivery, reclaim_stale, release
from storage.invitations import expand_group, invitees
from storage.meetings import is_group
from storage.models import Meeting
from storage.notices import Notice, claim_finished, claim_notices, record_announcement
from storage.recommendations import OpenRecommendation, open_recommendations
from storage.signatures import letters_awaiting

log = logging.getLogger(__name__)

T = TypeVar("T")

SWEEP_SECONDS = 0.5  # reminders go out within about a second of falling due
NOTICE_SECONDS = 2.0
# No retry loop here: the client the jobs are given carries the process's one retry policy
# (bot/slack/app.py), so a SLACK_ERRORS raised by a call means every retry is spent.


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
        services: JobServices,
        *,
        worker: str | None = None,
        concurrency: int = 32,
    ) -> None:
        if services.slack is None:
            raise ValueError("meeting reminders need JobServices with the Slack client")
        self.services = services
        self.texts = services.meeting_texts
        self.client = services.slack
        self.worker = worker or worker_name()
        # Sends run side by side (Slack's limit is per channel), but bounded, so that a burst of
        # reminders does not open hundreds of connections at once.
        self._sending = asyncio.Semaphore(concurrency)
        # Sends under way, each with its claim (kept referenced until done).
        self._sends: dict[asyncio.Task[bool], Claimed] = {}
        self._stopping = False
        # Claims run on a thread of their own: a burst of sends marking their deliveries in the
        # shared worker threads must never hold up the next sweep's claim.
        self._claims = ThreadPoolExecutor(max_workers=1, thread_name_prefix="reminder-claims")

    def periodic(self) -> list[PeriodicJob]:
        return [
            PeriodicJob("meeting-reminders", SWEEP_SECONDS, self.start_due, stop=self.stop),
            PeriodicJob("meeting-notices", NOTICE_SECONDS, self.send_notices),
        ]

    def stopping(self) -> bool:
        return self._stopping

    async def stop(self, grace: float) -> None:
        """Claim nothing more; let the sends under way finish within `grace` seconds; give back
        the claims of any that did not, so that the next sweep of any replica takes them at once
        (rather than after the lease)."""
        self._stopping = True
        if self._sends:
            await asyncio.wait(set(self._sends), timeout=grace)
        unfinished = [claim for task, claim in self._sends.items() if not task.done()]
        for task in list(self._sends):
            task.cancel()
        await self._give_back(unfinished)

    async def _give_back(self, claims: Sequence[Claimed]) -> None:
        if not claims:
            return
        keys = [(claim.reminder_id, claim.recipient) for claim in claims]
        try:
            released = await self._run(release, self.worker, keys)
        except Exception as error:
            # The lease runs out instead, and the claims are taken over then.
            report_failure(log, "giving back reminder claims", error)
            return
        log.info("gave back %d reminder claims on stopping", released)

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
        return len(await self._start_due())

    async def _start_due(self) -> list[asyncio.Task[bool]]:
        """The sends this sweep started, each once. They are returned rather than read back from
        `_sends`: a send can finish (and leave `_sends`) while the next batch is being claimed."""
        if self.stopping():
            return []
        stale = await self._claim(reclaim_stale, self.services.clock(), self.worker)
        if stale:
            log.warning("took over %d deliveries left claimed by a stopped replica", len(stale))
        batch: list[Claimed] = stale
        started: list[asyncio.Task[bool]] = []
        recommendations: list[OpenRecommendation] | None = None
        while not self.stopping():
            result = await self._claim(claim_due, self.services.clock(), self.worker)
            batch += result.claimed
            self.services.reminder_tally("skipped", result.skipped)
            if not batch:
                return started
            if self.stopping():
                break
            if recommendations is None:
                recommendations = await self._run(open_recommendations)
            self.services.reminder_tally("late", sum(claim.late for claim in batch))
            for claim in batch:
                task = asyncio.create_task(self._deliver(claim, recommendations))
                self._sends[task] = claim
                task.add_done_callback(self._finished)
                started.append(task)
            batch = []
        # Claimed while the bot began to stop: given back, never half-sent.
        await self._give_back(batch)
        return started

    def _finished(self, task: asyncio.Task[bool]) -> None:
        claim = self._sends.pop(task, None)
        if not task.cancelled() and (error := task.exception()) is not None:
            # A bug or the database gone: the claim stays, and is taken over after the lease.
            context = {"meeting": claim.meeting.id, "reminder": claim.reminder_id} if claim else {}
            report_failure(log, "a reminder send", error, context)

    async def deliver_due(self) -> int:
        """Claim every due delivery and wait until each is sent or failed; the number sent by
        this sweep (sends an earlier `start_due` left running are not waited for)."""
        results = await asyncio.gather(*await self._start_due())
        return sum(results)

    async def _deliver(self, claim: Claimed, recommendations: Sequence[OpenRecommendation]) -> bool:
        async with self._sending:
            meeting = claim.meeting
            if claim.is_channel:
                reply = self.texts.reminder(
                    meeting,
                    claim.offset_minutes,
                    late=claim.late,
                    reader_zone=None,
                    in_channel=True,
                    recommendations=recommendations,
                )
            else:
                reply = self.texts.reminder(
                    meeting,
                    claim.offset_minutes,
                    late=claim.late,
                    reader_zone=await self.services.zone_of(claim.recipient),
                    in_channel=False,
                    recommendations=recommendations,
                    letters=await self._run(letters_awaiting, claim.recipient),
                )
            try:
                answer = await self.client.chat_postMessage(
                    channel=claim.recipient, text=reply.text, blocks=reply.blocks
                )
            except SLACK_ERRORS as error:
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
                    "a reminder could not be delivered: %s",
                    code,
                    extra={"meeting": meeting.id, "reminder": claim.reminder_id},
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

    async def _tell_coordinators(self, meeting: Meeting, recipient: str, code: str) -> None:
        message = self.texts.undeliverable(meeting, recipient, code)
        await self._post_each(sorted(self.services.coordinators), message)

    async def _post_each(self, recipients: Sequence[str], reply: Message) -> None:
        for recipient in recipients:
            await self._post(recipient, reply)

    async def _post(self, channel: str, reply: Message, **extra: Any) -> str | None:
        """Post and return the ts; a failure is logged (without the text) and is not fatal."""
        try:
            answer = await self.client.chat_postMessage(
                channel=channel, text=reply.text, blocks=reply.blocks or None, **extra
            )
        except SLACK_ERRORS as error:
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
            coordinators = sorted(self.services.coordinators)
            await self._post(meeting.channel_id, self.texts.outcome_prompt(meeting, coordinators))
        return sent + len(held)

    async def _guarded(self, work: Awaitable[None], meeting: Meeting) -> None:
        try:
            await work
        except Exception as error:
            report_failure(log, "a meeting notice", error, {"meeting": meeting.id})

    async def _announce(self, notice: Notice) -> None:
        meeting = notice.meeting
        assert meeting.id is not None
        if notice.first:
            await self._expand_groups(meeting)
            ts = await self._post(meeting.channel_id, self.texts.announcement(meeting))
            if ts:
                meeting.message_ts = ts
                await self._run(record_announcement, meeting.id, ts)
        elif meeting.message_ts:
            reply = self.texts.announcement(meeting)
            try:
                await self.client.chat_update(
                    channel=meeting.channel_id,
                    ts=meeting.message_ts,
                    text=reply.text,
                    blocks=reply.blocks,
                )
            except SLACK_ERRORS as error:
                log.error(
                    "the announcement could not be edited: %s",
                    _error_code(error),
                    extra={"meeting": meeting.id},
                )
            await self._post(
                meeting.channel_id, self.texts.change_notice(meeting), thread_ts=meeting.message_ts
            )
        await self._upload_calendar(meeting)
        for person in await self._run(invitees, meeting.id):
            zone = await self.services.zone_of(person)
            reply = (
                self.texts.invitation(meeting, zone)
                if notice.first
                else self.texts.change_notice(meeting, zone)
            )
            await self._post(person, reply)

    async def _expand_groups(self, meeting: Meeting) -> None:
        assert meeting.id is not None
        everyone = await self._run(invitees, meeting.id, including_declined=True)
        for group in filter(is_group, everyone):
            try:
                answer = await self.client.usergroups_users_list(usergroup=group)
            except SLACK_ERRORS as error:
                log.error(
                    "a user group could not be expanded: %s",
                    _error_code(error),
                    extra={"meeting": meeting.id},
                )
                continue
            await self._run(expand_group, meeting.id, group, list(answer.get("users") or []))

    async def _upload_calendar(self, meeting: Meeting) -> None:
        content = self.services.calendar(meeting, self.services.clock())
        try:
            await self.client.files_upload_v2(
                channel=meeting.channel_id,
                thread_ts=meeting.message_ts,
                content=content,
                filename=f"meeting-{meeting.id}.ics",
                title=f"Add to calendar: {meeting.title}"[:250],
            )
        except SLACK_ERRORS as error:
            log.error(
                "the calendar file could not be uploaded: %s",
                _error_code(error),
                extra={"meeting": meeting.id},
            )
