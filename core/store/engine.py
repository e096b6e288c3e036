"""Where the store lives: ``DATABASE_URL`` (PostgreSQL through psycopg 3) or a SQLite file, and the engine for it."""

from __future__ import annotations

import os
from pathlib import Path

import sqlalchemy as sa
from sqlalchemy.engine import Engine


def default_url() -> str:
    """``DATABASE_URL`` if set, else a SQLite file at ``LCZP_DB`` or ``~/.lczp/scenarios.sqlite``."""
    url = os.environ.get("DATABASE_URL")
    if url:
        return normalise_url(url)
    path = Path(os.environ.get("LCZP_DB") or Path.home() / ".lczp" / "scenarios.sqlite")
    return f"sqlite:///{path}"


def normalise_url(url: str) -> str:
    """Use psycopg 3 for PostgreSQL URLs that name no driver."""
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix) :]
    return url


def make_engine(url: str) -> Engine:
    if url.startswith("sqlite"):
        db = url.split("///", 1)[-1]
        if db and db != ":memory:":
            Path(db).parent.mkdir(parents=True, exist_ok=True)
        engine = sa.create_engine(url, connect_args={"timeout": 30, "check_same_thread": False})

        @sa.event.listens_for(engine, "connect")
        def _pragmas(dbapi_conn, _record):  # noqa: ANN001 - SQLAlchemy event signature
            # SQLAlchemy's pysqlite recipe: the driver opens no transactions of its own (it would leave DDL
            # outside them), SQLAlchemy emits BEGIN below, so a migration's CREATE TABLEs commit together
            dbapi_conn.isolation_level = None
            cur = dbapi_conn.cursor()
            cur.execute("PRAGMA busy_timeout=30000")
            cur.execute("PRAGMA journal_mode=WAL")  # readers do not block the writer
            cur.execute("PRAGMA foreign_keys=ON")
            cur.close()

        @sa.event.listens_for(engine, "begin")
        def _begin(conn):  # noqa: ANN001 - SQLAlchemy event signature
            immediate = conn.get_execution_options().get("sqlite_immediate")
            conn.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")

        return engine
    return sa.create_engine(url, pool_pre_ping=True, pool_size=10, max_overflow=10)
