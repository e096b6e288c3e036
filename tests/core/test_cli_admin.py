"""Operator CLI (issue 15): `accounts add` reads the password from stdin and never prints it; `store import` prints
the new id last; another workspace's id is "not found" through the CLI; bad input exits 2 without a traceback."""

from __future__ import annotations

import io
import sys

import sqlalchemy as sa

from core.cli import main
from core.store import Store
from tests.helpers import FIXTURES

PASSWORD = "a long enough secret"


def _run(argv, monkeypatch, capsys, stdin=""):
    monkeypatch.setattr(sys, "stdin", io.StringIO(stdin))
    code = main(argv)
    out = capsys.readouterr()
    return code, out.out, out.err


def test_accounts_add_and_store_import(tmp_path, monkeypatch, capsys):
    db = tmp_path / "ops.sqlite"
    monkeypatch.delenv("DATABASE_URL", raising=False)
    monkeypatch.setenv("LCZP_DB", str(db))
    code, out, err = _run(
        ["accounts", "add", "alice", "--workspace", "zone-a", "--role", "editor"], monkeypatch, capsys, PASSWORD + "\n"
    )
    assert code == 0 and "alice: editor in workspace zone-a" in out and PASSWORD not in out + err
    code, out, _ = _run(
        ["store", "import", str(FIXTURES / "app_scenario.yaml"), "--workspace", "zone-a", "--name", "Imported"],
        monkeypatch,
        capsys,
    )
    sid = out.strip().splitlines()[-1]
    assert code == 0 and len(sid) >= 16 and not sid.isdigit()
    store = Store(f"sqlite:///{db}")
    assert store.for_user("alice", "zone-a").get(sid).name == "Imported"
    with store.engine.connect() as conn:
        hashes = conn.execute(sa.text("SELECT password_hash FROM accounts")).scalars().all()
    assert hashes[0].startswith("$argon2id$") and PASSWORD not in db.read_bytes().decode("latin-1")
    store.close()
    code, out, _ = _run(["store", "export", sid, "--workspace", "zone-a"], monkeypatch, capsys)
    assert code == 0 and "zone:" in out
    _run(["accounts", "add", "bob", "--workspace", "zone-b", "--role", "owner"], monkeypatch, capsys, PASSWORD + "\n")
    code, out, err = _run(["store", "export", sid, "--workspace", "zone-b"], monkeypatch, capsys)
    assert code == 2 and "no scenario with id" in err and out == ""
    code, _, err = _run(["store", "export", "1", "--workspace", "zone-b"], monkeypatch, capsys)  # the old integer id
    assert code == 2 and "no scenario with id" in err


def test_bad_input_exits_2(tmp_path, monkeypatch, capsys):
    monkeypatch.delenv("DATABASE_URL", raising=False)
    monkeypatch.setenv("LCZP_DB", str(tmp_path / "ops.sqlite"))
    code, _, err = _run(
        ["accounts", "add", "carol", "--workspace", "z", "--role", "owner"], monkeypatch, capsys, "short\n"
    )
    assert code == 2 and "password: at least" in err and "short\n" not in err
    code, _, err = _run(
        ["accounts", "add", "carol", "--workspace", "Bad Name!", "--role", "owner"], monkeypatch, capsys, PASSWORD
    )
    assert code == 2 and "workspace:" in err
    bad = tmp_path / "bad.yaml"
    bad.write_text("zone: [")
    code, out, err = _run(["store", "import", str(bad), "--workspace", "z"], monkeypatch, capsys)
    assert code == 2 and out == "" and "Traceback" not in err
    code, _, err = _run(["store", "import", str(tmp_path / "missing.yaml"), "--workspace", "z"], monkeypatch, capsys)
    assert code == 2 and "missing.yaml" in err
