"""Accounts, workspaces, roles and sign-in sessions of a shared deployment.

Passwords are hashed with argon2id (argon2-cffi; memory-hard) and never kept, logged or echoed. A sign-in gives a
random session token kept only as its SHA-256; sessions expire (``SESSION_HOURS``) and end at sign-out (a used
token is then refused). ``MAX_FAILURES`` wrong passwords in a row lock the account for ``LOCK_MINUTES``. Unknown
user and wrong password get the same message (and the same hashing work), so a guess tells nothing.
"""

from __future__ import annotations

import re
import secrets
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

import sqlalchemy as sa
from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy.engine import Connection, Engine

from core.store.access import Principal, Role, token_hash
from core.store.errors import NotFoundError, StoreError
from core.store.tables import accounts, memberships, sessions, workspaces

SESSION_HOURS = 8.0
MAX_FAILURES = 5
LOCK_MINUTES = 15.0
MIN_PASSWORD = 10
_HASHER = PasswordHasher()  # argon2id, the library's current defaults (RFC 9106 low-memory profile)
_DUMMY = _HASHER.hash("not a password of anybody")
_SLUG = re.compile(r"^[a-z0-9][a-z0-9_-]{0,63}$")


class SignInError(StoreError):
    """Refused sign-in; `kind` names why for translated messages: wrong (user or password), locked (`until`),
    expired (a session that expired or ended), no_account (an OIDC e-mail no account has)."""

    def __init__(self, message: str, kind: str = "wrong", until: datetime | None = None):
        super().__init__(message)
        self.kind, self.until = kind, until


@dataclass(frozen=True)
class Membership:
    workspace: str
    workspace_name: str
    role: Role


def _utc(v: datetime | None) -> datetime | None:
    return v.replace(tzinfo=UTC) if v is not None and v.tzinfo is None else v


def check_slug(slug: str) -> str:
    slug = (slug or "").strip()
    if not _SLUG.match(slug):
        raise StoreError(f"workspace: {slug!r} must be 1-64 lower-case letters, digits, '-' or '_'")
    return slug


def ensure_workspace(conn: Connection, slug: str, name: str | None = None) -> int:
    slug = check_slug(slug)
    wid = conn.execute(sa.select(workspaces.c.id).where(workspaces.c.slug == slug)).scalar()
    if wid is None:
        wid = conn.execute(
            sa.insert(workspaces)
            .values(slug=slug, name=name or slug, created_at=datetime.now(UTC))
            .returning(workspaces.c.id)
        ).scalar_one()
    return wid


def principal_for(engine: Engine, user: str, workspace: str) -> Principal:
    """The principal of an account in a workspace; NotFoundError when it has no role there (or either is unknown)."""
    with engine.connect() as conn:
        row = conn.execute(
            sa.select(memberships.c.role, workspaces.c.id, workspaces.c.slug)
            .join(accounts, accounts.c.id == memberships.c.account_id)
            .join(workspaces, workspaces.c.id == memberships.c.workspace_id)
            .where(accounts.c.username == user, workspaces.c.slug == workspace)
        ).first()
    if row is None:
        raise NotFoundError(f"no workspace {workspace!r} for {user!r}")
    return Principal(user, row.id, row.slug, Role.parse(row.role))


def operator_principal(engine: Engine, workspace: str, create: bool = False) -> Principal:
    """The command-line operator (who holds the database itself) as owner of a workspace."""
    with engine.begin() as conn:
        if create:
            wid = ensure_workspace(conn, workspace)
        else:
            wid = conn.execute(sa.select(workspaces.c.id).where(workspaces.c.slug == check_slug(workspace))).scalar()
            if wid is None:
                raise NotFoundError(f"workspace: no workspace {workspace!r}")
    return Principal("cli", wid, workspace, Role.OWNER)


