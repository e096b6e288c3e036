"""Read scenario files safely and report every problem with its path.

One error type, `core.errors.ScenarioError`, carries a list of `Issue`s; nothing below raises anything
else for bad input. Cross-field checks live in `core.checks`. YAML is read with a safe loader that also refuses aliases (no
billion-laughs) and object-constructing tags; files are size-capped and must be UTF-8.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError

from core.carriers import input_keys
from core.checks import check_scenario, raw_checks
from core.errors import Issue, ScenarioError, issue
from core.migrate import upgrade
from core.schema import SCHEMA_VERSION, Scenario

MAX_BYTES = 10 * 1024 * 1024  # a real zone file is < 1 MB; refuse anything that cannot be one


# ---------------------------------------------------------------- text -> python data


# libyaml's C parser when present (~10x faster on big files); the checks below live in the (python)
# constructor, so they hold for both.
_ALIAS_PROBLEM = "YAML aliases/anchors are not allowed in scenario files"
_HUGE_INT = "integer too long"
_TAG_REFUSED = "tag not allowed"
MAX_INT_DIGITS = 100  # far beyond any physical quantity; Python refuses > 4,300 digits
# characters neither YAML nor JSON accept in a file (tab, LF and CR are fine)
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x84\x86-\x9f\ud800-\udfff\ufffe\uffff]")
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

    def construct_yaml_int(self, node):  # noqa: ANN001 - PyYAML signature
        """An integer too long for Python (> 4,300 digits) is a message at its line, not a ValueError."""
        digits = sum(c.isdigit() for c in str(node.value))
        if digits > MAX_INT_DIGITS:
            raise yaml.constructor.ConstructorError(None, None, f"{_HUGE_INT} ({digits} digits)", node.start_mark)
        return super().construct_yaml_int(node)

    def construct_refused(self, node):  # noqa: ANN001 - PyYAML signature
        """Tags the safe loader knows but a scenario never needs (!!binary, !!set, !!omap, !!pairs)."""
        raise yaml.constructor.ConstructorError(None, None, f"{_TAG_REFUSED} ({node.tag})", node.start_mark)


class _NoAliasSafeLoader(_StrictConstructor, _SafeBase):  # type: ignore[misc, valid-type]
    """Safe YAML loader: no aliases, no duplicate keys, no object-constructing tags."""


class _NoAliasPySafeLoader(_StrictConstructor, yaml.SafeLoader):
    """The same on the pure-python parser (used where libyaml is missing; tested on its own)."""


for _loader in (_NoAliasSafeLoader, _NoAliasPySafeLoader):
    _loader.add_constructor("tag:yaml.org,2002:int", _StrictConstructor.construct_yaml_int)
    for _tag in ("binary", "set", "omap", "pairs"):
        _loader.add_constructor(f"tag:yaml.org,2002:{_tag}", _StrictConstructor.construct_refused)


def _too_large(name: str, size: int) -> Issue:
    f = {"name": name, "mb": f"{size / 1e6:.1f}", "limit": MAX_BYTES // 2**20}
    return Issue("", "{name}: {mb} MB is larger than the {limit} MB limit".format(**f), "too_large", f)


def _too_deep(name: str) -> Issue:
    return issue("", "too_deep", "{name}: nested too deeply to be a scenario file", name=name)


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


def _line_col(text: str, pos: int) -> tuple[int, int]:
    line = text.count("\n", 0, pos) + 1
    return line, pos - (text.rfind("\n", 0, pos) + 1) + 1


def _huge_int(digits: str) -> int:
    if len(digits.lstrip("-")) > MAX_INT_DIGITS:
        raise _HugeInt(digits)
    return int(digits)


class _HugeInt(ValueError):
    pass


def _scan(text: str, name: str) -> None:
    """Characters no scenario file may hold (NUL, control characters), by line and column."""
    m = _CONTROL.search(text)
    if m:
        line, column = _line_col(text, m.start())
        raise ScenarioError(
            [
                issue(
                    "",
                    "control_char",
                    "{name}: line {line}, column {column}: control character {code} not allowed",
                    name=name,
                    line=line,
                    column=column,
                    code=f"U+{ord(m.group()):04X}",
                )
            ]
        )


def _top_level(data: Any, text: str, name: str) -> Any:
    """The parsed file must be a mapping; else say where its content starts (line, column)."""
    if isinstance(data, dict):
        return data
    content = re.search(r"^[ \t]*[^\s#]", text, re.M)
    if content is None:
        raise ScenarioError(
            [issue("", "only_comments", "{name}: line 1, column 1: no fields, only comments", name=name)]
        )
    pos = content.end() - 1
    line, column = _line_col(text, pos)
    raise ScenarioError(
        [
            issue(
                "",
                "top_level_mapping_at",
                "{name}: line {line}, column {column}: top level must be a mapping of fields (got {type})",
                name=name,
                line=line,
                column=column,
                type="null" if data is None else type(data).__name__,
            )
        ]
    )


def parse_text(text: str, name: str = "file") -> Any:
    """Parse JSON (by name) or YAML into a mapping of plain python data; every problem names line and column."""
    _scan(text, name)
    return _top_level(_parse(text, name), text, name)


def _parse(text: str, name: str) -> Any:
    if name.lower().endswith(".json"):
        try:
            return json.loads(text, object_pairs_hook=_no_duplicate_keys, parse_int=_huge_int)
        except _HugeInt as e:
            line, column = _line_col(text, max(text.find(e.args[0]), 0))
            f = {"name": name, "line": line, "column": column, "problem": f"{_HUGE_INT} ({len(e.args[0])} digits)"}
            msg = "{name}: JSON syntax error at line {line}, column {column}: {problem}".format(**f)
            raise ScenarioError([Issue("", msg, "json_syntax", f)]) from None
        except _DuplicateKey as e:
            f = {"name": name, "dup": repr(e.args[0])}
            raise ScenarioError(
                [Issue("", "{name}: JSON error: duplicate key {dup}".format(**f), "json_duplicate_key", f)]
            ) from None
        except RecursionError:
            raise ScenarioError([_too_deep(name)]) from None
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
        elif problem.startswith(_TAG_REFUSED):
            key, f = "yaml_tag", {"name": name, "tag": problem.removeprefix(_TAG_REFUSED).strip(" ()")}
        elif problem == _ALIAS_PROBLEM:
            key, f = "yaml_alias", {"name": name}
        elif problem.startswith("duplicate key "):
            key, f = "yaml_duplicate_key", {"name": name, "dup": problem.removeprefix("duplicate key ")}
        if mark:
            key, f = f"{key}_at", {**f, "line": mark.line + 1, "column": mark.column + 1}
        else:
            key, f = "yaml_error", {"name": name, "problem": problem}
        raise ScenarioError([Issue("", f"{name}: YAML error{where}: {problem}", key, f)]) from None
    except yaml.reader.ReaderError as e:  # a character the scan above let through
        line, column = _line_col(text, e.position)
        f = {"name": name, "line": line, "column": column, "problem": e.reason}
        raise ScenarioError(
            [Issue("", "{name}: YAML error at line {line}, column {column}: {problem}".format(**f), "yaml_error_at", f)]
        ) from None
    except yaml.YAMLError as e:
        f = {"name": name, "problem": str(e)}
        raise ScenarioError([Issue("", f"{name}: YAML error: {e}", "yaml_error", f)]) from None
    except RecursionError:
        raise ScenarioError([_too_deep(name)]) from None


# ---------------------------------------------------------------- python data -> Scenario


def field_path(loc: tuple) -> str:
    """pydantic's location tuple -> `tenants[3].energy.diesel_t`."""
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
        elif "function-" in str(part):  # pydantic's name for a validator wrapper
            continue
        else:
            out += ("." if out else "") + str(part)
    return out


