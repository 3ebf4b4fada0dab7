"""training sessions: role-play turns

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-05 03:20:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0012"
down_revision: str | None = "0011"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # Existing sessions were all solo practice.
    op.add_column(
        "training_sessions",
        sa.Column(
            "mode",
            sa.Enum("solo", "roleplay", name="sessionmode", native_enum=False, length=20),
            server_default="solo",
            nullable=False,
        ),
    )
    op.add_column("training_sessions", sa.Column("turns", sa.JSON(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("training_sessions") as batch:
        batch.drop_column("turns")
        batch.drop_column("mode")
