"""documents: a source's full text, cut into answer-sized passages that replace the transcription

Revision ID: 0007
Revises: 0006
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0007"
down_revision: str | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# The report's paragraphs as they were transcribed by hand (up to 3,900 characters each): the
# passages cut from its full text replace them, which seeding writes next.
TRANSCRIBED = (
    ["opening-01", "note-1", "note-2", "note-3"]
    + [f"situation-{n:02d}" for n in range(1, 12)]
    + [f"beginning-{n:02d}" for n in range(1, 10)]
    + [f"trip-{n:02d}" for n in range(1, 8)]
    + [f"rapporteur-{n:02d}" for n in range(1, 13)]
    + [f"trip-report-{n:02d}" for n in range(1, 14)]
    + [f"recent-{n:02d}" for n in range(1, 14)]
)


def upgrade() -> None:
    op.create_table(
        "document",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("key", sa.String(length=120), nullable=False),
        sa.Column("title", sa.String(length=300), nullable=False),
        sa.Column("date", sa.Date(), nullable=True),
        sa.Column("date_precision", sa.String(length=10), nullable=False),
        sa.Column("text", sa.String(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_document")),
        sa.UniqueConstraint("key", name=op.f("uq_document_key")),
    )
    # A plain ADD COLUMN (SQLite allows a reference there): rebuilding the table, as batch mode
    # would, drops the triggers that keep its full-text index current.
    if op.get_bind().dialect.name == "sqlite":
        op.execute(
            "ALTER TABLE sourcepassage ADD COLUMN document_id INTEGER"
            " CONSTRAINT fk_sourcepassage_document_id_document REFERENCES document (id)"
        )
    else:
        op.add_column("sourcepassage", sa.Column("document_id", sa.Integer(), nullable=True))
        op.create_foreign_key(
            op.f("fk_sourcepassage_document_id_document"),
            "sourcepassage",
            "document",
            ["document_id"],
            ["id"],
        )
    op.create_index(
        op.f("ix_sourcepassage_document_id"), "sourcepassage", ["document_id"], unique=False
    )
    passages = sa.table("sourcepassage", sa.column("key", sa.String()))
    op.execute(passages.delete().where(passages.c.key.in_(TRANSCRIBED)))


def downgrade() -> None:
    passages = sa.table("sourcepassage", sa.column("document_id", sa.Integer()))
    op.execute(passages.delete().where(passages.c.document_id.is_not(None)))
    op.drop_index(op.f("ix_sourcepassage_document_id"), table_name="sourcepassage")
    if op.get_bind().dialect.name == "sqlite":
        op.execute("ALTER TABLE sourcepassage DROP COLUMN document_id")
    else:
        op.drop_constraint(
            op.f("fk_sourcepassage_document_id_document"), "sourcepassage", type_="foreignkey"
        )
        op.drop_column("sourcepassage", "document_id")
    op.drop_table("document")
