"""Your name and email for forms…: the identity filled into new reviews (``identity.*``).

Written through the config service, which checks each value (an address must look like one,
a student id has no spaces) and refuses in one line; the dialog stays open and says why.
Issue 13 folds this into a full Settings dialog.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from app.domain.errors import UserFacingError
from app.services.config import EMAIL, NAME, STUDENT_ID, ConfigService
from app.ui.theme import text_in


class IdentityDialog(QDialog):
    def __init__(self, config: ConfigService, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._config = config
        self.setWindowTitle("Your name and email for forms")
        self.setMinimumWidth(440)
        intro = QLabel(
            "Filled into new reviews whose form asks for them (and signed on your "
            "annotations). Reviews already written keep what they have."
        )
        intro.setWordWrap(True)
        identity = config.identity()
        self.name = QLineEdit(identity.name)
        self.name.setPlaceholderText("Ada Lovelace")
        self.email = QLineEdit(identity.email)
        self.email.setPlaceholderText("ada@berkeley.edu")
        self.student_id = QLineEdit(identity.student_id)
        self.student_id.setPlaceholderText("3031234567")
        form = QFormLayout()
        form.addRow("&Name:", self.name)
        form.addRow("&Email:", self.email)
        form.addRow("&Student id:", self.student_id)
        self.error = QLabel()
        self.error.setWordWrap(True)
        text_in(self.error, "error")
        self.error.setTextFormat(Qt.TextFormat.PlainText)
        self.error.hide()
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        self.buttons = buttons
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(buttons)

    def save(self) -> None:
        """Each value checked and stored; the first refusal is said and the dialog stays."""
        try:
            # The two that can be refused first: a refusal leaves the name as it was too.
            for key, field in (
                (EMAIL, self.email),
                (STUDENT_ID, self.student_id),
                (NAME, self.name),
            ):
                self._config.set(key, field.text().strip())
        except UserFacingError as error:
            # Said beside the field, without the setting's command-line name in front.
            self.error.setText(str(error).removeprefix(f"{key}: "))
            self.error.show()
            return
        self.accept()
