"""Read scenario files safely and report every problem with its path.

One error type, `ScenarioError`, carries a list of `Issue(path, message)`; nothing below raises
anything else for bad input. YAML is read with a safe loader that also refuses aliases (no
billion-laughs) and object-constructing tags; files are size-capped and must be UTF-8.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError

from core.schema import Scenario

MAX_BYTES = 10 * 1024 * 1024  # a real zone file is < 1 MB; refuse anything that cannot be one


@dataclass(frozen=True)
class Issue:
    path: str
    message: str

    def __str__(self) -> str:
        return f"{self.path}: {self.message}" if self.path else self.message


class ScenarioError(Exception):
    """Bad scenario input: every issue found, each with the path of the offending field."""

    def __init__(self, issues: list[Issue]):
        self.issues = issues
        super().__init__("\n".join(map(str, issues)))


# ---------------------------------------------------------------- text -> python data


# libyaml's C parser when present (~10x faster on big files); the checks below live in the (python)
# constructor, so they hold for both.
_SafeBase = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _StrictConstructor:
    def construct_object(self, node, deep=False):  # noqa: ANN001 - PyYAML signature
        """An alias makes the composer hand out the same node twice: refuse it (no billion laughs)."""
        if node in self.constructed_objects or node in self.recursive_objects:
            raise yaml.constructor.ConstructorError(
                None, None, "YAML aliases/anchors are not allowed in scenario files", node.start_mark
            )
        return super().construct_object(node, deep=deep)

    def construct_mapping(self, node, deep=False):  # noqa: ANN001 - PyYAML signature
        """Refuse duplicate keys (PyYAML would silently keep the last one)."""
        seen: set = set()
        for key_node, _ in node.value:
            if not isinstance(key_node, yaml.ScalarNode):  # complex keys: the schema rejects them
                continue
            key = (key_node.tag, key_node.value)
            if key in seen:
                raise yaml.constructor.ConstructorError(
                    None, None, f"duplicate key {key_node.value!r}", key_node.start_mark
                )
            seen.add(key)
        return super().construct_mapping(node, deep=deep)


class _NoAliasSafeLoader(_StrictConstructor, _SafeBase):  # type: ignore[misc, valid-type]
    """Safe YAML loader: no aliases, no duplicate keys, no object-constructing tags."""


class _NoAliasPySafeLoader(_StrictConstructor, yaml.SafeLoader):
    """The same on the pure-python parser (used where libyaml is missing; tested on its own)."""


def decode(raw: bytes, name: str = "file") -> str:
    if len(raw) > MAX_BYTES:
        raise ScenarioError(
            [Issue("", f"{name}: {len(raw) / 1e6:.1f} MB is larger than the {MAX_BYTES // 2**20} MB limit")]
        )
    if not raw.strip():
        raise ScenarioError([Issue("", f"{name}: file is empty")])
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as e:
        raise ScenarioError(
            [Issue("", f"{name}: not UTF-8 text (byte 0x{raw[e.start]:02x} at offset {e.start})")]
        ) from None


class _DuplicateKey(ValueError):
    pass


def _no_duplicate_keys(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for k, v in pairs:
        if k in out:
            raise _DuplicateKey(k)
        out[k] = v
    return out


def parse_text(text: str, name: str = "file") -> Any:
    """Parse JSON (by name) or YAML into plain python data; syntax errors name line and column."""
    if name.lower().endswith(".json"):
        try:
            return json.loads(text, object_pairs_hook=_no_duplicate_keys)
        except _DuplicateKey as e:
            raise ScenarioError([Issue("", f"{name}: JSON error: duplicate key {e.args[0]!r}")]) from None
        except RecursionError:
            raise ScenarioError([Issue("", f"{name}: nested too deeply to be a scenario file")]) from None
        except json.JSONDecodeError as e:
            raise ScenarioError(
                [Issue("", f"{name}: JSON syntax error at line {e.lineno}, column {e.colno}: {e.msg}")]
            ) from None
    try:
        return yaml.load(text, Loader=_NoAliasSafeLoader)  # noqa: S506 - safe loader subclass
    except yaml.MarkedYAMLError as e:
        mark = e.problem_mark or e.context_mark
        where = f" at line {mark.line + 1}, column {mark.column + 1}" if mark else ""
        problem = e.problem or e.context or "invalid YAML"
        if "could not determine a constructor" in str(e):
            problem = f"tag not allowed ({problem.split('tag ')[-1] if 'tag' in problem else problem})"
        raise ScenarioError([Issue("", f"{name}: YAML error{where}: {problem}")]) from None
    except yaml.YAMLError as e:
        raise ScenarioError([Issue("", f"{name}: YAML error: {e}")]) from None
    except RecursionError:
        raise ScenarioError([Issue("", f"{name}: nested too deeply to be a scenario file")]) from None


# ---------------------------------------------------------------- python data -> Scenario


def _path(loc: tuple) -> str:
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
        elif "function-" in str(part):  # pydantic's name for a validator wrapper
            continue
        else:
            out += ("." if out else "") + str(part)
    return out


def _message(err: dict) -> str:
    t, ctx = err["type"], err.get("ctx") or {}
    if t == "missing":
        return "required field missing"
    if t == "extra_forbidden":
        parent = [p for p in err["loc"] if isinstance(p, str)][-2:-1]
        if parent in (["energy"], ["effects"]):
            from core.carriers import input_keys

            return f"unknown energy key; allowed: {', '.join(input_keys())}"
        return "unknown field"
    if t in ("greater_than_equal", "greater_than", "less_than_equal", "less_than"):
        op = {"greater_than_equal": ">=", "greater_than": ">", "less_than_equal": "<=", "less_than": "<"}[t]
        bound = next(iter(ctx.values()))
        return f"must be {op} {bound:g}" if isinstance(bound, int | float) else f"must be {op} {bound}"
    if t in ("float_parsing", "float_type", "finite_number"):
        return f"must be a number (got {err.get('input')!r})"
    if t in ("int_parsing", "int_type", "int_from_float"):
        return f"must be a whole number (got {err.get('input')!r})"
    if t in ("bool_parsing", "bool_type"):
        return f"must be true or false (got {err.get('input')!r})"
    if t == "literal_error":
        return f"must be one of {ctx.get('expected')} (got {err.get('input')!r})"
    if t == "string_pattern_mismatch":
        return f"invalid value {err.get('input')!r} (expected pattern {ctx.get('pattern')})"
    if t in ("too_short", "too_long"):
        n, what = (ctx.get("min_length"), "at least") if t == "too_short" else (ctx.get("max_length"), "at most")
        unit = ("character" if isinstance(err.get("input"), str) else "item") + ("" if n == 1 else "s")
        return f"must have {what} {n} {unit}" if n is not None else err["msg"].lower()
    if t in ("dict_type", "model_type", "list_type", "tuple_type", "string_type"):
        kind = {
            "dict_type": "a mapping",
            "model_type": "a mapping",
            "list_type": "a list",
            "tuple_type": "a list",
            "string_type": "text",
        }[t]
        return f"must be {kind} (got {type(err.get('input')).__name__})"
    if t == "value_error":
        return str(ctx.get("error", err["msg"])).removeprefix("Value error, ")
    return err["msg"]


def validate_data(data: Any, base_dir: Path | None = None) -> Scenario:
    """Validate plain data into a Scenario, or raise ScenarioError with all issues."""
    if not isinstance(data, dict):
        raise ScenarioError([Issue("", f"top level must be a mapping of fields (got {type(data).__name__})")])
    try:
        scenario = Scenario.model_validate(data)
    except ValidationError as e:
        issues = [Issue(_path(err["loc"]), _message(err)) for err in e.errors(include_url=False)]
        seen = {i.path for i in issues}
        issues += [i for i in _raw_checks(data) if i.path not in seen]
        raise ScenarioError(issues) from None
    issues = check_scenario(scenario, base_dir)
    if issues:
        raise ScenarioError(issues)
    return scenario


def parse_scenario(raw: bytes | str, name: str = "scenario.yaml", base_dir: Path | None = None) -> Scenario:
    """Bytes or text of a scenario file (an upload, say) -> Scenario."""
    text = decode(raw, name) if isinstance(raw, bytes) else raw
    if isinstance(raw, str):
        decode(raw.encode("utf-8"), name)  # same size and emptiness rules
    return validate_data(parse_text(text, name), base_dir)


def load_scenario(path: str | Path) -> Scenario:
    """Read and validate a scenario file; referenced files resolve against its folder."""
    p = Path(path)
    try:
        size = p.stat().st_size
        if size > MAX_BYTES:
            raise ScenarioError(
                [Issue("", f"{p.name}: {size / 1e6:.1f} MB is larger than the {MAX_BYTES // 2**20} MB limit")]
            )
        raw = p.read_bytes()
    except FileNotFoundError:
        raise ScenarioError([Issue("", f"{p}: file not found")]) from None
    except IsADirectoryError:
        raise ScenarioError([Issue("", f"{p}: is a folder, not a scenario file")]) from None
    except OSError as e:
        raise ScenarioError([Issue("", f"{p}: cannot read ({e.strerror})")]) from None
    return parse_scenario(raw, p.name, p.resolve().parent)


def resolve_reference(base_dir: Path, ref: str) -> Path:
    """A file named inside a scenario: must stay inside the scenario's folder and exist."""
    base = base_dir.resolve()
    target = (base / ref).resolve()
    if not target.is_relative_to(base):
        raise ValueError(f"{ref!r} points outside the scenario's folder")
    if not target.is_file():
        raise ValueError(f"{ref!r} not found next to the scenario file")
    return target


