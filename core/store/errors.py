"""What a store operation can refuse. A scenario of another workspace is "not found", exactly like one that never
existed, so a guessed id tells nothing."""

from __future__ import annotations


class StoreError(Exception):
    """A store operation that cannot be done (unknown id, a base that still has variants, ...)."""


class NotFoundError(StoreError):
    """No such scenario, share link, request or session in the caller's reach."""


class AccessDenied(StoreError):
    """The caller's role in the workspace does not allow this operation."""


class ConflictError(StoreError):
    """Somebody saved the scenario since the caller read it."""

    def __init__(self, scenario_id: int | str, name: str, expected: int, current: int):
        self.scenario_id, self.expected, self.current = scenario_id, expected, current
        super().__init__(
            f"scenario {name!r} (id {scenario_id}) was saved elsewhere since you opened it "
            f"(you edited version {expected}, the store has version {current}); "
            "nothing was overwritten: reload it and apply your changes again"
        )
