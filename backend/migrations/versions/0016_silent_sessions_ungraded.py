"""training sessions: a session without a recognised word has no longest monologue or question
count (NULL, not 0), as the analysis now stores them, so the team's heat map leaves it ungraded

Revision ID: 0016
Revises: 0015
Create Date: 2026-12-05 22:00:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0016"
down_revision: str | None = "0015"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_sessions = sa.table(
    "training_sessions",
    sa.column("id", sa.String()),
    sa.column("measures", sa.JSON()),
    sa.column("longest_monologue_s", sa.Double()),
    sa.column("questions_asked", sa.Integer()),
)


def _silent_ids() -> list[str]:
    """Sessions whose report counted no word. Read in Python: a JSON field has no portable SQL
    across SQLite and PostgreSQL."""
    rows = op.get_bind().execute(
        sa.select(_sessions.c.id, _sessions.c.measures).where(_sessions.c.measures.is_not(None))
    )
    return [row.id for row in rows if row.measures and row.measures.get("word_count") == 0]


def _set_on_silent(longest_monologue_s: float | None, questions_asked: int | None) -> None:
    silent = _silent_ids()
    if silent:
        op.get_bind().execute(
            sa.update(_sessions)
            .where(_sessions.c.id.in_(silent))
            .values(longest_monologue_s=longest_monologue_s, questions_asked=questions_asked)
        )


def upgrade() -> None:
    _set_on_silent(None, None)


def downgrade() -> None:
    """Back to the report's zeros, as revision 0015's analysis stored them."""
    _set_on_silent(0.0, 0)
