"""The annotation tool strip beside the pages: tools, colours, pen width, undo and redo.

Each tool and each colour has a one-key shortcut (tab-local, like the reader's other keys, so
they reach the reading that has the focus; a text field that has the focus keeps its typing,
since Qt lets text editors take printable keys before shortcuts). The keys avoid the page
view's own: j / k scroll, Space pages.

    V select    H highlight    U underline    S strike-out    Q squiggly
    N note      P pen (ink)    T text box     1-5 colours     Escape: back to Select
"""

from __future__ import annotations

from collections.abc import Sequence
from enum import StrEnum

from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtGui import QAction, QActionGroup, QKeySequence
from PySide6.QtWidgets import QMenu, QToolBar, QToolButton, QWidget

from app.domain.annotation import AnnotationKind, ColourMeaning
from app.ui.icons import swatch_icon
from app.ui.reader.icons import reader_icon, set_reader_icon
from app.ui.reader.toolbar import reader_action
from app.ui.theme import on_theme_change


class Tool(StrEnum):
    SELECT = "select"
    HIGHLIGHT = "highlight"
    UNDERLINE = "underline"
    STRIKEOUT = "strikeout"
    SQUIGGLY = "squiggly"
    NOTE = "note"
    INK = "ink"
    FREETEXT = "freetext"


# Tool, its name, key, icon, and what it does (the tooltip).
TOOLS: tuple[tuple[Tool, str, str, str, str], ...] = (
    (Tool.SELECT, "Select", "V", "annotate-select", "Select text and annotations"),
    (Tool.HIGHLIGHT, "Highlight", "H", "annotate-highlight", "Highlight text"),
    (Tool.UNDERLINE, "Underline", "U", "annotate-underline", "Underline text"),
    (Tool.STRIKEOUT, "Strike out", "S", "annotate-strikeout", "Strike text out"),
    (Tool.SQUIGGLY, "Squiggly", "Q", "annotate-squiggly", "Squiggly underline"),
    (Tool.NOTE, "Note", "N", "annotate-note", "Pin a note: click where it goes"),
    (Tool.INK, "Pen", "P", "annotate-ink", "Draw free hand"),
    (Tool.FREETEXT, "Text box", "T", "annotate-text", "Write on the page: click or drag a box"),
)
MARKUP_KINDS: dict[Tool, AnnotationKind] = {
    Tool.HIGHLIGHT: AnnotationKind.HIGHLIGHT,
    Tool.UNDERLINE: AnnotationKind.UNDERLINE,
    Tool.STRIKEOUT: AnnotationKind.STRIKEOUT,
    Tool.SQUIGGLY: AnnotationKind.SQUIGGLY,
}
# The pen widths offered, in points, with their names and icons.
PEN_WIDTHS: tuple[tuple[str, float, str], ...] = (
    ("Fine", 0.75, "pen-fine"),
    ("Medium", 1.5, "pen-medium"),
    ("Bold", 3.0, "pen-bold"),
)
DEFAULT_PEN_WIDTH = PEN_WIDTHS[1][1]


