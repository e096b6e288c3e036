"""The store: scenarios, results, workspaces, accounts, share links, audit trail, tenant data requests.

One module per concept; this package re-exports the public names (``from core.store import Store``).

Adopting workspaces in another store module (e.g. workshop rooms): give its table a ``workspace_id`` column (a new
migration appended to ``migrations.MIGRATIONS``; existing rows get the ``local`` workspace), take the acting
``Principal`` (``store.actor``) in every function, call ``actor.require(Role.VIEWER | EDITOR | OWNER, "what")`` first,
filter every query by ``actor.workspace_id`` (a row of another workspace is ``NotFoundError``, never "forbidden"),
name rows in links by a random token (``migrations.new_token``) and write ``audit.write(conn, actor, ...)`` in the
same transaction as the change.
"""

from __future__ import annotations

from core.errors import Issue, ScenarioError
from core.store.access import Principal, Role
from core.store.engine import default_url, make_engine, normalise_url
from core.store.errors import AccessDenied, ConflictError, NotFoundError, StoreError
from core.store.migrations import LOCAL_WORKSPACE, MIGRATIONS, migrate
from core.store.scenarios import Record, Store, code_version
from core.store.tables import metadata, results, scenarios, schema_version


def issues_text(e: ScenarioError | StoreError) -> list[str]:
    """One line per problem, for showing a failed save or import."""
    if isinstance(e, ScenarioError):
        return [str(i) for i in e.issues]
    return [str(e)]


__all__ = [
    "LOCAL_WORKSPACE",
    "MIGRATIONS",
    "AccessDenied",
    "ConflictError",
    "Issue",
    "NotFoundError",
    "Principal",
    "Record",
    "Role",
    "Store",
    "StoreError",
    "code_version",
    "default_url",
    "issues_text",
    "make_engine",
    "metadata",
    "migrate",
    "normalise_url",
    "results",
    "scenarios",
    "schema_version",
]
