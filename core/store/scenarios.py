"""Scenario store: scenarios and cached results in a SQL database through SQLAlchemy.

SQLite file by default (``LCZP_DB`` or ``~/.lczp/scenarios.sqlite``), PostgreSQL when ``DATABASE_URL`` is set. A
scenario row holds either full data (a base) or a JSON merge patch over its base (a variant, ``base_id`` set); see
``core.overrides``.

Access: a ``Store`` acts for one principal (``core.store.access``): a user with a role in one workspace. Every
method checks that role before it reads or writes, and every query is filtered by the workspace: a scenario of
another workspace is "not found". ``Store(url)`` acts as the laptop's owner of the ``local`` workspace;
``store.acting(principal)``, ``for_user`` and ``for_share`` give a store acting for somebody else on the same engine.
A scenario is named by its random token (``Record.sid``, the id in links) or, inside its workspace, by its old
integer id. Deletes are soft: an owner can restore. Each change writes an audit row in the same transaction.

No lost work: ``save(id, data, expected_version)`` updates only if the row still has the version the caller read
(one atomic ``UPDATE ... WHERE version = :expected``), else ``ConflictError``. SQL is parameterised.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from datetime import UTC, datetime
from functools import cache
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection, Engine

from core.loader import dump_scenario, parse_scenario, validate_data
from core.overrides import Data, content_hash, make_patch, merge_patch, scenario_data
from core.schema import Scenario
from core.store import audit, shares
from core.store.access import Principal, Role
from core.store.engine import default_url, make_engine, normalise_url
from core.store.errors import ConflictError, NotFoundError, StoreError
from core.store.migrations import LOCAL_WORKSPACE, migrate, new_token
from core.store.tables import results, scenarios, workspaces

MAX_VARIANT_DEPTH = 10
Ref = int | str  # the integer id (inside its workspace) or the random token of links


@dataclass(frozen=True)
class Record:
    id: int
    name: str
    base_id: int | None
    version: int
    created_at: datetime
    updated_at: datetime
    stored: Data  # full data for a base, the merge patch for a variant
    sid: str = ""  # the random id used in links
    deleted_at: datetime | None = None

    @property
    def is_variant(self) -> bool:
        return self.base_id is not None


def _now() -> datetime:
    return datetime.now(UTC)


def _utc(value: datetime | None) -> datetime | None:
    return value.replace(tzinfo=UTC) if value is not None and value.tzinfo is None else value  # SQLite: naive


def _record(row: Any) -> Record:
    return Record(
        row.id,
        row.name,
        row.base_id,
        row.version,
        _utc(row.created_at),
        _utc(row.updated_at),
        json.loads(row.data),
        row.token or "",
        _utc(row.deleted_at),
    )


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


def local_principal(engine: Engine) -> Principal:
    """The laptop's single user: owner of the ``local`` workspace (created by migration 3)."""
    with engine.connect() as conn:
        wid = conn.execute(sa.select(workspaces.c.id).where(workspaces.c.slug == LOCAL_WORKSPACE)).scalar_one()
    return Principal("local", wid, LOCAL_WORKSPACE, Role.OWNER)


