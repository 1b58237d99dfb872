"""privacy: a history event's place as long as the meeting's whose outcome it records

Revision ID: 0008
Revises: 0007
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0008"
down_revision: str | None = "0007"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("historyevent", schema=None) as batch_op:
        batch_op.alter_column(
            "place",
            existing_type=sa.String(length=300),
            type_=sa.String(length=500),
            existing_nullable=False,
        )


def downgrade() -> None:
    with op.batch_alter_table("historyevent", schema=None) as batch_op:
        batch_op.alter_column(
            "place",
            existing_type=sa.String(length=500),
            type_=sa.String(length=300),
            existing_nullable=False,
        )
