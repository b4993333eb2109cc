"""The Markdown account plan: structure per step, escaping of hostile text, determinism, empty steps."""

from __future__ import annotations

import re
from datetime import timedelta

from markdown_it import MarkdownIt
from markdown_it.token import Token

from accountmgr.models import Step
from accountmgr.services import clock
from accountmgr.services.account_plan import render_account_plan
from accountmgr.services.accounts import create_account, update_account
from accountmgr.services.assessments import record_assessment
from accountmgr.services.competitors import create_competitor
from accountmgr.services.constraints import create_constraint
from accountmgr.services.deliveries import create_delivery
from accountmgr.services.dmu import create_member
from accountmgr.services.opportunities import close_opportunity, create_opportunity
from accountmgr.services.plan import create_action, mark_done
from accountmgr.services.reviews import create_review
from accountmgr.services.team import create_member as create_team_member
from accountmgr.services.value_proposition import save_value_proposition

EVIL = "A|B *bold* _it_ `code` # no <script>alert(1)</script> & ~x~ $m$ [l](http://x)\n- item\n1. one\n---"
"""Text that would break a table or inject markup if it were not escaped."""


def parser() -> MarkdownIt:
    return MarkdownIt("commonmark").enable("table").enable("strikethrough")


def build_account(db, name: str = "Hostile | Name # *Co*", text: str = EVIL) -> int:  # noqa: ANN001
    """An account with every step filled, every free-text field holding *text*."""
    owner = create_team_member(db, {"name": f"Owner {text[:5]}"})
    account = create_account(db, {
        "name": name, "industry": text, "region": text, "owner_id": owner.id, "organisation": text,
        "value_chain": text, "customer_profile": text, "purchase_potential_cents": "500k",
        "absorption_potential_cents": "120k", "strategic_value": 4, "profit_grade": "medium",
        "potential_value_cents": "300k", "management_model": "dedicated", "strategy_notes": text,
        "target_level": "partner",
    })
    boss = create_member(db, account.id, {
        "name": "Boss " + text, "title": text, "roles": "decision_maker", "influence": "high",
        "attitude": "supporter", "owner_id": owner.id, "coverage": "in_depth",
        "last_contact": clock.today() - timedelta(days=10), "personal_win": text, "org_criteria": text,
        "personal_criteria": text, "personal_objectives": text, "social_style": "driver",
    })
    create_member(db, account.id, {
        "name": 'Quote "Q" [x] (y) {z}; #1', "title": text, "roles": "influencer,buyer", "influence": "medium",
        "attitude": "opponent", "reports_to_id": boss.id,
    })
    create_competitor(db, account.id, {"competitor": "Rival " + text, "competences": text,
                                       "success_factors": text, "level": "account", "notes": text})
    create_constraint(db, account.id, {"kind": "economic", "description": text, "severity": "high"})
    record_assessment(db, account.id, ["buyer.objectives", "buyer.values", "buyer.focus"], "buyer", note=text,
                      assessed_on=clock.today() - timedelta(days=40))
    save_value_proposition(db, account.id, {"org_benefits": text, "solution_fit": text, "strategic_fit": text,
                                            "resources_mix": text})
    create_opportunity(db, account.id, {"name": "Deal " + text, "value_cents": "100k", "probability": 40,
                                        "stage": "proposal", "need_recognised": 2, "budget_exists": 1})
    lost = create_opportunity(db, account.id, {"name": "Old " + text, "value_cents": "50k", "probability": 20})
    close_opportunity(db, lost.id, False, text, clock.today() - timedelta(days=20))
    done = create_action(db, account.id, {"scheduled_at": clock.now() - timedelta(days=5), "objective": text,
                                         "cost_cents": 100}, member_ids=[boss.id], team_ids=[owner.id],
                         confirm_past=True)
    mark_done(db, done.id, text)
    create_action(db, account.id, {"scheduled_at": clock.now() + timedelta(days=5), "objective": "Next " + text,
                                   "channel": "email"}, member_ids=[boss.id])
    create_delivery(db, account.id, {"name": text, "customer_people": text, "competences": text, "progress": 30,
                                     "cooperation": "high"})
    create_review(db, account.id, {"reviewed_on": clock.today() - timedelta(days=30), "satisfaction": 7,
                                   "learned": text, "next_steps": text},
                  drivers=[{"driver": "Price | `*x*` <b>", "importance": 5, "our_score": 4, "competitor_score": 8}])
    update_account(db, account.id, {"notes": "changed after the review"})
    return account.id


