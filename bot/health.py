"""Liveness (`GET /healthz`: the process's loop answers) and readiness (`GET /readyz`: the database
answers, Socket Mode is connected when used, the scheduler runs, the bot is not stopping), each a
JSON object of named checks with their reasons, so that an operator sees *why* it is not ready."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Awaitable, Callable
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from typing import Any

from storage.db import Store

__all__ = ["Check", "DatabaseProbe", "Health"]

# A readiness probe must answer before the orchestrator's own timeout (the compose file's 5 s).
DATABASE_TIMEOUT_SECONDS = 2.0


@dataclass(frozen=True)
class Check:
    ok: bool
    detail: str

    def as_json(self) -> dict[str, Any]:
        return {"ok": self.ok, "detail": self.detail}


CheckFunction = Callable[[], Awaitable[Check]]


class Health:
    """The named checks of readiness, and whether the bot is stopping (readiness fails at once,
    so that a load balancer sends nothing more while the bot finishes what it has)."""

    def __init__(self) -> None:
        self.stopping = False
        self._checks: dict[str, CheckFunction] = {}

    def add(self, name: str, check: CheckFunction) -> None:
        self._checks[name] = check

    def liveness(self) -> tuple[bool, dict[str, Any]]:
        # Answering at all is the proof: a blocked or dead loop answers nothing.
        return True, _report({"loop": Check(True, "answering")})

    async def readiness(self) -> tuple[bool, dict[str, Any]]:
        names = list(self._checks)
        results = await asyncio.gather(*(self._checks[name]() for name in names))
        checks = dict(zip(names, results, strict=True))
        checks["shutdown"] = Check(not self.stopping, "stopping" if self.stopping else "running")
        ready = all(check.ok for check in checks.values())
        return ready, _report(checks)


def _report(checks: dict[str, Check]) -> dict[str, Any]:
    return {
        "ok": all(check.ok for check in checks.values()),
        "checks": {name: check.as_json() for name, check in checks.items()},
    }


class DatabaseProbe:
    """`SELECT 1` (and, on SQLite, a file still there and writable) within a short timeout, on a
    thread of its own: a database that hangs never takes the store's worker threads, and a probe
    still waiting is shared by the next readiness request rather than joined by another thread."""

    def __init__(self, store: Store, timeout: float = DATABASE_TIMEOUT_SECONDS) -> None:
        self.store = store
        self.timeout = timeout
        self._executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="readiness")
        self._probe: Future[str | None] | None = None

    async def __call__(self) -> Check:
        if self._probe is None or self._probe.done():
            self._probe = self._executor.submit(self.store.fault)
        started = time.perf_counter()
        try:
            fault = await asyncio.wait_for(
                asyncio.shield(asyncio.wrap_future(self._probe)), self.timeout
            )
        except TimeoutError:
            return Check(False, f"database did not answer within {self.timeout:g} s")
        if fault is not None:
            return Check(False, f"database {fault}")
        return Check(True, f"answered in {(time.perf_counter() - started) * 1000:.0f} ms")

    def close(self) -> None:
        self._executor.shutdown(wait=False, cancel_futures=True)
