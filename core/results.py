"""The optimiser's answer: labelled tables, always beside business as usual (BAU).

`Plan` is what `core.optimise.solve` returns and what pages, reports, CBAM and maps read.
Money is in scenario currency (real, base-year terms); emissions in tCO2e; energy in canonical
units (electricity MWh, other carriers GJ). Ids are ASCII slugs; display names are in `measures`.
"""

from __future__ import annotations

import math
from dataclasses import asdict, dataclass, field
from enum import StrEnum
from typing import Any

import pandas as pd

from core.i18n import name, t


class PlanStatus(StrEnum):
    OPTIMAL = "optimal"  # every target met, cost within the gap
    TIME_LIMIT = "time_limit"  # the best plan found in the time allowed (gap reported)
    INFEASIBLE_TARGETS = "infeasible_targets"  # the least-shortfall plan; shortfalls reported
    ERROR = "error"  # no plan (message says why)


class PhaseStatus(StrEnum):
    OPTIMAL = "optimal"
    TIME_LIMIT = "time_limit"  # stopped by the limit with a solution
    INFEASIBLE = "infeasible"
    ERROR = "error"  # no solution (including: stopped by the limit before one was found)


@dataclass(frozen=True)
class Phase:
    name: str  # shortfall | shortfall (reused) | start: shortfall|cost (LP relaxation, rounded) | cost | duals (LP,
    # integers fixed); stored plans may have "start (LP, integers fixed)"
    status: PhaseStatus
    time_s: float
    gap: float | None
    objective: float | None

    @property
    def has_solution(self) -> bool:
        return self.status in (PhaseStatus.OPTIMAL, PhaseStatus.TIME_LIMIT)


@dataclass(frozen=True)
class SolverReport:
    """What the solver did: backend, status of the last phase, times, gap of the cost phase, size."""

    name: str = ""
    status: str = PhaseStatus.ERROR
    time_s: float = 0.0  # all phases
    build_s: float = 0.0  # ModelData -> model
    prepare_s: float = 0.0  # scenario -> ModelData
    gap: float | None = None  # relative MIP gap of the cost phase (None when unknown)
    n_vars: int = 0
    n_cons: int = 0
    n_integer: int = 0
    phases: tuple[Phase, ...] = field(default_factory=tuple)

    def to_json(self) -> dict:
        """Plain data (phases as dicts)."""
        out = asdict(self)
        out["phases"] = [asdict(p) for p in self.phases]
        return out


STATUSES = tuple(PlanStatus)


def _frame(columns: list[str]) -> pd.DataFrame:
    return pd.DataFrame({c: [] for c in columns})


def _num(x: Any) -> float | None:
    """JSON-safe float: NaN/inf become None."""
    try:
        v = float(x)
    except (TypeError, ValueError):
        return None
    return None if math.isnan(v) or math.isinf(v) else v


@dataclass(frozen=True)
class Headline:
    """The numbers a results page leads with (money in scenario currency, emissions tCO2e)."""

    npv_total: float
    npv_bau: float
    npv_saving: float
    last_year: int | None
    bau_last_t: float | None
    plan_last_t: float | None
    cut_last: float | None  # share of BAU avoided in the last plan year
    capex_total: float
    targets_met: int
    targets_total: int