class Accounts:
    """Account administration and sign-in on one database (not tied to a workspace: the operator's tool)."""

    def __init__(self, engine: Engine, session_hours: float = SESSION_HOURS):
        self.engine = engine
        self.session_hours = session_hours

    def add(
        self, username: str, password: str | None, workspace: str, role: Role | str, email: str | None = None
    ) -> None:
        """Create the account (or update its password/e-mail) and give it `role` in `workspace` (created if new)."""
        username = (username or "").strip()
        if not username or len(username) > 200:
            raise StoreError("user: a user name of 1-200 characters is needed")
        if password is not None and len(password) < MIN_PASSWORD:
            raise StoreError(f"password: at least {MIN_PASSWORD} characters")
        role = role if isinstance(role, Role) else Role.parse(role)
        values: dict = {}
        if password is not None:
            values["password_hash"] = _HASHER.hash(password)
        if email:
            values["email"] = email.strip().lower()
        with self.engine.begin() as conn:
            wid = ensure_workspace(conn, workspace)
            aid = conn.execute(sa.select(accounts.c.id).where(accounts.c.username == username)).scalar()
            if aid is None:
                aid = conn.execute(
                    sa.insert(accounts)
                    .values(username=username, failed_count=0, created_at=datetime.now(UTC), **values)
                    .returning(accounts.c.id)
                ).scalar_one()
            elif values:
                conn.execute(sa.update(accounts).where(accounts.c.id == aid).values(**values))
            conn.execute(
                sa.delete(memberships).where(memberships.c.account_id == aid, memberships.c.workspace_id == wid)
            )
            conn.execute(sa.insert(memberships).values(account_id=aid, workspace_id=wid, role=role.label))

    def memberships(self, username: str) -> list[Membership]:
        with self.engine.connect() as conn:
            rows = conn.execute(
                sa.select(workspaces.c.slug, workspaces.c.name, memberships.c.role)
                .join(memberships, memberships.c.workspace_id == workspaces.c.id)
                .join(accounts, accounts.c.id == memberships.c.account_id)
                .where(accounts.c.username == username)
                .order_by(workspaces.c.slug)
            ).all()
        return [Membership(r.slug, r.name, Role.parse(r.role)) for r in rows]

    def user_by_email(self, email: str) -> str | None:
        """The account an OIDC identity maps to (by e-mail, case-insensitive)."""
        if not email:
            return None
        with self.engine.connect() as conn:
            return conn.execute(
                sa.select(accounts.c.username).where(accounts.c.email == email.strip().lower())
            ).scalar()

    def sign_in(self, username: str, password: str, now: datetime | None = None) -> str:
        """A new session token, or SignInError (same message for an unknown user and a wrong password)."""
        now = now or datetime.now(UTC)
        wrong = SignInError("wrong user name or password")
        with self.engine.begin() as conn:  # the failure count is committed before the refusal is raised
            row = conn.execute(sa.select(accounts).where(accounts.c.username == (username or "").strip())).first()
            if row is None or not row.password_hash:
                _verify(_DUMMY, password)  # the same work as a real check
                raise wrong
            locked = _utc(row.locked_until)
            if locked is not None and locked > now:
                raise SignInError(f"too many failed sign-ins: locked until {locked:%H:%M} UTC", "locked", locked)
            ok = _verify(row.password_hash, password)
            lock = None
            if ok:
                values: dict = {"failed_count": 0, "locked_until": None}
                if _HASHER.check_needs_rehash(row.password_hash):
                    values["password_hash"] = _HASHER.hash(password)
            else:
                failed = row.failed_count + 1
                lock = now + timedelta(minutes=LOCK_MINUTES) if failed >= MAX_FAILURES else None
                values = {"failed_count": 0 if lock else failed, "locked_until": lock}
            conn.execute(sa.update(accounts).where(accounts.c.id == row.id).values(**values))
            token = self._new_session(conn, row.id, now) if ok else None
        if lock is not None:
            raise SignInError(f"too many failed sign-ins: locked until {lock:%H:%M} UTC", "locked", lock)
        if token is None:
            raise wrong
        return token

    def sign_in_oidc(self, email: str, now: datetime | None = None) -> tuple[str, str]:
        """(user, session token) for an identity the provider verified, mapped to an account by e-mail."""
        user = self.user_by_email(email)
        if user is None:
            raise SignInError(f"no account for {email!r}; ask an operator to add one", "no_account")
        with self.engine.begin() as conn:
            aid = conn.execute(sa.select(accounts.c.id).where(accounts.c.username == user)).scalar_one()
            return user, self._new_session(conn, aid, now or datetime.now(UTC))

    def _new_session(self, conn: Connection, account_id: int, now: datetime) -> str:
        token = secrets.token_urlsafe(32)
        conn.execute(
            sa.insert(sessions).values(
                token_hash=token_hash(token),
                account_id=account_id,
                created_at=now,
                expires_at=now + timedelta(hours=self.session_hours),
            )
        )
        return token

    def session_user(self, token: str, now: datetime | None = None) -> str:
        """The user of a live session; SignInError when unknown, expired or ended."""
        now = now or datetime.now(UTC)
        with self.engine.connect() as conn:
            row = conn.execute(
                sa.select(sessions.c.expires_at, sessions.c.ended_at, accounts.c.username)
                .join(accounts, accounts.c.id == sessions.c.account_id)
                .where(sessions.c.token_hash == token_hash(token or ""))
            ).first()
        if row is None or row.ended_at is not None or _utc(row.expires_at) <= now:
            raise SignInError("your session has expired or ended; sign in again", "expired")
        return row.username

    def sign_out(self, token: str) -> None:
        with self.engine.begin() as conn:
            conn.execute(
                sa.update(sessions)
                .where(sessions.c.token_hash == token_hash(token or ""), sessions.c.ended_at.is_(None))
                .values(ended_at=datetime.now(UTC))
            )


def _verify(hashed: str, password: str) -> bool:
    try:
        return _HASHER.verify(hashed, password or "")
    except (VerificationError, InvalidHashError):
        return False
