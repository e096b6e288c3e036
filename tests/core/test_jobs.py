"""Solve jobs: run outside the caller, stored with the plan (a second reader gets it without solving),
identical inputs solved once, cancel keeps a cancelled job cancelled, a failure is a message."""

from __future__ import annotations

import json
import threading
import time

import pandas as pd
import pytest

from core.demo import load_demo
from core.jobs import Jobs, JobStatus, job_key
from core.loader import validate_data
from core.optimise import SolveSettings, solve
from core.plan_io import plan_from_json, plan_to_json
from core.store import Store
from tests.core.test_cli_solve import SCENARIO


@pytest.fixture
def store(tmp_path):
    st = Store(f"sqlite:///{tmp_path / 'jobs.sqlite'}")
    yield st
    st.close()


def test_a_plan_round_trips_through_json():
    p = solve(validate_data(SCENARIO))
    q = plan_from_json(json.loads(json.dumps(plan_to_json(p))))  # as stored: through JSON text
    assert p.tenancy is not None and p.power  # the plan by tenant and party and its power figures travel too
    pd.testing.assert_frame_equal(p.tenancy.by_tenant, q.tenancy.by_tenant, check_dtype=False)
    assert q.power == p.power
    for name in ("pathway", "units", "costs", "targets", "measures", "abatement", "energy", "macc_plan"):
        pd.testing.assert_frame_equal(getattr(p, name), getattr(q, name), check_dtype=False)
    pd.testing.assert_series_equal(p.capex, q.capex, check_dtype=False)
    assert q.to_json() == p.to_json() and q.describe("zh") == p.describe("zh") and q.headline() == p.headline()


def test_a_job_solves_once_and_a_second_reader_opens_the_stored_plan(store):
    calls = []

    def counting(s, settings):
        calls.append(1)
        return solve(s, settings)

    jobs = Jobs(store.engine, solve_fn=counting)
    s = validate_data(SCENARIO)
    jid = jobs.submit(s, SolveSettings(time_limit_s=30))
    assert jobs.submit(s, SolveSettings(time_limit_s=30)) == jid  # identical inputs: the same job
    job = jobs.wait(jid, 60)
    assert job.status == JobStatus.DONE and len(calls) == 1
    assert job.plan.npv["total"] == pytest.approx(solve(s, SolveSettings(time_limit_s=30)).npv["total"], rel=1e-9)
    # another process (another Jobs on the same database) reads it without solving
    other = Jobs(Store(store.url).engine, solve_fn=lambda *a: pytest.fail("solved again"))
    again = other.get(jid)
    assert again.status == JobStatus.DONE and again.plan.to_json() == job.plan.to_json()
    assert other.submit(s, SolveSettings(time_limit_s=30)) == jid and len(calls) == 1
    jobs.close()
    other.close()


def test_cancel_drops_the_result(store):
    gate = threading.Event()

    def slow(s, settings):
        gate.wait(10)
        return solve(s, settings)

    jobs = Jobs(store.engine, solve_fn=slow)
    s = validate_data(SCENARIO)
    running = jobs.submit(s)
    t0 = time.monotonic()
    while jobs.get(running).status != JobStatus.RUNNING:
        assert time.monotonic() - t0 < 10
        time.sleep(0.01)
    queued = jobs.submit(s, SolveSettings(gap=0.01))  # one worker: waits behind the first
    assert jobs.get(queued).status == JobStatus.QUEUED
    assert jobs.cancel(running) and jobs.cancel(queued)
    gate.set()
    jobs.pool.shutdown(wait=True)
    assert jobs.get(running).status == JobStatus.CANCELLED and jobs.get(running).plan is None
    assert jobs.get(queued).status == JobStatus.CANCELLED and jobs.get(queued).started_at is None
    assert not jobs.cancel(running)  # already finished


def test_a_failed_solve_is_a_failed_job_with_its_message(store):
    def broken(s, settings):
        raise RuntimeError("no solver today")

    jobs = Jobs(store.engine, solve_fn=broken)
    job = jobs.wait(jobs.submit(validate_data(SCENARIO)), 30)
    assert job.status == JobStatus.FAILED and "no solver today" in job.message and job.plan is None
    jobs.close()


def test_the_electricity_balance_is_part_of_a_job():
    s = load_demo("thai_auto")
    keys = {
        job_key(s, SolveSettings()),
        job_key(s, SolveSettings(power_mode="hourly")),
        job_key(s, SolveSettings(power_mode="hourly", power_days=8)),
        job_key(s, SolveSettings(power_mode="hourly", power_segments=24)),
    }
    assert len(keys) == 4  # an hourly plan is never handed out for an annual request, nor 4 days for 8