def dump_scenario(s: Scenario, fmt: str = "yaml") -> str:
    """Scenario -> YAML or JSON text that loads back to an equal Scenario."""
    data = s.model_dump(mode="json", exclude_defaults=True)
    data = {"schema_version": 1, **data}
    if fmt == "json":
        return json.dumps(data, ensure_ascii=False, indent=2)
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False)


# ---------------------------------------------------------------- cross-field checks


def _raw_checks(data: dict) -> list[Issue]:
    """Cross-field checks that still make sense when the schema rejected something else, so one run
    reports them too (all errors at once). Works on plain data; skips anything of the wrong shape."""
    from core.factors import known_countries

    issues: list[Issue] = []
    zone = data.get("zone")
    country = zone.get("country") if isinstance(zone, dict) else None
    if isinstance(country, str) and re.fullmatch(r"[A-Z]{3}", country) and country not in known_countries():
        issues.append(
            Issue("zone.country", f"unknown country {country!r}; known: {', '.join(sorted(known_countries()))}")
        )
    by, hz = data.get("base_year"), data.get("horizon")
    if isinstance(by, int) and isinstance(hz, int) and by >= hz:
        issues.append(Issue("horizon", f"must be after base_year ({by}), got {hz}"))
    for what in ("tenants", "facilities"):
        rows = data.get(what)
        if isinstance(rows, list):
            ids = [r.get("id") if isinstance(r, dict) else None for r in rows]
            for j, x in enumerate(ids):
                if isinstance(x, str) and x in ids[:j]:
                    issues.append(
                        Issue(f"{what}[{j}].id", f"duplicate id {x!r} (first used by {what}[{ids.index(x)}])")
                    )
    return issues


