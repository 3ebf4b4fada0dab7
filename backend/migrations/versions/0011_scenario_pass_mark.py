"""training scenarios: a pass mark per scenario; sessions: last activity, for the idle timeout

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-05 03:00:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0011"
down_revision: str | None = "0010"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # Batch mode: SQLite adds a CHECK constraint only by rebuilding the table.
    with op.batch_alter_table("training_scenarios") as batch:
        # Existing scenarios keep the mark they were judged against until now.
        batch.add_column(sa.Column("pass_mark", sa.Integer(), server_default="70", nullable=False))
        batch.create_check_constraint(
            op.f("ck_training_scenarios_pass_mark_range"), "pass_mark >= 0 AND pass_mark <= 100"
        )
    op.add_column(
        "training_sessions",
        sa.Column("last_audio_at", sa.DateTime(timezone=True), nullable=True),
    )


def downgrade() -> None:
    with op.batch_alter_table("training_sessions") as batch:
        batch.drop_column("last_audio_at")
    with op.batch_alter_table("training_scenarios") as batch:
        batch.drop_constraint(op.f("ck_training_scenarios_pass_mark_range"), type_="check")
        batch.drop_column("pass_mark")
