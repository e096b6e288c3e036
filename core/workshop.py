"""Workshop rooms: a facilitator opens a room on a scenario (a short code); participants join with the code,
each builds a variant with a few levers; variants and votes are saved in the store's database.

Tables of their own (`workshop_rooms`, `workshop_variants`, `workshop_votes`, created if missing): the
scenario store is not touched. A variant is the room's scenario with `Levers` applied (`apply_levers`);
its plan is a solve job (core.jobs) whose id the variant keeps, so the board reads stored plans.
"""

from __future__ import annotations

import json
import secrets
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime

import sqlalchemy as sa
from sqlalchemy.engine import Engine

from core.errors import Issue, ScenarioError
from core.jobs import writing
from core.loader import validate_data
from core.overrides import scenario_data
from core.schema import Scenario
from core.sensitivity import apply

ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I/L: read aloud and typed on phones
CODE_LENGTH = 5
MAX_NAME = 60

metadata = sa.MetaData()
rooms = sa.Table(
    "workshop_rooms",
    metadata,
    sa.Column("code", sa.String(8), primary_key=True),
    sa.Column("title", sa.String(200), nullable=False),
    sa.Column("scenario", sa.Text, nullable=False),  # JSON data of the room's scenario
    sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
)
variants = sa.Table(
    "workshop_variants",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("room", sa.String(8), sa.ForeignKey("workshop_rooms.code"), nullable=False, index=True),
    sa.Column("participant", sa.String(MAX_NAME), nullable=False),
    sa.Column("levers", sa.Text, nullable=False),  # JSON of Levers
    sa.Column("job_id", sa.String(32), nullable=True),
    sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
)
votes = sa.Table(
    "workshop_votes",
    metadata,
    sa.Column("room", sa.String(8), primary_key=True),
    sa.Column("voter", sa.String(MAX_NAME), primary_key=True),  # one vote per participant name and room
    sa.Column("variant_id", sa.Integer, nullable=False),
)


class WorkshopError(ValueError):
    """A bad code, name or variant (the message names the field)."""


@dataclass(frozen=True)
class Levers:
    """What a participant may change: the horizon-year carbon price (the path is scaled to it), a capital
    budget per year (None: none), measures switched off, and the year of the deepest emissions milestone."""

    carbon_price: float | None = None
    budget_per_year: float | None = None
    measures_off: tuple[str, ...] = field(default_factory=tuple)
    target_year: int | None = None

    def to_json(self) -> str:
        return json.dumps({**asdict(self), "measures_off": list(self.measures_off)})

    @classmethod
    def from_json(cls, text: str) -> Levers:
        d = json.loads(text)
        return cls(**{**d, "measures_off": tuple(d.get("measures_off", ()))})


@dataclass(frozen=True)
class Room:
    code: str
    title: str
    scenario: Scenario
    created_at: datetime


@dataclass(frozen=True)
class Variant:
    id: int
    participant: str
    levers: Levers
    job_id: str | None
    created_at: datetime


def deepest_milestone(s: Scenario) -> int | None:
    """Index of the emissions milestone with the deepest cut (the one `target_year` moves), or None."""
    best = None
    for i, m in enumerate(s.targets.milestones):
        if m.metric == "emissions" and m.change_vs_base is not None:
            if best is None or m.change_vs_base < s.targets.milestones[best].change_vs_base:  # type: ignore[operator]
                best = i
    return best


def apply_levers(s: Scenario, lv: Levers) -> Scenario:
    """The room's scenario with a participant's levers (validated; ScenarioError naming the lever)."""
    out = apply(s, "carbon_price", float(lv.carbon_price)) if lv.carbon_price is not None else s
    data = scenario_data(out)
    if lv.budget_per_year is not None:
        data.setdefault("budget", {})["capex_per_year"] = lv.budget_per_year
    if lv.measures_off:
        spec = data.setdefault("measures", {})
        spec["disabled"] = sorted({*spec.get("disabled", []), *lv.measures_off})
    i = deepest_milestone(s)
    if lv.target_year is not None and i is not None:
        data["targets"]["milestones"][i]["year"] = int(lv.target_year)
        data["targets"].pop("preset", None)
    try:
        return validate_data(data)
    except ScenarioError as e:
        raise ScenarioError([Issue(f"levers.{x.path}" if x.path else "levers", x.message) for x in e.issues]) from None


