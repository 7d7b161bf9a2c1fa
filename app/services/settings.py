"""The student's settings that live in the database: their name as an author, what their
highlight colours mean, the words they added to the spelling dictionary, and whether the
first-run welcome was done.

Kept in the database (not a config file) because they belong with the annotations they label:
a backup of the database carries both.
"""

from __future__ import annotations

import getpass
import os
from collections.abc import Sequence

from app.domain.annotation import DEFAULT_PALETTE, ColourMeaning, renamed
from app.store.database import Database
from app.store.settings_store import SettingsStore
from app.store.student_work import holds_student_work

AUTHOR_KEY = "identity.full_name"
PALETTE_KEY = "annotations.palette"
PERSONAL_WORDS_KEY = "spelling.personal_words"
DARK_READINGS_KEY = "reader.dark_readings"  # readings the student reads with dark pages
LIGHT_READINGS_KEY = "reader.light_readings"  # and those switched back to light ones
THEME_KEY = "appearance.theme"  # the window's: light, dark or system (the default)
THEMES = ("light", "dark", "system")
DARK_FIGURES_KEY = "reader.dark_figures"  # drawn figures in dark pages: follow or natural
FIGURE_CHOICES = ("follow", "natural")
# True: the welcome was finished or skipped; False: owed (decided, not shown yet); absent: a
# directory no window has decided for (a new one, or one an older version filled).
WELCOME_DONE_KEY = "welcome.done"


class SettingsService:
    def __init__(self, store: SettingsStore) -> None:
        self._store = store

    def author(self) -> str:
        """The name annotations are signed with: the one set, else the account's full name."""
        chosen = self._store.get(AUTHOR_KEY)
        return str(chosen) if chosen else account_full_name()

    def set_author(self, name: str) -> None:
        self._store.set(AUTHOR_KEY, " ".join(name.split()))

    def palette(self) -> tuple[ColourMeaning, ...]:
        stored = self._store.get(PALETTE_KEY)
        if not stored:
            return DEFAULT_PALETTE
        return tuple(ColourMeaning(entry["colour"], entry["meaning"]) for entry in stored)

    def save_palette(self, palette: Sequence[ColourMeaning]) -> None:
        self._store.set(
            PALETTE_KEY, [{"colour": entry.colour, "meaning": entry.meaning} for entry in palette]
        )

    def rename_meaning(self, colour: str, meaning: str) -> tuple[ColourMeaning, ...]:
        palette = renamed(self.palette(), colour, meaning.strip())
        self.save_palette(palette)
        return palette

    def personal_words(self) -> tuple[str, ...]:
        """Words the student told the spell checker to accept, in the order added."""
        return tuple(str(word) for word in self._store.get(PERSONAL_WORDS_KEY) or ())

    def add_personal_word(self, word: str) -> None:
        words = self.personal_words()
        if word.strip() and word.strip() not in words:
            self._store.set(PERSONAL_WORDS_KEY, [*words, word.strip()])

    def dark_readings(self) -> frozenset[str]:
        """The readings last switched to dark pages (each reading keeps its own choice)."""
        return frozenset(str(reading) for reading in self._store.get(DARK_READINGS_KEY) or ())

    def theme(self) -> str:
        """light, dark or system (``config``'s appearance.theme); read here, not through the
        config service, because the window reads it at start."""
        stored = self._store.get(THEME_KEY)
        return str(stored) if stored in THEMES else "system"

    def natural_figures(self) -> bool:
        """Drawn figures keep their own colours in dark pages (reader.dark_figures)."""
        return bool(self._store.get(DARK_FIGURES_KEY) == "natural")

    def light_readings(self) -> frozenset[str]:
        """The readings last switched to light pages."""
        return frozenset(str(reading) for reading in self._store.get(LIGHT_READINGS_KEY) or ())

    def dark_choice(self, reading_id: str) -> bool | None:
        """Dark pages (True) or light (False) as the student last chose for the reading;
        None when never chosen (the reader then follows the window's theme)."""
        if reading_id in self.dark_readings():
            return True
        return False if reading_id in self.light_readings() else None

    def remember_dark(self, reading_id: str, dark: bool) -> None:
        for key, readings, member in (
            (DARK_READINGS_KEY, self.dark_readings(), dark),
            (LIGHT_READINGS_KEY, self.light_readings(), not dark),
        ):
            if (reading_id in readings) != member:
                changed = readings | {reading_id} if member else readings - {reading_id}
                self._store.set(key, sorted(changed))

    def welcome_done(self) -> bool | None:
        """Whether the welcome was done; None while no start has decided it for this directory."""
        stored = self._store.get(WELCOME_DONE_KEY)
        return None if stored is None else bool(stored)

    def set_welcome_done(self, done: bool) -> None:
        self._store.set(WELCOME_DONE_KEY, done)


def welcome_owed(settings: SettingsService, database: Database) -> bool:
    """Whether a start should greet the student. Undecided, a directory is owed the welcome only
    while it holds none of the student's work: an older version's directory with annotations,
    drafts or progress belongs to someone who knows the app already."""
    done = settings.welcome_done()
    if done is None:
        return not holds_student_work(database)
    return not done


def account_full_name() -> str:
    """The full name of the account (the GECOS field on Unix), else the login name."""
    try:
        import pwd

        gecos = pwd.getpwuid(os.getuid()).pw_gecos.split(",")[0].strip()
    except (ImportError, KeyError):  # Windows, or an account without a passwd entry
        gecos = ""
    if gecos:
        return gecos
    try:
        return getpass.getuser()
    except OSError:
        return ""
