"""What the chaos tests and benchmarks/chaos.py share: a bot process against the fake Slack with
short Slack timeouts (so leases are seconds, not minutes), a published letter, a crowd of
sign-ons sent over signed HTTP, and what Slack and the store saw of them afterwards."""

from __future__ import annotations

import asyncio
import json
import signal
import subprocess
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any

import aiohttp
import sqlalchemy as sa
from sqlmodel import col

from bot.letters.views import SIGN_VIEW
from storage import letters
from storage.db import Store
from storage.models import OutboxMessage, OutboxStatus, Signature, utcnow
from tests.support import signed
from tests.support.fake_slack import FakeSlack
from tests.support.processes import bot_environment

SECRET = "chaos-secret"
SLACK_TIMEOUT = 1.0  # seconds: a Slack that answers later than this is "late"; leases are 4 s
LETTER_CHANNEL = "C0LETTER"


def chaos_env(fake_slack: FakeSlack, database_url: str, **extra: str) -> dict[str, str]:
    return bot_environment(
        SLACK_BOT_TOKEN="xoxb-chaos",
        SLACK_SIGNING_SECRET=SECRET,
        SLACK_API_URL=fake_slack.base_url,
        DATABASE_URL=database_url,
        ROUNDTABLE_COORDINATORS="UCOORD1",
        ROUNDTABLE_SHUTDOWN_GRACE="15",
        ROUNDTABLE_SLACK_TIMEOUT=str(SLACK_TIMEOUT),
        **extra,
    )


def wait_until(condition: Callable[[], bool], timeout: float, what: str) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, f"timed out waiting for {what}"
        time.sleep(0.05)


def pending(store: Store) -> int:
    with store.session() as session:
        return int(
            session.execute(
                sa.select(sa.func.count()).where(col(OutboxMessage.status) == OutboxStatus.PENDING)
            ).scalar_one()
        )


def published_letter(store: Store) -> tuple[int, str]:
    now = utcnow()
    draft = letters.LetterDraft.checked(
        title="Chaos letter",
        body="Text.",
        deadline=now + timedelta(days=1),
        timezone="UTC",
        channel_id=LETTER_CHANNEL,
    )
    letter = store.call(letters.create_letter, draft, "UCOORD1", now)
    assert letter.id is not None
    store.call(letters.publish_letter, letter.id, "UCOORD1", now)
    store.call(letters.record_message, letter.id, LETTER_CHANNEL, "1700000000.000100")
    return letter.id, letter.ref


def person(number: int) -> str:
    return f"U{number:06d}"


def by_form(user: str) -> bool:
    return int(user[1:]) % 2 == 0


def sign_requests(
    fake_slack: FakeSlack, letter_id: int, ref: str, people: int
) -> list[tuple[str, tuple[str, dict[str, str]]]]:
    """(person, request): half by the Sign on form, half by `/roundtable sign`, each person once."""
    requests = []
    for number in range(people):
        user = person(number)
        if by_form(user):
            values = signed.plain_text_values(
                {
                    "name": {"value": f"Signer {number}"},
                    "title": {"value": "Director"},
                    "organization": {"value": f"Organization {number}"},
                    "comment": {"value": ""},
                }
            )
            values["capacity"] = {"value": {"selected_option": {"value": "on_behalf"}}}
            request = signed.view_submission(
                SECRET,
                SIGN_VIEW,
                values,
                user_id=user,
                private_metadata=json.dumps({"letter": letter_id}),
            )
        else:
            request = signed.slash_command(
                SECRET,
                f"sign {ref} Organization {number}",
                user_id=user,
                response_url=fake_slack.response_url(f"sign-{user}"),
            )
        requests.append((user, request))
    return requests


@dataclass
class Crowd:
    """What the people sending requests saw: who had their form closed (200, empty body)."""

    answered: int = 0
    forms_closed: set[str] = field(default_factory=set)
    failed: int = 0


async def send_crowd(
    port: int,
    requests: list[tuple[str, tuple[str, dict[str, str]]]],
    in_flight: int,
    process: subprocess.Popen[bytes],
    signum: signal.Signals,
    after: int,
) -> Crowd:
    """Send `requests`, `in_flight` at a time, and send `signum` to `process` once `after` of them
    were answered."""
    crowd = Crowd()
    queue = list(reversed(requests))
    signalled = False

    async def sender(http: aiohttp.ClientSession) -> None:
        nonlocal signalled
        while queue:
            user, (body, headers) = queue.pop()
            try:
                async with http.post(
                    f"http://127.0.0.1:{port}/slack/events", data=body, headers=headers
                ) as response:
                    text = await response.read()
                    if response.status == 200:
                        crowd.answered += 1
                        if by_form(user) and not text.strip():
                            crowd.forms_closed.add(user)
                    else:
                        crowd.failed += 1
            except (aiohttp.ClientError, TimeoutError):
                crowd.failed += 1
            if crowd.answered >= after and not signalled:
                signalled = True
                process.send_signal(signum)

    timeout = aiohttp.ClientTimeout(total=30)
    connector = aiohttp.TCPConnector(limit=in_flight)
    async with aiohttp.ClientSession(connector=connector, timeout=timeout) as http:
        await asyncio.gather(*(sender(http) for _ in range(in_flight)))
    assert signalled, "the signal was never sent"
    return crowd


def stored_signers(store: Store, letter_id: int) -> set[str]:
    with store.session() as session:
        rows = session.execute(
            sa.select(col(Signature.user_id)).where(col(Signature.letter_id) == letter_id)
        ).all()
    return {str(row[0]) for row in rows}


def confirmations(fake_slack: FakeSlack) -> Counter[str]:
    """Sign-on confirmations Slack accepted, per person: a DM after the form, or the command's
    reply at its response_url."""
    counts: Counter[str] = Counter()
    for call in fake_slack.calls:
        if call.faulted:
            continue
        text = str(call.params.get("text", ""))
        if not text.startswith("You signed"):
            continue
        if call.method == "chat.postMessage":
            counts[str(call.params["channel"])] += 1
        elif call.method.startswith("response_url:sign-"):
            counts[call.method.removeprefix("response_url:sign-")] += 1
    return counts


def tried_again(store: Store, fake_slack: FakeSlack, people: set[str]) -> set[str]:
    """Of `people` who signed by command, those whose reply took more than one try: its first
    try's answer never reached the bot (it was killed mid-send, or Slack answered too late)."""
    urls = {fake_slack.response_url(f"sign-{who}"): who for who in people}
    with store.session() as session:
        rows = session.execute(
            sa.select(col(OutboxMessage.response_url)).where(
                col(OutboxMessage.response_url).in_(list(urls)), col(OutboxMessage.attempts) > 1
            )
        ).all()
    return {urls[str(row[0])] for row in rows}


def posts_per_outbox_id(
    fake_slack: FakeSlack, keep: Callable[[dict[str, Any]], bool]
) -> Counter[int]:
    """chat.postMessage calls Slack accepted, per outbox id in their metadata."""
    counts: Counter[int] = Counter()
    for call in fake_slack.calls_to("chat.postMessage"):
        if keep(call.params):
            metadata = call.params.get("metadata") or {}
            counts[int(metadata["event_payload"]["outbox_id"])] += 1
    return counts
