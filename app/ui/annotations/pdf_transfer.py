"""Annotations in and out of PDF files: "Export Annotated PDF…" and "Import Annotations…".

Both ask for a file (the dialog is kept in ``file_dialog``, so tests can answer it), run the
PyMuPDF work on a worker, and then say in a banner what happened: how many annotations went
into the copy and which were left out and why; how many came in and how many were already
here. The library's own PDF is never written: an export is always a copy.

PyMuPDF work on a long paper takes seconds: ``PdfJobRunner`` hands it to a pool of its own and
hears back only through signals, as the sync and download runners do. One job at a time: a
second export of the same file while the first writes it would race on the destination.
"""

from __future__ import annotations

import logging
from collections import Counter
from collections.abc import Callable
from html import escape
from pathlib import Path

from PySide6.QtCore import QObject, QStandardPaths, Qt, QThreadPool, QUrl, Signal, Slot
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QFileDialog, QMainWindow, QProgressBar

from app.domain.annotation_transfer import ExportReport, SkipReason
from app.domain.errors import UserFacingError
from app.services.annotations import AnnotationService, ImportResult
from app.ui import library_text
from app.ui.message_banner import BannerKind, MessageBanner

log = logging.getLogger(__name__)

MESSAGE_MS = 10_000
EXPORT, IMPORT = "export", "import"
OPEN_FOLDER = "Open Folder"

SKIP_WORDS = {
    SkipReason.NOT_ANCHORED: "not found in this version of the PDF",
    SkipReason.OTHER_VERSION: "made on another version of the PDF",
    SkipReason.NO_SUCH_PAGE: "on a page this PDF does not have",
    SkipReason.NO_GEOMETRY: "without a place on the page",
    SkipReason.UNSUPPORTED_KIND: "of a kind that cannot be written back",
}


def default_export_path(pdf: Path) -> Path:
    """``<stem>-annotated.pdf`` in the user's Documents folder, else in their home."""
    documents = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
    folder = Path(documents) if documents and Path(documents).is_dir() else Path.home()
    return folder / f"{pdf.stem}-annotated.pdf"


def export_text(report: ExportReport) -> str:
    """The banner's words for a finished export (HTML)."""
    count = library_text.plural(len(report.exported), "annotation")
    text = f"Exported {count} to <b>{escape(report.path.name)}</b>."
    if report.skipped:
        reasons = Counter(skipped.reason for skipped in report.skipped)
        parts = [f"{number} {SKIP_WORDS[reason]}" for reason, number in reasons.items()]
        text += f" Left out {len(report.skipped)}: {escape('; '.join(parts))}."
    return text


def import_text(result: ImportResult, source: Path) -> str:
    """The banner's words for a finished import (HTML)."""
    name = f"<b>{escape(source.name)}</b>"
    if not result.added and not result.already:
        return f"{name} has no annotations to import."
    text = f"Imported {library_text.plural(len(result.added), 'annotation')} from {name}."
    if result.already:
        were = "was" if result.already == 1 else "were"
        text += f" {result.already} {were} already here."
    return text


class PdfJobRunner(QObject):
    succeeded = Signal(str, object)  # the job's name, what it returned
    failed = Signal(str, str)  # the job's name, the one-line reason
    running_changed = Signal(bool)

    # Emitted from the worker thread; queued to the slots of this GUI-thread object.
    _job_succeeded = Signal(str, object)
    _job_failed = Signal(str, str)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._pool = QThreadPool(self)
        self._pool.setMaxThreadCount(1)
        self._running = False
        self._job_succeeded.connect(self._on_succeeded)
        self._job_failed.connect(self._on_failed)

    @property
    def running(self) -> bool:
        return self._running

    def start(self, name: str, job: Callable[[], object]) -> bool:
        """Run ``job`` on the worker; False (and nothing started) while another one runs."""
        if self._running:
            return False
        self._running = True
        self.running_changed.emit(True)
        self._pool.start(lambda: self._run(name, job))
        return True

    def wait(self, msecs: int = -1) -> bool:
        """Block until the worker is done (shutdown and tests; never from a GUI action)."""
        return self._pool.waitForDone(msecs)

    def _run(self, name: str, job: Callable[[], object]) -> None:  # on the worker thread
        try:
            result = job()
        except (UserFacingError, OSError) as error:
            self._job_failed.emit(name, str(error))
        except Exception as error:  # a bug must not vanish with the worker thread
            log.exception("%s failed unexpectedly", name)
            self._job_failed.emit(name, f"unexpected error: {error.__class__.__name__}: {error}")
        else:
            self._job_succeeded.emit(name, result)

    @Slot(str, object)
    def _on_succeeded(self, name: str, result: object) -> None:
        self._running = False
        self.running_changed.emit(False)
        self.succeeded.emit(name, result)

    @Slot(str, str)
    def _on_failed(self, name: str, reason: str) -> None:
        self._running = False
        self.running_changed.emit(False)
        self.failed.emit(name, reason)


