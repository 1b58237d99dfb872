"""Every event is answered once: Slack retries an event it thinks we missed, and a second replica
may receive the same event, so an event whose answer is already in the outbox goes no further.
One whose answer never got there (storage/slack_events.py) is handled again."""

from __future__ import annotations

from typing import Any

from slack_bolt.async_app import AsyncApp, AsyncBoltRequest
from slack_bolt.response import BoltResponse

from bot.services import Services
from storage.slack_events import answered


def register(app: AsyncApp, services: Services) -> None:
    async def skip_seen_events(
        req: AsyncBoltRequest, resp: BoltResponse, next: Any
    ) -> BoltResponse | None:
        event_id = req.body.get("event_id") if isinstance(req.body, dict) else None
        if event_id and await services.store.run(answered, str(event_id)):
            return BoltResponse(status=200, body="")
        await next()
        return None

    app.middleware(skip_seen_events)
