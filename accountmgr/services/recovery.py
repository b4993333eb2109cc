"""Recovery guidelines: by nature of complaint × value segment, who on our side may act, up to what, how fast.

The sources (section 9): recovery starts in the front line, which needs
explicit authority with precise limits; guidelines say when recovery is due by
the *nature of the complaint* and the *value of the customer*, and set safe
compensation limits; response time matters as much as the remedy. Only the
cells the user changed are stored; the others are the defaults below.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

# Enumerations only at import: the portfolio reads the guidelines on its way to the first screen, and the
# table classes (records, the activity log) cost about 100 ms to build; writing imports them when needed.
from accountmgr.models.enums import ComplaintNature, RecoveryActor
from accountmgr.services import validation as v
from accountmgr.services.errors import DomainError
from accountmgr.services.money import format_money
from accountmgr.services.scoring import Segment

if TYPE_CHECKING:
    from accountmgr.db import Database

SEGMENTS: tuple[Segment, ...] = (
    Segment.HIGH_PERFORMANCE, Segment.HIGH_POTENTIAL, Segment.CORE, Segment.BELOW_ZERO,
)
"""The guideline columns: the value segments of the portfolio (an account not yet scored follows core)."""


@dataclass(frozen=True)
class Guideline:
    """One cell of the guidelines: who may act, the compensation limit, the response time in days (0: same day)."""

    actor: RecoveryActor
    compensation_limit_cents: int
    response_days: int
    custom: bool = False
    """Whether the user changed this cell (else it is the default)."""

    @property
    def response_text(self) -> str:
        return response_text(self.response_days)

    @property
    def limit_text(self) -> str:
        return format_money(self.compensation_limit_cents) if self.compensation_limit_cents else "no compensation"


def response_text(days: int) -> str:
    """"same day", "1 day", "5 days"."""
    return "same day" if days == 0 else "1 day" if days == 1 else f"{days} days"


_BY_SEGMENT = {
    # Keep at all costs: an immediate answer, and the account manager may compensate on the spot.
    Segment.HIGH_PERFORMANCE: Guideline(RecoveryActor.ACCOUNT_MANAGER, 500_000, 0),
    # Develop: quick answer from the account manager, a smaller limit.
    Segment.HIGH_POTENTIAL: Guideline(RecoveryActor.ACCOUNT_MANAGER, 200_000, 1),
    # Serve well at a sustainable cost: the front line acts within a small limit.
    Segment.CORE: Guideline(RecoveryActor.FRONT_LINE, 50_000, 2),
    # Not profitable as served today: the standard process, no discretionary compensation.
    Segment.BELOW_ZERO: Guideline(RecoveryActor.STANDARD_PROCESS, 0, 5),
}


def default_guideline(nature: ComplaintNature, segment: Segment) -> Guideline:
    """The seeded guideline of a cell.

    By value segment (above); two natures differ: an administrative slip
    (invoice, paperwork) is fixed by the front line at once for any customer
    worth keeping, and a relationship complaint goes to the account manager
    whatever the segment, since nobody else owns the relationship.
    """
    base = _BY_SEGMENT[segment if segment in _BY_SEGMENT else Segment.CORE]
    if nature is ComplaintNature.ADMINISTRATIVE and segment is not Segment.BELOW_ZERO:
        return Guideline(RecoveryActor.FRONT_LINE, base.compensation_limit_cents, base.response_days)
    if nature is ComplaintNature.RELATIONSHIP:
        return Guideline(RecoveryActor.ACCOUNT_MANAGER, base.compensation_limit_cents, base.response_days)
    return base


GUIDELINE_FIELDS = v.FieldSpec(
    {
        "actor": v.choice(RecoveryActor),
        "compensation_limit_cents": v.money(required=True),
        "response_days": v.integer(0, 90, required=True),
    },
    labels={
        "actor": "Who may act",
        "compensation_limit_cents": "Compensation limit",
        "response_days": "Response time (days, 0 = same day)",
    },
)
"""A guideline cell's fields: who may act, the compensation limit (money), the response time in days (0–90)."""


