"""AppTest of the workshop room: a facilitator opens a room, two participants join by code, submit variants
(solved as jobs), the board shows both with their results, and votes are counted."""

from __future__ import annotations

import time

from core.loader import validate_data
from tests.core.test_cli_solve import SCENARIO
from tests.helpers import open_app


def _board_rows(at) -> int:
    tables = [d.value for d in at.dataframe]
    return len(tables[0]) if tables else 0


def test_two_participants_in_a_room(tmp_path, monkeypatch):
    monkeypatch.delenv("DATABASE_URL", raising=False)
    monkeypatch.setenv("LCZP_DB", str(tmp_path / "app.sqlite"))
    host = open_app("workshop", "en", validate_data(SCENARIO))
    assert not host.exception, host.exception
    host.text_input(key="workshop_title").set_value("Tiny zone workshop")
    host.button(key="workshop_open").click().run()
    assert not host.exception, host.exception
    code = host.query_params["room"][0] if isinstance(host.query_params["room"], list) else host.query_params["room"]
    assert len(code) == 5
    for who, price, lang in (("Anna", 0, "en"), ("Bao", 150, "vi")):
        p = open_app("workshop", lang, None, query={"room": code.lower()})
        assert not p.exception, p.exception
        p.text_input(key="workshop_name").set_value(who)
        p.slider(key="workshop_carbon").set_value(price)
        p.button(key="workshop_submit").click().run()
        assert not p.exception and not p.error, (p.exception, [e.value for e in p.error])
    t0 = time.monotonic()
    while True:  # the jobs run outside the script run; the board shows them once solved
        host.run()
        board = host.dataframe[0].value
        if (board["Status"] == "solved").sum() == 2:
            break
        assert time.monotonic() - t0 < 90, board
        time.sleep(0.5)
    assert list(board["Variant"].str.split().str[1]) == ["Anna", "Bao"]
    npv = board["NPV cost (USD)"].str.replace(",", "").astype(float)
    assert npv.iloc[1] > npv.iloc[0]  # the carbon price costs money
    assert len(host.get("vega_lite_chart")) == 1
    # a participant votes
    host.text_input(key="workshop_name").set_value("Chloe")
    host.selectbox(key="workshop_pick").set_value(host.selectbox(key="workshop_pick").options[1])
    host.button(key="workshop_vote").click().run()
    assert not host.exception, host.exception
    assert list(host.dataframe[0].value["Votes"]) == [0, 1]


def test_an_unknown_room_is_a_message(tmp_path, monkeypatch):
    monkeypatch.delenv("DATABASE_URL", raising=False)
    monkeypatch.setenv("LCZP_DB", str(tmp_path / "app.sqlite"))
    p = open_app("workshop", "fr", None, query={"room": "ZZZZZ"})
    assert not p.exception and "ZZZZZ" in p.error[0].value
