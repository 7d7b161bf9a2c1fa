"""What every welcome page shares: a title, one sentence of why, the settings it owns, and a
line for a value the settings refused."""

from __future__ import annotations

from html import escape

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget, QWizardPage

from app.ui.theme import text_in


class WelcomePage(QWizardPage):
    """A page of the welcome. ``changes`` are the settings (config key -> text, as ``config
    set`` takes it) whose chosen value differs from what was stored when the page opened."""

    def __init__(self, title: str, why: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.heading = title
        self.setTitle(title)
        self.setSubTitle(why)
        self.error = QLabel()
        self.error.setWordWrap(True)
        self.error.setTextFormat(Qt.TextFormat.PlainText)
        text_in(self.error, "error")  # the theme's red, legible in light and dark
        self.error.setAccessibleName("Problem on this page")
        self.error.hide()
        self.status = QLabel()  # what Finish is doing, while it does it
        self.status.hide()
        self.body = QVBoxLayout(self)
        self.body.setSpacing(10)

    def set_step(self, number: int, count: int) -> None:
        """The title, large, with where this page is among the others."""
        self.setTitle(
            f"<span style='font-size: 14pt'>{escape(self.heading)}</span>"
            f"&nbsp;&nbsp;<span style='font-weight: normal'>{number} of {count}</span>"
        )

    def finish_layout(self) -> None:
        """The error line goes under the page's own fields, near what it is about."""
        self.body.addWidget(self.status)
        self.body.addWidget(self.error)
        self.body.addStretch(1)

    def owns(self) -> tuple[str, ...]:
        """The config keys this page sets; a refusal of one of them is said here."""
        return ()

    def changes(self) -> dict[str, str]:
        return {}

    def show_error(self, text: str) -> None:
        self.error.setText(text)
        self.error.setVisible(bool(text))

    def show_status(self, text: str) -> None:
        self.status.setText(text)
        self.status.setVisible(bool(text))

    def validatePage(self) -> bool:
        """Next clears an earlier refusal; pages that can check a value here do so first."""
        problem = self.problem()
        self.show_error(problem or "")
        return problem is None

    def problem(self) -> str | None:
        """Why Next cannot go on (one line), or None."""
        return None


def note(text: str) -> QLabel:
    """A paragraph of explanation under the fields."""
    label = QLabel(text)
    label.setWordWrap(True)
    label.setProperty("role", "hint")
    return label
