"""Issue 14: a tenant's meter file (hourly or 15-minute CSV) -> its hourly load; bad files named by row and hour."""

from datetime import datetime, timedelta

import numpy as np
import pytest

from core.errors import ScenarioError
from core.meter import read_meter
from core.power.slices import year_load
from tests.helpers import tenant, tiny_scenario

START = datetime(2025, 1, 1)


def csv(rows, header="time,load (kWh)") -> str:
    return "\n".join([header, *(f"{ts.isoformat(' ')},{v}" for ts, v in rows)])


def hourly(f=lambda h: 10.0, hours=8760):
    return [(START + timedelta(hours=h), f(h)) for h in range(hours)]


def keys(e):
    return [i.key for i in e.value.issues]


def test_hourly_and_quarter_hourly_files_give_the_same_hours():
    h = read_meter(csv(hourly(lambda h: h % 24)), 2025)
    assert len(h) == 8760 and h[:3] == [0, 1, 2] and sum(h) == 365 * sum(range(24))
    q = [(START + timedelta(minutes=15 * k), 2.5) for k in range(8760 * 4)]  # 2.5 kWh per quarter: 10 kWh per hour
    assert read_meter(csv(q), 2025) == [10.0] * 8760
    kw = [(START + timedelta(minutes=15 * k), 40.0) for k in range(8760 * 4)]  # 40 kW all hour = 40 kWh
    assert read_meter(csv(kw, "time,demand [kW]"), 2025) == [40.0] * 8760
    mwh = read_meter(csv(hourly(lambda h: 0.5), "t,MWh"), 2025)
    assert mwh[0] == 500.0


def test_a_short_gap_is_filled_from_the_same_hour_a_week_away():
    rows = [r for k, r in enumerate(hourly(lambda h: float(h % 168))) if not 1000 <= k < 1010]  # 10 hours missing
    h = read_meter(csv(rows), 2025)
    assert h[1000:1010] == [float((k - 168) % 168) for k in range(1000, 1010)]


@pytest.mark.parametrize(
    ("text", "key", "where"),
    [
        ("time,load\n2025-01-01 00:00,1", "meter_unit", "load"),
        (csv(hourly()[:2]) + "\nyesterday,3", "meter_time", "row 3"),
        (csv(hourly()[:2]) + "\n2025-01-01 02:00,x", "meter_value", "row 3"),
        (csv(hourly()[:2]) + "\n2025-01-01 02:00,-4", "meter_negative", "row 3"),
        (csv([*hourly()[:3], hourly()[1]]), "meter_duplicate", "row 4"),
        (csv(hourly()) + "\n2026-01-01 00:00,1", "meter_year", "row 8761"),
    ],
)
def test_bad_rows_are_named(text, key, where):
    with pytest.raises(ScenarioError) as e:
        read_meter(text, 2025)
    assert key in keys(e) and where in str(e.value)


def test_whole_file_problems_are_named():
    rows = hourly()
    with pytest.raises(ScenarioError) as e:  # two days missing in a row
        read_meter(csv(rows[:100] + rows[148:]), 2025)
    assert keys(e) == ["meter_gap"] and "48 hours from 2025-01-05 04:00" in str(e.value)
    with pytest.raises(ScenarioError) as e:  # a quarter of the year
        read_meter(csv(rows[::4] + rows[1::4]), 2025)
    assert keys(e) == ["meter_missing"]
    with pytest.raises(ScenarioError) as e:  # local time and UTC mixed
        text = csv(rows).replace("2025-03-01 00:00:00,", "2025-03-01 00:00:00+07:00,")
        read_meter(text, 2025)
    assert keys(e) == ["meter_zone"]
    with pytest.raises(ScenarioError) as e:  # readings every 30 minutes
        read_meter(csv([(START + timedelta(minutes=30 * k), 1) for k in range(8760 * 2)]), 2025)
    assert keys(e) == ["meter_interval"] and "30 min" in str(e.value)


def test_a_metered_night_load_replaces_the_shift_pattern():
    night = read_meter(csv(hourly(lambda h: 10.0 if h % 24 < 6 or h % 24 >= 20 else 0.0)), 2025)
    s = tiny_scenario(tenants=[tenant(energy={"electricity_mwh": 100}, hourly_load_kwh=night)])
    shape = year_load(s.tenants, 2025).reshape(365, 24)
    assert shape[:, 6:20].sum() == 0 and shape.sum() == pytest.approx(1.0)
    day = tiny_scenario(tenants=[tenant(energy={"electricity_mwh": 100})])  # the sector's shift pattern
    assert year_load(day.tenants, 2025).reshape(365, 24)[:, 6:20].sum() > 0.5


def test_an_hourly_load_of_the_wrong_length_is_named():
    with pytest.raises(ScenarioError) as e:
        tiny_scenario(tenants=[tenant(hourly_load_kwh=[1.0] * 100)])
    assert any(i.key == "hourly_load_length" and "8760" in str(i) for i in e.value.issues)
    assert np.isclose(sum(read_meter(csv(hourly()), 2025)), 87600)
