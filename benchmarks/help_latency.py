"""500 signed `/roundtable help` requests, 16 at a time, to the bot in HTTP mode and to a bare Bolt
app that only acknowledges (the floor): p50/p99 latency, throughput, and the bot's p99 over the
floor's. Goal: within 1.5×.

    .venv/bin/python benchmarks/help_latency.py [--requests 500] [--concurrency 16]
"""

from __future__ import annotations

import argparse
import asyncio
import sys
import tempfile
import time
from pathlib import Path

import aiohttp

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks.support import (
    SIGNING_SECRET,
    bot_env,
    describe,
    fake_slack_process,
    free_port,
    percentile,
    server_process,
)
from tests.support import signed


async def hammer(
    port: int, response_root: str, requests: int, concurrency: int
) -> tuple[list[float], float]:
    latencies: list[float] = []
    queue: asyncio.Queue[int] = asyncio.Queue()
    for number in range(requests):
        queue.put_nowait(number)

    async def worker(http: aiohttp.ClientSession) -> None:
        while not queue.empty():
            number = queue.get_nowait()
            body, headers = signed.slash_command(
                SIGNING_SECRET, "help", response_url=f"{response_root}/response/b{number}"
            )
            started = time.perf_counter()
            async with http.post(
                f"http://127.0.0.1:{port}/slack/events", data=body, headers=headers
            ) as response:
                await response.read()
                if response.status != 200:
                    raise RuntimeError(f"request {number} answered {response.status}")
            latencies.append(time.perf_counter() - started)

    connector = aiohttp.TCPConnector(limit=concurrency)
    async with aiohttp.ClientSession(connector=connector) as http:
        started = time.perf_counter()
        await asyncio.gather(*(worker(http) for _ in range(concurrency)))
        wall = time.perf_counter() - started
    return latencies, wall


def main() -> None:
    options = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    options.add_argument("--requests", type=int, default=500)
    options.add_argument("--concurrency", type=int, default=16)
    options.add_argument("--rounds", type=int, default=3, help="alternating runs of each")
    args = options.parse_args()

    with tempfile.TemporaryDirectory() as folder, fake_slack_process() as slack_root:
        env = bot_env(slack_root, f"sqlite:///{folder}/bench.db")
        bot_port, floor_port = free_port(), free_port()
        python = sys.executable
        print(
            f"{args.requests} signed /roundtable help requests, {args.concurrency} at a time,"
            f" {args.rounds} alternating rounds each"
        )
        with (
            server_process([python, "-m", "bot", "serve"], bot_port, env),
            server_process([python, "benchmarks/floor_app.py"], floor_port, env),
        ):
            servers = {"bot": bot_port, "floor (ack)": floor_port}
            latencies: dict[str, list[float]] = {name: [] for name in servers}
            walls = dict.fromkeys(servers, 0.0)
            for port in servers.values():  # warm-up: auth.test, pools, caches
                asyncio.run(hammer(port, slack_root, 50, args.concurrency))
            # Alternating rounds, so that whatever else the machine does weighs on both alike.
            for _ in range(args.rounds):
                for name, port in servers.items():
                    seconds, wall = asyncio.run(
                        hammer(port, slack_root, args.requests, args.concurrency)
                    )
                    latencies[name] += seconds
                    walls[name] += wall
    for name in servers:
        print(describe(name, latencies[name], walls[name]))
    ratio = percentile(latencies["bot"], 0.99) / percentile(latencies["floor (ack)"], 0.99)
    print(f"p99 bot/floor = {ratio:.2f}x (goal: at most 1.5x)")


if __name__ == "__main__":
    main()
