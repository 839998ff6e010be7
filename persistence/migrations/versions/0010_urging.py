"""Urging letters (đôn đốc): each letter a monitor issues, and the late assignments it
urged with the deadline in force and the days late on that day.

Revision ID: 0010_urging
Revises: 0009_processes_ui
"""
import sqlalchemy as sa
from alembic import op

import persistence.types

revision = "0010_urging"
down_revision = "0009_processes_ui"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "urgings",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("issuer_agency", sa.String(length=120), nullable=False),
        sa.Column("issued_by", sa.String(length=80), nullable=False),
        sa.Column("issued_by_name", sa.String(length=200), nullable=False),
        sa.Column("issued_at", persistence.types.UTCDateTime(), nullable=False),
        sa.Column("issued_on", sa.Date(), nullable=False),
        sa.Column("subject", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_urgings")),
    )
    op.create_index("ix_urgings_issuer", "urgings", ["issuer_agency", "id"])
    op.create_table(
        "urging_items",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("urging_id", sa.Integer(), nullable=False),
        sa.Column("instance_id", sa.Integer(), nullable=False),
        sa.Column("agency_code", sa.String(length=120), nullable=False),
        sa.Column("due_date", sa.Date(), nullable=False),
        sa.Column("days_late", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["urging_id"], ["urgings.id"], name=op.f("fk_urging_items_urging_id_urgings")),
        sa.ForeignKeyConstraint(["instance_id"], ["instances.id"], name=op.f("fk_urging_items_instance_id_instances")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_urging_items")),
    )
    op.create_index("ix_urging_items_instance", "urging_items", ["instance_id", "urging_id"])
    op.create_index("ix_urging_items_urging", "urging_items", ["urging_id"])


def downgrade() -> None:
    op.drop_index("ix_urging_items_urging", table_name="urging_items")
    op.drop_index("ix_urging_items_instance", table_name="urging_items")
    op.drop_table("urging_items")
    op.drop_index("ix_urgings_issuer", table_name="urgings")
    op.drop_table("urgings")
