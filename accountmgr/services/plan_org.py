"""The formal and informal structure of a decision-making unit: a Mermaid chart, a text tree and a nested list.

Reporting lines draw the tree; influence lines (who sways whom beyond the reporting lines) are added to each
person as "influences …", and in Mermaid as dotted, labelled arrows so they never read as reporting lines."""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from typing import Any

from accountmgr.models import InfluenceDirection
from accountmgr.services import markdown as md

Influence = dict[int, list[tuple[str, str]]]
"""Member id → (arrow, \"other person (strength)\") for each influence line that starts (or runs both ways) there."""


def influence_of(lines: Sequence[Any], members: Sequence[Any]) -> Influence:
    """Each person's influence lines, strongest first, as (arrow, "other person (strength)")."""
    from accountmgr.services.informal import lines_from_rows

    found: Influence = {}
    for line in lines_from_rows(list(lines), list(members)):
        both = line.direction is InfluenceDirection.BOTH
        arrow = "↔" if both else "⇢"
        strength = line.strength.label.lower()
        found.setdefault(line.from_id, []).append((arrow, f"{line.to_name} ({strength})"))
        if both:
            found.setdefault(line.to_id, []).append((arrow, f"{line.from_name} ({strength})"))
    return found


def mermaid(members: Sequence[Any], influence_lines: Sequence[Any] = ()) -> str:
    """The reporting lines as a Mermaid flowchart; node ids are ours, labels are escaped user text."""
    known = {m.id for m in members}
    lines = ["```mermaid", "flowchart TD"]
    for m in members:
        label = md.mermaid_label(m.name)
        if m.title:
            label += "<br>" + md.mermaid_label(m.title)
        lines.append(f'    m{m.id}["{label}"]')
    for m in members:
        if m.reports_to_id in known:
            lines.append(f"    m{m.reports_to_id} --> m{m.id}")
    # Influence lines are dotted and labelled, so they never read as reporting lines.
    for line in influence_lines:
        if line.from_id in known and line.to_id in known:
            arrow = "<-.->" if InfluenceDirection(line.direction) is InfluenceDirection.BOTH else "-.->"
            strength = md.mermaid_label(str(line.strength.label).lower())
            lines.append(f"    m{line.from_id} {arrow}|influences, {strength}| m{line.to_id}")
    lines.append("```")
    return "\n".join(lines)


def walk(members: Sequence[Any], visit: Callable[[Any, int], None]) -> None:
    """Call *visit(member, depth)* top-down along the reporting lines; a loop in the data is cut, not followed."""
    known = {m.id for m in members}
    children: dict[int | None, list[Any]] = {}
    for m in members:
        parent = m.reports_to_id if m.reports_to_id in known else None
        children.setdefault(parent, []).append(m)
    seen: set[int] = set()

    def down(parent: int | None, depth: int) -> None:
        for m in children.get(parent, []):
            if m.id in seen:
                continue
            seen.add(m.id)
            visit(m, depth)
            down(m.id, depth + 1)

    down(None, 0)
    # People inside a reporting loop have no top: show them at the top level rather than lose them.
    for m in members:
        if m.id not in seen:
            seen.add(m.id)
            visit(m, 0)
            down(m.id, 1)


def _label(member: Any) -> str:
    return md.inline(member.name) + (f", {md.inline(member.title)}" if member.title else "")


def _sway(member: Any, influence: Influence | None) -> list[str]:
    return [f"{arrow} {other}" for arrow, other in (influence or {}).get(member.id, [])]


def nested_list(members: Sequence[Any], influence: Influence | None = None) -> str:
    """The reporting lines as a nested Markdown list (review mode, and HTML without JavaScript)."""
    lines: list[str] = []

    def visit(m: Any, depth: int) -> None:
        sway = _sway(m, influence)
        extra = f" · influences: {md.inline(', '.join(sway))}" if sway else ""
        lines.append("  " * depth + f"- {_label(m)}{extra}")

    walk(members, visit)
    return "\n".join(lines)


def text_tree(members: Sequence[Any], influence: Influence | None = None) -> str:
    """The reporting lines as an indented text tree in a fenced block: reads the same in any viewer and in pandoc."""
    rows: list[tuple[int, str]] = []

    def visit(m: Any, depth: int) -> None:
        sway = _sway(m, influence)
        rows.append((depth, _plain(m) + (" · " + md.plain("influences: " + ", ".join(sway)) if sway else "")))

    walk(members, visit)
    lines = [("    " * (depth - 1) + "└─ " if depth else "") + label for depth, label in rows]
    # The fence must be longer than any run of tildes in a name.
    longest = max((len(run) for line in lines for run in re.findall("~+", line)), default=0)
    fence = "~" * max(3, longest + 1)
    return "\n".join([fence + "text", *lines, fence])


def _plain(member: Any) -> str:
    """Name and title as plain text for the code block (no escaping applies there, controls are dropped)."""
    text = " ".join(str(member.name or "").split())
    title = " ".join(str(member.title or "").split())
    return md.plain(text + (f", {title}" if title else ""))
