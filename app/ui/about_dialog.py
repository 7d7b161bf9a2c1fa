"""About Study Companion: the versions a bug report asks for, where the data and the log are,
and the licence of every library the app ships with.

The library list is read from the installed distributions' metadata on a worker (walking them
and asking PyMuPDF for its MuPDF version take a moment); the dialog opens at once and fills in.
PyMuPDF is under the GNU AGPL, and so is this app because of it: the dialog says so in words.
"""

from __future__ import annotations

from html import escape
from pathlib import Path

from PySide6.QtCore import Qt, QUrl, qVersion
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.services.diagnostics import Library, app_version, bundled_libraries, core_versions
from app.ui.off_thread import OffThread

APP_NAME = "Study Companion"
AGPL_NOTE = (
    "PyMuPDF and the MuPDF library inside it are licensed under the GNU Affero General Public "
    "License 3.0 (AGPL). Because the app is built on them, Study Companion is AGPL too: "
    "whoever gives you a copy must offer you its source code."
)


VERSION_ORDER = ("Python", "Qt", "PySide6", "PyMuPDF", "MuPDF", "SQLAlchemy", "requests")


def qt_versions() -> dict[str, str]:
    import PySide6

    return {"Qt": qVersion(), "PySide6": PySide6.__version__}


class AboutDialog(QDialog):
    def __init__(self, data_dir: Path, log_file: Path, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(f"About {APP_NAME}")
        self.setMinimumSize(600, 520)
        self.resize(680, 720)  # room for a dozen libraries; the table scrolls for the rest
        self._data_dir = data_dir
        title = QLabel(
            f"<h2>{APP_NAME} {escape(app_version())}</h2>"
            "The seminar's syllabus, readings, annotations and reviews in one place."
        )
        title.setWordWrap(True)
        self.versions = QFormLayout()
        self._version_labels: dict[str, QLabel] = {}
        for name in VERSION_ORDER:
            self._version_labels[name] = _selectable("…")
            self.versions.addRow(f"{name}:", self._version_labels[name])
        self._fill_versions(qt_versions())

        self.data_label = _selectable(str(data_dir))
        self.open_data = QPushButton("Open Data Folder")
        self.open_data.clicked.connect(self.open_data_folder)
        data_row = QHBoxLayout()
        data_row.addWidget(self.data_label, 1)
        data_row.addWidget(self.open_data)
        self.versions.addRow("Data folder:", data_row)
        self.versions.addRow("Log file:", _selectable(str(log_file)))
        self.message = QLabel()
        self.message.hide()

        self.agpl = QLabel(AGPL_NOTE)
        self.agpl.setWordWrap(True)
        self.libraries = QTableWidget(0, 3)
        self.libraries.setHorizontalHeaderLabels(["Library", "Version", "Licence"])
        self.libraries.setAccessibleName("Bundled libraries and their licences")
        self.libraries.verticalHeader().hide()
        row_height = self.libraries.fontMetrics().height() + 8
        self.libraries.verticalHeader().setDefaultSectionSize(row_height)
        self.libraries.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.libraries.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.libraries.setWordWrap(False)
        header = self.libraries.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        self.loading = QLabel("Reading the installed libraries…")

        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(title)
        layout.addLayout(self.versions)
        layout.addWidget(self.message)
        layout.addWidget(QLabel("<b>Libraries it ships with</b>"))
        layout.addWidget(self.agpl)
        layout.addWidget(self.loading)
        layout.addWidget(self.libraries, 1)
        layout.addWidget(buttons)

        self.reader = OffThread(self)
        self.reader.done.connect(self._show_libraries)
        self.reader.failed.connect(lambda reason: self.loading.setText(f"Not read: {reason}"))
        self.reader.start(lambda: (core_versions(), bundled_libraries()))

    @property
    def loaded(self) -> bool:
        return not self.reader.running

    def library_rows(self) -> list[list[str]]:
        """Each library's name, version and licence, as the table shows them."""
        return [
            [
                item.text() if (item := self.libraries.item(row, column)) else ""
                for column in (0, 1, 2)
            ]
            for row in range(self.libraries.rowCount())
        ]

    def open_data_folder(self) -> None:
        if not QDesktopServices.openUrl(QUrl.fromLocalFile(str(self._data_dir))):
            self.message.setText(f"No file manager could be opened. The folder: {self._data_dir}")
            self.message.show()

    def _fill_versions(self, versions: dict[str, str]) -> None:
        for name, value in versions.items():
            if name in self._version_labels:
                self._version_labels[name].setText(value)

    def _show_libraries(self, result: tuple[dict[str, str], list[Library]]) -> None:
        versions, libraries = result
        self._fill_versions(versions)
        self.loading.setVisible(not libraries)
        self.loading.setText("No library metadata was found in this copy of the app.")
        self.libraries.setRowCount(len(libraries))
        for row, library in enumerate(libraries):
            for column, text in enumerate((library.name, library.version, library.licence)):
                item = QTableWidgetItem(text)
                item.setToolTip(text)
                if library.is_agpl:
                    font = item.font()
                    font.setBold(True)
                    item.setFont(font)
                self.libraries.setItem(row, column, item)

    def done(self, result: int) -> None:
        self.reader.wait()
        super().done(result)


def _selectable(text: str) -> QLabel:
    label = QLabel(text)
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    return label
