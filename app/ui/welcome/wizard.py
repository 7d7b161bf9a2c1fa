"""The welcome: five short pages with what is stored already filled in, Skip on every page, and
Finish writing every change at once (``saving``)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from PySide6.QtCore import Qt, Signal, Slot
from PySide6.QtWidgets import QWidget, QWizard

from app.services.config import ConfigService
from app.services.course import CourseService
from app.ui.off_thread import OffThread
from app.ui.welcome.course_page import CoursePage
from app.ui.welcome.data_page import DataPage
from app.ui.welcome.page_base import WelcomePage
from app.ui.welcome.reminders_page import RemindersPage
from app.ui.welcome.saving import Refusal, write_all
from app.ui.welcome.term_page import TermPage
from app.ui.welcome.you_page import YouPage

TITLE = "Welcome to Study Companion"


class WelcomeWizard(QWizard):
    applied = Signal(dict)  # the settings changed (key -> text), once all are stored

    def __init__(
        self,
        config: ConfigService,
        course: CourseService,
        data_dir: Path,
        today: date,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(TITLE)
        self.setWizardStyle(QWizard.WizardStyle.ClassicStyle)
        self.setOption(QWizard.WizardOption.NoBackButtonOnStartPage, True)
        self.setButtonText(QWizard.WizardButton.CancelButton, "&Skip")
        self.button(QWizard.WizardButton.CancelButton).setToolTip(
            "Close the welcome and keep the settings as they are; Help › Welcome… opens it again"
        )
        self.setMinimumSize(660, 440)
        self.course = CoursePage(course.course_syllabus().course, config.sync_source())
        self.you = YouPage(config.identity())
        self.term = TermPage(course.course_syllabus(), course.schedule_start(), today)
        self.reminders = RemindersPage(config.reminder_offsets(), config.reminds_when_closed())
        self.data = DataPage(data_dir)
        self.pages: tuple[WelcomePage, ...] = (
            self.course,
            self.you,
            self.term,
            self.reminders,
            self.data,
        )
        self.setTitleFormat(Qt.TextFormat.RichText)
        for number, page in enumerate(self.pages, start=1):
            page.set_step(number, len(self.pages))
            self.addPage(page)
        self._config = config
        self.writer = OffThread(self)
        self.writer.done.connect(self._written)
        self.writer.failed.connect(lambda reason: self._refused(Refusal("", reason)))
        self._changes: dict[str, str] = {}

    def changes(self) -> dict[str, str]:
        """Every setting whose chosen value differs from the stored one."""
        chosen: dict[str, str] = {}
        for page in self.pages:
            chosen.update(page.changes())
        return chosen

    # -- Finish and Skip ---------------------------------------------------------------------

    def accept(self) -> None:
        if self.writer.running:
            return
        self._changes = self.changes()
        if not self._changes:
            super().accept()
            return
        self._busy(True)
        changes, config = dict(self._changes), self._config
        self.writer.start(lambda: write_all(config, changes))

    def reject(self) -> None:
        if not self.writer.running:  # a Finish under way ends as it ends, not half way
            super().reject()

    @Slot(object)
    def _written(self, refusal: Refusal | None) -> None:
        if refusal is None:
            self._saved()
        else:
            self._refused(refusal)

    def _saved(self) -> None:
        self._busy(False)
        self.applied.emit(self._changes)
        super().accept()

    def _refused(self, refusal: Refusal) -> None:
        """Said on the page of the refused setting (a failure names none: the current page)."""
        self._busy(False)
        page = next((p for p in self.pages if refusal.key in p.owns()), self.currentPage())
        assert isinstance(page, WelcomePage)
        while self.currentPage() is not page and self.currentId() > 0:
            self.back()
        page.show_error(f"Nothing was changed: {refusal.message}")
        if page is self.you:
            self.you.field_of(refusal.key).setFocus()

    def _busy(self, busy: bool) -> None:
        for which in (
            QWizard.WizardButton.BackButton,
            QWizard.WizardButton.FinishButton,
            QWizard.WizardButton.CancelButton,
        ):
            self.button(which).setEnabled(not busy)
        page = self.currentPage()
        if isinstance(page, WelcomePage):
            page.show_status("Saving your choices…" if busy else "")
