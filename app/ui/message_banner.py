"""An inline message strip above the content (like KDE's KMessageWidget): non-modal feedback.

A failed sync is told here, in words, with a Retry button, without a modal dialog stopping
the user; the week list below stays usable.
"""

from __future__ import annotations

from collections.abc import Callable
from enum import StrEnum

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QToolButton, QWidget

from app.ui.theme import colours, on_theme_change


class BannerKind(StrEnum):
    INFO = "info"
    SUCCESS = "success"
    ERROR = "error"


_GROUNDS = {  # the theme's ground and edge of each kind (text stays the palette's)
    BannerKind.INFO: ("info_back", "info_edge"),
    BannerKind.SUCCESS: ("success_back", "success_edge"),
    BannerKind.ERROR: ("error_back", "error_edge"),
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
        on_theme_change(self, self._paint_ground)

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
        self._paint_ground()
        self.show()

    def _paint_ground(self) -> None:
        tones = colours(self.palette())
        ground, edge = (getattr(tones, name) for name in _GROUNDS[self.kind])
        self.setStyleSheet(
            f"QFrame#messageBanner {{ background: {ground};"
            f" border: 1px solid {edge}; border-radius: 4px; }}"
        )

    def _act(self) -> None:
        if self._on_action is not None:
            self._on_action()
        else:
            self.action_triggered.emit()

    def clear(self, topic: str) -> None:
        """The action the message was about went well since: an old failure is not news."""
        if self.topic == topic:
            self.hide()
