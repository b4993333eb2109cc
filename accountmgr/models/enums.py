"""Every enumeration of the method, in one place.

Forms, exports, validation and the CLI all read their choices from here, so a
value added here appears everywhere at once. Each member carries its label
(what users read) and, where the source tradition has one, the Italian term.
"""

from __future__ import annotations

from enum import Enum
from typing import Self


class LabelledEnum(str, Enum):
    """A string enum whose members know their display label."""

    label: str
    hint: str

    def __new__(cls, value: str, label: str = "", hint: str = "") -> Self:
        # label has a default only for the type checker: `Attitude("champion")` looks a member up by value (it
        # never reaches __new__), while every member declares its label.
        obj = str.__new__(cls, value)
        obj._value_ = value
        obj.label = label
        obj.hint = hint
        return obj

    def __str__(self) -> str:
        return self.value

    @classmethod
    def choices(cls) -> list[tuple[str, str]]:
        """(label, value) pairs in declaration order, as forms want them."""
        return [(member.label, member.value) for member in cls]

    @classmethod
    def parse(cls, text: str) -> Self:
        """Find a member by value or label, ignoring case, spaces and dashes."""
        wanted = _fold(text)
        for member in cls:
            if wanted in (_fold(member.value), _fold(member.label)):
                return member
        raise ValueError(text)


def _fold(text: str) -> str:
    return "".join(ch for ch in str(text).lower() if ch.isalnum())


class RelationshipLevel(LabelledEnum):
    """The relationship scale, lowest first (domain brief, section 5)."""

    PROSPECT = ("prospect", "Prospect", "Prospect")
    BUYER = ("buyer", "Buyer", "Compratore")
    ACCOUNT = ("account", "Account", "Account")
    PARTNER = ("partner", "Partner", "Partner")

    @property
    def rank(self) -> int:
        """0 for Prospect up to 3 for Partner."""
        return list(RelationshipLevel).index(self)

    @property
    def numeral(self) -> str:
        return ("I", "II", "III", "IV")[self.rank]


class BuyingRole(LabelledEnum):
    DECISION_MAKER = ("decision_maker", "Decision maker")
    INFLUENCER = ("influencer", "Influencer")
    BUYER = ("buyer", "Buyer")
    USER = ("user", "User")
    GATEKEEPER = ("gatekeeper", "Gatekeeper")
    INITIATOR = ("initiator", "Initiator")


class Influence(LabelledEnum):
    LOW = ("low", "Low")
    MEDIUM = ("medium", "Medium")
    HIGH = ("high", "High")


class Attitude(LabelledEnum):
    """Behaviour and attitude towards us, best first."""

    CHAMPION = ("champion", "Champion")
    SUPPORTER = ("supporter", "Supporter")
    NEUTRAL = ("neutral", "Neutral")
    SCEPTIC = ("sceptic", "Sceptic")
    OPPONENT = ("opponent", "Opponent")

    @property
    def favourable(self) -> bool:
        return self in (Attitude.CHAMPION, Attitude.SUPPORTER)

    @property
    def hostile(self) -> bool:
        return self in (Attitude.SCEPTIC, Attitude.OPPONENT)


class SocialStyle(LabelledEnum):
    """How a person prefers to relate; the hint says how to approach them."""

    DRIVER = ("driver", "Driver", "Be brief and results-first: options, outcomes, decisions.")
    EXPRESSIVE = ("expressive", "Expressive", "Share the vision and the people; give recognition.")
    AMIABLE = ("amiable", "Amiable", "Build trust first; reduce risk, show who else is on board.")
    ANALYTICAL = ("analytical", "Analytical", "Bring facts, detail and time to decide; no pressure.")


class CoverageDepth(LabelledEnum):
    """How deeply someone on our side knows the person, shallowest first."""

    UNKNOWN = ("unknown", "Unknown")
    NO_CONTACT = ("no_contact", "No contact")
    BRIEF_CONTACT = ("brief_contact", "Brief contact")
    MULTIPLE_CONTACTS = ("multiple_contacts", "Multiple contacts")
    IN_DEPTH = ("in_depth", "In depth")

    @property
    def strong(self) -> bool:
        return self in (CoverageDepth.MULTIPLE_CONTACTS, CoverageDepth.IN_DEPTH)


class Channel(LabelledEnum):
    MEETING = ("meeting", "Meeting")
    PHONE = ("phone", "Phone / call centre")
    EMAIL = ("email", "E-mail")
    WEB = ("web", "Web")
    EVENT = ("event", "Event")
    OTHER = ("other", "Other")


class ActionStatus(LabelledEnum):
    PLANNED = ("planned", "Planned")
    DONE = ("done", "Done")
    CANCELLED = ("cancelled", "Cancelled")


class OpportunityStatus(LabelledEnum):
    OPEN = ("open", "Open")
    WON = ("won", "Won")
    LOST = ("lost", "Lost")


class OpportunityStage(LabelledEnum):
    IDENTIFIED = ("identified", "Identified")
    QUALIFIED = ("qualified", "Qualified")
    PROPOSAL = ("proposal", "Proposal")
    NEGOTIATION = ("negotiation", "Negotiation")
    COMMIT = ("commit", "Commit")


class ConstraintKind(LabelledEnum):
    """The relationship constraints of step d."""

    ECONOMIC = ("economic", "Economic")
    ADMINISTRATIVE = ("administrative", "Administrative")
    LOGISTIC = ("logistic", "Logistic")
    OPERATIONAL = ("operational", "Operational")
    PROFESSIONAL = ("professional", "Professional")
    ORGANISATIONAL = ("organisational", "Organisational")


class Severity(LabelledEnum):
    LOW = ("low", "Low")
    MEDIUM = ("medium", "Medium")
    HIGH = ("high", "High")


