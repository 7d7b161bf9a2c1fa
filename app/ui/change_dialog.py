"""After a sync that changed something: what changed, grouped by week, and what was not understood.

Shown window-modal but not blocking (``open()``), so the sync's caller returns at once.
"""

from __future__ import annotations

import re
from collections import defaultdict

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QRect, QSize, Qt
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.domain.changes import Change, ChangeItem, ChangeKind
from app.domain.course import Syllabus
from app.services.sync import SyncOutcome


def _bold(item: QTreeWidgetItem) -> None:
    font = item.font(0)
    font.setBold(True)
    item.setFont(0, font)


# The plan words a reading that changed week as "Title: moved from week N[; other changes]".
_MOVED = re.compile(r"^(?P<title>.*): moved from week (?P<week>\d+)(?:; (?P<rest>.*))?$")


def change_line(change: Change) -> str:
    """``Added reading: Title`` (the week is the group it sits in); a paper that changed week
    says so first: ``“Title” moved here from week 3``."""
    if change.item is ChangeItem.READING and change.change is ChangeKind.CHANGED:
        moved = _MOVED.match(change.detail)
        if moved:
            rest = f"; {moved['rest']}" if moved["rest"] else ""
            return f"“{moved['title']}” moved here from week {moved['week']}{rest}"
    return f"{change.change.capitalize()} {change.item.replace('_', ' ')}: {change.detail}"


class _WrappingDelegate(QStyledItemDelegate):
    """Rows as tall as their text wrapped to the column: QTreeView paints wrapped text but
    measures each row as one line."""

    def __init__(self, tree: QTreeWidget) -> None:
        super().__init__(tree)
        self._tree = tree

    def sizeHint(
        self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex
    ) -> QSize:
        size = super().sizeHint(option, index)
        depth, parent = 0, index.parent()
        while parent.isValid():
            depth, parent = depth + 1, parent.parent()
        margin = 8  # the style's text margins on both sides
        width = self._tree.viewport().width() - self._tree.indentation() * (depth + 1) - margin
        text = str(index.data() or "")
        wrapped = option.fontMetrics.boundingRect(
            QRect(0, 0, max(width, 40), 100_000), Qt.TextFlag.TextWordWrap, text
        )
        return QSize(size.width(), max(size.height(), wrapped.height() + 4))


class ChangeDialog(QDialog):
    def __init__(self, outcome: SyncOutcome, syllabus: Syllabus, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle("Syllabus updated")
        self.resize(640, 420)
        layout = QVBoxLayout(self)
        layout.setSpacing(10)
        count = len(outcome.changes)
        heading = QLabel(f"The syllabus changed: {count} change{'s' if count != 1 else ''}")
        font = heading.font()
        font.setPointSizeF(font.pointSizeF() * 1.2)
        font.setBold(True)
        heading.setFont(font)
        layout.addWidget(heading)
        source = QLabel(f"From {outcome.source}")
        source.setWordWrap(True)
        source.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        source.setForegroundRole(QPalette.ColorRole.PlaceholderText)
        layout.addWidget(source)

        self.tree = QTreeWidget()
        self.tree.setHeaderHidden(True)
        self.tree.setRootIsDecorated(True)
        # Long titles and links wrap inside the dialog rather than run off its edge.
        self.tree.setWordWrap(True)
        self.tree.setItemDelegate(_WrappingDelegate(self.tree))
        self.tree.setUniformRowHeights(False)
        self.tree.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.tree.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.tree.header().setStretchLastSection(True)
        self.tree.header().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        # QTreeView keeps the row heights it measured at the first width: measure again.
        self.tree.header().sectionResized.connect(lambda *_: self.tree.doItemsLayout())
        by_week: dict[int | None, list[Change]] = defaultdict(list)
        for change in outcome.changes:
            by_week[change.week].append(change)
        for week_number, changes in by_week.items():
            week = syllabus.week(week_number) if week_number is not None else None
            if week_number is None:
                title = "Course"
            else:
                title = f"Week {week_number}" + (f" — {week.title}" if week else "")
            group = QTreeWidgetItem(self.tree, [title])
            _bold(group)
            for change in changes:
                item = QTreeWidgetItem(group, [change_line(change)])
                item.setToolTip(0, str(change))
            group.setExpanded(True)
        self._warnings_group: QTreeWidgetItem | None = None
        if outcome.warnings:
            self._warnings_group = QTreeWidgetItem(
                self.tree, [f"Skipped on the course page ({len(outcome.warnings)})"]
            )
            for warning in outcome.warnings:
                QTreeWidgetItem(self._warnings_group, [str(warning)])
            self._warnings_group.setExpanded(True)
            _bold(self._warnings_group)
        layout.addWidget(self.tree, 1)

        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

    def lines(self, *, warnings: bool = False) -> list[str]:
        """The change lines as shown, or with ``warnings`` the skipped parts of the page."""
        found: list[str] = []
        for top in range(self.tree.topLevelItemCount()):
            group = self.tree.topLevelItem(top)
            assert group is not None
            if (group is self._warnings_group) != warnings:
                continue
            for row in range(group.childCount()):
                child = group.child(row)
                assert child is not None
                found.append(child.text(0))
        return found
