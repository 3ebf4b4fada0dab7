"""dealerships: the logo plate used to mask licence plates

Revision ID: 0013
Revises: 0012
Create Date: 2026-12-05 03:20:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0013"
down_revision: str | None = "0012"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.add_column("dealerships", sa.Column("logo_plate_key", sa.String(400), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("dealerships") as batch:
        batch.drop_column("logo_plate_key")
