"""Who acts on the store: a principal is one user (or a share link) in one workspace with one role.

Roles are ordered: viewer (read) < editor (create, save, rename, delete, share, request tenant data, accept it) <
owner (undo deletes, share links that allow editing). Every store method checks the principal's role in its
workspace before it reads or writes, and every query is filtered by the workspace.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from enum import IntEnum

from core.store.errors import AccessDenied, StoreError


class Role(IntEnum):
    VIEWER = 1
    EDITOR = 2
    OWNER = 3

    @classmethod
    def parse(cls, name: str) -> Role:
        try:
            return cls[str(name).strip().upper()]
        except KeyError:
            raise StoreError(f"role: {name!r} is not one of viewer, editor, owner") from None

    @property
    def label(self) -> str:
        return self.name.lower()


@dataclass(frozen=True)
class Principal:
    """The acting user (an account name, ``local`` on a laptop, ``cli:<name>`` for an operator, ``share:<n>``
    for a share link) in one workspace. `scenario_id` limits a share link to one scenario."""

    user: str
    workspace_id: int
    workspace: str
    role: Role
    scenario_id: int | None = None

    def require(self, needed: Role, action: str) -> None:
        if self.role < needed:
            raise AccessDenied(
                f"{action}: your role in workspace {self.workspace!r} is {self.role.label}; "
                f"this needs {needed.label} or owner"
                if needed < Role.OWNER
                else f"{action}: your role in workspace {self.workspace!r} is {self.role.label}; this needs owner"
            )


def token_hash(token: str) -> str:
    """Tokens (sessions, share links, data requests) are kept only as their SHA-256."""
    return hashlib.sha256(token.encode()).hexdigest()
