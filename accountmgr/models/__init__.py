"""SQLModel tables and enumerations of the method. No Textual here.

The enumerations are imported with the package; the tables (about 100 ms of
class building) only when one of them is first asked for, so that code which
needs only the enumerations — the first screen, the command line — starts fast.

Every table's ``id`` is typed ``int``: a row read from the database always has one; only a row built in Python
and not yet flushed holds the default None, and code that needs its id flushes first.
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
    "CompetitorLeaning",
    "CompetitorPresence",
    "Complaint",
    "Delivery",
    "DmuMember",
    "InfluenceLine",
    "LevelAssessment",
    "Offering",
    "OfferingHolding",
    "Opportunity",
    "OpportunityOffering",
    "RelationshipConstraint",
    "RecoveryGuideline",
    "Review",
    "ReviewDriver",
    "Setting",
    "TeamMember",
    "ValueProposition",
})
"""The table classes reachable as ``accountmgr.models.<name>``."""

TABLE_MODULES = {
    "AccountRevenue": "revenue",
    "AccountObjective": "objectives",
    "ObjectiveMilestone": "objectives",
    "AccountRisk": "risks",
    "ManagementAsk": "asks",
    "Kpi": "loyalty",
    "KpiReading": "loyalty",
    "ImprovementProject": "loyalty",
    "ProjectStatus": "loyalty",
    "TeamAssessment": "erm",
    "IncentiveObjective": "erm",
    "AccountProgramme": "programmes",
}
"""Tables kept in modules of their own (``accountmgr.models.<module>``), by class name."""

if TYPE_CHECKING:
    from accountmgr.models.complaints import Complaint, RecoveryGuideline  # noqa: F401
    from accountmgr.models.informal import CompetitorLeaning, InfluenceLine  # noqa: F401
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
    from accountmgr.models.asks import ManagementAsk  # noqa: F401
    from accountmgr.models.erm import IncentiveObjective, TeamAssessment  # noqa: F401
    from accountmgr.models.programmes import AccountProgramme  # noqa: F401
    from accountmgr.models.objectives import AccountObjective, ObjectiveMilestone  # noqa: F401
    from accountmgr.models.revenue import AccountRevenue  # noqa: F401
    from accountmgr.models.risks import AccountRisk  # noqa: F401
    from accountmgr.models.loyalty import ImprovementProject, Kpi, KpiReading, ProjectStatus  # noqa: F401


def __getattr__(name: str) -> Any:
    """A table class, imported on first use (``from accountmgr.models import Account`` works as before)."""
    if name in TABLE_NAMES:
        from accountmgr.models import tables

        return getattr(tables, name)
    if name in TABLE_MODULES:
        from importlib import import_module

        return getattr(import_module(f"accountmgr.models.{TABLE_MODULES[name]}"), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
