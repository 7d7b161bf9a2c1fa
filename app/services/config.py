"""The student's settings by their public names: what ``config get / set / list`` reads and
changes, each value checked before anything is stored.

The public names are a contract (the command line, the issue's notes); where a value is stored
is ours. ``identity.name`` is stored under ``identity.full_name``, the key the annotations'
author was signed with before this existed (``SettingsService.author``): one setting, two
doors, no migration. ``schedule.start`` is the course service's (it moves the term), and
``reminders.when_closed`` installs or removes the background reminders as it changes.
``sync.source`` is the course page a sync reads when no ``--source`` is given.

Each setting also has a form (``SettingForm``: its group, label, kind of value and default) for
the window's Settings dialog; the dialog writes through ``set``, so it checks what the command
line checks.

A value that cannot be taken is refused in one line that names the setting, and nothing is
changed.
"""

from __future__ import annotations

import os
import re
import sys
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from app.domain.course_source import source_problem
from app.domain.errors import UserFacingError
from app.domain.identity import Identity
from app.domain.reminder import DEFAULT_OFFSETS, OffsetError, format_offsets, parse_offsets
from app.services import settings as _settings
from app.services.course import CourseService
from app.services.settings import AUTHOR_KEY, SettingsService, account_full_name
from app.store.settings_store import SettingsStore

if TYPE_CHECKING:
    from app.notify.scheduling import BackgroundReminders, BackgroundStatus

REMINDERS = "reminders"
WHEN_CLOSED = "reminders.when_closed"
NAME = "identity.name"
EMAIL = "identity.email"
STUDENT_ID = "identity.student_id"
SCHEDULE_START = "schedule.start"
SPELLCHECK = "review.spellcheck"
CLOSE_TO_TRAY = "window.close_to_tray"
SYNC_SOURCE = "sync.source"
THEME = _settings.THEME_KEY  # defined beside the settings service: the window reads it at start
DARK_FIGURES = _settings.DARK_FIGURES_KEY
THEMES = _settings.THEMES
FIGURE_CHOICES = _settings.FIGURE_CHOICES

_EMAIL_KEY = "identity.email"  # stored as named
_EMAIL_SHAPE = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s.]+")
_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_TRUE, _FALSE = ("true", "yes", "on", "1"), ("false", "no", "off", "0")


class ConfigError(UserFacingError):
    """A setting that does not exist, or a value it cannot take; str() says which in one line."""


class SettingKind(StrEnum):
    """What a setting's value is, so a dialog can offer the right field for it."""

    BOOL = "bool"
    CHOICE = "choice"
    DATE = "date"  # a Monday, or empty for the real term
    OFFSETS = "offsets"  # reminder times before a deadline
    TEXT = "text"
    URL = "url"


@dataclass(frozen=True)
class SettingForm:
    group: str  # the Settings dialog's page: Course, You, Reminders, Reviews, Window, Appearance
    label: str
    kind: SettingKind
    default: str | None  # the text that restores the default; None: none to restore
    choices: tuple[str, ...] = ()  # for CHOICE


_FORMS = {
    SYNC_SOURCE: SettingForm("Course", "Course page", SettingKind.URL, ""),
    NAME: SettingForm("You", "Name", SettingKind.TEXT, ""),
    EMAIL: SettingForm("You", "Email", SettingKind.TEXT, ""),
    STUDENT_ID: SettingForm("You", "Student id", SettingKind.TEXT, ""),
    REMINDERS: SettingForm(
        "Reminders", "Remind me before", SettingKind.OFFSETS, format_offsets(DEFAULT_OFFSETS)
    ),
    WHEN_CLOSED: SettingForm(
        "Reminders", "Remind me when the app is closed", SettingKind.BOOL, "false"
    ),
    SCHEDULE_START: SettingForm("Course", "Term", SettingKind.DATE, ""),
    SPELLCHECK: SettingForm("Reviews", "Check spelling in answers", SettingKind.BOOL, "true"),
    CLOSE_TO_TRAY: SettingForm(
        "Window", "Closing keeps the app in the tray", SettingKind.BOOL, "false"
    ),
    THEME: SettingForm("Appearance", "Theme", SettingKind.CHOICE, "system", THEMES),
    DARK_FIGURES: SettingForm(
        "Appearance", "Figures in dark pages", SettingKind.CHOICE, "follow", FIGURE_CHOICES
    ),
}


