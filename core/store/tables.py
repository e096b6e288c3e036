"""The store's tables (SQLAlchemy Core). Columns added after the first version are nullable so a store written by an
older program migrates in place (``core.store.migrations``); none of them carries a foreign key, so migration 1 can
create today's ``scenarios`` table on a fresh database before the tables it refers to exist."""

from __future__ import annotations

import sqlalchemy as sa

metadata = sa.MetaData()
TZ = sa.DateTime(timezone=True)

schema_version = sa.Table("schema_version", metadata, sa.Column("version", sa.Integer, nullable=False))
scenarios = sa.Table(
    "scenarios",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("name", sa.String(200), nullable=False),
    sa.Column("base_id", sa.Integer, sa.ForeignKey("scenarios.id"), nullable=True),
    sa.Column("data", sa.Text, nullable=False),  # JSON: full data, or a merge patch when base_id is set
    sa.Column("version", sa.Integer, nullable=False),
    sa.Column("created_at", TZ, nullable=False),
    sa.Column("updated_at", TZ, nullable=False),
    # migration 3: the id shown in links (random), the workspace, soft deletion
    sa.Column("token", sa.String(32), nullable=True),
    sa.Column("workspace_id", sa.Integer, nullable=True),
    sa.Column("deleted_at", TZ, nullable=True),
)
results = sa.Table(
    "results",
    metadata,
    sa.Column("content_hash", sa.String(64), primary_key=True),
    sa.Column("code_version", sa.String(64), primary_key=True),
    sa.Column("kind", sa.String(40), primary_key=True),
    sa.Column("payload", sa.Text, nullable=False),  # JSON
    sa.Column("created_at", TZ, nullable=False),
)

# ---------------------------------------------------------------- migration 3: workspaces, accounts, audit
workspaces = sa.Table(
    "workspaces",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("slug", sa.String(64), nullable=False, unique=True),
    sa.Column("name", sa.String(200), nullable=False),
    sa.Column("created_at", TZ, nullable=False),
)
accounts = sa.Table(
    "accounts",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("username", sa.String(200), nullable=False, unique=True),
    sa.Column("email", sa.String(320), nullable=True),
    sa.Column("password_hash", sa.String(200), nullable=True),  # argon2id; None: signs in through OIDC only
    sa.Column("failed_count", sa.Integer, nullable=False, default=0),
    sa.Column("locked_until", TZ, nullable=True),
    sa.Column("created_at", TZ, nullable=False),
)
memberships = sa.Table(
    "memberships",
    metadata,
    sa.Column("account_id", sa.Integer, sa.ForeignKey("accounts.id"), primary_key=True),
    sa.Column("workspace_id", sa.Integer, sa.ForeignKey("workspaces.id"), primary_key=True),
    sa.Column("role", sa.String(16), nullable=False),
)
sessions = sa.Table(
    "sessions",
    metadata,
    sa.Column("token_hash", sa.String(64), primary_key=True),  # sha256 of the token; the token itself is never kept
    sa.Column("account_id", sa.Integer, sa.ForeignKey("accounts.id"), nullable=False),
    sa.Column("created_at", TZ, nullable=False),
    sa.Column("expires_at", TZ, nullable=False),
    sa.Column("ended_at", TZ, nullable=True),
)
shares = sa.Table(
    "shares",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("token_hash", sa.String(64), nullable=False, unique=True),
    sa.Column("scenario_id", sa.Integer, sa.ForeignKey("scenarios.id"), nullable=False),
    sa.Column("workspace_id", sa.Integer, sa.ForeignKey("workspaces.id"), nullable=False),
    sa.Column("role", sa.String(16), nullable=False),
    sa.Column("created_by", sa.String(200), nullable=False),
    sa.Column("created_at", TZ, nullable=False),
    sa.Column("expires_at", TZ, nullable=True),
    sa.Column("revoked_at", TZ, nullable=True),
)
audit = sa.Table(
    "audit",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("workspace_id", sa.Integer, nullable=False, index=True),
    sa.Column("scenario_id", sa.Integer, nullable=True, index=True),
    sa.Column("actor", sa.String(200), nullable=False),
    sa.Column("action", sa.String(32), nullable=False),
    sa.Column("at", TZ, nullable=False),
    sa.Column("detail", sa.Text, nullable=False),  # JSON: the merge patch of a save, old/new name, ...
)
data_requests = sa.Table(
    "data_requests",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("token_hash", sa.String(64), nullable=False, unique=True),
    sa.Column("workspace_id", sa.Integer, sa.ForeignKey("workspaces.id"), nullable=False),
    sa.Column("scenario_id", sa.Integer, sa.ForeignKey("scenarios.id"), nullable=False),
    sa.Column("tenant_id", sa.String(64), nullable=False),
    sa.Column("year", sa.Integer, nullable=False),
    sa.Column("lang", sa.String(8), nullable=False),
    sa.Column("created_by", sa.String(200), nullable=False),
    sa.Column("created_at", TZ, nullable=False),
    sa.Column("expires_at", TZ, nullable=False),
    sa.Column("status", sa.String(16), nullable=False),  # open | submitted | accepted | revoked
    sa.Column("submitted_at", TZ, nullable=True),
    sa.Column("submission", sa.Text, nullable=True),  # JSON: {field: {"value": x, "quality": q}}
    sa.Column("accepted_by", sa.String(200), nullable=True),
    sa.Column("accepted_at", TZ, nullable=True),
    sa.Column("accepted_into", sa.String(16), nullable=True),  # actuals | baseline
)
