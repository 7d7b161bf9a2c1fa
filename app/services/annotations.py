"""Annotations, the use cases: make, change, delete and undo them; bring them in from PDFs;
send them out as an annotated copy or as Markdown; move them onto a new version of the paper.

Every change is stored at once (the store commits each call). Annotations belong to the PDF
version they were made on (its sha256); the reading's current file is the library's. When a
new file arrives for a reading (``file_arrived``, called by the library service), annotations
made on another version are re-anchored by their quotes, and what the new file carries itself
is imported.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING

from app.domain.annotation import (
    TEXT_MARKUP_KINDS,
    Annotation,
    AnnotationKind,
    ColourMeaning,
    meaning_for_colour,
    normalize_colour,
)
from app.domain.annotation_geometry import Quad, Rect, Stroke
from app.domain.annotation_markdown import annotations_markdown
from app.domain.annotation_transfer import ExportReport, adopted, reanchored
from app.domain.course import ListedReading
from app.domain.errors import UserFacingError
from app.domain.library import FetchState, LibraryEntry
from app.services.clock import Clock
from app.services.settings import SettingsService
from app.store.annotation_store import AnnotationStore
from app.store.course_store import CourseStore
from app.store.library_store import LibraryStore

if TYPE_CHECKING:
    from app.domain.annotation_transfer import ImportedAnnotation

NOTE_SIZE = 18.0  # points: the box of a sticky note's icon, pinned at its top left corner
_HAS_PDF = (FetchState.READY, FetchState.ATTACHED)


class AnnotationError(UserFacingError):
    """An annotation could not be made, found or moved; ``str()`` is one line saying why."""


@dataclass(frozen=True)
class ImportResult:
    added: tuple[Annotation, ...]
    already: int  # found in the file, but the reading has them already


@dataclass(frozen=True)
class ReanchorResult:
    moved: int  # found again in the new version
    not_found: tuple[Annotation, ...]  # kept, flagged, listed, exported nowhere


class AnnotationService:
    def __init__(
        self,
        store: AnnotationStore,
        settings: SettingsService,
        courses: CourseStore,
        library: LibraryStore,
        clock: Clock,
    ) -> None:
        self._store = store
        self._settings = settings
        self._courses = courses
        self._library = library
        self._clock = clock

    # -- reading them --------------------------------------------------------------------------

    def for_reading(self, reading_id: str) -> list[Annotation]:
        self._listed(reading_id)
        return self._store.for_readings([reading_id])

    def on_pages(self, reading_id: str, pages: Sequence[int]) -> list[Annotation]:
        """The reading's annotations on those pages (0-based): a reader's first screen."""
        return self._store.on_pages(reading_id, pages)

    def for_week(self, week: int) -> list[Annotation]:
        readings = self._courses.readings(week)
        if not readings:
            raise AnnotationError(f"week {week} has no readings")
        return self._store.for_readings([listed.reading.id for listed in readings])

    def search(self, text: str) -> list[Annotation]:
        """Every annotation of the term whose quote, comment or box text holds ``text``."""
        return self._store.search(text.strip()) if text.strip() else []

    def get(self, annotation_id: str) -> Annotation:
        found = self._store.get(annotation_id)
        if found is None:
            raise AnnotationError(f"there is no annotation {annotation_id}")
        return found

    # -- making and changing them --------------------------------------------------------------

    def create(
        self,
        reading_id: str,
        *,
        page: int,
        kind: AnnotationKind,
        colour: str,
        quads: Sequence[Quad] = (),
        strokes: Sequence[Stroke] = (),
        rect: Rect | None = None,
        quote: str = "",
        comment: str = "",
        text: str = "",
    ) -> Annotation:
        """A new annotation on the reading's current PDF, stored before this returns."""
        entry = self._current_file(reading_id)
        _check_page(entry, page)
        now = self._clock.now()
        annotation = Annotation(
            id=uuid.uuid4().hex,
            reading_id=reading_id,
            pdf_sha256=entry.sha256 or "",
            page=page,
            kind=kind,
            colour=colour,
            meaning=meaning_for_colour(colour, self._settings.palette()),
            quads=tuple(quads),
            strokes=tuple(strokes),
            rect=rect,
            quote=" ".join(quote.split()),
            comment=comment,
            text=text,
            author=self._settings.author(),
            created=now,
            modified=now,
        )
        self._store.save([annotation])
        return annotation

    def add_by_quote(
        self,
        reading_id: str,
        *,
        page: int,
        quote: str,
        kind: AnnotationKind = AnnotationKind.HIGHLIGHT,
        colour: str,
        comment: str = "",
    ) -> Annotation:
        """Text markup over ``quote`` as it stands on ``page`` (the first place it is found)."""
        from app.pdf.annotations import quads_for_quote_on_page

        if kind not in TEXT_MARKUP_KINDS:
            raise AnnotationError(
                f"a quote is marked with highlight, underline, strikeout or "
                f"squiggly, not {kind.value}"
            )
        entry = self._current_file(reading_id)
        _check_page(entry, page)
        quads = quads_for_quote_on_page(Path(entry.path or ""), page, quote)
        if not quads:
            raise AnnotationError(f"“{quote}” is not on page {page + 1}")
        return self.create(
            reading_id,
            page=page,
            kind=kind,
            colour=colour,
            quads=quads,
            quote=quote,
            comment=comment,
        )

    def add_at(
        self,
        reading_id: str,
        *,
        page: int,
        x: float,
        y: float,
        kind: AnnotationKind = AnnotationKind.NOTE,
        colour: str,
        comment: str = "",
        text: str = "",
    ) -> Annotation:
        """A sticky note (or a free-text box) with its top left corner at (x, y) in points."""
        if kind not in (AnnotationKind.NOTE, AnnotationKind.FREETEXT):
            raise AnnotationError(f"--at places a note or a text box, not {kind.value}")
        width = NOTE_SIZE if kind is AnnotationKind.NOTE else 160.0
        height = NOTE_SIZE if kind is AnnotationKind.NOTE else 40.0
        return self.create(
            reading_id,
            page=page,
            kind=kind,
            colour=colour,
            rect=Rect(x, y, x + width, y + height),
            comment=comment,
            text=text,
        )

    def update(self, annotation: Annotation) -> Annotation:
        """Store a changed annotation (recoloured, moved, commented): ``modified`` is now."""
        self.get(annotation.id)
        changed = replace(
            annotation,
            colour=normalize_colour(annotation.colour),
            meaning=meaning_for_colour(annotation.colour, self._settings.palette())
            or annotation.meaning,
            modified=self._clock.now(),
        )
        self._store.save([changed])
        return changed

    def delete(self, annotation_id: str) -> Annotation:
        """Delete one; it is returned so Undo can ``restore`` it exactly as it was."""
        gone = self.get(annotation_id)
        self._store.delete([annotation_id])
        return gone

    def warm_up(self) -> None:
        """Get the store ready to write (off the GUI thread: the first write loads SQLAlchemy)."""
        self._store.warm_up()

    def restore(self, annotations: Sequence[Annotation]) -> None:
        """Put annotations back exactly as given (Undo of a delete or of a change)."""
        self._store.save(annotations)

    def rename_meaning(self, colour: str, meaning: str) -> None:
        """Rename what a colour means; the annotations labelled with the old name follow.

        Those are the ones the old palette gave that name: made in the colour, or imported in
        a colour near enough to be taken for it (Acrobat's yellow #ffd100 for #ffd400). The new
        name is stored as the palette and the annotations both show it (spaces collapsed), so
        the two never part.
        """
        wanted = normalize_colour(colour)
        name = " ".join(meaning.split())
        palette = self._settings.palette()
        before = {entry.colour: entry.meaning for entry in palette}.get(wanted)
        self._settings.rename_meaning(wanted, name)
        if before is None or before == name:
            return
        # The nearest palette colour decides, as it did when the name was given: a colour
        # between two palette colours follows the one it was labelled by.
        labelled = {
            other
            for other in self._store.colours_meaning(before)
            if _taken_for(other, palette) == wanted
        }
        self._store.relabel(before, name, labelled)

    # -- PDFs in and out -----------------------------------------------------------------------

    def check_new_file(self, reading_id: str, source: Path) -> None:
        """Raise a one-line error unless ``source`` can become the reading's PDF.

        The reading must exist and the file must open without a password: a file that arrives
        is read for its annotations and searched for the quotes of the old ones at once, with
        nobody to ask for a password (``file_arrived``).
        """
        from app.pdf.document import open_pdf

        self._listed(reading_id)
        if not source.is_file():
            raise AnnotationError(f"{source}: no such file")
        open_pdf(source).close()  # the PdfOpenError family says what is wrong, naming the file

    def import_pdf(self, reading_id: str, source: Path) -> ImportResult:
        """The annotations inside ``source`` become the reading's own, once each.

        A file this app exported carries our ids (/NM): those already here are not added
        twice; nor is anything imported before (same import key).
        """
        from app.pdf.annotations import read_annotations

        entry = self._current_file(reading_id)
        found = read_annotations(source)
        existing = self._store.for_readings([reading_id])
        ours = {annotation.id for annotation in existing}
        keys = {annotation.import_key for annotation in existing if annotation.import_key}
        fresh = [item for item in found if item.import_key not in keys and item.pdf_id not in ours]
        added = tuple(self._adopt(item, reading_id, entry) for item in fresh)
        self._store.save(added)
        return ImportResult(added, already=len(found) - len(fresh))

    def export(self, reading_id: str, dest: Path) -> ExportReport:
        """A copy of the reading's PDF with its annotations in it; the library's file is kept."""
        from app.pdf.annotations import export_annotated_copy

        entry = self._current_file(reading_id)
        annotations = self._store.for_readings([reading_id])
        return export_annotated_copy(Path(entry.path or ""), annotations, dest)

    def markdown(self, reading_id: str) -> str:
        listed = self._listed(reading_id)
        return annotations_markdown(
            listed.reading.title, self.for_reading(reading_id), self._settings.palette()
        )

    def week_markdown(self, week: int) -> str:
        readings = self._courses.readings(week)
        if not readings:
            raise AnnotationError(f"week {week} has no readings")
        palette = self._settings.palette()
        parts = [f"# Week {week}\n"] + [
            annotations_markdown(
                listed.reading.title, self.for_reading(listed.reading.id), palette, level=2
            )
            for listed in readings
        ]
        return "\n".join(parts)

    # -- a new version of the paper ------------------------------------------------------------

    def file_arrived(self, entry: LibraryEntry) -> ReanchorResult:
        """The reading has a new file: move its annotations onto it, then take in the file's."""
        from app.pdf.annotations import find_quote

        if entry.path is None or entry.sha256 is None:
            return ReanchorResult(0, ())
        path = Path(entry.path)
        elsewhere = [
            annotation
            for annotation in self._store.for_readings([entry.reading_id])
            if annotation.pdf_sha256 != entry.sha256
        ]
        placed: list[Annotation] = []
        for annotation in elsewhere:
            matches = (
                find_quote(path, annotation.quote, annotation.page)
                if (annotation.kind in TEXT_MARKUP_KINDS and annotation.quote.strip())
                else []
            )
            placed.append(
                reanchored(
                    annotation, matches, pdf_sha256=entry.sha256, page_count=entry.pages or 0
                )
            )
        self._store.save(placed)
        self.import_pdf(entry.reading_id, path)
        return ReanchorResult(
            moved=sum(annotation.anchored for annotation in placed),
            not_found=tuple(annotation for annotation in placed if not annotation.anchored),
        )

    # -- helpers -------------------------------------------------------------------------------

    def _listed(self, reading_id: str) -> ListedReading:
        for listed in self._courses.readings():
            if listed.reading.id == reading_id:
                return listed
        raise AnnotationError(f"there is no reading {reading_id}")

    def _current_file(self, reading_id: str) -> LibraryEntry:
        self._listed(reading_id)
        entry = self._library.entry(reading_id)
        if entry.state not in _HAS_PDF or entry.path is None:
            raise AnnotationError(
                f"reading {reading_id} has no PDF here yet: download or attach it first"
            )
        return entry

    def _adopt(self, item: ImportedAnnotation, reading_id: str, entry: LibraryEntry) -> Annotation:
        return adopted(
            item,
            annotation_id=uuid.uuid4().hex,
            reading_id=reading_id,
            pdf_sha256=entry.sha256 or "",
            now=self._clock.now(),
            palette=self._settings.palette(),
        )


def _taken_for(colour: str, palette: Sequence[ColourMeaning]) -> str:
    """The palette colour ``colour`` is taken for, or "": ``meaning_for_colour``'s own rule,
    over a palette whose meanings are its colours."""
    return meaning_for_colour(
        colour, [ColourMeaning(entry.colour, entry.colour) for entry in palette]
    )


def _check_page(entry: LibraryEntry, page: int) -> None:
    if entry.pages is not None and not 0 <= page < entry.pages:
        raise AnnotationError(f"page {page + 1} is not in this PDF (it has {entry.pages} pages)")
