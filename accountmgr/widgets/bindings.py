"""Bindings built from the key vocabulary (``accountmgr.keys``): a screen names the action's id, never a key."""

from __future__ import annotations

from textual.binding import Binding

from accountmgr.keys import BY_ID


def bind(binding_id: str, action: str, description: str | None = None, *, show: bool = True,
         priority: bool = False, tooltip: str = "", key_display: str | None = None) -> Binding:
    """A Binding for the vocabulary's *binding_id*: its key and id; *description* says what it does here."""
    spec = BY_ID[binding_id]
    return Binding(spec.key, action, description or spec.description, show=show, priority=priority,
                   tooltip=tooltip, key_display=key_display, id=binding_id)
