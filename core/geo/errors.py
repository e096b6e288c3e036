"""One error type for geodata problems, shaped like the scenario loader's (a list of `Issue`s)."""

from __future__ import annotations

from core.errors import Issue, ScenarioError


class GeoError(ScenarioError):
    """Bad geodata: every problem found, each naming file, row or field (`Issue(path, message)`)."""


def fail(path: str, message: str) -> GeoError:
    return GeoError([Issue(path, message)])
