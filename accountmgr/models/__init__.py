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


OWN_MODULE_TABLES = {
    "TeamAssessment": "erm",
    "IncentiveObjective": "erm",
    "AccountProgramme": "programmes",
}
"""Tables kept in a module of their own (name -> module under accountmgr.models)."""


def register_tables() -> None:
    """Import every table module, so the metadata holds the whole schema (creating it, comparing it)."""
    import importlib

    from accountmgr.models import tables  # noqa: F401

    for module in set(OWN_MODULE_TABLES.values()):
        importlib.import_module(f"accountmgr.models.{module}")


def __getattr__(name: str) -> Any:
    """A table class, imported on first use (``from accountmgr.models import Account`` works as before)."""
    if name in TABLE_NAMES:
        from accountmgr.models import tables

        return getattr(tables, name)
    if name in OWN_MODULE_TABLES:
        import importlib

        return getattr(importlib.import_module(f"accountmgr.models.{OWN_MODULE_TABLES[name]}"), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
