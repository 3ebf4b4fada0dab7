"""certifications: one name per dealership, whatever the case of its letters

0014's unique index compared names as written, while the service compares them lowered; two
requests racing with "Price ready" and "PRICE READY" could both pass the service's check. The
index now holds the service's rule. 0014 already numbered names that differ only in case, so no
row needs changing.

Revision ID: 0015
Revises: 0014
Create Date: 2026-12-05 15:10:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0015"
down_revision: str | None = "0014"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.drop_index("uq_certifications_dealership_name", table_name="certifications")
    op.create_index(
        "uq_certifications_dealership_lower_name",
        "certifications",
        ["dealership_id", sa.text("lower(name)")],
        unique=True,
    )


def downgrade() -> None:
    op.drop_index("uq_certifications_dealership_lower_name", table_name="certifications")
    op.create_index(
        "uq_certifications_dealership_name",
        "certifications",
        ["dealership_id", "name"],
        unique=True,
    )
