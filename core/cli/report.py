"""`python -m core report FILE --out NAME.xlsx|NAME.html|NAME.pdf [--lang CODE] [--tenant ID]` (CODE: any of
core.i18n.LANGS; with --tenant: that tenant's sheet, core.reports.tenant_sheet)."""

from __future__ import annotations

import argparse

from core.errors import Issue, ScenarioError
from core.i18n import LANGS
from core.reports import ReportError, write_report
from core.reports.tenant_sheet import write_tenant_sheet
from core.schema import Scenario

HELP = "write an Excel, HTML or PDF report"


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("--json", action="store_true", help="print JSON on stdout")
    p.add_argument("--out", required=True, help="NAME.xlsx | NAME.html | NAME.pdf")
    p.add_argument("--lang", choices=list(LANGS), default="en")
    p.add_argument("--tenant", default=None, help="write this tenant's sheet (one to two pages) instead")


def run(s: Scenario, args: argparse.Namespace) -> tuple[dict, str]:
    if getattr(args, "tenant", None):
        return _sheet(s, args)
    try:
        path, d = write_report(s, args.out, getattr(args, "lang", "en") or "en")
    except ReportError as e:
        raise ScenarioError([Issue("--out", str(e))]) from None
    status = d.plan.status if d.plan is not None else "no plan"
    payload = {
        "out": str(path),
        "format": path.suffix.lstrip("."),
        "bytes": path.stat().st_size,
        "plan_status": status,
        "notes": d.notes,
    }
    text = f"wrote {path} ({payload['bytes']:,} bytes, plan: {status})" + "".join(f"\n  note: {n}" for n in d.notes)
    return payload, text


def _sheet(s: Scenario, args: argparse.Namespace) -> tuple[dict, str]:
    try:
        path = write_tenant_sheet(s, args.out, args.tenant, getattr(args, "lang", "en") or "en")
    except ReportError as e:
        raise ScenarioError([Issue("--out", str(e))]) from None
    payload = {"out": str(path), "format": path.suffix.lstrip("."), "bytes": path.stat().st_size, "tenant": args.tenant}
    return payload, f"wrote {path} ({payload['bytes']:,} bytes, tenant {args.tenant})"
