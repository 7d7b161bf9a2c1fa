"""Sync: fetch the course source, parse it, merge it into the store, report what changed.

Any failure (offline, server error, a file that is not a syllabus) raises SyncError with one
line for the user, before anything is written: the store stays as it was.

A page that would archive more than a quarter of the live term (``Archiving.held_back``: a page
cut short, a schedule back to "TBA") is held back: nothing is written, not even the check time or
the page's ETag, so the next sync fetches the page in full and judges it again. The caller shows
what would go and may sync again with ``allow_removals``.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum
from typing import TYPE_CHECKING

from app.domain.changes import NOTHING_ARCHIVED, Archiving, Change, plan_merge
from app.domain.course import Course, Syllabus
from app.domain.errors import UserFacingError
from app.domain.provenance import Origin, SyncRecord
from app.net.http import make_session
from app.net.source_fetch import FetchError, fetch_source, is_url
from app.services.clock import Clock
from app.store.course_store import CourseStore
from app.syllabus.warnings import ParseWarning

if TYPE_CHECKING:
    import requests

    from app.syllabus.jekyll_index import ParseResult

log = logging.getLogger(__name__)

DEFAULT_SOURCE = "https://raw.githubusercontent.com/ucbrise/cs294-ai-sys-sp22/main/index.md"


class SyncError(UserFacingError):
    """Sync failed; str() is the one-line reason."""


class SyncStatus(StrEnum):
    UPDATED = "updated"
    UNCHANGED = "unchanged"
    HELD_BACK = "held_back"  # not applied: it would archive too much (see the module docstring)


@dataclass(frozen=True)
class SyncOutcome:
    status: SyncStatus
    changes: tuple[Change, ...]
    warnings: tuple[ParseWarning, ...]
    source: str
    archiving: Archiving = NOTHING_ARCHIVED  # what the changes archive (or would, held back)
    removals: tuple[Change, ...] = ()  # the weeks and readings archived, in term order

    @property
    def held_back(self) -> bool:
        return self.status is SyncStatus.HELD_BACK


class SyncService:
    def __init__(
        self,
        store: CourseStore,
        http_session: Callable[[], requests.Session],
        clock: Clock,
        chosen_source: Callable[[], str] = str,
    ) -> None:
        """``chosen_source`` gives the student's ``sync.source`` (empty: the course's own)."""
        self._store = store
        self._http_session = http_session
        self._clock = clock
        self._chosen_source = chosen_source

    def default_source(self) -> str:
        """The page the student chose, else the course's own source; a ``--source`` given once
        is not remembered as the course's."""
        if chosen := self._chosen_source():
            return chosen
        syllabus = self._store.syllabus()
        if syllabus and syllabus.course.source_url:
            return syllabus.course.source_url
        return DEFAULT_SOURCE

    def sync(self, source: str | None = None, *, allow_removals: bool = False) -> SyncOutcome:
        """Fetch, parse and merge ``source``; a plan that archives more than a quarter of the
        term comes back ``HELD_BACK`` with nothing written, unless ``allow_removals``."""
        source = source or self.default_source()
        record = self._store.sync_record()
        same_source = record is not None and record.source == source
        try:
            fetched = fetch_source(
                source,
                self._http_session,
                etag=record.etag if same_source and record else None,
                last_modified=record.last_modified if same_source and record else None,
                known_sha256=record.content_sha256 if same_source and record else None,
            )
        except FetchError as error:
            raise SyncError(str(error)) from None
        origin = Origin.NETWORK if is_url(source) else Origin.FILE
        now = self._clock.now()
        if not fetched.changed or fetched.text is None:
            self._store.record_check(
                SyncRecord(
                    source,
                    origin,
                    now,
                    fetched.etag,
                    fetched.last_modified,
                    record.content_sha256 if record else fetched.sha256,
                )
            )
            return SyncOutcome(SyncStatus.UNCHANGED, (), (), source)

        stored = self._store.syllabus()
        parsed = _parse_course_page(fetched.text, source, known=stored.course if stored else None)
        # A course page with no entries has no schedule posted (yet, or again): against a
        # stored term with weeks, the rule below holds it back.
        for warning in parsed.warnings:
            log.info("%s: %s", source, warning)
        new = parsed.syllabus
        old = stored if stored is not None else type(new)(new.course, ())
        archived = [listed.reading for listed in self._store.readings() if listed.archived]
        plan = plan_merge(old, new, archived, self._store.archived_weeks())
        if plan.archiving.held_back and not allow_removals:
            return SyncOutcome(
                SyncStatus.HELD_BACK,
                plan.changes,
                parsed.warnings,
                source,
                plan.archiving,
                plan.removals,
            )
        record = SyncRecord(
            source, origin, now, fetched.etag, fetched.last_modified, fetched.sha256
        )
        self._store.apply_sync(new, plan, record)
        status = SyncStatus.UPDATED if plan.changes or stored is None else SyncStatus.UNCHANGED
        return SyncOutcome(
            status, plan.changes, parsed.warnings, source, plan.archiving, plan.removals
        )


@dataclass(frozen=True)
class CoursePage:
    """A course page read on its own and stored nowhere: what ``syllabus parse`` prints."""

    syllabus: Syllabus
    warnings: tuple[ParseWarning, ...]


def read_course_page(
    source: str, http_session: Callable[[], requests.Session] = make_session
) -> CoursePage:
    """Fetch and parse ``source`` (a URL or a path) as a sync would, without a data directory;
    a failure is a ``SyncError`` in the words a sync uses."""
    try:
        fetched = fetch_source(source, http_session)
    except FetchError as error:
        raise SyncError(str(error)) from None
    assert fetched.text is not None  # nothing known to compare with, so always read
    parsed = _parse_course_page(fetched.text, source, source_url=source if is_url(source) else None)
    return CoursePage(parsed.syllabus, parsed.warnings)


def _parse_course_page(
    text: str, source: str, *, known: Course | None = None, source_url: str | None = None
) -> ParseResult:
    """The page parsed, with the stored course's addresses and time zone when one is ``known``
    (a mirror given as the source is not the course). One that is no course page (not even
    one waiting for its schedule) is refused here, so both entry points say it alike."""
    from app.syllabus.jekyll_index import parse_index_md  # markdown-it: off the start-up path

    if known is None:
        parsed = parse_index_md(text, source_url=source_url)
    else:
        parsed = parse_index_md(
            text, source_url=known.source_url, site_url=known.site_url, timezone=known.timezone
        )
    if not parsed.is_course_page:
        raise SyncError(f"{source} is not a course syllabus: no syllabus entries found")
    return parsed
