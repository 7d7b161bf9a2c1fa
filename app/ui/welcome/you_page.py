"""Welcome, page 2: the name, email and student id filled into review forms (``identity.*``)."""

from __future__ import annotations

from PySide6.QtWidgets import QFormLayout, QLineEdit, QWidget

from app.domain.identity import Identity
from app.services.config import EMAIL, NAME, STUDENT_ID
from app.ui.welcome.page_base import WelcomePage, note


class YouPage(WelcomePage):
    def __init__(self, identity: Identity, parent: QWidget | None = None) -> None:
        super().__init__(
            "You, on review forms",
            "Review forms usually ask who you are; entered once here, it is filled in for you.",
            parent,
        )
        self._initial = {
            NAME: identity.name,
            EMAIL: identity.email,
            STUDENT_ID: identity.student_id,
        }
        self.name = QLineEdit(identity.name)
        self.name.setPlaceholderText("e.g. Ada Lovelace")
        self.email = QLineEdit(identity.email)
        self.email.setPlaceholderText("e.g. ada@berkeley.edu")
        self.student_id = QLineEdit(identity.student_id)
        self.student_id.setPlaceholderText("e.g. 3031234567")
        form = QFormLayout()
        form.addRow("Na&me:", self.name)  # Alt+N is Next, Alt+S Skip
        form.addRow("&Email:", self.email)
        form.addRow("Student &id:", self.student_id)
        self.body.addLayout(form)
        self.body.addWidget(
            note(
                "All optional. They are stored on this laptop only and sent only with the "
                "reviews you submit, to forms that ask for them. Your name also signs your "
                "annotations."
            )
        )
        self.finish_layout()

    def owns(self) -> tuple[str, ...]:
        return (NAME, EMAIL, STUDENT_ID)

    def changes(self) -> dict[str, str]:
        chosen = {
            NAME: " ".join(self.name.text().split()),
            EMAIL: self.email.text().strip(),
            STUDENT_ID: self.student_id.text().strip(),
        }
        return {key: text for key, text in chosen.items() if text != self._initial[key]}

    def field_of(self, key: str) -> QLineEdit:
        return {NAME: self.name, EMAIL: self.email, STUDENT_ID: self.student_id}[key]
