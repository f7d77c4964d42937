"""scale: indexes that keep every statement a learner waits for cheap at a million learners

Revision ID: scale
Revises: 0002
Create Date: 2026-12-04 03:20:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "scale"
down_revision: str | None = "review_and_reminders"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # best_result: the learner's finished attempts at one lesson. Without it the planner
    # may walk every attempt that is not a challenge run (ix_attempts_challenge_code).
    op.create_index("ix_attempts_learner_lesson", "attempts", ["learner_id", "lesson_id"])
    # learners.id was BIGINT, so on SQLite not the rowid: finding a learner took two B-tree
    # searches (the primary key's index, then the table). As INTEGER it is the rowid (64
    # bits, as Telegram's ids need), and one search. The table is rebuilt, which
    # storage.migrate allows by running migrations with foreign keys checked at the end.
    if op.get_bind().dialect.name == "sqlite":
        with op.batch_alter_table("learners", recreate="always") as batch:
            batch.alter_column("id", type_=sa.Integer(), existing_type=sa.BigInteger())
    # pruning a learner's old polls, and nothing else, as each new poll is saved
    op.create_index("ix_polls_learner_sent", "polls", ["learner_id", "sent_at"])


def downgrade() -> None:
    op.drop_index("ix_polls_learner_sent", table_name="polls")
    if op.get_bind().dialect.name == "sqlite":
        with op.batch_alter_table("learners", recreate="always") as batch:
            batch.alter_column("id", type_=sa.BigInteger(), existing_type=sa.Integer())
    op.drop_index("ix_attempts_learner_lesson", table_name="attempts")
