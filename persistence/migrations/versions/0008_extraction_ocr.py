"""Directive files read in the background (scans OCR'd by a worker): the job with its
progress, result and uploaded file, and the page images the review page shows.

Revision ID: 0008_extraction_ocr
Revises: 0007_lifecycle
"""
from alembic import op
import sqlalchemy as sa
import persistence.types

revision = "0008_extraction_ocr"
down_revision = "0007_lifecycle"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "extraction_jobs",
        sa.Column("id", sa.String(length=48), nullable=False),
        sa.Column("owner_login", sa.String(length=80), nullable=False),
        sa.Column("filename", sa.String(length=200), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("pages_done", sa.Integer(), nullable=False),
        sa.Column("pages_total", sa.Integer(), nullable=False),
        sa.Column("error", sa.Text(), nullable=True),
        sa.Column("created_at", persistence.types.UTCDateTime(), nullable=False),
        sa.Column("updated_at", persistence.types.UTCDateTime(), nullable=False),
        sa.Column("result_json", sa.Text(), nullable=True),
        sa.Column("file", sa.LargeBinary(), nullable=True),
        sa.Column("draft_id", sa.String(length=64), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_extraction_jobs")),
    )
    op.create_index("ix_extraction_jobs_created_at", "extraction_jobs", ["created_at"])
    op.create_table(
        "extraction_pages",
        sa.Column("job_id", sa.String(length=48), nullable=False),
        sa.Column("number", sa.Integer(), nullable=False),
        sa.Column("width", sa.Integer(), nullable=False),
        sa.Column("height", sa.Integer(), nullable=False),
        sa.Column("image", sa.LargeBinary(), nullable=False),
        sa.ForeignKeyConstraint(["job_id"], ["extraction_jobs.id"], ondelete="CASCADE",
                                name=op.f("fk_extraction_pages_job_id_extraction_jobs")),
        sa.PrimaryKeyConstraint("job_id", "number", name=op.f("pk_extraction_pages")),
    )


def downgrade() -> None:
    op.drop_table("extraction_pages")
    op.drop_index("ix_extraction_jobs_created_at", table_name="extraction_jobs")
    op.drop_table("extraction_jobs")
