"""training sessions: the judge's verdict (overall score, pass, content, reasons)

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-05 00:25:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0006"
down_revision: str | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.add_column("training_sessions", sa.Column("judgement", sa.JSON(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("training_sessions") as batch:
        batch.drop_column("judgement")