@dataclass(frozen=True)
class SettingValue:
    key: str
    value: str  # as the student writes it: what `config set` takes back
    is_default: bool  # nothing set: the value is the app's default (or the account's name)
    about: str


class ConfigService:
    def __init__(
        self,
        store: SettingsStore,
        settings: SettingsService,
        course: CourseService,
        background: BackgroundReminders,
        app_command: Callable[[], Sequence[str]],
    ) -> None:
        """``app_command`` starts this app on this data directory (the background reminders
        run it with ``remind``)."""
        self._store = store
        self._settings = settings
        self._course = course
        self._background = background
        self._app_command = app_command
        self._about = {
            REMINDERS: "when to remind before a review is due, e.g. 48h,24h,2h (none: never)",
            WHEN_CLOSED: "remind while the app is closed (true or false)",
            NAME: "your name, signed on annotations and reviews",
            EMAIL: "your email address, for forms that collect it",
            STUDENT_ID: "your student id, filled into new reviews that ask for it",
            SCHEDULE_START: "follow the term from this Monday (YYYY-MM-DD); empty: the real term",
            SPELLCHECK: "underline misspelled words in review answers (true or false)",
            CLOSE_TO_TRAY: "closing the window keeps the app in the system tray (true or false)",
            SYNC_SOURCE: "the course page the app syncs from; empty: the course's own",
            THEME: "light, dark, or system (follow the desktop's colour scheme)",
            DARK_FIGURES: "drawn figures in dark pages: follow (darkened too) or natural",
        }

    def keys(self) -> tuple[str, ...]:
        return tuple(sorted(self._about))

    def form(self, key: str) -> SettingForm:
        """How the Settings dialog offers ``key`` (a text field under Other when not described)."""
        return _FORMS.get(self._known(key)) or SettingForm("Other", key, SettingKind.TEXT, None)

    def get(self, key: str) -> SettingValue:
        readers = {
            REMINDERS: self._reminders_text,
            WHEN_CLOSED: self._when_closed_text,
            NAME: self._name_text,
            EMAIL: self._email_text,
            STUDENT_ID: self._student_id_text,
            SCHEDULE_START: self._start_text,
            SPELLCHECK: self._spellcheck_text,
            CLOSE_TO_TRAY: self._close_to_tray_text,
            SYNC_SOURCE: self._sync_source_text,
            THEME: self._theme_text,
            DARK_FIGURES: self._dark_figures_text,
        }
        value, is_default = readers[self._known(key)]()
        return SettingValue(key, value, is_default, self._about[key])

    def list(self) -> list[SettingValue]:
        return [self.get(key) for key in self.keys()]

    def set(self, key: str, text: str) -> SettingValue:
        """Check ``text`` for ``key`` and store it; refused in one line, changing nothing."""
        writers = {
            REMINDERS: self._set_reminders,
            WHEN_CLOSED: self._set_when_closed,
            NAME: self._settings.set_author,
            EMAIL: self._set_email,
            STUDENT_ID: self._set_student_id,
            SCHEDULE_START: self._set_start,
            SPELLCHECK: lambda text: self._store.set(SPELLCHECK, _parse_bool(SPELLCHECK, text)),
            CLOSE_TO_TRAY: self._set_close_to_tray,
            SYNC_SOURCE: self._set_sync_source,
            THEME: self._set_theme,
            DARK_FIGURES: self._set_dark_figures,
        }
        writers[self._known(key)](text)
        return self.get(key)

    def set_all(self, changes: Mapping[str, str]) -> dict[str, str]:
        """Set every one of ``changes`` or none: each is tried (so every refusal is found),
        and when any is refused those already set are put back as they were. Returns the
        refusals, setting -> its one line (empty: all set).

        ``reminders.when_closed`` goes last and only when nothing else was refused: it installs
        or removes a timer, slow work that nothing should have to undo.
        """
        refused: dict[str, str] = {}
        done: list[SettingValue] = []
        try:
            for key in sorted(changes, key=lambda key: key == WHEN_CLOSED):
                if key == WHEN_CLOSED and refused:
                    break
                before = self.get(key)
                try:
                    self.set(key, changes[key])
                except UserFacingError as error:  # refused, or a timer that would not install
                    refused[key] = str(error)
                else:
                    done.append(before)
        finally:
            if refused or sys.exc_info()[0] is not None:  # a bug midway must not leave half
                for before in reversed(done):
                    self.set(before.key, self._restoring_text(before))
        return refused

    def _restoring_text(self, before: SettingValue) -> str:
        """What ``set`` takes to put a setting back; a default shown (the account's name) is
        restored as the default, not stored as if chosen."""
        default = self.form(before.key).default
        return default if before.is_default and default is not None else before.value

    # -- typed reads for the other services ------------------------------------------------------

    def reminder_offsets(self) -> tuple[timedelta, ...]:
        stored = self._store.get(REMINDERS)
        return DEFAULT_OFFSETS if stored is None else parse_offsets(stored)

    def reminds_when_closed(self) -> bool:
        return bool(self._store.get(WHEN_CLOSED, False))

    def closes_to_tray(self) -> bool:
        return bool(self._store.get(CLOSE_TO_TRAY, False))

    def sync_source(self) -> str:
        """The course page chosen for syncs; empty: the course's own."""
        return str(self._store.get(SYNC_SOURCE) or "")

    def theme(self) -> str:
        """light, dark or system (the default: the desktop's colour scheme)."""
        return self._theme_text()[0]

    def email(self) -> str:
        return str(self._store.get(_EMAIL_KEY) or "")

    def spellcheck(self) -> bool:
        """Underline misspelled words in review answers (on unless turned off)."""
        return bool(self._store.get(SPELLCHECK, True))

    def identity(self) -> Identity:
        """What the student entered about themselves (the account's name is not a guess made
        for them here: a form gets only what was entered)."""
        name = self._store.get(AUTHOR_KEY)
        return Identity(
            name=str(name or ""),
            email=self.email(),
            student_id=str(self._store.get(STUDENT_ID) or ""),
        )

    def background(self) -> BackgroundStatus:
        """What runs the reminders while the app is closed (set by ``reminders.when_closed``)."""
        return self._background.status()

    # -- each setting ----------------------------------------------------------------------------

    def _known(self, key: str) -> str:
        if key not in self._about:
            raise ConfigError(
                f"there is no setting {key!r}: the settings are {', '.join(self.keys())}"
            )
        return key

    def _reminders_text(self) -> tuple[str, bool]:
        return format_offsets(self.reminder_offsets()), self._store.get(REMINDERS) is None

    def _set_reminders(self, text: str) -> None:
        try:
            offsets = parse_offsets(text)
        except OffsetError as error:
            raise ConfigError(f"{REMINDERS}: {error}") from None
        self._store.set(REMINDERS, format_offsets(offsets))

    def _when_closed_text(self) -> tuple[str, bool]:
        return _bool_text(self.reminds_when_closed()), self._store.get(WHEN_CLOSED) is None

    def _set_when_closed(self, text: str) -> None:
        wanted = _parse_bool(WHEN_CLOSED, text)
        # Installed first, stored after: a setup that failed leaves the setting as it was.
        if wanted:
            self._background.install(self._app_command())
        else:
            self._background.uninstall()
        self._store.set(WHEN_CLOSED, wanted)

    def _close_to_tray_text(self) -> tuple[str, bool]:
        return _bool_text(self.closes_to_tray()), self._store.get(CLOSE_TO_TRAY) is None

    def _set_close_to_tray(self, text: str) -> None:
        self._store.set(CLOSE_TO_TRAY, _parse_bool(CLOSE_TO_TRAY, text))

    def _name_text(self) -> tuple[str, bool]:
        chosen = self._store.get(AUTHOR_KEY)
        return (str(chosen), False) if chosen else (account_full_name(), True)

    def _email_text(self) -> tuple[str, bool]:
        return self.email(), not self.email()

    def _set_email(self, text: str) -> None:
        address = text.strip()
        if address and _EMAIL_SHAPE.fullmatch(address) is None:
            raise ConfigError(f"{EMAIL}: {address!r} is not an email address (name@example.org)")
        self._store.set(_EMAIL_KEY, address)

    def _student_id_text(self) -> tuple[str, bool]:
        stored = str(self._store.get(STUDENT_ID) or "")
        return stored, not stored

    def _set_student_id(self, text: str) -> None:
        written = text.strip()
        if any(character.isspace() for character in written):
            raise ConfigError(f"{STUDENT_ID}: {written!r} has spaces; a student id has none")
        self._store.set(STUDENT_ID, written)

    def _spellcheck_text(self) -> tuple[str, bool]:
        return _bool_text(self.spellcheck()), self._store.get(SPELLCHECK) is None

    def _sync_source_text(self) -> tuple[str, bool]:
        return self.sync_source(), not self.sync_source()

    def _set_sync_source(self, text: str) -> None:
        self._store.set(SYNC_SOURCE, parse_source(text))

    def _theme_text(self) -> tuple[str, bool]:
        return _choice_text(self._store, THEME, THEMES)

    def _set_theme(self, text: str) -> None:
        self._store.set(THEME, _parse_choice(THEME, text, THEMES))

    def _dark_figures_text(self) -> tuple[str, bool]:
        return _choice_text(self._store, DARK_FIGURES, FIGURE_CHOICES)

    def _set_dark_figures(self, text: str) -> None:
        self._store.set(DARK_FIGURES, _parse_choice(DARK_FIGURES, text, FIGURE_CHOICES))

    def _start_text(self) -> tuple[str, bool]:
        start = self._course.schedule_start()
        return (start.isoformat(), False) if start else ("", True)

    def _set_start(self, text: str) -> None:
        try:
            self._course.follow_from(parse_start(text))
        except UserFacingError as error:
            raise ConfigError(f"{SCHEDULE_START}: {error}") from None


