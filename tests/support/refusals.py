"""An outbox that cannot be written: a trigger in the database refuses every new message, as a full
disk or a lost connection would at the worst moment. With it a test sees, without replacing any of
our code, that a change and what tells of it stand or fall together."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Iterator
from contextlib import contextmanager

import pytest
import sqlalchemy as sa

from bot.kit import say
from storage.db import Store
from tests.support.bot_server import RunningBot

REFUSAL = "the outbox refuses every message"

_UNDO = {
    "sqlite": ("DROP TRIGGER outbox_refused",),
    "postgresql": ("DROP TRIGGER outbox_refused ON outbox", "DROP FUNCTION outbox_refused()"),
}


@contextmanager
def outbox_refused(store: Store, when: str = "TRUE") -> Iterator[None]:
    """While this lasts, no message (or none that the SQL condition `when` on `NEW` holds for)
    can be added to the outbox: the transaction adding one fails."""
    if store.dialect == "sqlite":
        create = [
            # A pooled connection can hold the schema as it was before an earlier refusal was
            # undone on another connection, and SQLite would take the trigger as still there:
            # a read of the schema makes it load the schema afresh.
            "SELECT count(*) FROM sqlite_master",
            f"CREATE TRIGGER outbox_refused BEFORE INSERT ON outbox WHEN {when}"
            f" BEGIN SELECT RAISE(ABORT, '{REFUSAL}'); END",
        ]
    else:
        create = [
            "CREATE FUNCTION outbox_refused() RETURNS trigger LANGUAGE plpgsql"
            f" AS $$ BEGIN RAISE EXCEPTION '{REFUSAL}'; END $$",
            f"CREATE TRIGGER outbox_refused BEFORE INSERT ON outbox FOR EACH ROW WHEN ({when})"
            " EXECUTE FUNCTION outbox_refused()",
        ]
    with store.engine.begin() as connection:
        for statement in create:
            connection.exec_driver_sql(statement)
    try:
        yield
    finally:
        with store.engine.begin() as connection:
            for statement in _UNDO[store.dialect]:
                connection.exec_driver_sql(statement)


async def refused_command(bot: RunningBot, text: str, user: str) -> None:
    """`/roundtable TEXT` as `user`, with the Slack transport's way of replying, while the outbox
    refuses: the command fails (what it changes is then for the test to look at)."""
    with outbox_refused(bot.services.store), pytest.raises(sa.exc.DBAPIError, match=REFUSAL):
        await bot.table.dispatch(
            bot.services,
            user,
            text,
            reply_to=lambda reply: say.respond("https://hooks.invalid/refused", reply),
        )


async def failure_logged(caplog: pytest.LogCaptureFixture) -> None:
    """Wait (5 s at most) until a listener that runs after its acknowledgement has failed on the
    refusal, as its error log says: by then its transaction is over."""

    def failed() -> bool:
        return any(
            record.levelno >= logging.ERROR
            and record.exc_info is not None
            and REFUSAL in str(record.exc_info[1])
            for record in caplog.records
        )

    # Polling: the listener runs in a task of Bolt's, and says nothing but its log.
    async with asyncio.timeout(5):
        while not failed():  # noqa: ASYNC110
            await asyncio.sleep(0.02)
