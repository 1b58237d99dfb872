"""200 people sign a letter at once, half by the form and half by `/roundtable sign`, and the bot
is killed (kill -9) or stopped (SIGTERM) part-way; after a restart on the same database, every
sign-on that was confirmed is stored, nothing unstored was confirmed, and nobody is told twice
where Slack lets the bot look before it speaks again."""

from __future__ import annotations

import asyncio
import signal
from pathlib import Path

import pytest

from storage.db import Store
from tests.chaos.support import (
    by_form,
    chaos_env,
    confirmations,
    pending,
    published_letter,
    send_crowd,
    sign_requests,
    stored_signers,
    tried_again,
    wait_until,
)
from tests.support.fake_slack import FakeSlack
from tests.support.processes import serving

PEOPLE = 200
IN_FLIGHT = 50
SIGNAL_AFTER = 60  # answered requests


@pytest.mark.parametrize("signum", [signal.SIGKILL, signal.SIGTERM], ids=["kill-9", "sigterm"])
def test_every_confirmed_sign_on_survives_a_stop(
    fake_slack: FakeSlack, database_url: str, tmp_path: Path, signum: signal.Signals
) -> None:
    env = chaos_env(fake_slack, database_url)
    with serving(env, tmp_path, "first") as bot:
        store = Store.from_url(database_url)  # migrated by the bot's start-up
        letter_id, ref = published_letter(store)
        requests = sign_requests(fake_slack, letter_id, ref, PEOPLE)
        crowd = asyncio.run(
            send_crowd(bot.port, requests, IN_FLIGHT, bot.process, signum, SIGNAL_AFTER)
        )
        code = bot.process.wait(timeout=30)
    try:
        if signum == signal.SIGTERM:
            assert code == 0, bot.log_path.read_text()
        # Confirmed before the restart: forms closed, and command replies Slack already has.
        told_before = set(confirmations(fake_slack))
        with serving(env, tmp_path, "second"):
            wait_until(lambda: pending(store) == 0, 60, "the outbox to drain after the restart")
        stored = stored_signers(store, letter_id)
        told = confirmations(fake_slack)
        twice = {who for who, times in told.items() if times > 1}
        replies_tried_again = tried_again(store, fake_slack, twice)
    finally:
        store.dispose()

    assert crowd.answered >= SIGNAL_AFTER
    assert crowd.forms_closed <= stored, crowd.forms_closed - stored
    assert told_before <= stored
    assert set(told) <= stored, set(told) - stored  # nothing confirmed that was not stored
    # A DM carries its outbox id, so one whose answer was lost is looked for in the conversation
    # before it goes again: nobody is told twice by DM. A reply at a response_url cannot be looked
    # for: it goes again only where its first try's answer never reached the bot.
    assert {who for who in twice if by_form(who)} == set()
    assert twice <= replies_tried_again, twice - replies_tried_again
    # A sign-on is stored with its confirmation (the form's DM, the command's reply) in one
    # transaction: even a kill -9 leaves no stored sign-on unconfirmed.
    assert set(told) == stored, stored - set(told)
