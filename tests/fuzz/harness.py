"""Run fuzz cases through `core.cli.main` in-process and judge every run (issue 19).

Each case is written next to a copy of its demo's files (so `boundary.geojson` resolves), then run as
`validate`, `solve --json --time-limit 5`, `inventory --json` and `report --out x.html --time-limit 5`.
A run is good when it exits 0 or 2, prints no traceback or "internal error", every stderr line is located
(a `path: message`, a `name: ...` of the file, or `line L, column C`), and it ends within its time bound.
"""

from __future__ import annotations

import contextlib
import io
import re
import shutil
import time
from dataclasses import dataclass, field
from pathlib import Path

from core.cli import main
from tests.fuzz.generator import ROOT, Case

TIME_LIMIT_S = 5
BOUND_S = {"validate": 10.0, "solve": TIME_LIMIT_S + 15.0, "inventory": 10.0, "report": TIME_LIMIT_S + 30.0}
# `path: message` (a path has no spaces), or a syntax error's line and column
_LOCATED = re.compile(r"^(--)?[^\s:]+: \S|line \d+, column \d+")


@dataclass
class Result:
    case: Case
    command: str
    code: int
    seconds: float
    problems: list[str] = field(default_factory=list)


def commands(out: Path) -> dict[str, list[str]]:
    tl = str(TIME_LIMIT_S)
    return {
        "validate": [],
        "solve": ["--json", "--time-limit", tl],
        "inventory": ["--json"],
        "report": ["--out", str(out), "--time-limit", tl],
    }


def _run(argv: list[str]) -> tuple[int, str, str, float]:
    out, err = io.StringIO(), io.StringIO()
    t = time.perf_counter()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            code = main(argv)
        except SystemExit as e:  # argparse
            code = e.code if isinstance(e.code, int) else 1
        except BaseException as e:  # noqa: BLE001 - the harness reports, never dies
            import traceback

            traceback.print_exc(file=err)
            code = -1
            if isinstance(e, KeyboardInterrupt):
                raise
    return code, out.getvalue(), err.getvalue(), time.perf_counter() - t


def judge(command: str, code: int, out: str, err: str, seconds: float) -> list[str]:
    problems = []
    if code not in (0, 2):
        problems.append(f"exit {code}")
    if "Traceback" in out + err or "internal error" in err:
        problems.append("traceback")
    if code == 2:
        lines = [ln for ln in err.splitlines() if ln.strip()]
        if not lines:
            problems.append("path-less: exit 2 with no message")
        problems += [f"path-less: {ln[:120]}" for ln in lines if not _LOCATED.search(ln)]
    if seconds > BOUND_S[command]:
        problems.append(f"over-time: {seconds:.1f} s")
    return problems


def workdir(base: Path, demo: str) -> Path:
    """A copy of the demo's folder (its boundary file) to write cases into."""
    d = base / demo
    if not d.exists():
        shutil.copytree(ROOT / "data" / "demo" / demo, d)
    return d


def run_case(case: Case, base: Path, only: tuple[str, ...] | None = None) -> list[Result]:
    d = workdir(base, case.demo)
    f = d / case.name
    f.write_bytes(case.raw)
    out = d / f"{f.stem}.html"
    results = []
    try:
        for cmd, extra in commands(out).items():
            if only and cmd not in only:
                continue
            code, so, se, s = _run([cmd, str(f), *extra])
            results.append(Result(case, cmd, code, s, judge(cmd, code, so, se, s)))
            if cmd == "validate" and code == 2 and not only:
                # the other commands load the same file: one quick check that they fail the same way
                for c2, e2 in list(commands(out).items())[1:]:
                    code2, so2, se2, s2 = _run([c2, str(f), *e2])
                    results.append(Result(case, c2, code2, s2, judge(c2, code2, so2, se2, s2)))
                break
    finally:
        f.unlink(missing_ok=True)
        out.unlink(missing_ok=True)
    return results


def summary(results: list[Result]) -> dict[str, int]:
    kinds = {"tracebacks": "traceback", "over-time": "over-time", "path-less": "path-less", "bad exit": "exit "}
    out = {"cases": len({r.case.name for r in results}), "runs": len(results)}
    out["accepted"] = sum(r.command == "validate" and r.code == 0 for r in results)
    for k, prefix in kinds.items():
        out[k] = sum(any(p.startswith(prefix) for p in r.problems) for r in results)
    return out