class Store:
    """Scenarios and cached results in one database, seen by one principal. Safe to share between threads."""

    def __init__(self, url: str | None = None, engine: Engine | None = None, actor: Principal | None = None):
        self.url = normalise_url(url) if url else default_url()
        self.engine = engine or make_engine(self.url)
        self.schema_version = migrate(self.engine)
        self.actor = actor or local_principal(self.engine)

    @classmethod
    def bound(cls, engine: Engine, actor: Principal, schema_version: int | None = None) -> Store:
        """A store on an engine that is already migrated, acting for `actor`."""
        other = object.__new__(cls)
        other.url, other.engine, other.schema_version, other.actor = str(engine.url), engine, schema_version, actor
        return other

    def acting(self, actor: Principal) -> Store:
        """The same database seen by another principal (no new engine, no migration)."""
        other = Store.bound(self.engine, actor, self.schema_version)
        other.url = self.url
        return other

    def for_user(self, user: str, workspace: str) -> Store:
        """Acting for an account in a workspace where it has a role (NotFoundError otherwise)."""
        from core.store.accounts import principal_for  # accounts imports this module's Store for typing only

        return self.acting(principal_for(self.engine, user, workspace))

    def for_share(self, token: str) -> Store:
        """Acting for a share link: its one scenario, with the link's role (NotFoundError if revoked/expired)."""
        return self.acting(shares.principal(self.engine, token))

    def close(self) -> None:
        self.engine.dispose()

    # -------------------------------------------------------- reading

    def _where(self, ref: Ref) -> list[Any]:
        c = scenarios.c
        conds = [c.workspace_id == self.actor.workspace_id]
        if isinstance(ref, int) and not isinstance(ref, bool):
            conds.append(c.id == ref)
        elif isinstance(ref, str) and ref.strip().isdigit() and len(ref.strip()) < 12:
            conds.append(c.id == int(ref))
        elif isinstance(ref, str) and ref.strip():
            conds.append(c.token == ref.strip())
        else:
            raise NotFoundError(f"no scenario with id {ref}")
        if self.actor.scenario_id is not None:  # a share link reaches its own scenario only
            conds.append(c.id == self.actor.scenario_id)
        return conds

    def _get(self, conn: Connection, ref: Ref, deleted: bool = False) -> Record:
        q = sa.select(scenarios).where(*self._where(ref))
        if not deleted:
            q = q.where(scenarios.c.deleted_at.is_(None))
        row = conn.execute(q).first()
        if row is None:
            raise NotFoundError(f"no scenario with id {ref}")
        return _record(row)

    def records(self) -> list[Record]:
        """The workspace's scenarios (not deleted), by name."""
        self.actor.require(Role.VIEWER, "list scenarios")
        q = sa.select(scenarios).where(
            scenarios.c.workspace_id == self.actor.workspace_id, scenarios.c.deleted_at.is_(None)
        )
        if self.actor.scenario_id is not None:
            q = q.where(scenarios.c.id == self.actor.scenario_id)
        with self.engine.connect() as conn:
            rows = conn.execute(q.order_by(scenarios.c.name, scenarios.c.id)).all()
        return [_record(r) for r in rows]

    def get(self, ref: Ref) -> Record:
        self.actor.require(Role.VIEWER, "open a scenario")
        with self.engine.connect() as conn:
            return self._get(conn, ref)

    def find(self, name: str) -> Record | None:
        """The first scenario of the workspace with this exact name, if any."""
        return next((r for r in self.records() if r.name == name), None)

    def data(self, ref: Ref) -> Data:
        """Full data of a scenario: a variant's patch applied over its base chain."""
        self.actor.require(Role.VIEWER, "open a scenario")
        with self.engine.connect() as conn:
            return self._resolve(conn, self._get(conn, ref))

    def _resolve(self, conn: Connection, rec: Record) -> Data:
        chain = [rec]
        while chain[-1].base_id is not None:
            next_id = chain[-1].base_id
            if len(chain) > MAX_VARIANT_DEPTH or any(r.id == next_id for r in chain):
                raise StoreError(f"scenario {rec.sid or rec.id}: variant chain too deep or circular")
            chain.append(self._base(conn, next_id))
        data = chain[-1].stored
        for r in reversed(chain[:-1]):
            data = merge_patch(data, r.stored)
        return data

    def _base(self, conn: Connection, base_id: int) -> Record:
        """A base in the same workspace (reached through its variant's share link, or deleted: still a base)."""
        row = conn.execute(
            sa.select(scenarios).where(scenarios.c.id == base_id, scenarios.c.workspace_id == self.actor.workspace_id)
        ).first()
        if row is None:
            raise NotFoundError(f"no scenario with id {base_id} (a base)")
        return _record(row)

    def load(self, ref: Ref) -> Scenario:
        """The validated Scenario (ScenarioError if the stored data no longer validates)."""
        return validate_data(self.data(ref))

    def variants(self, ref: Ref) -> list[Record]:
        rec = self.get(ref)
        return [r for r in self.records() if r.base_id == rec.id]

    def history(self, ref: Ref) -> list[audit.AuditEntry]:
        """The audit trail of one scenario, newest first (deleted scenarios included, for owners)."""
        self.actor.require(Role.VIEWER, "read the history")
        with self.engine.connect() as conn:
            rec = self._get(conn, ref, deleted=self.actor.role >= Role.OWNER)
            return audit.read(conn, self.actor.workspace_id, rec.id)

    def workspace_history(self, limit: int = 500) -> list[audit.AuditEntry]:
        self.actor.require(Role.OWNER, "read the workspace's audit trail")
        with self.engine.connect() as conn:
            return audit.read(conn, self.actor.workspace_id, None, limit)

    # -------------------------------------------------------- writing

    def create(self, name: str, data: Data | Scenario, base_id: Ref | None = None, action: str = "create") -> Record:
        """A new scenario. With `base_id`, `data` is the variant's full data; only the diff is stored."""
        self.actor.require(Role.EDITOR, "create a scenario")
        name = _check_name(name)
        full = _as_data(data)
        now = _now()
        with self.engine.begin() as conn:
            base = self._get(conn, base_id) if base_id is not None else None
            stored = make_patch(self._resolve(conn, base), full) if base is not None else full
            new_id = conn.execute(
                sa.insert(scenarios)
                .values(
                    name=name,
                    base_id=base.id if base else None,
                    data=json.dumps(stored, ensure_ascii=False),
                    version=1,
                    created_at=now,
                    updated_at=now,
                    token=new_token(),
                    workspace_id=self.actor.workspace_id,
                )
                .returning(scenarios.c.id)
            ).scalar_one()
            rec = self._get(conn, new_id)
            audit.write(conn, self.actor, action, rec.id, {"name": name, "base": base.sid if base else None})
            return rec

    def save(self, ref: Ref, data: Data | Scenario, expected_version: int) -> Record:
        """Replace a scenario's data if nobody saved it since `expected_version`; else ConflictError."""
        self.actor.require(Role.EDITOR, "save a scenario")
        full = _as_data(data)
        with self.engine.connect() as conn:
            rec = self._get(conn, ref)
            before = self._resolve(conn, rec)
            base = self._resolve(conn, self._base(conn, rec.base_id)) if rec.base_id else None
        stored = make_patch(base, full) if base is not None else full
        patch = make_patch(before, full)
        return self._update(
            rec.id, expected_version, _action=("save", {"patch": patch}), data=json.dumps(stored, ensure_ascii=False)
        )

    def rename(self, ref: Ref, name: str, expected_version: int | None = None) -> Record:
        self.actor.require(Role.EDITOR, "rename a scenario")
        name = _check_name(name)
        rec = self.get(ref)
        version = rec.version if expected_version is None else expected_version
        return self._update(rec.id, version, _action=("rename", {"from": rec.name, "to": name}), name=name)

    def _update(
        self, ref: Ref, expected_version: int, _action: tuple[str, Data] | None = None, **values: Any
    ) -> Record:
        self.actor.require(Role.EDITOR, "change a scenario")
        with self.engine.begin() as conn:
            conds = [*self._where(ref), scenarios.c.deleted_at.is_(None)]
            done = conn.execute(
                sa.update(scenarios)
                .where(*conds, scenarios.c.version == expected_version)
                .values(version=scenarios.c.version + 1, updated_at=_now(), **values)
            ).rowcount
            current = self._get(conn, ref)  # NotFoundError if it does not exist here
            if done != 1:
                raise ConflictError(current.sid or ref, current.name, expected_version, current.version)
            if _action is not None:
                audit.write(conn, self.actor, _action[0], current.id, _action[1])
            return current

    def duplicate(self, ref: Ref, name: str | None = None) -> Record:
        """A copy with the same base (a variant stays a variant of the same base)."""
        rec = self.get(ref)
        return self.create(name or f"{rec.name} (copy)", self.data(ref), base_id=rec.base_id)

    def delete(self, ref: Ref, expected_version: int | None = None) -> None:
        """Delete softly (an owner can restore); refused while variants are based on it, and (given
        `expected_version`) when somebody saved it since the caller read it (ConflictError)."""
        self.actor.require(Role.EDITOR, "delete a scenario")
        with self.engine.begin() as conn:
            rec = self._get(conn, ref)
            if expected_version is not None and rec.version != expected_version:
                raise ConflictError(rec.sid, rec.name, expected_version, rec.version)
            kids = (
                conn.execute(
                    sa.select(scenarios.c.name).where(scenarios.c.base_id == rec.id, scenarios.c.deleted_at.is_(None))
                )
                .scalars()
                .all()
            )
            if kids:
                raise StoreError(
                    f"scenario {rec.name!r} is the base of {len(kids)} variant(s) ({', '.join(kids)}); "
                    "delete or detach them first"
                )
            where = [scenarios.c.id == rec.id, scenarios.c.version == rec.version]
            done = conn.execute(sa.update(scenarios).where(*where).values(deleted_at=_now())).rowcount
            if done != 1:  # saved meanwhile
                raise ConflictError(rec.sid, rec.name, rec.version, self._get(conn, rec.id).version)
            audit.write(conn, self.actor, "delete", rec.id, {"name": rec.name, "version": rec.version})

    def deleted(self) -> list[Record]:
        """Deleted scenarios of the workspace (owners: they can restore them)."""
        self.actor.require(Role.OWNER, "list deleted scenarios")
        q = sa.select(scenarios).where(
            scenarios.c.workspace_id == self.actor.workspace_id, scenarios.c.deleted_at.is_not(None)
        )
        with self.engine.connect() as conn:
            return [_record(r) for r in conn.execute(q.order_by(scenarios.c.deleted_at.desc())).all()]

    def restore(self, ref: Ref) -> Record:
        """Undo a delete (owners)."""
        self.actor.require(Role.OWNER, "restore a deleted scenario")
        with self.engine.begin() as conn:
            rec = self._get(conn, ref, deleted=True)
            conn.execute(sa.update(scenarios).where(*self._where(rec.id)).values(deleted_at=None, updated_at=_now()))
            audit.write(conn, self.actor, "restore", rec.id, {"name": rec.name})
            return self._get(conn, rec.id)

    def detach(self, ref: Ref) -> Record:
        """Turn a variant into a standalone scenario holding its full data."""
        rec = self.get(ref)
        full = json.dumps(self.data(ref), ensure_ascii=False)
        return self._update(rec.id, rec.version, _action=("detach", {"base": rec.base_id}), base_id=None, data=full)

    # -------------------------------------------------------- share links

    def share(self, ref: Ref, role: Role = Role.VIEWER, days: float | None = None) -> str:
        """A new share link token for one scenario (read-only unless `role` says more; never more than the
        creator's own role). Returns the token once; the store keeps only its hash."""
        self.actor.require(Role.EDITOR, "share a scenario")
        if self.actor.scenario_id is not None:
            raise StoreError("share: a share link cannot create further links")
        with self.engine.begin() as conn:
            rec = self._get(conn, ref)
            return shares.create(conn, self.actor, rec.id, Role(role), days)

    def shares(self, ref: Ref) -> list[shares.ShareLink]:
        self.actor.require(Role.EDITOR, "list share links")
        with self.engine.connect() as conn:
            return shares.of_scenario(conn, self.actor, self._get(conn, ref).id)

    def revoke_share(self, share_id: int) -> None:
        self.actor.require(Role.EDITOR, "revoke a share link")
        with self.engine.begin() as conn:
            shares.revoke(conn, self.actor, share_id)

    # -------------------------------------------------------- files

    def import_file(self, raw: bytes | str, filename: str, name: str | None = None) -> Record:
        """Validate an uploaded YAML/JSON scenario file and store it (ScenarioError if bad)."""
        self.actor.require(Role.EDITOR, "import a scenario")
        scenario = parse_scenario(raw, filename)
        return self.create(name or scenario.zone.name, scenario, action="import")

    def export(self, ref: Ref, fmt: str = "yaml") -> str:
        """The full scenario as YAML or JSON text (loads back to an equal scenario)."""
        return dump_scenario(self.load(ref), fmt)

    # -------------------------------------------------------- results cache (keyed by content: no workspace)

    def cache_get(self, scenario: Scenario | Data, kind: str) -> Data | None:
        """A cached result for this exact content and code version, or None. Only a caller holding the content
        can compute its hash, so the cache reveals nothing across workspaces."""
        self.actor.require(Role.VIEWER, "read cached results")
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
        self.actor.require(Role.VIEWER, "cache a result")
        key = {"content_hash": content_hash(scenario), "code_version": code_version(), "kind": kind}
        text = json.dumps(payload, ensure_ascii=False, default=str)
        try:
            with self.engine.begin() as conn:
                conn.execute(sa.delete(results).where(*(getattr(results.c, k) == v for k, v in key.items())))
                conn.execute(sa.insert(results).values(**key, payload=text, created_at=_now()))
        except sa.exc.IntegrityError:  # another writer stored the same key meanwhile: same content, keep theirs
            pass

    def cache_clear(self) -> int:
        self.actor.require(Role.OWNER, "clear the results cache")
        with self.engine.begin() as conn:
            return conn.execute(sa.delete(results)).rowcount


@cache
def code_version() -> str:
    """Hash of the library's source and data tables: a code or data change invalidates cached results."""
    root = Path(__file__).resolve().parent.parent.parent
    h = hashlib.sha256()
    for f in sorted([*(root / "core").rglob("*.py"), *(root / "data").glob("*.csv")]):
        h.update(f.relative_to(root).as_posix().encode())
        h.update(f.read_bytes())
    return h.hexdigest()[:16]
