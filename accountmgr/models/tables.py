"""The tables of the whole method.

Money is stored in integer cents (``*_cents``), never as float. Enumerations
come from :mod:`accountmgr.models.enums`. Every table but the activity log
belongs to an account and goes when the account is deleted; accounts are
archived rather than deleted in normal use.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Optional

from sqlalchemy import JSON, Column, ForeignKey, Index, Integer, String, UniqueConstraint, func
from pydantic import NaiveDatetime
from sqlmodel import Field, SQLModel

from accountmgr.models.columns import (
    account_fk,
    enum_column,
    json_list_column,
    process_origin,
    utcnow,
    version_column,
    versioned_mapper_args,
)
from accountmgr.models.enums import (
    ActionStatus,
    Attitude,
    Channel,
    ConstraintKind,
    Cooperation,
    CoverageDepth,
    DeliveryStatus,
    HoldingKind,
    Influence,
    ManagementModel,
    OpportunityStage,
    OpportunityStatus,
    ProfitGrade,
    RelationshipLevel,
    Severity,
    SocialStyle,
    TeamRole,
)


class TeamMember(SQLModel, table=True):
    """One of our people: owns relationships, takes part in actions."""

    __tablename__ = "team_member"
    __table_args__ = (Index("ix_team_member_name_nocase", func.lower(Column("name", String)), unique=True),)

    id: int = Field(default=None, primary_key=True)
    name: str
    role: TeamRole = Field(default=TeamRole.SALES, sa_column=enum_column(TeamRole, default=TeamRole.SALES))
    email: str = ""
    active: bool = True
    created_at: datetime = Field(default_factory=utcnow)
    region: str = Field(default="", sa_column=Column(String, nullable=False, default="", server_default=""))
    manager_id: Optional[int] = Field(
        default=None, sa_column=Column(Integer, ForeignKey("team_member.id", ondelete="SET NULL", name="fk_team_member_manager_id"), index=True)
    )
    # The id the record has in the CRM or spreadsheet it was imported from, so a re-import updates it.
    external_id: Optional[str] = Field(default=None, index=True)
    version: int = Field(default=1, sa_column=version_column())
    __mapper_args__ = versioned_mapper_args


class Account(SQLModel, table=True):
    """A customer or prospect: one row of the portfolio."""

    __tablename__ = "account"
    __table_args__ = (Index("ix_account_name_nocase", func.lower(Column("name", String)), unique=True),)

    id: int = Field(default=None, primary_key=True)
    name: str
    industry: str = ""
    region: str = ""
    owner_id: Optional[int] = Field(
        default=None, sa_column=Column(Integer, ForeignKey("team_member.id", ondelete="SET NULL"), index=True)
    )
    # a: customer understanding
    organisation: str = ""
    value_chain: str = ""
    # b: categorisation
    customer_profile: str = ""
    # e: economic importance
    purchase_potential_cents: Optional[int] = None
    absorption_potential_cents: Optional[int] = None
    # f: segmentation
    strategic_value: Optional[int] = None
    profit_grade: Optional[ProfitGrade] = Field(default=None, sa_column=enum_column(ProfitGrade, nullable=True))
    potential_value_cents: Optional[int] = None
    # g: strategy
    management_model: Optional[ManagementModel] = Field(
        default=None, sa_column=enum_column(ManagementModel, nullable=True)
    )
    strategy_notes: str = ""
    # d: relationship
    current_level: RelationshipLevel = Field(
        default=RelationshipLevel.PROSPECT,
        sa_column=enum_column(RelationshipLevel, default=RelationshipLevel.PROSPECT, index=True),
    )
    target_level: Optional[RelationshipLevel] = Field(
        default=None, sa_column=enum_column(RelationshipLevel, nullable=True)
    )
    # l: the latest known satisfaction (0-10); reviews keep the history
    satisfaction: Optional[int] = None
    notes: str = ""
    archived: bool = Field(default=False, index=True)
    created_at: datetime = Field(default_factory=utcnow)
    updated_at: datetime = Field(default_factory=utcnow)
    # The group the customer belongs to (its parent company), for roll-ups.
    parent_id: Optional[int] = Field(
        default=None, sa_column=Column(Integer, ForeignKey("account.id", ondelete="SET NULL", name="fk_account_parent_id"), index=True)
    )
    # The id the record has in the CRM or spreadsheet it was imported from, so a re-import updates it.
    external_id: Optional[str] = Field(default=None, index=True)
    version: int = Field(default=1, sa_column=version_column())
    __mapper_args__ = versioned_mapper_args


class DmuMember(SQLModel, table=True):
    """A person in the customer's decision-making unit (step h)."""

    __tablename__ = "dmu_member"

    id: int = Field(default=None, primary_key=True)
    account_id: int = Field(sa_column=account_fk())
    name: str
    title: str = ""
    department: str = ""
    reports_to_id: Optional[int] = Field(
        default=None, sa_column=Column(Integer, ForeignKey("dmu_member.id", ondelete="SET NULL"), index=True)
    )
    roles: list[str] = Field(default_factory=list, sa_column=json_list_column())
    influence: Influence = Field(default=Influence.MEDIUM, sa_column=enum_column(Influence, default=Influence.MEDIUM))
    attitude: Attitude = Field(default=Attitude.NEUTRAL, sa_column=enum_column(Attitude, default=Attitude.NEUTRAL))
    inner_circle: bool = False
    org_criteria: str = ""
    personal_criteria: str = ""
    personal_objectives: str = ""
    personal_win: str = ""
    social_style: Optional[SocialStyle] = Field(default=None, sa_column=enum_column(SocialStyle, nullable=True))
    owner_id: Optional[int] = Field(
        default=None, sa_column=Column(Integer, ForeignKey("team_member.id", ondelete="SET NULL"), index=True)
    )
    coverage: CoverageDepth = Field(
        default=CoverageDepth.UNKNOWN, sa_column=enum_column(CoverageDepth, default=CoverageDepth.UNKNOWN)
    )
    last_contact: Optional[date] = None
    email: str = ""
    phone: str = ""
    notes: str = ""
    created_at: datetime = Field(default_factory=utcnow)
    updated_at: datetime = Field(default_factory=utcnow)
    # The id the record has in the CRM or spreadsheet it was imported from, so a re-import updates it.
    external_id: Optional[str] = Field(default=None, index=True)
    version: int = Field(default=1, sa_column=version_column())
    __mapper_args__ = versioned_mapper_args


