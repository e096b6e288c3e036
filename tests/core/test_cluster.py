"""Sweeps, the tornado and Monte Carlo as Dask tasks on a real cluster: a `dask scheduler` and two
`dask worker` processes started on loopback for this module. Faults: a failed point is a row, a worker
killed mid-task loses only its point (run again on a worker alive), an unreachable scheduler is one line.
"""

from __future__ import annotations

import contextlib
import os
import socket
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

import pytest

from core.cluster import CONNECT_TIMEOUT_S, ClusterError, get_client, n_workers, run_tasks, shutdown
from core.monte_carlo import monte_carlo
from core.optimise import solve
from core.sensitivity import sweep, tornado
from core.year_paths import interpolate
from tests.helpers import ROOT, tenant, tiny_scenario


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _scenario(name: str = "Tiny"):
    return tiny_scenario(
        zone={"name": name, "country": "THA", "area_ha": 50},
        horizon=2028,
        assumptions={
            "prices": {"electricity_per_mwh": {2025: 100}, "natural_gas_per_gj": {2025: 9}},
            "carbon_price_per_t": {2025: 20},
        },
        tenants=[
            tenant(
                "T1",
                sector="auto_parts",
                output_musd=20,
                location=[13.0, 101.0],
                energy={"electricity_mwh": 5000, "natural_gas_gj": 20000},
            )
        ],
        facilities=[{"id": "F1", "type": "rooftop", "location": [13.0, 101.0], "roof_area_m2": 6000}],
        targets={"milestones": [{"metric": "emissions", "year": 2028, "change_vs_base": -0.2}]},
        measures={"disabled": ["green_ppa", "carbon_credits", "removal_credits"]},
    )


@pytest.fixture(scope="module")
def address():
    port = _free_port()
    addr = f"tcp://127.0.0.1:{port}"
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    env.pop("DASK_SCHEDULER_ADDRESS", None)
    quiet = {"cwd": ROOT, "env": env, "stdout": subprocess.DEVNULL, "stderr": subprocess.DEVNULL}
    sched = subprocess.Popen(
        [sys.executable, "-m", "distributed.cli.dask_scheduler", "--host", "127.0.0.1", "--port", str(port)]
        + ["--no-dashboard", "--dashboard-address", "127.0.0.1:0"],
        **quiet,
    )
    workers = subprocess.Popen(
        [sys.executable, "-m", "distributed.cli.dask_worker", addr, "--nworkers", "2", "--nthreads", "1"]
        + ["--no-dashboard", "--host", "127.0.0.1", "--death-timeout", "30"],
        **quiet,
    )
    try:
        client = get_client(addr)
        t0 = time.perf_counter()
        while n_workers(client) < 2:
            assert time.perf_counter() - t0 < 90, "two workers did not join"
            time.sleep(0.2)
        yield addr
    finally:
        with contextlib.suppress(Exception):  # scheduler and workers stop together (faster than SIGTERM each)
            get_client(addr).shutdown()
        shutdown()
        for p in (workers, sched):
            if p.poll() is None:
                p.terminate()
        for p in (workers, sched):
            try:
                p.wait(timeout=20)
            except subprocess.TimeoutExpired:
                p.kill()
                p.wait(timeout=20)


# ------------------------------------------------------------ task functions the workers import from here


def _pid_after(seconds: float) -> int:
    time.sleep(seconds)
    return os.getpid()


def fail_at_100(s, settings=None):
    if interpolate(s.assumptions.carbon_price_per_t, [s.horizon])[s.horizon] == 100:
        raise RuntimeError("this point fails on purpose")
    return solve(s, settings)


def die_once_at_50(s, settings=None):
    """The worker process running the point at price 50 dies the first time (os._exit: no exception)."""
    marker = Path(tempfile.gettempdir()) / f"{s.zone.name}.died"
    if interpolate(s.assumptions.carbon_price_per_t, [s.horizon])[s.horizon] == 50 and not marker.exists():
        marker.write_text(str(os.getpid()))
        os._exit(1)
    return solve(s, settings)


# ------------------------------------------------------------ tests


def test_tasks_spread_over_both_workers(address):
    pids: list[int] = []
    run_tasks(_pid_after, [(i, (1.0,)) for i in range(4)], lambda k, p: pids.append(p), pytest.fail, address)
    assert len(pids) == 4 and len(set(pids)) == 2


def test_sweep_on_the_cluster_matches_a_serial_sweep(address):
    s, values = _scenario(), [0.0, 50.0, 200.0]
    here = sweep(s, "carbon_price", values, workers=1).table
    done: list[int] = []
    there = sweep(s, "carbon_price", values, scheduler=address, progress=lambda d, n: done.append(d)).table
    assert done == [1, 2, 3]
    assert list(there["status"]) == ["optimal"] * 3
    for a, b in zip(here["npv_total"], there["npv_total"], strict=True):
        assert b == pytest.approx(a, rel=1e-6)
    assert list(there["measures"]) == list(here["measures"])
    # a higher carbon price never lowers the cost of the plan (cost rises by at most price x emissions)
    npv = list(there["npv_total"])
    assert npv[0] < npv[1] < npv[2]


def test_the_environment_variable_picks_the_cluster(address, monkeypatch):
    monkeypatch.setenv("DASK_SCHEDULER_ADDRESS", address)
    df = tornado(_scenario(), params=["carbon_price", "discount_rate"], workers=2)
    assert df["low_npv"].notna().all() and df["high_npv"].notna().all()
    mc = monte_carlo(_scenario(), n=4, spread=0.2, params=["carbon_price"], seed=1)
    assert len(mc.draws) == 4 and set(mc.draws["status"]) == {"optimal"}


def test_a_failed_point_is_a_row_not_a_failure(address):
    t = sweep(_scenario(), "carbon_price", [50.0, 100.0], scheduler=address, solve_fn=fail_at_100).table
    row = t.set_index("value")
    assert row.loc[100.0, "status"] == "error" and "on purpose" in row.loc[100.0, "message"]
    assert row.loc[50.0, "status"] == "optimal"


def test_a_worker_that_dies_loses_only_its_point(address):
    name = f"die-{uuid.uuid4().hex[:8]}"
    marker = Path(tempfile.gettempdir()) / f"{name}.died"
    try:
        t = sweep(_scenario(name), "carbon_price", [0.0, 50.0, 200.0], scheduler=address, solve_fn=die_once_at_50).table
        assert marker.exists()  # a worker process did die on the point at 50 ...
        assert list(t["status"]) == ["optimal"] * 3  # ... and that point was solved again elsewhere
    finally:
        marker.unlink(missing_ok=True)


def test_an_unreachable_scheduler_is_one_line_not_a_hang():
    addr = f"tcp://127.0.0.1:{_free_port()}"  # nothing listens there
    t0 = time.perf_counter()
    with pytest.raises(ClusterError) as e:
        sweep(_scenario(), "carbon_price", [10.0], scheduler=addr)
    assert time.perf_counter() - t0 < CONNECT_TIMEOUT_S + 5
    msg = str(e.value)
    assert "\n" not in msg and addr in msg and "local cluster" in msg
