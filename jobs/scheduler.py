"""The APScheduler set-up. Our own tables are the source of truth for what is due; APScheduler only
decides when to look. Its job store lives in memory in each process and is never shared: several
replicas coordinate through the database instead (APScheduler's FAQ: a job store cannot be shared).
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass

from apscheduler.schedulers.asyncio import AsyncIOScheduler


@dataclass(frozen=True)
class PeriodicJob:
    id: str
    seconds: float
    run: Callable[[], Awaitable[object]]


def build_scheduler(jobs: list[PeriodicJob]) -> AsyncIOScheduler:
    """A scheduler for the running loop; start it with `.start()` inside that loop."""
    scheduler = AsyncIOScheduler(
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
        scheduler.add_job(
            _on_the_loop(job.run),
            "interval",
            seconds=job.seconds,
            id=job.id,
            name=job.id,
            replace_existing=True,
        )
    return scheduler


def _on_the_loop(run: Callable[[], Awaitable[object]]) -> Callable[[], Awaitable[None]]:
    """APScheduler awaits a job on the loop only when it is a coroutine function; anything else
    (a lambda that returns a coroutine, say) is called in a thread and its coroutine never runs."""

    async def awaited() -> None:
        await run()

    return awaited