class CompetitorPresence(SQLModel, table=True):
    """A competitor active at the account (step c)."""

    __tablename__ = "competitor_presence"

    id: int = Field(default=None, primary_key=True)
    account_id: int = Field(sa_column=account_fk())
    competitor: str
    competences: str = ""
    success_factors: str = ""
    level: Optional[RelationshipLevel] = Field(default=None, sa_column=enum_column(RelationshipLevel, nullable=True))
    notes: str = ""
    version: int = Field(default=1, sa_column=version_column())
    __mapper_args__ = versioned_mapper_args


class RelationshipConstraint(SQLModel, table=True):
    """Something that holds the relationship back (step d)."""

    __tablename__ = "relationship_constraint"

    id: int = Field(default=None, primary_key=True)
    account_id: int = Field(sa_column=account_fk())
    kind: ConstraintKind = Field(sa_column=enum_column(ConstraintKind))
    description: str
    severity: Severity = Field(default=Severity.MEDIUM, sa_column=enum_column(Severity, default=Severity.MEDIUM))
    version: int = Field(default=1, sa_column=version_column())
    __mapper_args__ = versioned_mapper_args


class LevelAssessment(SQLModel, table=True):
    """A dated judgement of the relationship level, with its evidence (step d)."""

    __tablename__ = "level_assessment"

    id: int = Field(default=None, primary_key=True)
    account_id: int = Field(sa_column=account_fk())
    assessed_on: date
    level: RelationshipLevel = Field(sa_column=enum_column(RelationshipLevel))
    suggested_level: Optional[RelationshipLevel] = Field(
        default=None, sa_column=enum_column(RelationshipLevel, nullable=True)
    )
    evidence: list[str] = Field(default_factory=list, sa_column=json_list_column())
    note: str = ""
    created_at: datetime = Field(default_factory=utcnow)
    version: int = Field(default=1, sa_column=version_column())
    __mapper_args__ = versioned_mapper_args


