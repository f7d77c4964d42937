"""class_post_checks: the classes whose teacher opened the post MIL check

Revision ID: class_post_checks
Revises: group_rounds
Create Date: 2026-12-04 19:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "class_post_checks"
down_revision: str | None = "group_rounds"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "class_post_checks",
        sa.Column("class_id", sa.BigInteger(), nullable=False),
        sa.Column("opened_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["class_id"], ["classes.id"], name=op.f("fk_class_post_checks_class_id_classes")
        ),
        sa.PrimaryKeyConstraint("class_id", name=op.f("pk_class_post_checks")),
    )


def downgrade() -> None:
    op.drop_table("class_post_checks")