class ProfitGrade(LabelledEnum):
    """How profitable the account is to serve (step f)."""

    UNPROFITABLE = ("unprofitable", "Unprofitable")
    LOW = ("low", "Low")
    MEDIUM = ("medium", "Medium")
    HIGH = ("high", "High")


class ManagementModel(LabelledEnum):
    """Account-management model (step g): how we staff the account."""

    KEY_ACCOUNT_TEAM = ("key_account_team", "Key-account team")
    DEDICATED = ("dedicated", "Dedicated account manager")
    SHARED = ("shared", "Shared territory coverage")
    INSIDE_SALES = ("inside_sales", "Inside sales / remote")


class TeamRole(LabelledEnum):
    SALES = ("sales", "Sales")
    PRESALES = ("presales", "Pre-sales")
    DELIVERY = ("delivery", "Delivery")
    EXECUTIVE = ("executive", "Executive")
    OTHER = ("other", "Other")


class Rating(LabelledEnum):
    """A scorecard condition: no, partly, yes (0, 1, 2 points)."""

    NO = ("0", "No")
    PARTLY = ("1", "Partly")
    YES = ("2", "Yes")

    @property
    def points(self) -> int:
        return int(self.value)


class Cooperation(LabelledEnum):
    """Degree of cooperation with the customer in delivery (step k)."""

    LOW = ("low", "Low")
    MEDIUM = ("medium", "Medium")
    HIGH = ("high", "High")
    INTEGRATED = ("integrated", "Integrated")


class DeliveryStatus(LabelledEnum):
    PLANNED = ("planned", "Planned")
    IN_PROGRESS = ("in_progress", "In progress")
    AT_RISK = ("at_risk", "At risk")
    DONE = ("done", "Done")


class HoldingKind(LabelledEnum):
    """Who holds an offering at an account (the white-space matrix)."""

    OWNED = ("owned", "Owned (ours)")
    COMPETITOR = ("competitor", "Held by a competitor")


class Step(LabelledEnum):
    """The twelve steps of the method (domain brief, section 3)."""

    A = ("a", "Customer understanding")
    B = ("b", "Customer categorisation")
    C = ("c", "Competitor knowledge")
    D = ("d", "Relationship assessment")
    E = ("e", "Economic importance")
    F = ("f", "Segmentation")
    G = ("g", "Account strategy")
    H = ("h", "DMU assessment")
    I = ("i", "Value proposition")
    J = ("j", "Communication plan")
    K = ("k", "Delivery")
    L = ("l", "Monitoring and feedback")


SATISFACTION_DRIVERS = (
    "Reliability",
    "Responsiveness",
    "Reassurance",
    "Empathy",
    "Technical quality",
    "Price",
)
"""The satisfaction drivers a new review is seeded with (editable per review)."""


class InfluenceStrength(LabelledEnum):
    """How strongly one DMU member sways another (informal structure), or leans to a competitor."""

    WEAK = ("weak", "Weak")
    MEDIUM = ("medium", "Medium")
    STRONG = ("strong", "Strong")


class InfluenceDirection(LabelledEnum):
    """Whether an influence line runs one way (from → to) or both ways."""

    ONE_WAY = ("one_way", "One-way")
    BOTH = ("both", "Both ways")


class ComplaintNature(LabelledEnum):
    """What a complaint or piece of feedback is about (the recovery guidelines' rows)."""

    PRODUCT = ("product", "Product", "Prodotto")
    SERVICE = ("service", "Service", "Servizio")
    DELIVERY = ("delivery", "Delivery", "Consegna")
    ADMINISTRATIVE = ("administrative", "Administrative", "Amministrativo")
    RELATIONSHIP = ("relationship", "Relationship", "Relazione")


class FeedbackKind(LabelledEnum):
    """A complaint asks for recovery; other feedback is routed and learned from."""

    COMPLAINT = ("complaint", "Complaint", "Reclamo")
    FEEDBACK = ("feedback", "Other feedback", "Feedback")


class ComplaintStatus(LabelledEnum):
    """Where a complaint stands: open until answered, closed once resolved."""

    OPEN = ("open", "Open")
    ANSWERED = ("answered", "Answered")
    CLOSED = ("closed", "Closed")


class RecoveryActor(LabelledEnum):
    """Who on our side may act on a complaint and compensate within the guideline's limit."""

    FRONT_LINE = ("front_line", "Front line (whoever receives it)")
    ACCOUNT_MANAGER = ("account_manager", "Account manager")
    SALES_MANAGER = ("sales_manager", "Sales manager")
    DEPARTMENT_HEAD = ("department_head", "Head of the department concerned")
    STANDARD_PROCESS = ("standard_process", "Standard process (customer service)")

class ObjectiveStatus(LabelledEnum):
    """Where an account objective stands (step g)."""

    OPEN = ("open", "Open")
    ACHIEVED = ("achieved", "Achieved")
    DROPPED = ("dropped", "Dropped")


class RiskStatus(LabelledEnum):
    """Where a risk to the account stands (step g)."""

    OPEN = ("open", "Open")
    MITIGATED = ("mitigated", "Mitigated")
    CLOSED = ("closed", "Closed")


class AskStatus(LabelledEnum):
    """Where a request for support from management stands (step g)."""

    OPEN = ("open", "Open")
    GRANTED = ("granted", "Granted")
    REFUSED = ("refused", "Refused")
    WITHDRAWN = ("withdrawn", "Withdrawn")


RISK_SCALE = {1: "Very low", 2: "Low", 3: "Medium", 4: "High", 5: "Very high"}
"""Likelihood and impact of a risk are rated 1-5; these are the words shown for them."""
