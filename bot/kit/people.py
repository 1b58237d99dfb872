"""People as the bot shows them: their Slack profile (name, title, time zone) read through
users.info and remembered in the store, so that every feature shows times in the reader's own zone
and prefills what it can. One `People` per process, on `Services`; in the console (no Slack) it
knows only what the store remembers."""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import datetime
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from slack_sdk.web.async_client import AsyncWebClient

from jobs.ports import SLACK_ERRORS
from storage import people
from storage.db import Store
from storage.models import Person

log = logging.getLogger(__name__)

__all__ = ["SLACK_ERRORS", "People"]


def _known_zone(name: object) -> str | None:
    try:
        return str(ZoneInfo(str(name))) if name else None
    except (ZoneInfoNotFoundError, ValueError):
        return None


class People:
    def __init__(
        self,
        store: Store,
        client: AsyncWebClient | None,
        clock: Callable[[], datetime],
        default_zone: str,
    ) -> None:
        self.store = store
        self.client = client
        self.clock = clock
        self.default_zone = default_zone

    async def profile(self, user_id: str) -> Person | None:
        """The person's Slack profile, read now and remembered with what they told us (their
        organization); what we remembered before when Slack does not answer."""
        if self.client is not None:
            await self._read_profile(user_id)
        return await self.store.run(people.person, user_id)

    async def _read_profile(self, user_id: str) -> None:
        assert self.client is not None
        try:
            answer = await self.client.users_info(user=user_id)
        except SLACK_ERRORS as error:
            # The error's name only: the person's id and profile stay out of the logs.
            log.warning("users.info failed (%s); using what we remembered", type(error).__name__)
            return
        user = answer.get("user") or {}
        profile = user.get("profile") or {}
        name = profile.get("real_name") or user.get("real_name") or profile.get("display_name")
        now = self.clock()
        await self.store.run(
            people.remember_person,
            user_id,
            now,
            name=str(name)[:200] if name else None,
            title=str(profile["title"])[:200] if profile.get("title") else None,
            tz=_known_zone(user.get("tz")),
            profile_read_at=now,
        )

    async def zone_of(self, user_id: str) -> str:
        """The person's own time zone as Slack last told us (asked again once a day), else the
        coalition's."""
        known = await self.store.run(people.person, user_id)
        read_at = known.profile_read_at if known else None
        if self.client is not None and (
            read_at is None or self.clock() - read_at >= people.PROFILE_FRESH_FOR
        ):
            known = await self.profile(user_id)
        return known.tz if known and known.tz else self.default_zone
