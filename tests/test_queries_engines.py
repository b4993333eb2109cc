"""Every function of the queries layer, prepared and run against the demo portfolio on SQLite and on PostgreSQL.

A new query function must be added to CALLS: the last test fails until it is, so no statement ships unrun on
either engine.
"""

from __future__ import annotations

import importlib
import inspect
import pkgutil
from collections.abc import Callable, Iterator
from datetime import date, datetime, timedelta, timezone
from typing import Any

import pytest
from sqlmodel import Session

import accountmgr.queries
from accountmgr.db import Database
from accountmgr.models import (
    Account,
    ActivityLog,
    CommunicationAction,
    Cooperation,
    DmuMember,
    Opportunity,
    OpportunityOffering,
    Review,
    TeamMember,
)
from accountmgr.queries import (
    accounts,
    activity,
    asks,
    assessments,
    bulk,
    calendar,
    changes,
    competitors,
    complaints,
    completion,
    constraints,
    find,
    coverage,
    deliveries,
    dmu,
    guidance,
    ids,
    informal,
    locking,
    loyalty,
    objectives,
    offerings,
    opportunities,
    plan,
    plan_data,
    portfolio,
    portfolio_flags,
    privacy,
    programmes,
    revenue,
    review,
    reviews,
    risks,
    settings,
    team,
    team_names,
    transfer,
    value,
    value_proposition,
    watch,
    whitespace,
)
from accountmgr.models.enums import ComplaintNature
from accountmgr.models.programmes import Programme
from accountmgr.services.demo import load_demo


class Ids:
    """Records of the demo portfolio that the calls point at (each has children of every kind)."""

    def __init__(self, session: Session) -> None:
        first = session.connection()
        self.account = first.exec_driver_sql("SELECT account_id FROM review ORDER BY id LIMIT 1").scalar()
        self.accounts = [row[0] for row in first.exec_driver_sql("SELECT id FROM account ORDER BY id LIMIT 3")]
        self.manager = first.exec_driver_sql(
            "SELECT reports_to_id FROM dmu_member WHERE reports_to_id IS NOT NULL ORDER BY id LIMIT 1").scalar()
        self.member = first.exec_driver_sql("SELECT member_id FROM action_dmu_member ORDER BY action_id LIMIT 1").scalar()
        self.action = first.exec_driver_sql("SELECT action_id FROM action_dmu_member ORDER BY action_id LIMIT 1").scalar()
        self.opportunity = first.exec_driver_sql(
            "SELECT opportunity_id FROM opportunity_offering ORDER BY opportunity_id LIMIT 1").scalar()
        self.offering = first.exec_driver_sql("SELECT offering_id FROM opportunity_offering LIMIT 1").scalar()
        self.review = first.exec_driver_sql("SELECT id FROM review ORDER BY id LIMIT 1").scalar()
        self.team_member = first.exec_driver_sql("SELECT owner_id FROM account WHERE owner_id IS NOT NULL LIMIT 1").scalar()


def _conn(session: Session) -> Any:
    return session.connection()


TODAY = date(2026, 11, 20)

