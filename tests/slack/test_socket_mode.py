"""Socket Mode: with SLACK_APP_TOKEN set, `roundtable-bot serve` opens a WebSocket to Slack and
answers what arrives on it with the same listeners as HTTP mode."""

from __future__ import annotations

import asyncio
import json
import sys
from pathlib import Path
from typing import Any

from aiohttp import WSMsgType, web

from tests.support.fake_slack import FakeSlack
from tests.support.processes import bot_environment, free_port


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

    env = bot_environment(
        SLACK_BOT_TOKEN="xoxb-socket-test",
        SLACK_APP_TOKEN="xapp-socket-test",
        SLACK_API_URL=fake_slack.base_url,
        DATABASE_URL=f"sqlite:///{tmp_path / 'socket.db'}",
        PORT=str(free_port()),
    )
    bot = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "bot", "serve", cwd=tmp_path, env=env
    )
    try:
        ack = await asyncio.wait_for(acks.get(), timeout=30)
        assert ack["envelope_id"] == "env-1"
        (reply,) = await fake_slack.wait_for_async("response_url:socket", timeout=10)
        assert "19 November 2014" in reply.params["text"]
    finally:
        bot.terminate()
        await asyncio.wait_for(bot.wait(), timeout=10)
        await runner.cleanup()