@dataclass(frozen=True)
class Plan:
    """Result of one optimisation run (status first: read tables only when status != 'error').

    - pathway: index year; bau_t, plan_gross_t, plan_net_t, offsets_t, target_t (gross emissions
      target, NaN where none), target_net_t, energy_gj, bau_energy_gj, renewable_share, output_musd
    - emissions_by_source: year, source (carrier name; process_<kind>, fugitive, wastewater), bau_t, plan_t
    - abatement: measure, year, abated_t (gross tCO2e avoided; per year the sum is BAU - plan)
    - energy: year, carrier, unit, bau, plan ('electricity' = grid purchase; 'onsite_renewable' = MWh
      from measures that supply renewable electricity)
    - units: measure, year, built, active (rows with built or active > 0; missing = 0)
    - capex: year -> real capital outlay in the install year
    - costs: index year; annualised_capex, om, energy, carbon, total, bau_energy, bau_carbon, bau_total
      (undiscounted, per year)
    - npv: total, bau_total, saving, parts {annualised_capex, om, energy, carbon}, bau_parts {energy, carbon}
    - targets: metric, basis, year, target, achieved, short_by, met
    - carbon_price: year -> implied carbon price per t (dual of that year's emission target, LP with integers
      and shortfalls fixed, undiscounted to the year) where the target binds and is met; NaN otherwise
    - macc: measure, name_en, name_zh, area, cost_per_t, potential_t (stand-alone, first plan year)
    - macc_plan: measure, name_en, name_zh, area, cost_per_t, abatement_t (integrated MACC of the plan)
    - measures: the resolved measures used (id, names, area, unit, costs, limits, siting, tenant, source)
    - solver: name, status, time_s, build_s, gap, n_vars, n_cons, phases (list of per-phase dicts)
    """

    status: str
    message: str
    years: list[int]
    pathway: pd.DataFrame = field(
        default_factory=lambda: _frame(["bau_t", "plan_gross_t", "plan_net_t", "offsets_t", "target_t"])
    )
    emissions_by_source: pd.DataFrame = field(default_factory=lambda: _frame(["year", "source", "bau_t", "plan_t"]))
    energy: pd.DataFrame = field(default_factory=lambda: _frame(["year", "carrier", "unit", "bau", "plan"]))
    units: pd.DataFrame = field(default_factory=lambda: _frame(["measure", "year", "built", "active"]))
    capex: pd.Series = field(default_factory=lambda: pd.Series(dtype=float, name="capex"))
    costs: pd.DataFrame = field(default_factory=lambda: _frame(["total", "bau_total"]))
    npv: dict = field(default_factory=dict)
    targets: pd.DataFrame = field(
        default_factory=lambda: _frame(["metric", "basis", "year", "target", "achieved", "short_by", "met"])
    )
    carbon_price: pd.Series = field(default_factory=lambda: pd.Series(dtype=float, name="carbon_price"))
    macc: pd.DataFrame = field(
        default_factory=lambda: _frame(["measure", "name_en", "name_zh", "area", "cost_per_t", "potential_t"])
    )
    macc_plan: pd.DataFrame = field(
        default_factory=lambda: _frame(["measure", "name_en", "name_zh", "area", "cost_per_t", "abatement_t"])
    )
    measures: pd.DataFrame = field(default_factory=lambda: _frame(["id", "name_en", "name_zh", "area"]))
    solver: SolverReport = field(default_factory=SolverReport)
    currency: str = "USD"
    base_year: int | None = None
    start: dict = field(default_factory=dict, repr=False)  # warm-start data for the next solve
    notes: list = field(default_factory=list)  # [(i18n key in namespace 'plan', fields)] behind `message`
    abatement: pd.DataFrame = field(default_factory=lambda: _frame(["measure", "year", "abated_t"]))
    tenancy: Any = None  # core.parties.Tenancy: the plan by tenant and party (None: not computed)
    power: dict = field(default_factory=dict)  # year -> power figures (core.optimise.power_readback)
    power_days: dict = field(default_factory=dict, repr=False)  # year -> representative days' hourly dispatch
    power_mode: str = "annual"  # hourly (representative days) | annual (yearly electricity balance)
    power_slots: list = field(default_factory=list)  # hourly mode: [typical days, most time slots in a day]

    @property
    def ok(self) -> bool:
        """True when the tables hold a plan (optimal, time-limited or best-possible infeasible)."""
        return self.status != "error"

    @property
    def shortfall(self) -> pd.DataFrame:
        """Target rows that are not met (metric, basis, year, target, achieved, short_by)."""
        t = self.targets
        if t.empty:
            return t
        return t[~t["met"].astype(bool)].reset_index(drop=True)

    def active_units(self, measure: str) -> dict[int, float]:
        """Active units of one measure by year (0 for years without any)."""
        u = self.units[self.units["measure"] == measure]
        got = dict(zip(u["year"].astype(int), u["active"].astype(float), strict=True))
        return {y: got.get(y, 0.0) for y in self.years}

    @classmethod
    def failed(cls, message: str, years: list[int] | None = None, solver: SolverReport | None = None, **kw) -> Plan:
        """A plan that could not be computed: status 'error' with the message, empty tables."""
        notes = [("error", {"msg": message})]
        report = solver or SolverReport()
        return cls(status=PlanStatus.ERROR, message=message, years=list(years or []), solver=report, notes=notes, **kw)

    def _by_year_source(self) -> dict[int, dict[str, dict[str, float | None]]]:
        out: dict[int, dict[str, dict[str, float | None]]] = {}
        for r in self.emissions_by_source.itertuples():
            out.setdefault(int(r.year), {})[str(r.source)] = {"bau_t": _num(r.bau_t), "plan_t": _num(r.plan_t)}
        return out

    def _abatement_by_year(self) -> dict[int, dict[str, float | None]]:
        out: dict[int, dict[str, float | None]] = {int(y): {} for y in self.years}
        for r in self.abatement.itertuples():
            out.setdefault(int(r.year), {})[str(r.measure)] = _num(r.abated_t)
        return out

    def headline(self) -> Headline:
        npv = self.npv or {}
        p = self.pathway
        last = max(self.years) if self.years else None
        bau = float(p.loc[last, "bau_t"]) if last in p.index else None
        plan = float(p.loc[last, "plan_gross_t"]) if last in p.index else None
        tg = self.targets
        total, bau_total = float(npv.get("total") or 0.0), float(npv.get("bau_total") or 0.0)
        return Headline(
            npv_total=total,
            npv_bau=bau_total,
            npv_saving=bau_total - total,
            last_year=last,
            bau_last_t=bau,
            plan_last_t=plan,
            cut_last=(1 - plan / bau) if bau and plan is not None else None,
            capex_total=float(self.capex.sum()) if len(self.capex) else 0.0,
            targets_met=int(tg["met"].astype(bool).sum()) if not tg.empty else 0,
            targets_total=len(tg),
        )

    def describe(self, lang: str = "en") -> str:
        """`message` in the user's language (data/i18n/<lang>/plan.yaml)."""
        if not self.notes:
            return self.message
        sep = "、" if lang == "zh" else ", "
        out = []
        for k, f in self.notes:
            if "ids" in f:  # measure ids -> their names in `lang`
                f = {**f, "ids": sep.join(self.measure_name(x.strip(), lang) for x in str(f["ids"]).split(","))}
            out.append(t(f"plan.{k}", lang, **f))
        return ("；" if lang == "zh" else "; ").join(out)

    def power_table(self) -> pd.DataFrame:
        """The power figures by year (index year; `power_mode` says which balance produced them)."""
        df = pd.DataFrame.from_dict(self.power, orient="index")
        df.index.name = "year"
        df.insert(0, "power_mode", self.power_mode)
        return df

    def power_day_table(self) -> pd.DataFrame:
        """Hourly mode: year, day (of the year, 0-based), weight (days), hour and the MW of each flow."""
        rows = [
            {"year": y, "day": d["day"], "weight": d["weight"], "hour": h}
            | {k: v[h] for k, v in d.items() if isinstance(v, list)}
            for y, days in self.power_days.items()
            for d in days
            for h in range(24)
        ]
        return pd.DataFrame(rows)

    def measure_name(self, mid: str, lang: str = "en") -> str:
        """A measure's display name in `lang` (its id when the plan does not know it)."""
        m = self.measures
        if m.empty or "id" not in m:
            return mid
        row = m[m["id"] == mid]
        if row.empty:
            return mid
        r = {k: v for k, v in row.iloc[0].to_dict().items() if isinstance(v, str) and v}
        return name(r, lang) or mid

    def to_json(self) -> dict:
        """The CLI's JSON: status, npv_cost, bau_npv_cost, emissions_t, bau_emissions_t, shortfall,
        built, carbon_price, solver, power_mode, power (year -> load_mwh, grid_import_mwh, onsite_renewable_used_mwh,
        curtailed_mwh, storage_discharge_mwh, storage_mwh_installed, genset_mwh, peak_grid_import_mw,
        hourly_cfe_share, export_mwh, export_revenue, ...) (+ message, currency, targets, npv_parts)."""
        p = self.pathway
        emissions = {int(y): _num(v) for y, v in p["plan_gross_t"].items()} if "plan_gross_t" in p else {}
        net = {int(y): _num(v) for y, v in p["plan_net_t"].items()} if "plan_net_t" in p else {}
        bau = {int(y): _num(v) for y, v in p["bau_t"].items()} if "bau_t" in p else {}
        short = [
            {
                "metric": r.metric,
                "basis": r.basis,
                "year": int(r.year),
                "target": _num(r.target),
                "achieved": _num(r.achieved),
                "short_by": _num(r.short_by),
            }
            for r in self.shortfall.itertuples()
        ]
        built = [
            {"measure": r.measure, "year": int(r.year), "units": _num(r.built)}
            for r in self.units.itertuples()
            if r.built > 1e-9
        ]
        solver = {k: v for k, v in self.solver.to_json().items() if k != "phases"}
        return {
            "status": self.status,
            "message": self.message,
            "currency": self.currency,
            "npv_cost": _num(self.npv.get("total")),
            "bau_npv_cost": _num(self.npv.get("bau_total")),
            "npv_parts": {k: _num(v) for k, v in self.npv.get("parts", {}).items()},
            "emissions_t": emissions,
            "net_emissions_t": net,
            "bau_emissions_t": bau,
            "shortfall": short,
            "built": built,
            "carbon_price": {int(y): _num(v) for y, v in self.carbon_price.items()},
            "emissions_by_source": self._by_year_source(),
            "abatement_t": self._abatement_by_year(),
            "solver": {k: (_num(v) if isinstance(v, float) else v) for k, v in solver.items()},
            **(self.tenancy.to_json() if self.tenancy is not None else {"by_tenant": [], "parties": []}),
            "power_mode": self.power_mode,
            **(
                {"power_resolution": {"days": self.power_slots[0], "slots_per_day": self.power_slots[1]}}
                if self.power_slots
                else {}
            ),
            "power": {int(y): {k: _num(v) for k, v in f.items()} for y, f in self.power.items()},
        }
