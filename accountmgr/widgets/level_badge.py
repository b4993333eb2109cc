"""The relationship level as a badge: numeral and name on a colour, legible in monochrome too."""

from __future__ import annotations

from rich.text import Text

from accountmgr.models.enums import RelationshipLevel

LEVEL_COLOURS: dict[RelationshipLevel, str] = {
    RelationshipLevel.PROSPECT: "#d0d0d0 on #4e4e4e",
    RelationshipLevel.BUYER: "#1c1c1c on #87afd7",
    RelationshipLevel.ACCOUNT: "#1c1c1c on #87d787",
    RelationshipLevel.PARTNER: "bold #1c1c1c on #ffd75f",
}
"""Foreground on background per level; the numeral carries the meaning without colour."""

BADGE_WIDTH = 13
"""Wide enough for the longest badge, " III Prospect" does not occur but " III Account" does."""


def level_badge(level: RelationshipLevel | None, *, width: int = BADGE_WIDTH) -> Text:
    """' III Account ' on the level's colour, padded to *width*; a dash when unknown."""
    if level is None:
        return Text("—".ljust(width))
    label = f" {level.numeral} {level.label}".ljust(width)
    return Text(label, style=LEVEL_COLOURS[level])
