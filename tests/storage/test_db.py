"""The engine, migrations and the helpers every operation relies on, on SQLite and PostgreSQL."""

from __future__ import annotations

import time
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime, timedelta, timezone

import pytest
import sqlalchemy as sa
from sqlmodel import Session, SQLModel, select

from storage.db import Store
from storage.migrate import upgrade
from storage.models import OutboxKind, OutboxMessage, SlackEventSeen
from storage.outbox import Outgoing
from storage.slack_events import answer_event, answered, forget_old


def test_migrations_create_every_table_and_run_twice(store: Store, database_url: str) -> None:
    upgrade(database_url)  # a second run at head changes nothing and does not fail
    tables = set(sa.inspect(store.engine).get_table_names())
    assert set(SQLModel.metadata.tables) <= tables
    assert "alembic_version" in tables


def test_times_come_back_in_utc_whatever_zone_went_in(store: Store) -> None:
    almaty = timezone(timedelta(hours=5))
    moment = datetime(2014, 11, 19, 10, 0, tzinfo=almaty)
    with store.session() as session:
        session.add(SlackEventSeen(event_id="Ev1", seen_at=moment))
    with store.session() as session:
        row = session.exec(select(SlackEventSeen)).one()
    assert row.seen_at == moment
    assert row.seen_at.tzinfo == UTC


def reply(text: str) -> Outgoing:
    return Outgoing(OutboxKind.POST, text=text, channel="C1", key=f"event-reply:{text}")


def test_an_event_is_answered_once_and_only_with_its_answer_in_the_outbox(store: Store) -> None:
    now = datetime(2026, 11, 27, tzinfo=UTC)
    assert store.call(answered, "Ev42") is False  # received, not answered: a retry gets through
    assert store.call(answer_event, "Ev42", now, reply("first")) is True
    assert store.call(answered, "Ev42") is True
    # A second delivery of the same event (a retry racing, another replica) adds nothing.
    assert store.call(answer_event, "Ev42", now, reply("second")) is False
    with store.session() as session:
        assert [m.text for m in session.exec(select(OutboxMessage)).all()] == ["first"]


def test_old_event_ids_are_forgotten(store: Store) -> None:
    now = datetime(2026, 11, 27, tzinfo=UTC)
    store.call(answer_event, "old", now - timedelta(days=2))
    store.call(answer_event, "new", now)
    assert store.call(forget_old, now) == 1
    assert store.call(answered, "old") is False
    assert store.call(answered, "new") is True


def test_sqlite_runs_in_wal_mode_with_a_busy_timeout(tmp_path) -> None:  # type: ignore[no-untyped-def]
    store = Store.from_url(f"sqlite:///{tmp_path / 'wal.db'}")
    with store.engine.connect() as connection:
        assert connection.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert connection.exec_driver_sql("PRAGMA busy_timeout").scalar() == 10000
        assert connection.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
    store.dispose()


def test_a_write_that_failed_does_not_keep_the_next_writer_waiting(tmp_path) -> None:  # type: ignore[no-untyped-def]
    # The bot's own writers on one SQLite file take turns (storage/db.py): a transaction rolled
    # back by an error must end its turn, or every later write would wait out the busy timeout.
    store = Store.from_url(f"sqlite:///{tmp_path / 'turns.db'}")
    upgrade(f"sqlite:///{tmp_path / 'turns.db'}")
    now = datetime(2026, 11, 27, tzinfo=UTC)

    def fails(session: Session) -> None:
        session.add(SlackEventSeen(event_id="Ev-fails", seen_at=now))
        session.flush()
        raise RuntimeError("the work after the write failed")

    def writes(event_id: str) -> float:
        started = time.monotonic()
        store.call(answer_event, event_id, now)
        return time.monotonic() - started

    with ThreadPoolExecutor(4) as threads:
        for attempt in range(3):
            with pytest.raises(RuntimeError):
                threads.submit(store.call, fails).result()
            # The failed transaction's connection, busy with a read, while another writes.
            with store.engine.connect() as reading:
                reading.exec_driver_sql("SELECT 1")
                waited = threads.submit(writes, f"Ev{attempt}").result()
            assert waited < 5  # the turn's wait is 10 s; a write alone takes milliseconds
    assert [store.call(answered, f"Ev{n}") for n in range(3)] == [True, True, True]
    assert store.call(answered, "Ev-fails") is False
    store.dispose()


def test_a_connection_the_server_ended_is_replaced_before_it_is_used(
    store: Store, database_url: str
) -> None:
    # A pooled connection whose backend is gone (a restart, an administrator, a cut proxy) must
    # not fail the next transaction: the check at checkout sees it closed and takes a new one.
    if store.dialect != "postgresql":
        pytest.skip("a database server's connections; SQLite has none")

    def backend(session: Session) -> int:
        return int(session.connection().exec_driver_sql("SELECT pg_backend_pid()").scalar_one())

    ended = store.call(backend)
    admin = Store.from_url(database_url)
    with admin.engine.begin() as connection:
        assert connection.execute(sa.text(f"SELECT pg_terminate_backend({ended})")).scalar()
        gone = sa.text(f"SELECT count(*) FROM pg_stat_activity WHERE pid = {ended}")
        deadline = time.monotonic() + 10
        while connection.execute(gone).scalar() and time.monotonic() < deadline:
            time.sleep(0.05)
    admin.dispose()
    assert store.call(backend) != ended
