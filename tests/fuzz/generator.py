"""A seeded generator of malformed variants of the demo scenarios (issue 19).

`cases(n, seed)` -> list of `Case(cls, name, raw)`: `name` is the file name (its extension picks YAML or
JSON), `raw` the bytes. Classes (`CLASSES`) cover wrong types, NaN/Inf, 1e308, huge integers, unicode,
YAML bombs and tags, BOMs, non-UTF-8, oversized files, path escapes, prerequisite cycles, impossible
milestones, negative budgets, empty names, markdown injection, control characters, broken syntax ...
The same seed gives the same cases, so a failure is reproducible by its class and index.
"""

from __future__ import annotations

import copy
import json
import random
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parents[2]
DEMOS = sorted(p.parent.name for p in (ROOT / "data" / "demo").glob("*/scenario.yaml"))


@dataclass(frozen=True)
class Case:
    cls: str
    demo: str
    name: str
    raw: bytes


@cache
def demo_text(demo: str) -> str:
    return (ROOT / "data" / "demo" / demo / "scenario.yaml").read_text(encoding="utf-8")


@cache
def _demo_data(demo: str) -> dict:
    return yaml.safe_load(demo_text(demo))


def demo_data(demo: str) -> dict:
    return copy.deepcopy(_demo_data(demo))


# ---------------------------------------------------------------- helpers on plain data


def leaves(obj: Any, path: tuple = ()) -> list[tuple[tuple, Any]]:
    """(path, value) of every scalar in nested dicts and lists."""
    if isinstance(obj, dict):
        return [x for k, v in obj.items() for x in leaves(v, (*path, k))]
    if isinstance(obj, list):
        return [x for i, v in enumerate(obj) for x in leaves(v, (*path, i))]
    return [(path, obj)]


def set_at(obj: Any, path: tuple, value: Any) -> None:
    for p in path[:-1]:
        obj = obj[p]
    obj[path[-1]] = value


def _dump(data: Any, rng: random.Random) -> tuple[str, bytes]:
    if rng.random() < 0.3:
        return "json", json.dumps(data, ensure_ascii=rng.random() < 0.5, default=str).encode("utf-8")
    return "yaml", yaml.safe_dump(data, allow_unicode=True, sort_keys=False).encode("utf-8")


def _numbers(data: dict) -> list[tuple[tuple, Any]]:
    return [(p, v) for p, v in leaves(data) if isinstance(v, int | float) and not isinstance(v, bool)]


def _strings(data: dict) -> list[tuple[tuple, Any]]:
    return [(p, v) for p, v in leaves(data) if isinstance(v, str)]


# ---------------------------------------------------------------- data mutations: (data, rng) -> data


def m_wrong_type(d: dict, rng: random.Random) -> dict:
    path, _ = rng.choice(leaves(d))
    set_at(d, path, rng.choice(["lots", [], {}, None, True, "1e3x", [1, 2], {"a": 1}, "", "0x1F"]))
    return d


def m_nan_inf(d: dict, rng: random.Random) -> dict:
    path, _ = rng.choice(_numbers(d))
    set_at(d, path, rng.choice([float("nan"), float("inf"), float("-inf")]))
    return d


def m_huge_float(d: dict, rng: random.Random) -> dict:
    for _ in range(rng.randint(1, 3)):
        path, _ = rng.choice(_numbers(d))
        set_at(d, path, rng.choice([1e308, -1e308, 1.7e308, 1e-300, -1e-300, 1e200]))
    return d


def m_big_int(d: dict, rng: random.Random) -> dict:
    path, _ = rng.choice(_numbers(d))
    set_at(d, path, 10 ** rng.choice([20, 60, 99, 150, 400]) * rng.choice([1, -1]))
    return d


_UNICODE = [
    "\u202eevil",
    "zero\u200bwidth",
    "😀" * 50,
    "e\u0301\u0301\u0301",
    "\ufeffbom",
    "名" * 300,
    "x" * 5000,
    "\u2028",
]


def m_unicode(d: dict, rng: random.Random) -> dict:
    for _ in range(rng.randint(1, 4)):
        path, _ = rng.choice(_strings(d))
        set_at(d, path, rng.choice(_UNICODE))
    return d


