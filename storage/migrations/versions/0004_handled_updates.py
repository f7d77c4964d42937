"""handled updates: the ids of Telegram updates taken on, to recognise a redelivery;
and peer tallies: what a challenger's record keeps of friends who were forgotten

Revision ID: handled_updates
Revises: 0002
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "handled_updates"
down_revision: str | None = "pact"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "handled_updates",
        sa.Column("update_id", sa.BigInteger(), autoincrement=False, nullable=False),
        sa.Column("learner_id", sa.BigInteger(), nullable=True),
        sa.Column("received_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("done", sa.Boolean(), nullable=False),
        sa.PrimaryKeyConstraint("update_id", name=op.f("pk_handled_updates")),
    )
    with op.batch_alter_table("handled_updates", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_handled_updates_received_at"), ["received_at"], unique=False
        )

    op.create_table(
        "peer_tallies",
        sa.Column("challenger_id", sa.BigInteger(), autoincrement=False, nullable=False),
        sa.Column("friends_challenged", sa.Integer(), nullable=False),
        sa.Column("friends_who_went_on", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("challenger_id", name=op.f("pk_peer_tallies")),
    )


def downgrade() -> None:
    op.drop_table("peer_tallies")
    with op.batch_alter_table("handled_updates", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_handled_updates_received_at"))
    op.drop_table("handled_updates")
