"""Cross-field checks of a scenario: every problem as a translatable `Issue` (validation.<key>).

Two entry points, both called by `core.loader.validate_data`:
- `raw_checks(data)`: on plain data, for checks that still make sense when the schema rejected
  something else (so one run reports everything);
- `check_scenario(s, base_dir)`: on a validated `Scenario` (tenants, facilities, targets, actuals,
  measures, referenced files).
"""

from __future__ import annotations

import re
from pathlib import Path

from core.carriers import energy_to_canonical, input_keys
from core.catalogue import catalogue_ids, merged_measures
from core.errors import Issue, ScenarioError, issue
from core.factors import gases, known_countries
from core.meter import hours_of
from core.parties_checks import check_parties
from core.schema import EFFECT_KEYS, Scenario


def resolve_reference(base_dir: Path, ref: str, path: str = "zone.boundary") -> Path:
    """A file named inside a scenario (field `path`): must stay inside the scenario's folder and exist;
    ScenarioError if not."""
    base = base_dir.resolve()
    try:
        target = (base / ref).resolve()
        target.is_file()
    except (OSError, ValueError):  # a NUL byte, a name too long ...
        raise ScenarioError(
            [issue(path, "ref_missing", "{ref} not found next to the scenario file", ref=repr(ref))]
        ) from None
    if not target.is_relative_to(base):
        raise ScenarioError([issue(path, "ref_outside", "{ref} points outside the scenario's folder", ref=repr(ref))])
    if not target.is_file():
        raise ScenarioError([issue(path, "ref_missing", "{ref} not found next to the scenario file", ref=repr(ref))])
    return target


# ---------------------------------------------------------------- issues used more than once


def _unknown_country(country: str) -> Issue:
    known = ", ".join(sorted(known_countries()))
    return issue(
        "zone.country",
        "unknown_country",
        "unknown country {country}; known: {known}",
        country=repr(country),
        known=known,
    )


def _horizon(base_year: int, horizon: int) -> Issue:
    return issue(
        "horizon",
        "horizon_before_base_year",
        "must be after base_year ({base_year}), got {horizon}",
        base_year=base_year,
        horizon=horizon,
    )


def _duplicate_id(path: str, x: str, first: str) -> Issue:
    return issue(path, "duplicate_id", "duplicate id {id} (first used by {first})", id=repr(x), first=first)


def _unknown_tenant(path: str, x: str) -> Issue:
    return issue(path, "unknown_tenant", "unknown tenant {tenant}", tenant=repr(x))


def _unknown_measure(path: str, x: str) -> Issue:
    return issue(path, "unknown_measure", "unknown measure {measure}", measure=repr(x))


def _dupes(ids: list[str]) -> list[str]:
    seen: set[str] = set()
    return sorted({i for i in ids if i in seen or seen.add(i)})


# ---------------------------------------------------------------- plain data


def raw_checks(data: dict) -> list[Issue]:
    """Checks on plain data that hold even when the schema rejected another field; skips wrong shapes."""
    issues: list[Issue] = []
    zone = data.get("zone")
    country = zone.get("country") if isinstance(zone, dict) else None
    if isinstance(country, str) and re.fullmatch(r"[A-Z]{3}", country) and country not in known_countries():
        issues.append(_unknown_country(country))
    by, hz = data.get("base_year"), data.get("horizon")
    if isinstance(by, int) and isinstance(hz, int) and by >= hz:
        issues.append(_horizon(by, hz))
    for what in ("tenants", "facilities"):
        rows = data.get(what)
        if isinstance(rows, list):
            ids = [r.get("id") if isinstance(r, dict) else None for r in rows]
            for j, x in enumerate(ids):
                if isinstance(x, str) and x in ids[:j]:
                    issues.append(_duplicate_id(f"{what}[{j}].id", x, f"{what}[{ids.index(x)}]"))
    return issues


# ---------------------------------------------------------------- a validated scenario


