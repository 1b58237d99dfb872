"""What the benchmarks share: processes on loopback (the fake Slack API, the bot) and latency
figures."""

from __future__ import annotations

import os
import socket
import statistics
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SIGNING_SECRET = "bench-signing-secret"
BOT_TOKEN = "xoxb-bench-token"

_FAKE_SLACK = (
    "import sys, time\n"
    "from tests.support.fake_slack import FakeSlack\n"
    "fake = FakeSlack().start()\n"
    "print(fake.root_url, flush=True)\n"
    "sys.stdin.read()\n"  # lives until the benchmark closes our stdin
)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@contextmanager
def fake_slack_process() -> Iterator[str]:
    """The fake Slack Web API in a process of its own, so it does not share our CPU time."""
    process = subprocess.Popen(
        [sys.executable, "-c", _FAKE_SLACK],
        cwd=ROOT,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    assert process.stdout is not None
    root_url = process.stdout.readline().strip()
    try:
        yield root_url
    finally:
        assert process.stdin is not None
        process.stdin.close()
        process.wait(timeout=10)


def wait_healthy(port: int, process: subprocess.Popen[bytes], timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"process exited with {process.returncode}")
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=1):
                return
        except OSError:
            time.sleep(0.1)
    raise TimeoutError(f"nothing healthy on port {port}")


@contextmanager
def server_process(
    args: Sequence[str], port: int, env: dict[str, str]
) -> Iterator[subprocess.Popen[bytes]]:
    process = subprocess.Popen(
        list(args),
        cwd=ROOT,
        env={**os.environ, **env, "PORT": str(port)},
        stdout=subprocess.DEVNULL,
    )
    try:
        wait_healthy(port, process)
        yield process
    finally:
        process.terminate()
        process.wait(timeout=10)


def bot_env(slack_root_url: str, database_url: str) -> dict[str, str]:
    return {
        "SLACK_BOT_TOKEN": BOT_TOKEN,
        "SLACK_SIGNING_SECRET": SIGNING_SECRET,
        "SLACK_API_URL": f"{slack_root_url}/api/",
        "DATABASE_URL": database_url,
    }


def percentile(values: Sequence[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def describe(name: str, seconds: Sequence[float], wall: float) -> str:
    return (
        f"{name:<14} n={len(seconds):<5} p50={percentile(seconds, 0.5) * 1000:7.2f} ms"
        f"  p99={percentile(seconds, 0.99) * 1000:7.2f} ms"
        f"  mean={statistics.fmean(seconds) * 1000:7.2f} ms  {len(seconds) / wall:8.1f} req/s"
    )
