"""The report's power section: the plan's electricity hour by hour in key years (core.optimise power figures)."""

from __future__ import annotations

from typing import Any

import pandas as pd

from core.i18n import t
from core.reports.document import Para, ReportData, Section, Table, _key_years, _section, fmt


def _power(d: ReportData) -> Section | None:
    """Demand, grid import, on-site renewables used and curtailed (and exported, where the plan exports), storage,
    gensets, peak import and the hourly clean share per key year; None when the plan has no power figures."""
    p, lang = d.plan, d.lang
    if p is None or not p.ok or not p.power:
        return None
    years = [y for y in _key_years(d) if y in p.power]
    if not years:
        return None
    figures: list[tuple[str, Any]] = [
        ("power.load_mwh", lambda f: fmt(f["load_mwh"], lang=lang)),
        ("power.grid_import_mwh", lambda f: fmt(f["grid_import_mwh"], lang=lang)),
        ("power.onsite_used", lambda f: fmt(f["onsite_renewable_used_mwh"], lang=lang)),
        ("power.curtailed", lambda f: fmt(f["curtailed_mwh"], lang=lang)),
        (
            "power.storage",
            lambda f: (
                f"{fmt(f['storage_mwh_installed'], lang=lang)} / {fmt(f.get('storage_mw_installed', 0.0), 1, lang=lang)}"
            ),
        ),
        ("power.genset", lambda f: fmt(f["genset_mwh"], lang=lang)),
        ("power.peak", lambda f: fmt(f["peak_grid_import_mw"], 1, lang=lang)),
        ("power.cfe", lambda f: fmt(f["hourly_cfe_share"], 1, pct=True, lang=lang)),
    ]
    if any((p.power[y].get("export_mwh") or 0.0) > 0 for y in years):
        figures.insert(4, ("power.export", lambda f: fmt(f.get("export_mwh") or 0.0, lang=lang)))
    # one row per figure, one column per key year: readable on a page however many years there are
    tab = pd.DataFrame(
        {"": [t(k, lang) for k, _ in figures], **{str(y): [show(p.power[y]) for _, show in figures] for y in years}}
    )
    note = t("power.mode_hourly" if p.power_mode == "hourly" else "reports.power_annual_note", lang)
    blocks: list[Any] = [Para(note), Table(tab)]
    if p.power_mode == "hourly" and p.power_slots:
        blocks.insert(1, Para(t("power.resolution", lang, days=p.power_slots[0], slots=p.power_slots[1])))
    return _section("sec_power", lang, blocks)
