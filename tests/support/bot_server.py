"""The real bot, served over real HTTP on loopback, talking to the fake Slack Web API."""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import aiohttp
from aiohttp import web

from bot.app import delivering, renderers
from bot.features import build_command_table
from bot.health import DatabaseProbe, Health
from bot.kit.commands import CommandTable
from bot.services import Services
from bot.settings import Settings
from bot.slack.app import build_app, sender_client, slack_client
from bot.slack.server import EVENTS_PATH, Edge, http_app
from jobs.outbox import OutboxSender
from storage import outbox
from storage.db import Store
from tests.support import signed
from tests.support.fake_slack import Call, FakeSlack

SIGNING_SECRET = "test-signing-secret"
COORDINATOR = "UCOORD1"


def bot_settings(fake_slack: FakeSlack, database_url: str, **overrides: Any) -> Settings:
    values: dict[str, Any] = {
        "SLACK_BOT_TOKEN": "xoxb-test-token",
        "SLACK_SIGNING_SECRET": SIGNING_SECRET,
        "SLACK_API_URL": fake_slack.base_url,
        "DATABASE_URL": database_url,
        "ROUNDTABLE_COORDINATORS": COORDINATOR,
        **overrides,
    }
    # _env_file=None: the tests never read a developer's own .env.
    return Settings(_env_file=None, **values)


@dataclass
class Answer:
    status: int
    body: str
    seconds: float


@dataclass
class RunningBot:
    services: Services
    table: CommandTable
    url: str
    http: aiohttp.ClientSession
    health: Health
    edge: Edge

    async def post(self, signed: tuple[str, dict[str, str]]) -> Answer:
        body, headers = signed
        started = time.perf_counter()
        async with self.http.post(self.url + EVENTS_PATH, data=body, headers=headers) as response:
            text = await response.text()
        return Answer(response.status, text, time.perf_counter() - started)

    async def slash(self, fake: FakeSlack, text: str, user: str, name: str | None = None) -> Call:
        """`/roundtable TEXT` as USER: acknowledged within Slack's 3 seconds, then the reply the
        bot sent to the command's response_url."""
        name = name or f"r{len(fake.calls)}-{user}"
        answer = await self.post(
            signed.slash_command(
                SIGNING_SECRET, text, user_id=user, response_url=fake.response_url(name)
            )
        )
        assert answer.status == 200
        assert answer.seconds < 3.0
        (reply,) = await fake.wait_for_async(f"response_url:{name}")
        return reply

    async def deliver(self, at: datetime | None = None) -> int:
        """Send what the outbox holds now, as the bot's sender would; `at` for messages written
        by a replica whose clock a test has moved ahead."""
        assert self.services.slack is not None
        assert self.services.slack.session is not None
        client = sender_client(self.services.settings, self.services.slack.session)
        clock = (lambda: at) if at is not None else self.services.clock
        sender = OutboxSender(
            self.services.store, client, clock, renderers=renderers(self.services)
        )
        return await sender.deliver_due()

    async def settled(self) -> None:
        """Wait (5 s at most) until the outbox has sent everything it holds: the bot's sender
        runs meanwhile."""
        # Polling: the rows are written by another task (or process) through the database.
        async with asyncio.timeout(5):
            while (await self.services.store.run(outbox.depth, self.services.clock()))[0]:  # noqa: ASYNC110
                await asyncio.sleep(0.02)

    async def listened(self) -> None:
        """Wait (5 s at most) until every listener has finished, those that work on after their
        acknowledgement included."""
        assert await self.edge.settled(5.0), "a listener was still working after 5 s"

    async def get(self, path: str) -> Answer:
        started = time.perf_counter()
        async with self.http.get(self.url + path) as response:
            text = await response.text()
        return Answer(response.status, text, time.perf_counter() - started)


@asynccontextmanager
async def running_bot(settings: Settings, store: Store) -> AsyncIterator[RunningBot]:
    async with slack_client(settings) as client:
        services = Services(settings, store, slack=client)
        table = build_command_table()
        health = Health()
        database = DatabaseProbe(store)
        health.add("database", database)
        edge = Edge(services.later)
        web_app = http_app(
            build_app(services, table),
            signing_secret=SIGNING_SECRET,
            edge=edge,
            health=health,
            metrics=services.metrics,
            services=services,
        )
        runner = web.AppRunner(web_app, access_log=None)
        await runner.setup()
        site = web.TCPSite(runner, "127.0.0.1", 0)
        await site.start()
        port = site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]
        try:
            async with delivering(services, grace=1.0), aiohttp.ClientSession() as http:
                yield RunningBot(services, table, f"http://127.0.0.1:{port}", http, health, edge)
        finally:
            await runner.cleanup()
            database.close()
