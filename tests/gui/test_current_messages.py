"""Messages that belong to now: the next outcome of the same action replaces or clears the
banner left by the one before."""

from __future__ import annotations

from pathlib import Path

from pytestqt.qtbot import QtBot

from app.domain.library import FetchState
from app.services.app_services import AppServices
from app.ui.message_banner import BannerKind
from tests.gui.conftest import WindowFactory
from tests.pdfs import write_pdf


def test_a_successful_attach_clears_the_failed_attachs_banner(
    make_window: WindowFactory, services: AppServices, tmp_path: Path, qtbot: QtBot
) -> None:
    reading = services.course.readings(3)[0].reading
    garbage = tmp_path / "notes.pdf"
    garbage.write_bytes(b"my notes, not a PDF")
    good = tmp_path / "paper.pdf"
    write_pdf(good, pages=3, seed=4)
    window = make_window()
    assert window.select_week(3)

    window.library.attach_file(reading.id, str(garbage))
    qtbot.waitUntil(window.banner.isVisible, timeout=10_000)
    assert window.banner.kind == BannerKind.ERROR
    assert window.banner.text.startswith("Could not attach the PDF: notes.pdf")

    window.library.attach_file(reading.id, str(good))
    qtbot.waitUntil(
        lambda: window.library.entry(reading.id).state is FetchState.ATTACHED, timeout=10_000
    )
    assert not window.banner.isVisible()
    assert window.statusBar().currentMessage().startswith("Attached your PDF to")
