"""What the window remembers between runs: geometry, splitter sizes, the selected week and
the open reader tabs.

Stored with QSettings as an INI file inside the data directory (not the platform's settings
store), so ``--data-dir`` and tests stay isolated from the user's real session.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QByteArray, QSettings

STATE_FILE_NAME = "ui-state.ini"

_GEOMETRY = "window/geometry"
_WINDOW_STATE = "window/state"
_SPLITTER = "window/splitter"
_SELECTED_WEEK = "selection/week"
_TODAY_WEEK = "selection/today_week"
_OPEN_TABS = "tabs/open"
_CURRENT_TAB = "tabs/current"


@dataclass(frozen=True)
class SavedTabs:
    readings: tuple[str, ...]  # reading ids, in tab order
    current: str | None  # the reading in front; None: the term


@dataclass(frozen=True)
class SavedSelection:
    week: int
    # The "Jump to Today" week when the selection was saved: once the term has moved on to
    # another week, the window opens on the new current week instead of a stale one.
    today_week: int | None


class UiState:
    def __init__(self, data_dir: Path) -> None:
        self.path = data_dir / STATE_FILE_NAME
        self._settings = QSettings(str(self.path), QSettings.Format.IniFormat)

    def _bytes(self, key: str) -> QByteArray | None:
        value = self._settings.value(key)
        return value if isinstance(value, QByteArray) and not value.isEmpty() else None

    def window_geometry(self) -> QByteArray | None:
        return self._bytes(_GEOMETRY)

    def window_state(self) -> QByteArray | None:
        return self._bytes(_WINDOW_STATE)

    def splitter_state(self) -> QByteArray | None:
        return self._bytes(_SPLITTER)

    def selection(self) -> SavedSelection | None:
        week = _as_int(self._settings.value(_SELECTED_WEEK))
        if week is None:
            return None
        return SavedSelection(week, _as_int(self._settings.value(_TODAY_WEEK)))

    def tabs(self) -> SavedTabs:
        value = self._settings.value(_OPEN_TABS)
        # QSettings gives one stored item back as a str, several as a list.
        items = [value] if isinstance(value, str) else value if isinstance(value, list) else []
        readings = tuple(str(item) for item in items if str(item))
        current = self._settings.value(_CURRENT_TAB)
        return SavedTabs(readings, current if isinstance(current, str) and current else None)

    def save_tabs(self, tabs: SavedTabs) -> None:
        self._settings.setValue(_OPEN_TABS, list(tabs.readings))
        self._settings.setValue(_CURRENT_TAB, tabs.current or "")
        self._settings.sync()

    def save(
        self,
        *,
        geometry: QByteArray,
        window_state: QByteArray,
        splitter: QByteArray,
        selection: SavedSelection | None,
    ) -> None:
        self._settings.setValue(_GEOMETRY, geometry)
        self._settings.setValue(_WINDOW_STATE, window_state)
        self._settings.setValue(_SPLITTER, splitter)
        if selection is None:
            self._settings.remove(_SELECTED_WEEK)
            self._settings.remove(_TODAY_WEEK)
        else:
            self._settings.setValue(_SELECTED_WEEK, selection.week)
            if selection.today_week is None:
                self._settings.remove(_TODAY_WEEK)
            else:
                self._settings.setValue(_TODAY_WEEK, selection.today_week)
        self._settings.sync()  # written now: a crash later must not lose the layout


def _as_int(value: object) -> int | None:
    # INI files give strings back; a hand-edited file may hold anything.
    if isinstance(value, int):
        return value
    if isinstance(value, str):
        try:
            return int(value)
        except ValueError:
            return None
    return None
