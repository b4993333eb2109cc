"""The key that runs a binding, as the footer shows it: hint texts name keys through their binding id, never
by writing the letter, so a remapped key (keymap file) is the one the hint names."""

from __future__ import annotations

from textual.binding import Binding
from textual.dom import DOMNode


def key_of(node: DOMNode, binding_id: str) -> str:
    """The key (displayed as the footer does) of the binding *binding_id* of *node* or of what has the keyboard."""
    app = node.app
    for active in app.screen.active_bindings.values():
        if active.binding.id == binding_id:
            return app.get_key_display(active.binding)
    # Not in the focus chain now: the node's own declaration (the first key when a binding lists several).
    for cls in type(node).__mro__:
        for binding in Binding.make_bindings(vars(cls).get("BINDINGS", ())):
            if binding.id == binding_id:
                return app.get_key_display(binding)
    raise LookupError(f"{type(node).__name__} has no binding {binding_id!r}")
