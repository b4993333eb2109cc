"""Alembic environment: runs the migrations shipped inside the package.

The whole upgrade is one transaction (SQLite has transactional DDL once pysqlite stops committing it on its
own): a kill or a failure half-way leaves the database exactly at the version it had.
"""

from alembic import context
from sqlmodel import SQLModel

import accountmgr.models.tables  # noqa: F401  (registers the tables)
from accountmgr.db import transactional_engine

config = context.config
target_metadata = SQLModel.metadata


def run_migrations_on(connection) -> None:  # noqa: ANN001
    """On a server connection already in a transaction (and holding the schema lock): the caller commits."""
    context.configure(
        connection=connection, target_metadata=target_metadata, render_as_batch=True, transactional_ddl=True
    )
    with context.begin_transaction():
        context.run_migrations()


def run_migrations_online() -> None:
    if config.attributes.get("connection") is not None:
        run_migrations_on(config.attributes["connection"])
        return
    # Table rebuilds in batch mode must not cascade deletes into child tables.
    connectable = transactional_engine(config.attributes["url"], foreign_keys=False)
    try:
        with connectable.connect() as connection:
            # SQLite cannot ALTER most things; batch mode rebuilds tables instead.
            context.configure(
                connection=connection, target_metadata=target_metadata, render_as_batch=True, transactional_ddl=True
            )
            with context.begin_transaction():
                context.run_migrations()
    finally:
        connectable.dispose()


run_migrations_online()
