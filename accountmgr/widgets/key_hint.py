"""The key that runs a binding, as hint texts write it: hints name keys through their binding id, never by writing
the letter, so a remapped key (keymap) is the one the hint names."""

from __future__ import annotations

from textual.binding import Binding
from textual.dom import DOMNode

WORDS = {"enter": "Enter", "escape": "Esc", "delete": "Del", "space": "Space", "tab": "Tab"}
"""Keys a hint spells out in a sentence ("Enter edit") rather than as the footer's symbol."""


def _shown(node: DOMNode, binding: Binding) -> str:
    return binding.key_display or WORDS.get(binding.key) or node.app.get_key_display(binding)


def key_of(node: DOMNode, binding_id: str, declared_by: type | None = None) -> str:
    """The key of the binding *binding_id*: where the keyboard is if it is bound there (after any keymap), else as
    *declared_by* (default: *node*'s class) declares it (its first key when it lists several)."""
    for active in node.app.screen.active_bindings.values():
        if active.binding.id == binding_id:
            return _shown(node, active.binding)
    for cls in (declared_by or type(node)).__mro__:
        for binding in Binding.make_bindings(vars(cls).get("BINDINGS", ())):
            if binding.id == binding_id:
                return _shown(node, binding)
    raise LookupError(f"no binding {binding_id!r} in {(declared_by or type(node)).__name__}")


def keys_line(node: DOMNode, items: list[tuple[str, str]], declared_by: type | None = None) -> str:
    """"a add · Enter edit · d delete" from (binding id, what it does) pairs, each key as ``key_of`` finds it."""
    return " · ".join(f"{key_of(node, binding_id, declared_by)} {what}" for binding_id, what in items)
