"""The audit trail: who saved, renamed, deleted, restored, shared, revoked, requested or accepted data, when, and
the change (for a save: the JSON merge patch from the previous content to the new one). Rows are written in the
same transaction as the change they describe, so the trail never claims a change that was rolled back."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from core.store.access import Principal
from core.store.tables import audit

ACTIONS = ("create", "import", "save", "rename", "detach", "delete", "restore", "share", "revoke", "request", "accept")


@dataclass(frozen=True)
class AuditEntry:
    at: datetime
    actor: str
    action: str
    scenario_id: int | None
    detail: dict[str, Any]


def write(conn: Connection, actor: Principal, action: str, scenario_id: int | None, detail: dict[str, Any]) -> None:
    assert action in ACTIONS, action
    conn.execute(
        sa.insert(audit).values(
            workspace_id=actor.workspace_id,
            scenario_id=scenario_id,
            actor=actor.user,
            action=action,
            at=datetime.now(UTC),
            detail=json.dumps(detail, ensure_ascii=False, default=str),
        )
    )


def read(conn: Connection, workspace_id: int, scenario_id: int | None = None, limit: int = 500) -> list[AuditEntry]:
    """Newest first; one scenario's entries, or the whole workspace's."""
    q = sa.select(audit).where(audit.c.workspace_id == workspace_id)
    if scenario_id is not None:
        q = q.where(audit.c.scenario_id == scenario_id)
    rows = conn.execute(q.order_by(audit.c.id.desc()).limit(limit)).all()
    out = []
    for r in rows:
        at = r.at if r.at.tzinfo else r.at.replace(tzinfo=UTC)
        out.append(AuditEntry(at, r.actor, r.action, r.scenario_id, json.loads(r.detail)))
    return out
