"""outbox_retention: an index on the outbox's expiry, for deleting long-finished rows

Revision ID: outbox_retention
Revises: outbox_sending
Create Date: 2026-12-04 20:00:00
"""

from collections.abc import Sequence

from alembic import op

revision: str = "outbox_retention"
down_revision: str | None = "outbox_sending"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_index("ix_outbox_expires", "outbox", ["expires_at"])


def downgrade() -> None:
    op.drop_index("ix_outbox_expires", table_name="outbox")
