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

from bot.kit.people import SLACK_ERRORS
from bot.kit.replies import Reply
from bot.letters.slack import LetterSlack
from bot.letters.views import deadline_text, headline, sign_button_blocks
from bot.services import Services
from storage import letters

log = logging.getLogger(__name__)


async def send_deadline_reminders(services: Services) -> int:
    """Send the reminders that fell due; the number of DMs sent."""
    slack = services.letters
    if slack is None:
        return 0
    sent = 0
    for letter_id in await services.store.run(letters.reminder_candidates, services.clock()):
        sent += await _remind(services, slack, letter_id)
    return sent


async def _remind(services: Services, slack: LetterSlack, letter_id: int) -> int:
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
    signers = await store.run(letters.signer_ids, letter_id)

    async def remind(user_id: str) -> bool:
        if not await store.run(letters.claim_reminder, letter_id, user_id, services.clock()):
            return False  # another replica has this person, or already reminded them
        text = (
            f"Reminder: {headline(letter)} takes signatures until"
            f" {deadline_text(letter, await services.people.zone_of(user_id))}, and you have not"
            f" signed it. Read it with `/roundtable letter {letter.ref}`, or sign on here."
        )
        try:
            await slack.dm(user_id, Reply(text, sign_button_blocks(text, letter)))
        except SLACK_ERRORS:
            log.warning("a deadline reminder DM failed", extra={"letter": letter_id})
            await store.run(letters.mark_reminder, letter_id, user_id, sent=False)
            return False
        await store.run(letters.mark_reminder, letter_id, user_id, sent=True)
        return True

    # Side by side: `slack.dm` keeps a few in flight at once.
    sent = await asyncio.gather(*(remind(user) for user in sorted(members - signers - {bot_user})))
    await store.run(letters.finish_reminders, letter_id, services.clock())
    return sum(sent)


async def close_at_deadline(services: Services) -> int:
    """Close the letters whose deadline passed; their posts lose the Sign on button."""
    closed = await services.store.run(letters.close_past_deadline, services.clock())
    slack = services.letters
    for letter_id in closed:
        letter = await services.store.run(letters.find_letter, letter_id)
        if slack is not None:
            slack.refresh(letter_id)
            text = f"The deadline of {headline(letter)} has passed: the list of signers is final."
            try:
                await slack.announce(letter, text)
            except SLACK_ERRORS:
                log.warning("announcing a letter's closing failed", extra={"letter": letter_id})
    return len(closed)


async def sweep(services: Services) -> None:
    await send_deadline_reminders(services)
    await close_at_deadline(services)
