"""the offline console's pretend workspace: channels and people by name

Revision ID: 0009
Revises: 0008
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0009"
down_revision: str | None = "0008"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "workspacename",
        sa.Column("slack_id", sa.String(length=32), nullable=False),
        sa.Column("kind", sa.String(length=10), nullable=False),
        sa.Column("name", sa.String(length=80), nullable=False),
        sa.PrimaryKeyConstraint("slack_id", name="pk_workspacename"),
        sa.UniqueConstraint("kind", "name", name="uq_workspacename_kind_name"),
    )


def downgrade() -> None:
    op.drop_table("workspacename")
