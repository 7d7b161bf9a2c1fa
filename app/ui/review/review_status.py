"""How a review's status reads on screen, what it allows, and the question asked before a
review is marked submitted (the editor asks it; the Due view shows the words)."""

from __future__ import annotations

from PySide6.QtWidgets import QMessageBox, QWidget

from app.domain.review import ReviewStatus

STATUS_WORDS = {
    ReviewStatus.NOT_STARTED: "Not started",
    ReviewStatus.DRAFTING: "Drafting",
    ReviewStatus.READY: "Ready",
    ReviewStatus.QUEUED: "Queued",
    ReviewStatus.SUBMITTED: "Submitted",
    ReviewStatus.NEEDS_ATTENTION: "Needs attention",
}
READ_ONLY = (ReviewStatus.QUEUED, ReviewStatus.SUBMITTED)


def submitted_question(parent: QWidget, week: int) -> QMessageBox:
    """Yes / No, No by default: marking it submitted stops the reminders and locks the draft,
    so a stray Enter must not do it."""
    box = QMessageBox(
        QMessageBox.Icon.Question,
        "Mark submitted",
        "Did you submit it in the browser?",
        QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
        parent,
    )
    box.setInformativeText(
        f"The review of week {week} will be kept as submitted: its reminders stop and it can "
        "no longer be changed here."
    )
    box.setDefaultButton(QMessageBox.StandardButton.No)
    return box
