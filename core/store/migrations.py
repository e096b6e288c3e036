"""Versioned schema: ``schema_version`` holds the number of applied migrations, ``MIGRATIONS`` lists them in order.

All pending migrations run in one transaction under a lock (one process at a time; DDL is transactional on both
databases, so a process killed mid-way leaves the store as it was). Never edit an applied migration; append one.
"""

from __future__ import annotations

import secrets
from collections.abc import Callable
from datetime import UTC, datetime

import sqlalchemy as sa
from sqlalchemy.engine import Connection, Engine

from core.store.errors import StoreError
from core.store.tables import (
    accounts,
    audit,
    data_requests,
    memberships,
    results,
    scenarios,
    schema_version,
    sessions,
    shares,
    workspaces,
)

LOCAL_WORKSPACE = "local"  # the laptop's workspace; scenarios of stores older than workspaces move here


def new_token(nbytes: int = 12) -> str:
    """A random URL-safe token that never reads as a number (numbers are the old sequential ids)."""
    while True:
        token = secrets.token_urlsafe(nbytes)
        if not token.isdigit():
            return token


def _m1_initial(conn: Connection) -> None:
    # checkfirst: a store left by an older version killed mid-migration has the tables but no version row
    scenarios.create(conn, checkfirst=True)
    results.create(conn, checkfirst=True)


def _m2_name_index(conn: Connection) -> None:
    # plain DDL: an sa.Index object would attach itself to the shared Table and leak into migration 1
    conn.execute(sa.text("CREATE INDEX IF NOT EXISTS ix_scenarios_name ON scenarios (name)"))
    conn.execute(sa.text("CREATE INDEX IF NOT EXISTS ix_scenarios_base_id ON scenarios (base_id)"))


def _m3_workspaces(conn: Connection) -> None:
    """Workspaces, accounts, roles, sessions, share links, audit trail, tenant data requests; scenarios get a
    random token (the id in links), a workspace (old rows: the local one) and a soft-delete time."""
    for table in (workspaces, accounts, memberships, sessions, shares, audit, data_requests):
        table.create(conn, checkfirst=True)
    have = {c["name"] for c in sa.inspect(conn).get_columns("scenarios")}
    if "token" not in have:
        conn.execute(sa.text("ALTER TABLE scenarios ADD COLUMN token VARCHAR(32)"))
    if "workspace_id" not in have:
        conn.execute(sa.text("ALTER TABLE scenarios ADD COLUMN workspace_id INTEGER"))
    if "deleted_at" not in have:
        pg = conn.dialect.name == "postgresql"
        conn.execute(
            sa.text("ALTER TABLE scenarios ADD COLUMN deleted_at TIMESTAMP WITH TIME ZONE")
            if pg
            else sa.text("ALTER TABLE scenarios ADD COLUMN deleted_at DATETIME")
        )
    local = conn.execute(sa.select(workspaces.c.id).where(workspaces.c.slug == LOCAL_WORKSPACE)).scalar()
    if local is None:
        local = conn.execute(
            sa.insert(workspaces)
            .values(slug=LOCAL_WORKSPACE, name="Local", created_at=datetime.now(UTC))
            .returning(workspaces.c.id)
        ).scalar_one()
    conn.execute(sa.update(scenarios).where(scenarios.c.workspace_id.is_(None)).values(workspace_id=local))
    for (row_id,) in conn.execute(sa.select(scenarios.c.id).where(scenarios.c.token.is_(None))).all():
        conn.execute(sa.update(scenarios).where(scenarios.c.id == row_id).values(token=new_token()))
    conn.execute(sa.text("CREATE UNIQUE INDEX IF NOT EXISTS ix_scenarios_token ON scenarios (token)"))
    conn.execute(sa.text("CREATE INDEX IF NOT EXISTS ix_scenarios_workspace ON scenarios (workspace_id)"))


# Ordered; never edit an applied one, append a new function instead.
MIGRATIONS: list[Callable[[Connection], None]] = [_m1_initial, _m2_name_index, _m3_workspaces]


_MIGRATION_LOCK = 0x4C435A50  # pg_advisory_xact_lock key ("LCZP")


def _lock_for_migration(conn: Connection) -> None:
    """Serialise migrations across processes: SQLite takes the write lock at BEGIN IMMEDIATE (see make_engine);
    PostgreSQL an advisory lock held until the transaction ends."""
    if conn.dialect.name == "postgresql":
        conn.execute(sa.text("SELECT pg_advisory_xact_lock(:k)"), {"k": _MIGRATION_LOCK})


def migrate(engine: Engine) -> int:
    """Apply the migrations the database lacks, all in one transaction that holds a lock; returns the schema
    version now in place."""
    for attempt in range(3):  # a lock wait that timed out: try again
        try:
            with engine.connect().execution_options(sqlite_immediate=True) as conn, conn.begin():
                _lock_for_migration(conn)
                schema_version.create(conn, checkfirst=True)
                current = conn.execute(sa.select(sa.func.max(schema_version.c.version))).scalar() or 0
                if current > len(MIGRATIONS):
                    raise StoreError(
                        f"the database has schema version {current}, newer than this program knows "
                        f"({len(MIGRATIONS)}); update the program"
                    )
                for number in range(current + 1, len(MIGRATIONS) + 1):
                    MIGRATIONS[number - 1](conn)
                    conn.execute(sa.delete(schema_version))
                    conn.execute(sa.insert(schema_version).values(version=number))
                return len(MIGRATIONS)
        except sa.exc.OperationalError:
            if attempt == 2:
                raise
    return len(MIGRATIONS)
