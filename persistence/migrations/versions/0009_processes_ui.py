"""The process owner's screens: each deployed version keeps the change note its owner
wrote, and each owner's unfinished edit of a process is saved as a draft (one per
owner and process) so that closing the editor loses nothing.

Revision ID: 0009_processes_ui
Revises: 0008_extraction_ocr
"""
import sqlalchemy as sa
from alembic import op

import persistence.types

revision = "0009_processes_ui"
down_revision = "0008_extraction_ocr"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("process_versions", schema=None) as batch_op:
        batch_op.add_column(sa.Column("change_note", sa.Text(), nullable=True))
    op.create_table(
        "diagram_drafts",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("key", sa.String(length=100), nullable=False),
        sa.Column("owner_login", sa.String(length=80), nullable=False),
        sa.Column("xml", sa.Text(), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("base_version_id", sa.Integer(), nullable=True),
        sa.Column("updated_at", persistence.types.UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(["base_version_id"], ["process_versions.id"],
                                name=op.f("fk_diagram_drafts_base_version_id_process_versions")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_diagram_drafts")),
        sa.UniqueConstraint("key", "owner_login", name="uq_diagram_drafts_key_owner"),
    )


def downgrade() -> None:
    op.drop_table("diagram_drafts")
    with op.batch_alter_table("process_versions", schema=None) as batch_op:
        batch_op.drop_column("change_note")