def _dupes(ids: list[str]) -> list[str]:
    seen: set[str] = set()
    return sorted({i for i in ids if i in seen or seen.add(i)})


# CN chapters/headings of each CBAM good (Reg. (EU) 2023/956 Annex I, summarised): a plausibility check only
CBAM_CN_PREFIXES = {
    "cement": ("2507", "2523"),
    "iron_steel": ("2601", "72", "73"),
    "aluminium": ("76",),
    "fertilisers": ("2808", "2814", "2834", "3102", "3105"),
    "hydrogen": ("2804",),
    "electricity": ("2716",),
}


def _check_tenants(s: Scenario) -> list[Issue]:
    from core.carriers import energy_to_canonical
    from core.factors import gases

    issues: list[Issue] = []
    known_gases = gases()
    for i, t in enumerate(s.tenants):
        for j, r in enumerate(t.refrigerants):
            if r.gas not in known_gases:
                issues.append(
                    Issue(
                        f"tenants[{i}].refrigerants[{j}].gas", f"unknown gas {r.gas!r}; known: {', '.join(known_gases)}"
                    )
                )
        for j, x in enumerate(t.exports):
            code = x.cn_code.replace(" ", "")
            if not code.startswith(CBAM_CN_PREFIXES[x.good]):
                issues.append(
                    Issue(
                        f"tenants[{i}].exports[{j}].cn_code",
                        f"{x.cn_code} is not a CN code of {x.good} (expected {', '.join(CBAM_CN_PREFIXES[x.good])}...)",
                    )
                )
            if x.production_t is not None and x.eu_t > x.production_t:
                issues.append(
                    Issue(f"tenants[{i}].exports[{j}].eu_t", f"{x.eu_t:g} t exported is more than production_t")
                )
        grid_mwh = energy_to_canonical(t.energy.quantities()).get("electricity", 0.0)
        if t.renewable_purchase_mwh > grid_mwh + 1e-9:
            issues.append(
                Issue(
                    f"tenants[{i}].renewable_purchase_mwh",
                    f"{t.renewable_purchase_mwh:g} MWh is more than the tenant's grid electricity ({grid_mwh:g} MWh)",
                )
            )
    return issues


