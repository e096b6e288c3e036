"""Workspaces and roles in the store API itself (issue 15): another workspace's scenario is "not found", a viewer
cannot write, share links are scoped and revocable, deletes are soft, every change is in the audit trail, an old
store keeps loading, and SQL stays parameterised. SQLite and PostgreSQL."""

from __future__ import annotations

import ast
import json
from datetime import UTC, datetime, timedelta

import pytest
import sqlalchemy as sa

from core.store import AccessDenied, NotFoundError, Role, Store, StoreError
from core.store.accounts import Accounts, operator_principal
from tests.core.pg import pg_server, pg_url  # noqa: F401 - fixtures
from tests.core.test_store import BASE
from tests.helpers import ROOT

PASSWORD = "correct horse battery"


@pytest.fixture(params=["sqlite", "postgresql"])
def root(request, tmp_path):
    url = f"sqlite:///{tmp_path / 'store.sqlite'}" if request.param == "sqlite" else request.getfixturevalue("pg_url")
    s = Store(url)
    acc = Accounts(s.engine)
    acc.add("alice", PASSWORD, "zone-a", "owner")
    acc.add("victor", PASSWORD, "zone-a", "viewer")
    acc.add("edith", PASSWORD, "zone-a", "editor")
    acc.add("bob", PASSWORD, "zone-b", "owner")
    yield s
    s.close()


def test_another_workspace_id_is_not_found(root):
    alice, bob = root.for_user("alice", "zone-a"), root.for_user("bob", "zone-b")
    rec = alice.create("Zone A plan", BASE)
    assert len(rec.sid) >= 16 and not rec.sid.isdigit()
    for ref in (rec.id, str(rec.id), rec.sid):
        assert alice.get(ref).name == "Zone A plan"
        with pytest.raises(NotFoundError, match="no scenario with id"):
            bob.get(ref)
        with pytest.raises(NotFoundError):
            bob.data(ref)
        with pytest.raises(NotFoundError):
            bob.save(ref, BASE, expected_version=1)
        with pytest.raises(NotFoundError):
            bob.delete(ref)
        with pytest.raises(NotFoundError):
            bob.create("sneaky variant", BASE, base_id=ref)
        with pytest.raises(NotFoundError):
            bob.share(ref)
    assert bob.records() == [] and [r.name for r in alice.records()] == ["Zone A plan"]
    assert root.get  # the laptop's local workspace does not see zone-a either
    assert root.records() == []
    with pytest.raises(NotFoundError):
        root.for_user("bob", "zone-a")  # no role there


def test_tokens_are_not_sequential(root):
    alice = root.for_user("alice", "zone-a")
    sids = [alice.create(f"s{i}", BASE).sid for i in range(5)]
    assert len(set(sids)) == 5 and all(len(s) >= 16 for s in sids)
    assert sorted(sids) != sids or sorted(sids, reverse=True) != sids  # no order to guess from


def test_viewer_cannot_write(root):
    rec = root.for_user("alice", "zone-a").create("Plan", BASE)
    viewer = root.for_user("victor", "zone-a")
    assert viewer.load(rec.sid).zone.name == "Test Zone"  # can read
    for call in (
        lambda: viewer.create("x", BASE),
        lambda: viewer.save(rec.sid, BASE, 1),
        lambda: viewer.rename(rec.sid, "y"),
        lambda: viewer.delete(rec.sid),
        lambda: viewer.duplicate(rec.sid),
        lambda: viewer.share(rec.sid),
        lambda: viewer.import_file(viewer.export(rec.sid).encode(), "z.yaml"),
    ):
        with pytest.raises(AccessDenied, match="viewer"):
            call()
    assert root.for_user("alice", "zone-a").get(rec.sid).version == 1


def test_soft_delete_restore_by_owner_and_audit_trail(root):
    editor, owner = root.for_user("edith", "zone-a"), root.for_user("alice", "zone-a")
    rec = editor.create("Plan", BASE)
    data = editor.data(rec.sid)
    data["horizon"] = 2035
    editor.save(rec.sid, data, 1)
    editor.rename(rec.sid, "Plan B")
    editor.delete(rec.sid)
    with pytest.raises(NotFoundError):
        editor.get(rec.sid)
    with pytest.raises(AccessDenied, match="owner"):
        editor.restore(rec.sid)
    assert [r.sid for r in owner.deleted()] == [rec.sid]
    back = owner.restore(rec.sid)
    assert back.name == "Plan B" and owner.load(rec.sid).horizon == 2035
    trail = owner.history(rec.sid)
    assert [e.action for e in trail] == ["restore", "delete", "rename", "save", "create"]
    assert [e.actor for e in trail] == ["alice", "edith", "edith", "edith", "edith"]
    assert trail[3].detail["patch"] == {"horizon": 2035}  # the change itself, as a merge patch
    assert trail[2].detail == {"from": "Plan", "to": "Plan B"}


