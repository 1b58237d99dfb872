"""A coalition letter's deadline: once, a set time before it, a DM to each member of the letter's
channel who has not signed, with the deadline in their own zone; at the deadline, the letter
closes and its post and thread say so.

Every replica runs these sweeps. Each person's reminder is claimed in the database before it is
sent (a unique row per letter and person), so replicas racing send each person one DM; a replica
that dies mid-way leaves the people it had not claimed to the next sweep (and its claims in flight
are taken over after a lease); a channel that could not be listed is listed again next sweep. A
conditional update on the letter's row lets one replica announce each closing."""

from __future__ import annotations

import asyncio
import logging

from sqlmodel import Session

from jobs.ports import SLACK_ERRORS, JobServices, LetterChannel
from storage import letter_reminders, letters, outbox, signatures
from storage.models import Letter
from storage.outbox import Outgoing

log = logging.getLogger(__name__)


async def send_deadline_reminders(services: JobServices) -> int:
    """Send the reminders that fell due; the number of DMs sent."""
    slack = services.letters
    if slack is None:
        return 0
    sent = 0
    for letter_id in await services.store.run(
        letter_reminders.reminder_candidates, services.clock()
    ):
        sent += await _remind(services, slack, letter_id)
    return sent


async def _remind(services: JobServices, slack: LetterChannel, letter_id: int) -> int:
    store = services.store
    letter = await store.run(letters.find_letter, letter_id)
    assert letter.channel_id is not None
    try:
        members = await slack.channel_members(letter.channel_id)
        bot_user = await slack.bot_user_id()
    except SLACK_ERRORS:
        # Nobody is claimed yet: the next sweep lists the channel again.
        log.warning("could not list a letter's channel members", extra={"letter": letter_id})
        return 0
    signers = await store.run(signatures.signer_ids, letter_id)

    async def remind(user_id: str) -> bool:
        if not await store.run(
            letter_reminders.claim_reminder, letter_id, user_id, services.clock()
        ):
            return False  # another replica has this person, or already reminded them
        message = services.letter_texts.deadline_reminder(letter, await services.zone_of(user_id))
        # Into the outbox, under a key: a replica that takes over this claim after a crash
        # says it again, and the outbox keeps one.
        await slack.dm(user_id, message, key=f"letter:{letter_id}:deadline:{user_id}")
        await store.run(letter_reminders.mark_reminder, letter_id, user_id, sent=True)
        return True

    sent = await asyncio.gather(*(remind(user) for user in sorted(members - signers - {bot_user})))
    await store.run(letter_reminders.finish_reminders, letter_id, services.clock())
    return sum(sent)


async def close_at_deadline(services: JobServices) -> int:
    """Close the letters whose deadline passed; their posts lose the Sign on button and their
    threads say so, committed with the closing: a replica that stops right after cannot leave a
    closing untold (and the one that closes a letter is the one that tells of it)."""
    slack, now = services.letters, services.clock()

    def close(session: Session) -> list[Letter]:
        closed = letters.close_past_deadline(session, now)
        return [letters.find_letter(session, letter_id) for letter_id in closed]

    def said(closed: list[Letter]) -> list[Outgoing]:
        if slack is None:
            return []
        texts = services.letter_texts
        return [m for letter in closed for m in slack.told(letter, texts.deadline_passed(letter))]

    closed = await services.store.run(outbox.saying, close, said, now)
    services.wake()
    return len(closed)


async def sweep(services: JobServices) -> None:
    await send_deadline_reminders(services)
    await close_at_deadline(services)