CALLS: dict[str, Callable[[Session, Ids], Any]] = {
    "accounts.name_taken": lambda s, i: accounts.name_taken(s, "NOBODY", other_than=i.account),
    "accounts.accounts_by_name": lambda s, i: accounts.accounts_by_name(s),
    "accounts.count": lambda s, i: accounts.count(s, include_archived=False),
    "accounts.ids_and_names": lambda s, i: accounts.ids_and_names(s),
    "accounts.group_links": lambda s, i: accounts.group_links(s),
    "activity.change_marker": lambda s, i: activity.change_marker(_conn(s)),
    "activity.entries_for_account": lambda s, i: activity.entries_for_account(s, i.account, datetime(2020, 1, 1, tzinfo=timezone.utc)),
    "activity.latest_entries_of_record": lambda s, i: activity.latest_entries_of_record(s, "account", i.account),
    "activity.entries_of_account_or_global": lambda s, i: activity.entries_of_account_or_global(s, i.account),
    "assessments.latest": lambda s, i: assessments.latest(s, i.account),
    "assessments.of_account": lambda s, i: assessments.of_account(s, i.account),
    "ids.reserve_ids": lambda s, i: ids.reserve_ids(_conn(s), Account.__table__, 3),
    "ids.take_import_lock": lambda s, i: ids.take_import_lock(_conn(s)) if _conn(s).dialect.name == "postgresql" else None,
    "bulk.columns_by_id": lambda s, i: bulk.columns_by_id(_conn(s), Opportunity.__table__, ("id", "name", "status")),
    "bulk.pairs": lambda s, i: bulk.pairs(_conn(s), OpportunityOffering.__table__, "opportunity_id", "offering_id"),
    "bulk.first_name_among": lambda s, i: bulk.first_name_among(_conn(s), Account.__table__, ["nobody", "x"]),
    "bulk.bound": lambda s, i: bulk.bound("v"),
    "bulk.insert_returning_ids": lambda s, i: bulk.insert_returning_ids(
        _conn(s), TeamMember.__table__, [{"name": "Zoë Ünal", "role": "sales", "email": "", "active": True,
                                          "created_at": datetime(2026, 1, 1, tzinfo=timezone.utc), "region": "", "version": 1}]),
    "bulk.insert_rows": lambda s, i: bulk.insert_rows(_conn(s), ActivityLog.__table__, [{
        "at": datetime(2026, 1, 1, tzinfo=timezone.utc), "account_id": i.account, "entity": "account", "entity_id": i.account,
        "action": "updated", "summary": "test", "changes": {}, "origin": "test"}]),
    "bulk.set_by_id": lambda s, i: bulk.set_by_id(
        _conn(s), DmuMember.__table__, {"title": bulk.bound("title")}, [{"_id": i.member, "title": "CFO “Finance”"}]),
    "find.matching_accounts": lambda s, i: find.matching_accounts(_conn(s), "%pharma%", "%ph_rm_%", 5),
    "find.matching_people": lambda s, i: find.matching_people(_conn(s), "%kovacs%", "%k_v_cs%", 5),
    "find.matching_opportunities": lambda s, i: find.matching_opportunities(_conn(s), "%\\%%", "%\\%%", 5)
    + find.matching_opportunities(_conn(s), "%mes%", "%m_s%", 5),
    "find.matching_actions": lambda s, i: find.matching_actions(_conn(s), "%review%", "%r_v__w%", 5),
    "calendar.account_stamp": lambda s, i: calendar.account_stamp(_conn(s), i.account),
    "calendar.action_stamps": lambda s, i: calendar.action_stamps(_conn(s), i.account),
    "calendar.member_titles": lambda s, i: calendar.member_titles(_conn(s), i.account),
    "changes.team_names": lambda s, i: changes.team_names(_conn(s)),
    "changes.record_columns": lambda s, i: (changes.record_columns(_conn(s), None), changes.record_columns(_conn(s), i.accounts)),
    "changes.reviews_in_order": lambda s, i: changes.reviews_in_order(_conn(s), i.accounts),
    "changes.account_log": lambda s, i: (changes.account_log(_conn(s), None), changes.account_log(_conn(s), i.accounts)),
    "changes.account_ids": lambda s, i: changes.account_ids(_conn(s)),
    "competitors.of_account": lambda s, i: competitors.of_account(s, i.account),
    "completion.step_facts": lambda s, i: (
        completion.step_facts(_conn(s), datetime(2026, 11, 20, 9)),
        completion.step_facts(_conn(s), datetime(2026, 11, 20, 9), i.account),
        completion.step_facts(_conn(s), datetime(2026, 11, 20, 9), include_archived=False)),
    "constraints.of_account": lambda s, i: constraints.of_account(s, i.account),
    "coverage.key_players_by_account": lambda s, i: coverage.key_players_by_account(_conn(s)),
    "deliveries.of_account": lambda s, i: deliveries.of_account(s, i.account),
    "dmu.members_by_name": lambda s, i: dmu.members_by_name(s, i.account),
    "dmu.members": lambda s, i: dmu.members(s, i.account),
    "dmu.reports_of": lambda s, i: dmu.reports_of(s, i.manager),
    "dmu.report_names": lambda s, i: dmu.report_names(s, i.manager),
    "dmu.personal_wins": lambda s, i: dmu.personal_wins(s, i.account),
    "dmu.by_ids": lambda s, i: dmu.by_ids(s, [i.member, i.manager]),
    "guidance.move_up_facts": lambda s, i: guidance.move_up_facts(s, i.account, (Cooperation.HIGH, Cooperation.INTEGRATED)),
    "locking.take_write_lock": lambda s, i: None,  # run on a connection of its own below
    "locking.restore_wait": lambda s, i: None,
    "offerings.name_taken": lambda s, i: offerings.name_taken(s, "nothing", other_than=i.offering),
    "offerings.by_name": lambda s, i: offerings.by_name(s, include_inactive=True),
    "offerings.active_choices": lambda s, i: offerings.active_choices(s),
    "offerings.in_use": lambda s, i: offerings.in_use(s, i.offering),
    "offerings.holdings_of": lambda s, i: offerings.holdings_of(s, i.account),
    "offerings.with_ids": lambda s, i: offerings.with_ids(s, [i.offering]),
    "offerings.links_of_opportunity": lambda s, i: offerings.links_of_opportunity(s, i.opportunity),
    "offerings.names_of_opportunity": lambda s, i: offerings.names_of_opportunity(s, i.opportunity),
    "offerings.ids_of_opportunity": lambda s, i: offerings.ids_of_opportunity(s, i.opportunity),
    "offerings.names_by_opportunity": lambda s, i: offerings.names_by_opportunity(s, i.account),
    "opportunities.of_account": lambda s, i: opportunities.of_account(s, i.account),
    "opportunities.totals_by_status": lambda s, i: (
        opportunities.totals_by_status(_conn(s), account_id=i.account),
        opportunities.totals_by_status(_conn(s), include_archived=False)),
    "opportunities.weighted_by_account": lambda s, i: opportunities.weighted_by_account(_conn(s)),
    "plan.of_account": lambda s, i: plan.action_columns(s, plan.of_account(i.account)),
    "plan.with_id": lambda s, i: plan.action_columns(s, plan.with_id(i.action)),
    "plan.addressing": lambda s, i: plan.action_columns(s, plan.addressing(i.member), newest_first=True),
    "plan.planned_before": lambda s, i: plan.action_columns(s, plan.planned_before(datetime(2027, 1, 1))),
    "plan.action_columns": lambda s, i: plan.action_columns(s, plan.of_account(i.account)),
    "plan.action_people": lambda s, i: plan.action_people(s, plan.planned_before(datetime(2027, 1, 1))),
    "plan.dmu_accounts": lambda s, i: plan.dmu_accounts(s, [i.member]),
    "plan.team_ids_found": lambda s, i: plan.team_ids_found(s, [i.team_member]),
    "plan.dmu_links": lambda s, i: plan.dmu_links(s, i.action),
    "plan.team_links": lambda s, i: plan.team_links(s, i.action),
    "plan.member_ids": lambda s, i: plan.member_ids(s, i.action),
    "plan.link_names": lambda s, i: plan.link_names(s, i.action),
    "plan.people_of_account": lambda s, i: plan.people_of_account(s, i.account),
    "plan_data.accounts": lambda s, i: (plan_data.accounts(_conn(s), None, include_archived=True),
                                        plan_data.accounts(_conn(s), i.accounts, include_archived=False)),
    "plan_data.rows_of_accounts": lambda s, i: (
        plan_data.rows_of_accounts(_conn(s), DmuMember, i.accounts, ("lower(name)", "id")),
        plan_data.rows_of_accounts(_conn(s), CommunicationAction, None, ("scheduled_at", "id"))),
    "plan_data.review_drivers": lambda s, i: (plan_data.review_drivers(_conn(s), i.accounts),
                                              plan_data.review_drivers(_conn(s), None)),
    "plan_data.action_members": lambda s, i: plan_data.action_members(_conn(s), i.accounts),
    "plan_data.action_team": lambda s, i: plan_data.action_team(_conn(s), None),
    "plan_data.opportunity_offerings": lambda s, i: plan_data.opportunity_offerings(_conn(s), i.accounts),
    "plan_data.team_names": lambda s, i: plan_data.team_names(_conn(s)),
    "plan_data.offering_names": lambda s, i: plan_data.offering_names(_conn(s)),
    "portfolio.weighted_cents_sql": lambda s, i: opportunities.weighted_by_account(_conn(s)),
    "portfolio.sum_cents": lambda s, i: opportunities.totals_by_status(_conn(s)),
    "portfolio.level_rank": lambda s, i: portfolio.account_figures(_conn(s), TODAY - timedelta(days=730), TODAY),
    "portfolio.key_player_condition": lambda s, i: coverage.key_players_by_account(_conn(s)),
    "portfolio.account_figures_statement": lambda s, i: _conn(s).execute(
        portfolio.account_figures_statement(include_archived=False),
        {"won_since": TODAY - timedelta(days=730), "lost_since": TODAY - timedelta(days=180)}).all(),
    "portfolio.account_figures": lambda s, i: portfolio.account_figures(
        _conn(s), TODAY - timedelta(days=730), TODAY - timedelta(days=180)),
    "portfolio.account_figure_tuples": lambda s, i: portfolio.account_figure_tuples(
        _conn(s), TODAY - timedelta(days=730), TODAY - timedelta(days=180)),
    "portfolio.first_accounts": lambda s, i: portfolio.first_accounts(_conn(s), 5),
    "portfolio.score_populations": lambda s, i: portfolio.score_populations(
        _conn(s), TODAY - timedelta(days=730), TODAY - timedelta(days=1095), TODAY - timedelta(days=730)),
    "portfolio.open_complaints": lambda s, i: portfolio.open_complaints(_conn(s)),
    "portfolio.active_names": lambda s, i: portfolio.active_names(_conn(s)),
    "portfolio.account_count": lambda s, i: portfolio.account_count(_conn(s), archived_too=True),
    "portfolio.settings_values": lambda s, i: portfolio.settings_values(_conn(s), ("stale_days", "attractiveness_weights")),
    "privacy.own_log_entries": lambda s, i: privacy.own_log_entries(s, i.member, i.account),
    "privacy.action_links": lambda s, i: privacy.action_links(s, i.member),
    "privacy.action_ids": lambda s, i: privacy.action_ids(s, i.member),
    "privacy.actions_with": lambda s, i: privacy.actions_with(s, i.member),
    "privacy.rows_of_account": lambda s, i: privacy.rows_of_account(s, Review, i.account),
    "privacy.overwrite_deleted_rows": lambda s, i: privacy.overwrite_deleted_rows(s),
    "reviews.newest_first": lambda s, i: reviews.newest_first(s, i.account),
    "reviews.oldest_first": lambda s, i: reviews.oldest_first(s, i.account),
    "reviews.drivers": lambda s, i: reviews.drivers(s, i.review),
    "reviews.latest_satisfaction": lambda s, i: reviews.latest_satisfaction(s, i.account),
    "reviews.count": lambda s, i: reviews.count(s, i.account),
    "reviews.has_scored_driver": lambda s, i: reviews.has_scored_driver(s, i.account),
    "settings.keys_starting": lambda s, i: settings.keys_starting(s, "import_mapping%_"),
    "team.name_taken": lambda s, i: team.name_taken(s, "nobody", other_than=i.team_member),
    "team.members_by_name": lambda s, i: team.members_by_name(s, include_inactive=True),
    "team.member_named": lambda s, i: team.member_named(s, "  nobody "),
    "team.names_by_id": lambda s, i: team.names_by_id(s),
    "team.ownership_counts": lambda s, i: team.ownership_counts(s),
    "team.owned_counts": lambda s, i: team.owned_counts(s, i.team_member),
    "team.owned_by": lambda s, i: team.owned_by(s, Account, i.team_member),
    "value_proposition.of_account": lambda s, i: value_proposition.of_account(s, i.account),
    "watch.newest_log_id": lambda s, i: watch.newest_log_id(_conn(s)),
    "watch.log_entries_after": lambda s, i: watch.log_entries_after(_conn(s), 0, 10),
    "watch.record_version": lambda s, i: watch.record_version(_conn(s), "account", i.account),
    "whitespace.active_offerings": lambda s, i: whitespace.active_offerings(_conn(s)),
    "whitespace.accounts_by_name": lambda s, i: whitespace.accounts_by_name(_conn(s), include_archived=True),
    "whitespace.opportunity_cells": lambda s, i: (whitespace.opportunity_cells(_conn(s)),
                                                  whitespace.opportunity_cells(_conn(s), i.account)),
    "whitespace.holding_cells": lambda s, i: (whitespace.holding_cells(_conn(s)), whitespace.holding_cells(_conn(s), i.account)),
    "whitespace.departments": lambda s, i: whitespace.departments(_conn(s), i.account),
    "whitespace.account_exists": lambda s, i: whitespace.account_exists(_conn(s), i.account),
    "whitespace.offering_name": lambda s, i: whitespace.offering_name(_conn(s), i.offering),
    "whitespace.account_name": lambda s, i: whitespace.account_name(_conn(s), i.account),
    "asks.asks_of": lambda s, i: asks.asks_of(s, i.account),
    "asks.open_ask_counts": lambda s, i: asks.open_ask_counts(s),
    "objectives.objectives_of": lambda s, i: objectives.objectives_of(s, i.account),
    "objectives.milestones_of": lambda s, i: objectives.milestones_of(
        s, [o.id for o in objectives.objectives_of(s, i.account)] or [1]),
    "objectives.overdue_counts": lambda s, i: objectives.overdue_counts(s, TODAY),
    "objectives.overdue_with_accounts": lambda s, i: objectives.overdue_with_accounts(s, TODAY),
    "portfolio_flags.overdue_objective_counts": lambda s, i: portfolio_flags.overdue_objective_counts(_conn(s), TODAY),
    "revenue.years_of": lambda s, i: revenue.years_of(s, i.account),
    "revenue.year_row": lambda s, i: revenue.year_row(s, i.account, 2026),
    "review.accounts": lambda s, i: (review.accounts(s, None), review.accounts(s, i.accounts)),
    "review.revenue_years": lambda s, i: (review.revenue_years(s, None), review.revenue_years(s, i.accounts)),
    "review.objectives": lambda s, i: (review.objectives(s, None), review.objectives(s, i.accounts)),
    "review.milestones": lambda s, i: (review.milestones(s, None), review.milestones(s, i.accounts)),
    "review.risks": lambda s, i: (review.risks(s, None), review.risks(s, i.accounts)),
    "review.asks": lambda s, i: (review.asks(s, None), review.asks(s, i.accounts)),
    "review.open_opportunities": lambda s, i: (review.open_opportunities(s, None), review.open_opportunities(s, i.accounts)),
    "review.assessments": lambda s, i: (review.assessments(s, None), review.assessments(s, i.accounts)),
    "risks.risks_of": lambda s, i: risks.risks_of(s, i.account),
    "team_names.names_by_id": lambda s, i: team_names.names_by_id(s),
    "team_names.active_members": lambda s, i: team_names.active_members(_conn(s)),
    "bulk.ids_by_lower_name": lambda s, i: bulk.ids_by_lower_name(_conn(s), TeamMember.__table__, ["GIULIA FERRI", "x"]),
    "complaints.of_account": lambda s, i: complaints.of_account(s, i.account),
    "complaints.open_complaints": lambda s, i: complaints.open_complaints(_conn(s)),
    "complaints.open_complaints_with_accounts": lambda s, i: complaints.open_complaints_with_accounts(s),
    "complaints.guidelines": lambda s, i: complaints.guidelines(_conn(s)),
    "complaints.guideline_cell": lambda s, i: complaints.guideline_cell(s, ComplaintNature.DELIVERY.value, "high_performance"),
    "complaints.of_member": lambda s, i: complaints.of_member(s, i.member),
    "complaints.summaries": lambda s, i: (complaints.summaries(_conn(s), None), complaints.summaries(_conn(s), i.accounts)),
    "complaints.open_by_owner": lambda s, i: complaints.open_by_owner(s),
    "informal.lines_of_account": lambda s, i: informal.lines_of_account(s, i.account),
    "informal.lines_between": lambda s, i: informal.lines_between(s, i.account, i.member, i.manager),
    "informal.leanings_of_account": lambda s, i: informal.leanings_of_account(s, i.account),
    "informal.leaning_of_member": lambda s, i: informal.leaning_of_member(s, i.member),
    "informal.lines_of_member": lambda s, i: informal.lines_of_member(s, i.member),
    "loyalty.kpis_of": lambda s, i: (loyalty.kpis_of(s, None), loyalty.kpis_of(s, i.accounts)),
    "loyalty.newest_reading": lambda s, i: [loyalty.newest_reading(s, k.id) for k in loyalty.kpis_of(s, None)[:2]],
    "loyalty.projects_of": lambda s, i: (loyalty.projects_of(s, None), loyalty.projects_of(s, i.accounts)),
    "loyalty.readings_of": lambda s, i: (loyalty.readings_of(s, None), loyalty.readings_of(s, [1, 2])),
    "programmes.membership": lambda s, i: programmes.membership(s, i.account, Programme.LOYALTY),
    "programmes.programmes_by_account": lambda s, i: programmes.programmes_by_account(s, i.accounts),
    "programmes.programmes_of": lambda s, i: programmes.programmes_of(s, i.account),
    "team.accounts_owned": lambda s, i: team.accounts_owned(s),
    "team.action_ids_of": lambda s, i: team.action_ids_of(s, i.team_member),
    "team.actions_of": lambda s, i: team.actions_of(s, i.team_member),
    "team.actions_planned": lambda s, i: team.actions_planned(s),
    "team.all_objectives": lambda s, i: team.all_objectives(s),
    "team.assessments_of": lambda s, i: team.assessments_of(s, i.team_member),
    "team.entries_by": lambda s, i: team.entries_by(s, i.team_member),
    "team.every_account": lambda s, i: team.every_account(s),
    "team.every_log_entry": lambda s, i: team.every_log_entry(s),
    "team.latest_assessments": lambda s, i: team.latest_assessments(s),
    "team.links_of": lambda s, i: team.links_of(s, i.team_member),
    "team.log_entries_about": lambda s, i: team.log_entries_about(s, "account", [i.account]),
    "team.objectives_of": lambda s, i: team.objectives_of(s, i.team_member),
    "team.owned_account_names": lambda s, i: team.owned_account_names(s, i.team_member),
    "team.relationships_owned": lambda s, i: team.relationships_owned(s),
    "team.reports_of": lambda s, i: team.reports_of(s, i.team_member),
    "transfer.snapshot": lambda s, i: _in_snapshot(s, lambda c: transfer.count_rows(c, Account.__table__)),
    "transfer.count_rows": lambda s, i: transfer.count_rows(_conn(s), Account.__table__),
    "transfer.has_rows": lambda s, i: transfer.has_rows(_conn(s), Review.__table__),
    "transfer.read_rows": lambda s, i: list(transfer.read_rows(_conn(s), Account.__table__)),
    "transfer.tables_present": lambda s, i: transfer.tables_present(_conn(s)),
    "transfer.insert_row_returning_id": lambda s, i: transfer.insert_row_returning_id(
        _conn(s), TeamMember.__table__, {"name": "Zoë “Z” Ünal", "role": "sales", "email": "", "active": True,
                                         "created_at": datetime(2026, 1, 1, tzinfo=timezone.utc), "region": "", "version": 1}),
    "transfer.insert_rows": lambda s, i: transfer.insert_rows(_conn(s), ActivityLog.__table__, [{
        "id": 900_000, "at": datetime(2026, 1, 1, tzinfo=timezone.utc), "account_id": i.account, "entity": "account",
        "entity_id": i.account, "action": "updated", "summary": "copied", "changes": {}, "origin": "test"}]),
    "transfer.continue_ids_after_copy": lambda s, i: transfer.continue_ids_after_copy(_conn(s), ActivityLog.__table__),
    "transfer.update_row": lambda s, i: transfer.update_row(
        _conn(s), TeamMember.__table__, {"id": i.team_member}, {"region": "Nord-Est"}),
    "value.industries": lambda s, i: value.industries(_conn(s)),
    "value.revenue_history": lambda s, i: value.revenue_history(_conn(s), margin_from=2023, window_from=2021, last_year=2026),
    "value.stored_settings": lambda s, i: value.stored_settings(_conn(s), ["value_settings", "stale_days"]),
    "value.won_history": lambda s, i: value.won_history(_conn(s), recent_since=date(2025, 11, 20), window_since=date(2024, 11, 20)),
}