class Opportunity(SQLModel, table=True):
    """A deal in the pipeline, with the scorecard behind its probability."""

    __tablename__ = "opportunity"
    # Lifetime value and RFMT read every won deal per account in one pass: this index alone answers it.
    __table_args__ = (
        Index("ix_opportunity_won_history", "status", "account_id", "closed_on", "expected_close", "value_cents"),
    )

    id: int = Field(default=None, primary_key=True)
    account_id: int = Field(sa_column=account_fk())
    name: str
    value_cents: int = 0
    probability: int = 10
    stage: OpportunityStage = Field(
        default=OpportunityStage.IDENTIFIED,
        sa_column=enum_column(OpportunityStage, default=OpportunityStage.IDENTIFIED),
    )
    expected_close: Optional[date] = None
    status: OpportunityStatus = Field(
        default=OpportunityStatus.OPEN,
        sa_column=enum_column(OpportunityStatus, default=OpportunityStatus.OPEN, index=True),
    )
    closed_on: Optional[date] = None
    close_reason: str = ""
    # Scorecard: each 0 (no), 1 (partly), 2 (yes); None = not rated yet.
    # "DMU covered" is not stored: it comes from the account's coverage status.
    need_recognised: Optional[int] = None
    budget_exists: Optional[int] = None
    solution_fit: Optional[int] = None
    strategic_fit: Optional[int] = None
    competitive_position: Optional[int] = None
    notes: str = ""
    created_at: datetime = Field(default_factory=utcnow)
    updated_at: datetime = Field(default_factory=utcnow)
    # When the deal was first engaged (a CRM export's engage or created date).
    opened_on: Optional[date] = None
    # The id the record has in the CRM or spreadsheet it was imported from, so a re-import updates it.
    external_id: Optional[str] = Field(default=None, index=True)
    version: int = Field(default=1, sa_column=version_column())
    __mapper_args__ = versioned_mapper_args


class ValueProposition(SQLModel, table=True):
    """What we offer the organisation (step i); personal wins live on each DMU member."""

    __tablename__ = "value_proposition"

    id: int = Field(default=None, primary_key=True)
    account_id: int = Field(sa_column=Column(Integer, ForeignKey("account.id", ondelete="CASCADE"), unique=True))
    org_benefits: str = ""
    solution_fit: str = ""
    strategic_fit: str = ""
    resources_mix: str = ""
    updated_at: datetime = Field(default_factory=utcnow)
    version: int = Field(default=1, sa_column=version_column())
    __mapper_args__ = versioned_mapper_args


class ActionDmuLink(SQLModel, table=True):
    """A DMU member addressed by a communication action."""

    __tablename__ = "action_dmu_member"

    action_id: int = Field(
        sa_column=Column(Integer, ForeignKey("communication_action.id", ondelete="CASCADE"), primary_key=True)
    )
    member_id: int = Field(
        sa_column=Column(Integer, ForeignKey("dmu_member.id", ondelete="CASCADE"), primary_key=True, index=True)
    )


class ActionTeamLink(SQLModel, table=True):
    """One of our people involved in a communication action."""

    __tablename__ = "action_team_member"

    action_id: int = Field(
        sa_column=Column(Integer, ForeignKey("communication_action.id", ondelete="CASCADE"), primary_key=True)
    )
    team_member_id: int = Field(
        sa_column=Column(Integer, ForeignKey("team_member.id", ondelete="CASCADE"), primary_key=True, index=True)
    )


class CommunicationAction(SQLModel, table=True):
    """A dated action of the communication plan (step j)."""

    __tablename__ = "communication_action"
    __table_args__ = (Index("ix_action_account_status_when", "account_id", "status", "scheduled_at"),)

    id: int = Field(default=None, primary_key=True)
    account_id: int = Field(sa_column=account_fk(index=False))
    # Wall-clock time where the salesperson is, as typed: no time zone.
    scheduled_at: NaiveDatetime
    duration_minutes: int = 60
    channel: Channel = Field(default=Channel.MEETING, sa_column=enum_column(Channel, default=Channel.MEETING))
    objective: str
    cost_cents: int = 0
    status: ActionStatus = Field(
        default=ActionStatus.PLANNED, sa_column=enum_column(ActionStatus, default=ActionStatus.PLANNED)
    )
    outcome: str = ""
    done_on: Optional[date] = None
    created_at: datetime = Field(default_factory=utcnow)
    updated_at: datetime = Field(default_factory=utcnow)
    version: int = Field(default=1, sa_column=version_column())
    __mapper_args__ = versioned_mapper_args


class Delivery(SQLModel, table=True):
    """A piece of delivery work at the account (step k)."""

    __tablename__ = "delivery"

    id: int = Field(default=None, primary_key=True)
    account_id: int = Field(sa_column=account_fk())
    name: str
    cooperation: Optional[Cooperation] = Field(default=None, sa_column=enum_column(Cooperation, nullable=True))
    customer_people: str = ""
    competences: str = ""
    progress: int = 0
    status: DeliveryStatus = Field(
        default=DeliveryStatus.PLANNED, sa_column=enum_column(DeliveryStatus, default=DeliveryStatus.PLANNED)
    )
    start_on: Optional[date] = None
    due_on: Optional[date] = None
    notes: str = ""
    updated_at: datetime = Field(default_factory=utcnow)
    version: int = Field(default=1, sa_column=version_column())
    __mapper_args__ = versioned_mapper_args