_CHECKED = {name: (lambda value, field: value) for name in GUIDELINE_FIELDS}
"""Values already cleaned go through as they are (cleaning money twice would scale it)."""


def guidelines(db: Database) -> dict[tuple[ComplaintNature, Segment], Guideline]:
    """Every cell, nature × segment: the user's where changed, else the default."""
    from accountmgr.queries import complaints as q

    with db.engine.connect() as conn:
        return table_from_rows(q.guidelines(conn))


def table_from_rows(rows: Any) -> dict[tuple[ComplaintNature, Segment], Guideline]:
    """The full table from the stored cells (rows with nature, segment, actor, limit and response days)."""
    stored = {(row.nature, row.segment): row for row in rows}
    table: dict[tuple[ComplaintNature, Segment], Guideline] = {}
    for nature in ComplaintNature:
        for segment in SEGMENTS:
            row = stored.get((nature, segment.value))
            table[nature, segment] = (
                Guideline(RecoveryActor(row.actor), row.compensation_limit_cents, row.response_days, custom=True)
                if row is not None else default_guideline(nature, segment)
            )
    return table


def guideline_for(table: Mapping[tuple[ComplaintNature, Segment], Guideline], nature: ComplaintNature,
                  segment: Segment) -> Guideline:
    """The cell for a complaint; a customer not yet scored follows core."""
    return table[ComplaintNature(nature), segment if segment in SEGMENTS else Segment.CORE]


def _parse_segment(segment: str | Segment) -> Segment:
    try:
        found = Segment(segment)
    except ValueError:
        raise DomainError(f"“{segment}” is not a value segment.", "segment") from None
    if found not in SEGMENTS:
        raise DomainError(f"{found.label} has no guideline of its own: it follows core.", "segment")
    return found


def save_guideline(db: Database, nature: str | ComplaintNature, segment: str | Segment, raw: Mapping[str, Any]) -> Guideline:
    """Change one cell (validated, logged); untouched fields keep their current value."""
    from accountmgr.models import RecoveryGuideline
    from accountmgr.queries import complaints as q
    from accountmgr.services import records

    try:
        nature_ = ComplaintNature.parse(str(nature.value if isinstance(nature, ComplaintNature) else nature))
    except ValueError:
        raise DomainError(f"“{nature}” is not a nature of complaint.", "nature") from None
    segment_ = _parse_segment(segment)
    current = guidelines(db)[nature_, segment_]
    merged = {"actor": current.actor, "compensation_limit_cents": current.compensation_limit_cents,
              "response_days": current.response_days,
              **v.clean({k: val for k, val in raw.items() if k in GUIDELINE_FIELDS}, GUIDELINE_FIELDS, partial=True)}
    describe = f"recovery guideline for {nature_.label.lower()} complaints of {segment_.label} customers"
    with db.session() as session:
        row = q.guideline_cell(session, nature_.value, segment_.value)
        if row is None:
            records.insert(session, RecoveryGuideline, merged, _CHECKED, entity="recovery_guideline",
                           account_id=None, describe=lambda _row: describe,
                           extra={"nature": nature_, "segment": segment_.value})
        else:
            records.update(session, row, merged, _CHECKED, entity="recovery_guideline", account_id=None,
                           describe=lambda _row: describe)
    return guidelines(db)[nature_, segment_]


def reset_guideline(db: Database, nature: ComplaintNature, segment: Segment) -> Guideline:
    """Back to the default for one cell (logged)."""
    from accountmgr.queries import complaints as q
    from accountmgr.services import records

    with db.session() as session:
        row = q.guideline_cell(session, nature.value, segment.value)
        if row is not None:
            records.delete(session, row, entity="recovery_guideline", account_id=None,
                           describe=f"recovery guideline for {nature.label.lower()} complaints of {segment.label} "
                                    "customers (back to the default)")
    return default_guideline(nature, segment)


GUIDELINES_HELP = (
    "Recovery guidelines say, by nature of complaint and value of the customer, who on our side may act at once, "
    "up to what compensation, and within what response time. The front line needs that authority with precise "
    "limits; satisfaction collapses when recovery is late or passes through too many hands. A complaint still open "
    "after its response time is late: it raises the account's churn risk."
)
