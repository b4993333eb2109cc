"""One screen per module: the portfolio, the account workspace and its steps, modals."""
