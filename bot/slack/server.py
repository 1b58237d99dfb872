"""Serving Slack: Socket Mode when an app token is set, otherwise HTTP (Bolt's `POST /slack/events`
for commands, events and interactivity). Either way `GET /healthz` answers on PORT, for the
container's health check."""

from __future__ import annotations

import asyncio
import logging

from aiohttp import web
from slack_bolt.adapter.aiohttp import to_aiohttp_response, to_bolt_request
from slack_bolt.adapter.socket_mode.async_handler import AsyncSocketModeHandler
from slack_bolt.async_app import AsyncApp

log = logging.getLogger(__name__)

EVENTS_PATH = "/slack/events"


def http_app(app: AsyncApp, *, with_events: bool = True) -> web.Application:
    async def slack_events(request: web.Request) -> web.Response:
        return await to_aiohttp_response(await app.async_dispatch(await to_bolt_request(request)))

    async def healthz(_request: web.Request) -> web.Response:
        return web.json_response({"ok": True})

    web_app = web.Application(client_max_size=1024 * 1024)
    web_app.add_routes([web.get("/healthz", healthz)])
    if with_events:
        web_app.add_routes([web.post(EVENTS_PATH, slack_events)])
    return web_app


async def serve(app: AsyncApp, *, port: int, app_token: str | None, host: str = "0.0.0.0") -> None:  # noqa: S104
    """Serve until cancelled."""
    runner = web.AppRunner(http_app(app, with_events=app_token is None), access_log=None)
    await runner.setup()
    await web.TCPSite(runner, host, port).start()
    try:
        if app_token is not None:
            log.info("connecting to Slack in Socket Mode; health check on port %d", port)
            handler = AsyncSocketModeHandler(app, app_token)
            await handler.connect_async()  # type: ignore[no-untyped-call]
            try:
                await asyncio.Event().wait()
            finally:
                await handler.close_async()  # type: ignore[no-untyped-call]
        else:
            log.info("serving Slack over HTTP on port %d", port)
            await asyncio.Event().wait()
    finally:
        await runner.cleanup()
