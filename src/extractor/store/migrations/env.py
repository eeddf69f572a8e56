"""Alembic environment: always run in-process on the connection the store hands over (see store/schema.py)."""

from alembic import context
from sqlmodel import SQLModel

import extractor.store.tables  # noqa: F401 - registers the tables on SQLModel.metadata

connection = context.config.attributes["connection"]
context.configure(connection=connection, target_metadata=SQLModel.metadata, render_as_batch=True,
                  transaction_per_migration=False)
with context.begin_transaction():
    context.run_migrations()
