"""The audit chain's positions and signed checkpoint, the audit search's indexes and
the users' "must change the password" flag.

- ``audit_log.seq``: every row's position in the chain (1, 2, 3 …), numbered here in
  id order for the rows already there, unique; a removed row leaves a gap.
- ``audit_head``: the chain's head (position, hash), HMAC-signed with the key chidao
  passes in (``chidao init``); without a key it starts unsigned, and the first
  append marks it broken (engine/domain/audit.py).
- indexes for searching the log by task, actor, agency, directive, action and time,
  newest first (each ends with the id the pages are ordered and cut by); the task
  index replaces the one on instance_id alone.
- ``users.must_change_password``: set by an administrator's reset.

Revision ID: 0004_audit_admin
Revises: 0003_auth_hardening
"""
import sqlalchemy as sa
from alembic import context, op

from engine.domain.audit import checkpoint_mac

revision = "0004_audit_admin"
down_revision = "0003_auth_hardening"
branch_labels = None
depends_on = None

_SEARCH_INDEXES = {
    "ix_audit_log_instance": ["instance_id", "id"],
    "ix_audit_log_actor": ["actor_login", "id"],
    "ix_audit_log_agency": ["agency_code", "id"],
    "ix_audit_log_directive": ["directive_id", "id"],
    "ix_audit_log_action": ["action", "id"],
    "ix_audit_log_at": ["at", "id"],
}


def upgrade() -> None:
    with op.batch_alter_table("audit_log") as batch:
        batch.add_column(sa.Column("seq", sa.BigInteger(), nullable=True))
    op.execute("UPDATE audit_log SET seq = numbered.position FROM "
               "(SELECT id, row_number() OVER (ORDER BY id) AS position FROM audit_log) AS numbered "
               "WHERE audit_log.id = numbered.id")
    with op.batch_alter_table("audit_log") as batch:
        batch.alter_column("seq", existing_type=sa.BigInteger(), nullable=False)
        batch.drop_index("ix_audit_log_instance_id")
        batch.create_index("ix_audit_log_seq", ["seq"], unique=True)
        for name, columns in _SEARCH_INDEXES.items():
            batch.create_index(name, columns)
    op.create_table(
        "audit_head",
        sa.Column("id", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("seq", sa.BigInteger(), nullable=False),
        sa.Column("hash", sa.String(64), nullable=False),
        sa.Column("broken_since", sa.BigInteger(), nullable=True),
        sa.Column("mac", sa.String(64), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_audit_head")),
    )
    _start_checkpoint()
    with op.batch_alter_table("users") as batch:
        batch.add_column(sa.Column("must_change_password", sa.Boolean(), nullable=False,
                                   server_default=sa.false()))


def _start_checkpoint() -> None:
    """The head of the rows already there, signed when chidao passed its key."""
    bind = op.get_bind()
    newest = bind.execute(sa.text("SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1")).first()
    seq, head_hash = (newest[0], newest[1]) if newest else (0, "")
    key = context.config.attributes.get("audit_key")
    mac = checkpoint_mac(key, seq, head_hash, None) if key else ""
    bind.execute(sa.text("INSERT INTO audit_head (id, seq, hash, broken_since, mac, updated_at) "
                         "VALUES (1, :seq, :hash, NULL, :mac, NULL)"), {"seq": seq, "hash": head_hash, "mac": mac})


def downgrade() -> None:
    with op.batch_alter_table("users") as batch:
        batch.drop_column("must_change_password")
    op.drop_table("audit_head")
    with op.batch_alter_table("audit_log") as batch:
        for name in _SEARCH_INDEXES:
            batch.drop_index(name)
        batch.drop_index("ix_audit_log_seq")
        batch.create_index("ix_audit_log_instance_id", ["instance_id"])
        batch.drop_column("seq")
