"""Tables. Weeks and readings are never deleted by a sync: they are archived (``archived_at``)."""

from __future__ import annotations

from datetime import date

from sqlalchemy import Boolean, Date, Float, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship


class Base(DeclarativeBase):
    pass


class CourseRow(Base):
    __tablename__ = "courses"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    title: Mapped[str] = mapped_column(Text)
    term: Mapped[str | None] = mapped_column(Text)
    timezone: Mapped[str] = mapped_column(Text)
    site_url: Mapped[str | None] = mapped_column(Text)
    source_url: Mapped[str | None] = mapped_column(Text)
    meeting: Mapped[str | None] = mapped_column(Text)

    instructors: Mapped[list[InstructorRow]] = relationship(
        order_by="InstructorRow.position", cascade="all, delete-orphan"
    )


class InstructorRow(Base):
    __tablename__ = "instructors"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    course_id: Mapped[int] = mapped_column(ForeignKey("courses.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(Integer)
    name: Mapped[str] = mapped_column(Text)
    url: Mapped[str | None] = mapped_column(Text)
    role: Mapped[str] = mapped_column(Text)


class WeekRow(Base):
    __tablename__ = "weeks"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    course_id: Mapped[int] = mapped_column(ForeignKey("courses.id"), index=True)
    number: Mapped[int] = mapped_column(Integer)
    date: Mapped[date | None] = mapped_column(Date)
    title: Mapped[str] = mapped_column(Text)
    kind: Mapped[str] = mapped_column(String(16))
    description: Mapped[str | None] = mapped_column(Text)
    review_form_url: Mapped[str | None] = mapped_column(Text)
    review_label: Mapped[str | None] = mapped_column(Text)
    review_due: Mapped[str | None] = mapped_column(Text)  # ISO 8601 with the course's offset
    archived_at: Mapped[str | None] = mapped_column(Text)  # ISO 8601 UTC

    speakers: Mapped[list[SpeakerRow]] = relationship(
        order_by="SpeakerRow.position", cascade="all, delete-orphan"
    )
    slides: Mapped[list[SlideRow]] = relationship(
        order_by="SlideRow.position", cascade="all, delete-orphan"
    )
    links: Mapped[list[WeekLinkRow]] = relationship(
        order_by="WeekLinkRow.position", cascade="all, delete-orphan"
    )


class SpeakerRow(Base):
    __tablename__ = "speakers"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    week_id: Mapped[int] = mapped_column(ForeignKey("weeks.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(Integer)
    name: Mapped[str] = mapped_column(Text)
    affiliation: Mapped[str | None] = mapped_column(Text)
    url: Mapped[str | None] = mapped_column(Text)


class SlideRow(Base):
    __tablename__ = "slides"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    week_id: Mapped[int] = mapped_column(ForeignKey("weeks.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(Integer)
    label: Mapped[str] = mapped_column(Text)
    url: Mapped[str | None] = mapped_column(Text)


class WeekLinkRow(Base):
    """One of the week's other links (Google Docs, project pages, ...)."""

    __tablename__ = "week_links"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    week_id: Mapped[int] = mapped_column(ForeignKey("weeks.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(Integer)
    label: Mapped[str] = mapped_column(Text)
    url: Mapped[str] = mapped_column(Text)


class ReadingRow(Base):
    __tablename__ = "readings"

    id: Mapped[str] = mapped_column(String(32), primary_key=True)
    week_id: Mapped[int] = mapped_column(ForeignKey("weeks.id"), index=True)
    position: Mapped[int] = mapped_column(Integer)
    title: Mapped[str] = mapped_column(Text)
    venue: Mapped[str | None] = mapped_column(Text)
    url: Mapped[str | None] = mapped_column(Text)
    required: Mapped[bool] = mapped_column(Boolean)
    note: Mapped[str | None] = mapped_column(Text)
    archived_at: Mapped[str | None] = mapped_column(Text)

    extra_links: Mapped[list[ReadingLinkRow]] = relationship(
        order_by="ReadingLinkRow.position", cascade="all, delete-orphan"
    )


class ReadingLinkRow(Base):
    """One of a reading's extra links: its slides, a second version, a companion paper."""

    __tablename__ = "reading_links"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    reading_id: Mapped[str] = mapped_column(
        ForeignKey("readings.id", ondelete="CASCADE"), index=True
    )
    position: Mapped[int] = mapped_column(Integer)
    label: Mapped[str] = mapped_column(Text)
    url: Mapped[str] = mapped_column(Text)


class SyncStateRow(Base):
    __tablename__ = "sync_state"

    course_id: Mapped[int] = mapped_column(ForeignKey("courses.id"), primary_key=True)
    source: Mapped[str] = mapped_column(Text)
    origin: Mapped[str] = mapped_column(String(16))
    synced_at: Mapped[str] = mapped_column(Text)
    etag: Mapped[str | None] = mapped_column(Text)
    last_modified: Mapped[str | None] = mapped_column(Text)
    content_sha256: Mapped[str | None] = mapped_column(Text)


class LibraryRow(Base):
    """Where a reading's file stands. Kept when the reading is archived: it is the student's."""

    __tablename__ = "library"

    reading_id: Mapped[str] = mapped_column(ForeignKey("readings.id"), primary_key=True)
    state: Mapped[str] = mapped_column(String(16))
    path: Mapped[str | None] = mapped_column(Text)  # absolute (a moved data dir loses it)
    bytes: Mapped[int | None] = mapped_column(Integer)
    total_bytes: Mapped[int | None] = mapped_column(Integer)
    pages: Mapped[int | None] = mapped_column(Integer)
    sha256: Mapped[str | None] = mapped_column(String(64))
    fetched_at: Mapped[str | None] = mapped_column(Text)  # ISO 8601 UTC
    error: Mapped[str | None] = mapped_column(Text)
    error_kind: Mapped[str | None] = mapped_column(String(16))
    source_url: Mapped[str | None] = mapped_column(Text)  # where the file came from
    link: Mapped[str | None] = mapped_column(Text)  # the reading's link it was fetched for


class ReadingProgressRow(Base):
    """Where the student is in a reading and how much of it was read."""

    __tablename__ = "reading_progress"

    reading_id: Mapped[str] = mapped_column(ForeignKey("readings.id"), primary_key=True)
    page: Mapped[int] = mapped_column(Integer)
    offset: Mapped[float] = mapped_column(Float)
    zoom: Mapped[float] = mapped_column(Float)
    fit: Mapped[str] = mapped_column(String(8))
    pages_seen: Mapped[str] = mapped_column(Text)  # JSON list of 0-based page numbers
    seconds_read: Mapped[float] = mapped_column(Float)
    updated_at: Mapped[str] = mapped_column(Text)  # ISO 8601 UTC


class AnnotationRow(Base):
    """A student's annotation; the database is its source of truth (PDFs carry copies)."""

    __tablename__ = "annotations"
    __table_args__ = (UniqueConstraint("reading_id", "import_key", name="uq_annotations_import"),)

    id: Mapped[str] = mapped_column(String(32), primary_key=True)
    reading_id: Mapped[str] = mapped_column(ForeignKey("readings.id"), index=True)
    pdf_sha256: Mapped[str] = mapped_column(String(64))
    page: Mapped[int] = mapped_column(Integer)  # 0-based
    kind: Mapped[str] = mapped_column(String(16))
    pdf_subtype: Mapped[str | None] = mapped_column(Text)
    geometry: Mapped[str] = mapped_column(Text)  # JSON: quads, strokes, rect (points, top-left)
    colour: Mapped[str] = mapped_column(String(7))
    meaning: Mapped[str] = mapped_column(Text)
    quote: Mapped[str] = mapped_column(Text)
    comment: Mapped[str] = mapped_column(Text)
    text: Mapped[str] = mapped_column(Text)
    author: Mapped[str] = mapped_column(Text)
    created: Mapped[str] = mapped_column(Text)  # ISO 8601 UTC
    modified: Mapped[str] = mapped_column(Text)  # ISO 8601 UTC
    anchored: Mapped[bool] = mapped_column(Boolean)
    import_key: Mapped[str | None] = mapped_column(Text)


class SettingRow(Base):
    """One of the student's settings: a key and its JSON value."""

    __tablename__ = "settings"

    key: Mapped[str] = mapped_column(Text, primary_key=True)
    value: Mapped[str] = mapped_column(Text)


class ReviewFormRow(Base):
    """A week's review form as last fetched (JSON of ``app.domain.form.Form``), for offline use."""

    __tablename__ = "review_forms"

    week_id: Mapped[int] = mapped_column(ForeignKey("weeks.id"), primary_key=True)
    link: Mapped[str] = mapped_column(Text)  # the link on the course page it was fetched from
    form: Mapped[str | None] = mapped_column(Text)  # None until a fetch succeeded
    fetched_at: Mapped[str | None] = mapped_column(Text)  # ISO 8601 UTC of the cached copy
    checked_at: Mapped[str] = mapped_column(Text)  # the last attempt, good or not
    error: Mapped[str | None] = mapped_column(Text)  # why the last attempt failed
    error_kind: Mapped[str | None] = mapped_column(String(16))


class ReviewRow(Base):
    """The student's draft of a week's review."""

    __tablename__ = "reviews"

    week_id: Mapped[int] = mapped_column(ForeignKey("weeks.id"), primary_key=True)
    status: Mapped[str] = mapped_column(String(16))
    answers: Mapped[str] = mapped_column(Text)  # JSON: key -> answer (review_answers)
    written_against: Mapped[str | None] = mapped_column(Text)  # JSON Form; None: the template
    form_snapshot: Mapped[str] = mapped_column(Text)
    not_on_form: Mapped[str] = mapped_column(Text)  # JSON: question title -> answer
    updated_at: Mapped[str] = mapped_column(Text)
    revision: Mapped[int] = mapped_column(Integer, server_default="1")


class ReminderGivenRow(Base):
    """A reminder shown (or passed over on catch-up): never shown again."""

    __tablename__ = "reminders_given"

    key: Mapped[str] = mapped_column(Text, primary_key=True)
    week_id: Mapped[int] = mapped_column(ForeignKey("weeks.id"))
    given_at: Mapped[str] = mapped_column(Text)
    shown: Mapped[bool] = mapped_column(Boolean)


class OutboxRow(Base):
    """A review revision the student sent: what was sent, where it stands, who is sending it.

    Written with plain sqlite3 under ``BEGIN IMMEDIATE`` (store/outbox_store.py): claiming an
    entry must be atomic across processes. Times are ISO 8601 UTC.
    """

    __tablename__ = "outbox"
    __table_args__ = (UniqueConstraint("week_id", "revision", name="uq_outbox_revision"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    week_id: Mapped[int] = mapped_column(ForeignKey("weeks.id"))
    revision: Mapped[int] = mapped_column(Integer)
    state: Mapped[str] = mapped_column(String(16))  # queued, sending, sent, needs_attention
    reason: Mapped[str | None] = mapped_column(String(16))
    message: Mapped[str] = mapped_column(Text)
    changes: Mapped[str] = mapped_column(Text)  # JSON list: what a changed form no longer fits
    link: Mapped[str] = mapped_column(Text)  # the course page's link to the form
    form: Mapped[str] = mapped_column(Text)  # JSON Form the answers were written against
    answers: Mapped[str] = mapped_column(Text)  # JSON answers as sent
    created: Mapped[str] = mapped_column(Text)
    sent_at: Mapped[str | None] = mapped_column(Text)
    next_try_at: Mapped[str | None] = mapped_column(Text)
    failures: Mapped[int] = mapped_column(Integer)  # attempts in a row that recorded nothing
    claimed_by: Mapped[str | None] = mapped_column(Text)  # host, boot, pid and start of a sender
    claimed_at: Mapped[str | None] = mapped_column(Text)
    final_post_at: Mapped[str | None] = mapped_column(Text)  # the recording POST went out


class OutboxReceiptRow(Base):
    """One attempt to send an outbox entry (or the student's word that it came): kept for good."""

    __tablename__ = "outbox_receipts"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    entry_id: Mapped[int] = mapped_column(ForeignKey("outbox.id"), index=True)
    time: Mapped[str] = mapped_column(Text)
    outcome: Mapped[str] = mapped_column(String(24))
    status: Mapped[int | None] = mapped_column(Integer)
    url: Mapped[str] = mapped_column(Text)
    fields: Mapped[str] = mapped_column(Text)  # JSON list of [key, value] pairs, in order
    message: Mapped[str] = mapped_column(Text)
