"""A test app that shows one account pane alone on a screen, as the workspace mounts it."""

from __future__ import annotations

from textual.app import App, ComposeResult
from textual.widget import Widget
from textual.widgets import Footer


def pane_app(pane_class: type[Widget], *, focus: str | None = None) -> type[App[None]]:
    """An app class showing ``pane_class(account_id)`` with a footer, focusing *focus* (a selector) at start."""

    class PaneApp(App[None]):
        def __init__(self, db, account_id: int) -> None:  # noqa: ANN001
            super().__init__()
            self.db = db
            self.account_id = account_id

        def compose(self) -> ComposeResult:
            yield pane_class(self.account_id)
            yield Footer()

        def on_mount(self) -> None:
            if focus:
                self.query_one(focus).focus()

    PaneApp.__doc__ = f"The {pane_class.__name__} alone on a screen, as the workspace mounts it."
    return PaneApp
