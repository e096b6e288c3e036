"""Issue 13: results by sector add up to the plan, in words."""

import pytest

from core.demo import load_demo
from core.optimise import solve
from ui.tenants_view import by_sector, sector_table


@pytest.mark.parametrize("slug", ["thai_auto", "egypt_materials"])
def test_sectors_add_up_to_the_plan_and_bau(slug):
    s = load_demo(slug)
    p = solve(s)
    df = by_sector(p, s, "zh")
    per_year = df.groupby("year")[["bau_t", "plan_t"]].sum()
    path = p.pathway.loc[per_year.index]
    assert per_year["plan_t"].values == pytest.approx(path["plan_gross_t"].values, rel=1e-6)
    assert per_year["bau_t"].values == pytest.approx(path["bau_t"].values, rel=1e-6)
    sectors = {x.sector for x in s.tenants}
    assert not (set(df["sector"]) & sectors)  # names, not slugs
    tab = sector_table(df, p.years[-1], "en")
    assert len(tab) >= len(sectors) - 1 and tab.iloc[:, 3].str.endswith("%").all()