_INJECT = [
    "[Session expired: log in](http://x) ![t](http://x/t.png)",
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    "**bold** _it_ `code` # head",
    "{name} {0} %s {{x}}",
    "=cmd|' /C calc'!A0",
]


def m_markup_names(d: dict, rng: random.Random) -> dict:
    d["zone"]["name"] = rng.choice(_INJECT)
    d["zone"]["description"] = rng.choice(_INJECT)
    t = rng.choice(d["tenants"])
    t["name"] = rng.choice(_INJECT)
    return d


def m_empty_names(d: dict, rng: random.Random) -> dict:
    target = rng.choice(["zone", "tenant", "override", "custom"])
    blank = rng.choice(["", "   ", "\t"])
    if target == "zone":
        d["zone"]["name"] = blank
    elif target == "tenant":
        rng.choice(d["tenants"])["name"] = blank
    elif target == "override":
        d.setdefault("measures", {}).setdefault("overrides", []).append(
            {"id": "rooftop_pv", rng.choice(["name_en", "name_zh", "unit"]): blank}
        )
    else:
        d.setdefault("measures", {}).setdefault("custom", []).append(_custom("blank", name_en=blank))
    return d


def m_negative(d: dict, rng: random.Random) -> dict:
    path, v = rng.choice(_numbers(d))
    set_at(d, path, -abs(v or 1) * rng.choice([1, 1000]))
    return d


def m_negative_budget(d: dict, rng: random.Random) -> dict:
    d["budget"] = {"capex_per_year": rng.choice([-1, -1e9, {d["base_year"] + 1: -5}, {d["horizon"]: -1e308}])}
    return d


def m_path_escape(d: dict, rng: random.Random) -> dict:
    d["zone"]["boundary"] = rng.choice(
        ["../../../../etc/passwd", "/etc/passwd", "..\\..\\win.ini", "boundary.geojson/../../x", "~/x", "\x00", "."]
    )
    return d


def _custom(mid: str, **over: Any) -> dict:
    m = {
        "id": mid,
        "name_en": mid,
        "name_zh": mid,
        "area": "energy",
        "unit": "unit",
        "capex_per_unit": 100,
        "lifetime_years": 10,
        "effects": {"electricity_mwh": -1},
    }
    return {**m, **over}


def m_cycle(d: dict, rng: random.Random) -> dict:
    n = rng.randint(1, 4)
    ids = [f"cyc{i}" for i in range(n)]
    custom = [_custom(ids[i], requires=[ids[(i + 1) % n]]) for i in range(n)]
    d.setdefault("measures", {}).setdefault("custom", []).extend(custom)
    return d


_METRICS = [
    "emissions",
    "emission_intensity",
    "renewable_share",
    "energy_intensity",
    "waste_recycling_rate",
    "water_reuse_rate",
]


def m_impossible(d: dict, rng: random.Random) -> dict:
    y = d["base_year"] + 1
    pick = rng.choice(["all", "one", "value", "inf"])
    if pick == "all":
        ms = [{"metric": m, "year": y, "change_vs_base": -1} for m in _METRICS if not m.endswith(("share", "rate"))]
        ms += [{"metric": m, "year": y, "value": 1} for m in _METRICS if m.endswith(("share", "rate"))]
    elif pick == "one":
        ms = [{"metric": rng.choice(["emissions", "energy_intensity"]), "year": y, "change_vs_base": -1}]
    elif pick == "value":
        ms = [{"metric": "emissions", "year": y, "value": rng.choice([0, -5, 1e308])}]
    else:
        ms = [{"metric": "emissions", "year": y, "value": rng.choice([float("inf"), float("-inf"), float("nan")])}]
    d["targets"] = {"milestones": ms}
    return d


def m_years(d: dict, rng: random.Random) -> dict:
    d["base_year"], d["horizon"] = rng.choice(
        [(1990, 2100), (2030, 2025), (2025, 2025), (1800, 2050), (2025, 3000), (2025, 2026), (2025, "2050")]
    )
    return d


