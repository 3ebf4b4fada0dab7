"""training sessions: numeric columns of the report, for the team dashboard's SQL aggregates

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-05 02:30:00.000000
"""

from collections.abc import Mapping, Sequence
from typing import Any

import sqlalchemy as sa
from alembic import op

revision: str = "0007"
down_revision: str | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_NUMBERS = [
    sa.Column("score_confidence", sa.Integer(), nullable=True),
    sa.Column("score_clarity", sa.Integer(), nullable=True),
    sa.Column("score_pace", sa.Integer(), nullable=True),
    sa.Column("score_volume", sa.Integer(), nullable=True),
    sa.Column("overall_score", sa.Integer(), nullable=True),
    sa.Column("passed", sa.Boolean(), nullable=True),
    sa.Column("words_per_minute", sa.Double(), nullable=True),
    sa.Column("fillers_per_100", sa.Double(), nullable=True),
    sa.Column("longest_monologue_s", sa.Double(), nullable=True),
    sa.Column("questions_asked", sa.Integer(), nullable=True),
    sa.Column("rubric_passed", sa.Integer(), nullable=True),
    sa.Column("rubric_total", sa.Integer(), nullable=True),
]


def upgrade() -> None:
    # Plain ALTERs: adding columns and indexes needs no copy of the table, even on SQLite.
    for column in _NUMBERS:
        op.add_column("training_sessions", column.copy())
    op.create_index(
        "ix_training_sessions_dealership_user_started",
        "training_sessions",
        ["dealership_id", "user_id", "started_at", "status"],
    )
    op.create_index(
        "ix_training_sessions_dealership_started",
        "training_sessions",
        ["dealership_id", "started_at"],
    )
    op.add_column(
        "dealerships",
        sa.Column("leaderboard_public", sa.Boolean(), server_default=sa.true(), nullable=False),
    )
    _backfill()


def downgrade() -> None:
    with op.batch_alter_table("dealerships") as batch:
        batch.drop_column("leaderboard_public")
    with op.batch_alter_table("training_sessions") as batch:
        batch.drop_index("ix_training_sessions_dealership_started")
        batch.drop_index("ix_training_sessions_dealership_user_started")
        for column in reversed(_NUMBERS):
            batch.drop_column(column.name)


def _backfill() -> None:
    """The analysed sessions' numbers, read out of their JSON report. Done in Python: counting
    the passed items of the rubric array has no portable SQL across SQLite and PostgreSQL."""
    sessions = sa.table(
        "training_sessions",
        sa.column("id", sa.String()),
        sa.column("metrics", sa.JSON()),
        sa.column("measures", sa.JSON()),
        sa.column("judgement", sa.JSON()),
        sa.column("rubric", sa.JSON()),
        *(sa.column(column.name, column.type) for column in _NUMBERS),
    )
    rows = op.get_bind().execute(
        sa.select(
            sessions.c.id,
            sessions.c.metrics,
            sessions.c.measures,
            sessions.c.judgement,
            sessions.c.rubric,
        ).where(sessions.c.metrics.is_not(None))
    )
    updates = [
        {"row_id": row.id, **_numbers(row.metrics, row.measures, row.judgement, row.rubric)}
        for row in rows
        if row.metrics  # a JSON null is not SQL NULL: the WHERE lets it through
    ]
    if updates:
        statement = (
            sa.update(sessions)
            .where(sessions.c.id == sa.bindparam("row_id"))
            .values({column.name: sa.bindparam(column.name) for column in _NUMBERS})
        )
        op.get_bind().execute(statement, updates)


def _numbers(
    metrics: Mapping[str, Any],
    measures: Mapping[str, Any] | None,
    judgement: Mapping[str, Any] | None,
    rubric: Sequence[Mapping[str, Any]] | None,
) -> dict[str, Any]:
    """The report's numbers as the reports of revision 0006 store them (frozen here: the
    application's copy in training/tasks.py reads the analysis job's output instead)."""
    measures = measures or {}
    judgement = judgement or {}
    items = rubric or []
    return {
        "score_confidence": metrics.get("confidence"),
        "score_clarity": metrics.get("clarity"),
        "score_pace": metrics.get("pace"),
        "score_volume": metrics.get("volume"),
        "overall_score": judgement.get("overall"),
        "passed": judgement.get("passed"),
        "words_per_minute": measures.get("words_per_minute"),
        "fillers_per_100": measures.get("fillers_per_100_words"),
        "longest_monologue_s": measures.get("longest_monologue_s"),
        "questions_asked": measures.get("question_count"),
        "rubric_passed": sum(1 for item in items if item.get("passed")) if items else None,
        "rubric_total": len(items) or None,
    }
