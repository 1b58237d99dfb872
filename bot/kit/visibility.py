"""What a reader may see, learnt from Slack: which channels are private (conversations.info) and who
is in them (conversations.members), each remembered for a minute. The store applies the rule
(`storage.visibility`); this module gives it the `Viewer` for a person, or for everyone in a
channel an answer is posted in. Without Slack (the offline console) the reader sees everything:
whoever runs the console has the database itself."""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from datetime import datetime

from slack_sdk.web.async_client import AsyncWebClient

from jobs.ports import SLACK_ERRORS
from storage.db import Store
from storage.visibility import Viewer, meeting_channels

log = logging.getLogger(__name__)

__all__ = ["Visibility"]

CACHE_SECONDS = 60.0


class Visibility:
    def __init__(
        self,
        store: Store,
        client: AsyncWebClient | None,
        clock: Callable[[], datetime],
        coordinators: frozenset[str],
        cache_seconds: float = CACHE_SECONDS,
    ) -> None:
        self.store = store
        self.client = client
        self.clock = clock
        self.coordinators = coordinators
        self.cache_seconds = cache_seconds
        self._private: dict[str, tuple[float, bool]] = {}
        self._members: dict[str, tuple[float, frozenset[str]]] = {}

    async def of_person(self, user_id: str) -> Viewer:
        """What `user_id` may see, in a reply only they read (a DM, an ephemeral message)."""
        is_coordinator = user_id in self.coordinators
        if self.client is None:
            return Viewer(user_id, is_coordinator, channels=None)
        seen = set()
        for channel in await self.store.run(meeting_channels, self.clock()):
            if not await self._is_private(channel) or user_id in await self._members_of(channel):
                seen.add(channel)
        return Viewer(user_id, is_coordinator, frozenset(seen))

    async def of_channel(self, channel_id: str) -> Viewer:
        """What everyone in `channel_id` may see, for an answer posted there: the public
        channels' meetings and the channel's own, no draft, nobody's invitations."""
        if self.client is None:
            return Viewer(None, False, channels=None)
        seen = {channel_id}
        for channel in await self.store.run(meeting_channels, self.clock()):
            if not await self._is_private(channel):
                seen.add(channel)
        return Viewer(None, False, frozenset(seen))

    async def of_conversation(self, user_id: str, channel_id: str | None) -> Viewer:
        """For a reply posted in `channel_id`: everyone in it, unless it is a DM with the bot."""
        if channel_id and channel_id.startswith(("C", "G")):
            return await self.of_channel(channel_id)
        return await self.of_person(user_id)

    def forget(self) -> None:
        """Ask Slack again next time (a test changing a channel's members)."""
        self._private.clear()
        self._members.clear()

    async def _is_private(self, channel: str) -> bool:
        assert self.client is not None
        now = time.monotonic()
        cached = self._private.get(channel)
        if cached is not None and cached[0] > now:
            return cached[1]
        try:
            answer = await self.client.conversations_info(channel=channel)
        except SLACK_ERRORS as error:
            # Not knowing is private: a meeting is hidden rather than shown to the wrong people.
            log.warning("conversations.info failed (%s)", type(error).__name__)
            return True
        private = bool((answer.get("channel") or {}).get("is_private", True))
        self._private[channel] = (now + self.cache_seconds, private)
        return private

    async def _members_of(self, channel: str) -> frozenset[str]:
        assert self.client is not None
        now = time.monotonic()
        cached = self._members.get(channel)
        if cached is not None and cached[0] > now:
            return cached[1]
        members: set[str] = set()
        try:
            # slack-sdk follows response_metadata.next_cursor from one page to the next.
            async for page in await self.client.conversations_members(channel=channel):
                members.update(page.get("members") or [])
        except SLACK_ERRORS as error:
            log.warning("conversations.members failed (%s)", type(error).__name__)
            return frozenset()
        known = frozenset(members)
        self._members[channel] = (now + self.cache_seconds, known)
        return known
