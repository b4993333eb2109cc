"""The plan's programmes section (step g): the programmes the account is in, the suggestion and why."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from accountmgr.models.programmes import Programme
from accountmgr.services import markdown as md
from accountmgr.services.programmes import WHAT_IT_IS, ProgrammeView, programmes_by_account, view_from

if TYPE_CHECKING:
    from accountmgr.db import Database


def programme_views(db: Database, data: Mapping[int, Any], portfolio: Any = None) -> dict[int, ProgrammeView]:
    """Each loaded account's programmes and suggestion, in one query (*data*: the plan data by account id)."""
    current = programmes_by_account(db, list(data))
    return {
        account_id: view_from(plan.account, portfolio.get(account_id) if portfolio is not None else None,
                              current.get(account_id, []))
        for account_id, plan in data.items()
    }


def _membership(row: Any) -> str:
    """"no", "yes", "yes, since 2026-05-12" or with its note: "yes, since 2026-05-12: Spare-parts rebate…"."""
    if row is None:
        return "no"
    text = "yes" + (f", since {row.since.isoformat()}" if row.since else "")
    return text + (f": {md.cell(row.note)}" if row.note else "")


def programme_blocks(view: ProgrammeView | None) -> list[str]:
    """Markdown blocks: a table of the three programmes, the reasons of the suggestion and any difference."""
    if view is None:
        return []
    chosen = view.current_set
    suggested = set(view.suggestion.programmes)
    rows_by = {row.programme: row for row in view.current}
    rows = [
        [programme.label + f" (*{programme.hint}*)", _membership(rows_by.get(programme)),
         "yes" if programme in suggested else "no", WHAT_IT_IS[programme]]
        for programme in Programme
    ]
    blocks = ["### Programmes", md.table(["Programme", "In it", "Suggested", "What it is"], rows)]
    basis = f" (value segment: {view.segment_label})" if view.segment_label else ""
    blocks.append(f"Why this suggestion{basis}:\n\n" + "\n".join(f"- {md.inline(r)}" for r in view.suggestion.reasons))
    differences = view.differences() if chosen else []
    if differences:
        blocks.append("\n".join(f"- {md.inline(line)}" for line in differences))
    if not chosen:
        blocks.append("> **Missing:** the programmes this customer is in (customer service, loyalty, one-to-one).")
    return blocks
