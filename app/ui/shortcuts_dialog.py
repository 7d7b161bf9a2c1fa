"""Help > Keyboard Shortcuts (F1): every key of the window, with a search field.

The list is read from the window's real actions (its menus, in their order, and the actions it
holds outside them), so a command given a key shows up without anyone updating a list. The
reader's and the annotation tools' keys come from their own toolbars, built once here off
screen when no reading is open. A few keys are not actions (Enter in the search field, Escape
in a tool, Ctrl + wheel): those are listed below them by hand.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMainWindow,
    QMenu,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.domain.annotation import DEFAULT_PALETTE

NATIVE = QKeySequence.SequenceFormat.NativeText

# Keys that are no action of their own: (section, what it does, keys)
NOT_ACTIONS = (
    ("Reader", "Zoom", "Ctrl + wheel"),
    ("Reader", "Next / previous match (in the search field)", "Enter, Shift+Enter"),
    ("Reader", "Leave the search", "Escape"),
    ("Reader", "Close the reading in front", "StandardKey.Close"),
    ("Annotating", "Undo", "StandardKey.Undo"),
    ("Annotating", "Redo", "Ctrl+Shift+Z, Ctrl+Y"),
    ("Annotating", "This reading's annotations", "Ctrl+Shift+A"),
    ("Annotating", "Back to the Select tool", "Escape"),
    ("Annotating", "Keep a note's text / leave it as it was", "Ctrl+Enter, Escape"),
    ("Reviews", "Submit the review shown", "Ctrl+Return"),
)


@dataclass(frozen=True)
class Shortcut:
    section: str
    command: str
    keys: str


def keys_text(action: QAction) -> str:
    return ", ".join(key.toString(NATIVE) for key in action.shortcuts())


def command_text(action: QAction) -> str:
    return action.text().replace("&&", "\0").replace("&", "").replace("\0", "&").rstrip("…. ")


def window_shortcuts(window: QMainWindow) -> list[Shortcut]:
    """The window's keys: its menus' actions in menu order, then the rest it holds."""
    found: list[Shortcut] = []
    listed: set[int] = set()

    def walk(menu: QMenu, section: str) -> None:
        for action in menu.actions():
            if isinstance(submenu := action.menu(), QMenu):
                walk(submenu, section)
            elif action.shortcuts() and id(action) not in listed:
                listed.add(id(action))
                found.append(Shortcut(section, command_text(action), keys_text(action)))

    for top in window.menuBar().actions():
        if isinstance(menu := top.menu(), QMenu):
            walk(menu, command_text(top))
    for action in window.findChildren(QAction, options=Qt.FindChildOption.FindDirectChildrenOnly):
        if action.shortcuts() and id(action) not in listed and action.text():
            listed.add(id(action))
            found.append(Shortcut("Window", command_text(action), keys_text(action)))
    return found


def reader_shortcuts() -> list[Shortcut]:
    """The reader's and the annotation tools' keys, from toolbars made for the purpose."""
    from app.ui.reader.annotation_tools import AnnotationToolBar
    from app.ui.reader.toolbar import ReaderToolbar

    owner = QWidget()
    try:
        reader = ReaderToolbar(owner)
        found = [
            Shortcut("Reader", command_text(a), keys_text(a))
            for a in owner.actions()
            if a.shortcuts()
        ]
        seen = {id(a) for a in owner.actions()}
        undo, redo = QAction("Undo", owner), QAction("Redo", owner)
        AnnotationToolBar(owner, DEFAULT_PALETTE, undo, redo)
        for action in owner.actions():
            if action.shortcuts() and id(action) not in seen:
                command = command_text(action)
                if action.data() and str(action.data()).startswith("#"):
                    command = f"Colour: {command}"
                found.append(Shortcut("Annotating", command, keys_text(action)))
        del reader
    finally:
        owner.deleteLater()
    return found


def not_actions() -> list[Shortcut]:
    shortcuts = []
    for section, command, keys in NOT_ACTIONS:
        if keys.startswith("StandardKey."):
            standard = getattr(QKeySequence.StandardKey, keys.removeprefix("StandardKey."))
            keys = ", ".join(k.toString(NATIVE) for k in QKeySequence.keyBindings(standard))
        shortcuts.append(Shortcut(section, command, keys))
    return shortcuts


def all_shortcuts(window: QMainWindow) -> list[Shortcut]:
    return window_shortcuts(window) + reader_shortcuts() + not_actions()


class ShortcutsDialog(QDialog):
    def __init__(self, window: QMainWindow) -> None:
        super().__init__(window)
        self.setWindowTitle("Keyboard Shortcuts")
        self.resize(560, 620)
        self.search = QLineEdit()
        self.search.setPlaceholderText("Search commands and keys")
        self.search.setAccessibleName("Search shortcuts")
        self.search.setClearButtonEnabled(True)
        self.tree = QTreeWidget()
        self.tree.setColumnCount(2)
        self.tree.setHeaderLabels(["Command", "Keys"])
        self.tree.setAccessibleName("Keyboard shortcuts")
        self.tree.setRootIsDecorated(False)
        self.tree.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.tree.header().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.tree.header().setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        self.tree.header().setStretchLastSection(False)
        self.empty = QLabel("No shortcut matches.")
        self.empty.hide()
        self.shortcuts = all_shortcuts(window)
        self._fill()
        self.search.textChanged.connect(self._filter)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.search)
        layout.addWidget(self.tree, 1)
        layout.addWidget(self.empty)
        layout.addWidget(buttons)

    def visible_rows(self) -> list[tuple[str, str, str]]:
        """(section, command, keys) of each row shown, in order."""
        return [
            (shortcut.section, shortcut.command, shortcut.keys)
            for section, rows in self._rows
            if not section.isHidden()
            for row, shortcut in rows
            if not row.isHidden()
        ]

    def _fill(self) -> None:
        self._rows: list[tuple[QTreeWidgetItem, list[tuple[QTreeWidgetItem, Shortcut]]]] = []
        sections: dict[str, list[tuple[QTreeWidgetItem, Shortcut]]] = {}
        for shortcut in self.shortcuts:
            rows = sections.get(shortcut.section)
            if rows is None:
                section = QTreeWidgetItem([shortcut.section])
                font = section.font(0)
                font.setBold(True)
                section.setFont(0, font)
                self.tree.addTopLevelItem(section)
                rows = sections[shortcut.section] = []
                self._rows.append((section, rows))
            rows.append((QTreeWidgetItem(section, [shortcut.command, shortcut.keys]), shortcut))
        self.tree.expandAll()

    def _filter(self, text: str) -> None:
        words = text.casefold().split()
        any_shown = False
        for section, rows in self._rows:
            shown_here = False
            for row, shortcut in rows:
                haystack = f"{shortcut.section} {shortcut.command} {shortcut.keys}".casefold()
                matches = all(word in haystack for word in words)
                row.setHidden(not matches)
                shown_here = shown_here or matches
            section.setHidden(not shown_here)
            any_shown = any_shown or shown_here
        self.empty.setVisible(not any_shown)
