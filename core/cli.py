"""Command line: python -m core validate|inventory|solve|report|cbam FILE.

Exit codes: 0 ok, 2 bad input (one `path: message` line per problem on stderr), 1 internal error.
Each command's work lives in its own module; this file only parses arguments and prints.
"""

from __future__ import annotations

import argparse
import importlib
import json
import os
import sys
from collections.abc import Callable

from core.errors import ScenarioError
from core.loader import load_scenario

# command -> (module, function, help). The function takes (scenario, args) and returns
# (payload for --json, human-readable text).
COMMANDS: dict[str, tuple[str, str, str]] = {
    "inventory": ("core.inventory", "cli_inventory", "GHG inventory of the base year and KPIs"),
    "solve": ("core.optimise", "cli_solve", "least-cost pathway that meets the targets"),
    "report": ("core.reports", "cli_report", "write an Excel, HTML or PDF report"),
    "cbam": ("core.cbam", "cli_cbam", "CBAM exposure of exporting tenants, BAU vs plan"),
}


def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="python -m core", description="Low-Carbon Zone Planner command line")
    sub = p.add_subparsers(dest="command", required=True)
    v = sub.add_parser("validate", help="check a scenario file; exit 2 with one line per problem")
    v.add_argument("file")
    for name, (_, _, help_) in COMMANDS.items():
        c = sub.add_parser(name, help=help_)
        c.add_argument("file")
        c.add_argument("--json", action="store_true", help="print JSON on stdout")
        if name == "solve":
            c.add_argument("--solver", choices=["highs", "cbc"], default="highs")
            c.add_argument("--time-limit", type=float, default=60.0, help="seconds")
            c.add_argument("--gap", type=float, default=1e-3, help="relative MIP gap")
        if name == "report":
            c.add_argument("--out", required=True, help="NAME.xlsx | NAME.html | NAME.pdf")
            c.add_argument("--lang", choices=["en", "zh"], default="en")
    return p


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    try:
        scenario = load_scenario(args.file)
        if args.command == "validate":
            print(f"{args.file}: ok ({len(scenario.tenants)} tenants, {len(scenario.facilities)} facilities)")
            return 0
        module, func, _ = COMMANDS[args.command]
        handler: Callable = getattr(importlib.import_module(module), func)
        payload, text = handler(scenario, args)
    except ScenarioError as e:
        for issue in e.issues:
            print(str(issue), file=sys.stderr)
        return 2
    except Exception as e:  # noqa: BLE001 - the CLI never shows a traceback
        print(f"internal error: {type(e).__name__}: {e}", file=sys.stderr)
        return 1
    try:
        if getattr(args, "json", False):
            json.dump(payload, sys.stdout, ensure_ascii=False, indent=2, default=str)
            sys.stdout.write("\n")
        else:
            print(text)
        sys.stdout.flush()
    except BrokenPipeError:  # `... | head`: the reader left; not an error of ours
        sys.stdout = open(os.devnull, "w")  # noqa: SIM115 - silence the flush at exit
    return 0
