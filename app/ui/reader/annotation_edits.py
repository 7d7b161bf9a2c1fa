"""Every change to a reading's annotations, stored at once and undoable.

Each change goes through ``AnnotationService`` the moment it is made (the store commits before
the call returns: a kill right after a stroke loses nothing), then lands on the tab's
``QUndoStack`` as a command that knows how to take it back:

- made: undo deletes them; redo puts the very same annotations back (``restore``: same ids,
  same times), so what refers to them (the side panel's selection) still finds them;
- changed (recoloured, moved, commented, retyped): undo restores the version before, redo
  the version after, both exactly as they were stored;
- deleted: undo restores them, redo deletes them again.

The first ``redo`` that ``QUndoStack.push`` calls does nothing: the change was already stored,
and a failed store call (``AnnotationError``: the reading has no PDF in the library yet) must
not leave a command on the stack for a change that never happened.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QUndoCommand, QUndoStack

from app.domain.annotation import Annotation, AnnotationKind
from app.domain.annotation_geometry import Quad, Rect, Stroke
from app.domain.errors import UserFacingError
from app.ui.reader.annotation_layer import AnnotationLayer

if TYPE_CHECKING:
    from app.services.annotations import AnnotationService


@dataclass(frozen=True)
class Draft:
    """An annotation about to be made: what ``AnnotationService.create`` takes."""

    page: int
    kind: AnnotationKind
    colour: str
    quads: tuple[Quad, ...] = ()
    strokes: tuple[Stroke, ...] = ()
    rect: Rect | None = None
    quote: str = ""
    comment: str = ""
    text: str = ""


class _Command(QUndoCommand):
    """A change already stored: ``redo`` after the first (the push) replays it."""

    def __init__(self, text: str, undo: Callable[[], None], redo: Callable[[], None]) -> None:
        super().__init__(text)
        self._undo, self._redo = undo, redo
        self._pushed = False

    def redo(self) -> None:
        if self._pushed:
            self._redo()
        self._pushed = True

    def undo(self) -> None:
        self._undo()


class AnnotationEditor(QObject):
    failed = Signal(str)  # a change could not be stored: one line saying why
    changed = Signal()  # after every change, undo and redo included

    def __init__(
        self,
        service: AnnotationService,
        reading_id: str,
        layer: AnnotationLayer,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._service = service
        self._reading_id = reading_id
        self._layer = layer
        self.undo_stack = QUndoStack(self)

    # -- changes -------------------------------------------------------------------------------

    def create(self, drafts: Sequence[Draft], text: str) -> list[Annotation]:
        """Make and store annotations (one undo step for all); [] when the store refused."""
        made: list[Annotation] = []
        try:
            for draft in drafts:
                made.append(
                    self._service.create(
                        self._reading_id,
                        page=draft.page,
                        kind=draft.kind,
                        colour=draft.colour,
                        quads=draft.quads,
                        strokes=draft.strokes,
                        rect=draft.rect,
                        quote=draft.quote,
                        comment=draft.comment,
                        text=draft.text,
                    )
                )
        except UserFacingError as problem:
            # All or nothing: half a passage marked would be one change the student did not make.
            self._service_delete([annotation.id for annotation in made])
            self.failed.emit(str(problem))
            return []
        if not made:
            return []
        self._layer.put(made)
        ids = [annotation.id for annotation in made]
        self._push(text, undo=lambda: self._deleted(ids), redo=lambda: self._restored(made))
        return made

    def change(self, before: Annotation, after: Annotation, text: str) -> Annotation | None:
        """Store a changed annotation (``after``); undo brings ``before`` back."""
        try:
            stored = self._service.update(after)
        except UserFacingError as problem:
            self.failed.emit(str(problem))
            return None
        self._layer.put([stored])
        self._push(
            text, undo=lambda: self._restored([before]), redo=lambda: self._restored([stored])
        )
        return stored

    def delete(self, annotations: Sequence[Annotation], text: str) -> None:
        gone = list(annotations)
        ids = [annotation.id for annotation in gone]
        self._service_delete(ids)
        self._layer.remove(ids)
        self._push(text, undo=lambda: self._restored(gone), redo=lambda: self._deleted(ids))

    # -- helpers -------------------------------------------------------------------------------

    def _push(self, text: str, *, undo: Callable[[], None], redo: Callable[[], None]) -> None:
        self.undo_stack.push(_Command(text, undo, redo))
        self.changed.emit()

    def _service_delete(self, ids: Sequence[str]) -> None:
        for annotation_id in ids:
            try:
                self._service.delete(annotation_id)
            except UserFacingError:
                continue  # already gone (deleted from the command line meanwhile): as wanted

    def _deleted(self, ids: Sequence[str]) -> None:
        self._service_delete(ids)
        self._layer.remove(ids)
        self.changed.emit()

    def _restored(self, annotations: Sequence[Annotation]) -> None:
        self._service.restore(annotations)
        self._layer.put(annotations)
        self.changed.emit()