class PdfTransfer(QObject):
    imported = Signal(str)  # reading id: its annotations changed
    running_changed = Signal(bool)

    def __init__(
        self, window: QMainWindow, annotations: AnnotationService, banner: MessageBanner
    ) -> None:
        super().__init__(window)
        self._window = window
        self._annotations = annotations
        self.banner = banner
        self.file_dialog: QFileDialog | None = None
        self.runner = PdfJobRunner(self)
        self.runner.succeeded.connect(self._succeeded)
        self.runner.failed.connect(self._failed)
        self.runner.running_changed.connect(self.running_changed)
        self.busy = QProgressBar()
        self.busy.setRange(0, 0)  # a PDF job has no steps worth counting
        self.busy.setMaximumWidth(120)
        self.busy.setMaximumHeight(14)
        self.busy.setTextVisible(False)
        self.busy.hide()
        window.statusBar().insertPermanentWidget(0, self.busy)  # leftmost, built after the rest
        self.runner.running_changed.connect(self.busy.setVisible)
        banner.action_triggered.connect(self._open_folder)
        self._folder: Path | None = None
        self._source: Path | None = None
        self._reading_id = ""

    # -- export --------------------------------------------------------------------------------

    def export(self, reading_id: str, title: str, pdf: Path) -> QFileDialog | None:
        """Ask where to write the annotated copy (non-blocking), then write it on the worker."""
        if not self._annotations.for_reading(reading_id):
            self._tell(f"Nothing to export: “{title}” has no annotations yet.")
            return None
        dialog = QFileDialog(self._window, f"Export “{title}” with its annotations")
        dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
        dialog.setNameFilter("PDF files (*.pdf)")
        dialog.setDefaultSuffix("pdf")
        default = default_export_path(pdf)
        dialog.setDirectory(str(default.parent))
        dialog.selectFile(str(default))
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.fileSelected.connect(lambda dest: self.export_to(reading_id, title, pdf, dest))
        return self._show(dialog)

    def export_to(self, reading_id: str, title: str, pdf: Path, dest: str) -> bool:
        target = Path(dest)
        if target.resolve() == pdf.resolve():
            self._error("Choose another name: the library's copy of the paper stays as it is.")
            return False
        self._folder = target.parent
        self._tell(f"Exporting “{title}” with its annotations…")
        return self._start(EXPORT, lambda: self._annotations.export(reading_id, target))

    # -- import --------------------------------------------------------------------------------

    def import_into(self, reading_id: str, title: str, pdf: Path) -> QFileDialog:
        """Ask for another copy of the paper, then take in the annotations it carries."""
        dialog = QFileDialog(
            self._window, f"Import annotations into “{title}”", str(pdf.parent), "PDF (*.pdf)"
        )
        dialog.setFileMode(QFileDialog.FileMode.ExistingFile)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.fileSelected.connect(lambda source: self.import_from(reading_id, title, source))
        return self._show(dialog)

    def import_from(self, reading_id: str, title: str, source: str) -> bool:
        self._source, self._reading_id = Path(source), reading_id
        self._tell(f"Importing annotations from {Path(source).name} into “{title}”…")
        return self._start(IMPORT, lambda: self._annotations.import_pdf(reading_id, Path(source)))

    # -- results -------------------------------------------------------------------------------

    def _start(self, name: str, job: Callable[[], object]) -> bool:
        if not self.runner.start(name, job):
            self._tell("Wait for the export or import under way to finish.")
            return False
        self.banner.hide()
        return True

    @Slot(str, object)
    def _succeeded(self, name: str, result: object) -> None:
        self._window.statusBar().clearMessage()
        if name == EXPORT and isinstance(result, ExportReport):
            self._folder = result.path.parent
            tip = "\n".join(str(skipped) for skipped in result.skipped)
            self.banner.setToolTip(tip)
            kind = BannerKind.INFO if result.skipped else BannerKind.SUCCESS
            self.banner.show_message(kind, export_text(result), action=OPEN_FOLDER)
        elif name == IMPORT and isinstance(result, ImportResult) and self._source is not None:
            self.banner.setToolTip("")
            self.banner.show_message(BannerKind.SUCCESS, import_text(result, self._source))
            if result.added:
                self.imported.emit(self._reading_id)

    @Slot(str, str)
    def _failed(self, name: str, reason: str) -> None:
        self._window.statusBar().clearMessage()
        what = "export the annotated PDF" if name == EXPORT else "import the annotations"
        self._error(f"Could not {what}: {reason}")

    def _error(self, text: str) -> None:
        self.banner.setToolTip("")
        self.banner.show_message(BannerKind.ERROR, escape(text))

    @Slot()
    def _open_folder(self) -> None:
        if self._folder is not None and not QDesktopServices.openUrl(
            QUrl.fromLocalFile(str(self._folder))
        ):
            self._tell(f"Could not open the folder {self._folder}")

    def _show(self, dialog: QFileDialog) -> QFileDialog:
        self.file_dialog = dialog
        dialog.open()
        return dialog

    def _tell(self, text: str) -> None:
        self._window.statusBar().showMessage(text, MESSAGE_MS)
