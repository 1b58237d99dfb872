"""The scheduler runs each periodic job on the bot's own loop, however the job is written."""

from __future__ import annotations

import asyncio
import logging

import pytest

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


async def test_a_sweep_slower_than_its_interval_is_not_a_warning_each_time(
    caplog: pytest.LogCaptureFixture,
) -> None:
    caplog.set_level(logging.DEBUG)
    finished = asyncio.Event()
    runs = 0

    async def slow_sweep() -> None:
        nonlocal runs
        runs += 1
        await asyncio.sleep(0.5)  # ten of its intervals
        finished.set()

    scheduler = build_scheduler([PeriodicJob("slow-sweep", 0.05, slow_sweep)])
    scheduler.start()
    try:
        await asyncio.wait_for(finished.wait(), 5)
        await asyncio.sleep(0.1)
    finally:
        scheduler.shutdown()

    assert runs <= 2
    assert [r for r in caplog.records if r.levelno >= logging.WARNING] == []
