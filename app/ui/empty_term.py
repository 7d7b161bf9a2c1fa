"""Where the week list would be while the course page has no schedule: it says so, offers Sync.

A course page before its schedule is posted parses as the course with no weeks; an empty list
would look broken, so this notice covers the list's viewport while the list has no rows. Its
Sync button triggers the window's own Sync action (and is disabled while that action is).
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QAction, QPalette
from PySide6.QtWidgets import QAbstractItemView, QLabel, QPushButton, QVBoxLayout, QWidget

TITLE = "The schedule is not posted yet"
EXPLANATION = (
    "The course page has no weeks yet. Its weeks, readings and review forms appear here "
    "once the staff post them."
)


class EmptyTermNotice(QWidget):
    def __init__(self, view: QAbstractItemView, sync: QAction) -> None:
        super().__init__(view.viewport())
        self.setObjectName("emptyTerm")
        self._view, self._sync = view, sync
        self.title = QLabel(TITLE)
        font = self.title.font()
        font.setPointSizeF(font.pointSizeF() * 1.25)
        font.setBold(True)
        self.title.setFont(font)
        self.explanation = QLabel(EXPLANATION)
        self.explanation.setWordWrap(True)
        self.explanation.setForegroundRole(QPalette.ColorRole.PlaceholderText)  # muted grey
        self.sync_button = QPushButton("Sync")
        self.sync_button.setToolTip("Fetch the course page again")
        self.sync_button.clicked.connect(sync.trigger)
        sync.changed.connect(self._follow_action)
        for label in (self.title, self.explanation):
            label.setAlignment(Qt.AlignmentFlag.AlignHCenter)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(28, 28, 28, 28)
        layout.setSpacing(10)
        layout.addStretch(1)
        layout.addWidget(self.title)
        layout.addWidget(self.explanation)
        layout.addWidget(self.sync_button, 0, Qt.AlignmentFlag.AlignHCenter)
        layout.addStretch(2)
        model = view.model()
        for signal in (model.modelReset, model.rowsInserted, model.rowsRemoved):
            signal.connect(self._update)
        view.viewport().installEventFilter(self)
        self._follow_action()
        self._update()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self._view.viewport() and event.type() == QEvent.Type.Resize:
            self.setGeometry(self._view.viewport().rect())
        return False

    def _follow_action(self) -> None:
        self.sync_button.setEnabled(self._sync.isEnabled())

    def _update(self) -> None:
        empty = self._view.model().rowCount() == 0
        self.setGeometry(self._view.viewport().rect())
        self.setVisible(empty)
