"""group_rounds: a class's group, the quiz rounds played there, their polls and votes

Revision ID: group_rounds
Revises: classes
Create Date: 2026-12-04 19:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "group_rounds"
down_revision: str | None = "classes"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

UTC_TIME = sa.DateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        "class_groups",
        sa.Column("class_id", sa.BigInteger(), nullable=False),
        sa.Column("code", sa.String(length=24), nullable=False),
        sa.Column("chat_id", sa.BigInteger(), nullable=True),
        sa.Column("bound_at", UTC_TIME, nullable=True),
        sa.ForeignKeyConstraint(
            ["class_id"], ["classes.id"], name=op.f("fk_class_groups_class_id_classes")
        ),
        sa.PrimaryKeyConstraint("class_id", name=op.f("pk_class_groups")),
        sa.UniqueConstraint("code", name=op.f("uq_class_groups_code")),
    )
    with op.batch_alter_table("class_groups", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_class_groups_chat_id"), ["chat_id"], unique=False)
    op.create_table(
        "group_rounds",
        sa.Column("id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("class_id", sa.BigInteger(), nullable=False),
        sa.Column("chat_id", sa.BigInteger(), nullable=False),
        sa.Column("theme", sa.String(length=32), nullable=False),
        sa.Column("item_ids", sa.String(length=400), nullable=False),
        sa.Column("started_at", UTC_TIME, nullable=False),
        sa.Column("finished_at", UTC_TIME, nullable=True),
        sa.Column("claimed_until", UTC_TIME, nullable=True),
        sa.ForeignKeyConstraint(
            ["class_id"], ["classes.id"], name=op.f("fk_group_rounds_class_id_classes")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_group_rounds")),
    )
    with op.batch_alter_table("group_rounds", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_group_rounds_class_id"), ["class_id"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_group_rounds_finished_at"), ["finished_at"], unique=False
        )
    op.create_table(
        "group_round_polls",
        sa.Column("poll_id", sa.String(length=64), nullable=False),
        sa.Column("round_id", sa.BigInteger(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("item_id", sa.String(length=64), nullable=False),
        sa.Column("correct_option", sa.Integer(), nullable=False),
        sa.Column("closes_at", UTC_TIME, nullable=False),
        sa.ForeignKeyConstraint(
            ["round_id"],
            ["group_rounds.id"],
            name=op.f("fk_group_round_polls_round_id_group_rounds"),
        ),
        sa.PrimaryKeyConstraint("poll_id", name=op.f("pk_group_round_polls")),
    )
    with op.batch_alter_table("group_round_polls", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_group_round_polls_round_id"), ["round_id"], unique=False
        )
    op.create_table(
        "group_round_answers",
        sa.Column("poll_id", sa.String(length=64), nullable=False),
        sa.Column("learner_id", sa.BigInteger(), nullable=False),
        sa.Column("option", sa.Integer(), nullable=False),
        sa.Column("answered_at", UTC_TIME, nullable=False),
        sa.ForeignKeyConstraint(
            ["learner_id"],
            ["learners.id"],
            name=op.f("fk_group_round_answers_learner_id_learners"),
        ),
        sa.ForeignKeyConstraint(
            ["poll_id"],
            ["group_round_polls.poll_id"],
            name=op.f("fk_group_round_answers_poll_id_group_round_polls"),
        ),
        sa.PrimaryKeyConstraint("poll_id", "learner_id", name=op.f("pk_group_round_answers")),
    )
    with op.batch_alter_table("group_round_answers", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_group_round_answers_learner_id"), ["learner_id"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("group_round_answers", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_group_round_answers_learner_id"))
    op.drop_table("group_round_answers")
    with op.batch_alter_table("group_round_polls", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_group_round_polls_round_id"))
    op.drop_table("group_round_polls")
    with op.batch_alter_table("group_rounds", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_group_rounds_finished_at"))
        batch_op.drop_index(batch_op.f("ix_group_rounds_class_id"))
    op.drop_table("group_rounds")
    with op.batch_alter_table("class_groups", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_class_groups_chat_id"))
    op.drop_table("class_groups")