def _check_tenants(s: Scenario) -> list[Issue]:
    issues: list[Issue] = []
    known_gases = gases()
    for i, t in enumerate(s.tenants):
        if t.hourly_load_kwh is not None and len(t.hourly_load_kwh) != hours_of(s.base_year):
            issues.append(
                issue(
                    f"tenants[{i}].hourly_load_kwh",
                    "hourly_load_length",
                    "the hourly load needs one value per hour of the base year ({n} values), got {got}",
                    n=hours_of(s.base_year),
                    got=len(t.hourly_load_kwh),
                )
            )
        for j, r in enumerate(t.refrigerants):
            if r.gas not in known_gases:
                issues.append(
                    issue(
                        f"tenants[{i}].refrigerants[{j}].gas",
                        "unknown_gas",
                        "unknown gas {gas}; known: {known}",
                        gas=repr(r.gas),
                        known=", ".join(known_gases),
                    )
                )
        for j, x in enumerate(t.exports):
            from core.cbam.rules import cn_scope, scope_prefixes  # the CBAM scope table (data/cbam/scope.csv)

            path = f"tenants[{i}].exports[{j}]"
            scope = cn_scope(x.cn_code)
            if scope is None or not scope.in_scope:
                issues.append(
                    issue(
                        f"{path}.cn_code",
                        "cn_not_cbam",
                        "{code} is not a CN code covered by CBAM (Annex I of Regulation 2023/956); check the code",
                        code=x.cn_code,
                    )
                )
            elif scope.good != x.good:
                issues.append(
                    issue(
                        f"{path}.cn_code",
                        "cn_code_of_good",
                        "{code} is not a CN code of {good}: use a code starting with {prefixes}",
                        code=x.cn_code,
                        good=x.good.replace("_", " and "),
                        prefixes=", ".join(scope_prefixes(x.good)),
                    )
                )
            if x.production_t is not None and x.eu_t > x.production_t:
                issues.append(
                    issue(
                        f"{path}.eu_t",
                        "exports_above_production",
                        "{eu_t} t exported is more than production_t",
                        eu_t=f"{x.eu_t:g}",
                    )
                )
            for k, p in enumerate(x.precursors or []):
                ps = cn_scope(p.cn_code)
                if ps is None or not ps.in_scope:
                    issues.append(
                        issue(
                            f"{path}.precursors[{k}].cn_code",
                            "precursor_not_cbam",
                            "{code} is not a CBAM good: only CBAM goods count as precursors",
                            code=p.cn_code,
                        )
                    )
        grid_mwh = energy_to_canonical(t.energy.quantities()).get("electricity", 0.0)
        if t.renewable_purchase_mwh > grid_mwh + 1e-9:
            issues.append(
                issue(
                    f"tenants[{i}].renewable_purchase_mwh",
                    "green_above_grid",
                    "{mwh} MWh is more than the tenant's grid electricity ({grid} MWh)",
                    mwh=f"{t.renewable_purchase_mwh:g}",
                    grid=f"{grid_mwh:g}",
                )
            )
    return issues


def _check_targets(s: Scenario) -> list[Issue]:
    issues: list[Issue] = []
    for i, m in enumerate(s.targets.milestones):
        if m.year <= s.base_year:  # milestones beyond the horizon are fine: they shape the trajectory
            issues.append(
                issue(
                    f"targets.milestones[{i}].year",
                    "milestone_year",
                    "must be after base_year {base_year}",
                    base_year=s.base_year,
                )
            )
    for metric, path in s.targets.overrides.items():
        for y in path:
            if not s.base_year < y <= s.horizon:
                issues.append(
                    issue(
                        f"targets.overrides.{metric}.{y}",
                        "year_outside_plan",
                        "year outside the plan {first}-{last}",
                        first=s.base_year + 1,
                        last=s.horizon,
                    )
                )
    return issues


