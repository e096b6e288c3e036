"""Data requests to tenants: an editor asks one tenant for one year of its own data; the tenant opens a link (a
random token, kept only as its SHA-256; it expires; it reaches that tenant's data only) and submits once (the token
is refused afterwards); the editor accepts the submission into the actuals or the baseline of the scenario, which
is saved with an audit entry naming the request, the values and their quality labels.

``DataRequests(store)`` acts for the store's principal (editors create, list, accept, revoke); ``open_request`` and
``submit`` take the token alone, because the tenant has no account.
"""

from __future__ import annotations

import json
import secrets
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Engine

from core import tenant_data
from core.i18n import LANGS
from core.store import audit
from core.store.access import Principal, Role, token_hash
from core.store.errors import NotFoundError, StoreError
from core.store.scenarios import Ref, Store
from core.store.tables import data_requests

DEFAULT_DAYS = 30.0
INTO = ("actuals", "baseline")


@dataclass(frozen=True)
class DataRequest:
    id: int
    scenario_id: int
    tenant: str
    year: int
    lang: str
    status: str  # open | submitted | accepted | revoked
    created_by: str
    created_at: datetime
    expires_at: datetime
    submitted_at: datetime | None
    submission: tenant_data.Submission | None
    accepted_into: str | None


def _utc(v: datetime | None) -> datetime | None:
    return v.replace(tzinfo=UTC) if v is not None and v.tzinfo is None else v


def _request(row: Any) -> DataRequest:
    sub = tenant_data.Submission.from_json(json.loads(row.submission)) if row.submission else None
    return DataRequest(
        row.id,
        row.scenario_id,
        row.tenant_id,
        row.year,
        row.lang,
        row.status,
        row.created_by,
        _utc(row.created_at),
        _utc(row.expires_at),
        _utc(row.submitted_at),
        sub,
        row.accepted_into,
    )


class DataRequests:
    """Requests of the store principal's workspace."""

    def __init__(self, store: Store):
        self.store = store
        self.actor: Principal = store.actor

    def create(self, ref: Ref, tenant: str, year: int, lang: str = "en", days: float = DEFAULT_DAYS) -> str:
        """A new request; returns the token for the tenant's link (shown once)."""
        self.actor.require(Role.EDITOR, "request data from a tenant")
        if self.actor.scenario_id is not None:
            raise StoreError("request: a share link cannot request data")
        if lang not in LANGS:
            raise StoreError(f"lang: {lang!r} is not one of {', '.join(LANGS)}")
        if not 0 < days <= 365:
            raise StoreError(f"days: must be more than 0 and at most 365 (got {days:g})")
        s = self.store.load(ref)
        rec = self.store.get(ref)
        if tenant not in {t.id for t in s.tenants}:
            raise StoreError(f"tenant: no tenant {tenant!r} in scenario {rec.name!r}")
        if not s.base_year <= year <= s.horizon:
            raise StoreError(f"year: must be within {s.base_year}-{s.horizon} (got {year})")
        token = secrets.token_urlsafe(24)
        now = datetime.now(UTC)
        with self.store.engine.begin() as conn:
            rid = conn.execute(
                sa.insert(data_requests)
                .values(
                    token_hash=token_hash(token),
                    workspace_id=self.actor.workspace_id,
                    scenario_id=rec.id,
                    tenant_id=tenant,
                    year=int(year),
                    lang=lang,
                    created_by=self.actor.user,
                    created_at=now,
                    expires_at=now + timedelta(days=days),
                    status="open",
                )
                .returning(data_requests.c.id)
            ).scalar_one()
            audit.write(conn, self.actor, "request", rec.id, {"request": rid, "tenant": tenant, "year": year})
        return token

    def of_scenario(self, ref: Ref) -> list[DataRequest]:
        self.actor.require(Role.EDITOR, "list data requests")
        rec = self.store.get(ref)
        with self.store.engine.connect() as conn:
            rows = conn.execute(
                sa.select(data_requests)
                .where(data_requests.c.scenario_id == rec.id, data_requests.c.workspace_id == self.actor.workspace_id)
                .order_by(data_requests.c.id.desc())
            ).all()
        return [_request(r) for r in rows]

    def _get(self, request_id: int) -> DataRequest:
        with self.store.engine.connect() as conn:
            row = conn.execute(
                sa.select(data_requests).where(
                    data_requests.c.id == request_id, data_requests.c.workspace_id == self.actor.workspace_id
                )
            ).first()
        if row is None:
            raise NotFoundError(f"no data request {request_id}")
        return _request(row)

    def revoke(self, request_id: int) -> None:
        self.actor.require(Role.EDITOR, "revoke a data request")
        req = self._get(request_id)
        with self.store.engine.begin() as conn:
            conn.execute(sa.update(data_requests).where(data_requests.c.id == req.id).values(status="revoked"))

    def accept(self, request_id: int, into: str) -> None:
        """Put a submitted request into the scenario's actuals or baseline: saved (a new version) and audited."""
        self.actor.require(Role.EDITOR, "accept tenant data")
        if into not in INTO:
            raise StoreError(f"into: {into!r} is not one of {', '.join(INTO)}")
        req = self._get(request_id)
        if req.status != "submitted" or req.submission is None:
            raise StoreError(f"data request {request_id} is {req.status}; only a submitted one can be accepted")
        rec = self.store.get(req.scenario_id)
        s = self.store.load(rec.id)
        new = (tenant_data.into_actuals if into == "actuals" else tenant_data.into_baseline)(s, req.submission)
        saved = self.store.save(rec.id, new, expected_version=rec.version)
        with self.store.engine.begin() as conn:
            done = conn.execute(
                sa.update(data_requests)
                .where(data_requests.c.id == req.id, data_requests.c.status == "submitted")
                .values(
                    status="accepted", accepted_by=self.actor.user, accepted_at=datetime.now(UTC), accepted_into=into
                )
            ).rowcount
            if done != 1:
                raise StoreError(f"data request {request_id} was accepted meanwhile")
            detail = {"request": req.id, "into": into, "version": saved.version, **req.submission.as_json()}
            audit.write(conn, self.actor, "accept", rec.id, detail)