def h2_titles(tokens: list[Token]) -> list[str]:
    return [tokens[i + 1].content for i, t in enumerate(tokens) if t.type == "heading_open" and t.tag == "h2"]


def tables(tokens: list[Token]) -> list[tuple[int, list[int]]]:
    """(header cells, [cells per body row]) of every table."""
    found = []
    for i, t in enumerate(tokens):
        if t.type != "table_open":
            continue
        header, rows, row, depth = 0, [], 0, 0
        for tok in tokens[i + 1:]:
            if tok.type == "table_close":
                break
            if tok.type == "th_open":
                header += 1
            elif tok.type == "td_open":
                row += 1
            elif tok.type == "tr_close" and row:
                rows.append(row)
                row = 0
        found.append((header, rows))
    return found


STEP_HEADINGS = [f"{step.value}. {step.label}" for step in Step]
TO_COMPLETE = "To complete before the next review"


def steps_of(titles: list[str]) -> list[str]:
    """The step headings between the summary and "what changed" at the top and the to-do list at the end."""
    assert titles[0] == "Executive summary" and titles[1].startswith("What changed") and titles[-1] == TO_COMPLETE
    return titles[2:-1]


def structure(source: str) -> list[tuple[str, str]]:
    """Every block and inline token as (type, tag), text content left out: the shape of the document."""
    shape = []
    for token in parser().parse(source):
        shape.append((token.type, token.tag))
        for child in token.children or []:
            if child.type not in ("text", "softbreak", "hardbreak") and not (
                child.type == "html_inline" and child.content == "<br>"
            ):
                shape.append((child.type, child.tag))
    return shape


def test_the_demo_plans_have_a_section_per_step_and_well_formed_tables(demo_db) -> None:  # noqa: ANN001
    from accountmgr.services.accounts import list_accounts

    for account in list_accounts(demo_db):
        source = render_account_plan(demo_db, account.id)
        tokens = parser().parse(source)
        assert steps_of(h2_titles(tokens)) == STEP_HEADINGS
        assert [t.content for t in tokens if t.type == "inline"][0] == f"Account plan: {account.name}"
        for header, rows in tables(tokens):
            assert rows and all(cells == header for cells in rows)
        assert ("```mermaid" in source and "~~~text" in source) or "no reporting lines" in source
        # Absolute dates only, no blank-cell placeholder shouting, no per-step status lines.
        assert "**missing**" not in source and "Step status" not in source and not re.search(r"\(\d+ d\)", source)


def test_the_dmu_table_has_one_row_per_person_and_leaves_personal_wins_to_step_i(demo_db) -> None:  # noqa: ANN001
    from accountmgr.services.accounts import find_account
    from accountmgr.services.dmu import list_members

    account = find_account(demo_db, "Brennero Foods")
    source = render_account_plan(demo_db, account.id)
    step_h = source.split("\n## h. ", 1)[1].split("\n## ", 1)[0]
    tokens = parser().parse(step_h)
    assert tables(tokens)[0] == (8, [8] * len(list_members(demo_db, account.id)))
    assert "Personal win" not in step_h and "| Personal win |" in source.split("\n## i. ", 1)[1]


def test_hostile_text_in_every_field_injects_no_markup(db) -> None:  # noqa: ANN001
    one_line = EVIL.replace("\n", " ")
    hostile = render_account_plan(db, build_account(db, text=one_line))
    from accountmgr.db import open_database

    plain_db = open_database(db.path.with_name("plain.db"), create=True)
    try:
        plain = render_account_plan(plain_db, build_account(plain_db, name="Plain Name Co", text="plain words here"))
    finally:
        plain_db.close()
    # Same records, hostile or plain text: the same document shape, token for token.
    assert structure(hostile) == structure(plain)
    tokens = parser().parse(hostile)
    texts = " ".join(c.content for t in tokens for c in t.children or [] if c.type == "text")
    assert "<script>alert(1)</script>" in texts and "A|B *bold* _it_ `code`" in texts


