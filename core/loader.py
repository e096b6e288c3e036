"""Read scenario files safely and report every problem with its path.

One error type, `ScenarioError`, carries a list of `Issue(path, message)`; nothing below raises
anything else for bad input. YAML is read with a safe loader that also refuses aliases (no
billion-laughs) and object-constructing tags; files are size-capped and must be UTF-8.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError

from core.i18n import t as _t
from core.schema import Scenario

MAX_BYTES = 10 * 1024 * 1024  # a real zone file is < 1 MB; refuse anything that cannot be one


@dataclass(frozen=True)
class Issue:
    """One problem: `path` of the field, English `message`; `key`/`fields` translate it (validation.<key>)."""

    path: str
    message: str
    key: str | None = field(default=None, compare=False)
    fields: dict = field(default_factory=dict, compare=False, hash=False)

    def __str__(self) -> str:
        return f"{self.path}: {self.message}" if self.path else self.message

    def text(self, lang: str = "en") -> str:
        """`path: message` in `lang` (the English message when there is no translation)."""
        msg = self.message_in(lang)
        return f"{self.path}: {msg}" if self.path else msg

    def message_in(self, lang: str = "en") -> str:
        """The message alone in `lang` (English when there is no translation)."""
        msg = self.message
        if self.key:
            try:
                got = _t(f"validation.{self.key}", lang, **self.fields)
            except TypeError:  # a field named like a parameter of t(): keep the English
                got = ""
            if got and got != f"validation.{self.key}":
                msg = got
        return msg


class ScenarioError(Exception):
    """Bad scenario input: every issue found, each with the path of the offending field."""

    def __init__(self, issues: list[Issue]):
        self.issues = issues
        super().__init__("\n".join(map(str, issues)))


# ---------------------------------------------------------------- text -> python data


# libyaml's C parser when present (~10x faster on big files); the checks below live in the (python)
# constructor, so they hold for both.
_ALIAS_PROBLEM = "YAML aliases/anchors are not allowed in scenario files"
_SafeBase = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _StrictConstructor:
    def construct_object(self, node, deep=False):  # noqa: ANN001 - PyYAML signature
        """An alias makes the composer hand out the same node twice: refuse it (no billion laughs)."""
        if node in self.constructed_objects or node in self.recursive_objects:
            raise yaml.constructor.ConstructorError(None, None, _ALIAS_PROBLEM, node.start_mark)
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


def _too_large(name: str, size: int) -> Issue:
    f = {"name": name, "mb": f"{size / 1e6:.1f}", "limit": MAX_BYTES // 2**20}
    return Issue("", "{name}: {mb} MB is larger than the {limit} MB limit".format(**f), "too_large", f)


def decode(raw: bytes, name: str = "file") -> str:
    if len(raw) > MAX_BYTES:
        raise ScenarioError([_too_large(name, len(raw))])
    if not raw.strip():
        raise ScenarioError([Issue("", f"{name}: file is empty", "file_empty", {"name": name})])
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as e:
        f = {"name": name, "byte": f"{raw[e.start]:02x}", "offset": e.start}
        raise ScenarioError(
            [Issue("", "{name}: not UTF-8 text (byte 0x{byte} at offset {offset})".format(**f), "not_utf8", f)]
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
            f = {"name": name, "dup": repr(e.args[0])}
            raise ScenarioError(
                [Issue("", "{name}: JSON error: duplicate key {dup}".format(**f), "json_duplicate_key", f)]
            ) from None
        except RecursionError:
            raise ScenarioError([Issue("", f"{name}: nested too deeply to be a scenario file")]) from None
        except json.JSONDecodeError as e:
            f = {"name": name, "line": e.lineno, "column": e.colno, "problem": e.msg}
            msg = "{name}: JSON syntax error at line {line}, column {column}: {problem}".format(**f)
            raise ScenarioError([Issue("", msg, "json_syntax", f)]) from None
    try:
        return yaml.load(text, Loader=_NoAliasSafeLoader)  # noqa: S506 - safe loader subclass
    except yaml.MarkedYAMLError as e:
        mark = e.problem_mark or e.context_mark
        where = f" at line {mark.line + 1}, column {mark.column + 1}" if mark else ""
        problem = e.problem or e.context or "invalid YAML"
        key, f = "yaml_error", {"name": name, "problem": problem}
        if "could not determine a constructor" in str(e):
            tag = problem.split("tag ")[-1] if "tag" in problem else problem
            problem = f"tag not allowed ({tag})"
            key, f = "yaml_tag", {"name": name, "tag": tag}
        elif problem == _ALIAS_PROBLEM:
            key, f = "yaml_alias", {"name": name}
        elif problem.startswith("duplicate key "):
            key, f = "yaml_duplicate_key", {"name": name, "dup": problem.removeprefix("duplicate key ")}
        if mark:
            key, f = f"{key}_at", {**f, "line": mark.line + 1, "column": mark.column + 1}
        else:
            key, f = "yaml_error", {"name": name, "problem": problem}
        raise ScenarioError([Issue("", f"{name}: YAML error{where}: {problem}", key, f)]) from None
    except yaml.YAMLError as e:
        f = {"name": name, "problem": str(e)}
        raise ScenarioError([Issue("", f"{name}: YAML error: {e}", "yaml_error", f)]) from None
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
    """English message of one pydantic error."""
    return _keyed(err)[0]


def _error_issue(path: str, err: dict) -> Issue:
    """Issue of one pydantic error, with its translation key where there is one."""
    msg, key, fields = _keyed(err)
    return Issue(path, msg, key, fields)


_KINDS = {
    "dict_type": "mapping",
    "model_type": "mapping",
    "list_type": "list",
    "tuple_type": "list",
    "string_type": "text",
}
_KIND_EN = {"mapping": "a mapping", "list": "a list", "text": "text"}


def _keyed(err: dict) -> tuple[str, str | None, dict[str, object]]:
    """(English message, validation.<key> or None, fields of the translation) of one pydantic error."""
    t, ctx = err["type"], err.get("ctx") or {}
    got = repr(err.get("input"))
    if t == "missing":
        return "required field missing", "missing", {}
    if t == "extra_forbidden":
        parent = [p for p in err["loc"] if isinstance(p, str)][-2:-1]
        if parent in (["energy"], ["effects"]):
            from core.carriers import input_keys

            allowed = ", ".join(input_keys())
            return f"unknown energy key; allowed: {allowed}", "unknown_energy_key", {"allowed": allowed}
        return "unknown field", "unknown_field", {}
    if t in ("greater_than_equal", "greater_than", "less_than_equal", "less_than"):
        op = {"greater_than_equal": ">=", "greater_than": ">", "less_than_equal": "<=", "less_than": "<"}[t]
        bound = next(iter(ctx.values()))
        b = f"{bound:g}" if isinstance(bound, int | float) else str(bound)
        return f"must be {op} {b}", "bound", {"op": op, "bound": b}
    if t in ("float_parsing", "float_type", "finite_number"):
        return f"must be a number (got {got})", "not_number", {"got": got}
    if t in ("int_parsing", "int_type", "int_from_float"):
        return f"must be a whole number (got {got})", "not_integer", {"got": got}
    if t in ("bool_parsing", "bool_type"):
        return f"must be true or false (got {got})", "not_bool", {"got": got}
    if t == "literal_error":
        f = {"expected": str(ctx.get("expected")), "got": got}
        return "must be one of {expected} (got {got})".format(**f), "one_of", f
    if t == "string_pattern_mismatch":
        f = {"got": got, "pattern": str(ctx.get("pattern"))}
        return "invalid value {got} (expected pattern {pattern})".format(**f), "pattern", f
    if t in ("too_short", "too_long"):
        n, what = (ctx.get("min_length"), "at least") if t == "too_short" else (ctx.get("max_length"), "at most")
        text = isinstance(err.get("input"), str)
        unit = ("character" if text else "item") + ("" if n == 1 else "s")
        if n is None:
            return err["msg"].lower(), None, {}
        key = f"{t}_{'text' if text else 'list'}"
        return f"must have {what} {n} {unit}", key, {"n": n, "unit": unit}
    if t in _KINDS:
        kind, typ = _KINDS[t], type(err.get("input")).__name__
        return f"must be {_KIND_EN[kind]} (got {typ})", f"must_be_{kind}", {"type": typ}
    if t == "value_error":
        return str(ctx.get("error", err["msg"])).removeprefix("Value error, "), None, {}
    return err["msg"], None, {}


def validate_data(data: Any, base_dir: Path | None = None) -> Scenario:
    """Validate plain data into a Scenario, or raise ScenarioError with all issues."""
    if not isinstance(data, dict):
        typ = type(data).__name__
        raise ScenarioError(
            [Issue("", f"top level must be a mapping of fields (got {typ})", "top_level_mapping", {"type": typ})]
        )
    try:
        scenario = Scenario.model_validate(data)
    except ValidationError as e:
        issues = [_error_issue(_path(err["loc"]), err) for err in e.errors(include_url=False)]
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
            raise ScenarioError([_too_large(p.name, size)])
        raw = p.read_bytes()
    except FileNotFoundError:
        raise ScenarioError([Issue("", f"{p}: file not found", "file_not_found", {"name": str(p)})]) from None
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


def _unknown_country(country: str, known: frozenset[str]) -> Issue:
    f = {"country": repr(country), "known": ", ".join(sorted(known))}
    return Issue("zone.country", "unknown country {country}; known: {known}".format(**f), "unknown_country", f)


def _horizon(base_year: int, horizon: int) -> Issue:
    f = {"base_year": base_year, "horizon": horizon}
    msg = "must be after base_year ({base_year}), got {horizon}".format(**f)
    return Issue("horizon", msg, "horizon_before_base_year", f)


def _duplicate_id(path: str, x: str, first: str) -> Issue:
    f = {"id": repr(x), "first": first}
    return Issue(path, "duplicate id {id} (first used by {first})".format(**f), "duplicate_id", f)


def _unknown_tenant(path: str, x: str) -> Issue:
    return Issue(path, f"unknown tenant {x!r}", "unknown_tenant", {"tenant": repr(x)})


def _raw_checks(data: dict) -> list[Issue]:
    """Cross-field checks that still make sense when the schema rejected something else, so one run
    reports them too (all errors at once). Works on plain data; skips anything of the wrong shape."""
    from core.factors import known_countries

    issues: list[Issue] = []
    zone = data.get("zone")
    country = zone.get("country") if isinstance(zone, dict) else None
    if isinstance(country, str) and re.fullmatch(r"[A-Z]{3}", country) and country not in known_countries():
        issues.append(_unknown_country(country, known_countries()))
    by, hz = data.get("base_year"), data.get("horizon")
    if isinstance(by, int) and isinstance(hz, int) and by >= hz:
        issues.append(_horizon(by, hz))
    for what in ("tenants", "facilities"):
        rows = data.get(what)
        if isinstance(rows, list):
            ids = [r.get("id") if isinstance(r, dict) else None for r in rows]
            for j, x in enumerate(ids):
                if isinstance(x, str) and x in ids[:j]:
                    issues.append(_duplicate_id(f"{what}[{j}].id", x, f"{what}[{ids.index(x)}]"))
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
        issues.append(_horizon(s.base_year, s.horizon))
    if s.zone.country not in known_countries():
        issues.append(_unknown_country(s.zone.country, known_countries()))
    for what, ids in (("tenants", [t.id for t in s.tenants]), ("facilities", [f.id for f in s.facilities])):
        for d in _dupes(ids):
            first = ids.index(d)
            for j in [j for j, x in enumerate(ids) if x == d][1:]:
                issues.append(_duplicate_id(f"{what}[{j}].id", d, f"{what}[{first}]"))
    tenant_ids = {t.id for t in s.tenants}
    issues.extend(_check_tenants(s))
    if "electricity" in s.assumptions.emission_factor_overrides:
        add(
            "assumptions.emission_factor_overrides.electricity",
            "electricity is not a fuel: use assumptions.grid_factor_t_per_mwh or market_factor_t_per_mwh",
        )
    for i, f in enumerate(s.facilities):
        if f.tenant and f.tenant not in tenant_ids:
            issues.append(_unknown_tenant(f"facilities[{i}].tenant", f.tenant))
    for i, m in enumerate(s.targets.milestones):
        if m.year <= s.base_year:  # milestones beyond the horizon are fine: they shape the trajectory
            path, by = f"targets.milestones[{i}].year", {"base_year": s.base_year}
            issues.append(Issue(path, f"must be after base_year {s.base_year}", "milestone_year", by))
    for metric, path in s.targets.overrides.items():
        for y in path:
            if not s.base_year < y <= s.horizon:
                add(f"targets.overrides.{metric}.{y}", f"year outside the plan {s.base_year + 1}-{s.horizon}")
    for i, a in enumerate(s.evaluation.actuals):
        if not s.base_year < a.year <= s.horizon:
            add(f"evaluation.actuals[{i}].year", f"must be within {s.base_year + 1}-{s.horizon}")
        for j, at in enumerate(a.tenants):
            if at.id not in tenant_ids:
                issues.append(_unknown_tenant(f"evaluation.actuals[{i}].tenants[{j}].id", at.id))
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
