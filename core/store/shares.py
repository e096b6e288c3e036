"""Share links: an unguessable token naming one scenario with a role (viewer by default; never more than the role of
whoever made it), optionally expiring, revocable. The store keeps only the token's SHA-256."""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

import sqlalchemy as sa
from sqlalchemy.engine import Connection, Engine

from core.store import audit
from core.store.access import Principal, Role, token_hash
from core.store.errors import AccessDenied, NotFoundError
from core.store.tables import shares, workspaces


@dataclass(frozen=True)
class ShareLink:
    id: int
    role: Role
    created_by: str
    created_at: datetime
    expires_at: datetime | None
    revoked_at: datetime | None

    @property
    def active(self) -> bool:
        return self.revoked_at is None and (self.expires_at is None or self.expires_at > datetime.now(UTC))


def _utc(v: datetime | None) -> datetime | None:
    return v.replace(tzinfo=UTC) if v is not None and v.tzinfo is None else v


def create(conn: Connection, actor: Principal, scenario_id: int, role: Role, days: float | None) -> str:
    if role > actor.role:
        raise AccessDenied(f"share: a {role.label} link needs that role; yours is {actor.role.label}")
    token = secrets.token_urlsafe(24)
    now = datetime.now(UTC)
    expires = now + timedelta(days=days) if days else None
    share_id = conn.execute(
        sa.insert(shares)
        .values(
            token_hash=token_hash(token),
            scenario_id=scenario_id,
            workspace_id=actor.workspace_id,
            role=role.label,
            created_by=actor.user,
            created_at=now,
            expires_at=expires,
        )
        .returning(shares.c.id)
    ).scalar_one()
    audit.write(conn, actor, "share", scenario_id, {"link": share_id, "role": role.label, "expires": expires})
    return token


def of_scenario(conn: Connection, actor: Principal, scenario_id: int) -> list[ShareLink]:
    rows = conn.execute(
        sa.select(shares)
        .where(shares.c.scenario_id == scenario_id, shares.c.workspace_id == actor.workspace_id)
        .order_by(shares.c.id)
    ).all()
    return [
        ShareLink(r.id, Role.parse(r.role), r.created_by, _utc(r.created_at), _utc(r.expires_at), _utc(r.revoked_at))
        for r in rows
    ]


def revoke(conn: Connection, actor: Principal, share_id: int) -> None:
    row = conn.execute(
        sa.select(shares).where(shares.c.id == share_id, shares.c.workspace_id == actor.workspace_id)
    ).first()
    if row is None:
        raise NotFoundError(f"no share link {share_id}")
    conn.execute(sa.update(shares).where(shares.c.id == row.id).values(revoked_at=datetime.now(UTC)))
    audit.write(conn, actor, "revoke", row.scenario_id, {"link": row.id})


def principal(engine: Engine, token: str) -> Principal:
    """The principal a share link acts as; NotFoundError for an unknown, revoked or expired token."""
    with engine.connect() as conn:
        row = conn.execute(
            sa.select(shares, workspaces.c.slug)
            .join(workspaces, workspaces.c.id == shares.c.workspace_id)
            .where(shares.c.token_hash == token_hash(token or ""))
        ).first()
    bad = NotFoundError("this share link is not valid: unknown, revoked or expired")
    if row is None or row.revoked_at is not None:
        raise bad
    if row.expires_at is not None and _utc(row.expires_at) <= datetime.now(UTC):
        raise bad
    return Principal(f"share:{row.id}", row.workspace_id, row.slug, Role.parse(row.role), scenario_id=row.scenario_id)
