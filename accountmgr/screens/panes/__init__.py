"""The table panes: one account's DMU, opportunities and plan, and the agenda, team and white-space screens."""
