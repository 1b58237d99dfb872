"""question answering: questions, feedback, one status change per person and day, full-text search

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-27 22:40:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# SQLite: an external-content FTS5 index over sourcepassage, kept in step by triggers. Porter
# stemming lets "met" and "meeting" stay apart but "recommendations" find "recommendation".
SQLITE_UP = [
    "CREATE VIRTUAL TABLE passage_fts USING fts5(section, text, content='sourcepassage',"
    " content_rowid='id', tokenize='porter unicode61 remove_diacritics 2')",
    "CREATE TRIGGER passage_fts_insert AFTER INSERT ON sourcepassage BEGIN"
    " INSERT INTO passage_fts(rowid, section, text) VALUES (new.id, new.section, new.text); END",
    "CREATE TRIGGER passage_fts_delete AFTER DELETE ON sourcepassage BEGIN"
    " INSERT INTO passage_fts(passage_fts, rowid, section, text)"
    " VALUES ('delete', old.id, old.section, old.text); END",
    "CREATE TRIGGER passage_fts_update AFTER UPDATE ON sourcepassage BEGIN"
    " INSERT INTO passage_fts(passage_fts, rowid, section, text)"
    " VALUES ('delete', old.id, old.section, old.text);"
    " INSERT INTO passage_fts(rowid, section, text) VALUES (new.id, new.section, new.text); END",
    "INSERT INTO passage_fts(passage_fts) VALUES ('rebuild')",
]
SQLITE_DOWN = [
    "DROP TRIGGER passage_fts_update",
    "DROP TRIGGER passage_fts_delete",
    "DROP TRIGGER passage_fts_insert",
    "DROP TABLE passage_fts",
]
# PostgreSQL: a stored, generated tsvector with a GIN index; the database keeps it current.
POSTGRESQL_UP = [
    "ALTER TABLE sourcepassage ADD COLUMN search tsvector GENERATED ALWAYS AS"
    " (to_tsvector('english', section || ' ' || text)) STORED",
    "CREATE INDEX ix_sourcepassage_search ON sourcepassage USING gin (search)",
]
POSTGRESQL_DOWN = [
    "DROP INDEX ix_sourcepassage_search",
    "ALTER TABLE sourcepassage DROP COLUMN search",
]


def upgrade() -> None:
    op.create_table(
        "question",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("asked_by", sa.String(length=32), nullable=False),
        sa.Column("channel_id", sa.String(length=32), nullable=True),
        sa.Column("thread_ts", sa.String(length=32), nullable=True),
        sa.Column("text", sa.String(length=2000), nullable=False),
        sa.Column("topic", sa.String(length=120), nullable=False),
        sa.Column("found", sa.Boolean(), nullable=False),
        sa.Column("shared", sa.Boolean(), nullable=False),
        sa.Column("escalated", sa.Boolean(), nullable=False),
        sa.Column("asked_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_question")),
    )
    op.create_index("ix_question_thread", "question", ["channel_id", "thread_ts"], unique=False)
    op.create_table(
        "answerfeedback",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("question_id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.String(length=32), nullable=False),
        sa.Column("helpful", sa.Boolean(), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["question_id"], ["question.id"], name=op.f("fk_answerfeedback_question_id_question")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_answerfeedback")),
        sa.UniqueConstraint("question_id", "user_id", name=op.f("uq_answerfeedback_question_id")),
    )
    op.create_index(
        op.f("ix_answerfeedback_question_id"), "answerfeedback", ["question_id"], unique=False
    )
    with op.batch_alter_table("statuschange", schema=None) as batch_op:
        batch_op.create_unique_constraint(
            batch_op.f("uq_statuschange_recommendation_id"),
            ["recommendation_id", "status", "as_of", "recorded_by"],
        )
    for statement in SQLITE_UP if op.get_bind().dialect.name == "sqlite" else POSTGRESQL_UP:
        op.execute(statement)


def downgrade() -> None:
    for statement in SQLITE_DOWN if op.get_bind().dialect.name == "sqlite" else POSTGRESQL_DOWN:
        op.execute(statement)
    with op.batch_alter_table("statuschange", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("uq_statuschange_recommendation_id"), type_="unique")
    op.drop_index(op.f("ix_answerfeedback_question_id"), table_name="answerfeedback")
    op.drop_table("answerfeedback")
    op.drop_index("ix_question_thread", table_name="question")
    op.drop_table("question")
