"""Sign-in hardening: each user gets a session version (a session is valid while it
carries the current one; sign-out and a password change move it on, ending every
session signed in before), and the table of failed sign-ins goes — failures are now
counted on real time by the `limits` library, in memory or in Redis
(persistence/attempt_limits.py).

Revision ID: 0003_auth_hardening
Revises: 0002_inbox_indexes
"""
import sqlalchemy as sa
from alembic import op

import persistence.types

revision = "0003_auth_hardening"
down_revision = "0002_inbox_indexes"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("users", schema=None) as batch_op:
        batch_op.add_column(sa.Column("session_version", sa.Integer(), nullable=False, server_default="0"))
    with op.batch_alter_table("login_attempts", schema=None) as batch_op:
        batch_op.drop_index("ix_login_attempts_key_at")
    op.drop_table("login_attempts")


def downgrade() -> None:
    op.create_table("login_attempts",
                    sa.Column("id", sa.Integer(), nullable=False),
                    sa.Column("key", sa.String(length=200), nullable=False),
                    sa.Column("at", persistence.types.UTCDateTime(), nullable=False),
                    sa.PrimaryKeyConstraint("id", name=op.f("pk_login_attempts")))
    with op.batch_alter_table("login_attempts", schema=None) as batch_op:
        batch_op.create_index("ix_login_attempts_key_at", ["key", "at"], unique=False)
    with op.batch_alter_table("users", schema=None) as batch_op:
        batch_op.drop_column("session_version")
