"""Instance migration: one row per instance moved onto another process version, with
the version it came from and its state as it was, so the move can be reverted.

Revision ID: 0005_migration
Revises: 0004_audit_admin
"""
from alembic import op
import sqlalchemy as sa
import persistence.types

revision = "0005_migration"
down_revision = "0004_audit_admin"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "instance_migrations",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("run_id", sa.String(length=36), nullable=False),
        sa.Column("instance_id", sa.Integer(), nullable=False),
        sa.Column("from_version_id", sa.Integer(), nullable=False),
        sa.Column("to_version_id", sa.Integer(), nullable=False),
        sa.Column("previous_state", sa.LargeBinary(), nullable=False),
        sa.Column("migrated_version", sa.Integer(), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("migrated_by", sa.String(length=80), nullable=False),
        sa.Column("migrated_at", persistence.types.UTCDateTime(), nullable=False),
        sa.Column("reverted_by", sa.String(length=80), nullable=True),
        sa.Column("reverted_at", persistence.types.UTCDateTime(), nullable=True),
        sa.Column("revert_reason", sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(["instance_id"], ["instances.id"],
                                name=op.f("fk_instance_migrations_instance_id_instances")),
        sa.ForeignKeyConstraint(["from_version_id"], ["process_versions.id"],
                                name=op.f("fk_instance_migrations_from_version_id_process_versions")),
        sa.ForeignKeyConstraint(["to_version_id"], ["process_versions.id"],
                                name=op.f("fk_instance_migrations_to_version_id_process_versions")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_instance_migrations")),
    )
    with op.batch_alter_table("instance_migrations", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_instance_migrations_run_id"), ["run_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_instance_migrations_instance_id"), ["instance_id"], unique=False)
    with op.batch_alter_table("instances", schema=None) as batch_op:
        batch_op.create_index("ix_instances_process_version_phase", ["process_version_id", "phase"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("instances", schema=None) as batch_op:
        batch_op.drop_index("ix_instances_process_version_phase")
    with op.batch_alter_table("instance_migrations", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_instance_migrations_instance_id"))
        batch_op.drop_index(batch_op.f("ix_instance_migrations_run_id"))
    op.drop_table("instance_migrations")
