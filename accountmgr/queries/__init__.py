"""Every database statement of the services, one module per area, on SQLite and PostgreSQL alike."""