def _check_actuals(s: Scenario, tenant_ids: set[str]) -> list[Issue]:
    issues: list[Issue] = []
    for i, a in enumerate(s.evaluation.actuals):
        if not s.base_year < a.year <= s.horizon:
            issues.append(
                issue(
                    f"evaluation.actuals[{i}].year",
                    "year_within_plan",
                    "must be within {first}-{last}",
                    first=s.base_year + 1,
                    last=s.horizon,
                )
            )
        for j, at in enumerate(a.tenants):
            if at.id not in tenant_ids:
                issues.append(_unknown_tenant(f"evaluation.actuals[{i}].tenants[{j}].id", at.id))
    for d in _dupes([a.year for a in s.evaluation.actuals]):
        issues.append(issue("evaluation.actuals", "year_twice", "year {year} given twice", year=d))
    return issues


def check_scenario(s: Scenario, base_dir: Path | None = None) -> list[Issue]:
    """Consistency checks that need more than one field. Returns every issue found."""
    issues: list[Issue] = []
    if s.base_year >= s.horizon:
        issues.append(_horizon(s.base_year, s.horizon))
    if s.zone.country not in known_countries():
        issues.append(_unknown_country(s.zone.country))
    for what, ids in (("tenants", [t.id for t in s.tenants]), ("facilities", [f.id for f in s.facilities])):
        for d in _dupes(ids):
            first = ids.index(d)
            for j in [j for j, x in enumerate(ids) if x == d][1:]:
                issues.append(_duplicate_id(f"{what}[{j}].id", d, f"{what}[{first}]"))
    tenant_ids = {t.id for t in s.tenants}
    issues.extend(_check_tenants(s))
    if "electricity" in s.assumptions.emission_factor_overrides:
        issues.append(
            issue(
                "assumptions.emission_factor_overrides.electricity",
                "electricity_not_fuel",
                "electricity is not a fuel: use assumptions.grid_factor_t_per_mwh or market_factor_t_per_mwh",
            )
        )
    for i, f in enumerate(s.facilities):
        if f.tenant and f.tenant not in tenant_ids:
            issues.append(_unknown_tenant(f"facilities[{i}].tenant", f.tenant))
    issues.extend(_check_targets(s))
    issues.extend(_check_actuals(s, tenant_ids))
    if base_dir is not None and s.zone.boundary:
        try:
            resolve_reference(base_dir, s.zone.boundary)
        except ScenarioError as e:
            issues += e.issues
    issues.extend(check_measures(s))
    issues.extend(check_parties(s))
    issues.extend(check_magnitudes(s))
    return issues


MAX_PLAN_YEARS = 50
ACTIVITY_RANGE = (0.01, 100.0)  # activity index vs the base year, over the whole plan


def check_magnitudes(s: Scenario) -> list[Issue]:
    """What single-field bounds cannot see: plan length and compounded activity growth (issue 19)."""
    issues: list[Issue] = []
    n = s.horizon - s.base_year
    if n > MAX_PLAN_YEARS:
        issues.append(
            issue(
                "horizon",
                "plan_too_long",
                "at most {max} years after base_year ({base_year}), got {horizon}",
                max=MAX_PLAN_YEARS,
                base_year=s.base_year,
                horizon=s.horizon,
            )
        )
    g = s.assumptions.activity.growth
    if g is not None and n > 0 and not ACTIVITY_RANGE[0] <= (1 + g) ** min(n, MAX_PLAN_YEARS) <= ACTIVITY_RANGE[1]:
        issues.append(
            issue(
                "assumptions.activity.growth",
                "activity_out_of_range",
                "activity would be {x} times the base year by {year}; keep it within {lo}-{hi}",
                x=f"{(1 + g) ** min(n, MAX_PLAN_YEARS):.3g}",
                year=s.horizon,
                lo=f"{ACTIVITY_RANGE[0]:g}",
                hi=f"{ACTIVITY_RANGE[1]:g}",
            )
        )
    return issues


# ---------------------------------------------------------------- the measures section


