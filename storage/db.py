"""The engine and sessions: SQLite (the embedded default, in WAL mode) or PostgreSQL.

The store's operations are plain synchronous functions over a `Session`, so that the console, the
CLI, the scheduler's jobs and Slack all call the same code; the async transports run them in a
worker thread through `Store.run`, which keeps the event loop free while the database works.
"""

from __future__ import annotations

import asyncio
import os
import select
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any, Concatenate, ParamSpec, TypeVar

import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import insert as postgresql_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.engine import URL, Engine, make_url
from sqlmodel import Session, SQLModel

P = ParamSpec("P")
T = TypeVar("T")


def normalize_url(url: str | URL) -> URL:
    """Choose our drivers: the stdlib's sqlite3, and psycopg 3 for PostgreSQL."""
    parsed = make_url(url)
    if parsed.get_backend_name() in ("postgresql", "postgres"):
        return parsed.set(drivername="postgresql+psycopg")
    if parsed.get_backend_name() == "sqlite":
        return parsed.set(drivername="sqlite")
    raise ValueError(f"unsupported database: {parsed.get_backend_name()}")


_BUSY_SECONDS = 10


def _tune_sqlite(dbapi_connection: Any, _record: Any) -> None:
    # Several threads (and the CLI beside a running bot) write to one file: WAL lets readers go on
    # while one writes, and busy_timeout makes a writer wait its turn instead of failing.
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute(f"PRAGMA busy_timeout={_BUSY_SECONDS * 1000}")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.close()


_WRITES = ("INSERT", "UPDATE", "DELETE", "REPLAC")
_HOLDS_TURN = "roundtable_writer_turn"


class _WriterTurns:
    """SQLite lets one connection write at a time, and a writer that finds the file locked sleeps
    in SQLite's busy handler, up to 100 ms a try, however soon the lock is freed: with 100 people
    signing at once, most of an acknowledgement's time went to those sleeps. The bot's own
    writers take turns on a lock instead, handed on the moment a transaction ends. A write starts
    the turn (the sqlite3 driver begins its transaction there too); the connection's return to
    the pool, just after its commit or rollback, ends it. SQLite's busy timeout still settles the
    turns with other processes (the CLI beside a running bot)."""

    def __init__(self, engine: Engine, wait_seconds: float) -> None:
        self._lock = threading.Lock()
        self._wait_seconds = wait_seconds
        sa.event.listen(engine, "before_cursor_execute", self._before_execute)
        # Not at the "commit" event: it comes before the commit itself, and the next writer
        # would find the file still locked. A session gives its connection back once it ends.
        for ended in ("checkin", "invalidate"):
            sa.event.listen(engine.pool, ended, self._connection_ended)

    def _before_execute(self, connection: Any, _cursor: Any, statement: str, *_: Any) -> None:
        info = connection.info
        if info.get(_HOLDS_TURN) or not statement.lstrip()[:6].upper().startswith(_WRITES):
            return
        # After the wait, go on without the turn and let SQLite decide, rather than hang: a
        # thread writing through a second connection while its first holds the turn would.
        info[_HOLDS_TURN] = self._lock.acquire(timeout=self._wait_seconds)

    def _connection_ended(self, _dbapi_connection: Any, record: Any, *_: Any) -> None:
        if record.info.pop(_HOLDS_TURN, False):
            self._lock.release()


CONNECT_TIMEOUT_SECONDS = 5


def _still_open(dbapi_connection: Any, _record: Any, _proxy: Any) -> None:
    """A pooled PostgreSQL connection is checked before each use without a round trip (what
    `pool_pre_ping` costs: one more per transaction, on the bot and on the server). An idle
    connection is sent nothing, so input waiting on its socket means the server ended it (a
    restart, an administrator, a proxy or a network cut that closed it): then, as a failed ping
    would, every connection made before now is replaced and the caller gets a fresh one."""
    poller = select.poll()
    try:
        poller.register(dbapi_connection.fileno(), select.POLLIN)
    except Exception:  # closed already: psycopg raises for its socket
        raise sa.exc.InvalidatePoolError("the connection is closed") from None
    if poller.poll(0):
        raise sa.exc.InvalidatePoolError("the server closed the connection")