def test_share_link_scoped_read_only_and_revocable(root):
    alice = root.for_user("alice", "zone-a")
    base = alice.create("Base", BASE)
    data = alice.data(base.sid)
    data["horizon"] = 2040
    var = alice.create("Variant", data, base_id=base.sid)
    other = alice.create("Other", BASE)
    token = alice.share(var.sid)
    guest = root.for_share(token)
    assert guest.load(var.sid).horizon == 2040  # its base is reached through the variant
    assert [r.sid for r in guest.records()] == [var.sid]
    for ref in (base.sid, other.sid, other.id):
        with pytest.raises(NotFoundError):
            guest.get(ref)
    with pytest.raises(AccessDenied):
        guest.save(var.sid, data, var.version)
    link = alice.shares(var.sid)[0]
    alice.revoke_share(link.id)
    with pytest.raises(NotFoundError, match="not valid"):
        root.for_share(token)
    assert [e.action for e in alice.history(var.sid)][:2] == ["revoke", "share"]
    with pytest.raises(AccessDenied):  # an editor cannot make a link that owns more than it does
        root.for_user("edith", "zone-a").share(var.sid, role=Role.OWNER)


def test_expired_share_link_is_refused(root):
    alice = root.for_user("alice", "zone-a")
    rec = alice.create("Base", BASE)
    token = alice.share(rec.sid, days=1)
    assert root.for_share(token).get(rec.sid).sid == rec.sid
    with root.engine.begin() as conn:
        conn.execute(sa.text("UPDATE shares SET expires_at = :t"), {"t": datetime.now(UTC) - timedelta(seconds=1)})
    with pytest.raises(NotFoundError):
        root.for_share(token)
    with pytest.raises(NotFoundError):
        root.for_share("guessed-" + token[8:])


def test_sessions_expire_end_and_lock_out(root):
    acc = Accounts(root.engine)
    token = acc.sign_in("alice", PASSWORD)
    assert acc.session_user(token) == "alice"
    with pytest.raises(StoreError, match="expired or ended"):
        acc.session_user(token, now=datetime.now(UTC) + timedelta(hours=8, seconds=1))
    acc.sign_out(token)
    with pytest.raises(StoreError, match="expired or ended"):  # a used token after sign-out
        acc.session_user(token)
    with pytest.raises(StoreError, match="wrong user name or password"):
        acc.sign_in("nobody", PASSWORD)
    for _ in range(4):
        with pytest.raises(StoreError, match="wrong user name or password"):
            acc.sign_in("bob", "not the password")
    with pytest.raises(StoreError, match="locked"):
        acc.sign_in("bob", "not the password")
    with pytest.raises(StoreError, match="locked"):  # even the right password, while locked
        acc.sign_in("bob", PASSWORD)
    later = datetime.now(UTC) + timedelta(minutes=16)
    assert acc.session_user(acc.sign_in("bob", PASSWORD, now=later), now=later) == "bob"


def test_passwords_never_stored_in_plain_text(root, caplog):
    caplog.set_level("DEBUG")
    with root.engine.connect() as conn:
        rows = conn.execute(sa.text("SELECT username, password_hash FROM accounts")).all()
        dumped = json.dumps(
            [list(map(str, r)) for t in ("accounts", "sessions") for r in conn.execute(sa.text(f"SELECT * FROM {t}"))]
        )
    assert rows and all(h.startswith("$argon2id$") for _, h in rows)
    assert PASSWORD not in dumped
    with pytest.raises(StoreError) as e:
        Accounts(root.engine).add("carol", "short", "zone-a", "viewer")
    assert "short" not in str(e.value)
    assert PASSWORD not in caplog.text


