"""Operator commands on the store (no scenario file argument):

- ``python -m core accounts add USER --workspace W --role viewer|editor|owner [--email E]``: the password is read
  from the first line of stdin (never from the command line, where `ps` and shell history would keep it).
- ``python -m core store import FILE --workspace W [--name N]``: validates and stores a scenario file in a workspace;
  prints the new scenario's id (the random token used in links) on the last line.
- ``python -m core store export ID --workspace W``: the scenario as YAML ("not found" for another workspace's id).

The store is ``DATABASE_URL`` or the SQLite file of ``core.store.default_url``. Exit codes as the other commands.
"""

from __future__ import annotations

import argparse
import sys

from core.errors import ScenarioError
from core.store import Store, StoreError
from core.store.accounts import Accounts, operator_principal

COMMANDS = ("accounts", "store")


def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="python -m core", description="Store administration")
    sub = p.add_subparsers(dest="command", required=True)
    acc = sub.add_parser("accounts", help="accounts of a shared deployment").add_subparsers(dest="verb", required=True)
    add = acc.add_parser("add", help="add an account (or change its password) with a role in a workspace")
    add.add_argument("user")
    add.add_argument("--workspace", required=True)
    add.add_argument("--role", required=True, choices=["viewer", "editor", "owner"])
    add.add_argument("--email", help="the e-mail an OIDC sign-in maps to this account")
    add.add_argument("--no-password", action="store_true", help="OIDC only: read no password")
    st = sub.add_parser("store", help="scenarios in the store").add_subparsers(dest="verb", required=True)
    imp = st.add_parser("import", help="store a scenario file in a workspace; prints its id last")
    imp.add_argument("file")
    imp.add_argument("--workspace", required=True)
    imp.add_argument("--name")
    exp = st.add_parser("export", help="print a stored scenario of a workspace as YAML")
    exp.add_argument("id")
    exp.add_argument("--workspace", required=True)
    return p


def main(argv: list[str]) -> int:
    args = _parser().parse_args(argv)
    try:
        store = Store()
        if args.command == "accounts":
            password = None if args.no_password else sys.stdin.readline().rstrip("\r\n")
            Accounts(store.engine).add(args.user, password, args.workspace, args.role, email=args.email)
            print(f"{args.user}: {args.role} in workspace {args.workspace}")
            return 0
        if args.verb == "export":
            print(store.acting(operator_principal(store.engine, args.workspace)).export(args.id, "yaml"), end="")
            return 0
        with open(args.file, "rb") as f:
            raw = f.read()
        scoped = store.acting(operator_principal(store.engine, args.workspace, create=True))
        rec = scoped.import_file(raw, args.file, name=args.name)
        print(f"{rec.name}: stored in workspace {args.workspace} (version {rec.version})")
        print(rec.sid)
        return 0
    except ScenarioError as e:
        for issue in e.issues:
            print(str(issue), file=sys.stderr)
        return 2
    except (StoreError, OSError) as e:
        print(f"{args.command}: {e}", file=sys.stderr)
        return 2
    except Exception as e:  # noqa: BLE001 - the CLI never shows a traceback
        print(f"internal error: {type(e).__name__}: {e}", file=sys.stderr)
        return 1
