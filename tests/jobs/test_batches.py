"""Group commit (jobs/batches.py): what arrives while a batch is written is written together next,
and each caller returns only once its own item is written."""

from __future__ import annotations

import asyncio

import pytest

from jobs.batches import GroupCommit


class Writer:
    def __init__(self) -> None:
        self.batches: list[list[int]] = []
        self.release = asyncio.Event()
        self.fail_next = False

    async def __call__(self, items: list[int]) -> None:
        await self.release.wait()
        if self.fail_next:
            self.fail_next = False
            raise RuntimeError("the database is gone")
        self.batches.append(items)


async def test_items_arriving_during_a_write_are_written_together_and_each_waits_for_its_own() -> (
    None
):
    writer = Writer()
    group: GroupCommit[int] = GroupCommit(writer)
    first = asyncio.create_task(group.add(1))
    await asyncio.sleep(0)  # the first write starts with item 1 alone
    later = [asyncio.create_task(group.add(n)) for n in (2, 3, 4)]
    await asyncio.sleep(0)
    assert not any(task.done() for task in [first, *later])  # nothing written yet
    writer.release.set()
    await asyncio.gather(first, *later)
    assert writer.batches == [[1], [2, 3, 4]]
    await group.written()


async def test_a_failed_write_fails_its_own_callers_and_the_next_batch_is_still_written() -> None:
    writer = Writer()
    writer.fail_next = True
    group: GroupCommit[int] = GroupCommit(writer)
    failing = asyncio.create_task(group.add(1))
    await asyncio.sleep(0)
    after = asyncio.create_task(group.add(2))
    writer.release.set()
    with pytest.raises(RuntimeError, match="database is gone"):
        await failing
    await after
    assert writer.batches == [[2]]


async def test_a_caller_cancelled_while_waiting_still_has_its_item_written() -> None:
    writer = Writer()
    group: GroupCommit[int] = GroupCommit(writer)
    cancelled = asyncio.create_task(group.add(1))
    await asyncio.sleep(0)
    cancelled.cancel()
    await asyncio.sleep(0)
    writer.release.set()
    await group.written()
    assert cancelled.cancelled()
    assert writer.batches == [[1]]
