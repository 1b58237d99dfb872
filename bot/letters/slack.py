"""What letters say in Slack beyond a reply: the letter's post and its count, changes told in its
thread, DMs to signers and exports. Everything goes through the outbox: what tells of a change is
drawn here as outbox messages, for the change's own transaction to commit; the post is saved
under a key so that edits and thread replies written before Slack has answered find it once it
has. One `LetterSlack` per process, on `Services`; without Slack (the console) there is none and
these steps are skipped.

The count on a letter's post needs no pacing here: an edit still waiting in the outbox is
overtaken by a later one, so however many people sign at once the post is edited as often as
Slack allows, and always once more after the last signature.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import datetime
from typing import Any

from slack_sdk.web.async_client import AsyncWebClient
from sqlmodel import Session

from bot.kit import say
from bot.kit.replies import Reply
from bot.letters.views import count_text, headline, letter_post, sign_button_blocks
from jobs.ports import Message
from storage import letter_exports, letters, signatures
from storage.db import Store
from storage.models import Letter, OutboxKind
from storage.outbox import Outgoing

Say = Callable[..., Awaitable[None]]
RENDER_KIND = "letter"  # the outbox draws a letter's post and its edits with `render_post`


def post_key(letter_id: int) -> str:
    """The outbox key of a letter's post, which its edits and thread replies refer to."""
    return f"letter:{letter_id}:post"


def _post(letter: Letter) -> tuple[str | None, str | None] | None:
    """Where the letter's post is: its ts once Slack has it, else the key of the outbox message
    that will post it; None for a letter never posted here."""
    if not letter.channel_id or letter.id is None:
        return None
    if letter.message_ts:
        return letter.message_ts, None
    return (None, post_key(letter.id)) if letter.published_at is not None else None


def refreshed(letter: Letter) -> list[Outgoing]:
    """The edit that has the letter's post show its count and state as they are when it is sent
    (the outbox draws it then); none for a letter never posted here."""
    if (post := _post(letter)) is None or letter.id is None:
        return []
    ts, key = post
    return [
        Outgoing(
            OutboxKind.UPDATE,
            channel=letter.channel_id or "",
            ts=ts,
            edit_of=key,
            extra={"render": [RENDER_KIND, letter.id]},
        )
    ]


def announced(letter: Letter, text: str) -> list[Outgoing]:
    """A change to the letter, told in its post's thread; none for a letter never posted here."""
    if (post := _post(letter)) is None:
        return []
    ts, key = post
    return [
        Outgoing(
            OutboxKind.POST, text=text, channel=letter.channel_id or "", thread_ts=ts, thread_of=key
        )
    ]


def reconfirmations(letter: Letter, user_ids: list[str]) -> list[Outgoing]:
    """A DM to each signer of an earlier version of the letter's text, asking them to confirm."""
    text = (
        f"The text of {headline(letter)} changed (now version {letter.version}) after you"
        " signed it. Please read it again and confirm your signature, or withdraw it with"
        f" `/roundtable unsign {letter.ref}`."
    )
    reply = Reply(text, sign_button_blocks(text, letter, "Confirm"))
    key = f"letter:{letter.id}:reconfirm:{letter.version}"
    return [say.dm(user, reply, key=f"{key}:{user}") for user in user_ids]


def first_post(letter: Letter) -> list[Outgoing]:
    """The letter's post in its channel, drawn when it is sent (the count as it is then); the
    outbox keeps its ts on the letter."""
    assert letter.id is not None
    assert letter.channel_id
    return [
        Outgoing(
            OutboxKind.POST,
            channel=letter.channel_id,
            key=post_key(letter.id),
            records=("letter", letter.id),
            extra={"render": [RENDER_KIND, letter.id]},
        )
    ]


class LetterSlack:
    def __init__(
        self, store: Store, client: AsyncWebClient, clock: Callable[[], datetime], say: Say
    ) -> None:
        self.store = store
        self.client = client
        self.clock = clock
        self.say = say

    # --- the letter's post ----------------------------------------------------------------

    async def render_post(self, letter_id: int) -> tuple[str, list[dict[str, Any]]]:
        """The post as it should read now: the outbox draws the post and its edits with this
        when it sends them."""

        def read(session: Session) -> tuple[Letter, int]:
            # The letter and its count from one transaction: one snapshot, one round trip.
            letter = letters.find_letter(session, letter_id)
            return letter, signatures.signature_count(session, letter_id)

        letter, count = await self.store.run(read)
        return letter_post(letter, count, self.clock())

    def told(self, letter: Letter, text: str) -> list[Outgoing]:
        """What tells of a change to the letter: its post redrawn, `text` in its thread."""
        return [*refreshed(letter), *announced(letter, text)]

    # --- the channel and direct messages --------------------------------------------------

    async def channel_members(self, channel_id: str) -> set[str]:
        members: set[str] = set()
        # slack-sdk follows response_metadata.next_cursor from one page to the next.
        async for page in await self.client.conversations_members(channel=channel_id):
            members.update(page.get("members") or [])
        return members

    async def bot_user_id(self) -> str:
        return str((await self.client.auth_test())["user_id"])

    async def dm(self, user_id: str, reply: Message, key: str | None = None) -> None:
        await self.say(say.dm(user_id, Reply(reply.text, reply.blocks), key=key))

    async def send_export(self, user_id: str, letter: Letter) -> int:
        """The CSV and the letter with its signatories, uploaded to the coordinator's DM."""
        assert letter.id is not None
        signed = await self.store.run(signatures.active_signatures, letter.id)
        files = [
            {
                "content": letter_exports.export_csv(signed),
                "filename": f"{letter.ref}-signatures.csv",
                "title": f"{letter.ref} signatures",
            },
            {
                "content": letter_exports.export_text(letter, signed),
                "filename": f"{letter.ref}-letter.md",
                "title": f"{letter.ref} letter with signatories",
            },
        ]
        await self.say(
            Outgoing(
                OutboxKind.UPLOAD,
                text=f"{letter.ref}: {count_text(len(signed))}.",
                channel=user_id,
                extra={"files": files},
            )
        )
        return len(signed)
