"""Constants of the stored schema, importable without SQLAlchemy."""

HEAD_REVISION = "0007"  # tests assert this equals Alembic's head
DATABASE_NAME = "study-companion.sqlite3"
COURSE_ID = 1  # one course per data directory for now; the schema is ready for more
