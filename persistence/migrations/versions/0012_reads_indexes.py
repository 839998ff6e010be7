"""Indexes the task list and the dashboards need at a million assignments:

- ``ix_instances_agency_judged``: an agency's assignments with every column their
  status and count column are judged from (engine.domain.status) and their task, so an
  agency's counts, the count of its task list by status and the directives giving it a
  task are read from the index alone (a leader's task list spent most of its time on
  the instances' and tasks' pages). It starts with ``agency_id`` and replaces
  ``ix_instances_agency_id``, so every query that one served is still served.
- ``ix_tasks_id_directive``: a task's directive without reading the task row (its text).
- ``ix_instances_escalation``: the assignments escalated to the authority, which each
  dashboard lists, without reading every instance.

Revision ID: 0012_reads_indexes
Revises: 0011_monthly_facts
"""
from alembic import op

revision = "0012_reads_indexes"
down_revision = "0011_monthly_facts"
branch_labels = None
depends_on = None

JUDGED = ["agency_id", "phase", "due_date", "accept_due", "completed_on_time", "submitted_on_time",
          "process_version_id", "task_id"]


def upgrade() -> None:
    op.create_index("ix_instances_agency_judged", "instances", JUDGED)
    op.drop_index("ix_instances_agency_id", table_name="instances")
    op.create_index("ix_instances_escalation", "instances", ["escalation"])
    op.create_index("ix_tasks_id_directive", "tasks", ["id", "directive_id"])


def downgrade() -> None:
    op.drop_index("ix_tasks_id_directive", table_name="tasks")
    op.drop_index("ix_instances_escalation", table_name="instances")
    op.create_index("ix_instances_agency_id", "instances", ["agency_id"])
    op.drop_index("ix_instances_agency_judged", table_name="instances")
