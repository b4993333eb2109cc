"""The typed way for screens, panes and widgets to reach the app they run in and its open database."""

from __future__ import annotations

from typing import TYPE_CHECKING, cast

from textual.dom import DOMNode

if TYPE_CHECKING:  # types only: the app imports the screens, so the screens may not import it back
    from accountmgr.app import AccountManagerApp
    from accountmgr.db import Database


def app_of(node: DOMNode) -> AccountManagerApp:
    """The accountmgr app *node* runs in (``make_app`` builds the only one there is)."""
    return cast("AccountManagerApp", node.app)


def database_of(node: DOMNode) -> Database:
    """The database the app of *node* works on: screens hand it to the services."""
    return app_of(node).db
