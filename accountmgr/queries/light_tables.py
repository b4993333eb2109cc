"""The columns the first screen reads, described without building the SQLModel table classes.

Building every table class costs about 100 ms, on the way to the first paint; these light
descriptions carry the same names and types (a test compares them with the models).
"""

from __future__ import annotations

from sqlalchemy import JSON, Boolean, Date, DateTime, Integer, String, column, table
from sqlalchemy import Enum as SAEnum

from accountmgr.models.enums import (
    ActionStatus,
    Attitude,
    ComplaintNature,
    ComplaintStatus,
    FeedbackKind,
    Influence,
    OpportunityStatus,
    ProfitGrade,
    RelationshipLevel,
    Severity,
)


def _enum(enum_cls: type) -> SAEnum:
    """Stored by value, as :func:`accountmgr.models.columns.enum_column` stores it."""
    return SAEnum(enum_cls, values_callable=lambda members: [m.value for m in members], native_enum=False,
                  create_constraint=False, length=32)


account = table(
    "account",
    column("id", Integer), column("name", String), column("owner_id", Integer),
    column("current_level", _enum(RelationshipLevel)), column("target_level", _enum(RelationshipLevel)),
    column("archived", Boolean), column("purchase_potential_cents", Integer),
    column("absorption_potential_cents", Integer), column("strategic_value", Integer),
    column("profit_grade", _enum(ProfitGrade)), column("satisfaction", Integer),
)
team_member = table("team_member", column("id", Integer), column("name", String), column("active", Boolean))
opportunity = table(
    "opportunity",
    column("id", Integer), column("account_id", Integer), column("name", String),
    column("status", _enum(OpportunityStatus)), column("value_cents", Integer), column("probability", Integer),
    column("closed_on", Date), column("expected_close", Date), column("updated_at", DateTime),
)
dmu_member = table(
    "dmu_member",
    column("id", Integer), column("account_id", Integer), column("name", String),
    column("influence", _enum(Influence)), column("inner_circle", Boolean), column("roles", JSON),
    column("attitude", _enum(Attitude)), column("last_contact", Date),
)
competitor_presence = table(
    "competitor_presence",
    column("id", Integer), column("account_id", Integer), column("competitor", String),
    column("level", _enum(RelationshipLevel)),
)
communication_action = table(
    "communication_action",
    column("id", Integer), column("account_id", Integer), column("status", _enum(ActionStatus)),
    column("scheduled_at", DateTime), column("objective", String),
)
review = table(
    "review",
    column("id", Integer), column("account_id", Integer), column("reviewed_on", Date),
    column("satisfaction", Integer),
)
setting = table("setting", column("key", String), column("value", String))
activity_log = table(
    "activity_log",
    column("id", Integer), column("account_id", Integer), column("entity", String), column("entity_id", Integer),
    column("origin", String),
)

complaint = table(
    "complaint",
    column("id", Integer), column("account_id", Integer), column("received_on", Date),
    column("kind", _enum(FeedbackKind)), column("nature", _enum(ComplaintNature)), column("severity", _enum(Severity)),
    column("summary", String), column("status", _enum(ComplaintStatus)),
)


ALL = (account, team_member, opportunity, dmu_member, competitor_presence, communication_action, review, setting,
       activity_log, complaint)
