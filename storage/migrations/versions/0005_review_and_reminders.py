"""review and reminders

Revision ID: review_and_reminders
Revises: 0002
Create Date: 2026-12-04 02:17:39.970701
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "review_and_reminders"
down_revision: str | None = "handled_updates"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "outbox",
        sa.Column(
            "id",
            sa.BigInteger().with_variant(sa.Integer(), "sqlite"),
            autoincrement=True,
            nullable=False,
        ),
        sa.Column("chat_id", sa.BigInteger(), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("payload", sa.Text(), nullable=False),
        sa.Column("due_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("claim", sa.String(length=32), nullable=True),
        sa.Column("claimed_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("tries", sa.Integer(), nullable=False),
        sa.Column("sent_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("outcome", sa.String(length=16), nullable=True),
        sa.Column("dedupe", sa.String(length=64), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_outbox")),
        sa.UniqueConstraint("dedupe", name=op.f("uq_outbox_dedupe")),
    )
    with op.batch_alter_table("outbox", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_outbox_chat_id"), ["chat_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_outbox_claim"), ["claim"], unique=False)
        batch_op.create_index("ix_outbox_pending", ["sent_at", "due_at"], unique=False)

    op.create_table(
        "review_cards",
        sa.Column("learner_id", sa.BigInteger(), nullable=False),
        sa.Column("technique", sa.String(length=32), nullable=False),
        sa.Column("due", sa.DateTime(timezone=True), nullable=False),
        sa.Column("state", sa.Integer(), nullable=False),
        sa.Column("step", sa.Integer(), nullable=True),
        sa.Column("stability", sa.Float(), nullable=True),
        sa.Column("difficulty", sa.Float(), nullable=True),
        sa.Column("last_review", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["learner_id"], ["learners.id"], name=op.f("fk_review_cards_learner_id_learners")
        ),
        sa.PrimaryKeyConstraint("learner_id", "technique", name=op.f("pk_review_cards")),
    )
    with op.batch_alter_table("review_cards", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_review_cards_due"), ["due"], unique=False)

    op.create_table(
        "review_rounds",
        sa.Column(
            "id",
            sa.BigInteger().with_variant(sa.Integer(), "sqlite"),
            autoincrement=True,
            nullable=False,
        ),
        sa.Column("learner_id", sa.BigInteger(), nullable=False),
        sa.Column("question_ids", sa.String(length=200), nullable=False),
        sa.Column("started_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("bonus", sa.Boolean(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("finished_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["learner_id"], ["learners.id"], name=op.f("fk_review_rounds_learner_id_learners")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_review_rounds")),
    )
    with op.batch_alter_table("review_rounds", schema=None) as batch_op:
        batch_op.create_index(
            "ix_review_rounds_learner_open", ["learner_id", "finished_at"], unique=False
        )

    op.create_table(
        "rhythms",
        sa.Column("learner_id", sa.BigInteger(), nullable=False),
        sa.Column("asked", sa.Boolean(), nullable=False),
        sa.Column("reminders", sa.Boolean(), nullable=False),
        sa.Column("hour", sa.Integer(), nullable=True),
        sa.Column("utc_offset", sa.Integer(), nullable=True),
        sa.Column("quiet_from", sa.Integer(), nullable=False),
        sa.Column("quiet_until", sa.Integer(), nullable=False),
        sa.Column("ignored", sa.Integer(), nullable=False),
        sa.Column("last_reminded", sa.DateTime(timezone=True), nullable=True),
        sa.Column("inactive_since", sa.DateTime(timezone=True), nullable=True),
        sa.Column("weekly_goal", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["learner_id"], ["learners.id"], name=op.f("fk_rhythms_learner_id_learners")
        ),
        sa.PrimaryKeyConstraint("learner_id", name=op.f("pk_rhythms")),
    )
    op.create_table(
        "review_answers",
        sa.Column(
            "id",
            sa.BigInteger().with_variant(sa.Integer(), "sqlite"),
            autoincrement=True,
            nullable=False,
        ),
        sa.Column("round_id", sa.BigInteger(), nullable=False),
        sa.Column("learner_id", sa.BigInteger(), nullable=False),
        sa.Column("question_id", sa.String(length=32), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("choice", sa.String(length=64), nullable=False),
        sa.Column("correct", sa.Boolean(), nullable=False),
        sa.Column("confidence", sa.Integer(), nullable=True),
        sa.Column("answered_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["learner_id"], ["learners.id"], name=op.f("fk_review_answers_learner_id_learners")
        ),
        sa.ForeignKeyConstraint(
            ["round_id"],
            ["review_rounds.id"],
            name=op.f("fk_review_answers_round_id_review_rounds"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_review_answers")),
        sa.UniqueConstraint("round_id", "position", name=op.f("uq_review_answers_round_id")),
    )
    with op.batch_alter_table("review_answers", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_review_answers_learner_id"), ["learner_id"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("review_answers", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_review_answers_learner_id"))

    op.drop_table("review_answers")
    op.drop_table("rhythms")
    with op.batch_alter_table("review_rounds", schema=None) as batch_op:
        batch_op.drop_index("ix_review_rounds_learner_open")

    op.drop_table("review_rounds")
    with op.batch_alter_table("review_cards", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_review_cards_due"))

    op.drop_table("review_cards")
    with op.batch_alter_table("outbox", schema=None) as batch_op:
        batch_op.drop_index("ix_outbox_pending")
        batch_op.drop_index(batch_op.f("ix_outbox_claim"))
        batch_op.drop_index(batch_op.f("ix_outbox_chat_id"))

    op.drop_table("outbox")
