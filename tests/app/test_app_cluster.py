"""The Sensitivity page with an unreachable Dask scheduler: one message and the offer of the local cluster,
which then runs the sweep (no traceback, no hang)."""

from __future__ import annotations

import socket

from core.demo import load_demo
from tests.helpers import open_app


def test_unreachable_scheduler_offers_the_local_cluster(tmp_path, monkeypatch):
    monkeypatch.delenv("DATABASE_URL", raising=False)
    monkeypatch.setenv("LCZP_DB", str(tmp_path / "app.sqlite"))
    with socket.socket() as sk:
        sk.bind(("127.0.0.1", 0))
        port = sk.getsockname()[1]  # nothing listens there once closed
    monkeypatch.setenv("DASK_SCHEDULER_ADDRESS", f"tcp://127.0.0.1:{port}")
    query = {"param": "discount_rate", "lo": "0.05", "hi": "0.08", "n": "2"}
    at = open_app("sensitivity", "fr", load_demo("thai_auto"), query=query)
    at.default_timeout = 120
    assert any(f"127.0.0.1:{port}" in c.value for c in at.caption)  # where solves run
    at.number_input(key="sensitivity_workers").set_value(1)
    at.button(key="sensitivity_run").click().run()
    assert not at.exception, at.exception
    assert len(at.error) == 1 and f"127.0.0.1:{port}" in at.error[0].value and "local" in at.error[0].value
    at.button(key="cluster_use_local_button").click().run()
    assert not at.exception and not at.error
    at.button(key="sensitivity_run").click().run()
    assert not at.exception, at.exception
    table = at.session_state["sensitivity_result"][1].table
    assert list(table["value"]) == [0.05, 0.08] and (table["status"] != "error").all()