def test_newlines_in_fields_break_no_table_and_become_line_breaks(db) -> None:  # noqa: ANN001
    source = render_account_plan(db, build_account(db))
    tokens = parser().parse(source)
    assert steps_of(h2_titles(tokens)) == STEP_HEADINGS
    for header, rows in tables(tokens):
        assert all(cells == header for cells in rows)
    html = {c.content for t in tokens for c in t.children or [] if c.type == "html_inline"}
    assert html == {"<br>"}
    assert not [t for t in tokens if t.type in ("html_block", "code_block")]


def test_mermaid_org_chart_labels_are_escaped(db) -> None:  # noqa: ANN001
    import re

    source = render_account_plan(db, build_account(db))
    chart = source.split("```mermaid\n", 1)[1].split("```", 1)[0].splitlines()
    assert chart[0] == "flowchart TD"
    nodes = [line for line in chart[1:] if "[" in line]
    edges = [line for line in chart[1:] if "-->" in line]
    assert len(nodes) == 2 and edges == ["    m1 --> m2"]
    for line in nodes:
        match = re.fullmatch(r'    m\d+\["(.*)"\]', line)
        assert match, line
        bare = re.sub(r"#\d+;", "", match.group(1)).replace("<br>", "")
        assert not set(bare) & set('"[](){}<>#;|`')


def test_the_same_data_renders_byte_identical(demo_db) -> None:  # noqa: ANN001
    from accountmgr.services.accounts import list_accounts

    ids = [a.id for a in list_accounts(demo_db)]
    assert [render_account_plan(demo_db, i) for i in ids] == [render_account_plan(demo_db, i) for i in ids]


def test_empty_steps_say_what_is_missing_once_in_the_list_at_the_end(db, frozen_clock) -> None:  # noqa: ANN001
    account = create_account(db, {"name": "Blank Slate"})
    source = render_account_plan(db, account.id)
    tokens = parser().parse(source)
    assert steps_of(h2_titles(tokens)) == STEP_HEADINGS
    sections = source.split("\n## ")[3:-1]
    assert len(sections) == 12
    for section in sections:
        assert "*Not recorded yet.*" in section or "not computed yet" in section or "—" in section, section[:80]
    todo = source.split(f"\n## {TO_COMPLETE}\n", 1)[1]
    assert "- (h) Nobody in the decision-making unit" in todo and "- (c) No competitors recorded" in todo
    assert "0 of 12 steps done." in todo and "| l. Monitoring and feedback | not started |" in todo
    # A first plan says so instead of listing how the records were created.
    assert "This is the first plan for this account" in source and "was created" not in source


def test_the_summary_gives_levels_pipeline_forecast_and_next_actions(demo_db) -> None:  # noqa: ANN001
    from accountmgr.services.accounts import find_account

    account = find_account(demo_db, "Atlas Aerospace Parts")
    source = render_account_plan(demo_db, account.id)
    header, summary = source.split("\n## ", 2)[:2]
    assert "- **Owner:** Giulia Ferri" in header and "Plan date:** 2026-11-20" in header
    for label in ("Relationship level:** Buyer (II) → target Account (III)", "Weighted pipeline", "DMU coverage",
                  "Segment", "| Quarter | Opportunities | Open value | Weighted |", "**Next actions**",
                  "**Top risks**", "**What we need from management**", "- **Revenue:** ", "- **Share of wallet:** "):
        assert label in summary


def test_opportunities_show_probability_suggested_and_weighted_totals(db, frozen_clock) -> None:  # noqa: ANN001
    source = render_account_plan(db, build_account(db, text="plain"))
    tokens = parser().parse(source)
    step_e = source.split("\n## e. ", 1)[1].split("\n## ", 1)[0]
    assert tables(parser().parse(step_e))[0] == (8, [8, 8])  # one open opportunity and the totals row
    assert "| 40 % | 45 % | €40,000 |" in source
    assert "| **Total open** |  | **€100,000** |" in source


def test_review_mode_layout_has_no_html_or_mermaid(db) -> None:  # noqa: ANN001
    source = render_account_plan(db, build_account(db), for_screen=True)
    assert "<br>" not in source and "```" not in source
    assert "  - Quote" in source  # the reporting line as an indented list


