"""Scenario store: scenarios and cached results in a SQL database through SQLAlchemy.

SQLite file by default (``LCZP_DB`` or ``~/.lczp/scenarios.sqlite``), PostgreSQL when
``DATABASE_URL`` is set. The schema is versioned: ``schema_version`` holds the number of applied
migrations and ``MIGRATIONS`` lists them in order. A scenario row holds either full data (a base)
or a JSON merge patch over its base (a variant, ``base_id`` set); see ``core.overrides``.

No lost work: ``save(id, data, expected_version)`` updates only if the row still has the version
the caller read (one atomic ``UPDATE ... WHERE version = :expected``), else ``ConflictError``.
Every write runs in one transaction: a failure leaves the store as it was. SQL is parameterised.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from functools import cache
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection, Engine

from core.errors import Issue, ScenarioError
from core.loader import dump_scenario, parse_scenario, validate_data
from core.overrides import Data, content_hash, make_patch, merge_patch, scenario_data
from core.schema import Scenario

MAX_VARIANT_DEPTH = 10

metadata = sa.MetaData()
schema_version = sa.Table("schema_version", metadata, sa.Column("version", sa.Integer, nullable=False))
scenarios = sa.Table(
    "scenarios",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("name", sa.String(200), nullable=False),
    sa.Column("base_id", sa.Integer, sa.ForeignKey("scenarios.id"), nullable=True),
    sa.Column("data", sa.Text, nullable=False),  # JSON: full data, or a merge patch when base_id is set
    sa.Column("version", sa.Integer, nullable=False),
    sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
)
results = sa.Table(
    "results",
    metadata,
    sa.Column("content_hash", sa.String(64), primary_key=True),
    sa.Column("code_version", sa.String(64), primary_key=True),
    sa.Column("kind", sa.String(40), primary_key=True),
    sa.Column("payload", sa.Text, nullable=False),  # JSON
    sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
)


# ---------------------------------------------------------------- migrations


def _m1_initial(conn: Connection) -> None:
    # checkfirst: a store left by an older version killed mid-migration has the tables but no version row
    scenarios.create(conn, checkfirst=True)
    results.create(conn, checkfirst=True)


def _m2_name_index(conn: Connection) -> None:
    # plain DDL: an sa.Index object would attach itself to the shared Table and leak into migration 1
    conn.execute(sa.text("CREATE INDEX IF NOT EXISTS ix_scenarios_name ON scenarios (name)"))
    conn.execute(sa.text("CREATE INDEX IF NOT EXISTS ix_scenarios_base_id ON scenarios (base_id)"))


# Ordered; never edit an applied one, append a new function instead.
MIGRATIONS: list[Callable[[Connection], None]] = [_m1_initial, _m2_name_index]


_MIGRATION_LOCK = 0x4C435A50  # pg_advisory_xact_lock key ("LCZP")


def _lock_for_migration(conn: Connection) -> None:
    """Serialise migrations across processes: SQLite takes the write lock at BEGIN IMMEDIATE (see make_engine);
    PostgreSQL an advisory lock held until the transaction ends."""
    if conn.dialect.name == "postgresql":
        conn.execute(sa.text("SELECT pg_advisory_xact_lock(:k)"), {"k": _MIGRATION_LOCK})


def migrate(engine: Engine) -> int:
    """Apply the migrations the database lacks, all in one transaction that holds a lock (one process at a
    time; DDL is transactional on both databases, so a process killed mid-way leaves the store as it was);
    returns the schema version now in place."""
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


# ---------------------------------------------------------------- errors and records


class StoreError(Exception):
    """A store operation that cannot be done (unknown id, a base that still has variants, ...)."""


class ConflictError(StoreError):
    """Somebody saved the scenario since the caller read it."""

    def __init__(self, scenario_id: int, name: str, expected: int, current: int):
        self.scenario_id, self.expected, self.current = scenario_id, expected, current
        super().__init__(
            f"scenario {name!r} (id {scenario_id}) was saved elsewhere since you opened it "
            f"(you edited version {expected}, the store has version {current}); "
            "nothing was overwritten: reload it and apply your changes again"
        )


@dataclass(frozen=True)
class Record:
    id: int
    name: str
    base_id: int | None
    version: int
    created_at: datetime
    updated_at: datetime
    stored: Data  # full data for a base, the merge patch for a variant

    @property
    def is_variant(self) -> bool:
        return self.base_id is not None


# ---------------------------------------------------------------- the store


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


def _now() -> datetime:
    return datetime.now(UTC)


def _record(row: Any) -> Record:
    created, updated = row.created_at, row.updated_at
    if created.tzinfo is None:  # SQLite returns naive datetimes
        created, updated = created.replace(tzinfo=UTC), updated.replace(tzinfo=UTC)
    return Record(row.id, row.name, row.base_id, row.version, created, updated, json.loads(row.data))


def _check_name(name: str) -> str:
    name = (name or "").strip()
    if not name:
        raise StoreError("a scenario needs a name")
    if len(name) > 200:
        raise StoreError(f"name is {len(name)} characters long; at most 200")
    return name


def _as_data(data: Data | Scenario) -> Data:
    """Validate (a Scenario, or plain data) and normalise to the stored form."""
    scenario = data if isinstance(data, Scenario) else validate_data(data)
    return scenario_data(scenario)


class Store:
    """Scenarios and cached results in one database. Safe to share between threads."""

    def __init__(self, url: str | None = None, engine: Engine | None = None):
        self.url = normalise_url(url) if url else default_url()
        self.engine = engine or make_engine(self.url)
        self.schema_version = migrate(self.engine)

    def close(self) -> None:
        self.engine.dispose()

    # -------------------------------------------------------- reading

    def records(self) -> list[Record]:
        """All scenarios, by name."""
        with self.engine.connect() as conn:
            rows = conn.execute(sa.select(scenarios).order_by(scenarios.c.name, scenarios.c.id)).all()
        return [_record(r) for r in rows]

    def get(self, scenario_id: int) -> Record:
        with self.engine.connect() as conn:
            return self._get(conn, scenario_id)

    def _get(self, conn: Connection, scenario_id: int) -> Record:
        row = conn.execute(sa.select(scenarios).where(scenarios.c.id == scenario_id)).first()
        if row is None:
            raise StoreError(f"no scenario with id {scenario_id}")
        return _record(row)

    def find(self, name: str) -> Record | None:
        """The first scenario with this exact name, if any."""
        with self.engine.connect() as conn:
            row = conn.execute(
                sa.select(scenarios).where(scenarios.c.name == name).order_by(scenarios.c.id).limit(1)
            ).first()
        return _record(row) if row else None

    def data(self, scenario_id: int) -> Data:
        """Full data of a scenario: a variant's patch applied over its base chain."""
        with self.engine.connect() as conn:
            return self._resolve(conn, scenario_id)

    def _resolve(self, conn: Connection, scenario_id: int) -> Data:
        chain: list[Record] = []
        next_id: int | None = scenario_id
        while next_id is not None:
            if len(chain) > MAX_VARIANT_DEPTH or any(r.id == next_id for r in chain):
                raise StoreError(f"scenario {scenario_id}: variant chain too deep or circular")
            rec = self._get(conn, next_id)
            chain.append(rec)
            next_id = rec.base_id
        data = chain[-1].stored
        for rec in reversed(chain[:-1]):
            data = merge_patch(data, rec.stored)
        return data

    def load(self, scenario_id: int) -> Scenario:
        """The validated Scenario (ScenarioError if the stored data no longer validates)."""
        return validate_data(self.data(scenario_id))

    def variants(self, scenario_id: int) -> list[Record]:
        with self.engine.connect() as conn:
            rows = conn.execute(sa.select(scenarios).where(scenarios.c.base_id == scenario_id)).all()
        return [_record(r) for r in rows]

    # -------------------------------------------------------- writing

    def create(self, name: str, data: Data | Scenario, base_id: int | None = None) -> Record:
        """A new scenario. With `base_id`, `data` is the variant's full data; only the diff is stored."""
        name = _check_name(name)
        full = _as_data(data)
        stored = make_patch(self.data(base_id), full) if base_id is not None else full
        now = _now()
        with self.engine.begin() as conn:
            new_id = conn.execute(
                sa.insert(scenarios)
                .values(
                    name=name,
                    base_id=base_id,
                    data=json.dumps(stored, ensure_ascii=False),
                    version=1,
                    created_at=now,
                    updated_at=now,
                )
                .returning(scenarios.c.id)
            ).scalar_one()
            return self._get(conn, new_id)

    def save(self, scenario_id: int, data: Data | Scenario, expected_version: int) -> Record:
        """Replace a scenario's data if nobody saved it since `expected_version`; else ConflictError."""
        full = _as_data(data)
        rec = self.get(scenario_id)
        stored = make_patch(self.data(rec.base_id), full) if rec.base_id is not None else full
        return self._update(scenario_id, expected_version, data=json.dumps(stored, ensure_ascii=False))

    def rename(self, scenario_id: int, name: str, expected_version: int | None = None) -> Record:
        name = _check_name(name)
        if expected_version is None:
            expected_version = self.get(scenario_id).version
        return self._update(scenario_id, expected_version, name=name)

    def _update(self, scenario_id: int, expected_version: int, **values: Any) -> Record:
        with self.engine.begin() as conn:
            done = conn.execute(
                sa.update(scenarios)
                .where(scenarios.c.id == scenario_id, scenarios.c.version == expected_version)
                .values(version=scenarios.c.version + 1, updated_at=_now(), **values)
            ).rowcount
            current = self._get(conn, scenario_id)  # StoreError if it does not exist
            if done != 1:
                raise ConflictError(scenario_id, current.name, expected_version, current.version)
            return current

    def duplicate(self, scenario_id: int, name: str | None = None) -> Record:
        """A copy with the same base (a variant stays a variant of the same base)."""
        rec = self.get(scenario_id)
        return self.create(name or f"{rec.name} (copy)", self.data(scenario_id), base_id=rec.base_id)

    def delete(self, scenario_id: int, expected_version: int | None = None) -> None:
        """Remove a scenario; refused while variants are based on it, and (given `expected_version`) when
        somebody saved it since the caller read it (ConflictError)."""
        with self.engine.begin() as conn:
            rec = self._get(conn, scenario_id)
            if expected_version is not None and rec.version != expected_version:
                raise ConflictError(scenario_id, rec.name, expected_version, rec.version)
            kids = conn.execute(sa.select(scenarios.c.name).where(scenarios.c.base_id == scenario_id)).scalars().all()
            if kids:
                raise StoreError(
                    f"scenario {rec.name!r} is the base of {len(kids)} variant(s) ({', '.join(kids)}); "
                    "delete or detach them first"
                )
            where = [scenarios.c.id == scenario_id, scenarios.c.version == rec.version]
            if conn.execute(sa.delete(scenarios).where(*where)).rowcount != 1:  # saved meanwhile
                raise ConflictError(scenario_id, rec.name, rec.version, self._get(conn, scenario_id).version)

    def detach(self, scenario_id: int) -> Record:
        """Turn a variant into a standalone scenario holding its full data."""
        rec = self.get(scenario_id)
        full = self.data(scenario_id)
        return self._update(scenario_id, rec.version, base_id=None, data=json.dumps(full, ensure_ascii=False))

    # -------------------------------------------------------- files

    def import_file(self, raw: bytes | str, filename: str, name: str | None = None) -> Record:
        """Validate an uploaded YAML/JSON scenario file and store it (ScenarioError if bad)."""
        scenario = parse_scenario(raw, filename)
        return self.create(name or scenario.zone.name, scenario)

    def export(self, scenario_id: int, fmt: str = "yaml") -> str:
        """The full scenario as YAML or JSON text (loads back to an equal scenario)."""
        return dump_scenario(self.load(scenario_id), fmt)

    # -------------------------------------------------------- results cache

    def cache_get(self, scenario: Scenario | Data, kind: str) -> Data | None:
        """A cached result for this exact content and code version, or None."""
        key = (content_hash(scenario), code_version(), kind)
        with self.engine.connect() as conn:
            row = conn.execute(
                sa.select(results.c.payload).where(
                    results.c.content_hash == key[0], results.c.code_version == key[1], results.c.kind == key[2]
                )
            ).first()
        return json.loads(row.payload) if row else None

    def cache_put(self, scenario: Scenario | Data, kind: str, payload: Data) -> None:
        """Store a JSON-able result; replaces an earlier one with the same key."""
        key = {"content_hash": content_hash(scenario), "code_version": code_version(), "kind": kind}
        text = json.dumps(payload, ensure_ascii=False, default=str)
        try:
            with self.engine.begin() as conn:
                conn.execute(sa.delete(results).where(*(getattr(results.c, k) == v for k, v in key.items())))
                conn.execute(sa.insert(results).values(**key, payload=text, created_at=_now()))
        except sa.exc.IntegrityError:  # another writer stored the same key meanwhile: same content, keep theirs
            pass

    def cache_clear(self) -> int:
        with self.engine.begin() as conn:
            return conn.execute(sa.delete(results)).rowcount


@cache
def code_version() -> str:
    """Hash of the library's source and data tables: a code or data change invalidates cached results."""
    root = Path(__file__).resolve().parent.parent
    h = hashlib.sha256()
    for f in sorted([*(root / "core").rglob("*.py"), *(root / "data").glob("*.csv")]):
        h.update(f.relative_to(root).as_posix().encode())
        h.update(f.read_bytes())
    return h.hexdigest()[:16]


def issues_text(e: ScenarioError | StoreError) -> list[str]:
    """One line per problem, for showing a failed save or import."""
    if isinstance(e, ScenarioError):
        return [str(i) for i in e.issues]
    return [str(e)]


__all__ = [
    "ConflictError",
    "Issue",
    "MIGRATIONS",
    "Record",
    "Store",
    "StoreError",
    "code_version",
    "default_url",
    "issues_text",
]
