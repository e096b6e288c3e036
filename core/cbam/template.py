"""The Commission's communication template for installation operators ("CBAM SEE Communication V2", v2.1.1),
filled from the scenario for one installation (tenant) and reporting year.

Same sheet names and order of content as the Commission's workbook (rules.md (g)); each sheet is a title, then
one table (header on row 3). Values that came from EU default values are marked 'default value' in the
'Data source' column and shaded. Sheets the tool cannot fill from a scenario (verifier, monitoring details)
are kept with their headings and left blank for the operator.
"""

from __future__ import annotations

from io import BytesIO
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Font, PatternFill

from core.cbam.cost import compute_cbam
from core.cbam.embedded import LineSee, line_see, tenant_base
from core.cbam.rules import load_rules
from core.inventory import compute_inventory
from core.results import Plan
from core.schema import Scenario

SHEETS = [
    "a_Contents",
    "A_InstData",
    "B_EmInst",
    "C_Emissions&Energy",
    "D_Processes",
    "E_PurchPrec",
    "F_Tools",
    "Summary_Processes",
    "Summary_Products",
    "Summary_Communication",
]
PRODUCT_HEADER = [
    "Process",
    "CN code",
    "Product name",
    "Route",
    "SEE direct (tCO2e/t)",
    "SEE indirect (tCO2e/t)",
    "SEE total (tCO2e/t)",
    "Unit",
    "Share of emissions from default values",
    "Data source",
    "Electricity EF (tCO2/MWh)",
    "EF source",
    "Carbon price instrument",
    "Carbon price due (EUR/tCO2e)",
    "Effective carbon price due (EUR/t good)",
]
DEFAULT_FILL = PatternFill("solid", fgColor="FFF2CC")
SOURCE_WORDS = {
    "measured": "measured (operator)",
    "inventory": "installation inventory, attributed by mass",
    "default": "default value (IR (EU) 2025/2621)",
    "supplier": "supplier's actual values",
    "not_counted": "not counted for this good",
}


def reporting_year(s: Scenario) -> int:
    """The first year of the definitive period within the plan, else the first plan year."""
    first = load_rules().definitive_from
    return next((y for y in s.plan_years if y >= first), s.plan_years[0])


def _table(ws, title: str, header: list[str], rows: list[list], default_col: int | None = None) -> None:
    ws["A1"] = title
    ws["A1"].font = Font(bold=True, size=12)
    ws.append([])
    ws.append(header)
    for c in ws[3]:
        c.font = Font(bold=True)
    for r in rows:
        ws.append(r)
        if default_col is not None and str(r[default_col]).startswith("default"):
            for c in ws[ws.max_row]:
                c.fill = DEFAULT_FILL


def _split(m: LineSee, y: int) -> tuple[float, float, float]:
    """(SEE direct, SEE indirect, share from defaults) of the product, precursors included."""
    pd_ = sum(p.see(y, False) for p in m.precursors)
    pi = sum(p.see(y, True) for p in m.precursors) - pd_ if m.indirect_counted else 0.0
    d, i = m.direct(y) + pd_, m.indirect(y) + pi
    total = d + i
    from_default = (total if m.basis == "default" else 0.0) + sum(
        p.see(y, m.indirect_counted) for p in m.precursors if p.basis == "default"
    )
    if m.basis != "default" and m.basis_indirect == "default":
        from_default += m.indirect(y)
    return d, i, (from_default / total if total > 0 else 0.0)


