"""Every event is handled once: Slack retries an event it thinks we missed, and a second replica may
receive the same event, so the database remembers each event id before any listener runs."""

from __future__ import annotations

from typing import Any

from slack_bolt.async_app import AsyncApp, AsyncBoltRequest
from slack_bolt.response import BoltResponse

from bot.services import Services
from storage.slack_events import first_sighting


def register(app: AsyncApp, services: Services) -> None:
    async def skip_seen_events(
        req: AsyncBoltRequest, resp: BoltResponse, next: Any
    ) -> BoltResponse | None:
        # Slack retries an event it thinks we missed, and in a second replica the same event may
        # arrive twice: the database remembers each event id, so each is handled once.
        event_id = req.body.get("event_id") if isinstance(req.body, dict) else None
        if event_id and not await services.store.run(
            first_sighting, str(event_id), services.clock()
        ):
            return BoltResponse(status=200, body="")
        await next()
        return None

    app.middleware(skip_seen_events)
