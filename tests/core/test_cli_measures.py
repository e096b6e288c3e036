"""`python -m core measures FILE --json`: the catalogue as resolved for a scenario (issue 12 contract)."""

import json

from core.cli import main
from tests.helpers import ROOT

KEYS = {"id", "unit", "capex_per_unit", "om_per_unit_year", "lifetime_years", "max_new_per_year", "lead_time_years",
        "available", "effects", "acts_on", "source", "url", "status"}  # fmt: skip


def test_measures_json(capsys):
    assert main(["measures", str(ROOT / "data/demo/thai_auto/scenario.yaml"), "--json"]) == 0
    rows = {r["id"]: r for r in json.loads(capsys.readouterr().out)["measures"]}
    assert all(KEYS <= set(r) for r in rows.values())
    assert rows["ccus"]["available"] is False and rows["ccus"]["why_not"] == "process:calcination"
    assert rows["vfd_motors"]["acts_on"] == "electricity:motors" and rows["vfd_motors"]["url"].startswith("http")
    assert rows["rooftop_pv"]["status"] in {"verified", "secondary", "unverified", "assumption"}
    pv = rows["rooftop_pv"]
    assert pv["max_new_per_year"] == pv["max_units"] * 0.25  # pace: a quarter of the roof potential a year
