"""SQLModel tables and enumerations of the method. No Textual here.

The enumerations are imported with the package; the tables (about 100 ms of
class building) only when one of them is first asked for, so that code which
needs only the enumerations — the first screen, the command line — starts fast.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from accountmgr.models.enums import *  # noqa: F401,F403

TABLE_NAMES = frozenset({
    "Account",
    "ActionDmuLink",
    "ActionTeamLink",
    "ActivityLog",
    "CommunicationAction",
    "CompetitorPresence",
    "Delivery",
    "DmuMember",
    "LevelAssessment",
    "Offering",
    "OfferingHolding",
    "Opportunity",
    "OpportunityOffering",
    "RelationshipConstraint",
    "Review",
    "ReviewDriver",
    "Setting",
    "TeamMember",
    "ValueProposition",
})
LOYALTY_NAMES = frozenset({"Kpi", "KpiReading", "ImprovementProject", "ProjectStatus"})
"""The loyalty tree's tables and status (models/loyalty.py)."""
"""The table classes reachable as ``accountmgr.models.<name>``."""

if TYPE_CHECKING:
    from accountmgr.models.tables import (  # noqa: F401
        Account,
        ActionDmuLink,
        ActionTeamLink,
        ActivityLog,
        CommunicationAction,
        CompetitorPresence,
        Delivery,
        DmuMember,
        LevelAssessment,
        Offering,
        OfferingHolding,
        Opportunity,
        OpportunityOffering,
        RelationshipConstraint,
        Review,
        ReviewDriver,
        Setting,
        TeamMember,
        ValueProposition,
    )
    from accountmgr.models.loyalty import ImprovementProject, Kpi, KpiReading, ProjectStatus  # noqa: F401


def __getattr__(name: str) -> Any:
    """A table class, imported on first use (``from accountmgr.models import Account`` works as before)."""
    if name in TABLE_NAMES:
        from accountmgr.models import tables

        return getattr(tables, name)
    if name in LOYALTY_NAMES:
        from accountmgr.models import tables as _, loyalty  # noqa: F401  (tables first: foreign keys)

        return getattr(loyalty, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
