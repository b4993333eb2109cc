"""Adding and editing a table's records through forms, the same way in every pane and screen: open the form; after a
save read the rows again with the saved record highlighted, say that something changed, and give the keyboard back
to the table; after Esc, nothing moves."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from accountmgr.widgets.table_pane import TablePane

if TYPE_CHECKING:
    from textual.screen import Screen
    from textual.widget import Widget as _Host
else:
    _Host = object  # a plain mixin at run time: it must not become a CSS type of the panes that use it


def saved_key(saved: Any) -> int | None:  # noqa: ANN401 - forms return an id or the record they saved
    """The id of the record a form saved: the id it returned, or the id of the record it returned."""
    key = saved if isinstance(saved, int) else getattr(saved, "id", None)
    return key if isinstance(key, int) and not isinstance(key, bool) else None


class FormFlow(_Host):
    """Mixin for a pane or screen whose records sit in one TablePane and are added or edited with forms that return
    what they saved (its id, or the record). Put it after the widget class in the bases."""

    @property
    def table(self) -> TablePane:
        """The table of the records (the pane's only TablePane unless the pane says otherwise)."""
        return self.query_one(TablePane)

    def reload(self, keep: int | None = None) -> None:
        """Read the rows again with *keep* highlighted (or the record highlighted now); each pane reads its own."""
        raise NotImplementedError

    def announce_change(self) -> None:
        """Tell whoever shows marks of these records that they changed (nobody, unless the pane says so)."""

    def changed(self, keep: int | None = None) -> None:
        """Records changed here: read them again on *keep* and say so."""
        self.reload(keep)
        self.announce_change()

    def open_form(self, form: Screen[Any], *, keep: int | None = None) -> None:
        """Open *form*; once it saves, the rows are read again on *keep*, or else on the record it saved."""
        self.app.push_screen(form, lambda saved: self.after_form(saved, keep))

    def after_form(self, saved: Any, keep: int | None = None) -> None:  # noqa: ANN401 - see saved_key
        """A form closed: after a save, the rows again on the saved record (or *keep*) and the keyboard on it."""
        if saved is None:
            return
        key = keep if keep is not None else saved_key(saved)
        self.changed(key)
        self.show_saved(key)

    def show_saved(self, key: int | None) -> None:
        """Give the keyboard back to the table, on the saved record (a pane with another view overrides this)."""
        self.table.focus()
