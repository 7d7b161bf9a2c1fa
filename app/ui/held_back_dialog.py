"""A sync held back: the course page would archive much of the term. Apply it, or keep the term.

Shown window-modal but not blocking (``open()``). "Keep what I have" is the default (Enter and
Escape keep): a page cut short is the likely cause, and applying is the step to take on purpose.
"""

from __future__ import annotations

from collections import defaultdict
from html import escape

from PySide6.QtCore import Qt
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QPushButton,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from app.domain.changes import Change, ChangeItem
from app.services.sync import SyncOutcome


def held_back_headline(outcome: SyncOutcome) -> str:
    return f"The course page now lacks {outcome.archiving.describe()}"


class HeldBackDialog(QDialog):
    def __init__(self, outcome: SyncOutcome, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Sync held back")
        self.resize(600, 460)
        layout = QVBoxLayout(self)
        layout.setSpacing(10)
        self.heading = QLabel(held_back_headline(outcome))
        self.heading.setWordWrap(True)
        font = self.heading.font()
        font.setPointSizeF(font.pointSizeF() * 1.2)
        font.setBold(True)
        self.heading.setFont(font)
        layout.addWidget(self.heading)
        explanation = QLabel(
            "Nothing has changed yet. A page cut short or a schedule reset looks like this. "
            "If you apply it, these weeks and readings are archived; your reviews, notes and "
            "files are kept and come back when the page lists them again."
        )
        explanation.setWordWrap(True)
        layout.addWidget(explanation)
        source = QLabel(f"From {outcome.source}")
        source.setWordWrap(True)
        source.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        source.setForegroundRole(QPalette.ColorRole.PlaceholderText)
        layout.addWidget(source)

        # Rich text wraps long paper titles and keeps them indented under their week.
        self.list = QTextBrowser()
        self.list.setOpenLinks(False)
        self._lines: list[str] = []
        self.list.setHtml(self._list_html(outcome))
        layout.addWidget(self.list, 1)

        buttons = QDialogButtonBox()
        self.apply_button = QPushButton("Apply anyway")
        self.keep_button = QPushButton("Keep what I have")
        buttons.addButton(self.apply_button, QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.addButton(self.keep_button, QDialogButtonBox.ButtonRole.RejectRole)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        # Enter keeps: set once the buttons sit in the dialog, or QDialog picks its own default.
        self.apply_button.setAutoDefault(False)
        self.keep_button.setDefault(True)
        self.keep_button.setFocus()

    def _list_html(self, outcome: SyncOutcome) -> str:
        by_week: dict[int | None, list[Change]] = defaultdict(list)
        for change in outcome.removals:
            by_week[change.week].append(change)
        parts: list[str] = []
        for week, changes in by_week.items():
            whole = next((c for c in changes if c.item is ChangeItem.WEEK), None)
            title = "Course" if week is None else f"Week {week}"
            if whole is not None:
                title += f" — {whole.detail} (the whole week)"
            self._lines.append(title)
            parts.append(f"<p style='margin: 6px 0 0 0'><b>{escape(title)}</b></p>")
            papers = [c.detail for c in changes if c.item is ChangeItem.READING]
            if papers:
                self._lines += [f"Reading: {paper}" for paper in papers]
                items = "".join(f"<li>{escape(paper)}</li>" for paper in papers)
                parts.append(f"<ul style='margin: 0'>{items}</ul>")
        others = len(outcome.changes) - len(outcome.removals)
        if others:
            more = f"And {others} other change{'s' if others != 1 else ''}, shown once applied."
            self._lines.append(more)
            parts.append(f"<p style='margin: 8px 0 0 0'><i>{escape(more)}</i></p>")
        return "".join(parts)

    def lines(self) -> list[str]:
        """The list as shown: each week's header, then ``Reading: title`` for its papers."""
        return list(self._lines)
