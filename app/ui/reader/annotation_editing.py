"""The editors a student types into on the page: a comment beside an annotation, the text of a
text box in place. At most one of each is open; opening one keeps (commits) what the other
held, and so does a click elsewhere on the page (``commit``). They follow the page when it
scrolls or zooms (``place``).

What they hold is stored when the typing is done, through ``AnnotationEditor`` (so it can be
undone): a comment that changed, a new text box with some text, a text box retyped, or
emptied (then it is deleted: a text box with no text is no text box).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

from PySide6.QtCore import QObject

from app.domain.annotation import Annotation, AnnotationKind
from app.domain.annotation_geometry import Rect
from app.services.reader import Box
from app.ui.reader.annotation_editors import CommentEditor, TextBoxEditor
from app.ui.reader.annotation_edits import AnnotationEditor, Draft
from app.ui.reader.annotation_layer import AnnotationLayer
from app.ui.reader.annotation_paint import TEXT_BOX_FONT_POINTS
from app.ui.reader.page_view import PageView


class PageEditors(QObject):
    def __init__(
        self,
        view: PageView,
        layer: AnnotationLayer,
        edits: AnnotationEditor,
        colour: Callable[[], str],
    ) -> None:
        super().__init__(view)
        self._view = view
        self._layer = layer
        self._edits = edits
        self._colour = colour
        self.comment_editor: CommentEditor | None = None
        self.text_editor: TextBoxEditor | None = None
        self._text_box: tuple[int, Rect, Annotation | None] | None = None  # page, box, retyped

    # -- comments ------------------------------------------------------------------------------

    def open_comment(self, annotation: Annotation) -> None:
        self.commit()
        meaning = annotation.meaning or "comment"
        title = f"Comment · {meaning} · {annotation.page_label}"
        editor = CommentEditor(annotation.id, title, annotation.comment, self._view.viewport())
        editor.saved.connect(self._comment_saved)
        editor.cancelled.connect(self._close_comment_editor)
        self.comment_editor = editor
        self.place()
        editor.open()

    def _comment_saved(self, annotation_id: str, comment: str) -> None:
        self._close_comment_editor()
        before = self._layer.get(annotation_id)
        if before is not None and comment != before.comment:
            self._edits.change(before, replace(before, comment=comment), "Comment")

    def _close_comment_editor(self) -> None:
        editor, self.comment_editor = self.comment_editor, None
        if editor is not None:
            editor.hide()
            editor.deleteLater()
            self._view.setFocus()

    # -- text boxes ----------------------------------------------------------------------------

    def write_text_box(self, page: int, box: Rect, retyped: Annotation | None = None) -> None:
        """Type a new text box's text in ``box``, or ``retyped``'s text again."""
        self.commit()
        ppp = self._view.page_geometry(page).pixels_per_point
        editor = TextBoxEditor(
            retyped.text if retyped else "",
            TEXT_BOX_FONT_POINTS * ppp,
            self._view.viewport(),
            dark=self._view.dark,
        )
        editor.committed.connect(self._text_box_written)
        editor.cancelled.connect(self._close_text_editor)
        self.text_editor = editor
        self._text_box = (page, box, retyped)
        self.place()
        editor.open()

    def _text_box_written(self, text: str) -> None:
        if self._text_box is None:
            return
        page, box, retyped = self._text_box
        self._close_text_editor()
        if retyped is None and text:
            draft = Draft(page, AnnotationKind.FREETEXT, self._colour(), rect=box, text=text)
            made = self._edits.create([draft], "Text box")
            if made:
                self._layer.select(made[0].id)
        elif retyped is not None and not text:
            self._edits.delete([retyped], "Delete")
        elif retyped is not None and text != retyped.text:
            self._edits.change(retyped, replace(retyped, text=text), "Edit text")

    def _close_text_editor(self) -> None:
        editor, self.text_editor, self._text_box = self.text_editor, None, None
        if editor is not None:
            editor.hide()
            editor.deleteLater()
            self._view.setFocus()

    # -- both ----------------------------------------------------------------------------------

    def commit(self) -> bool:
        """Keep what open editors hold and close them; whether any was open."""
        was_open = self.comment_editor is not None or self.text_editor is not None
        if self.comment_editor is not None:
            self.comment_editor.commit()
        if self.text_editor is not None:
            self.text_editor.commit()
        return was_open

    def place(self) -> None:
        """Put the open editors where their annotations are on screen now."""
        if self.comment_editor is not None:
            annotation = self._layer.get(self.comment_editor.annotation_id)
            bounds = annotation.bounds if annotation is not None else None
            if annotation is not None and bounds is not None:
                geometry = self._view.page_geometry(annotation.page)
                box = Box(bounds.x0, bounds.y0, bounds.x1, bounds.y1)
                self.comment_editor.place(geometry.box_to_view(box))
        if self.text_editor is not None and self._text_box is not None:
            page, box_on_page, _retyped = self._text_box
            geometry = self._view.page_geometry(page)
            box = Box(box_on_page.x0, box_on_page.y0, box_on_page.x1, box_on_page.y1)
            self.text_editor.place(geometry.box_to_view(box))
