"""Meeting reminders and notices, said once by however many replicas run.

Every half second each replica sweeps the database for reminders that are due and claims their
deliveries (one row per recipient, under a unique constraint: the database picks one winner).
For each claim it draws the reminder in the reader's zone, then hands it to the outbox and marks
the delivery in one transaction; the outbox's sender (jobs/outbox.py) delivers it once, through
Slack's rate limits and outages. A replica that dies before that commit leaves a claim another
takes over after the lease, and the outbox key keeps the reminder to one. Our tables are the
source of truth, so a meeting added from the CLI, or a reminder that fell due while the bot was
down, is found by the next sweep; APScheduler only sets the pace.
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
from storage import outbox
from storage.deliveries import Claimed, claim_due, mark_delivery, reclaim_stale, release
from storage.invitations import expand_group, invitees
from storage.meetings import is_group
from storage.models import Meeting, OutboxKind, OutboxMessage
from storage.notices import Notice, announce, ended_meetings, mark_held, pending_notices
from storage.outbox import Outgoing
from storage.recommendations import OpenRecommendation, open_recommendations
from storage.reminders import meeting_of_reminder
from storage.signatures import letters_awaiting

log = logging.getLogger(__name__)

T = TypeVar("T")

SWEEP_SECONDS = 0.5  # reminders go out within about a second of falling due
NOTICE_SECONDS = 2.0


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
            # Handed to the outbox and the delivery marked, in one transaction: the outbox sends
            # it once, waiting out Slack's outages. A replica that dies before this commits
            # leaves its claim, taken over after the lease; the outbox key keeps it to one.
            await self._run(
                mark_delivery,
                claim.reminder_id,
                claim.recipient,
                self.worker,
                self.services.clock(),
                message=_post(
                    claim.recipient, reply, key=f"reminder:{claim.reminder_id}:{claim.recipient}"
                ),
            )
            self.services.wake()
            return True

    # --- announcements, changes, after-meeting prompts -----------------------------------------

    async def send_notices(self) -> int:
        """Announce new meetings, tell of changes, and ask for outcomes of ended meetings; the
        number of notices written. Each is drawn, then claimed together with its messages in the
        outbox (storage/notices.py), so one replica says it once and none loses it."""
        said = 0
        while notices := await self._run(pending_notices):
            results = await asyncio.gather(
                *(self._guarded(self._announce(notice), notice.meeting) for notice in notices)
            )
            said += sum(results)
            if not any(results):
                break  # every one was another replica's, or failed: the next sweep looks again
        coordinators = sorted(self.services.coordinators)
        for meeting in await self._run(ended_meetings, self.services.clock()):
            assert meeting.id is not None
            prompt = self.texts.outcome_prompt(meeting, coordinators)
            key = f"meeting:{meeting.id}:outcome-prompt"
            said += await self._run(
                mark_held,
                meeting.id,
                self.services.clock(),
                _post(meeting.channel_id, prompt, key=key),
            )
        self.services.wake()
        return said

    async def _guarded(self, work: Awaitable[bool], meeting: Meeting) -> bool:
        try:
            return await work
        except Exception as error:
            report_failure(log, "a meeting notice", error, {"meeting": meeting.id})
            return False

    async def _announce(self, notice: Notice) -> bool:
        meeting = notice.meeting
        assert meeting.id is not None
        announcement = f"meeting:{meeting.id}:announcement"
        where = f"meeting:{meeting.id}:{meeting.sequence}"
        # The announcement's ts once Slack has it; until then, the key of its outbox message.
        ts, ref = (meeting.message_ts, None) if meeting.message_ts else (None, announcement)
        messages: list[Outgoing] = []
        if notice.first:
            await self._expand_groups(meeting)
            reply = self.texts.announcement(meeting)
            messages.append(
                Outgoing(
                    OutboxKind.POST,
                    text=reply.text,
                    blocks=reply.blocks,
                    channel=meeting.channel_id,
                    key=announcement,
                    records=("meeting", meeting.id),
                )
            )
            ts, ref = None, announcement
        else:
            reply = self.texts.announcement(meeting)
            change = self.texts.change_notice(meeting)
            messages += [
                Outgoing(
                    OutboxKind.UPDATE,
                    text=reply.text,
                    blocks=reply.blocks,
                    channel=meeting.channel_id,
                    ts=ts,
                    edit_of=ref,
                ),
                Outgoing(
                    OutboxKind.POST,
                    text=change.text,
                    blocks=change.blocks,
                    channel=meeting.channel_id,
                    thread_ts=ts,
                    thread_of=ref,
                    key=f"{where}:change",
                ),
            ]
        calendar_file = {
            "content": self.services.calendar(meeting, self.services.clock()),
            "filename": f"meeting-{meeting.id}.ics",
            "title": f"Add to calendar: {meeting.title}"[:250],
        }
        messages.append(
            Outgoing(
                OutboxKind.UPLOAD,
                channel=meeting.channel_id,
                thread_ts=ts,
                thread_of=ref,
                extra={"files": [calendar_file]},
                key=f"{where}:calendar",
            )
        )
        for person in await self._run(invitees, meeting.id):
            zone = await self.services.zone_of(person)
            told = (
                self.texts.invitation(meeting, zone)
                if notice.first
                else self.texts.change_notice(meeting, zone)
            )
            messages.append(_post(person, told, key=f"{where}:{person}"))
        return await self._run(announce, notice, self.services.clock(), *messages)

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


async def tell_coordinators(services: JobServices, message: OutboxMessage) -> None:
    """The outbox gave up on a reminder (Slack refused it, or every try failed): the
    coordinators are told whom it did not reach, so that someone passes it on."""
    if not (message.key or "").startswith("reminder:"):
        return
    _, reminder_id, recipient = (message.key or "").split(":", 2)
    meeting = await services.store.run(meeting_of_reminder, int(reminder_id))
    if meeting is None:
        return
    told = services.meeting_texts.undeliverable(meeting, recipient, message.last_error)
    await services.store.run(
        outbox.enqueue,
        *(
            _post(c, told, key=f"undeliverable:{message.key}:{c}")
            for c in sorted(services.coordinators)
        ),
        now=services.clock(),
    )
    services.wake()


def _post(channel: str, reply: Message, *, key: str) -> Outgoing:
    return Outgoing(OutboxKind.POST, text=reply.text, blocks=reply.blocks, channel=channel, key=key)