def m_silent(d: dict, rng: random.Random) -> dict:
    """The cases issue 19 found silently accepted."""
    pick = rng.randrange(5)
    t = rng.choice(d["tenants"])
    if pick == 0:
        t["water_m3"], t["water_reused_m3"] = 10, 20
    elif pick == 1:
        d.setdefault("targets", {})["overrides"] = {"emissions": {d["base_year"] + 1: -5}}
    elif pick == 2:
        d.setdefault("targets", {})["overrides"] = {"renewable_share": {d["base_year"] + 1: 5}}
    elif pick == 3:
        d.setdefault("measures", {})["overrides"] = [{"id": "rooftop_pv", "capex_per_unit": 1}] * 2
    else:
        d["zone"]["area_ha"] = True
    return d


def m_economics(d: dict, rng: random.Random) -> dict:
    a = d.setdefault("assumptions", {})
    pick = rng.randrange(4)
    if pick == 0:
        a["discount_rate"], a["activity"] = 0.5, {"growth": 1}
    elif pick == 1:
        a["activity"] = {"path": {d["base_year"]: 1, d["horizon"]: rng.choice([1e308, -1, 1e6])}}
    elif pick == 2:
        a["carbon_price_per_t"] = {d["base_year"]: rng.choice([1e308, -1, 1e9])}
    else:
        a["grid_factor_t_per_mwh"] = {d["base_year"]: rng.choice([1e308, -0.1, 50])}
    return d


def m_structure(d: dict, rng: random.Random) -> dict:
    pick = rng.randrange(4)
    if pick == 0:
        d.pop(rng.choice(["zone", "tenants", "base_year", "horizon"]))
    elif pick == 1:
        d[rng.choice(["colour", "zone2", "__proto__"])] = 1
    elif pick == 2:
        d["tenants"] = rng.choice([[], {}, "none"])
    else:
        d["tenants"] = d["tenants"] + [copy.deepcopy(d["tenants"][0])]  # duplicate id
    return d


DATA_MUTATIONS: dict[str, Callable[[dict, random.Random], dict]] = {
    "wrong_type": m_wrong_type,
    "nan_inf": m_nan_inf,
    "1e308": m_huge_float,
    "big_int": m_big_int,
    "unicode": m_unicode,
    "markup_names": m_markup_names,
    "empty_names": m_empty_names,
    "negative": m_negative,
    "negative_budget": m_negative_budget,
    "path_escape": m_path_escape,
    "prerequisite_cycle": m_cycle,
    "impossible_milestones": m_impossible,
    "years": m_years,
    "silently_accepted": m_silent,
    "economics": m_economics,
    "structure": m_structure,
}


# ---------------------------------------------------------------- text mutations: (text, rng) -> (ext, bytes)


def t_huge_int_text(text: str, rng: random.Random) -> tuple[str, bytes]:
    big = "9" * rng.choice([4301, 5000, 20000])
    return "yaml", text.replace("base_year: ", f"base_year: {big}\nx{rng.random():.3f}: ", 1).encode()


def t_huge_int_json(text: str, rng: random.Random) -> tuple[str, bytes]:
    d = yaml.safe_load(text)
    s = json.dumps(d).replace('"area_ha": ', f'"area_ha": -{"7" * rng.choice([4301, 5000])}0 + ', 1)
    s = s.replace(" + ", "", 1)
    return "json", s.encode()


def t_bomb(text: str, rng: random.Random) -> tuple[str, bytes]:
    lines = ["a0: &a0 [x, x, x, x, x, x, x, x, x]"] + [f"a{i}: &a{i} [*a{i - 1}] " for i in range(1, 12)]
    return "yaml", ("\n".join(lines) + "\n" + text).encode()


_TAGS = [
    "!!python/object/apply:os.system ['echo pwned']",
    "!!python/name:os.system",
    "!!binary aGVsbG8=",
    "!!set {a, b}",
    "!!omap [a: 1]",
    "!money 5",
    "!!timestamp 2020-01-01",
    "!!float 1e308",
]


def t_tag(text: str, rng: random.Random) -> tuple[str, bytes]:
    return "yaml", text.replace("base_year: ", f"base_year: {rng.choice(_TAGS)}\nold_base_year: ", 1).encode()


