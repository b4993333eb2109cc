"""Field converters and money parsing: what is accepted, and what is refused with which message."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

import pytest

from accountmgr.models import Attitude, BuyingRole, RelationshipLevel
from accountmgr.services import validation as v
from accountmgr.services.errors import DomainError
from accountmgr.services.money import format_money, format_money_short, parse_money


def refused(convert: v.Converter, value: object, field: str = "field") -> str:
    with pytest.raises(DomainError) as caught:
        convert(value, field)
    assert caught.value.field == field
    return caught.value.message


def test_text() -> None:
    assert v.text()("  Acme  ", "name") == "Acme"
    assert v.text()(None, "notes") == ""
    assert refused(v.text(required=True), "   ", "nickname") == "Nickname is required."
    assert "at most 5" in refused(v.text(max_length=5), "abcdef", "name")


def test_integer_and_percentage() -> None:
    assert v.integer(1, 5)("3", "strategic_value") == 3
    assert v.integer()("", "x") is None
    assert v.percentage()("40%", "probability") == 40
    assert refused(v.integer(required=True), "", "head_count") == "Head count is required."
    assert "whole number" in refused(v.integer(), "2.5")
    assert "whole number" in refused(v.integer(), "ten")
    assert refused(v.integer(1, 5), "9", "stars") == "Stars must be between 1 and 5, not 9."
    assert "between 0 and 100" in refused(v.percentage(), "101", "probability")
    assert "between 0 and 100" in refused(v.percentage(), -1, "probability")


def test_money_converter() -> None:
    assert v.money()("12,500", "budget_cents") == 1_250_000
    assert v.money()("", "budget_cents") is None
    assert refused(v.money(required=True), "", "budget_cents") == "Budget is required."
    assert "negative" in refused(v.money(), "-1", "budget_cents")


@pytest.mark.parametrize(
    ("text", "cents"),
    [
        ("12500", 1_250_000), ("12,500.50", 1_250_050), ("€ 1.2k", 120_000), ("3m", 300_000_000),
        ("EUR 99", 9_900), (0, 0), (7, 700), (Decimal("0.015"), 2), ("0.01", 1),
    ],
)
def test_parse_money_accepts(text: object, cents: int) -> None:
    assert parse_money(text) == cents


@pytest.mark.parametrize("text", ["twelve", "1.2.3", "k", "--5", "nan", "inf"])
def test_parse_money_refuses_nonsense(text: str) -> None:
    with pytest.raises(DomainError, match="not an amount of money"):
        parse_money(text, field="value_cents")


def test_parse_money_refuses_negative_and_blank_is_none() -> None:
    with pytest.raises(DomainError, match="cannot be negative") as caught:
        parse_money("-100", field="value_cents")
    assert caught.value.field == "value_cents"
    assert parse_money("  ") is None and parse_money(None) is None


def test_money_formatting() -> None:
    assert format_money(1_250_000) == "€12,500"
    assert format_money(1_250_050) == "€12,500.50"
    assert format_money(None) == "—"
    assert format_money(-5_000) == "-€50"
    assert format_money(1_250_000, symbol=False) == "12,500"
    assert format_money_short(95_000) == "€950"
    assert format_money_short(1_250_000) == "€12.5k"
    assert format_money_short(320_000_000) == "€3.2M"
    assert format_money_short(None) == "—"


def test_choice() -> None:
    assert v.choice(RelationshipLevel)("Partner", "current_level") is RelationshipLevel.PARTNER
    assert v.choice(Attitude)(" champion ", "attitude") is Attitude.CHAMPION
    assert v.choice(BuyingRole)("Decision-maker", "role") is BuyingRole.DECISION_MAKER
    assert v.choice(Attitude)(Attitude.SCEPTIC, "attitude") is Attitude.SCEPTIC
    assert v.choice(Attitude, required=False)("", "attitude") is None
    assert refused(v.choice(Attitude), "", "mood") == "Mood is required."
    message = refused(v.choice(Attitude), "furious", "mood")
    assert message == "Mood must be one of: Champion, Supporter, Neutral, Sceptic, Opponent (not “furious”)."


def test_choices() -> None:
    roles = v.choices(BuyingRole)
    assert roles("buyer; Influencer, buyer", "roles") == ["buyer", "influencer"]
    assert roles(["user", BuyingRole.INITIATOR], "roles") == ["user", "initiator"]
    assert roles("", "roles") == []
    assert "must be one of" in refused(roles, "buyer, wizard", "roles")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2026-12-01", date(2026, 12, 1)), ("01/12/2026", date(2026, 12, 1)), ("01.12.2026", date(2026, 12, 1)),
        ("1 Dec 2026", date(2026, 12, 1)), ("1 December 2026", date(2026, 12, 1)),
        ("today", date(2026, 11, 20)), ("Tomorrow", date(2026, 11, 21)), ("yesterday", date(2026, 11, 19)),
        ("+7", date(2026, 11, 27)), ("-30", date(2026, 10, 21)), ("-30d", date(2026, 10, 21)),
        (date(2026, 1, 2), date(2026, 1, 2)), (datetime(2026, 1, 2, 15, 0), date(2026, 1, 2)),
    ],
)
def test_dates_accepted(frozen_clock: None, text: object, expected: date) -> None:
    assert v.date_()(text, "closed_on") == expected


@pytest.mark.parametrize("text", ["2026-13-01", "31/02/2026", "next week", "12"])
def test_dates_refused(frozen_clock: None, text: str) -> None:
    message = refused(v.date_(), text, "closed_on")
    assert message == f"“{text}” is not a date (use YYYY-MM-DD, e.g. 2026-11-20)."


def test_required_date(frozen_clock: None) -> None:
    assert refused(v.date_(required=True), "", "met_on") == "Met on is required."
    assert v.date_()("", "met_on") is None


def test_datetimes(frozen_clock: None) -> None:
    convert = v.datetime_()
    assert convert("2026-12-01 14:30", "scheduled_at") == datetime(2026, 12, 1, 14, 30)
    assert convert("2026-12-01T08.05", "scheduled_at") == datetime(2026, 12, 1, 8, 5)
    assert convert("2026-12-01", "scheduled_at") == datetime(2026, 12, 1, 9, 0)
    assert convert("+3 10:00", "scheduled_at") == datetime(2026, 11, 23, 10, 0)
    assert convert(datetime(2026, 12, 1, 14, 30, 12), "scheduled_at") == datetime(2026, 12, 1, 14, 30)
    assert convert("", "scheduled_at") is None
    assert "valid time of day" in refused(convert, "2026-12-01 25:00", "scheduled_at")
    assert "not a date" in refused(convert, "someday 10:00", "scheduled_at")
    assert refused(v.datetime_(required=True), None, "call_at") == "Call at is required."


def test_boolean() -> None:
    convert = v.boolean()
    assert [convert(x, "active") for x in ("yes", "Y", "true", "x", "1", True)] == [True] * 6
    assert [convert(x, "active") for x in ("no", "N", "false", "0", "", None, False)] == [False] * 7
    assert refused(convert, "maybe", "is_open") == "Is open must be yes or no, not “maybe”."


def test_clean_full_partial_and_unknown_fields() -> None:
    spec = {"name": v.text(required=True), "probability": v.percentage()}
    assert v.clean({"name": "Deal"}, spec) == {"name": "Deal", "probability": None}
    assert v.clean({"probability": "50"}, spec, partial=True) == {"probability": 50}
    with pytest.raises(DomainError, match="Name is required"):
        v.clean({"probability": "50"}, spec)
    with pytest.raises(TypeError, match="unknown fields: colour"):
        v.clean({"name": "Deal", "colour": "red"}, spec)


def test_registered_labels_are_used_in_messages() -> None:
    import accountmgr.services.accounts  # noqa: F401  (registers its labels)

    assert v.label("absorption_potential_cents") == "Incremental absorption potential"
    assert v.label("budget_cents") == "Budget"
    assert v.label("owner_id") == "Owner"