class AnnotationToolBar(QToolBar):
    tool_chosen = Signal(object)  # Tool: from a button or a key
    colour_chosen = Signal(str)  # #rrggbb
    pen_width_chosen = Signal(float)

    def __init__(
        self, owner: QWidget, palette: Sequence[ColourMeaning], undo: QAction, redo: QAction
    ) -> None:
        super().__init__("Annotate", owner)
        self.setOrientation(Qt.Orientation.Vertical)
        self.setMovable(False)
        self.setIconSize(QSize(20, 20))
        self.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonIconOnly)
        self.setAccessibleName("Annotation tools")
        self.tool = Tool.SELECT
        self.pen_width = DEFAULT_PEN_WIDTH
        self.tool_actions: dict[Tool, QAction] = {}
        tools = QActionGroup(self)
        for tool, name, key, icon, tip in TOOLS:
            action = reader_action(owner, name, icon, [QKeySequence(key)], checkable=True, tip=tip)
            action.setData(tool.value)
            tools.addAction(action)
            self.addAction(action)
            self.tool_actions[tool] = action
            action.triggered.connect(lambda _checked=False, chosen=tool: self._tool_clicked(chosen))
        self.tool_actions[Tool.SELECT].setChecked(True)
        self.addSeparator()
        self._owner = owner
        self._colours = QActionGroup(self)
        self._colours_end = self.addSeparator()  # colour buttons go in before it
        self.colour_actions: list[QAction] = []
        self.colour = ""
        self.set_palette(palette)
        self.pen_button = QToolButton()
        self.pen_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.pen_button.setAccessibleName("Pen width")
        self.pen_menu = QMenu(self.pen_button)
        self.pen_actions: dict[float, QAction] = {}
        widths = QActionGroup(self)
        for name, width, icon in PEN_WIDTHS:
            action = self.pen_menu.addAction(f"{name} ({width:g} pt)")
            set_reader_icon(action, owner, icon)
            action.setCheckable(True)
            widths.addAction(action)
            action.triggered.connect(
                lambda _checked=False, chosen=width: self.set_pen_width(chosen)
            )
            self.pen_actions[width] = action
        self.pen_button.setMenu(self.pen_menu)
        self.addWidget(self.pen_button)
        self.set_pen_width(DEFAULT_PEN_WIDTH)
        on_theme_change(self, self._paint_pen_icon)  # drawn in the text colour of the theme
        self.addSeparator()
        set_reader_icon(undo, owner, "annotate-undo")
        set_reader_icon(redo, owner, "annotate-redo")
        self.addAction(undo)
        self.addAction(redo)

    # -- tools ---------------------------------------------------------------------------------

    def set_tool(self, tool: Tool) -> None:
        """Show ``tool`` as the one in use (no signal: the owner decided it)."""
        self.tool = tool
        self.tool_actions[tool].setChecked(True)

    def _tool_clicked(self, tool: Tool) -> None:
        self.tool_chosen.emit(tool)

    # -- colours -------------------------------------------------------------------------------

    def set_palette(self, palette: Sequence[ColourMeaning]) -> None:
        """Offer the palette's colours, named by what they mean (renamed meanings follow)."""
        for action in self.colour_actions:
            self.removeAction(action)
            self._owner.removeAction(action)
            self._colours.removeAction(action)
            action.deleteLater()
        self.colour_actions = []
        for number, entry in enumerate(palette[:9], start=1):
            action = reader_action(
                self._owner,
                entry.meaning,
                "",
                [QKeySequence(str(number))],
                checkable=True,
                tip=f"Colour: {entry.meaning}",
            )
            action.setIcon(swatch_icon(entry.colour))
            action.setData(entry.colour)
            action.triggered.connect(
                lambda _checked=False, colour=entry.colour: self.colour_chosen.emit(colour)
            )
            self._colours.addAction(action)
            self.colour_actions.append(action)
            self.insertAction(self._colours_end, action)
        colours = [entry.colour for entry in palette]
        self.set_colour(self.colour if self.colour in colours else colours[0] if colours else "")

    def set_colour(self, colour: str) -> None:
        self.colour = colour
        for action in self.colour_actions:
            action.setChecked(action.data() == colour)

    # -- pen -----------------------------------------------------------------------------------

    def _paint_pen_icon(self) -> None:
        icon = next(entry[2] for entry in PEN_WIDTHS if entry[1] == self.pen_width)
        self.pen_button.setIcon(reader_icon(self._owner, icon))

    def set_pen_width(self, width: float) -> None:
        self.pen_width = width
        name = next(entry for entry in PEN_WIDTHS if entry[1] == width)
        self.pen_actions[width].setChecked(True)
        self._paint_pen_icon()
        self.pen_button.setToolTip(f"Pen width: {name[0].lower()} ({width:g} pt)")
        self.pen_width_chosen.emit(width)
