"""The course model: a term of weeks, each with its speakers, slides, review form and readings.

Everything here is immutable data. Parsers build it, the store persists it, front doors show it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from enum import StrEnum


class WeekKind(StrEnum):
    LECTURE = "lecture"
    HOLIDAY = "holiday"
    BREAK = "break"
    PRESENTATIONS = "presentations"
    OTHER = "other"


@dataclass(frozen=True)
class Speaker:
    name: str
    affiliation: str | None = None
    url: str | None = None


@dataclass(frozen=True)
class Link:
    """A link of the course page kept with the words it is shown with (e.g. "scribe notes")."""

    label: str
    url: str


@dataclass(frozen=True)
class Instructor:
    name: str
    url: str | None = None
    role: str = "Instructor"  # as the page says it: "Instructor", "Co-Instructor"


@dataclass(frozen=True)
class Slide:
    """One slide deck link; ``url`` is None while the course page shows a placeholder."""

    label: str
    url: str | None = None


@dataclass(frozen=True)
class ReviewForm:
    """Where and until when the week's review is submitted."""

    form_url: str
    due: datetime | None  # aware; None when the week has no date
    label: str = "Submit your review"


@dataclass(frozen=True)
class Reading:
    id: str  # stable: derived from the normalized link (see reading_id.py)
    title: str
    url: str | None
    required: bool
    venue: str | None = None
    note: str | None = None  # prose around the link, e.g. "Read Chapter 1 of ..."
    # the bullet's other links: its slides, a second version, a companion paper
    extra_links: tuple[Link, ...] = ()


@dataclass(frozen=True)
class Week:
    number: int
    date: date | None
    title: str
    kind: WeekKind
    speakers: tuple[Speaker, ...] = ()
    review: ReviewForm | None = None
    slides: tuple[Slide, ...] = ()
    readings: tuple[Reading, ...] = ()
    description: str | None = None
    links: tuple[Link, ...] = ()  # the week's other links: Google Docs, project pages, ...

    @property
    def required_readings(self) -> tuple[Reading, ...]:
        return tuple(r for r in self.readings if r.required)

    @property
    def optional_readings(self) -> tuple[Reading, ...]:
        return tuple(r for r in self.readings if not r.required)


@dataclass(frozen=True)
class Course:
    title: str
    term: str | None
    timezone: str
    site_url: str | None
    source_url: str | None
    meeting: str | None = None  # as written, e.g. "Mondays from 1:00 to 4:00"
    instructors: tuple[Instructor, ...] = ()


@dataclass(frozen=True)
class Syllabus:
    course: Course
    weeks: tuple[Week, ...] = field(default_factory=tuple)

    def week(self, number: int) -> Week | None:
        return next((w for w in self.weeks if w.number == number), None)

    @property
    def readings(self) -> tuple[tuple[Week, Reading], ...]:
        return tuple((w, r) for w in self.weeks for r in w.readings)

    def current_week(self, today: date) -> Week | None:
        """Today's week or the next one, as the course page's "Jump to Today" picks it."""
        dated = [w for w in self.weeks if w.date is not None]
        upcoming = [w for w in dated if w.date is not None and w.date >= today]
        if upcoming:
            return upcoming[0]
        return dated[-1] if dated else (self.weeks[0] if self.weeks else None)


@dataclass(frozen=True)
class ListedReading:
    """A reading as the store lists it: with its week, and archived once it left the syllabus."""

    week: int
    reading: Reading
    archived: bool = False