def _in_snapshot(session: Session, read: Callable[[Any], Any]) -> Any:
    """Run *read* on a snapshot connection of its own (the session's engine)."""
    with transfer.snapshot(session.get_bind()) as conn:
        return read(conn)

NOT_EMPTY = {
    "accounts.accounts_by_name", "accounts.ids_and_names", "activity.entries_for_account", "assessments.of_account",
    "calendar.action_stamps", "coverage.key_players_by_account", "dmu.members_by_name", "dmu.reports_of",
    "offerings.names_of_opportunity", "plan.with_id", "plan.addressing", "plan.planned_before",
    "portfolio.account_figures", "reviews.drivers", "team.ownership_counts", "whitespace.active_offerings",
    "portfolio.account_figure_tuples", "objectives.objectives_of", "revenue.years_of", "risks.risks_of", "asks.asks_of",
    "complaints.open_complaints", "team.every_account", "value.won_history", "portfolio.open_complaints",
    "find.matching_accounts", "find.matching_people", "find.matching_opportunities", "find.matching_actions",
}
"""Calls that must find something in the demo portfolio (so a wrong filter does not pass by finding nothing)."""


@pytest.fixture
def demo_anywhere(any_db: Database, frozen_clock: None) -> Iterator[Database]:
    """The demo portfolio on each engine in turn."""
    load_demo(any_db)
    yield any_db


