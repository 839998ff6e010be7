"""The lifecycle of issue 14: what lists and counts need to judge acceptance, reviews
in time and suspension (instances.accept_due, submitted_on_time, suspended_at), the
report period of a pending step (pending_steps.period), and each monthly report's due
day, so a period nobody filed shows as missed (reports.due_date).

Revision ID: 0007_lifecycle
Revises: 0006_api
"""
from alembic import op
import sqlalchemy as sa

import persistence.types

revision = "0007_lifecycle"
down_revision = "0006_api"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("instances", schema=None) as batch_op:
        batch_op.add_column(sa.Column("accept_due", sa.Date(), nullable=True))
        batch_op.add_column(sa.Column("submitted_on_time", sa.Boolean(), nullable=True))
        batch_op.add_column(sa.Column("suspended_at", persistence.types.UTCDateTime(), nullable=True))
    with op.batch_alter_table("pending_steps", schema=None) as batch_op:
        batch_op.add_column(sa.Column("period", sa.String(length=7), nullable=True))
    with op.batch_alter_table("reports", schema=None) as batch_op:
        batch_op.add_column(sa.Column("due_date", sa.Date(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("reports", schema=None) as batch_op:
        batch_op.drop_column("due_date")
    with op.batch_alter_table("pending_steps", schema=None) as batch_op:
        batch_op.drop_column("period")
    with op.batch_alter_table("instances", schema=None) as batch_op:
        batch_op.drop_column("suspended_at")
        batch_op.drop_column("submitted_on_time")
        batch_op.drop_column("accept_due")
