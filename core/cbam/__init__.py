"""EU CBAM exposure of exporting tenants: embedded emissions and CBAM cost by year, BAU vs plan.

Method (each choice is stated in `assumptions()` and on the CBAM page); each module's docstring gives the
part of the method it implements:

- `rules`: the rules as data (`data/cbam_rules.csv`, `data/cbam_defaults.csv`): CBAM share by year,
  default-value mark-ups, de-minimis, default values, the EU ETS price path.
- `embedded`: specific embedded emissions (SEE) per export line - measured, else inventory, else default.
- `plan_effect`: what a plan changes in each tenant's direct emissions and grid electricity.
- `cost`: `compute_cbam` - embedded emissions and CBAM cost per line and year, BAU vs plan.
- `result`: `CbamResult` and its tables by year and by export line.
- `exports`: editing the export lines as one table.
- `cli`: `python -m core cbam FILE [--json]`.

Everything callers use is importable from `core.cbam` directly.
"""

from core.baseline import activity_index
from core.cbam.cost import assumptions, compute_cbam
from core.cbam.embedded import _electricity_factor as _electricity_factor
from core.cbam.embedded import _line_see as _line_see
from core.cbam.embedded import tenant_base
from core.cbam.exports import EXPORT_COLUMNS, exports_frame, goods, with_exports
from core.cbam.plan_effect import tenant_deltas
from core.cbam.result import LINE_COLUMNS, CbamResult, cost_long
from core.cbam.result import _by_tenant as _by_tenant
from core.cbam.result import _by_year as _by_year
from core.cbam.rules import (
    DEFINITIVE_FROM,
    CbamRules,
    DefaultValue,
    cbam_share,
    default_markup,
    default_value,
    ets_price_path,
    load_rules,
)
from core.cbam.rules import _defaults as _defaults
from core.cbam.rules import _digits as _digits

__all__ = [
    "DEFINITIVE_FROM",
    "EXPORT_COLUMNS",
    "LINE_COLUMNS",
    "CbamResult",
    "CbamRules",
    "DefaultValue",
    "activity_index",
    "assumptions",
    "cbam_share",
    "compute_cbam",
    "cost_long",
    "default_markup",
    "default_value",
    "ets_price_path",
    "exports_frame",
    "goods",
    "load_rules",
    "tenant_base",
    "tenant_deltas",
    "with_exports",
]
