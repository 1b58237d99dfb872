"""Alembic's environment: our metadata, our engine (SQLite or PostgreSQL), batch mode on SQLite."""

from alembic import context
from sqlmodel import SQLModel

import storage.models  # noqa: F401  (registers the tables on SQLModel.metadata)

engine = context.config.attributes["engine"]

# The full-text search index lives outside the models (an FTS5 table and its triggers on SQLite, a
# generated tsvector column and its GIN index on PostgreSQL; see 0002): autogenerate must leave it.
FULL_TEXT = ("passage_fts", "search", "ix_sourcepassage_search")


def include_object(
    obj: object, name: str | None, kind: str, reflected: bool, compare: object
) -> bool:
    return not (reflected and name is not None and name.startswith(FULL_TEXT))


with engine.connect() as connection:
    context.configure(
        connection=connection,
        target_metadata=SQLModel.metadata,
        render_as_batch=connection.dialect.name == "sqlite",
        compare_type=True,
        include_object=include_object,
    )
    with context.begin_transaction():
        context.run_migrations()
