"""The DMU's reporting lines as a tree, each person marked by role, attitude and influence (colour and letters)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from rich.text import Text
from textual.message import Message
from textual.widgets import Tree
from textual.widgets.tree import TreeNode

from accountmgr.models.enums import Attitude, BuyingRole, Influence
from accountmgr.widgets.plain import line
from accountmgr.widgets.bindings import bind

ROLE_CODES: dict[str, str] = {
    BuyingRole.DECISION_MAKER.value: "DM",
    BuyingRole.INFLUENCER.value: "Inf",
    BuyingRole.BUYER.value: "Buy",
    BuyingRole.USER.value: "Usr",
    BuyingRole.GATEKEEPER.value: "GK",
    BuyingRole.INITIATOR.value: "Ini",
}
"""Short codes for buying roles, so several fit in a table cell or a tree line."""

ATTITUDE_MARKS: dict[Attitude, tuple[str, str]] = {
    Attitude.CHAMPION: ("++", "bold green"),
    Attitude.SUPPORTER: ("+", "green"),
    Attitude.NEUTRAL: ("0", "yellow"),
    Attitude.SCEPTIC: ("-", "dark_orange"),
    Attitude.OPPONENT: ("--", "bold red"),
}
"""Attitude as a sign (reads in monochrome) and a colour."""

INFLUENCE_MARKS: dict[Influence, tuple[str, str]] = {
    Influence.HIGH: ("H", "bold magenta"),
    Influence.MEDIUM: ("M", "cyan"),
    Influence.LOW: ("L", "dim"),
}
"""Influence as a letter and a colour."""

LEGEND = (
    "Roles: DM decision maker · Inf influencer · Buy buyer · Usr user · GK gatekeeper · Ini initiator   "
    "Attitude: ++ champion · + supporter · 0 neutral · - sceptic · -- opponent   "
    "Influence: H high · M medium · L low   * inner circle   ! gaps (!! makes the DMU red)   "
    "┄┄▸ influences (informal line, not reporting)   ⚑ leans to a competitor"
)
"""What the marks mean, shown under the chart."""


def role_codes(roles: Iterable[str]) -> str:
    return " ".join(ROLE_CODES.get(role, role) for role in roles)


def attitude_mark(attitude: Attitude) -> Text:
    sign, style = ATTITUDE_MARKS[Attitude(attitude)]
    return Text(sign, style=style)


def influence_mark(influence: Influence) -> Text:
    letter, style = INFLUENCE_MARKS[Influence(influence)]
    return Text(letter, style=style)


def person_label(member: Any, flag: str = "", leaning: str = "") -> Text:
    """One tree line: name, title, [roles], attitude sign, influence letter, inner-circle star, the competitor they
    lean to, gap flag (! or !!)."""
    label = Text()
    label.append(line(member.name), style="bold" if BuyingRole.DECISION_MAKER.value in (member.roles or []) else "")
    if member.title:
        label.append(line(f", {member.title}"), style="dim")
    label.append("  ")
    if member.roles:
        label.append(f"[{role_codes(member.roles)}]", style="bold" if BuyingRole.DECISION_MAKER.value in member.roles else "")
        label.append(" ")
    label.append_text(attitude_mark(member.attitude))
    label.append(" ")
    label.append_text(influence_mark(member.influence))
    if member.inner_circle:
        label.append(" *", style="bold yellow")
    if leaning:
        label.append(line(f"  ⚑ {leaning}"), style="dark_orange")
    if flag:
        label.append(f"  {flag} gaps", style="bold red" if flag == "!!" else "dark_orange")
    return label


def influence_label(influence_line: Any) -> Text:
    """A dotted, labelled leaf: "┄┄▸ influences Ada Brandt (strong)", or "◂┄▸" both ways."""
    both = influence_line.arrow == "↔"
    label = Text("◂┄┄▸ " if both else "┄┄┄▸ ", style="italic magenta")
    label.append("influences each other with " if both else "influences ", style="italic")
    label.append(line(influence_line.to_name), style="italic bold")
    label.append(f" ({influence_line.strength.label.lower()})", style="italic dim")
    return label


class OrgChart(Tree[int]):
    """The reporting lines: people with no manager (or whose manager is gone) at the top; node data is the member id."""

    BINDINGS = [
        bind("move", "move", "Move under…", tooltip="Put the highlighted person under another manager"),
        bind("promote", "promote", "Move up a level", tooltip="Report to their manager's manager"),
    ]

    class MoveRequested(Message):
        """The user asked to move a person; new_manager_id is None for the top, or absent to ask whom."""

        def __init__(self, member_id: int, *, promote: bool) -> None:
            super().__init__()
            self.member_id = member_id
            self.promote = promote

    def __init__(self, *, id: str | None = None) -> None:  # noqa: A002
        super().__init__("DMU", id=id)
        self.show_root = False
        self.guide_depth = 3
        # Enter means "open this person", not "fold the branch" (the chart is small enough to stay open).
        self.auto_expand = False
        self._member_nodes: dict[int, TreeNode[int]] = {}

    def show(
        self, members: Sequence[Any], *, keep: int | None = None, flags: dict[int, str] | None = None,
        influence: Sequence[Any] = (), leanings: dict[int, str] | None = None,
    ) -> None:
        """Rebuild the chart from member rows; *flags* marks people with gaps ("!" or "!!"); the cursor stays on *keep*.

        *influence* (lines of :mod:`accountmgr.services.informal`) is drawn as a second kind of line: a dotted
        "influences" leaf under the person it starts from, never confused with a reporting branch.
        """
        self.clear()
        self._member_nodes = {}
        ids = {m.id for m in members}
        children: dict[int | None, list[Any]] = {}
        for member in members:
            parent = member.reports_to_id if member.reports_to_id in ids else None
            children.setdefault(parent, []).append(member)

        sways: dict[int, list[Any]] = {}
        for influence_line in influence:
            sways.setdefault(influence_line.from_id, []).append(influence_line)

        def add(parent_node: TreeNode[int], parent_id: int | None) -> None:
            for member in sorted(children.get(parent_id, []), key=lambda m: m.name.lower()):
                has_reports = bool(children.get(member.id))
                label = person_label(member, (flags or {}).get(member.id, ""), (leanings or {}).get(member.id, ""))
                node = parent_node.add(label, data=member.id, expand=True,
                                       allow_expand=has_reports or bool(sways.get(member.id)))
                self._member_nodes[member.id] = node
                for influence_line in sways.get(member.id, []):
                    # The leaf belongs to the person the line starts from: keys on it act on them.
                    node.add_leaf(influence_label(influence_line), data=member.id)
                if has_reports:
                    add(node, member.id)

        add(self.root, None)
        self.root.expand()
        if keep is not None:
            self.call_after_refresh(self.select_member, keep)

    def select_member(self, member_id: int) -> bool:
        """Put the cursor on a person; False if they are not in the chart."""
        node = self._member_nodes.get(member_id)
        if node is None:
            return False
        self.move_cursor(node)
        self.scroll_to_node(node)
        return True

    @property
    def member_id(self) -> int | None:
        """The id of the highlighted person."""
        node = self.cursor_node
        return node.data if node is not None and node is not self.root else None

    def action_move(self) -> None:
        """Ask under whom the highlighted person should go."""
        if self.member_id is not None:
            self.post_message(self.MoveRequested(self.member_id, promote=False))

    def action_promote(self) -> None:
        """Move the highlighted person one level up."""
        if self.member_id is not None:
            self.post_message(self.MoveRequested(self.member_id, promote=True))
