"""Welcome, page 5: where the student's data lives, what is in it, and a way to open it."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QHBoxLayout, QLabel, QLineEdit, QPushButton, QWidget

from app.store.backup import BACKUP_FOLDER, KEEP_AUTOMATIC
from app.store.schema_version import DATABASE_NAME
from app.ui.welcome.page_base import WelcomePage, note

LIBRARY_FOLDER = "library"  # AppServices' library folder


class DataPage(WelcomePage):
    def __init__(self, data_dir: Path, parent: QWidget | None = None) -> None:
        super().__init__(
            "Where your data lives",
            "Everything stays on this laptop, in one folder: back it up or move it as a whole.",
            parent,
        )
        self._data_dir = data_dir
        self.path = QLineEdit(str(data_dir))
        self.path.setReadOnly(True)
        self.path.setAccessibleName("Data folder")
        self.path.setCursorPosition(0)
        self.open_button = QPushButton("&Open folder")
        self.open_button.setToolTip("Show the data folder in the file manager")
        self.open_button.clicked.connect(self.open_folder)
        row = QHBoxLayout()
        row.addWidget(self.path, 1)
        row.addWidget(self.open_button)
        self.contents = QLabel(contents_html())
        self.contents.setWordWrap(True)
        self.contents.setTextFormat(Qt.TextFormat.RichText)
        self.body.addLayout(row)
        self.body.addWidget(self.contents)
        self.body.addWidget(
            note(
                "Another folder: start the app with --data-dir FOLDER, or set "
                "STUDY_COMPANION_DATA_DIR."
            )
        )
        self.finish_layout()

    def open_folder(self) -> None:
        if not QDesktopServices.openUrl(QUrl.fromLocalFile(str(self._data_dir))):
            self.show_error(f"No file manager could be started; the folder is {self._data_dir}")


def contents_html() -> str:
    rows = (
        (
            DATABASE_NAME,
            "the database: your annotations, review drafts and what was sent, reading "
            "positions, settings, and the term itself",
        ),
        (
            f"{LIBRARY_FOLDER}/",
            "the readings' PDFs. Downloaded ones can be fetched again from the course page; "
            "PDFs you attached yourself are copies of your files, so keep your originals",
        ),
        (
            f"{BACKUP_FOLDER}/",
            f"copies of the database, made daily and before every upgrade (the last "
            f"{KEEP_AUTOMATIC} kept); study-companion backup --to FOLDER makes one elsewhere",
        ),
    )
    items = "".join(f"<li><b>{name}</b>: {text}.</li>" for name, text in rows)
    return f"<ul style='margin-left: -20px'>{items}</ul>"
