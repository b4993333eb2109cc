"""White space: every offering × account (or department) cell is owned, open, competitor or white space."""

from __future__ import annotations

import pytest

from accountmgr.models import HoldingKind, Offering, OfferingHolding
from accountmgr.services import accounts, dmu
from accountmgr.services import opportunities as opps
from accountmgr.services import whitespace as ws
from accountmgr.services.errors import DomainError


@pytest.fixture
def world(db, frozen_clock):  # noqa: ANN001, ANN201
    """Two accounts, three offerings, one won, one open, one held by a competitor in a department."""
    acme = accounts.create_account(db, {"name": "Acme Foods"}).id
    borealis = accounts.create_account(db, {"name": "Borealis Steel"}).id
    dmu.create_member(db, acme, {"name": "Anna", "department": "Finance"})
    dmu.create_member(db, acme, {"name": "Piero", "department": "Production"})
    with db.session() as session:
        offerings = [Offering(name=n) for n in ("MES", "Predictive maintenance", "Robot cells")]
        session.add_all(offerings)
        session.flush()
        mes, pdm, robots = (o.id for o in offerings)
        session.add(OfferingHolding(account_id=acme, offering_id=robots, department="Production",
                                    holder=HoldingKind.COMPETITOR, competitor="Kuka"))
        session.add(OfferingHolding(account_id=borealis, offering_id=pdm, holder=HoldingKind.OWNED))
    won = opps.create_opportunity(db, acme, {"name": "MES rollout", "value_cents": "1000"}, offering_ids=[mes])
    opps.close_opportunity(db, won.id, True, "Fit")
    opps.create_opportunity(db, borealis, {"name": "MES pilot", "value_cents": "1000"}, offering_ids=[mes])
    lost = opps.create_opportunity(db, borealis, {"name": "Robots", "value_cents": "1000"}, offering_ids=[robots])
    opps.close_opportunity(db, lost.id, False, "Price")
    return acme, borealis, mes, pdm, robots


def test_portfolio_matrix_marks_each_cell(db, world) -> None:  # noqa: ANN001
    acme, borealis, mes, pdm, robots = world
    matrix = ws.portfolio_matrix(db)
    assert [c.label for c in matrix.columns] == ["Acme Foods", "Borealis Steel"]
    assert [name for _id, name in matrix.offerings] == ["MES", "Predictive maintenance", "Robot cells"]
    states = {(o, c.label): matrix.cell(o, c.key).state for o, _n in matrix.offerings for c in matrix.columns}
    assert states == {
        (mes, "Acme Foods"): ws.CellState.OWNED,
        (mes, "Borealis Steel"): ws.CellState.OPEN,
        (pdm, "Acme Foods"): ws.CellState.WHITE_SPACE,
        (pdm, "Borealis Steel"): ws.CellState.OWNED,
        (robots, "Acme Foods"): ws.CellState.COMPETITOR,
        (robots, "Borealis Steel"): ws.CellState.WHITE_SPACE,  # a lost deal leaves white space
    }
    assert matrix.cell(robots, acme).detail == "Kuka (Production)"
    assert matrix.cell(mes, acme).detail == "won: MES rollout"
    assert matrix.counts() == {
        ws.CellState.OWNED: 2, ws.CellState.OPEN: 1, ws.CellState.COMPETITOR: 1, ws.CellState.WHITE_SPACE: 2
    }


def test_archived_accounts_are_left_out_unless_asked(db, world) -> None:  # noqa: ANN001
    accounts.set_archived(db, world[1], True)
    assert [c.label for c in ws.portfolio_matrix(db).columns] == ["Acme Foods"]
    assert len(ws.portfolio_matrix(db, include_archived=True).columns) == 2


def test_account_matrix_has_the_whole_account_and_each_department(db, world) -> None:  # noqa: ANN001
    acme, _borealis, mes, pdm, robots = world
    matrix = ws.account_matrix(db, acme)
    assert [c.label for c in matrix.columns] == ["Whole account", "Finance", "Production"]
    assert matrix.cell(mes, ws.WHOLE_ACCOUNT).state == ws.CellState.OWNED
    # A won deal with no department covers the whole account: no department shows it as white space.
    assert matrix.cell(mes, "Finance").state == ws.CellState.OWNED
    assert matrix.cell(robots, "Production").state == ws.CellState.COMPETITOR
    assert matrix.cell(robots, "Finance").state == ws.CellState.WHITE_SPACE
    assert matrix.cell(robots, ws.WHOLE_ACCOUNT).state == ws.CellState.COMPETITOR
    assert matrix.cell(pdm, ws.WHOLE_ACCOUNT).state == ws.CellState.WHITE_SPACE


def test_every_state_reads_without_colour() -> None:
    symbols = [state.symbol for state in ws.CellState]
    assert len(set(symbols)) == len(symbols) == 4
    assert all(state.label for state in ws.CellState)


def test_creating_an_opportunity_from_a_white_space_cell(db, world) -> None:  # noqa: ANN001
    acme, _borealis, mes, pdm, _robots = world
    draft = ws.opportunity_draft(db, acme, pdm, "Production")
    assert draft["name"] == "Predictive maintenance for Production"
    opp = ws.create_from_cell(db, acme, pdm, "Production", {"value_cents": "40k"})
    assert opp.name == "Predictive maintenance for Production" and opp.value_cents == 4_000_000
    assert opps.offering_ids_of(db, opp.id) == [pdm]
    assert ws.account_matrix(db, acme).cell(pdm, ws.WHOLE_ACCOUNT).state == ws.CellState.OPEN
    with pytest.raises(DomainError):
        ws.create_from_cell(db, acme, mes)