def test_hostile_names_are_data_not_sql(root):
    alice = root.for_user("alice", "zone-a")
    evil = "x'); DROP TABLE scenarios; --"
    rec = alice.create(evil, BASE)
    assert alice.get(rec.sid).name == evil and alice.find(evil).sid == rec.sid
    with pytest.raises(NotFoundError):
        alice.get("' OR '1'='1")
    assert len(alice.records()) == 1


def test_store_sql_is_parameterised():
    """No SQL text in core/store is built from values: sa.text / exec_driver_sql take only literals."""
    bad = []
    for path in sorted((ROOT / "core" / "store").glob("*.py")):
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.Call) and getattr(node.func, "attr", "") in ("text", "exec_driver_sql"):
                arg = node.args[0] if node.args else None
                literal = [arg] if not isinstance(arg, ast.IfExp) else [arg.body, arg.orelse]
                ok = all(isinstance(x, ast.Constant) for x in literal)
                if not ok:
                    bad.append(f"{path.name}:{node.lineno}")
    assert bad == []


def test_operator_imports_into_a_workspace(root):
    op = root.acting(operator_principal(root.engine, "zone-b"))
    rec = op.create("Imported", BASE, action="import")
    assert root.for_user("bob", "zone-b").get(rec.sid).name == "Imported"
    with pytest.raises(NotFoundError):
        root.for_user("alice", "zone-a").get(rec.id)
    with pytest.raises(NotFoundError):
        operator_principal(root.engine, "no-such-zone")


def _old_tables() -> tuple[sa.MetaData, sa.Table]:
    """The tables as the previous version (schema version 2) created them."""
    md = sa.MetaData()
    tz = sa.DateTime(timezone=True)
    sa.Table("schema_version", md, sa.Column("version", sa.Integer, nullable=False))
    old = sa.Table(
        "scenarios",
        md,
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("name", sa.String(200), nullable=False, index=True),
        sa.Column("base_id", sa.Integer, sa.ForeignKey("scenarios.id"), nullable=True, index=True),
        sa.Column("data", sa.Text, nullable=False),
        sa.Column("version", sa.Integer, nullable=False),
        sa.Column("created_at", tz, nullable=False),
        sa.Column("updated_at", tz, nullable=False),
    )
    sa.Table(
        "results",
        md,
        sa.Column("content_hash", sa.String(64), primary_key=True),
        sa.Column("code_version", sa.String(64), primary_key=True),
        sa.Column("kind", sa.String(40), primary_key=True),
        sa.Column("payload", sa.Text, nullable=False),
        sa.Column("created_at", tz, nullable=False),
    )
    return md, old


@pytest.mark.parametrize("kind", ["sqlite", "postgresql"])
def test_a_store_of_the_previous_version_keeps_loading(kind, tmp_path, request):
    url = f"sqlite:///{tmp_path / 'old.sqlite'}" if kind == "sqlite" else request.getfixturevalue("pg_url")
    md, old = _old_tables()
    e = sa.create_engine(url)
    with e.begin() as conn:
        md.create_all(conn)
        conn.execute(sa.text("INSERT INTO schema_version (version) VALUES (2)"))
        now = datetime(2026, 11, 1, 12, 0, tzinfo=UTC)
        for i, name in ((1, "Old base"), (2, "Old variant")):
            data = BASE if i == 1 else {"horizon": 2040}
            conn.execute(
                sa.insert(old).values(
                    id=i, name=name, base_id=None if i == 1 else 1, data=json.dumps(data), version=3,
                    created_at=now, updated_at=now,
                )
            )  # fmt: skip
    e.dispose()
    s = Store(url)  # the laptop's owner of the local workspace
    recs = {r.name: r for r in s.records()}
    assert set(recs) == {"Old base", "Old variant"}
    assert s.load(2).horizon == 2040 and s.load("2").horizon == 2040  # old ?sid=2 links keep working
    assert s.load(recs["Old variant"].sid).horizon == 2040 and recs["Old base"].sid != recs["Old variant"].sid
    saved = s.save(1, BASE, expected_version=3)
    assert saved.version == 4
    if kind == "postgresql":  # the id sequence still works after the explicit ids above
        with s.engine.begin() as conn:
            conn.execute(sa.text("SELECT setval('scenarios_id_seq', (SELECT max(id) FROM scenarios))"))
    assert s.create("New", BASE).id == 3
    s.close()
    again = Store(url)
    assert again.get(recs["Old base"].sid).version == 4 and len(again.records()) == 3  # opening again changes nothing
    again.close()
