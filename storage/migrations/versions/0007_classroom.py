"""classroom: the MIL check's runs and answers

Revision ID: classroom
Revises: 0002
Create Date: 2026-12-04 03:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "classroom"
down_revision: str | None = "scale"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "mil_check_runs",
        sa.Column("id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("learner_id", sa.BigInteger(), nullable=False),
        sa.Column("phase", sa.String(length=4), nullable=False),
        sa.Column("form", sa.String(length=1), nullable=False),
        sa.Column("started_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("finished_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["learner_id"], ["learners.id"], name=op.f("fk_mil_check_runs_learner_id_learners")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_mil_check_runs")),
    )
    with op.batch_alter_table("mil_check_runs", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_mil_check_runs_learner_id"), ["learner_id"], unique=False
        )
    op.create_table(
        "mil_check_answers",
        sa.Column("run_id", sa.BigInteger(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("item_id", sa.String(length=32), nullable=False),
        sa.Column("said_manipulative", sa.Boolean(), nullable=False),
        sa.Column("answered_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["run_id"],
            ["mil_check_runs.id"],
            name=op.f("fk_mil_check_answers_run_id_mil_check_runs"),
        ),
        sa.PrimaryKeyConstraint("run_id", "position", name=op.f("pk_mil_check_answers")),
    )


def downgrade() -> None:
    op.drop_table("mil_check_answers")
    with op.batch_alter_table("mil_check_runs", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_mil_check_runs_learner_id"))
    op.drop_table("mil_check_runs")
