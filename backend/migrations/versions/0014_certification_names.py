"""certifications: one name per dealership

Certifications that already share a name keep it once; the others get " (2)", " (3)"... in the
order they were made, so nothing is lost and each can still be told apart and renamed.

Revision ID: 0014
Revises: 0013
Create Date: 2026-12-05 13:30:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0014"
down_revision: str | None = "0013"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

NAME_LENGTH = 120

certifications = sa.table(
    "certifications",
    sa.column("id", sa.String),
    sa.column("dealership_id", sa.String),
    sa.column("name", sa.String),
    sa.column("created_at", sa.DateTime),
)


def upgrade() -> None:
    connection = op.get_bind()
    rows = connection.execute(
        sa.select(
            certifications.c.id, certifications.c.dealership_id, certifications.c.name
        ).order_by(certifications.c.created_at, certifications.c.id)
    ).all()
    taken = {(row.dealership_id, row.name.lower()) for row in rows}
    seen: set[tuple[str, str]] = set()
    for row in rows:
        key = (row.dealership_id, row.name.lower())
        if key not in seen:
            seen.add(key)
            continue
        number = 2
        while (row.dealership_id, _numbered(row.name, number).lower()) in taken:
            number += 1
        renamed = _numbered(row.name, number)
        taken.add((row.dealership_id, renamed.lower()))
        connection.execute(
            certifications.update().where(certifications.c.id == row.id).values(name=renamed)
        )
    op.create_index(
        "uq_certifications_dealership_name",
        "certifications",
        ["dealership_id", "name"],
        unique=True,
    )


def _numbered(name: str, number: int) -> str:
    suffix = f" ({number})"
    return name[: NAME_LENGTH - len(suffix)] + suffix


def downgrade() -> None:
    op.drop_index("uq_certifications_dealership_name", table_name="certifications")