def check_scenario(s: Scenario, base_dir: Path | None = None) -> list[Issue]:
    """Consistency checks that need more than one field. Returns every issue found."""
    from core.factors import known_countries

    issues: list[Issue] = []
    add = lambda path, msg: issues.append(Issue(path, msg))  # noqa: E731

    if s.base_year >= s.horizon:
        add("horizon", f"must be after base_year ({s.base_year}), got {s.horizon}")
    if s.zone.country not in known_countries():
        add("zone.country", f"unknown country {s.zone.country!r}; known: {', '.join(sorted(known_countries()))}")
    for what, ids in (("tenants", [t.id for t in s.tenants]), ("facilities", [f.id for f in s.facilities])):
        for d in _dupes(ids):
            first = ids.index(d)
            for j in [j for j, x in enumerate(ids) if x == d][1:]:
                add(f"{what}[{j}].id", f"duplicate id {d!r} (first used by {what}[{first}])")
    tenant_ids = {t.id for t in s.tenants}
    issues.extend(_check_tenants(s))
    if "electricity" in s.assumptions.emission_factor_overrides:
        add(
            "assumptions.emission_factor_overrides.electricity",
            "electricity is not a fuel: use assumptions.grid_factor_t_per_mwh or market_factor_t_per_mwh",
        )
    for i, f in enumerate(s.facilities):
        if f.tenant and f.tenant not in tenant_ids:
            add(f"facilities[{i}].tenant", f"unknown tenant {f.tenant!r}")
    for i, m in enumerate(s.targets.milestones):
        if m.year <= s.base_year:  # milestones beyond the horizon are fine: they shape the trajectory
            add(f"targets.milestones[{i}].year", f"must be after base_year {s.base_year}")
    for metric, path in s.targets.overrides.items():
        for y in path:
            if not s.base_year < y <= s.horizon:
                add(f"targets.overrides.{metric}.{y}", f"year outside the plan {s.base_year + 1}-{s.horizon}")
    for i, a in enumerate(s.evaluation.actuals):
        if not s.base_year < a.year <= s.horizon:
            add(f"evaluation.actuals[{i}].year", f"must be within {s.base_year + 1}-{s.horizon}")
        for j, at in enumerate(a.tenants):
            if at.id not in tenant_ids:
                add(f"evaluation.actuals[{i}].tenants[{j}].id", f"unknown tenant {at.id!r}")
    for d in _dupes([a.year for a in s.evaluation.actuals]):
        add("evaluation.actuals", f"year {d} given twice")
    if base_dir is not None and s.zone.boundary:
        try:
            resolve_reference(base_dir, s.zone.boundary)
        except ValueError as e:
            add("zone.boundary", str(e))
    try:
        from core.catalogue import check_measures
    except ImportError:  # catalogue not built yet
        return issues
    issues.extend(Issue(p, m) for p, m in check_measures(s))
    return issues
