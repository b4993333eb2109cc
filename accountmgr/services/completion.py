"""Where an account stands in the method: each step a–l done, partial or missing, with what is missing.

The rules follow the step table of the domain brief (section 3): a step is
done when what it captures is there, partial when some of it is, missing when
none is. Facts come from one aggregate query, so the whole portfolio can be
assessed at once (``step_status_bulk``) as cheaply as one account.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from enum import Enum
from typing import TYPE_CHECKING, Any

from accountmgr.models import RelationshipLevel, Step
from accountmgr.services import clock

if TYPE_CHECKING:
    from accountmgr.db import Database

REVIEW_MAX_AGE_DAYS = 365
"""A monitoring step whose newest review is older than this is only partial: the cycle has stalled."""


class Completion(str, Enum):
    DONE = "done"
    PARTIAL = "partial"
    MISSING = "missing"

    @property
    def symbol(self) -> str:
        return {"done": "✔", "partial": "◐", "missing": "✖"}[self.value]


@dataclass(frozen=True)
class StepState:
    """A step's completion and, unless done, a one-line reason saying what is missing."""

    step: Step
    state: Completion
    reason: str

    @property
    def done(self) -> bool:
        return self.state is Completion.DONE


def _facts(db: Database, account_id: int | None, include_archived: bool = True) -> list[dict[str, Any]]:
    from accountmgr.queries.completion import step_facts

    with db.session() as session:
        return step_facts(session.connection(), clock.now(), account_id, include_archived=include_archived)


def _by_parts(step: Step, parts: list[tuple[bool, str]]) -> StepState:
    """Done when every part is there, missing when none is, else partial naming what is missing."""
    missing = [what for present, what in parts if not present]
    if not missing:
        return StepState(step, Completion.DONE, "")
    state = Completion.MISSING if len(missing) == len(parts) else Completion.PARTIAL
    return StepState(step, state, "Missing: " + _join(missing) + ".")


def _join(items: list[str]) -> str:
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


def _plural(count: int, word: str, plural: str | None = None) -> str:
    return f"{count} {word if count == 1 else plural or word + 's'}"


