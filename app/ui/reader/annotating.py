"""Annotating a reading in its tab: the tools, the layer drawn over the pages, the editors, the
side panel and undo, wired together. ``ReaderTab`` makes one when it knows the reading and has
the annotation service; without them (a file opened on its own) the reader only reads.

Every change is stored the moment it is made (``AnnotationEditor``). The first write of a
session imports SQLAlchemy (~0.2 s): ``start``, called once the first page is drawn, does that
on a thread of its own, so the student's first stroke does not stall.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QPoint, QRunnable, Qt, QThreadPool, Signal
from PySide6.QtGui import QAction, QGuiApplication, QKeySequence
from PySide6.QtWidgets import QMenu

from app.domain.annotation import DEFAULT_PALETTE, Annotation, AnnotationKind, ColourMeaning
from app.domain.annotation_geometry import Point, Quad, Rect, Stroke
from app.services.annotations import NOTE_SIZE
from app.services.reader import Box, selected_text
from app.ui.icons import swatch_icon
from app.ui.message_banner import BannerKind
from app.ui.reader.annotation_editing import PageEditors
from app.ui.reader.annotation_edits import AnnotationEditor, Draft
from app.ui.reader.annotation_input import AnnotationInput
from app.ui.reader.annotation_layer import AnnotationLayer
from app.ui.reader.annotation_panel import PANEL_WIDTH, AnnotationPanel
from app.ui.reader.annotation_tools import MARKUP_KINDS, TOOLS, AnnotationToolBar, Tool
from app.ui.reader.selection import line_boxes
from app.ui.reader.toolbar import reader_action

if TYPE_CHECKING:
    from app.services.annotations import AnnotationService
    from app.services.settings import SettingsService
    from app.ui.reader.reader_tab import ReaderTab

KIND_NAMES = {kind: name for tool, name, *_rest in TOOLS if (kind := MARKUP_KINDS.get(tool))}
LOOK_AHEAD = 1 / 3  # a jump puts the annotation this far down the view: its context shows


class _Task(QRunnable):
    def __init__(self, work: Callable[[], None]) -> None:
        super().__init__()
        self._work = work

    def run(self) -> None:
        self._work()


class ReaderAnnotations(QObject):
    changed = Signal()  # after every change made here (undo and redo too)
    _read_all = Signal(object)  # all of the reading's annotations, read on the worker

    def __init__(
        self,
        tab: ReaderTab,
        service: AnnotationService,
        settings: SettingsService | None,
        reading_id: str,
    ) -> None:
        super().__init__(tab)
        self._tab = tab
        self._view = tab.view
        self._service = service
        self._settings = settings
        self.reading_id = reading_id
        self.palette: tuple[ColourMeaning, ...] = self._read_palette()
        self.tool = Tool.SELECT
        self.layer = AnnotationLayer(tab.view, lambda: service.for_reading(reading_id))
        self.edits = AnnotationEditor(service, reading_id, self.layer, self)
        stack = self.edits.undo_stack
        self.undo_action = stack.createUndoAction(tab, "Undo")
        self.redo_action = stack.createRedoAction(tab, "Redo")
        self._keys(self.undo_action, [QKeySequence(QKeySequence.StandardKey.Undo)])
        self._keys(self.redo_action, [QKeySequence("Ctrl+Shift+Z"), QKeySequence("Ctrl+Y")])
        self.tools = AnnotationToolBar(tab, self.palette, self.undo_action, self.redo_action)
        self.panel = AnnotationPanel()
        self.panel.setVisible(False)
        self.panel_action = reader_action(
            tab,
            "Annotations",
            "annotations-list",
            [QKeySequence("Ctrl+Shift+A")],
            checkable=True,
            tip="Show this reading's annotations",
        )
        self.input = AnnotationInput(tab.view, self)
        self.editors = PageEditors(tab.view, self.layer, self.edits, lambda: self.colour)
        self.context_menu: QMenu | None = None
        self._pending: str | None = None  # shown once the pages are up
        self._warm_up_pool = QThreadPool(self)
        self._warm_up_pool.setMaxThreadCount(1)
        self._connect()
        self._read_all.connect(self.layer.take_all)

    def _keys(self, action: QAction, keys: list[QKeySequence]) -> None:
        action.setShortcuts(keys)
        action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self._tab.addAction(action)

    def _connect(self) -> None:
        self.tools.tool_chosen.connect(self.choose_tool)
        self.tools.colour_chosen.connect(self.choose_colour)
        self.panel_action.toggled.connect(self.show_panel)
        self.panel.activated.connect(self.show_annotation)
        self.panel.copy_requested.connect(self.copy_markdown)
        self.layer.changed.connect(self._refresh_panel)
        self.layer.selection_changed.connect(self._selection_changed)
        self.edits.failed.connect(self._failed)
        self.edits.changed.connect(self.changed)
        self._view.verticalScrollBar().valueChanged.connect(self.editors.place)
        self._view.horizontalScrollBar().valueChanged.connect(self.editors.place)
        self._view.zoom_changed.connect(self.editors.place)

    def _read_palette(self) -> tuple[ColourMeaning, ...]:
        return tuple(self._settings.palette()) if self._settings is not None else DEFAULT_PALETTE

    @property
    def colour(self) -> str:
        return self.tools.colour

    @property
    def pen_width(self) -> float:
        return self.tools.pen_width

    # -- the tab's side ------------------------------------------------------------------------

    def start(self) -> None:
        """The first page is up: show its annotations, read the rest on the worker (500 take
        ~20 ms to decode), and get the store ready for writing there too."""
        pages = list(self._view.visible_pages())
        self.layer.take_pages(pages, self._service.on_pages(self.reading_id, pages))
        reading, service = self.reading_id, self._service
        self._warm_up_pool.start(_Task(lambda: self._read_all.emit(service.for_reading(reading))))
        # What the first real write needs (SQLAlchemy, the ORM, the engine), off the GUI thread.
        self._warm_up_pool.start(_Task(service.warm_up))
        if self._pending is not None:
            self.show_annotation(self._pending)

    def reload(self) -> None:
        """Read the annotations and the palette's names again (changed elsewhere)."""
        self.palette = self._read_palette()
        self.tools.set_palette(self.palette)
        if self._tab.document is not None:
            self.layer.reload()

    def show_annotation(self, annotation_id: str) -> None:
        """Scroll to the annotation, select it and flash it (once the pages are up)."""
        if self._tab.document is None:
            self._pending = annotation_id
            return
        self._pending = None
        self.layer.ensure_loaded()
        annotation = self.layer.get(annotation_id)
        if annotation is None:
            self.layer.reload()
            annotation = self.layer.get(annotation_id)
        if annotation is None or annotation.reading_id != self.reading_id:
            return
        bounds = annotation.bounds
        geometry = self._view.page_geometry(annotation.page)
        if bounds is not None:
            above = self._view.viewport().height() * LOOK_AHEAD / geometry.pixels_per_point
            self._tab.jump(annotation.page, max(bounds.y0 - above, 0.0))
            box = Box(bounds.x0, bounds.y0, bounds.x1, bounds.y1)
            self._view.ensure_visible(annotation.page, box)
        else:
            self._tab.jump(annotation.page)
        self.layer.select(annotation.id)
        self.layer.flash(annotation.id)
        self.panel.select(annotation.id)

    def shutdown(self) -> None:
        self.layer.stop_flash()
        self.editors.commit()
        if self.context_menu is not None:
            self.context_menu.close()
        self._warm_up_pool.waitForDone()

    def show_panel(self, shown: bool) -> None:
        self.panel.setVisible(shown)
        if shown:
            self._refresh_panel()
            sizes = self._tab.splitter.sizes()
            if sizes[-1] < PANEL_WIDTH // 2:
                sizes[1] -= PANEL_WIDTH - sizes[-1]
                sizes[-1] = PANEL_WIDTH
                self._tab.splitter.setSizes(sizes)
        blocked = self.panel_action.blockSignals(True)
        self.panel_action.setChecked(shown)
        self.panel_action.blockSignals(blocked)

    def copy_markdown(self) -> None:
        QGuiApplication.clipboard().setText(self._service.markdown(self.reading_id))
        count = len(self.layer.all())
        self.panel.show_status(f"Copied {count} annotation{'s' * (count != 1)} as Markdown.")

    def _refresh_panel(self) -> None:
        if self.panel.isVisible():
            self.panel.set_annotations(self.layer.all(), self.palette)
            if self.layer.selected_id is not None:
                self.panel.select(self.layer.selected_id)

    def _selection_changed(self, annotation_id: str | None) -> None:
        if annotation_id is not None:
            self.panel.select(annotation_id)

    def _failed(self, message: str) -> None:
        self._tab.banner.show_message(BannerKind.ERROR, f"Not saved: {message}")

    # -- tools and colours ---------------------------------------------------------------------

    def choose_tool(self, tool: Tool) -> None:
        """Take ``tool``; a marking tool chosen with text selected marks that text at once."""
        self.editors.commit()
        if tool in MARKUP_KINDS and self._view.selection is not None:
            self.mark_selection(MARKUP_KINDS[tool])
            tool = Tool.SELECT
        self.tool = tool
        self.tools.set_tool(tool)
        if tool is not Tool.SELECT:
            self.layer.select(None)
        self._view.viewport().unsetCursor()

    def choose_colour(self, colour: str) -> None:
        """Use ``colour`` from now on; the selected annotation takes it too."""
        self.tools.set_colour(colour)
        selected = self.layer.selected
        if selected is not None and selected.editable and selected.colour != colour:
            self.edits.change(selected, replace(selected, colour=colour), "Recolour")

    def escape(self) -> bool:
        if self.tool is not Tool.SELECT:
            self.choose_tool(Tool.SELECT)
        elif self.layer.selected_id is not None:
            self.layer.select(None)
        elif self._view.selection is not None:
            self._view.set_selection(None)
        else:
            return False
        return True

    # -- making annotations --------------------------------------------------------------------

    def mark_selection(self, kind: AnnotationKind) -> list[Annotation]:
        """Mark the selected text: one annotation per page, one quad per line of words."""
        selection = self._view.selection
        drafts = []
        for page in selection.pages if selection is not None else ():
            text = self._view.page_text(page)
            if selection is None or text is None:
                continue
            indices = selection.indices_on(page, len(text.words))
            if not indices:
                continue
            quads = tuple(
                Quad.from_rect(Rect(box.x0, box.y0, box.x1, box.y1))
                for box in line_boxes(text.words, indices)
            )
            quote = selected_text([[text.words[index] for index in indices]])
            drafts.append(Draft(page, kind, self.colour, quads=quads, quote=quote))
        self._view.set_selection(None)
        return self.edits.create(drafts, KIND_NAMES[kind])

    def place_note(self, page: int, at: Point) -> None:
        """A sticky note centred where the click was, then its comment editor."""
        size = self._view.sizes[page]
        half = NOTE_SIZE / 2
        x = min(max(at.x - half, 0.0), size.width - NOTE_SIZE)
        y = min(max(at.y - half, 0.0), size.height - NOTE_SIZE)
        rect = Rect(x, y, x + NOTE_SIZE, y + NOTE_SIZE)
        made = self.edits.create([Draft(page, AnnotationKind.NOTE, self.colour, rect=rect)], "Note")
        if made:
            self.layer.select(made[0].id)
            self.editors.open_comment(made[0])

    def add_ink(self, page: int, stroke: Stroke) -> None:
        self.edits.create([Draft(page, AnnotationKind.INK, self.colour, strokes=(stroke,))], "Pen")

    # -- changing them -------------------------------------------------------------------------

    def move(self, before: Annotation, after: Annotation) -> None:
        self.edits.change(before, after, "Move")

    def edit(self, annotation: Annotation) -> None:
        """A double click: a text box's text, any other annotation's comment."""
        if annotation.kind is AnnotationKind.FREETEXT and annotation.rect is not None:
            self.editors.write_text_box(annotation.page, annotation.rect, annotation)
        else:
            self.editors.open_comment(annotation)

    def delete_selected(self) -> bool:
        selected = self.layer.selected
        if selected is None:
            return False
        self.edits.delete([selected], "Delete")
        return True

    # -- the context menu ----------------------------------------------------------------------

    def show_context_menu(self, where: QPoint, target: tuple[int, float, float] | None) -> bool:
        """Right click: what can be done to the annotation under the pointer, or to the
        selected text. Shown without waiting (``popup``): the event loop goes on."""
        hit = self.layer.annotation_at(*target) if target is not None else None
        menu = QMenu(self._view)
        if hit is not None:
            self.layer.select(hit.id)
            menu.addAction("Comment…", lambda: self.editors.open_comment(hit))
            if hit.kind is AnnotationKind.FREETEXT:
                menu.addAction("Edit text…", lambda: self.edit(hit))
            if hit.editable:
                # The colours inline, not in a submenu: recolouring is one click.
                menu.addSection("Colour")
                for entry in self.palette:
                    action = menu.addAction(swatch_icon(entry.colour), entry.meaning)
                    action.setCheckable(True)
                    action.setChecked(entry.colour == hit.colour)
                    action.triggered.connect(lambda _c=False, c=entry.colour: self.choose_colour(c))
            menu.addSeparator()
            menu.addAction("Delete", lambda: self.edits.delete([hit], "Delete"))
        elif self._view.selection is not None:
            for tool, kind in MARKUP_KINDS.items():
                action = self.tools.tool_actions[tool]
                menu.addAction(
                    action.icon(), KIND_NAMES[kind], lambda k=kind: self.mark_selection(k)
                )
            menu.addSeparator()
            menu.addAction(self._tab.toolbar.copy)
        else:
            menu.deleteLater()
            return False
        menu.aboutToHide.connect(menu.deleteLater)
        menu.aboutToHide.connect(self._menu_closed)
        self.context_menu = menu
        menu.popup(where)
        return True

    def _menu_closed(self) -> None:
        self.context_menu = None