# ---------------------------------------------------------------- the tenant's side: the token is the credential


@dataclass(frozen=True)
class TenantRequest:
    """What a tenant's link shows: its own tenant and year, and nothing else of the zone."""

    tenant: dict[str, Any]  # core.tenant_data.tenant_view
    year: int
    lang: str
    zone_name: str
    expires_at: datetime


def _open_row(engine: Engine, token: str, now: datetime) -> Any:
    with engine.connect() as conn:
        row = conn.execute(
            sa.select(data_requests).where(data_requests.c.token_hash == token_hash(token or ""))
        ).first()
    if row is None or row.status != "open" or _utc(row.expires_at) <= now:
        raise NotFoundError("this data request link is not valid: unknown, already used, revoked or expired")
    return row


def _scenario_of(engine: Engine, row: Any) -> Any:
    """The request's scenario, resolved through its variant chain inside its workspace (the token is the
    credential: a principal limited to that one scenario, read only; never shown to the tenant)."""
    principal = Principal(f"request:{row.id}", row.workspace_id, "", Role.VIEWER, scenario_id=row.scenario_id)
    return Store.bound(engine, principal).load(row.scenario_id)


def open_request(engine: Engine, token: str, now: datetime | None = None) -> TenantRequest:
    row = _open_row(engine, token, now or datetime.now(UTC))
    s = _scenario_of(engine, row)
    return TenantRequest(
        tenant_data.tenant_view(s, row.tenant_id), row.year, row.lang, s.zone.name, _utc(row.expires_at)
    )


def submit(
    engine: Engine,
    token: str,
    values: dict[str, Any],
    quality: dict[str, Any],
    refrigerants: list[dict[str, Any]] | None = None,
    exports: list[dict[str, Any]] | None = None,
) -> None:
    """Validate and keep the tenant's data; the link is used up (ScenarioError, nothing kept, on bad input)."""
    now = datetime.now(UTC)
    row = _open_row(engine, token, now)
    s = _scenario_of(engine, row)
    sub = tenant_data.validate(s, row.tenant_id, row.year, values, quality, refrigerants, exports)
    with engine.begin() as conn:
        done = conn.execute(
            sa.update(data_requests)
            .where(data_requests.c.id == row.id, data_requests.c.status == "open")
            .values(status="submitted", submitted_at=now, submission=json.dumps(sub.as_json(), ensure_ascii=False))
        ).rowcount
    if done != 1:
        raise NotFoundError("this data request link is not valid: unknown, already used, revoked or expired")