def pydantic_issues(e: ValidationError, prefix: str = "") -> list[Issue]:
    """One translatable Issue per pydantic error, paths under `prefix` (`row 3`, `tenants[2]`)."""
    out = []
    for err in e.errors(include_url=False):
        path = field_path(err["loc"])
        path = f"{prefix}.{path}" if prefix and path else (prefix or path)
        msg, key, fields = _keyed(err)
        out.append(Issue(path, msg, key, fields))
    return _one_branch(out)


_KIND_KEYS = {"must_be_mapping", "must_be_list", "must_be_text", "not_number"}


def _one_branch(issues: list[Issue]) -> list[Issue]:
    """A union (a number or a mapping year -> number) fails in every branch: keep the branch that matched the
    input's kind, i.e. drop 'must be a mapping' when the same field has a more specific problem."""

    def specific(i: Issue, j: Issue) -> bool:
        return (
            j is not i
            and j.key not in _KIND_KEYS
            and (j.path == i.path or j.path.startswith((i.path + "[", i.path + ".")))
        )

    return [i for i in issues if i.key not in _KIND_KEYS or not any(specific(i, j) for j in issues)]


_KINDS = {
    "dict_type": "mapping",
    "model_type": "mapping",
    "list_type": "list",
    "tuple_type": "list",
    "string_type": "text",
}
_KIND_EN = {"mapping": "a mapping", "list": "a list", "text": "text"}


