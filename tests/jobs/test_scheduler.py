"""The scheduler runs each periodic job on the bot's own loop, however the job is written."""

from __future__ import annotations

import asyncio

from jobs.scheduler import PeriodicJob, build_scheduler


async def test_periodic_jobs_run_on_the_loop_even_when_given_as_lambdas() -> None:
    ran: list[str] = []

    async def sweep(name: str) -> None:
        ran.append(name)

    scheduler = build_scheduler(
        [
            PeriodicJob("one-sweep", 0.05, lambda: sweep("lambda")),
            PeriodicJob("another-sweep", 0.05, lambda: sweep("other")),
        ]
    )
    scheduler.start()
    try:
        for _ in range(100):
            if {"lambda", "other"} <= set(ran):
                break
            await asyncio.sleep(0.02)
    finally:
        scheduler.shutdown()
    assert {"lambda", "other"} <= set(ran)
