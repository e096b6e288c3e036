"""EU CBAM (definitive period, from 2026) for exporting tenants: embedded emissions, obligation and cost by year,
BAU vs plan, and the Commission's communication template.

Method (each choice is stated in `assumptions()` and on the CBAM page); each module's docstring gives its part:

- `rules`: CN scope by good, CBAM factor schedule, de-minimis, EU price, grid defaults (`data/cbam/*.csv`).
- `values`: default values by country and CN code (with mark-up), EU benchmarks, typical precursors.
- `embedded`: specific embedded emissions per export line - own direct, precursors, indirect - and their basis.
- `plan_effect`: what a plan changes in each tenant's direct emissions and grid electricity.
- `cost`: `compute_cbam` - obligation (SEE - benchmark x CBAM factor - price paid at origin) and cost by year.
- `result`: `CbamResult` and its tables by year and by export line.
- `template`: the Commission's communication template for installation operators (openpyxl).
- `exports`: editing the export lines as one table (import it from `core.cbam.exports`: it needs the loader).
"""

from core.cbam.cost import assumptions, compute_cbam
from core.cbam.embedded import LineSee, line_see, tenant_base
from core.cbam.plan_effect import tenant_deltas
from core.cbam.result import LINE_COLUMNS, TENANT_COLUMNS, CbamResult, cost_long
from core.cbam.rules import CbamRules, cbam_factor, cn_scope, ets_price_path, good_of, grid_default, load_rules
from core.cbam.values import benchmark, default_see, typical_precursors

__all__ = [
    "LINE_COLUMNS",
    "TENANT_COLUMNS",
    "CbamResult",
    "CbamRules",
    "LineSee",
    "assumptions",
    "benchmark",
    "cbam_factor",
    "cn_scope",
    "compute_cbam",
    "cost_long",
    "default_see",
    "ets_price_path",
    "good_of",
    "grid_default",
    "line_see",
    "load_rules",
    "tenant_base",
    "tenant_deltas",
    "typical_precursors",
]