def _short_repr(x: Any, limit: int = 60) -> str:
    """repr for a message: an integer too long for Python's str() by its size, anything else cut at `limit`."""
    if isinstance(x, int) and not isinstance(x, bool) and x.bit_length() > 3300:  # > ~1,000 digits
        return f"an integer of about {int(x.bit_length() * 0.30103) + 1} digits"
    try:
        text = repr(x)
    except ValueError:  # a container holding such an integer
        return type(x).__name__
    return text if len(text) <= limit else text[: limit - 3] + "..."


def _keyed(err: dict) -> tuple[str, str | None, dict[str, object]]:
    """(English message, validation.<key> or None, fields of the translation) of one pydantic error."""
    t, ctx = err["type"], err.get("ctx") or {}
    got = _short_repr(err.get("input"))
    if t == "missing":
        return "required field missing", "missing", {}
    if t == "extra_forbidden":
        parent = [p for p in err["loc"] if isinstance(p, str)][-2:-1]
        if parent in (["energy"], ["effects"]):
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
    if ctx and not any(isinstance(v, Exception) for v in ctx.values()):  # PydanticCustomError(key, template, ctx)
        return err["msg"], t, dict(ctx)
    return err["msg"], None, {}


def _huge_ints(x: Any, path: str = "") -> list[Issue]:
    """Integers (values or keys) of more than MAX_INT_DIGITS digits, by path: Python cannot even print them."""
    if isinstance(x, int) and not isinstance(x, bool) and x.bit_length() > MAX_INT_DIGITS * 3.33:
        digits = int(x.bit_length() * 0.30103) + 1
        return [issue(path, "integer_too_long", "integer too long (about {digits} digits)", digits=digits)]
    out: list[Issue] = []
    if isinstance(x, dict):
        for k, v in x.items():
            key = "<key>" if isinstance(k, int) and k.bit_length() > MAX_INT_DIGITS * 3.33 else str(k)
            sub = f"{path}.{key}" if path else key
            out += _huge_ints(k, sub) if key == "<key>" else []
            out += _huge_ints(v, sub)
    elif isinstance(x, list | tuple):
        for i, v in enumerate(x):
            out += _huge_ints(v, f"{path}[{i}]")
    return out


def validate_data(data: Any, base_dir: Path | None = None) -> Scenario:
    """Validate plain data into a Scenario, or raise ScenarioError with all issues."""
    if not isinstance(data, dict):
        typ = type(data).__name__
        raise ScenarioError(
            [issue("", "top_level_mapping", "top level must be a mapping of fields (got {type})", type=typ)]
        )
    if huge := _huge_ints(data):
        raise ScenarioError(huge)
    data = upgrade(data)
    try:
        scenario = Scenario.model_validate(data)
    except ValidationError as e:
        issues = pydantic_issues(e)
        seen = {i.path for i in issues}
        issues += [i for i in raw_checks(data) if i.path not in seen]
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
        raise ScenarioError([issue("", "is_folder", "{name}: is a folder, not a scenario file", name=str(p))]) from None
    except OSError as e:
        raise ScenarioError(
            [issue("", "cannot_read", "{name}: cannot read ({problem})", name=str(p), problem=e.strerror)]
        ) from None
    return parse_scenario(raw, p.name, p.resolve().parent)


def dump_scenario(s: Scenario, fmt: str = "yaml") -> str:
    """Scenario -> YAML or JSON text that loads back to an equal Scenario."""
    data = s.model_dump(mode="json", exclude_defaults=True)
    data = {"schema_version": SCHEMA_VERSION, **data}
    if fmt == "json":
        return json.dumps(data, ensure_ascii=False, indent=2)
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False)
