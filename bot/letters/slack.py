"""What letters do in Slack beyond a reply: post a letter, keep its count current, announce
changes in its thread, DM signers and export files. One `LetterSlack` per process, on `Services`;
without Slack (the console) there is none and these steps are skipped.

The count on a letter's post is refreshed through `refresh`, which coalesces: however many people
sign at once, each letter's post is updated at most once per `UPDATE_INTERVAL` (chat.update is a
Tier 3 method, about 50 calls a minute), and always once more after the last signature.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from datetime import datetime
from typing import Any

from slack_sdk.errors import SlackApiError
from slack_sdk.web.async_client import AsyncWebClient

from bot.kit.replies import Reply
from bot.letters.views import count_text, headline, letter_post, sign_button_blocks
from storage import letters
from storage.db import Store
from storage.models import Letter

log = logging.getLogger(__name__)

UPDATE_INTERVAL = 1.0
DM_CONCURRENCY = 8


class LetterSlack:
    def __init__(self, store: Store, client: AsyncWebClient, clock: Callable[[], datetime]) -> None:
        self.store = store
        self.client = client
        self.clock = clock
        self._dirty: set[int] = set()
        self._refreshing: dict[int, asyncio.Task[None]] = {}
        # DMs (confirmations, reminders) go out a few at a time: a thousand people signing at
        # once must not open a thousand connections to Slack, whose limits count per workspace.
        self._sending = asyncio.Semaphore(DM_CONCURRENCY)

    # --- the letter's post ----------------------------------------------------------------

    async def _post_content(self, letter_id: int) -> tuple[Letter, str, list[dict[str, Any]]]:
        letter = await self.store.run(letters.find_letter, letter_id)
        count = await self.store.run(letters.signature_count, letter_id)
        text, blocks = letter_post(letter, count, self.clock())
        return letter, text, blocks

    async def post_letter(self, letter_id: int) -> Letter:
        letter, text, blocks = await self._post_content(letter_id)
        assert letter.channel_id is not None
        posted = await self.client.chat_postMessage(
            channel=letter.channel_id, text=text, blocks=blocks, unfurl_links=False
        )
        await self.store.run(
            letters.record_message, letter_id, str(posted["channel"]), str(posted["ts"])
        )
        return await self.store.run(letters.find_letter, letter_id)

    def refresh(self, letter_id: int) -> None:
        """Ask for the letter's post to show its current count and state, soon."""
        self._dirty.add(letter_id)
        if letter_id not in self._refreshing:
            self._refreshing[letter_id] = asyncio.create_task(self._refresher(letter_id))

    async def _refresher(self, letter_id: int) -> None:
        try:
            while letter_id in self._dirty:
                self._dirty.discard(letter_id)
                try:
                    await self._update_post(letter_id)
                except Exception:
                    log.exception("updating a letter's post failed", extra={"letter": letter_id})
                await asyncio.sleep(UPDATE_INTERVAL)
        finally:
            # No await between the loop's last test and here: a refresh asked for meanwhile
            # would have kept the loop going.
            self._refreshing.pop(letter_id, None)

    async def _update_post(self, letter_id: int) -> None:
        letter, text, blocks = await self._post_content(letter_id)
        if letter.channel_id and letter.message_ts:
            await self.client.chat_update(
                channel=letter.channel_id, ts=letter.message_ts, text=text, blocks=blocks
            )

    async def settled(self) -> None:
        """Wait for pending refreshes (tests, and a clean shutdown)."""
        while self._refreshing:
            await asyncio.gather(*self._refreshing.values(), return_exceptions=True)

    async def announce(self, letter: Letter, text: str) -> None:
        """A change to the letter, told in its thread."""
        if letter.channel_id and letter.message_ts:
            await self.client.chat_postMessage(
                channel=letter.channel_id, thread_ts=letter.message_ts, text=text
            )

    # --- the channel and direct messages --------------------------------------------------

    async def channel_members(self, channel_id: str) -> set[str]:
        members: set[str] = set()
        cursor: str | None = None
        while True:
            page = await self.client.conversations_members(channel=channel_id, cursor=cursor)
            members.update(page.get("members") or [])
            cursor = (page.get("response_metadata") or {}).get("next_cursor") or None
            if cursor is None:
                return members

    async def bot_user_id(self) -> str:
        return str((await self.client.auth_test())["user_id"])

    async def dm(self, user_id: str, reply: Reply) -> None:
        async with self._sending:
            await self.client.chat_postMessage(
                channel=user_id, text=reply.text, blocks=reply.blocks or None
            )

    async def ask_to_reconfirm(self, letter: Letter, user_ids: list[str]) -> None:
        text = (
            f"The text of {headline(letter)} changed (now version {letter.version}) after you"
            " signed it. Please read it again and confirm your signature, or withdraw it with"
            f" `/roundtable unsign {letter.ref}`."
        )
        for user_id in user_ids:
            try:
                await self.dm(user_id, Reply(text, sign_button_blocks(text, letter, "Confirm")))
            except SlackApiError:
                log.warning("a re-confirmation DM failed")

    async def send_export(self, user_id: str, letter: Letter) -> int:
        """The CSV and the letter with its signatories, uploaded to the coordinator's DM."""
        assert letter.id is not None
        signatures = await self.store.run(letters.active_signatures, letter.id)
        opened = await self.client.conversations_open(users=user_id)
        await self.client.files_upload_v2(
            channel=str(opened["channel"]["id"]),
            initial_comment=f"{letter.ref}: {count_text(len(signatures))}.",
            file_uploads=[
                {
                    "content": letters.export_csv(signatures),
                    "filename": f"{letter.ref}-signatures.csv",
                    "title": f"{letter.ref} signatures",
                },
                {
                    "content": letters.export_text(letter, signatures),
                    "filename": f"{letter.ref}-letter.md",
                    "title": f"{letter.ref} letter with signatories",
                },
            ],
        )
        return len(signatures)
