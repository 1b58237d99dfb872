"""Fixtures shared by the whole suite: real databases (SQLite always, PostgreSQL when
ROUNDTABLE_TEST_DATABASE_URL is set) built by our own migrations."""

from __future__ import annotations

import os
import uuid
from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import pytest
import sqlalchemy as sa

from storage.db import Store, normalize_url
from storage.migrate import upgrade
from storage.seeding import seed
from tests.support.bot_server import RunningBot, bot_settings, running_bot
from tests.support.fake_slack import FakeSlack

POSTGRES_URL = os.environ.get("ROUNDTABLE_TEST_DATABASE_URL")

database_backends = [
    "sqlite",
    pytest.param(
        "postgresql",
        marks=pytest.mark.skipif(
            not POSTGRES_URL, reason="ROUNDTABLE_TEST_DATABASE_URL is not set"
        ),
    ),
]


@pytest.fixture(params=database_backends)
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """An empty database of each backend; on PostgreSQL a schema of its own, dropped afterwards."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'roundtable.db'}"
        return
    assert POSTGRES_URL
    schema = f"t_{uuid.uuid4().hex[:12]}"
    admin = sa.create_engine(normalize_url(POSTGRES_URL))
    with admin.begin() as connection:
        connection.execute(sa.text(f"CREATE SCHEMA {schema}"))
    url = normalize_url(POSTGRES_URL).update_query_dict({"options": f"-csearch_path={schema}"})
    yield url.render_as_string(hide_password=False)
    with admin.begin() as connection:
        connection.execute(sa.text(f"DROP SCHEMA {schema} CASCADE"))
    admin.dispose()


@pytest.fixture
def store(database_url: str) -> Iterator[Store]:
    """A store migrated to head by Alembic, as the bot's own start-up does."""
    upgrade(database_url)
    store = Store.from_url(database_url)
    yield store
    store.dispose()


@pytest.fixture
def fake_slack() -> Iterator[FakeSlack]:
    with FakeSlack() as fake:
        yield fake


@pytest.fixture
def seeded_store(store: Store) -> Store:
    store.call(seed)
    return store


@pytest.fixture
async def bot(
    fake_slack: FakeSlack, seeded_store: Store, database_url: str
) -> AsyncIterator[RunningBot]:
    """The real Bolt app in HTTP mode on loopback, over the seeded store, against the fake Slack."""
    async with running_bot(bot_settings(fake_slack, database_url), seeded_store) as running:
        yield running
