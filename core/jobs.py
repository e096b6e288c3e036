"""Solve jobs: a solve with an id, run outside the page's script run, stored with its plan.

`Jobs(engine)` keeps its own table (`solve_jobs`, created if missing, in the store's database) and a small
thread pool (HiGHS releases the GIL: the server stays responsive). `submit(s, settings)` returns a job id at
once; identical inputs (scenario content, solver settings, code version) are solved once: a queued, running
or finished job with the same key is returned instead of a new one. `get(id)` reads the status and, once
done, the plan (core.plan_io round trip: another session or a link opens it without solving again).
`cancel(id)` marks a queued or running job cancelled: a queued one never starts; a running solve is not
interrupted mid-phase, its result is dropped, and the caller keeps showing what it showed before.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import threading
import uuid
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import UTC, datetime
from enum import StrEnum
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection, Engine

from core.optimise import SolveSettings
from core.overrides import content_hash
from core.plan_io import plan_from_json, plan_to_json
from core.results import Plan
from core.schema import Scenario
from core.store import code_version

metadata = sa.MetaData()
solve_jobs = sa.Table(
    "solve_jobs",
    metadata,
    sa.Column("id", sa.String(32), primary_key=True),
    sa.Column("key", sa.String(64), nullable=False, index=True),
    sa.Column("status", sa.String(16), nullable=False),
    sa.Column("message", sa.Text, nullable=False, default=""),
    sa.Column("plan", sa.Text, nullable=True),  # JSON (core.plan_io) once done
    sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("started_at", sa.DateTime(timezone=True), nullable=True),
    sa.Column("finished_at", sa.DateTime(timezone=True), nullable=True),
)


@contextlib.contextmanager
def writing(engine: Engine) -> Iterator[Connection]:
    """A write transaction that takes SQLite's write lock first (BEGIN IMMEDIATE: waits on busy_timeout,
    where a read that turns into a write would fail at once with "database is locked")."""
    with engine.connect().execution_options(sqlite_immediate=True) as conn, conn.begin():
        yield conn


class JobStatus(StrEnum):
    QUEUED = "queued"
    RUNNING = "running"
    DONE = "done"  # the plan is stored (its own status may still be infeasible_targets or time_limit)
    FAILED = "failed"  # no plan (message says why)
    CANCELLED = "cancelled"


LIVE = (JobStatus.QUEUED, JobStatus.RUNNING, JobStatus.DONE)


@dataclass(frozen=True)
class Job:
    id: str
    status: JobStatus
    message: str
    created_at: datetime
    started_at: datetime | None
    finished_at: datetime | None
    plan: Plan | None = None
    key: str = ""  # job_key of its inputs

    @property
    def finished(self) -> bool:
        return self.status in (JobStatus.DONE, JobStatus.FAILED, JobStatus.CANCELLED)

    def elapsed_s(self, now: datetime | None = None) -> float:
        """Seconds since the solve started (to the end when finished; 0 while queued)."""
        if self.started_at is None:
            return 0.0
        end = self.finished_at or now or datetime.now(UTC)
        return max(0.0, (_aware(end) - _aware(self.started_at)).total_seconds())


def _aware(t: datetime) -> datetime:
    return t if t.tzinfo else t.replace(tzinfo=UTC)  # SQLite returns naive datetimes


def job_key(s: Scenario, settings: SolveSettings) -> str:
    """Same content, same solver settings, same code: the same job."""
    text = f"{content_hash(s)}|{settings.key()}|{code_version()}"
    return hashlib.sha256(text.encode()).hexdigest()[:64]


def _default_solve(s: Scenario, settings: SolveSettings) -> Plan:
    from core.optimise.live import solve

    return solve(s, settings)


class Jobs:
    """Submit, poll and cancel solve jobs (thread-safe; one instance per process and database)."""

    def __init__(self, engine: Engine, workers: int = 1, solve_fn: Callable[..., Plan] | None = None):
        self.engine = engine
        try:
            metadata.create_all(engine, checkfirst=True)
        except sa.exc.OperationalError:  # another process created it meanwhile
            metadata.create_all(engine, checkfirst=True)
        self.pool = ThreadPoolExecutor(max_workers=workers, thread_name_prefix="solve-job")
        self.solve_fn = solve_fn or _default_solve
        self._lock = threading.Lock()

    def submit(self, s: Scenario, settings: SolveSettings | None = None) -> str:
        """A job id for this solve: an existing live or finished job with the same inputs, else a new one."""
        st = settings or SolveSettings()
        key = job_key(s, st)
        with self._lock:
            with writing(self.engine) as conn:
                row = conn.execute(
                    sa.select(solve_jobs.c.id)
                    .where(solve_jobs.c.key == key, solve_jobs.c.status.in_([str(x) for x in LIVE]))
                    .order_by(solve_jobs.c.created_at.desc())
                ).first()
                if row is not None:
                    return str(row.id)
                job_id = uuid.uuid4().hex
                conn.execute(
                    sa.insert(solve_jobs).values(
                        id=job_id, key=key, status=JobStatus.QUEUED, message="", created_at=datetime.now(UTC)
                    )
                )
        self.pool.submit(self._run, job_id, s, st)
        return job_id

    def _set(self, job_id: str, only_if: tuple[str, ...], **values: Any) -> bool:
        with writing(self.engine) as conn:
            q = sa.update(solve_jobs).where(solve_jobs.c.id == job_id, solve_jobs.c.status.in_(only_if))
            return conn.execute(q.values(**values)).rowcount == 1

    def _run(self, job_id: str, s: Scenario, settings: SolveSettings) -> None:
        if not self._set(job_id, (JobStatus.QUEUED,), status=JobStatus.RUNNING, started_at=datetime.now(UTC)):
            return  # cancelled before it started
        try:
            plan = self.solve_fn(s, settings)
        except Exception as e:  # noqa: BLE001 - a job that fails says why; it never takes the server down
            plan = Plan.failed(f"{type(e).__name__}: {e}", s.plan_years)
        done = datetime.now(UTC)
        if plan.ok:
            payload = json.dumps(plan_to_json(plan), ensure_ascii=False, default=str)
            values = {"status": JobStatus.DONE, "plan": payload, "message": plan.message, "finished_at": done}
        else:
            values = {"status": JobStatus.FAILED, "message": plan.message, "finished_at": done}
        self._set(job_id, (JobStatus.RUNNING,), **values)  # a job cancelled meanwhile stays cancelled

    def get(self, job_id: str, with_plan: bool = True) -> Job | None:
        """The job (and its plan once done), or None for an unknown id."""
        cols = [c for c in solve_jobs.c if with_plan or c.name != "plan"]
        with self.engine.connect() as conn:
            row = conn.execute(sa.select(*cols).where(solve_jobs.c.id == job_id)).first()
        if row is None:
            return None
        m = row._mapping
        plan = plan_from_json(json.loads(m["plan"])) if with_plan and m.get("plan") else None
        return Job(
            id=m["id"],
            status=JobStatus(m["status"]),
            message=m["message"] or "",
            created_at=m["created_at"],
            started_at=m["started_at"],
            finished_at=m["finished_at"],
            plan=plan,
            key=m["key"],
        )

    def cancel(self, job_id: str) -> bool:
        """True when the job was queued or running and is now cancelled."""
        live = (JobStatus.QUEUED, JobStatus.RUNNING)
        return self._set(job_id, live, status=JobStatus.CANCELLED, finished_at=datetime.now(UTC))

    def wait(self, job_id: str, timeout_s: float = 60.0, poll_s: float = 0.05) -> Job | None:
        """Block until the job is finished or the timeout passes (scripts and tests; pages poll)."""
        import time

        end = time.monotonic() + timeout_s
        while True:
            job = self.get(job_id, with_plan=False)
            if job is None or job.finished or time.monotonic() >= end:
                return self.get(job_id)
            time.sleep(poll_s)

    def close(self) -> None:
        self.pool.shutdown(wait=False, cancel_futures=True)