def _check_refs(path: str, m, known: set[str], facilities: set[str], tenants: set[str]) -> list[Issue]:  # noqa: ANN001 - Measure or MeasureOverride
    issues: list[Issue] = []
    for j, r in enumerate(m.requires or []):
        if r not in known:
            issues.append(_unknown_measure(f"{path}.requires[{j}]", r))
        elif r == getattr(m, "id", None):
            issues.append(issue(f"{path}.requires[{j}]", "requires_itself", "a measure cannot require itself"))
    for field in ("facility", "from_facility", "to_facility"):
        v = getattr(m, field)
        if v is not None and v not in facilities:
            issues.append(issue(f"{path}.{field}", "unknown_facility", "unknown facility {facility}", facility=repr(v)))
    if m.tenant is not None and m.tenant not in tenants:
        issues.append(_unknown_tenant(f"{path}.tenant", m.tenant))
    if m.pipe_capex_per_km is not None and not (m.from_facility and m.to_facility):
        issues.append(issue(f"{path}.pipe_capex_per_km", "pipe_needs_link", "needs from_facility and to_facility"))
    bad = [k for k in (m.effects.quantities() if m.effects else {}) if k not in input_keys() and k not in EFFECT_KEYS]
    if bad:
        issues.append(
            issue(f"{path}.effects", "unknown_effect_keys", "unknown effect key(s) {keys}", keys=", ".join(bad))
        )
    return issues


def check_measures(s: Scenario) -> list[Issue]:
    """Problems in the scenario's `measures:` section, empty when fine."""
    issues: list[Issue] = []
    spec = s.measures
    cat_ids = catalogue_ids() if spec.catalogue == "default" else frozenset()
    custom_ids = [m.id for m in spec.custom]
    known = set(cat_ids) | set(custom_ids)
    facilities = {f.id for f in s.facilities}
    tenants = {t.id for t in s.tenants}

    seen: set[str] = set()
    for i, mid in enumerate(custom_ids):
        if mid in cat_ids:
            issues.append(
                issue(
                    f"measures.custom[{i}].id",
                    "custom_is_catalogue",
                    "{measure} is a catalogue measure; change it under overrides",
                    measure=repr(mid),
                )
            )
        elif mid in seen:
            issues.append(
                issue(
                    f"measures.custom[{i}].id", "duplicate_measure", "duplicate measure id {measure}", measure=repr(mid)
                )
            )
        seen.add(mid)
    override_ids = [o.id for o in spec.overrides]
    for i, o in enumerate(spec.overrides):
        if o.id not in known:
            issues.append(_unknown_measure(f"measures.overrides[{i}].id", o.id))
        elif o.id in override_ids[:i]:
            issues.append(
                issue(
                    f"measures.overrides[{i}].id",
                    "duplicate_override",
                    "{measure} overridden twice",
                    measure=repr(o.id),
                )
            )
        for field in ("name_en", "name_zh", "unit"):
            if getattr(o, field) == "":
                issues.append(
                    issue(
                        f"measures.overrides[{i}].{field}",
                        "too_short_text",
                        "must have at least {n} {unit}",
                        n=1,
                        unit="character",
                    )
                )
    for i, mid in enumerate(spec.disabled):
        if mid not in known:
            issues.append(_unknown_measure(f"measures.disabled[{i}]", mid))
    for i, m in enumerate(spec.custom):
        issues += _check_refs(f"measures.custom[{i}]", m, known, facilities, tenants)
    for i, o in enumerate(spec.overrides):
        issues += _check_refs(f"measures.overrides[{i}]", o, known, facilities, tenants)
    if not issues:
        issues += _cycles(s)
    return issues


def _cycles(s: Scenario) -> list[Issue]:
    """Prerequisite cycles (A requires B requires A) make both measures unbuildable: an error."""
    req = {m.id: list(m.requires) for m in merged_measures(s)}
    for start in req:
        stack, seen = list(req[start]), set()
        while stack:
            r = stack.pop()
            if r == start:
                return [
                    issue("measures", "prerequisite_cycle", "prerequisite cycle through {measure}", measure=repr(start))
                ]
            if r not in seen:
                seen.add(r)
                stack += req.get(r, [])
    return []
