"""The schema the migrations build is the one the models declare: every column there, with the
type and length the model gives it. A limit that differs between the two (a meeting's 500-character
place written into a 300-character column) fails here, not on PostgreSQL in production."""

from __future__ import annotations

from typing import Any

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlmodel import SQLModel

import storage.models  # noqa: F401 - the tables, on SQLModel.metadata
from storage.db import Store


def _flat(diffs: list[Any]) -> list[tuple[Any, ...]]:
    return [d for diff in diffs for d in (diff if isinstance(diff, list) else [diff])]


def test_the_migrated_columns_are_the_models_columns(store: Store) -> None:
    with store.engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        diffs = _flat(compare_metadata(context, SQLModel.metadata))
    mismatched = [d for d in diffs if d[0] in ("add_column", "add_table", "modify_type")]
    assert mismatched == []
