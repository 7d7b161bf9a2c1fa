"""Alembic environment: runs on the connection handed over by ``database.migrate``."""

from __future__ import annotations

from alembic import context
from sqlalchemy import create_engine

from app.store.models import Base

config = context.config
connection = config.attributes.get("connection")
url = config.get_main_option("sqlalchemy.url")

if connection is None:  # the `alembic` command line (e.g. autogenerate) with -x or an ini url
    engine = create_engine(url or "sqlite:///study-companion.sqlite3")
    with engine.begin() as own_connection:
        context.configure(connection=own_connection, target_metadata=Base.metadata)
        with context.begin_transaction():
            context.run_migrations()
else:
    context.configure(connection=connection, target_metadata=Base.metadata, render_as_batch=True)
    with context.begin_transaction():
        context.run_migrations()
