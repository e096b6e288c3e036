"""Many solves as Dask tasks: a local cluster of worker processes by default, or an existing cluster.

Where the tasks run (``scheduler``):
- ``None``: the cluster at ``DASK_SCHEDULER_ADDRESS`` when that is set, else a local cluster;
- ``"local"``: a local cluster of ``workers`` processes (one thread each), started on first use and kept
  for the life of the program, so only the first sweep pays the start-up;
- an address (``tcp://host:8786``): that cluster (started with ``dask scheduler`` / ``dask worker``).

An unreachable scheduler raises ``ClusterError`` with one line after ``CONNECT_TIMEOUT_S``, never a hang.
A task that raises is the caller's row (``on_error``), never fatal; a worker that dies mid-task loses only
that task, which the scheduler runs again elsewhere (up to ``distributed.scheduler.allowed-failures``
times, then the point is reported as failed).
"""

from __future__ import annotations

import atexit
import contextlib
import logging
import os
import threading
import uuid
from collections.abc import Callable, Hashable, Iterable
from typing import Any

CONNECT_TIMEOUT_S = 5.0
ENV = "DASK_SCHEDULER_ADDRESS"
LOCAL = "local"

Progress = Callable[[int, int], None]


class ClusterError(RuntimeError):
    """The scheduler cannot be reached (the message is one line and offers the local cluster)."""

    def __init__(self, message: str, address: str = ""):
        super().__init__(message)
        self.address = address


def scheduler_address(scheduler: str | None = None) -> str | None:
    """The address tasks go to: the given one, else ``DASK_SCHEDULER_ADDRESS``; None = a local cluster."""
    addr = scheduler if scheduler is not None else os.environ.get(ENV, "")
    addr = (addr or "").strip()
    return None if not addr or addr == LOCAL else addr


_CLIENTS: dict[str, Any] = {}
_LOCK = threading.Lock()


def get_client(scheduler: str | None = None, workers: int = 2) -> Any:
    """A connected ``distributed.Client`` (kept and reused); ClusterError when the scheduler is unreachable."""
    from distributed import Client, LocalCluster

    addr = scheduler_address(scheduler)
    workers = max(1, int(workers))
    key = addr or f"{LOCAL}:{workers}"
    with _LOCK:
        client = _CLIENTS.get(key)
        if client is not None and client.status == "running":
            return client
        if addr:
            try:
                client = Client(addr, timeout=CONNECT_TIMEOUT_S, set_as_default=False)
            except (OSError, TimeoutError, ValueError) as e:
                why = str(e).splitlines()[0] if str(e) else type(e).__name__
                raise ClusterError(
                    f"cannot reach the Dask scheduler at {addr} within {CONNECT_TIMEOUT_S:g} s ({why}); "
                    f"unset {ENV} (or leave out --scheduler) to use a local cluster",
                    addr,
                ) from None
        else:
            cluster = LocalCluster(
                n_workers=workers,
                threads_per_worker=1,
                processes=True,
                host="127.0.0.1",
                dashboard_address=None,
                # its HTTP server (health routes) on a free port: 8787 may be another cluster's on a shared host
                scheduler_kwargs={"dashboard_address": "127.0.0.1:0"},
                silence_logs=logging.ERROR,
            )
            client = Client(cluster, set_as_default=False)
        _CLIENTS[key] = client
        return client


def n_workers(client: Any) -> int:
    """Workers connected to the client's scheduler now."""
    return len(client.scheduler_info().get("workers", {}))


def prewarm(workers: int) -> None:
    """Start the local cluster now, in the background (call when a page that sweeps opens)."""
    if scheduler_address() is None and workers > 1:
        threading.Thread(target=_quiet_start, args=(workers,), daemon=True).start()


def _quiet_start(workers: int) -> None:
    try:
        get_client(LOCAL, workers)
    except Exception:  # noqa: BLE001 - the first sweep starts it again and says why
        return


def run_tasks(
    fn: Callable[..., Any],
    items: Iterable[tuple[Hashable, tuple]],
    on_done: Callable[[Hashable, Any], None],
    on_error: Callable[[Hashable, str], None],
    scheduler: str | None = None,
    workers: int = 2,
    stop: Callable[[], bool] | None = None,
) -> bool:
    """Run ``fn(*args)`` for each (key, args) as a Dask task; ``on_done(key, result)`` or ``on_error(key, msg)``
    as each finishes (in this thread, in completion order). Returns False when ``stop()`` turned true and the
    remaining tasks were cancelled, True when every task finished."""
    from distributed import as_completed

    client = get_client(scheduler, workers)
    run = uuid.uuid4().hex[:8]
    futures = {}
    for i, (key, args) in enumerate(items):
        f = client.submit(fn, *args, key=f"point-{run}-{i}", pure=False, retries=1)
        futures[f] = key
    pending = as_completed(list(futures), loop=client.loop, with_results=False)
    for f in pending:
        key = futures[f]
        try:
            on_done(key, f.result())
        except Exception as e:  # noqa: BLE001 - a failed point (also a worker killed too often) is a row
            msg = str(e).splitlines()[0] if str(e) else ""
            on_error(key, f"{type(e).__name__}: {msg}".rstrip(": "))
        if stop is not None and stop():
            client.cancel([g for g in futures if not g.done()])
            return False
    return True


def shutdown() -> None:
    """Close every kept client and local cluster (also run at exit)."""
    quiet = logging.getLogger("distributed")
    level = quiet.level
    quiet.setLevel(logging.CRITICAL)  # closing: connections dropped on purpose are no news
    with _LOCK:
        for client in _CLIENTS.values():
            cluster = getattr(client, "cluster", None)
            with contextlib.suppress(Exception):  # closing at exit: nothing left to report to
                client.close(timeout=2)
                if cluster is not None:
                    cluster.close(timeout=2)
        _CLIENTS.clear()
    quiet.setLevel(level)


atexit.register(shutdown)
