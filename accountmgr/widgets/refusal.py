"""One way for every screen to refuse a write: a plain error notification, and the app keeps running.

A service says no with a DomainError (a read-only database, a record deleted meanwhile, a bad value). An action
that lets one escape ends the app with a traceback, so every action that writes goes through ``writes`` (or,
for a callback run later, ``refusals``), and the refusal is shown as typed text, never read as markup.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any, TypeVar

from textual.dom import DOMNode

from accountmgr.services.errors import DomainError
from accountmgr.services.safe_text import printable

ActionT = TypeVar("ActionT", bound=Callable[..., Any])


def say_refused(node: DOMNode, refusal: DomainError | str) -> None:
    """Show *refusal* as an error notification, as plain text."""
    message = refusal.message if isinstance(refusal, DomainError) else refusal
    node.app.notify(printable(message, newlines=True), severity="error", markup=False)


def read_only_message(node: DOMNode) -> str | None:
    """Why nothing can be changed when the app's database is open read-only; None when it can be written."""
    db = getattr(node.app, "db", None)
    reason = getattr(db, "read_only_reason", None)
    if reason is None:
        return None
    return f"This database is open read-only ({reason}), so nothing can be changed."


def refused_read_only(node: DOMNode) -> bool:
    """True, after saying so, when the database is open read-only: a write key then opens no form."""
    message = read_only_message(node)
    if message is not None:
        say_refused(node, message)
    return message is not None


@contextmanager
def refusals(node: DOMNode) -> Iterator[None]:
    """Run the block; a DomainError it raises is shown on *node*'s app instead of ending it."""
    try:
        yield
    except DomainError as error:
        say_refused(node, error)


def writes(action: ActionT) -> ActionT:
    """An action that writes: refused at once on a read-only database, and any refusal it meets is shown."""

    @functools.wraps(action)
    def guarded(self: DOMNode, *args: Any, **kwargs: Any) -> Any:
        if refused_read_only(self):
            return None
        with refusals(self):
            return action(self, *args, **kwargs)
        return None

    return guarded  # type: ignore[return-value]  # functools.wraps keeps the action's signature; mypy cannot see it