def build_template(s: Scenario, tenant_id: str, year: int | None = None, plan: Plan | None = None) -> Workbook:
    """The communication template of tenant `tenant_id` for `year` (default: `reporting_year`)."""
    ti = next(i for i, t in enumerate(s.tenants) if t.id == tenant_id)
    t = s.tenants[ti]
    y = year or reporting_year(s)
    res = compute_cbam(s, plan, [y])
    lines = res.lines[res.lines["tenant"] == t.id].set_index("line")
    base = tenant_base(s)
    good_p = sum(x.production_t or 0.0 for x in t.exports)
    models = [line_see(s, ti, k, good_p, base.loc[t.id] if t.id in base.index else None) for k in range(len(t.exports))]
    wb = Workbook()
    wb.remove(wb.active)
    ws = {n: wb.create_sheet(n) for n in SHEETS}
    _table(
        ws["a_Contents"],
        "CBAM communication template for installations (structure of the Commission's 'CBAM SEE Communication V2' "
        "v2.1.1)",
        ["Sheet", "Content"],
        [
            [
                "A_InstData",
                "reporting period, installation, verifier, goods categories and routes, purchased precursors",
            ],
            ["B_EmInst", "source streams of the installation (from the scenario inventory)"],
            ["C_Emissions&Energy", "fuel and greenhouse gas balance (direct CBAM emissions, indirect emissions)"],
            ["D_Processes", "production processes: production level, attributed emissions, electricity"],
            ["E_PurchPrec", "purchased precursors: quantities, SEE direct and indirect, data source"],
            ["F_Tools", "carbon price due in the country of origin"],
            ["Summary_Processes", "summary per production process"],
            ["Summary_Products", "SEE per product (CN code) with data source and carbon price"],
            ["Summary_Communication", "what the EU importer receives"],
            ["Note", "Generated from the scenario. Rows marked 'default value' use EU default values and are shaded."],
        ],
    )
    inst = [
        ["Reporting period start", f"{y}-01-01"],
        ["Reporting period end", f"{y}-12-31"],
        ["Name of the installation", t.name],
        ["Name of the installation (English)", t.name],
        ["Address", s.zone.name],
        ["Economic activity", t.sector],
        ["Country", s.zone.country],
        ["UNLOCODE", ""],
        ["Coordinates of the main emission source (lat, lon)", f"{t.location[0]}, {t.location[1]}"],
        ["Authorised representative", ""],
        ["Verifier: company name", ""],
        ["Verifier: accreditation Member State", ""],
    ]
    for k, x in enumerate(t.exports):
        inst.append([f"Goods category G{k + 1}", f"{x.good} (CN {x.cn_code}), route {models[k].route or '-'}"])
    pp = [(k, p) for k, m in enumerate(models) for p in m.precursors]
    for n, (k, p) in enumerate(pp, start=1):
        inst.append([f"Purchased precursor PP{n}", f"CN {p.cn_code}, country {p.country}, for G{k + 1}"])
    _table(ws["A_InstData"], "Installation data", ["Item", "Value"], inst)
    inv = compute_inventory(s).lines
    mine = inv[(inv["tenant"] == t.id) & (inv["scope"] == 1)]
    _table(
        ws["B_EmInst"],
        "Emissions of the installation: source streams",
        ["Method", "Source stream", "Gas", "Activity data", "Unit", "Emission factor", "Factor unit", "tCO2e", "Counted"],
        [
            [r.source, r.carrier, r.gas, r.quantity, r.unit, r.factor, r.factor_unit, r.t_co2e,
             "no" if r.source == "fugitive" or r.gas == "CH4" else "yes"]
            for r in mine.itertuples()
        ],
    )  # fmt: skip
    b = base.loc[t.id] if t.id in base.index else None
    grid = models[0].grid if models else None
    el = float(b["electricity_mwh"]) if b is not None else 0.0
    _table(
        ws["C_Emissions&Energy"],
        "Emissions and energy balance of the installation (base year, per year)",
        ["Item", "Value", "Unit"],
        [
            ["Total direct emissions (CO2, N2O, PFC)", float(b["direct_t"]) if b is not None else 0.0, "tCO2e"],
            ["Electricity consumed", el, "MWh"],
            ["Electricity emission factor", grid.t_per_mwh if grid else 0.0, "tCO2/MWh"],
            ["Total indirect emissions", el * (grid.t_per_mwh if grid else 0.0), "tCO2"],
            ["Electricity EF source", "D.4(a) " + (grid.source if grid else ""), ""],
        ],
    )
    procs = []
    for k, x in enumerate(t.exports):
        m, r = models[k], lines.loc[k]
        share = (x.production_t or 0.0) / good_p if good_p else 0.0
        procs.append(
            [f"P{k + 1}", x.cn_code, x.production_t, r.eu_t, m.direct_own * (x.production_t or 0.0),
             el * share, grid.t_per_mwh if grid else 0.0, SOURCE_WORDS[m.basis]]
        )  # fmt: skip
    _table(
        ws["D_Processes"],
        "Production processes",
        ["Process", "CN code", "Production level (t)", "EU exports (t)", "Directly attributable emissions (tCO2e)",
         "Electricity consumption (MWh)", "Electricity EF (tCO2/MWh)", "Data source"],
        procs,
        default_col=7,
    )  # fmt: skip
    prec = []
    for n, (k, p) in enumerate(pp, start=1):
        x = t.exports[k]
        d, tot = p.see(y, False) / p.t_per_t if p.t_per_t else 0.0, p.see(y, True) / p.t_per_t if p.t_per_t else 0.0
        prec.append(
            [f"PP{n}", f"P{k + 1}", p.cn_code, p.country, p.t_per_t * (x.production_t or x.eu_t), p.t_per_t, d,
             tot - d if models[k].indirect_counted else 0.0,
             SOURCE_WORDS[p.basis] + (" (typical quantity, assumption)" if p.typical else "")]
        )  # fmt: skip
    _table(
        ws["E_PurchPrec"],
        "Purchased precursors",
        ["Precursor", "Used in process", "CN code", "Country of production", "Total purchased (t)",
         "Consumption per t of product", "SEE direct (tCO2e/t)", "SEE indirect (tCO2e/t)", "Data source"],
        prec,
        default_col=8,
    )  # fmt: skip
    _table(
        ws["F_Tools"],
        "Carbon price due (country of origin)",
        ["Process", "Instrument / evidence", "Carbon price (EUR/tCO2e)", "Covered emissions (tCO2e/t)", "Rebate",
         "Effective carbon price due (EUR/t good)"],
        [
            [f"P{k + 1}", x.carbon_price_evidence or "", x.carbon_price_paid_per_t, models[k].direct_own, 0,
             x.carbon_price_paid_per_t * models[k].direct_own]
            for k, x in enumerate(t.exports)
        ],
    )  # fmt: skip
    products = []
    for k, x in enumerate(t.exports):
        m = models[k]
        d, i, share = _split(m, y)
        src = SOURCE_WORDS["default"] if m.basis == "default" else SOURCE_WORDS[m.basis]
        if m.basis != "default" and any(p.basis == "default" for p in m.precursors):
            src += "; precursors: default value"
        products.append(
            [f"P{k + 1}", x.cn_code, x.good, m.route, d, i, d + i, "t CO2e / t", share, src,
             m.grid.t_per_mwh, "D.4(a) " + m.grid.source, x.carbon_price_evidence or "",
             x.carbon_price_paid_per_t, x.carbon_price_paid_per_t * m.direct_own]
        )  # fmt: skip
    _table(
        ws["Summary_Processes"],
        "Summary of processes",
        ["Process", "CN code", "Activity level (t)", "Direct emissions (tCO2e)", "Indirect emissions (tCO2)",
         "Data source"],
        [[r[0], r[1], r[2], r[4], r[5] * r[6], r[7]] for r in procs],
        default_col=5,
    )  # fmt: skip
    _table(ws["Summary_Products"], "Summary of products", PRODUCT_HEADER, products, default_col=9)
    comm = [
        ["Installation", t.name, *[""] * (len(PRODUCT_HEADER) - 2)],
        ["Country", s.zone.country, *[""] * (len(PRODUCT_HEADER) - 2)],
        ["Reporting period", f"{y}", *[""] * (len(PRODUCT_HEADER) - 2)],
        PRODUCT_HEADER,
        *products,
    ]
    _table(ws["Summary_Communication"], "Communication to the importer", ["Item", "Value"], comm)
    return wb


def template_bytes(s: Scenario, tenant_id: str, year: int | None = None, plan: Plan | None = None) -> bytes:
    buf = BytesIO()
    build_template(s, tenant_id, year, plan).save(buf)
    return buf.getvalue()


def write_template(s: Scenario, out: Path, tenant_id: str | None = None, year: int | None = None) -> list[Path]:
    """Write the template of `tenant_id` to `out`; without a tenant, one file per exporting tenant
    (`<stem>_<tenant>.xlsx`, or `out` itself when there is one exporter). Returns the files written."""
    ids = [tenant_id] if tenant_id else [t.id for t in s.tenants if t.exports]
    paths = [out] if len(ids) == 1 else [out.with_name(f"{out.stem}_{i}{out.suffix or '.xlsx'}") for i in ids]
    for i, p in zip(ids, paths, strict=True):
        build_template(s, i, year).save(p)
    return paths
