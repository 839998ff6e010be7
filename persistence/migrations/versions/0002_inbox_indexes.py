"""Indexes the inbox needs at scale (100,000 tasks): covering indexes over the pending
steps, one per way a step is someone's (assigned to them; their agency and role), so
the counts and the page are read from the index alone; and one for the unread count
every page header shows.

The two new pending-step indexes start with the columns of the two they replace, so
every query those served is still served.

Revision ID: 0002_inbox_indexes
Revises: 0001
"""
from alembic import op

revision = "0002_inbox_indexes"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.drop_index("ix_pending_steps_agency_role_due", table_name="pending_steps")
    op.drop_index("ix_pending_steps_assignee_due", table_name="pending_steps")
    op.create_index("ix_pending_steps_agency_inbox", "pending_steps",
                    ["agency_id", "role", "optional", "assignee_login", "due_date", "form", "id", "instance_id"])
    op.create_index("ix_pending_steps_assignee_inbox", "pending_steps",
                    ["assignee_login", "optional", "due_date", "form", "id", "instance_id"])
    op.create_index("ix_notifications_user_unread", "notifications", ["user_login", "read_at"])


def downgrade() -> None:
    op.drop_index("ix_notifications_user_unread", table_name="notifications")
    op.drop_index("ix_pending_steps_assignee_inbox", table_name="pending_steps")
    op.drop_index("ix_pending_steps_agency_inbox", table_name="pending_steps")
    op.create_index("ix_pending_steps_assignee_due", "pending_steps", ["assignee_login", "optional", "due_date"])
    op.create_index("ix_pending_steps_agency_role_due", "pending_steps", ["agency_id", "role", "optional", "due_date"])
