"""letters: the deadline reminder's lead time and its claim

Revision ID: 0003
Revises: 0002
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("letter", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("remind_before_minutes", sa.Integer(), nullable=False, server_default="1440")
        )
        batch_op.add_column(
            sa.Column("reminder_claimed_at", sa.DateTime(timezone=True), nullable=True)
        )


def downgrade() -> None:
    with op.batch_alter_table("letter", schema=None) as batch_op:
        batch_op.drop_column("reminder_claimed_at")
        batch_op.drop_column("remind_before_minutes")
