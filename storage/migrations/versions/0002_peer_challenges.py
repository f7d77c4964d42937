"""peer challenges

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-22 03:58:49.674812
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:

    op.create_table(
        "challenges",
        sa.Column("code", sa.String(length=16), nullable=False),
        sa.Column("challenger_id", sa.BigInteger(), nullable=False),
        sa.Column("challenger_name", sa.String(length=64), nullable=False),
        sa.Column("lesson_id", sa.String(length=32), nullable=False),
        sa.Column("question_ids", sa.String(length=200), nullable=False),
        sa.Column("challenger_score", sa.Integer(), nullable=False),
        sa.Column("challenger_total", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("shared_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["challenger_id"], ["learners.id"], name=op.f("fk_challenges_challenger_id_learners")
        ),
        sa.PrimaryKeyConstraint("code", name=op.f("pk_challenges")),
    )
    with op.batch_alter_table("challenges", schema=None) as batch_op:
        batch_op.create_index(
            "ix_challenges_challenger_created", ["challenger_id", "created_at"], unique=False
        )

    with op.batch_alter_table("attempts", schema=None) as batch_op:
        batch_op.add_column(sa.Column("challenge_code", sa.String(length=16), nullable=True))
        batch_op.create_index(
            batch_op.f("ix_attempts_challenge_code"), ["challenge_code"], unique=False
        )
        batch_op.create_foreign_key(
            batch_op.f("fk_attempts_challenge_code_challenges"),
            "challenges",
            ["challenge_code"],
            ["code"],
        )


def downgrade() -> None:

    with op.batch_alter_table("attempts", schema=None) as batch_op:
        batch_op.drop_constraint(
            batch_op.f("fk_attempts_challenge_code_challenges"), type_="foreignkey"
        )
        batch_op.drop_index(batch_op.f("ix_attempts_challenge_code"))
        batch_op.drop_column("challenge_code")

    with op.batch_alter_table("challenges", schema=None) as batch_op:
        batch_op.drop_index("ix_challenges_challenger_created")

    op.drop_table("challenges")
