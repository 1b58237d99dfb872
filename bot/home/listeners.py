"""The App Home tab, drawn afresh each time a person opens it."""

from __future__ import annotations

from typing import Any

from slack_bolt.async_app import AsyncApp
from slack_sdk.web.async_client import AsyncWebClient

from bot.home import views
from bot.kit.commands import CommandTable
from bot.services import Services


def register(app: AsyncApp, services: Services, table: CommandTable) -> None:
    async def app_home_opened(event: dict[str, Any], client: AsyncWebClient) -> None:
        if event.get("tab", "home") == "home":
            # Drawn after the acknowledgement: drawing reads the store and calls Slack.
            services.later.start(publish(event["user"], client), "app home")

    async def publish(user_id: str, client: AsyncWebClient) -> None:
        view = await views.view(services, table, user_id)
        await client.views_publish(user_id=user_id, view=view)

    app.event("app_home_opened")(app_home_opened)
