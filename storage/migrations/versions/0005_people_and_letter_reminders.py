"""people and letter reminders: when a Slack profile was read, and each person's deadline reminder

Revision ID: 0005
Revises: 0004
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0005"
down_revision: str | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("person", schema=None) as batch_op:
        batch_op.add_column(sa.Column("profile_read_at", sa.DateTime(timezone=True), nullable=True))
    # A letter whose reminder was claimed under the old scheme counts as reminded.
    with op.batch_alter_table("letter", schema=None) as batch_op:
        batch_op.alter_column("reminder_claimed_at", new_column_name="reminded_at")
    op.create_table(
        "letterreminder",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("letter_id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.String(length=32), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("claimed_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["letter_id"], ["letter.id"], name="fk_letterreminder_letter_id_letter"
        ),
        sa.PrimaryKeyConstraint("id", name="pk_letterreminder"),
        sa.UniqueConstraint("letter_id", "user_id", name="uq_letterreminder_letter_id"),
    )
    op.create_index("ix_letterreminder_letter_id", "letterreminder", ["letter_id"])


def downgrade() -> None:
    op.drop_index("ix_letterreminder_letter_id", table_name="letterreminder")
    op.drop_table("letterreminder")
    with op.batch_alter_table("letter", schema=None) as batch_op:
        batch_op.alter_column("reminded_at", new_column_name="reminder_claimed_at")
    with op.batch_alter_table("person", schema=None) as batch_op:
        batch_op.drop_column("profile_read_at")