def test_a_long_history_lists_a_dozen_changes_per_kind_and_counts_the_rest(db, frozen_clock) -> None:  # noqa: ANN001
    account = create_account(db, {"name": "Busy Co"})
    create_review(db, account.id, {"reviewed_on": clock.today() - timedelta(days=3), "satisfaction": 7})
    with clock.frozen(clock.now() + timedelta(hours=1)):
        for number in range(15):
            create_member(db, account.id, {"name": f"Person {number:02d}"})
        changes = render_account_plan(db, account.id).split("\n## a. ", 1)[0]
    assert changes.count("- New in the DMU: ") == 12
    assert "- …and 3 more." in changes


def test_the_header_does_not_repeat_the_title_and_flags_an_archived_account(db, frozen_clock) -> None:  # noqa: ANN001
    from accountmgr.services.accounts import set_archived

    account = create_account(db, {"name": "Gone Co"})
    header = render_account_plan(db, account.id).split("\n## ", 1)[0]
    assert header.startswith("# Account plan: Gone Co\n") and "Gone Co" not in header.split("\n", 1)[1]
    assert "**Status:**" not in header
    set_archived(db, account.id, True)
    assert "- **Status:** archived\n" in render_account_plan(db, account.id).split("\n## ", 1)[0]


def test_a_missing_customer_profile_is_step_b_to_do_not_step_f(db, frozen_clock) -> None:  # noqa: ANN001
    account = create_account(db, {"name": "Profile Co"})
    todo = render_account_plan(db, account.id).split(f"\n## {TO_COMPLETE}\n", 1)[1]
    assert "- (b) The customer profile" in todo
    assert [line for line in todo.splitlines() if line.startswith("- (f)")] == [
        "- (f) Profit grade, potential business value, strategic value."]


def test_on_screen_the_dmu_table_leaves_personal_wins_to_step_i(demo_db) -> None:  # noqa: ANN001
    from accountmgr.services.accounts import find_account

    account = find_account(demo_db, "Helvetia Pharma Logistics")
    screen = render_account_plan(demo_db, account.id, for_screen=True)
    step_h = screen.split("\n## h. ", 1)[1].split("\n## ", 1)[0]
    assert "| Name | Title | Roles | Influence | Attitude | Our owner | Strength | Last contact |\n" in step_h
    assert "Credit for the hub automation programme." in screen.split("\n## i. ", 1)[1]


def test_the_plan_reads_gaps_in_words_and_keeps_prospects_out_of_churn(db, frozen_clock) -> None:  # noqa: ANN001
    from accountmgr.services.reviews import set_drivers

    account = create_account(db, {"name": "Nuovo Cliente", "target_level": "account"})
    review = create_review(db, account.id, {"satisfaction": 7})
    set_drivers(db, review.id, [{"driver": "Reliability", "importance": 5, "our_score": 6, "competitor_score": 7},
                                {"driver": "Price", "importance": 3, "our_score": 8, "competitor_score": 6}])
    source = render_account_plan(db, account.id)
    assert "competitor ahead by 1" in source and "we lead by 2" in source and "+1" not in source
    assert "Churn risk:** —, prospect" in source or "churn risk —, prospect" in source
    assert "not yet scored" in source.lower()
    assert "strategic fit" not in source.lower().split("## i.")[1].split("\n## ")[0]


def test_the_plan_lists_complaints_with_their_guideline_and_calls_out_late_ones(db, frozen_clock) -> None:  # noqa: ANN001
    from accountmgr.services.complaints import create_complaint

    account = create_account(db, {"name": "Ferramenta | Rossi", "current_level": "buyer", "strategic_value": 5})
    person = create_member(db, account.id, {"name": "Ida *Bold* Neri"})
    create_complaint(db, account.id, {"received_on": "2026-11-01", "member_id": person.id, "nature": "delivery",
                                      "summary": "Late | again", "department": "Logistics"})
    create_complaint(db, account.id, {"received_on": "2026-11-18", "nature": "administrative", "status": "closed",
                                      "summary": "Wrong VAT", "compensation_cents": "9000", "resolution": "Refund"})
    source = render_account_plan(db, account.id)
    section = source.split("### Complaints and recovery")[1].split("\n## ")[0]
    assert "1 open, **1 late** of 2 recorded." in section
    assert "- **Late:** Late \\| again — received 2026-11-01" in section
    assert "Ida \\*Bold\\* Neri" in section
    assert "(above the" in section  # 9,000 compensated against a smaller limit
    tokens = parser().parse(source)
    assert any(t.type == "table_open" for t in tokens)
