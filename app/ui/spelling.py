"""Spell checking for what the student writes: the English dictionary of pyspellchecker, the
course's own vocabulary and the student's personal words.

Loading the dictionary takes a noticeable moment (0.2 s), so it never happens at start-up:
``load`` builds it on a worker the first time a review is opened, and ``ready`` tells the text
fields to underline again. Until then nothing is flagged.

Not flagged: words the dictionary knows, words of the course's paper and week titles (the ML
systems vocabulary: "Pensieve", "DeepSpeed"), the student's personal words (kept in the
settings table by ``SettingsService``, so they survive restarts and backups), all-caps
acronyms ("GPU", "TPUs"), names with an inner capital ("PyTorch", "TensorFlow"), anything with
a digit ("3x", "fp16") and whatever sits in a web address or an email address.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, Protocol

from PySide6.QtCore import QObject, QThreadPool, Signal, Slot

if TYPE_CHECKING:
    from spellchecker import SpellChecker

log = logging.getLogger(__name__)

SUGGESTIONS = 5
WORD = re.compile(r"[^\W_]+(?:['’][^\W_]+)*")  # letters and digits, inner apostrophes kept
ADDRESS = re.compile(r"\S*(?:://|www\.|@)\S*|\S+\.(?:com|org|edu|net|io|ai|gle)(?:/\S*)?\b")
ACRONYM = re.compile(r"[A-Z]{2,}s?")
INNER_CAPITAL = re.compile(r".+[A-Z]")


class PersonalWords(Protocol):
    def personal_words(self) -> tuple[str, ...]: ...

    def add_personal_word(self, word: str) -> None: ...


def words(text: str) -> Iterable[tuple[int, str]]:
    """Each word of ``text`` a spell checker looks at, with where it starts."""
    skipped = [(m.start(), m.end()) for m in ADDRESS.finditer(text)]
    for found in WORD.finditer(text):
        start = found.start()
        if any(begin <= start < end for begin, end in skipped):
            continue
        yield start, found.group()


def is_name_or_code(word: str) -> bool:
    """Acronyms, names written with an inner capital, anything with a digit: not English."""
    return (
        any(c.isdigit() for c in word)
        or ACRONYM.fullmatch(word) is not None
        or INNER_CAPITAL.match(word) is not None
    )


def _lookup_form(word: str) -> str:
    """The form looked up: lower case, a possessive's ``'s`` dropped."""
    plain = word.replace("’", "'").lower()
    return plain[:-2] if plain.endswith("'s") else plain


class Speller(QObject):
    ready = Signal()  # the dictionary is loaded: underline again
    changed = Signal()  # a word was added, or checking turned on or off: underline again
    _loaded = Signal(object)  # from the worker: the SpellChecker

    def __init__(
        self,
        personal: PersonalWords | None,
        course_titles: Callable[[], Iterable[str]],
        setting: Callable[[], bool] = lambda: True,
        parent: QObject | None = None,
    ) -> None:
        """``personal`` keeps the student's words (None: only for this run); ``setting`` reads
        whether the student wants checking (``review.spellcheck``)."""
        super().__init__(parent)
        self._personal = personal
        self._course_titles = course_titles
        self._setting = setting
        self._checker: SpellChecker | None = None
        self._own: set[str] = set()  # the course's and the student's words, lower case
        self._loading = False
        self.enabled = True
        self._pool = QThreadPool(self)  # our own: closing waits for the dictionary alone
        self._pool.setMaxThreadCount(1)
        self._loaded.connect(self._on_loaded)

    # -- loading ---------------------------------------------------------------------------------

    def is_ready(self) -> bool:
        return self._checker is not None

    def load(self) -> None:
        """Start loading the dictionary on a worker, once; ``ready`` when it is there."""
        if self._loading or self._checker is not None:
            return
        self._loading = True
        titles = list(self._course_titles())  # read here: the store is the GUI thread's
        personal = self._personal.personal_words() if self._personal is not None else ()
        self._own = {_lookup_form(w) for _s, w in words(" ".join([*titles, *personal]))}
        self._pool.start(self._build)

    def _build(self) -> None:  # on the worker
        try:
            from spellchecker import SpellChecker

            self._loaded.emit(SpellChecker())
        except Exception:  # no dictionary: writing goes on unchecked
            log.exception("the spelling dictionary could not be loaded")

    @Slot(object)
    def _on_loaded(self, checker: SpellChecker) -> None:
        self._checker = checker
        self._loading = False
        self.ready.emit()

    def wait(self, msecs: int = -1) -> bool:
        """Block until a load in progress is done (closing, tests)."""
        return self._pool.waitForDone(msecs)

    def refresh(self) -> None:
        """Read the setting again; load the dictionary the first time it is wanted."""
        enabled = self._setting()
        if enabled != self.enabled:
            self.enabled = enabled
            self.changed.emit()
        if enabled:
            self.load()

    # -- checking --------------------------------------------------------------------------------

    def misspelled(self, text: str) -> list[tuple[int, int]]:
        """Where the words ``text`` gets wrong are: (start, length) each."""
        if self._checker is None or not self.enabled:
            return []
        return [(start, len(word)) for start, word in words(text) if not self.knows(word)]

    def knows(self, word: str) -> bool:
        if len(word) < 2 or is_name_or_code(word):
            return True
        form = _lookup_form(word)
        if form in self._own or self._checker is None:
            return True
        return bool(self._checker.known([form]))

    def suggestions(self, word: str) -> list[str]:
        """Up to five words meant instead, the most used first, written as ``word`` is
        (capitalised when it is)."""
        if self._checker is None:
            return []
        checker = self._checker
        found = checker.candidates(_lookup_form(word)) or set()
        ranked = sorted(found, key=lambda w: (-checker.word_usage_frequency(w), w))
        if word[:1].isupper():
            ranked = [w[:1].upper() + w[1:] for w in ranked]
        return ranked[:SUGGESTIONS]

    def add(self, word: str) -> None:
        """Never flag ``word`` again (in this run and, with ``personal``, the next ones)."""
        self._own.add(_lookup_form(word))
        if self._personal is not None:
            self._personal.add_personal_word(word)
        self.changed.emit()

    def word_at(self, text: str, position: int) -> tuple[int, str] | None:
        """The misspelled word of ``text`` at ``position`` (start, word), if there is one."""
        for start, length in self.misspelled(text):
            if start <= position <= start + length:
                return start, text[start : start + length]
        return None
