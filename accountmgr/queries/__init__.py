"""Every database statement of the app, one module per area, built with SQLAlchemy Core."""
