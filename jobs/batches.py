"""Group commit: what many tasks each want written is written together, in one transaction, while
each of them still returns only once its own item is stored. Items that arrive while a batch is
being written wait for the next, so a lone item is written at once and a burst in a few batches."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from typing import Generic, TypeVar

T = TypeVar("T")


class GroupCommit(Generic[T]):
    def __init__(self, write: Callable[[list[T]], Awaitable[object]]) -> None:
        self._write = write
        self._waiting: list[tuple[T, asyncio.Future[None]]] = []
        self._writing: asyncio.Task[None] | None = None

    async def add(self, item: T) -> None:
        """Return once `item` is written, or raise what writing its batch raised. A caller
        cancelled meanwhile leaves its item to be written all the same."""
        future: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        self._waiting.append((item, future))
        if self._writing is None or self._writing.done():
            self._writing = asyncio.create_task(self._write_all())
        await future

    async def written(self) -> None:
        """Wait until nothing is being written or waits to be."""
        while self._writing is not None and not self._writing.done():
            await asyncio.wait([self._writing])

    async def _write_all(self) -> None:
        while self._waiting:
            batch, self._waiting = self._waiting, []
            try:
                await self._write([item for item, _ in batch])
            except Exception as error:
                for _, future in batch:
                    if not future.done():
                        future.set_exception(error)
            except BaseException:  # cancelled (the loop is closing): nothing more is written
                for _, future in [*batch, *self._waiting]:
                    future.cancel()
                self._waiting = []
                raise
            else:
                for _, future in batch:
                    if not future.done():
                        future.set_result(None)
