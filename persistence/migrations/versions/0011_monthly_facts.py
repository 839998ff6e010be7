"""The monthly summary's facts history: one row per change of what an assignment's
status is judged from (phase, deadline in force, acceptance due day, on-time flags,
suspension, agency), valid from the moment of the change, so a month can be counted
as it stood at its end even when the summary is run later.

Backfill: an existing instance gets one row with its current facts, valid from its
creation — what it was before the migration is not known (the audit log keeps the
phase and deadline but not the acceptance due day nor the on-time flags), so months
before the upgrade are counted with the facts of the upgrade day.

Revision ID: 0011_monthly_facts
Revises: 0010_urging
"""
import sqlalchemy as sa
from alembic import op

import persistence.types

revision = "0011_monthly_facts"
down_revision = "0010_urging"
branch_labels = None
depends_on = None

_COPIED = ("agency_id", "process_version_id", "phase", "deadline_kind", "due_date", "accept_due",
           "completed_on_time", "submitted_on_time", "suspended_at")


def upgrade() -> None:
    op.create_table(
        "instance_facts",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("instance_id", sa.Integer(), nullable=False),
        sa.Column("valid_from", persistence.types.UTCDateTime(), nullable=False),
        sa.Column("agency_id", sa.Integer(), nullable=False),
        sa.Column("process_version_id", sa.Integer(), nullable=False),
        sa.Column("phase", sa.String(length=30), nullable=False),
        sa.Column("deadline_kind", sa.String(length=20), nullable=False),
        sa.Column("due_date", sa.Date(), nullable=True),
        sa.Column("accept_due", sa.Date(), nullable=True),
        sa.Column("completed_on_time", sa.Boolean(), nullable=True),
        sa.Column("submitted_on_time", sa.Boolean(), nullable=True),
        sa.Column("suspended_at", persistence.types.UTCDateTime(), nullable=True),
        sa.ForeignKeyConstraint(["instance_id"], ["instances.id"], name=op.f("fk_instance_facts_instance_id_instances")),
        sa.ForeignKeyConstraint(["agency_id"], ["agencies.id"], name=op.f("fk_instance_facts_agency_id_agencies")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_instance_facts")),
    )
    op.create_index("ix_instance_facts_instance_valid_from", "instance_facts", ["instance_id", "valid_from"])
    columns = ", ".join(_COPIED)
    op.execute(f"INSERT INTO instance_facts (instance_id, valid_from, {columns}) "
               f"SELECT id, created_at, {columns} FROM instances ORDER BY id")


def downgrade() -> None:
    op.drop_index("ix_instance_facts_instance_valid_from", table_name="instance_facts")
    op.drop_table("instance_facts")
