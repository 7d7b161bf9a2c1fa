"""Asking for a site's login when a reading is behind one, from a download worker thread.

The library service asks from one of its download threads and waits for the answer. The
question crosses to the GUI thread as a queued signal; the dialog opens there without a nested
event loop (``open``, not ``exec``), and its answer goes back through a ``threading.Event``.
The GUI thread never waits on the worker, and ``abort`` (cancel, closing the window) wakes
every waiting worker with "no", so nothing can hang on a dialog nobody will answer.
"""

from __future__ import annotations

import logging
import threading
from html import escape

from PySide6.QtCore import QObject, QThread, Signal, Slot
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

log = logging.getLogger(__name__)


class LoginDialog(QDialog):
    def __init__(self, host: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.host = host
        self.setWindowTitle(f"Sign in to {host}")
        self.setMinimumWidth(420)
        intro = QLabel(
            f"<b>{escape(host)}</b> asks for a user name and password before it sends a reading."
        )
        intro.setWordWrap(True)
        self.user = QLineEdit()
        self.user.setAccessibleName("User name")
        self.password = QLineEdit()
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.password.setAccessibleName("Password")
        form = QFormLayout()
        form.addRow("&User name:", self.user)
        form.addRow("&Password:", self.password)
        note = QLabel(
            "The login is kept only in your system keyring and is sent only to "
            f"{escape(host)}. Cancel to skip: the reading can still be opened in the browser "
            "or attached as a PDF."
        )
        note.setWordWrap(True)
        note.setForegroundRole(QPalette.ColorRole.PlaceholderText)  # muted grey
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.sign_in = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.sign_in.setText("Sign in")
        self.sign_in.setEnabled(False)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        self.user.textChanged.connect(lambda text: self.sign_in.setEnabled(bool(text.strip())))
        layout = QVBoxLayout(self)
        layout.setSpacing(12)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(note)
        layout.addWidget(self.buttons)

    def credentials(self) -> tuple[str, str]:
        return self.user.text().strip(), self.password.text()


class _Question:
    def __init__(self, host: str) -> None:
        self.host = host
        self.answer: tuple[str, str] | None = None
        self.done = threading.Event()


class CredentialsPrompt(QObject):
    """The service's credentials callback; lives in the GUI thread, called from workers."""

    dialog_opened = Signal(object)  # the LoginDialog now showing
    _asked = Signal(object)  # a _Question, queued from a worker to the GUI thread

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self._window = parent
        self._lock = threading.Lock()
        self._open: list[_Question] = []
        self._closed = False
        self.dialog: LoginDialog | None = None
        self._asked.connect(self._show)

    def ask(self, host: str) -> tuple[str, str] | None:
        """Block this worker until the student answers; None when they decline or we close."""
        if QThread.currentThread() is self.thread():
            log.error("a login was asked for on the GUI thread; not asking")  # would deadlock
            return None
        question = _Question(host)
        with self._lock:
            if self._closed:
                return None
            self._open.append(question)
        self._asked.emit(question)
        question.done.wait()
        return question.answer

    def abort(self) -> None:
        """Answer "no" to every open question and close the dialog."""
        with self._lock:
            questions, self._open = self._open, []
        for question in questions:
            question.done.set()
        if self.dialog is not None:
            self.dialog.reject()

    def close(self) -> None:
        with self._lock:
            self._closed = True
        self.abort()

    @Slot(object)
    def _show(self, question: _Question) -> None:
        if question.done.is_set():  # aborted before the GUI got to it
            return
        dialog = LoginDialog(question.host, self._window)
        dialog.finished.connect(lambda result: self._answered(question, dialog, result))
        self.dialog = dialog
        dialog.open()
        self.dialog_opened.emit(dialog)

    def _answered(self, question: _Question, dialog: LoginDialog, result: int) -> None:
        if result == QDialog.DialogCode.Accepted.value:
            question.answer = dialog.credentials()
        with self._lock:
            if question in self._open:
                self._open.remove(question)
        question.done.set()
        if self.dialog is dialog:
            self.dialog = None
        dialog.deleteLater()
