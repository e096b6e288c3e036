"""Cost of the access checks and of sign-in: store calls acting for a workspace user vs the laptop's local owner,
password hashing and checking (argon2id), on SQLite (and PostgreSQL with --pg URL). Median and p95 of N calls.

    .venv/bin/python bench/store_access.py [--n 50] [--scenarios 200] [--pg postgresql://...]

Every scoped call adds a workspace filter to its query (and, for a user, the role comes from one join at
``for_user``); the targets: a scoped read within 1 ms of the unscoped one, a sign-in under 0.5 s.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def p95(xs: list[float]) -> float:
    xs = sorted(xs)
    return xs[min(len(xs) - 1, int(0.95 * len(xs)))]


def timed(f, n: int) -> tuple[float, float]:  # noqa: ANN001 - any callable
    xs = []
    for _ in range(n):
        t0 = time.perf_counter()
        f()
        xs.append(time.perf_counter() - t0)
    return statistics.median(xs) * 1000, p95(xs) * 1000


def run(url: str, n: int, count: int) -> list[tuple[str, float, float]]:
    from core.store import Store
    from core.store.accounts import Accounts
    from tests.core.test_store import BASE

    root = Store(url)
    acc = Accounts(root.engine)
    password = "a benchmark password"
    acc.add("alice", password, "zone-a", "owner")
    acc.add("bob", password, "zone-b", "owner")
    alice, bob = root.for_user("alice", "zone-a"), root.for_user("bob", "zone-b")
    for i in range(count):
        (alice if i % 2 else bob).create(f"s{i}", BASE)
        root.create(f"l{i}", BASE) if i % 2 else None
    token = acc.sign_in("bob", password)
    mine = alice.records()[0]
    local = root.records()[0]
    rows = [
        ("records(), local owner", *timed(root.records, n)),
        ("records(), workspace user", *timed(alice.records, n)),
        ("get(sid), local owner", *timed(lambda: root.get(local.sid), n)),
        ("get(sid), workspace user", *timed(lambda: alice.get(mine.sid), n)),
        ("load(sid), workspace user", *timed(lambda: alice.load(mine.sid), n)),
        ("for_user (role lookup)", *timed(lambda: root.for_user("alice", "zone-a"), n)),
        ("sign_in (argon2id verify)", *timed(lambda: acc.sign_in("alice", password), max(5, n // 10))),
        ("session_user (token check)", *timed(lambda: acc.session_user(token), n)),
    ]
    root.close()
    return rows


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--n", type=int, default=50)
    ap.add_argument("--scenarios", type=int, default=200)
    ap.add_argument("--pg", help="a PostgreSQL URL (an empty database) to measure as well")
    args = ap.parse_args()
    urls = [("sqlite", f"sqlite:///{Path(tempfile.mkdtemp()) / 'bench.sqlite'}")]
    if args.pg:
        urls.append(("postgresql", args.pg))
    print(f"{args.scenarios} scenarios in 3 workspaces; median / p95 of {args.n} calls (ms)\n")
    print("| database | call | median ms | p95 ms |\n|---|---|---|---|")
    for kind, url in urls:
        for name, med, p in run(url, args.n, args.scenarios):
            print(f"| {kind} | {name} | {med:.2f} | {p:.2f} |")


if __name__ == "__main__":
    main()
