"""Store faults (issue 19): migrations atomic and serialised, processes killed mid-migration or mid-save,
ten processes opening a fresh store at once, deletes that check the version. SQLite and PostgreSQL."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time

import pytest
import sqlalchemy as sa

import core.store as store_tables
from core.store import ConflictError, Store, migrate
from tests.core.pg import pg_server, pg_url  # noqa: F401 - fixtures
from tests.core.test_store import BASE
from tests.helpers import ROOT

# a first start whose migrations are slow (a sleep after each DDL), so a SIGKILL lands inside one
SLOW_MIGRATION = """
import sys, time
import core.store as st
def slow(f):
    def g(conn):
        f(conn); time.sleep(0.05)
    return g
st.MIGRATIONS[:] = [slow(m) for m in st.MIGRATIONS]
orig = st.scenarios.create
def create(conn, **kw):
    orig(conn, **kw); time.sleep(0.05)
st.scenarios.create = create
print("go", flush=True)
st.Store(sys.argv[1])
"""
OPEN = "import sys; from core.store import Store; s = Store(sys.argv[1]); print(s.schema_version)"
SAVE_LOOP = """
import sys, json
from core.store import Store
s = Store(sys.argv[1])
sid = int(sys.argv[2])
data = json.loads(sys.argv[3])
print("go", flush=True)
while True:
    rec = s.get(sid)
    data["horizon"] = 2030 + rec.version % 5
    s.save(sid, data, rec.version)
"""


def _url(kind: str, tmp_path, request) -> str:
    return f"sqlite:///{tmp_path / 'store.sqlite'}" if kind == "sqlite" else request.getfixturevalue("pg_url")


def _spawn(code: str, *args: str) -> subprocess.Popen:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    return subprocess.Popen(
        [sys.executable, "-c", code, *args], stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env
    )


def _fresh(kind: str, url: str, tmp_path) -> None:
    """Drop everything (a new first start)."""
    if kind == "sqlite":
        for f in tmp_path.glob("store.sqlite*"):
            f.unlink()
        return
    e = sa.create_engine(url)
    with e.begin() as conn:
        for t in ("results", "scenarios", "schema_version", *[t.name for t in store_tables.metadata.sorted_tables]):
            conn.execute(sa.text(f"DROP TABLE IF EXISTS {t} CASCADE"))
    e.dispose()


@pytest.mark.parametrize("kind", ["sqlite", "postgresql"])
def test_first_start_killed_mid_migration_leaves_a_store_that_opens(kind, tmp_path, request):
    url = _url(kind, tmp_path, request)
    rng = random.Random(19)
    for _ in range(5):
        _fresh(kind, url, tmp_path)
        p = _spawn(SLOW_MIGRATION, url)
        assert p.stdout.readline().strip() == b"go"
        time.sleep(rng.uniform(0.3, 1.2))  # imports done: somewhere in the migration (or just after)
        p.send_signal(signal.SIGKILL)
        p.communicate()
        s = Store(url)  # opens, finishes the migration
        rec = s.create("after kill", BASE)
        assert s.load(rec.id).zone.name == "Test Zone"
        s.close()


@pytest.mark.parametrize("kind", ["sqlite", "postgresql"])
def test_ten_processes_open_a_fresh_store_at_once(kind, tmp_path, request):
    url = _url(kind, tmp_path, request)
    for _ in range(1):
        _fresh(kind, url, tmp_path)
        procs = [_spawn(OPEN, url) for _ in range(10)]
        outs = [p.communicate(timeout=120) for p in procs]
        assert [p.returncode for p in procs] == [0] * 10, [o[1].decode()[-400:] for o in outs]
        assert {o[0].strip() for o in outs} == {str(len(store_tables.MIGRATIONS)).encode()}


@pytest.mark.parametrize("kind", ["sqlite", "postgresql"])
def test_killed_during_saves_leaves_a_consistent_store(kind, tmp_path, request):
    import json

    url = _url(kind, tmp_path, request)
    s = Store(url)
    rec = s.create("busy", BASE)
    rng = random.Random(7)
    for _ in range(4):
        p = _spawn(SAVE_LOOP, url, str(rec.id), json.dumps(BASE))
        assert p.stdout.readline().strip() == b"go"
        time.sleep(rng.uniform(0.05, 0.4))
        p.send_signal(signal.SIGKILL)
        p.communicate()
        got = s.get(rec.id)
        assert s.load(rec.id).horizon == 2030 + (got.version - 1) % 5 or got.version == 1
        s.save(rec.id, BASE, got.version)  # the store still takes writes
    s.close()


def test_old_store_with_tables_but_no_version_row_opens(tmp_path):
    """What the pre-fix code left after a kill: tables committed one by one, no version row."""
    url = f"sqlite:///{tmp_path / 'old.sqlite'}"
    e = sa.create_engine(url)
    with e.begin() as conn:
        store_tables.schema_version.create(conn)
        store_tables.scenarios.create(conn)
    e.dispose()
    s = Store(url)
    assert s.schema_version == len(store_tables.MIGRATIONS)
    s.close()


@pytest.mark.parametrize("kind", ["sqlite", "postgresql"])
def test_delete_checks_the_version(kind, tmp_path, request):
    s = Store(_url(kind, tmp_path, request))
    rec = s.create("x", BASE)
    s.save(rec.id, BASE, rec.version)  # somebody else saved
    with pytest.raises(ConflictError):
        s.delete(rec.id, expected_version=rec.version)
    assert s.get(rec.id).version == 2
    s.delete(rec.id, expected_version=2)
    assert s.records() == []
    assert migrate(s.engine) == len(store_tables.MIGRATIONS)  # idempotent
    s.close()
