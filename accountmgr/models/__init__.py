"""SQLModel tables and enumerations of the method. No Textual here."""

from accountmgr.models.enums import *  # noqa: F401,F403
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
