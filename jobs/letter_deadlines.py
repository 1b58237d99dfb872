"""A coalition letter's deadline: once, a set time before it, a DM to each member of the letter's
channel who has not signed; at the deadline, the letter closes and its post and thread say so.
Every replica runs these sweeps; a conditional update on the letter's row lets exactly one of them
send each reminder and announce each closing."""

from __future__ import annotations

import logging

from slack_sdk.errors import SlackApiError

from bot.letter_blocks import deadline_text, headline, sign_button_blocks
from bot.letter_slack import for_services
from bot.replies import Reply
from bot.services import Services
from storage import letters

log = logging.getLogger(__name__)


async def send_deadline_reminders(services: Services) -> int:
    """Send the reminders that fell due; the number of DMs sent."""
    slack = for_services(services)
    if slack is None:
        return 0
    store, sent = services.store, 0
    now = services.clock()
    for letter_id in await store.run(letters.reminder_candidates, now):
        if not await store.run(letters.claim_reminder, letter_id, now):
            continue  # another replica has it
        letter = await store.run(letters.find_letter, letter_id)
        assert letter.channel_id is not None
        signers = await store.run(letters.signer_ids, letter_id)
        try:
            members = await slack.channel_members(letter.channel_id)
            bot_user = await slack.bot_user_id()
        except SlackApiError:
            log.warning("could not list a letter's channel members", extra={"letter": letter_id})
            continue
        for user_id in sorted(members - signers - {bot_user}):
            text = (
                f"Reminder: {headline(letter)} takes signatures until"
                f" {deadline_text(letter)}, and you have not signed it."
                f" Read it with `/roundtable letter {letter.ref}`, or sign on here."
            )
            try:
                await slack.dm(user_id, Reply(text, sign_button_blocks(text, letter)))
                sent += 1
            except SlackApiError:
                log.warning("a deadline reminder DM failed", extra={"letter": letter_id})
    return sent


async def close_at_deadline(services: Services) -> int:
    """Close the letters whose deadline passed; their posts lose the Sign on button."""
    closed = await services.store.run(letters.close_past_deadline, services.clock())
    slack = for_services(services)
    for letter_id in closed:
        letter = await services.store.run(letters.find_letter, letter_id)
        if slack is not None:
            slack.refresh(letter_id)
            text = f"The deadline of {headline(letter)} has passed: the list of signers is final."
            try:
                await slack.announce(letter, text)
            except SlackApiError:
                log.warning("announcing a letter's closing failed", extra={"letter": letter_id})
    return len(closed)


async def sweep(services: Services) -> None:
    await send_deadline_reminders(services)
    await close_at_deadline(services)
