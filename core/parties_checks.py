"""Checks of the scenario's `parties:` section against its tenants and measures (core.schema_parties).

Each problem is an Issue with the field's path; its key names the translation in the `tenants` namespace.
"""

from __future__ import annotations

from core.catalogue import catalogue_ids
from core.errors import Issue, issue
from core.schema import Scenario
from core.schema_parties import MODELS, OWNERS

TOL = 1e-6


def check_parties(s: Scenario) -> list[Issue]:
    """Problems in `parties.terms`, empty when fine."""
    issues: list[Issue] = []
    known = {m.id for m in s.measures.custom} | (set(catalogue_ids()) if s.measures.catalogue == "default" else set())
    tenants = {t.id for t in s.tenants}
    seen: set[str] = set()
    for i, tm in enumerate(s.parties.terms):
        p = f"parties.terms[{i}]"
        if tm.measure not in known:
            issues.append(
                issue(f"{p}.measure", "tenants.unknown_measure", "unknown measure {measure}", measure=repr(tm.measure))
            )
        elif tm.measure in seen:
            issues.append(
                issue(f"{p}.measure", "tenants.duplicate_terms", "{measure} has terms twice", measure=repr(tm.measure))
            )
        seen.add(tm.measure)
        if tm.owner not in OWNERS:
            issues.append(
                issue(f"{p}.owner", "tenants.unknown_owner", "unknown owner {owner}; allowed: {allowed}",
                      owner=repr(tm.owner), allowed=", ".join(OWNERS))
            )  # fmt: skip
        if tm.model not in MODELS:
            issues.append(
                issue(f"{p}.model", "tenants.unknown_model", "unknown business model {model}; allowed: {allowed}",
                      model=repr(tm.model), allowed=", ".join(MODELS))
            )  # fmt: skip
        if tm.price_per_unit is not None and tm.price_per_unit < 0:
            issues.append(issue(f"{p}.price_per_unit", "tenants.negative_price", "a sale price cannot be below zero"))
        if tm.discount_to_tariff is not None and tm.discount_to_tariff > 1:
            issues.append(
                issue(f"{p}.discount_to_tariff", "tenants.negative_price", "a sale price cannot be below zero")
            )
        if tm.savings_share is not None and not 0 <= tm.savings_share <= 1:
            issues.append(issue(f"{p}.savings_share", "tenants.share_range", "must be between 0 and 1"))
        if tm.model == "operator_sells" and tm.owner == "tenant":
            issues.append(
                issue(f"{p}.owner", "tenants.seller_is_tenant", "operator_sells needs owner operator or esco")
            )
        if tm.allocation is not None:
            issues += _allocation(f"{p}.allocation", tm.allocation, tenants)
    return issues


def _allocation(path: str, alloc: dict[str, float], tenants: set[str]) -> list[Issue]:
    out = [
        issue(f"{path}.{k}", "validation.unknown_tenant", "unknown tenant {tenant}", tenant=repr(k))
        for k in alloc
        if k not in tenants
    ]
    out += [
        issue(f"{path}.{k}", "tenants.share_range", "must be between 0 and 1")
        for k, v in alloc.items()
        if not 0 <= v <= 1
    ]
    total = sum(alloc.values())
    if abs(total - 1.0) > TOL:
        out.append(issue(path, "tenants.allocation_sum", "the shares add up to {total}, not 1", total=f"{total:.4g}"))
    return out
