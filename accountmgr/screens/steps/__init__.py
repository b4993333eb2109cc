"""One editor pane per step of the method (a–l), mounted by the account workspace."""
