"""The reader tabs a window had open, saved when it closes and opened again at the next start.

A reading whose file has left the library since is skipped: the window opens without it
rather than on an error page.
"""

from __future__ import annotations

from collections.abc import Callable

from app.ui.reading_tabs import ReadingTabs
from app.ui.ui_state import SavedTabs, UiState

Openable = Callable[[str], tuple[str, str] | None]  # reading id -> (title, PDF path)


def save_tabs(tabs: ReadingTabs, state: UiState) -> None:
    state.save_tabs(SavedTabs(tuple(tabs.open_reading_ids()), tabs.current_reading_id()))


def restore_tabs(tabs: ReadingTabs, state: UiState, openable: Openable) -> None:
    saved = state.tabs()
    for reading_id in saved.readings:
        found = openable(reading_id)
        if found is not None:
            tabs.open_reading(reading_id, *found)
    front = tabs.reading_tab(saved.current) if saved.current else None
    if front is not None:
        tabs.setCurrentWidget(front)
    else:
        tabs.show_term()
