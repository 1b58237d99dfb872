"""Socket Mode: with SLACK_APP_TOKEN set, `roundtable-bot serve` opens a WebSocket to Slack and
answers what arrives on it with the same listeners as HTTP mode."""

from __future__ import annotations

import asyncio
import json
import signal
import sys
import urllib.error
import urllib.request
from pathlib import Path
from typing import Any

import aiohttp
import pytest
from aiohttp import WSMsgType, web

from tests.support.fake_slack import FakeSlack
from tests.support.processes import bot_environment, free_port, serving


async def test_a_slash_command_over_the_socket_is_acknowledged_and_answered(
    fake_slack: FakeSlack, tmp_path: Path
) -> None:
    acks: asyncio.Queue[dict[str, Any]] = asyncio.Queue()
    envelope = {
        "envelope_id": "env-1",
        "type": "slash_commands",
        "accepts_response_payload": True,
        "payload": {
            "command": "/roundtable",
            "text": "history",
            "user_id": "U111",
            "channel_id": "C111",
            "team_id": "T0001",
            "response_url": fake_slack.response_url("socket"),
            "trigger_id": "trig",
        },
    }

    async def socket(request: web.Request) -> web.WebSocketResponse:
        # Plays Slack's side: hello, one command, then collects what the bot sends back.
        ws = web.WebSocketResponse()
        await ws.prepare(request)
        await ws.send_str(json.dumps({"type": "hello", "num_connections": 1}))
        await ws.send_str(json.dumps(envelope))
        async for message in ws:
            if message.type == WSMsgType.TEXT:
                await acks.put(json.loads(message.data))
        return ws

    server = web.Application()
    server.add_routes([web.get("/link", socket)])
    runner = web.AppRunner(server)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    port = site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]
    fake_slack.socket_mode_url = f"ws://127.0.0.1:{port}/link"

    port = free_port()
    env = bot_environment(
        SLACK_BOT_TOKEN="xoxb-socket-test",
        SLACK_APP_TOKEN="xapp-socket-test",
        SLACK_API_URL=fake_slack.base_url,
        DATABASE_URL=f"sqlite:///{tmp_path / 'socket.db'}",
        PORT=str(port),
    )
    bot = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "bot", "serve", cwd=tmp_path, env=env
    )
    try:
        ack = await asyncio.wait_for(acks.get(), timeout=30)
        assert ack["envelope_id"] == "env-1"
        (reply,) = await fake_slack.wait_for_async("response_url:socket", timeout=10)
        assert "19 November 2014" in reply.params["text"]
        async with (
            aiohttp.ClientSession() as http,
            http.get(f"http://127.0.0.1:{port}/readyz") as ready,
        ):
            assert ready.status == 200
            checks = (await ready.json())["checks"]
        assert checks["socket_mode"] == {"ok": True, "detail": "connected"}
    finally:
        bot.terminate()
        await asyncio.wait_for(bot.wait(), timeout=10)
        await runner.cleanup()


def test_a_socket_that_cannot_connect_is_not_ready_and_the_bot_still_stops(
    fake_slack: FakeSlack, tmp_path: Path
) -> None:
    # apps.connections.open fails (the fake has no socket to hand out): Slack out of reach.
    env = bot_environment(
        SLACK_BOT_TOKEN="xoxb-socket-test",
        SLACK_APP_TOKEN="xapp-socket-test",
        SLACK_API_URL=fake_slack.base_url,
        DATABASE_URL=f"sqlite:///{tmp_path / 'socket.db'}",
    )
    with serving(env, tmp_path) as bot:
        fake_slack.wait_for("apps.connections.open", timeout=10)
        with pytest.raises(urllib.error.HTTPError) as refused:
            urllib.request.urlopen(bot.url + "/readyz", timeout=5).close()
        assert refused.value.code == 503
        checks = json.loads(refused.value.read())["checks"]
        assert checks["socket_mode"] == {"ok": False, "detail": "not connected to Slack"}

        bot.process.send_signal(signal.SIGTERM)
        assert bot.process.wait(timeout=10) == 0

    log = bot.log_path.read_text()
    assert "Failed to connect" in log
    assert "Traceback" not in log
