"""The APScheduler set-up. Our own tables are the source of truth for what is due; APScheduler only
decides when to look. Its job store lives in memory in each process and is never shared: several
replicas coordinate through the database instead (APScheduler's FAQ: a job store cannot be shared).
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any

from apscheduler.schedulers.asyncio import AsyncIOScheduler
from apscheduler.schedulers.base import STATE_RUNNING

from jobs.throttle import report_failure, report_success

log = logging.getLogger(__name__)


class _OverlapIsExpected(logging.Filter):
    """A sweep still running when its next run falls due (a slow database, a burst of sends) is
    skipped by design (`max_instances=1`): APScheduler would warn of it every half second."""

    def filter(self, record: logging.LogRecord) -> bool:
        return "maximum number of running instances reached" not in record.getMessage()


logging.getLogger("apscheduler.scheduler").addFilter(_OverlapIsExpected())


@dataclass(frozen=True)
class PeriodicJob:
    id: str
    seconds: float
    run: Callable[[], Awaitable[object]]
    # What the job left running in the background (sends it started) is finished or given back
    # by this, within the seconds it is given, when the bot stops.
    stop: Callable[[float], Awaitable[None]] | None = None


class Scheduler:
    """APScheduler with the runs under way tracked, so that stopping lets them finish: APScheduler's
    own shutdown cancels a coroutine job in the middle of its work."""

    def __init__(self, jobs: list[PeriodicJob]) -> None:
        self.jobs = jobs
        self._runs: set[asyncio.Task[Any]] = set()
        self.aps = AsyncIOScheduler(
            job_defaults={
                # The default grace of 1 s silently skips a run after a stall; ours are idempotent
                # sweeps, so a late run is always wanted, and piled-up runs collapse into one.
                "misfire_grace_time": None,
                "coalesce": True,
                "max_instances": 1,
            },
            timezone="UTC",
        )
        for job in jobs:
            self.aps.add_job(
                self._on_the_loop(job),
                "interval",
                seconds=job.seconds,
                id=job.id,
                name=job.id,
                replace_existing=True,
            )

    def start(self) -> None:
        """Start inside the running loop, as AsyncIOScheduler requires."""
        self.aps.start()

    @property
    def running(self) -> bool:
        """Started, and neither paused nor shut down."""
        return bool(self.aps.state == STATE_RUNNING)

    def shutdown(self) -> None:
        """At once, cancelling runs under way (tests; `stop` is the gentle way)."""
        if self.aps.running:
            self.aps.shutdown(wait=False)

    async def stop(self, grace: float) -> None:
        """Start no more runs; let those under way, and the work they started, finish within
        `grace` seconds; then shut down."""
        deadline = time.monotonic() + grace
        if self.aps.running:
            self.aps.pause()
        if self._runs:
            await asyncio.wait(set(self._runs), timeout=grace)
        stops = {job.stop for job in self.jobs if job.stop is not None}
        await asyncio.gather(*(stop(max(0.0, deadline - time.monotonic())) for stop in stops))
        self.shutdown()

    def _on_the_loop(self, job: PeriodicJob) -> Callable[[], Awaitable[None]]:
        """APScheduler awaits a job on the loop only when it is a coroutine function; anything
        else (a lambda that returns a coroutine, say) is called in a thread and its coroutine never
        runs. A failure is reported here, throttled (APScheduler would log a traceback each run)."""

        async def awaited() -> None:
            task = asyncio.current_task()
            assert task is not None
            self._runs.add(task)
            try:
                await job.run()
            except Exception as error:
                report_failure(log, f"job {job.id}", error, {"job": job.id})
            else:
                report_success(log)
            finally:
                self._runs.discard(task)

        return awaited


def build_scheduler(jobs: list[PeriodicJob]) -> Scheduler:
    """A scheduler for the running loop; start it with `.start()` inside that loop."""
    return Scheduler(jobs)
