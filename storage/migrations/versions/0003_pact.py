"""the MIL CLICKS pact

Revision ID: pact
Revises: 0002
Create Date: 2026-12-04 02:30:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "pact"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "pacts",
        sa.Column("learner_id", sa.BigInteger(), autoincrement=False, nullable=False),
        sa.Column("taken_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["learner_id"], ["learners.id"], name=op.f("fk_pacts_learner_id_learners")
        ),
        sa.PrimaryKeyConstraint("learner_id", name=op.f("pk_pacts")),
    )


def downgrade() -> None:
    op.drop_table("pacts")
