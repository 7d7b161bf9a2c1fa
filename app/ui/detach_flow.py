"""Detach in the window: ask first, move the student's PDF aside on the runner's pool, offer
Undo in the banner until the reading has another file, and say what went wrong if anything."""

from __future__ import annotations

from collections.abc import Callable, Iterable

from PySide6.QtCore import QObject, Qt, Slot
from PySide6.QtWidgets import QMainWindow, QMessageBox

from app.domain.library import LibraryEntry
from app.services.library_detach import Detachment
from app.ui import library_text
from app.ui.download_runner import DownloadRunner
from app.ui.message_banner import BannerKind, MessageBanner

TOPIC = "attach"  # the banner's topic of the student's own PDFs (attach, replace, detach)


class DetachFlow(QObject):
    def __init__(
        self,
        window: QMainWindow,
        runner: DownloadRunner,
        banner: MessageBanner,
        title_of: Callable[[str], str],
        tell: Callable[[str], None],
    ) -> None:
        super().__init__(window)
        self._window = window
        self._runner = runner
        self._banner = banner
        self._title_of = title_of
        self._tell = tell
        self.dialog: QMessageBox | None = None
        self._undo_for: str | None = None  # the reading whose Detach the banner can undo
        runner.detached.connect(self._detached)
        runner.restored.connect(self._restored)
        runner.file_failed.connect(self._failed)

    def confirm(self, reading_id: str) -> QMessageBox:
        """Ask before unlinking the student's PDF (non-blocking: the dialog calls back)."""
        dialog = QMessageBox(
            QMessageBox.Icon.Question,
            "Detach your PDF?",
            f"Detach your PDF from “{self._title_of(reading_id)}”?",
            QMessageBox.StandardButton.Cancel,
            self._window,
        )
        dialog.setInformativeText(
            "The reading goes back to not downloaded, so its link's PDF can be downloaded "
            "again. Your annotations on it stay: they come back on the next PDF you attach "
            "or download for it. The file is kept in the library's “detached” folder until "
            "then; Undo puts it back."
        )
        detach = dialog.addButton("Detach", QMessageBox.ButtonRole.AcceptRole)
        dialog.setDefaultButton(QMessageBox.StandardButton.Cancel)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.buttonClicked.connect(
            lambda button: self._detach(reading_id) if button is detach else None
        )
        self.dialog = dialog
        dialog.open()
        return dialog

    def entries_changed(self, entries: Iterable[LibraryEntry]) -> None:
        """A reading that got a file again: an Undo would throw it away, so it is not offered."""
        for entry in entries:
            if entry.reading_id == self._undo_for and entry.state in library_text.HAVE_FILE:
                self._undo_for = None
                self._banner.clear(TOPIC)

    def _detach(self, reading_id: str) -> None:
        if not self._runner.detach(reading_id):
            self._tell("Wait for the download or attach to finish before detaching the PDF.")

    @Slot(object)
    def _detached(self, detachment: Detachment) -> None:
        title = self._title_of(detachment.previous.reading_id)
        self._banner.setToolTip(str(detachment.kept or ""))  # where the file waits
        self._banner.show_message(
            BannerKind.INFO,
            f"Detached your PDF from “{title}”. Your annotations on it stay.",
            "Undo",
            topic=TOPIC,
            on_action=lambda: self._undo(detachment),
        )
        self._undo_for = detachment.previous.reading_id

    def _undo(self, detachment: Detachment) -> None:
        if not self._runner.undo_detach(detachment):
            self._tell("Wait for the download to finish, or cancel it, before undoing.")

    @Slot(object)
    def _restored(self, entry: LibraryEntry) -> None:
        self._undo_for = None
        self._banner.clear(TOPIC)  # the Undo is done: its offer is not news
        self._tell(f"Your PDF is attached to “{self._title_of(entry.reading_id)}” again.")

    @Slot(str, str)
    def _failed(self, _reading_id: str, reason: str) -> None:
        self._banner.setToolTip("")
        self._banner.show_message(
            BannerKind.ERROR, f"The PDF was not moved: {reason}.", topic=TOPIC
        )