def make_engine(url: str | URL, **kwargs: Any) -> Engine:
    parsed = normalize_url(url)
    if parsed.get_backend_name() == "sqlite":
        engine = sa.create_engine(
            parsed,
            connect_args={"check_same_thread": False, "timeout": _BUSY_SECONDS},
            hide_parameters=True,  # bound values are people's data: keep them out of logs
            **kwargs,
        )
        sa.event.listen(engine, "connect", _tune_sqlite)
        _WriterTurns(engine, wait_seconds=_BUSY_SECONDS)
        return engine
    kwargs.setdefault("pool_size", 10)
    kwargs.setdefault("max_overflow", 10)
    if "connect_timeout" not in parsed.query:
        # libpq waits for ever on a host that drops packets: a start, a sweep or a health check
        # would hang instead of saying the database is unreachable.
        kwargs.setdefault("connect_args", {"connect_timeout": CONNECT_TIMEOUT_SECONDS})
    engine = sa.create_engine(parsed, hide_parameters=True, **kwargs)
    sa.event.listen(engine.pool, "checkout", _still_open)
    return engine


class Store:
    """The database as the rest of the bot sees it: sessions, and operations run off the loop."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine

    @classmethod
    def from_url(cls, url: str | URL) -> Store:
        return cls(make_engine(url))

    @property
    def dialect(self) -> str:
        return self.engine.dialect.name

    @contextmanager
    def session(self) -> Iterator[Session]:
        """A session whose work is committed when the block ends normally, rolled back otherwise."""
        with Session(self.engine, expire_on_commit=False) as session:
            try:
                yield session
                session.commit()
            except BaseException:
                session.rollback()
                raise

    def call(
        self, operation: Callable[Concatenate[Session, P], T], *args: P.args, **kwargs: P.kwargs
    ) -> T:
        """Run `operation(session, *args, **kwargs)` in one transaction; mypy checks the
        arguments against the operation's own signature."""
        with self.session() as session:
            return operation(session, *args, **kwargs)

    async def run(
        self, operation: Callable[Concatenate[Session, P], T], *args: P.args, **kwargs: P.kwargs
    ) -> T:
        """`call`, in a worker thread, for the async transports."""

        def work() -> T:
            return self.call(operation, *args, **kwargs)

        return await asyncio.to_thread(work)

    def fault(self) -> str | None:
        """Why the database cannot be used now ("unreachable: OperationalError", "file is
        read-only"), or None when it answers `SELECT 1` (and, on SQLite, its file is still there
        and writable: a deleted or read-only file still answers reads on an open connection)."""
        try:
            with self.engine.connect() as connection:
                connection.exec_driver_sql("SELECT 1")
        except sa.exc.SQLAlchemyError as error:
            return f"unreachable: {type(error).__name__}"
        path = self.engine.url.database
        if self.dialect == "sqlite" and path and path != ":memory:":
            if not os.path.exists(path):
                return "file is missing"
            if not os.access(path, os.W_OK):
                return "file is read-only"
        return None

    def dispose(self) -> None:
        self.engine.dispose()


def upsert_builder(session: Session) -> Any:
    """The dialect's `insert`, which has `on_conflict_do_nothing` and `on_conflict_do_update`."""
    return sqlite_insert if session.get_bind().dialect.name == "sqlite" else postgresql_insert


def insert_if_absent(session: Session, model: type[SQLModel], **values: Any) -> bool:
    """Insert one row unless a unique constraint already holds one like it; True if inserted.

    The database decides, not a read before the write, so two replicas or a retried request racing
    each other still leave exactly one row."""
    table = model.__table__  # type: ignore[attr-defined]
    statement = (
        upsert_builder(session)(table)
        .values(**values)
        .on_conflict_do_nothing()
        # rowcount is not reliable for this statement on every driver; a returned row is.
        .returning(*table.primary_key.columns)
    )
    return session.connection().execute(statement).first() is not None


@contextmanager
def exclusively(engine: Engine, lock_id: int) -> Iterator[None]:
    """Hold a PostgreSQL advisory lock for the block, so that only one replica at a time does it
    (migrating, seeding). SQLite serves one machine, where the file's own locking suffices."""
    if engine.dialect.name != "postgresql":
        yield
        return
    with engine.connect() as connection:
        connection.execute(sa.text("SELECT pg_advisory_lock(:id)"), {"id": lock_id})
        try:
            yield
        finally:
            connection.execute(sa.text("SELECT pg_advisory_unlock(:id)"), {"id": lock_id})
            connection.commit()