def _name(text: str, what: str = "participant") -> str:
    name = " ".join(str(text or "").split())
    if not name or len(name) > MAX_NAME:
        raise WorkshopError(f"{what}: give a name of 1 to {MAX_NAME} characters")
    return name


def normalise_code(code: str) -> str:
    return "".join(ch for ch in str(code or "").upper() if ch.isalnum())


class Workshop:
    """Rooms, variants and votes in one database (thread-safe: every call is its own transaction)."""

    def __init__(self, engine: Engine):
        self.engine = engine
        try:
            metadata.create_all(engine, checkfirst=True)
        except sa.exc.OperationalError:  # another process created them meanwhile
            metadata.create_all(engine, checkfirst=True)

    def open_room(self, s: Scenario, title: str) -> str:
        """A new room on this scenario; returns its code."""
        title = _name(title, "title")[:200]
        text = json.dumps(scenario_data(s), ensure_ascii=False)
        for _ in range(20):
            code = "".join(secrets.choice(ALPHABET) for _ in range(CODE_LENGTH))
            try:
                with writing(self.engine) as conn:
                    conn.execute(
                        sa.insert(rooms).values(code=code, title=title, scenario=text, created_at=datetime.now(UTC))
                    )
                return code
            except sa.exc.IntegrityError:  # the code is taken: draw another
                continue
        raise WorkshopError("code: no free room code; try again")

    def room(self, code: str) -> Room | None:
        with self.engine.connect() as conn:
            row = conn.execute(sa.select(rooms).where(rooms.c.code == normalise_code(code))).first()
        if row is None:
            return None
        return Room(row.code, row.title, validate_data(json.loads(row.scenario)), row.created_at)

    def add_variant(self, code: str, participant: str, levers: Levers, job_id: str | None) -> int:
        code = normalise_code(code)
        if self.room(code) is None:
            raise WorkshopError(f"room: no room with code {code}")
        with writing(self.engine) as conn:
            r = conn.execute(
                sa.insert(variants).values(
                    room=code,
                    participant=_name(participant),
                    levers=levers.to_json(),
                    job_id=job_id,
                    created_at=datetime.now(UTC),
                )
            )
            return int(r.inserted_primary_key[0])

    def variants(self, code: str) -> list[Variant]:
        with self.engine.connect() as conn:
            rows = conn.execute(
                sa.select(variants).where(variants.c.room == normalise_code(code)).order_by(variants.c.id)
            ).all()
        return [Variant(r.id, r.participant, Levers.from_json(r.levers), r.job_id, r.created_at) for r in rows]

    def vote(self, code: str, voter: str, variant_id: int) -> None:
        """One vote per name and room (a new vote replaces the previous one)."""
        code, voter = normalise_code(code), _name(voter)
        if variant_id not in {v.id for v in self.variants(code)}:
            raise WorkshopError(f"variant: no variant {variant_id} in room {code}")
        with writing(self.engine) as conn:
            conn.execute(sa.delete(votes).where(votes.c.room == code, votes.c.voter == voter))
            conn.execute(sa.insert(votes).values(room=code, voter=voter, variant_id=variant_id))

    def votes(self, code: str) -> dict[int, int]:
        """variant id -> number of votes."""
        with self.engine.connect() as conn:
            rows = conn.execute(
                sa.select(votes.c.variant_id, sa.func.count())
                .where(votes.c.room == normalise_code(code))
                .group_by(votes.c.variant_id)
            ).all()
        return {int(v): int(n) for v, n in rows}