class Review(SQLModel, table=True):
    """A dated account review: monitoring and feedback (step l)."""

    __tablename__ = "review"

    id: int = Field(default=None, primary_key=True)
    account_id: int = Field(sa_column=account_fk())
    reviewed_on: date
    satisfaction: Optional[int] = None
    loyalty: Optional[int] = None
    profitability_pct: Optional[int] = None
    project_progress: Optional[int] = None
    learned: str = ""
    next_steps: str = ""
    created_at: datetime = Field(default_factory=utcnow)
    version: int = Field(default=1, sa_column=version_column())
    perceived_quality: Optional[int] = None
    """The customer's view of our quality 0–10 (reliability, responsiveness, reassurance, empathy)."""
    technical_quality: Optional[int] = None
    """Our quality 0–10 measured against results (specifications, service levels)."""
    __mapper_args__ = versioned_mapper_args


class ReviewDriver(SQLModel, table=True):
    """Satisfaction by driver within one review: importance, our score, the main competitor's."""

    __tablename__ = "review_driver"
    __table_args__ = (UniqueConstraint("review_id", "driver"),)

    id: int = Field(default=None, primary_key=True)
    review_id: int = Field(sa_column=Column(Integer, ForeignKey("review.id", ondelete="CASCADE"), nullable=False))
    driver: str
    importance: int = 3
    our_score: Optional[int] = None
    competitor_score: Optional[int] = None
    version: int = Field(default=1, sa_column=version_column())
    __mapper_args__ = versioned_mapper_args


class Offering(SQLModel, table=True):
    """A product or service we sell, for cross-selling."""

    __tablename__ = "offering"
    __table_args__ = (Index("ix_offering_name_nocase", func.lower(Column("name", String)), unique=True),)

    id: int = Field(default=None, primary_key=True)
    name: str
    category: str = ""
    description: str = ""
    active: bool = True
    # The id the record has in the CRM or spreadsheet it was imported from, so a re-import updates it.
    external_id: Optional[str] = Field(default=None, index=True)
    version: int = Field(default=1, sa_column=version_column())
    __mapper_args__ = versioned_mapper_args


class OpportunityOffering(SQLModel, table=True):
    """The offerings an opportunity is about."""

    __tablename__ = "opportunity_offering"

    opportunity_id: int = Field(
        sa_column=Column(Integer, ForeignKey("opportunity.id", ondelete="CASCADE"), primary_key=True)
    )
    offering_id: int = Field(
        sa_column=Column(Integer, ForeignKey("offering.id", ondelete="CASCADE"), primary_key=True, index=True)
    )


class OfferingHolding(SQLModel, table=True):
    """Who already supplies an offering at an account (or one of its departments)."""

    __tablename__ = "offering_holding"

    id: int = Field(default=None, primary_key=True)
    account_id: int = Field(sa_column=account_fk())
    offering_id: int = Field(sa_column=Column(Integer, ForeignKey("offering.id", ondelete="CASCADE"), nullable=False))
    department: str = ""
    holder: HoldingKind = Field(sa_column=enum_column(HoldingKind))
    competitor: str = ""
    notes: str = ""
    version: int = Field(default=1, sa_column=version_column())
    __mapper_args__ = versioned_mapper_args


class ActivityLog(SQLModel, table=True):
    """Append-only record of every change, written by the services."""

    __tablename__ = "activity_log"
    __table_args__ = (Index("ix_activity_account_at", "account_id", "at"),)

    id: int = Field(default=None, primary_key=True)
    at: datetime = Field(default_factory=utcnow)
    # No foreign key: the log outlives what it describes.
    account_id: Optional[int] = None
    entity: str
    entity_id: Optional[int] = None
    action: str
    summary: str
    changes: dict = Field(default_factory=dict, sa_column=Column(JSON, nullable=False, default=dict))
    # Who made the change: a team member on a shared database, else None.
    actor_id: Optional[int] = None
    # Which running app or command wrote it, so a window can tell its own changes from another's.
    origin: str = Field(
        default_factory=process_origin,
        sa_column=Column(String, nullable=False, default=process_origin, server_default=""),
    )


class Setting(SQLModel, table=True):
    """User preferences kept with the data (stale-contact limit, score weights)."""

    __tablename__ = "setting"

    key: str = Field(primary_key=True)
    value: str


# The tables kept in modules of their own are registered with these, so that importing this module
# (as the database set-up and the migrations do) gives the whole schema.
from accountmgr.models import asks, complaints, erm, informal, loyalty, objectives, programmes, revenue, risks  # noqa: E402,F401
from accountmgr.models.complaints import Complaint, RecoveryGuideline  # noqa: E402,F401
from accountmgr.models.informal import CompetitorLeaning, InfluenceLine  # noqa: E402,F401
