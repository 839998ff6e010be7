"""The monthly summary counted in the database: each facts row says until when it was
valid (``valid_to``: the earliest ``valid_from`` of its instance's later rows, NULL for
the last) and which directive it counts for (``directive_id``, its task's), so "each
assignment as it stood at month end" is a WHERE on the rows and the counts a GROUP BY;
indexes for one directive's, one agency's and the late lists' reads and for what
changed in a month (rows valid from it, closed in it, due in it); and the table
that keeps the whole province's counts of a month that has ended (a cache, empty here:
the first reading of each month fills it).

Backfill: ``valid_to`` and ``directive_id`` of every existing row, from the rows and
the tasks themselves (nothing is guessed).

Revision ID: 0013_month_end_counts
Revises: 0012_reads_indexes
"""
import sqlalchemy as sa
from alembic import op

import persistence.types

revision = "0013_month_end_counts"
down_revision = "0012_reads_indexes"
branch_labels = None
depends_on = None
_CHANGE_COLUMNS = ("valid_from", "valid_to", "due_date")      # what changed in a month, found by index


def upgrade() -> None:
    with op.batch_alter_table("instance_facts") as batch:
        batch.add_column(sa.Column("valid_to", persistence.types.UTCDateTime(), nullable=True))
        batch.add_column(sa.Column("directive_id", sa.Integer(), nullable=True))
    # one UPDATE: on PostgreSQL each row rewritten once (VACUUM FULL instance_facts after
    # upgrading a large database gives the space back)
    op.execute("UPDATE instance_facts SET valid_to = later.valid_to, directive_id = later.directive_id FROM "
               "(SELECT f.id, min(f.valid_from) OVER (PARTITION BY f.instance_id ORDER BY f.id "
               "ROWS BETWEEN 1 FOLLOWING AND UNBOUNDED FOLLOWING) AS valid_to, t.directive_id "
               "FROM instance_facts f JOIN instances i ON i.id = f.instance_id JOIN tasks t ON t.id = i.task_id) "
               "AS later WHERE instance_facts.id = later.id")
    with op.batch_alter_table("instance_facts") as batch:
        batch.alter_column("directive_id", existing_type=sa.Integer(), nullable=False)
        batch.create_foreign_key(op.f("fk_instance_facts_directive_id_directives"), "directives",
                                 ["directive_id"], ["id"])
        batch.create_index("ix_instance_facts_directive", ["directive_id"])
        for column in _CHANGE_COLUMNS:
            batch.create_index(f"ix_instance_facts_{column}", [column])
    # an agency's late list in due order; on PostgreSQL the index alone answers its filter
    op.create_index("ix_instance_facts_agency_due", "instance_facts", ["agency_id", "due_date", "directive_id"],
                    postgresql_include=["id", "valid_from", "valid_to", "phase", "completed_on_time",
                                        "submitted_on_time"])
    op.create_table(
        "month_end_snapshots",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("moment", persistence.types.UTCDateTime(), nullable=False),
        sa.Column("rules_key", sa.String(length=32), nullable=False),
        sa.Column("kept_at", persistence.types.UTCDateTime(), nullable=False),
        sa.Column("counts", sa.JSON(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_month_end_snapshots")),
        sa.UniqueConstraint("moment", name="uq_month_end_snapshots_moment"),
    )


def downgrade() -> None:
    op.drop_table("month_end_snapshots")
    op.drop_index("ix_instance_facts_agency_due", table_name="instance_facts")
    with op.batch_alter_table("instance_facts") as batch:
        for column in _CHANGE_COLUMNS:
            batch.drop_index(f"ix_instance_facts_{column}")
        batch.drop_index("ix_instance_facts_directive")
        batch.drop_constraint(op.f("fk_instance_facts_directive_id_directives"), type_="foreignkey")
        batch.drop_column("directive_id")
        batch.drop_column("valid_to")
