"""The week pane's readings: "Required reading" and "Optional reading", one row widget each.

Rows are rebuilt when another week is shown and updated in place as downloads move, so a
progress tick repaints one row, not the pane.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from html import escape

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QPalette, QResizeEvent
from PySide6.QtWidgets import QLabel, QMenu, QVBoxLayout, QWidget

from app.domain.course import Reading, Week, WeekKind
from app.domain.library import FetchState, LibraryEntry
from app.ui.reading_row import ReadingRow, RowAction
from app.ui.theme import on_theme_change
from app.ui.week_list import muted_text

ARCHIVED_HEADING = "No longer on the syllabus"


class ReadingsSection(QWidget):
    action_requested = Signal(str, str)  # reading id, RowAction
    file_dropped = Signal(str, str)  # reading id, path
    link_activated = Signal(str)
    link_hovered = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._layout = QVBoxLayout(self)
        self._layout.setContentsMargins(0, 0, 0, 0)
        self._layout.setSpacing(0)
        self.rows: dict[str, ReadingRow] = {}
        self.headings: list[QLabel] = []
        self._wide = True  # the rows' buttons beside their status (all rows alike)
        on_theme_change(self, self._retheme)

    def show_week(
        self,
        week: Week,
        entries: Mapping[str, LibraryEntry],
        active: frozenset[str],
        archived: Sequence[Reading] = (),
    ) -> None:
        """``archived``: the week's readings the course page dropped; their PDFs, annotations
        and positions are still the student's, so they stay reachable under their own heading."""
        self._clear()
        if week.readings:
            for label, readings in (
                ("Required reading", week.required_readings),
                ("Optional reading", week.optional_readings),
            ):
                if readings:
                    self._heading(label, len(readings))
                    for reading in readings:
                        self._add_row(reading, entries, active)
        elif week.kind == WeekKind.LECTURE:
            self._heading("Readings")
            empty = QLabel("No readings listed yet: Sync (Ctrl+R) checks the course page.")
            empty.setWordWrap(True)
            empty.setForegroundRole(QPalette.ColorRole.PlaceholderText)  # muted grey
            self._layout.addWidget(empty)
            self.headings.append(empty)
        if archived:
            self._heading(ARCHIVED_HEADING, len(archived))
            for reading in archived:
                self._add_row(reading, entries, active)
        self.setVisible(bool(self.headings))
        self._arrange()

    def update_entries(self, entries: Iterable[LibraryEntry], active: frozenset[str]) -> None:
        for entry in entries:
            row = self.rows.get(entry.reading_id)
            if row is not None:
                row.set_entry(entry, active=entry.reading_id in active)
        self._arrange()

    def set_active(self, active: frozenset[str]) -> None:
        """Which readings are on their way changed (a run ended): rows re-read their state."""
        for reading_id, row in self.rows.items():
            if row.active != (reading_id in active):
                row.set_entry(row.entry, active=reading_id in active)
        self._arrange()

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._arrange()

    def _arrange(self) -> None:
        """One rule for every row: all buttons beside their status when the widest row fits,
        else all below, so a week's rows never mix the two at one width."""
        if not self.rows:
            return
        needed = max(row.width_needed() for row in self.rows.values())
        # A margin against flapping while a status grows and shrinks with progress.
        wide = self.width() >= needed + (0 if self._wide else 24)
        self._wide = wide
        for row in self.rows.values():
            row.set_wide(wide)

    def plain_text(self) -> str:
        lines: list[str] = []
        for index in range(self._layout.count()):
            item = self._layout.itemAt(index)
            widget = item.widget() if item is not None else None
            if isinstance(widget, ReadingRow):
                lines += [widget.reading.title, widget.meta.text(), widget.status.text()]
                if widget.advice.isVisibleTo(self):
                    lines.append(widget.advice.text())
            elif isinstance(widget, QLabel):
                lines.append(widget.property("plain") or widget.text())
        return "\n".join(lines)

    def row_menu(self, row: ReadingRow) -> QMenu:
        """A row's right-click menu: its buttons' actions, and Replace PDF… once it has a file
        (the row's own buttons then offer Open, not Attach)."""
        menu = QMenu(row)
        menu.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        for action in row.offered():
            menu.addAction(row.buttons[action].text()).triggered.connect(
                lambda _=False, a=action: self.action_requested.emit(row.reading.id, a.value)
            )
        if row.entry.path and RowAction.ATTACH not in row.offered():
            menu.addSeparator()
            menu.addAction("Replace PDF…").triggered.connect(
                lambda: self.action_requested.emit(row.reading.id, RowAction.ATTACH.value)
            )
        return menu

    def _heading_html(self, text: str, count: int | None) -> str:
        size = self.font().pointSizeF() * 1.08
        number = (
            f'&nbsp;&nbsp;<span style="color:{muted_text(self.palette()).name()}; '
            f'font-weight:normal">{count}</span>'
            if count is not None
            else ""
        )
        heading = f"{escape(text)}{number}"
        return f'<span style="font-size:{size:.1f}pt; font-weight:600">{heading}</span>'

    def _retheme(self) -> None:
        """The headings' counts are coloured in HTML: written again in the new colours."""
        for label in self.headings:
            words = label.property("heading")
            if words is not None:
                label.setText(self._heading_html(*words))

    def _heading(self, text: str, count: int | None = None) -> None:
        label = QLabel(self._heading_html(text, count))
        label.setProperty("heading", (text, count))
        label.setProperty("plain", text if count is None else f"{text}  {count}")
        label.setContentsMargins(0, 20 if self.headings else 14, 0, 2)
        self._layout.addWidget(label)
        self.headings.append(label)

    def _add_row(
        self, reading: Reading, entries: Mapping[str, LibraryEntry], active: frozenset[str]
    ) -> None:
        entry = entries.get(reading.id) or LibraryEntry(reading.id, FetchState.NOT_FETCHED)
        row = ReadingRow(reading, entry)
        row.set_entry(entry, active=reading.id in active)
        row.action_requested.connect(self.action_requested)
        row.file_dropped.connect(self.file_dropped)
        row.link_activated.connect(self.link_activated)
        row.link_hovered.connect(self.link_hovered)
        row.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        row.customContextMenuRequested.connect(
            lambda at, r=row: self.row_menu(r).popup(r.mapToGlobal(at))
        )
        self._layout.addWidget(row)
        self.rows[reading.id] = row

    def _clear(self) -> None:
        while self._layout.count():
            item = self._layout.takeAt(0)
            widget = item.widget() if item is not None else None
            if widget is not None:
                widget.hide()
                widget.deleteLater()
        self.rows = {}
        self.headings = []
