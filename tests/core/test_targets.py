"""Targets: milestones -> annual trajectories (hand-computed) and presets."""

import pytest

from core.targets import PRESETS, annual_targets, apply_preset
from tests.helpers import tenant, tiny_scenario


def scenario(targets, growth=0.0, country="THA"):
    return tiny_scenario(
        zone={"country": country},
        horizon=2032,
        assumptions={"activity": {"growth": growth}},
        tenants=[tenant("T1", sector="x", energy={"electricity_mwh": 1000})],
        targets=targets,
    )


def rows(df, metric, basis="gross"):
    d = df[(df.metric == metric) & (df.basis == basis)]
    return dict(zip(d.year, d.target, strict=True))


def test_linear_from_base_then_flat():
    s = scenario({"milestones": [{"metric": "emissions", "year": 2030, "change_vs_base": -0.5}]})
    t = rows(annual_targets(s, {"emissions": 1000.0}), "emissions")
    # 1000 -> 500 over 5 years: -100 a year; flat at 500 after 2030
    assert t == pytest.approx({2026: 900, 2027: 800, 2028: 700, 2029: 600, 2030: 500, 2031: 500, 2032: 500})


def test_constant_rate_and_overrides():
    s = scenario(
        {
            "milestones": [{"metric": "emissions", "year": 2027, "change_vs_base": -0.75}],
            "trajectory": "constant_rate",
            "overrides": {"emissions": {2031: 123}},
        }
    )
    df = annual_targets(s, {"emissions": 1000.0})
    t = rows(df, "emissions")
    # 1000 -> 250 in two steps at a constant rate: x0.5 a year -> 500 in 2026
    assert t[2026] == pytest.approx(500) and t[2027] == pytest.approx(250)
    assert t[2031] == 123 and df[df.year == 2031].source.iloc[0] == "override"


def test_gross_and_net_are_separate_trajectories_and_milestones_beyond_horizon_shape_them():
    s = scenario(
        {
            "milestones": [
                {"metric": "emissions", "year": 2027, "change_vs_base": -0.2},
                {"metric": "emissions", "year": 2035, "value": 0, "basis": "net"},
                {"metric": "renewable_share", "year": 2029, "value": 0.5},
            ]
        }
    )
    df = annual_targets(s, {"emissions": 1000.0, "renewable_share": 0.1})
    assert rows(df, "emissions")[2032] == pytest.approx(800)
    # net: 1000 -> 0 by 2035 (10 years): 2032 -> 300
    assert rows(df, "emissions", "net")[2032] == pytest.approx(300)
    # share 0.1 -> 0.5 by 2029: +0.1 a year
    assert rows(df, "renewable_share")[2027] == pytest.approx(0.3)


def test_presets():
    assert set(PRESETS) == {"china_aligned", "sbti_1_5c", "ndc"}
    s = scenario({}, growth=0.04)
    sbti = apply_preset(s, "sbti_1_5c")
    assert sbti.milestones[0].year == 2035 and sbti.milestones[0].change_vs_base == pytest.approx(-0.42)
    ndc = apply_preset(s, "ndc")
    # Thailand -30 % vs BAU by 2030 with 4 %/yr growth: 0.7 x 1.04^5 - 1 = 0.7 x 1.2166529 - 1 = 0.8516570 - 1 = -0.1483430
    m2030 = next(m for m in ndc.milestones if m.year == 2030)
    assert m2030.change_vs_base == pytest.approx(-0.1483430, abs=1e-6)
    assert ndc.preset == "ndc"
    china = apply_preset(s, "china_aligned")
    assert [(m.year, m.basis) for m in china.milestones] == [(2030, "gross"), (2060, "net")]
    with pytest.raises(ValueError, match="no ndc preset"):
        apply_preset(scenario({}, country="BRA"), "ndc")
    with pytest.raises(ValueError, match="unknown target preset"):
        apply_preset(s, "nope")
