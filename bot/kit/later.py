"""Work that may outlast Slack's 3 seconds (an answer from a generative reader, a file read into
the library, a slash command that does either) runs after the acknowledgement, in a task counted
until it ends: a stop waits for it (bot/slack/server.py's `Edge`), and the console shows what it
says before the next prompt.

The app answers a request when its listener returns (`process_before_response`, bot/slack/app.py):
a listener that does not hand its work to `Later` must be quick, as a form's submission is (it
commits, then acknowledges). Bolt's own lazy listeners would do this, but they deep-copy the
request, Web API client and its HTTP session included."""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Awaitable, Callable
from typing import Any

log = logging.getLogger("bot.listeners")


class Later:
    def __init__(self) -> None:
        self._tasks: set[asyncio.Task[Any]] = set()
        self._ended: list[Callable[[], None]] = []

    def start(self, work: Awaitable[None], where: str) -> None:
        """Run `work` after the acknowledgement; `where` names the surface in the log if it fails
        (a listener's work reports its own failures to the person: this is the last resort)."""
        task = asyncio.ensure_future(self._run(work, where))
        self._tasks.add(task)
        task.add_done_callback(self._done)

    def on_end(self, ended: Callable[[], None]) -> None:
        """Call `ended` whenever a piece of work ends."""
        self._ended.append(ended)

    @property
    def busy(self) -> bool:
        return any(not task.done() for task in self._tasks)

    async def settled(self, limit: float) -> bool:
        """Wait up to `limit` seconds until no work is under way (work started meanwhile
        included); True if so."""
        deadline = time.monotonic() + limit
        while self.busy and (left := deadline - time.monotonic()) > 0:
            await asyncio.wait(set(self._tasks), timeout=left)
        return not self.busy

    def _done(self, task: asyncio.Task[Any]) -> None:
        self._tasks.discard(task)
        for ended in self._ended:
            ended()

    @staticmethod
    async def _run(work: Awaitable[None], where: str) -> None:
        try:
            await work
        except Exception:
            # `where` names the surface: enough to find the bug, nothing a person typed.
            log.exception("%s failed after its acknowledgement", where, extra={"surface": where})
