"""Scenario store on SQLite and on a real PostgreSQL server: CRUD, variants, conflicts, concurrency."""

from __future__ import annotations

import threading

import pytest
import sqlalchemy as sa

from core.errors import ScenarioError
from core.overrides import content_hash, make_patch, merge_patch
from core.store import MIGRATIONS, ConflictError, Store, StoreError, default_url, migrate, normalise_url
from tests.core.pg import pg_server, pg_url  # noqa: F401 - fixtures

BASE = {
    "zone": {"name": "Test Zone", "country": "THA", "area_ha": 100},
    "base_year": 2025,
    "horizon": 2030,
    "assumptions": {"discount_rate": 0.08, "carbon_price_per_t": {2025: 0, 2030: 30}},
    "tenants": [
        {
            "id": "T01",
            "name": "Tenant one",
            "sector": "auto_parts",
            "output_musd": 10,
            "location": [13.0, 101.0],
            "energy": {"electricity_mwh": 1000},
        }
    ],
}


def tenant(i: int) -> dict:
    return {"id": f"W{i:02d}", "name": f"Writer {i}", "sector": "misc", "output_musd": 1, "location": [13, 101]}


@pytest.fixture(params=["sqlite", "postgresql"])
def store(request, tmp_path):
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path / 'store.sqlite'}"
    else:
        url = request.getfixturevalue("pg_url")
    s = Store(url)
    yield s
    s.close()


def test_create_load_roundtrip(store):
    rec = store.create("Base", BASE)
    assert rec.version == 1 and rec.base_id is None and rec.name == "Base"
    s = store.load(rec.id)
    assert s.zone.name == "Test Zone" and s.tenants[0].energy.electricity_mwh == 1000
    assert s.assumptions.carbon_price_per_t == {2025: 0, 2030: 30}  # year keys survive JSON
    assert [r.name for r in store.records()] == ["Base"]


def test_save_bumps_version_and_conflict_is_refused(store):
    rec = store.create("Base", BASE)
    tab_a = store.data(rec.id)
    tab_b = store.data(rec.id)
    tab_a["horizon"] = 2035
    saved = store.save(rec.id, tab_a, expected_version=rec.version)
    assert saved.version == 2
    tab_b["horizon"] = 2040
    with pytest.raises(ConflictError) as err:
        store.save(rec.id, tab_b, expected_version=rec.version)
    msg = str(err.value)
    assert "version 1" in msg and "version 2" in msg and "reload" in msg
    assert store.load(rec.id).horizon == 2035  # the first save was not overwritten


def test_invalid_save_leaves_store_unchanged(store):
    rec = store.create("Base", BASE)
    bad = store.data(rec.id)
    bad["tenants"][0]["energy"]["electricity_mwh"] = -5
    with pytest.raises(ScenarioError) as err:
        store.save(rec.id, bad, expected_version=1)
    assert "tenants[0].energy.electricity_mwh" in str(err.value)
    after = store.get(rec.id)
    assert after.version == 1 and store.data(rec.id) == rec.stored


def test_failed_transaction_rolls_back(store):
    rec = store.create("Base", BASE)
    with pytest.raises(RuntimeError), store.engine.begin() as conn:  # a write that fails half-way
        conn.execute(sa.text("UPDATE scenarios SET name = :n WHERE id = :i"), {"n": "half", "i": rec.id})
        raise RuntimeError("boom")
    assert store.get(rec.id).name == "Base"


def test_variant_stores_only_its_changes(store):
    base = store.create("Base", BASE)
    data = store.data(base.id)
    data["assumptions"]["discount_rate"] = 0.05
    var = store.create("Low rate", data, base_id=base.id)
    assert var.stored == {"assumptions": {"discount_rate": 0.05}}
    # the variant follows later changes of its base
    b = store.data(base.id)
    b["horizon"] = 2040
    store.save(base.id, b, expected_version=1)
    v = store.load(var.id)
    assert v.horizon == 2040 and v.assumptions.discount_rate == 0.05
    with pytest.raises(StoreError, match="base of 1 variant"):
        store.delete(base.id)
    store.detach(var.id)
    store.delete(base.id)
    assert store.load(var.id).horizon == 2040


def test_duplicate_rename_delete_import_export(store):
    rec = store.create("Base", BASE)
    dup = store.duplicate(rec.id)
    assert dup.name == "Base (copy)" and store.data(dup.id) == store.data(rec.id)
    renamed = store.rename(dup.id, "Second")
    assert renamed.name == "Second" and renamed.version == 2
    with pytest.raises(ConflictError):
        store.rename(dup.id, "Third", expected_version=1)
    text = store.export(rec.id, "yaml")
    imported = store.import_file(text.encode(), "zone.yaml", name="Imported")
    assert store.data(imported.id) == store.data(rec.id)
    with pytest.raises(ScenarioError):
        store.import_file(b"zone: [", "broken.yaml")
    store.delete(dup.id)
    with pytest.raises(StoreError, match="no scenario with id"):
        store.get(dup.id)
    with pytest.raises(StoreError, match="needs a name"):
        store.create("  ", BASE)


