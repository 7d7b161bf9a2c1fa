"""Detach the PDF a student attached to a reading, and put it back (Undo).

The file is moved into the library's ``detached/`` folder, not deleted, so Undo can return
it, and the reading goes back to "not downloaded": its link's PDF can be downloaded again.
Annotations are stored by reading, not by file: they stay, and follow the next PDF of it.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from app.domain.errors import UserFacingError
from app.domain.library import FetchState, LibraryEntry
from app.store.library_store import LibraryStore

DETACHED_FOLDER = "detached"


class DetachError(UserFacingError):
    pass


@dataclass(frozen=True)
class Detachment:
    previous: LibraryEntry  # the reading with its attached file, as Undo restores it
    kept: Path | None  # where the file waits now; None when it was already gone
    entry: LibraryEntry  # the reading without it


def is_attached(entry: LibraryEntry) -> bool:
    """A file the student chose (whole or damaged), as opposed to one downloaded."""
    if entry.state is FetchState.ATTACHED:
        return True
    return entry.state is FetchState.DAMAGED and (entry.source_url or "").startswith("file:")


def detach(library: LibraryStore, files_dir: Path, reading_id: str, link: str | None) -> Detachment:
    previous = library.entry(reading_id)
    if not is_attached(previous):
        raise DetachError("this reading has no PDF of yours attached")
    kept = None
    if previous.path and Path(previous.path).is_file():
        folder = files_dir / DETACHED_FOLDER
        folder.mkdir(parents=True, exist_ok=True)
        kept = _free_name(folder, Path(previous.path).name)  # an earlier detached copy stays
        Path(previous.path).replace(kept)  # the same disk: a rename, never a half copy
    entry = LibraryEntry(reading_id, FetchState.NOT_FETCHED, link=link)
    library.save(entry)
    return Detachment(previous, kept, entry)


def undo_detach(library: LibraryStore, detachment: Detachment) -> LibraryEntry:
    """The detached file back in place, unless the reading has another file by now."""
    previous = detachment.previous
    now = library.entry(previous.reading_id)
    if now.state is not FetchState.NOT_FETCHED or now.path:
        raise DetachError("the reading has another file since; attach the old one yourself")
    if detachment.kept is None or previous.path is None or not detachment.kept.is_file():
        raise DetachError("the detached file is no longer in the library's detached folder")
    detachment.kept.replace(previous.path)
    library.save(previous)
    return previous


def _free_name(folder: Path, name: str) -> Path:
    """``name`` in ``folder``, or ``stem (2).pdf`` and so on when that is taken."""
    wanted = folder / name
    number = 2
    while wanted.exists():
        wanted = folder / f"{Path(name).stem} ({number}){Path(name).suffix}"
        number += 1
    return wanted