def parse_start(text: str) -> date | None:
    """``2023-01-23`` -> that day; empty -> None (the course's own dates). Weekday not checked."""
    written = text.strip()
    if not written:
        return None
    try:
        if _ISO_DATE.fullmatch(written) is None:
            raise ValueError
        return date.fromisoformat(written)
    except ValueError:
        raise ConfigError(
            f"{written!r} is not a date: write the Monday as YYYY-MM-DD, "
            "or nothing to follow the course's dates"
        ) from None


def parse_source(text: str) -> str:
    """An http(s) address, a ``file://`` address or a full path -> as stored (a path made
    absolute: a sync may run from any folder); empty -> empty (the course's own page)."""
    written = text.strip()
    if not written:
        return ""
    if problem := source_problem(written):
        raise ConfigError(f"{SYNC_SOURCE}: {problem}")
    parts = urlsplit(written)
    if parts.scheme.lower() in ("http", "https") and parts.hostname:
        return written
    if parts.scheme.lower() == "file" and parts.path:
        return written
    path = Path(written).expanduser()
    if "://" not in written and path.is_absolute():
        return str(path)
    raise ConfigError(
        f"{SYNC_SOURCE}: {written!r} is not an address: give an http(s):// address or a file's"
        " full path"
    )


def running_command(
    argv0: str | None = None, executable: str | None = None, frozen: bool | None = None
) -> list[str]:
    """How to start the app that is running now, for a timer or a login entry to run later.

    An installed ``study-companion`` (a script or a bundled program) by its path; ``python -m
    app`` (argv[0] is the package's ``__main__.py``) as this interpreter with ``-m app``.
    """
    argv0 = sys.argv[0] if argv0 is None else argv0
    executable = sys.executable if executable is None else executable
    if getattr(sys, "frozen", False) if frozen is None else frozen:
        return [executable]  # a bundle: the interpreter is the app
    program = Path(argv0)
    if program.name in ("__main__.py", "-c", "") or program.suffix == ".py":
        return [executable, "-m", "app"]
    if os.sep in argv0 or (os.altsep and os.altsep in argv0):
        return [str(program.resolve())]
    return [argv0]  # started by name: BackgroundReminders looks it up on PATH


def _parse_bool(key: str, text: str) -> bool:
    word = text.strip().casefold()
    if word in _TRUE:
        return True
    if word in _FALSE:
        return False
    raise ConfigError(f"{key}: {text.strip()!r} is neither true nor false")


def _bool_text(value: bool) -> str:
    return "true" if value else "false"


def _choice_text(store: SettingsStore, key: str, choices: tuple[str, ...]) -> tuple[str, bool]:
    """The stored choice (the first of ``choices``' defaults when none, or one not known)."""
    stored = store.get(key)
    default = _CHOICE_DEFAULTS[key]
    return (str(stored), False) if stored in choices else (default, True)


def _parse_choice(key: str, text: str, choices: tuple[str, ...]) -> str:
    word = text.strip().casefold()
    if word not in choices:
        raise ConfigError(f"{key}: {text.strip()!r} is not one of {', '.join(choices)}")
    return word


_CHOICE_DEFAULTS = {THEME: "system", DARK_FIGURES: "follow"}
