"""Welcome, page 1: the course the app follows, the one it came with or another course page."""

from __future__ import annotations

from PySide6.QtWidgets import QButtonGroup, QLineEdit, QRadioButton, QWidget

from app.domain.course import Course
from app.domain.errors import UserFacingError
from app.services.config import SYNC_SOURCE, parse_source
from app.ui.welcome.page_base import WelcomePage, note


class CoursePage(WelcomePage):
    def __init__(self, course: Course, chosen_source: str, parent: QWidget | None = None) -> None:
        super().__init__(
            "Your course",
            "The app shows the weeks, readings and review forms of one course page; "
            "it came with one, and you can point it at another.",
            parent,
        )
        self._initial = chosen_source
        term = f", {course.term}" if course.term else ""
        # Once another page was chosen, the course shown may be that page's.
        kept = "the course shown now" if chosen_source else "the course that came with the app"
        self.keep = QRadioButton(f"&Keep {kept} ({course.title}{term})")
        self.other = QRadioButton("&Use a course page URL")
        self.url = QLineEdit(chosen_source)
        self.url.setPlaceholderText(
            "e.g. https://raw.githubusercontent.com/OWNER/REPO/main/index.md"
        )
        self.url.setAccessibleName("Course page URL")
        self.url.setClearButtonEnabled(True)
        group = QButtonGroup(self)
        group.addButton(self.keep)
        group.addButton(self.other)
        (self.other if chosen_source else self.keep).setChecked(True)
        self.url.setEnabled(bool(chosen_source))
        self.other.toggled.connect(self.url.setEnabled)
        self.other.toggled.connect(lambda on: on and self.url.setFocus())
        self.body.addWidget(self.keep)
        self.body.addWidget(self.other)
        self.body.addWidget(self.url)
        self.body.addWidget(
            note(
                "A course page is read in the background once you finish (Sync), never "
                "while you are here; until then the term you see stays as it is."
            )
        )
        self.finish_layout()

    def owns(self) -> tuple[str, ...]:
        return (SYNC_SOURCE,)

    def source_text(self) -> str:
        return self.url.text().strip() if self.other.isChecked() else ""

    def changes(self) -> dict[str, str]:
        chosen = self.source_text()
        return {SYNC_SOURCE: chosen} if chosen != self._initial else {}

    def problem(self) -> str | None:
        if not self.other.isChecked():
            return None
        if not self.source_text():
            return "Write the course page's address, or keep the course that came with the app."
        try:
            parse_source(self.source_text())
        except UserFacingError as error:
            return str(error).removeprefix(f"{SYNC_SOURCE}: ")
        return None
