"""Command line: python -m core validate|inventory|measures|solve|report|cbam|sweep|alternatives FILE; and the
operator commands ``accounts add`` and ``store import`` (``core/cli/admin.py``, which take no scenario file first).

Exit codes: 0 ok, 2 bad input (one `path: message` line per problem on stderr), 1 internal error.
One module per command (`core/cli/<command>.py`: HELP, add_arguments(parser), run(scenario, args) ->
(payload for --json, text)); this file only parses arguments and prints.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import sys

from core.cli import admin, alternatives, cbam, inventory, measures, report, solve, sweep
from core.errors import ScenarioError
from core.loader import load_scenario
from core.optimise import DEFAULT_TIME_LIMIT_S
from core.optimise.solving import deadline

COMMANDS = {
    "inventory": inventory,
    "measures": measures,
    "solve": solve,
    "report": report,
    "cbam": cbam,
    "sweep": sweep,
    "alternatives": alternatives,
}


def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="python -m core", description="Low-Carbon Zone Planner command line")
    sub = p.add_subparsers(dest="command", required=True)
    v = sub.add_parser("validate", help="check a scenario file; exit 2 with one line per problem")
    v.add_argument("file")
    for name, module in COMMANDS.items():
        c = sub.add_parser(name, help=module.HELP)
        c.add_argument("file")
        module.add_arguments(c)
        if name in ("report", "cbam") and "time_limit" not in {a.dest for a in c._actions}:
            c.add_argument(
                "--time-limit", type=float, default=DEFAULT_TIME_LIMIT_S, help="seconds for the whole command"
            )
    return p


def _bad_time_limit(args: argparse.Namespace) -> bool:
    """`--time-limit` must be a positive, finite number of seconds."""
    limit = getattr(args, "time_limit", None)
    if limit is None or (math.isfinite(limit) and limit > 0):
        return False
    print(f"--time-limit: must be > 0 seconds (got {limit:g})", file=sys.stderr)
    return True


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if argv and argv[0] in admin.COMMANDS:  # store administration: no scenario file to load
        return admin.main(argv)
    args = _parser().parse_args(argv)
    if _bad_time_limit(args):
        return 2
    try:
        scenario = load_scenario(args.file)
        if args.command == "validate":
            print(f"{args.file}: ok ({len(scenario.tenants)} tenants, {len(scenario.facilities)} facilities)")
            return 0
        with deadline(getattr(args, "time_limit", None) or DEFAULT_TIME_LIMIT_S):  # the whole command, all solves
            payload, text = COMMANDS[args.command].run(scenario, args)
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