def test_ten_concurrent_writers_lose_nothing(store):
    rec = store.create("Shared", BASE)
    errors: list[BaseException] = []
    conflicts = []

    def writer(i: int) -> None:
        try:
            while True:  # read - modify - save, retry on conflict: the usual optimistic loop
                current = store.get(rec.id)
                data = store.data(rec.id)
                data["tenants"].append(tenant(i))
                try:
                    store.save(rec.id, data, expected_version=current.version)
                    return
                except ConflictError:
                    conflicts.append(i)
        except BaseException as e:  # noqa: BLE001
            errors.append(e)

    threads = [threading.Thread(target=writer, args=(i,)) for i in range(10)]
    for th in threads:
        th.start()
    for th in threads:
        th.join(timeout=120)
    assert errors == []
    final = store.load(rec.id)
    assert sorted(t.id for t in final.tenants) == ["T01"] + [f"W{i:02d}" for i in range(10)]
    assert store.get(rec.id).version == 11  # 1 + exactly one successful save per writer


def test_ten_concurrent_creators(store):
    def make(i: int) -> None:
        store.create(f"S{i}", BASE)

    threads = [threading.Thread(target=make, args=(i,)) for i in range(10)]
    for th in threads:
        th.start()
    for th in threads:
        th.join(timeout=120)
    assert sorted(r.name for r in store.records()) == sorted(f"S{i}" for i in range(10))


def test_results_cache_keyed_by_content(store):
    rec = store.create("Base", BASE)
    s = store.load(rec.id)
    assert store.cache_get(s, "plan") is None
    store.cache_put(s, "plan", {"npv": 1.5, "name": "计划"})
    assert store.cache_get(s, "plan") == {"npv": 1.5, "name": "计划"}
    store.cache_put(s, "plan", {"npv": 2.0})  # replaces
    assert store.cache_get(s, "plan") == {"npv": 2.0}
    changed = s.model_copy(update={"horizon": 2031})
    assert store.cache_get(changed, "plan") is None
    assert store.cache_clear() == 1


def test_migrations_are_idempotent_and_versioned(store):
    assert store.schema_version == len(MIGRATIONS) == migrate(store.engine)
    with store.engine.begin() as conn:
        conn.execute(sa.text("UPDATE schema_version SET version = :v"), {"v": len(MIGRATIONS) + 1})
    with pytest.raises(StoreError, match="newer than this program"):
        migrate(store.engine)


def test_merge_patch_rfc7386_examples():
    # RFC 7386 section 3 example
    target = {"a": "b", "c": {"d": "e", "f": "g"}}
    patch = {"a": "z", "c": {"f": None}}
    assert merge_patch(target, patch) == {"a": "z", "c": {"d": "e"}}
    assert target == {"a": "b", "c": {"d": "e", "f": "g"}}  # input untouched
    assert merge_patch({"a": [1, 2]}, {"a": [3]}) == {"a": [3]}  # lists replaced whole
    base = {"x": 1, "y": {"p": 1, "q": 2}, "z": [1]}
    new = {"x": 1, "y": {"p": 5, "q": 2}, "w": True}
    assert make_patch(base, new) == {"y": {"p": 5}, "z": None, "w": True}
    assert merge_patch(base, make_patch(base, new)) == new


def test_content_hash_ignores_key_order():
    assert content_hash({"a": 1, "b": 2}) == content_hash({"b": 2, "a": 1})
    assert content_hash({"a": 1}) != content_hash({"a": 2})


def test_default_url(monkeypatch, tmp_path):
    monkeypatch.delenv("DATABASE_URL", raising=False)
    monkeypatch.setenv("LCZP_DB", str(tmp_path / "x.sqlite"))
    assert default_url() == f"sqlite:///{tmp_path / 'x.sqlite'}"
    monkeypatch.setenv("DATABASE_URL", "postgresql://u@h/db")
    assert default_url() == "postgresql+psycopg://u@h/db"
    assert normalise_url("postgres://u@h/db") == "postgresql+psycopg://u@h/db"


def test_save_failing_inside_the_transaction_rolls_back(store, monkeypatch):
    rec = store.create("Base", BASE)
    data = store.data(rec.id)
    data["horizon"] = 2040
    real_get = store._get

    def broken_get(conn, scenario_id):  # the UPDATE has run; the read-back fails (a lost connection, say)
        raise RuntimeError("connection lost")

    monkeypatch.setattr(store, "_get", broken_get)
    with pytest.raises(RuntimeError, match="connection lost"):
        store._update(rec.id, 1, data='{"broken": true}')
    monkeypatch.setattr(store, "_get", real_get)
    after = store.get(rec.id)
    assert after.version == 1 and store.load(rec.id).horizon == 2030  # nothing of the failed save is left
