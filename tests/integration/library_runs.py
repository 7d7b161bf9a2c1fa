"""The reading library as the app runs it, for tests: fetch chosen readings, look after.

Tests pick readings by their link in the course (the embedded syllabus, or a page synced over
it) and run one download through ``LibraryService``, as the window and the command line do.
The services come from the ``services`` fixture (tests/integration/conftest.py).
"""

from __future__ import annotations

import threading

from app.domain.library import LibraryEntry
from app.services.app_services import AppServices


def fetch(
    services: AppServices, *links: str, cancel: threading.Event | None = None
) -> dict[str, LibraryEntry]:
    """One library run over the readings with these links; their final entries by link."""
    wanted = [item for item in services.library.to_fetch() if item.reading.url in links]
    offered = sorted(item.reading.url or "" for item in wanted)
    assert offered == sorted(links), f"the course does not offer {sorted(links)} to fetch"
    finished = services.library.download(wanted, cancel=cancel)
    return {item.reading.url or "": entry for item, entry in zip(wanted, finished, strict=True)}


def library_files(services: AppServices) -> list[str]:
    """The names in the library folder (none when it was never made)."""
    folder = services.library.files_dir
    return sorted(path.name for path in folder.iterdir()) if folder.exists() else []