def test_every_query_runs_on_both_engines(demo_anywhere: Database) -> None:
    with Session(demo_anywhere.engine) as session:
        ids = Ids(session)
        failures = []
        for name, call in CALLS.items():
            try:
                with session.begin_nested():
                    result = call(session, ids)
            except Exception as exc:  # noqa: BLE001 - every failing call is reported, not only the first
                failures.append(f"{name}: {type(exc).__name__}: {str(exc).splitlines()[0]}")
                continue
            if name in NOT_EMPTY and not result:
                failures.append(f"{name}: found nothing in the demo portfolio")
        session.rollback()
    assert failures == []


def test_the_write_lock_is_taken_and_given_back_on_both_engines(demo_anywhere: Database) -> None:
    with demo_anywhere.engine.connect() as conn:
        locking.take_write_lock(conn, 20_000)
        assert activity.change_marker(conn) > 0
        locking.restore_wait(conn, 5_000)
        conn.rollback()


def test_the_portfolio_figures_agree_on_both_engines(demo_anywhere: Database) -> None:
    """The aggregate query's money sums and picks come back as the same Python values on each engine."""
    with Session(demo_anywhere.engine) as session:
        rows = portfolio.account_figures(session.connection(), TODAY - timedelta(days=730), TODAY - timedelta(days=180))
    by_name = {row.name: row for row in rows}
    assert len(by_name) == 14
    for row in rows:
        assert all(isinstance(value or 0, int) for value in (row.open_cents, row.weighted_cents, row.won_cents))
        assert row.next_at is None or isinstance(row.next_at, datetime)
        assert row.last_won is None or isinstance(row.last_won, date)
    assert sum(int(row.open_cents or 0) for row in rows) > 0


def test_every_query_function_is_called_above() -> None:
    public = set()
    for module in pkgutil.iter_modules(accountmgr.queries.__path__):
        loaded = importlib.import_module(f"accountmgr.queries.{module.name}")
        public |= {
            f"{module.name}.{name}" for name, value in vars(loaded).items()
            if inspect.isfunction(value) and value.__module__ == loaded.__name__ and not name.startswith("_")
        }
    assert sorted(public - set(CALLS)) == []
