"""Persistence: SQLAlchemy 2 models in SQLite, Alembic migrations, the data directory."""