def t_bom(text: str, rng: random.Random) -> tuple[str, bytes]:
    pick = rng.randrange(4)
    if pick == 0:
        return "yaml", b"\xef\xbb\xbf" + text.encode()
    if pick == 1:
        return "yaml", text.encode("utf-16")
    if pick == 2:
        return "json", b"\xef\xbb\xbf" + json.dumps(yaml.safe_load(text)).encode()
    return "yaml", b"\xef\xbb\xbf\xef\xbb\xbf" + text.encode()


def t_not_utf8(text: str, rng: random.Random) -> tuple[str, bytes]:
    raw = bytearray(text.encode())
    for _ in range(rng.randint(1, 5)):
        raw[rng.randrange(len(raw))] = rng.choice([0xE9, 0xFF, 0xC3, 0x80, 0xFE])
    return rng.choice(["yaml", "json"]), bytes(raw)


def t_control(text: str, rng: random.Random) -> tuple[str, bytes]:
    i = rng.randrange(len(text))
    return "yaml", (text[:i] + rng.choice(["\x00", "\x07", "\x1b", "\x7f", "\x85x\x9f"]) + text[i:]).encode()


def t_oversized(text: str, rng: random.Random) -> tuple[str, bytes]:
    pad = "#" + "x" * 1023 + "\n"
    return "yaml", (text + pad * (10 * 1024 + rng.randint(1, 50))).encode()


def t_syntax(text: str, rng: random.Random) -> tuple[str, bytes]:
    pick = rng.randrange(5)
    if pick == 0:
        return "yaml", text[: rng.randrange(len(text))].encode()
    if pick == 1:
        i = rng.randrange(len(text))
        return "yaml", (text[:i] + rng.choice(["{", "]", ": :", "\t", '"', "- - -", "\n  bad"]) + text[i:]).encode()
    if pick == 2:
        s = json.dumps(yaml.safe_load(text))
        return "json", s[: rng.randrange(len(s))].encode()
    if pick == 3:
        return "yaml", text.replace("base_year:", "base_year: 1\nbase_year:", 1).encode()
    return "yaml", ("[" * 5000 + "]" * 5000).encode()


def t_top_level(text: str, rng: random.Random) -> tuple[str, bytes]:
    return rng.choice(
        [
            ("yaml", b"- 1\n- 2\n"),
            ("yaml", b"42\n"),
            ("yaml", b"null\n"),
            ("yaml", b"# only a comment\n"),
            ("yaml", b"~"),
            ("json", b"[]"),
            ("json", b"null"),
            ("json", b'"text"'),
            ("yaml", b""),
            ("yaml", b"   \n\n"),
            ("yaml", b"---\n---\n"),
        ]
    )


TEXT_MUTATIONS: dict[str, Callable[[str, random.Random], tuple[str, bytes]]] = {
    "huge_int_text": t_huge_int_text,
    "huge_int_json": t_huge_int_json,
    "yaml_bomb": t_bomb,
    "yaml_tag": t_tag,
    "bom": t_bom,
    "not_utf8": t_not_utf8,
    "control_char": t_control,
    "oversized": t_oversized,
    "syntax": t_syntax,
    "top_level": t_top_level,
}
CLASSES = (*DATA_MUTATIONS, *TEXT_MUTATIONS)


def cases(n: int = 520, seed: int = 19) -> list[Case]:
    """`n` cases, round-robin over the classes and the demos (oversized files: at most 3)."""
    rng = random.Random(seed)
    out: list[Case] = []
    k = 0
    while len(out) < n:
        cls = CLASSES[k % len(CLASSES)]
        demo = DEMOS[(k // len(CLASSES)) % len(DEMOS)]
        k += 1
        if cls == "oversized" and sum(c.cls == cls for c in out) >= 3:
            continue
        if cls in DATA_MUTATIONS:
            ext, raw = _dump(DATA_MUTATIONS[cls](demo_data(demo), rng), rng)
        else:
            ext, raw = TEXT_MUTATIONS[cls](demo_text(demo), rng)
        out.append(Case(cls, demo, f"case{len(out):04d}_{cls}.{ext}", raw))
    return out
