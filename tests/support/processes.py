"""Starting the bot as a real process: an environment free of the developer's own settings, a
free port, and a served bot that is healthy before a test talks to it."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

OUR_VARIABLES = ("SLACK_", "ROUNDTABLE_", "DATABASE_URL", "PORT")


def bot_environment(**values: str) -> dict[str, str]:
    """The current environment without any Roundtable or Slack setting, plus `values`."""
    base = {key: value for key, value in os.environ.items() if not key.startswith(OUR_VARIABLES)}
    return {**base, **values}


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@dataclass
class ServedBot:
    process: subprocess.Popen[bytes]
    port: int
    log_path: Path

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"


@contextmanager
def serving(env: dict[str, str], folder: Path, name: str = "bot") -> Iterator[ServedBot]:
    """`roundtable-bot serve` in `folder` with `env` (plus a free PORT), healthy on /healthz.
    Its log is kept in `folder/NAME.log` and shown if it dies at start; a process still running
    at the end is stopped."""
    port = free_port()
    log_path = folder / f"{name}.log"
    with log_path.open("w") as log:
        process = subprocess.Popen(
            [sys.executable, "-m", "bot", "serve"],
            cwd=folder,
            env={**env, "PORT": str(port)},
            stderr=log,
        )
        try:
            deadline = time.monotonic() + 60
            while True:
                assert process.poll() is None, log_path.read_text()
                try:
                    urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=1).close()
                    break
                except OSError:
                    assert time.monotonic() < deadline, "the bot never became healthy"
                    time.sleep(0.1)
            yield ServedBot(process, port, log_path)
        finally:
            if process.poll() is None:
                process.terminate()
            process.wait(timeout=30)


@contextmanager
def served_bot(env: dict[str, str], folder: Path, name: str = "bot") -> Iterator[int]:
    """`serving`, yielding only the port."""
    with serving(env, folder, name) as served:
        yield served.port


def run_cli(
    *args: str, cwd: Path, stdin: str = "", env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "bot", *args],
        input=stdin,
        capture_output=True,
        text=True,
        cwd=cwd,
        env=bot_environment(**(env or {})),
        timeout=60,
        check=False,
    )
