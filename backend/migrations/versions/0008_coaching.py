"""coaching: session comments, recurring assignments with pass marks, certifications

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-05 02:30:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0008"
down_revision: str | None = "0007"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "session_comments",
        sa.Column("dealership_id", sa.String(length=32), nullable=False),
        sa.Column("session_id", sa.String(length=32), nullable=False),
        sa.Column("author_id", sa.String(length=32), nullable=True),
        sa.Column("at_s", sa.Double(), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("id", sa.String(length=32), nullable=False),
        sa.ForeignKeyConstraint(
            ["author_id"],
            ["users.id"],
            name=op.f("fk_session_comments_author_id_users"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["dealership_id"],
            ["dealerships.id"],
            name=op.f("fk_session_comments_dealership_id_dealerships"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["session_id"],
            ["training_sessions.id"],
            name=op.f("fk_session_comments_session_id_training_sessions"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_session_comments")),
    )
    with op.batch_alter_table("session_comments") as batch_op:
        batch_op.create_index(
            batch_op.f("ix_session_comments_dealership_id"), ["dealership_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_session_comments_session_id"), ["session_id"], unique=False
        )

    op.create_table(
        "certifications",
        sa.Column("dealership_id", sa.String(length=32), nullable=False),
        sa.Column("name", sa.String(length=120), nullable=False),
        sa.Column("description", sa.Text(), nullable=True),
        sa.Column("valid_days", sa.Integer(), nullable=True),
        sa.Column("items", sa.JSON(), nullable=False),
        sa.Column("created_by_id", sa.String(length=32), nullable=True),
        sa.Column("id", sa.String(length=32), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["created_by_id"],
            ["users.id"],
            name=op.f("fk_certifications_created_by_id_users"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["dealership_id"],
            ["dealerships.id"],
            name=op.f("fk_certifications_dealership_id_dealerships"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_certifications")),
    )
    with op.batch_alter_table("certifications") as batch_op:
        batch_op.create_index(
            batch_op.f("ix_certifications_dealership_id"), ["dealership_id"], unique=False
        )

    op.create_table(
        "certification_awards",
        sa.Column("dealership_id", sa.String(length=32), nullable=False),
        sa.Column("certification_id", sa.String(length=32), nullable=False),
        sa.Column("user_id", sa.String(length=32), nullable=False),
        sa.Column("awarded_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("id", sa.String(length=32), nullable=False),
        sa.ForeignKeyConstraint(
            ["certification_id"],
            ["certifications.id"],
            name=op.f("fk_certification_awards_certification_id_certifications"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["dealership_id"],
            ["dealerships.id"],
            name=op.f("fk_certification_awards_dealership_id_dealerships"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["users.id"],
            name=op.f("fk_certification_awards_user_id_users"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_certification_awards")),
        sa.UniqueConstraint(
            "certification_id", "user_id", name=op.f("uq_certification_awards_certification_id")
        ),
    )
    with op.batch_alter_table("certification_awards") as batch_op:
        batch_op.create_index(
            batch_op.f("ix_certification_awards_dealership_id"), ["dealership_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_certification_awards_user_id"), ["user_id"], unique=False
        )

    with op.batch_alter_table("training_assignments") as batch_op:
        # Existing assignments are one-off, held to the scenario's own pass.
        batch_op.add_column(
            sa.Column(
                "recurrence",
                sa.Enum("none", "weekly", name="recurrence", native_enum=False, length=20),
                nullable=False,
                server_default="none",
            )
        )
        batch_op.add_column(sa.Column("weekday", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("series_id", sa.String(length=32), nullable=True))
        batch_op.add_column(sa.Column("occurs_on", sa.Date(), nullable=True))
        batch_op.add_column(sa.Column("pass_mark", sa.Integer(), nullable=True))
        batch_op.add_column(
            sa.Column(
                "pass_on",
                sa.Enum("overall", "rubric", name="passon", native_enum=False, length=20),
                nullable=False,
                server_default="overall",
            )
        )
        batch_op.create_unique_constraint(
            batch_op.f("uq_training_assignments_series_id"), ["series_id", "occurs_on"]
        )
    # The defaults were for the rows already there; the models set them on new ones.
    with op.batch_alter_table("training_assignments") as batch_op:
        batch_op.alter_column("recurrence", server_default=None)
        batch_op.alter_column("pass_on", server_default=None)


def downgrade() -> None:
    with op.batch_alter_table("training_assignments") as batch_op:
        batch_op.drop_constraint(batch_op.f("uq_training_assignments_series_id"), type_="unique")
        batch_op.drop_column("pass_on")
        batch_op.drop_column("pass_mark")
        batch_op.drop_column("occurs_on")
        batch_op.drop_column("series_id")
        batch_op.drop_column("weekday")
        batch_op.drop_column("recurrence")

    with op.batch_alter_table("certification_awards") as batch_op:
        batch_op.drop_index(batch_op.f("ix_certification_awards_user_id"))
        batch_op.drop_index(batch_op.f("ix_certification_awards_dealership_id"))
    op.drop_table("certification_awards")

    with op.batch_alter_table("certifications") as batch_op:
        batch_op.drop_index(batch_op.f("ix_certifications_dealership_id"))
    op.drop_table("certifications")

    with op.batch_alter_table("session_comments") as batch_op:
        batch_op.drop_index(batch_op.f("ix_session_comments_session_id"))
        batch_op.drop_index(batch_op.f("ix_session_comments_dealership_id"))
    op.drop_table("session_comments")
