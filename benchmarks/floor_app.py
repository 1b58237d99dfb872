"""The floor: a bare Bolt AsyncApp that only acknowledges `/roundtable`, on the same HTTP server
stack as the bot (`bot.slack.server`), so the difference is what the bot itself costs."""

from __future__ import annotations

import asyncio
import os

from slack_bolt.async_app import AsyncAck, AsyncApp
from slack_sdk.web.async_client import AsyncWebClient

from bot.slack.server import serve


async def main() -> None:
    # Popped, so that Bolt does not also pick the token up from the environment (and warn).
    token = os.environ.pop("SLACK_BOT_TOKEN")
    app = AsyncApp(
        client=AsyncWebClient(token=token, base_url=os.environ["SLACK_API_URL"]),
        signing_secret=os.environ["SLACK_SIGNING_SECRET"],
    )

    async def only_ack(ack: AsyncAck) -> None:
        await ack()

    app.command("/roundtable")(only_ack)
    await serve(
        app,
        port=int(os.environ["PORT"]),
        app_token=None,
        signing_secret=os.environ["SLACK_SIGNING_SECRET"],
        host="127.0.0.1",
    )


if __name__ == "__main__":
    asyncio.run(main())
