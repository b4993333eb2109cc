"""White space (cross-selling): which of our offerings each account owns, is discussing, buys elsewhere, or could buy."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from enum import Enum
from typing import TYPE_CHECKING, Any

from accountmgr.models import HoldingKind, OpportunityStatus
from accountmgr.queries import whitespace as queries
from accountmgr.services import opportunities
from accountmgr.services.errors import DomainError, NotFound

if TYPE_CHECKING:
    from accountmgr.db import Database


class CellState(str, Enum):
    """What one offering is at one account (or department), most telling first."""

    OWNED = "owned"
    OPEN = "open"
    COMPETITOR = "competitor"
    WHITE_SPACE = "white_space"

    @property
    def label(self) -> str:
        return _LABELS[self][0]

    @property
    def symbol(self) -> str:
        """One character, so the matrix reads without colour too."""
        return _LABELS[self][1]


_LABELS = {
    CellState.OWNED: ("Owned (ours)", "O"),
    CellState.OPEN: ("Open opportunity", "P"),
    CellState.COMPETITOR: ("Held by a competitor", "C"),
    CellState.WHITE_SPACE: ("White space", "+"),
}

_PRIORITY = (CellState.OWNED, CellState.OPEN, CellState.COMPETITOR, CellState.WHITE_SPACE)

WHOLE_ACCOUNT = ""
"""The column key of the account as a whole in the per-account matrix."""


@dataclass(frozen=True)
class Cell:
    """One cell: its state and why (the opportunity, holding or competitor behind it)."""

    state: CellState
    detail: str = ""


@dataclass(frozen=True)
class Column:
    """A column of the matrix: an account (portfolio) or a department (one account)."""

    key: Any
    label: str


@dataclass(frozen=True)
class Matrix:
    """Offerings (rows) × columns, with a cell for every pair."""

    offerings: list[tuple[int, str]]
    columns: list[Column]
    cells: dict[tuple[int, Any], Cell]

    def cell(self, offering_id: int, column_key: Any) -> Cell:
        return self.cells.get((offering_id, column_key), Cell(CellState.WHITE_SPACE))

    def counts(self) -> dict[CellState, int]:
        """How many cells are in each state (white space is every cell nothing else fills)."""
        result = {state: 0 for state in CellState}
        offering_ids = {offering_id for offering_id, _name in self.offerings}
        column_keys = {column.key for column in self.columns}
        for (offering_id, key), cell in self.cells.items():
            if offering_id in offering_ids and key in column_keys:
                result[cell.state] += 1
        filled = sum(result.values()) - result[CellState.WHITE_SPACE]
        result[CellState.WHITE_SPACE] = len(offering_ids) * len(column_keys) - filled
        return result


def _merge(cells: dict[tuple[int, Any], Cell], key: tuple[int, Any], new: Cell) -> None:
    """Keep the most telling state; join the details of equal ones."""
    old = cells.get(key)
    if old is None or _PRIORITY.index(new.state) < _PRIORITY.index(old.state):
        cells[key] = new
    elif old.state == new.state and new.detail and new.detail not in old.detail:
        cells[key] = Cell(old.state, f"{old.detail}; {new.detail}" if old.detail else new.detail)


def portfolio_matrix(db: Database, *, include_archived: bool = False) -> Matrix:
    """Offerings × accounts: owned (won or held), open opportunity, competitor, or white space."""
    with db.session() as session:
        conn = session.connection()
        offerings = queries.active_offerings(conn)
        accounts = queries.accounts_by_name(conn, include_archived=include_archived)
        opps = queries.opportunity_cells(conn)
        holdings = queries.holding_cells(conn)
    shown = {row.id for row in accounts}
    cells: dict[tuple[int, Any], Cell] = {}
    for row in opps:
        if row.account_id in shown:
            _merge(cells, (row.offering_id, row.account_id), _opportunity_cell(row))
    for row in holdings:
        if row.account_id in shown:
            _merge(cells, (row.offering_id, row.account_id), _holding_cell(row))
    return Matrix(offerings, [Column(row.id, row.name) for row in accounts], cells)


def account_matrix(db: Database, account_id: int) -> Matrix:
    """Offerings × the account's departments (from its DMU and holdings), plus the account as a whole.

    Opportunities and holdings without a department are account-wide, so they fill every department's cell;
    a holding in one department fills that department and the whole-account cell.
    """
    with db.session() as session:
        conn = session.connection()
        if not queries.account_exists(conn, account_id):
            raise NotFound("That account no longer exists.")
        offerings = queries.active_offerings(conn)
        opps = queries.opportunity_cells(conn, account_id)
        holdings = queries.holding_cells(conn, account_id)
        departments = queries.departments(conn, account_id)
    names = departments | {row.department.strip() for row in holdings if row.department.strip()}
    columns = [Column(WHOLE_ACCOUNT, "Whole account")] + [Column(d, d) for d in sorted(names, key=str.lower)]
    cells: dict[tuple[int, Any], Cell] = {}
    wide: dict[tuple[int, Any], Cell] = {}
    for row in opps:
        _merge(wide, (row.offering_id, WHOLE_ACCOUNT), _opportunity_cell(row))
    for row in holdings:
        cell = _holding_cell(row)
        department = row.department.strip()
        if department:
            _merge(cells, (row.offering_id, department), cell)
        else:
            _merge(wide, (row.offering_id, WHOLE_ACCOUNT), cell)
    # What holds account-wide holds in every department; the whole account sums up every department.
    for (offering_id, _key), cell in wide.items():
        for column in columns:
            _merge(cells, (offering_id, column.key), cell)
    for (offering_id, key), cell in list(cells.items()):
        if key != WHOLE_ACCOUNT:
            _merge(cells, (offering_id, WHOLE_ACCOUNT), cell)
    return Matrix(offerings, columns, cells)


def _opportunity_cell(row: Any) -> Cell:
    if row.status == OpportunityStatus.WON:
        return Cell(CellState.OWNED, f"won: {row.name}")
    return Cell(CellState.OPEN, f"open: {row.name}")


def _holding_cell(row: Any) -> Cell:
    where = f" ({row.department.strip()})" if row.department.strip() else ""
    if row.holder == HoldingKind.OWNED:
        return Cell(CellState.OWNED, f"we supply it{where}")
    return Cell(CellState.COMPETITOR, f"{row.competitor or 'a competitor'}{where}")


def opportunity_draft(db: Database, account_id: int, offering_id: int, department: str = "") -> dict[str, Any]:
    """Prefilled opportunity fields for a white-space cell (the form opens with these)."""
    with db.session() as session:
        conn = session.connection()
        offering = queries.offering_name(conn, offering_id)
        account = queries.account_name(conn, account_id)
    if offering is None or account is None:
        raise NotFound("That offering or account no longer exists.")
    where = f" for {department}" if department else ""
    return {
        "name": f"{offering}{where}",
        "notes": f"Cross-selling: {offering} is white space at {account}{where}.",
    }


def create_from_cell(
    db,  # noqa: ANN001
    account_id: int,
    offering_id: int,
    department: str = "",
    raw: Mapping[str, Any] | None = None,
    *,
    coverage_status: Any = None,
):  # noqa: ANN201
    """Create an opportunity for a white-space cell, linked to its offering."""
    state = account_matrix(db, account_id).cell(offering_id, department or WHOLE_ACCOUNT).state
    if state in (CellState.OWNED, CellState.OPEN):
        raise DomainError(f"This is not white space: it is {state.label.lower()}.", "offerings")
    values = {**opportunity_draft(db, account_id, offering_id, department), **(raw or {})}
    return opportunities.create_opportunity(
        db, account_id, values, offering_ids=[offering_id], coverage_status=coverage_status
    )
