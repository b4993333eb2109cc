"""The typed way for screens, panes and widgets to reach the app they run in and its open database."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Protocol, cast

from textual.app import App

if TYPE_CHECKING:  # types only: the app imports the screens, so the screens may not import it back
    from accountmgr.app import AccountManagerApp
    from accountmgr.db import Database


class InApp(Protocol):
    """A widget, screen or command provider: anything running in an app."""

    @property
    def app(self) -> App[Any]: ...


def app_of(node: InApp) -> AccountManagerApp:
    """The accountmgr app *node* runs in (``make_app`` builds the only one there is)."""
    return cast("AccountManagerApp", node.app)


def database_of(node: InApp) -> Database:
    """The database the app of *node* works on: screens hand it to the services."""
    return app_of(node).db
