"""The newest schema revision and the database file name, importable without SQLAlchemy."""

HEAD_REVISION = "0001"  # tests assert this equals Alembic's head
DATABASE_NAME = "study-companion.sqlite3"
