"""Alembic environment: runs the migrations shipped inside the package."""

from alembic import context
from sqlalchemy import create_engine, pool
from sqlmodel import SQLModel

import accountmgr.models.tables  # noqa: F401  (registers the tables)

config = context.config
target_metadata = SQLModel.metadata


def run_migrations_online() -> None:
    connectable = create_engine(config.attributes["url"], poolclass=pool.NullPool)
    with connectable.connect() as connection:
        # Table rebuilds in batch mode must not cascade deletes into child tables.
        connection.exec_driver_sql("PRAGMA foreign_keys = OFF")
        connection.commit()
        # SQLite cannot ALTER most things; batch mode rebuilds tables instead.
        context.configure(connection=connection, target_metadata=target_metadata, render_as_batch=True)
        with context.begin_transaction():
            context.run_migrations()


run_migrations_online()
