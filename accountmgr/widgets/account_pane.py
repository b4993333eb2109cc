"""The base of the panes that edit one account's records inside the workspace (DMU, opportunities, plan)."""

from __future__ import annotations

from textual.message import Message
from textual.widget import Widget


class AccountPane(Widget):
    """A pane over one account; it says when it wrote something so the workspace can refresh its marks."""

    class Changed(Message):
        """Something of the account was written by the pane."""

        def __init__(self, account_id: int) -> None:
            super().__init__()
            self.account_id = account_id

    def __init__(self, account_id: int, *, id: str | None = None) -> None:  # noqa: A002
        super().__init__(id=id)
        self.account_id = account_id
        """The account the pane shows."""

    def reload(self, keep: int | None = None) -> None:
        """Read the pane's rows again, keeping the record *keep* selected (each pane reads its own)."""
        raise NotImplementedError

    def announce_change(self) -> None:
        """Tell the screen around the pane that the account changed."""
        self.post_message(self.Changed(self.account_id))
