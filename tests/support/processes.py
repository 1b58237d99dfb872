"""Starting the bot as a real process: an environment free of the developer's own settings, a
free port, and a served bot that is healthy before a test talks to it."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import threading
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


class ConsoleProcess:
    """`roundtable-bot console` as a real process, fed line by line the way a person types: each
    line waits for what the one before should show (`wait_for`), so the test reads like the
    transcript of a session."""

    def __init__(self, *args: str, cwd: Path, env: dict[str, str]) -> None:
        self.process = subprocess.Popen(
            [sys.executable, "-m", "bot", "console", *args],
            cwd=cwd,
            env=bot_environment(**env),
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            bufsize=1,
        )
        self._output: list[str] = []
        self._seen = 0
        self._lock = threading.Lock()
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()

    def _read(self) -> None:
        assert self.process.stdout is not None
        for line in self.process.stdout:
            with self._lock:
                self._output.append(line)

    @property
    def output(self) -> str:
        with self._lock:
            return "".join(self._output)

    def send(self, *lines: str) -> None:
        assert self.process.stdin is not None
        for line in lines:
            self.process.stdin.write(line + "\n")
        self.process.stdin.flush()

    def wait_for(self, text: str, timeout: float = 30) -> str:
        """The output since the last wait, once it holds `text`."""
        deadline = time.monotonic() + timeout
        while True:
            output = self.output
            found = output.find(text, self._seen)
            if found >= 0:
                shown = output[self._seen :]
                self._seen = found + len(text)
                return shown
            if self.process.poll() is not None or time.monotonic() > deadline:
                self.process.kill()
                _, errors = self.process.communicate(timeout=10)
                raise AssertionError(
                    f"the console never showed {text!r}; it showed:\n{output[self._seen :]}"
                    f"\nstderr:\n{errors}"
                )
            time.sleep(0.05)

    def wait_for_each(self, *texts: str, timeout: float = 30) -> str:
        """The output since the last wait, once it holds each of `texts`, in whatever order
        they come: messages to different conversations leave the outbox side by side."""
        deadline = time.monotonic() + timeout
        start, ends = self._seen, []
        for text in texts:
            self._seen = start
            self.wait_for(text, max(0.1, deadline - time.monotonic()))
            ends.append(self._seen)
        self._seen = max(ends)
        return self.output[start:]

    def close(self) -> tuple[int, str]:
        """End the input, as Ctrl-D does; the exit code and what went to stderr."""
        assert self.process.stdin is not None
        assert self.process.stderr is not None
        self.process.stdin.close()
        code = self.process.wait(timeout=30)
        self._reader.join(timeout=5)
        return code, self.process.stderr.read()
