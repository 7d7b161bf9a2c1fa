"""An inline message strip above the content (like KDE's KMessageWidget): non-modal feedback.

A failed sync is told here, in words, with a Retry button, without a modal dialog stopping
the user; the week list below stays usable.
"""

from __future__ import annotations

from collections.abc import Callable
from enum import StrEnum

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QToolButton, QWidget

from app.ui.week_list import blend


class BannerKind(StrEnum):
    INFO = "info"
    SUCCESS = "success"
    ERROR = "error"


_TINTS = {
    BannerKind.INFO: QColor("#3778c2"),
    BannerKind.SUCCESS: QColor("#2e8b57"),
    BannerKind.ERROR: QColor("#c0392b"),
}


class MessageBanner(QFrame):
    action_triggered = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("messageBanner")
        self.kind = BannerKind.INFO
        self.topic = ""  # which action the message is about: its next outcome replaces it
        layout = QHBoxLayout(self)
        layout.setContentsMargins(12, 6, 6, 6)
        layout.setSpacing(10)
        self._label = QLabel()
        self._label.setWordWrap(True)
        self._label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(self._label, 1)
        self._action = QPushButton()
        self._on_action: Callable[[], object] | None = None  # else action_triggered
        self._action.clicked.connect(self._act)
        layout.addWidget(self._action)
        close = QToolButton()
        close.setText("✕")
        close.setAutoRaise(True)
        close.setToolTip("Dismiss this message")
        close.setAccessibleName("Dismiss")
        close.clicked.connect(self.hide)
        layout.addWidget(close)
        self.hide()

    @property
    def text(self) -> str:
        return self._label.text()

    def show_message(
        self,
        kind: BannerKind,
        text: str,
        action: str | None = None,
        *,
        topic: str = "",
        on_action: Callable[[], object] | None = None,
    ) -> None:
        """``on_action``: what the button does, when not the window's ``action_triggered``."""
        self.kind, self.topic, self._on_action = kind, topic, on_action
        self._label.setText(text)
        self._action.setVisible(action is not None)
        self._action.setText(action or "")
        base = self.palette().color(QPalette.ColorRole.Window)
        tint = _TINTS[kind]
        self.setStyleSheet(
            f"QFrame#messageBanner {{ background: {blend(base, tint, 0.14).name()};"
            f" border: 1px solid {blend(base, tint, 0.55).name()}; border-radius: 4px; }}"
        )
        self.show()

    def _act(self) -> None:
        if self._on_action is not None:
            self._on_action()
        else:
            self.action_triggered.emit()

    def clear(self, topic: str) -> None:
        """The action the message was about went well since: an old failure is not news."""
        if self.topic == topic:
            self.hide()
