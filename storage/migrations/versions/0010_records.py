"""records: a document a coordinator adds keeps its source, its file's name and hash, who added it
and when

Revision ID: 0010
Revises: 0009
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0010"
down_revision: str | None = "0009"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# Plain ADD COLUMNs (no batch mode): rebuilding `document` on SQLite would drop and recreate a
# table the passages refer to.
COLUMNS = ("source", "filename", "content_hash", "added_by", "added_at")


def upgrade() -> None:
    op.add_column(
        "document", sa.Column("source", sa.String(length=300), nullable=False, server_default="")
    )
    op.add_column(
        "document", sa.Column("filename", sa.String(length=300), nullable=False, server_default="")
    )
    op.add_column("document", sa.Column("content_hash", sa.String(length=64), nullable=True))
    op.add_column(
        "document", sa.Column("added_by", sa.String(length=64), nullable=False, server_default="")
    )
    op.add_column("document", sa.Column("added_at", sa.DateTime(timezone=True), nullable=True))
    op.create_index(op.f("ix_document_content_hash"), "document", ["content_hash"], unique=True)


def downgrade() -> None:
    op.drop_index(op.f("ix_document_content_hash"), table_name="document")
    for column in reversed(COLUMNS):
        if op.get_bind().dialect.name == "sqlite":
            op.execute(f"ALTER TABLE document DROP COLUMN {column}")
        else:
            op.drop_column("document", column)