def _rules(f: dict[str, Any]) -> dict[Step, StepState]:
    today = clock.today()
    states: dict[Step, StepState] = {}
    states[Step.A] = _by_parts(Step.A, [
        (bool(f["has_organisation"]), "organisational characteristics"),
        (bool(f["has_value_chain"]), "value chain"),
        (f["with_objectives"] > 0, "a key actor with personal objectives in the DMU"),
    ])
    states[Step.B] = _by_parts(Step.B, [(bool(f["has_profile"]), "customer profile (typical behaviours)")])

    if f["competitors"] == 0:
        states[Step.C] = StepState(Step.C, Completion.MISSING, "No competitor recorded.")
    elif f["competitors_incomplete"]:
        states[Step.C] = StepState(
            Step.C, Completion.PARTIAL,
            f"{_plural(f['competitors_incomplete'], 'competitor')} without competences, success factors or level.",
        )
    else:
        states[Step.C] = StepState(Step.C, Completion.DONE, "")

    states[Step.D] = _by_parts(Step.D, [
        (f["assessments"] > 0, "level assessment"),
        (bool(f["has_target"]), "target level"),
    ])
    if states[Step.D].state is Completion.MISSING and f["constraints"]:
        states[Step.D] = StepState(Step.D, Completion.PARTIAL, "Constraints noted, but no level assessment and no target level.")

    states[Step.E] = _by_parts(Step.E, [
        (bool(f["has_purchase"]), "purchase potential"),
        (bool(f["has_absorption"]), "incremental absorption potential"),
        (f["opportunities"] > 0, "an opportunity"),
    ])
    states[Step.F] = _by_parts(Step.F, [
        (bool(f["has_profit_grade"]), "profit grade"),
        (bool(f["has_strategic_value"]), "strategic value"),
        (bool(f["has_potential_value"]), "potential business value"),
    ])
    states[Step.G] = _by_parts(Step.G, [
        (bool(f["has_model"]), "account-management model"),
        (bool(f["has_strategy"]), "strategy notes"),
    ])

    if f["members"] == 0:
        states[Step.H] = StepState(Step.H, Completion.MISSING, "No one in the DMU yet.")
    elif f["deciders"] == 0:
        states[Step.H] = StepState(Step.H, Completion.PARTIAL, "No decision maker known in the DMU.")
    elif f["without_role"]:
        states[Step.H] = StepState(
            Step.H, Completion.PARTIAL, f"{_plural(f['without_role'], 'DMU member')} without a buying role."
        )
    else:
        states[Step.H] = StepState(Step.H, Completion.DONE, "")

    # The strategic fit is the Partner lever (section 5): required only when the target level is Partner.
    parts_i = [
        (bool(f["has_benefits"]), "benefits for the organisation"),
        (bool(f["has_solution_fit"]), "solution fit"),
    ]
    if f["target_level"] in (RelationshipLevel.PARTNER, RelationshipLevel.PARTNER.value):
        parts_i.append((bool(f["has_strategic_fit"]), "strategic fit (the target level is Partner)"))
    parts_i.append((f["with_win"] > 0, "a personal win for anyone in the DMU"))
    states[Step.I] = _by_parts(Step.I, parts_i)

    if f["actions"] == 0:
        states[Step.J] = StepState(Step.J, Completion.MISSING, "No communication action planned or done.")
    elif f["actions_ahead"] == 0:
        states[Step.J] = StepState(Step.J, Completion.PARTIAL, "Nothing planned from today on.")
    else:
        states[Step.J] = StepState(Step.J, Completion.DONE, "")

    if f["deliveries"] == 0:
        states[Step.K] = StepState(Step.K, Completion.MISSING, "No delivery recorded.")
    elif f["deliveries_incomplete"]:
        states[Step.K] = StepState(
            Step.K, Completion.PARTIAL,
            f"{_plural(f['deliveries_incomplete'], 'delivery', 'deliveries')} without cooperation, customer people "
            "or competences.",
        )
    else:
        states[Step.K] = StepState(Step.K, Completion.DONE, "")

    if f["reviews"] == 0:
        states[Step.L] = StepState(Step.L, Completion.MISSING, "No review yet.")
    elif f["latest_review"] and str(f["latest_review"]) < (today - timedelta(days=REVIEW_MAX_AGE_DAYS)).isoformat():
        states[Step.L] = StepState(Step.L, Completion.PARTIAL, f"Last review on {f['latest_review']}, over a year ago.")
    elif not f["latest_scored_review"]:
        states[Step.L] = StepState(Step.L, Completion.PARTIAL, "No review has a satisfaction driver scored.")
    elif str(f["latest_scored_review"]) < (today - timedelta(days=REVIEW_MAX_AGE_DAYS)).isoformat():
        # A review just added and not yet scored does not undo the step: the last scored one still counts
        # while it is under a year old.
        states[Step.L] = StepState(
            Step.L, Completion.PARTIAL, f"Drivers last scored on {f['latest_scored_review']}, over a year ago."
        )
    else:
        states[Step.L] = StepState(Step.L, Completion.DONE, "")
    return {step: states[step] for step in Step}


def step_status(db: Database, account_id: int) -> dict[Step, StepState]:
    """Every step a–l of one account with its completion and reason."""
    rows = _facts(db, account_id)
    if not rows:
        from accountmgr.services.errors import NotFound

        raise NotFound("That account no longer exists.")
    return _rules(rows[0])


def step_status_bulk(db: Database, *, include_archived: bool = True) -> dict[int, dict[Step, StepState]]:
    """Completion of every account at once (one query), for the portfolio and exports."""
    return {row["id"]: _rules(row) for row in _facts(db, None, include_archived)}


def next_missing_step(states: dict[Step, StepState], after: Step | None = None) -> Step | None:
    """The first step not done (missing or partial), searching after *after* and wrapping round; None when all done."""
    order = list(Step)
    start = order.index(after) + 1 if after is not None else 0
    for step in order[start:] + order[:start]:
        if not states[step].done:
            return step
    return None


def progress(states: dict[Step, StepState]) -> tuple[int, int]:
    """(steps done, steps in all)."""
    return sum(1 for state in states.values() if state.done), len(states)
