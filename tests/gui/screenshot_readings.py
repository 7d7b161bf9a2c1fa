"""Grab the window with week 8's readings in every state, and the downloads panel (xvfb-run).

    xvfb-run -s '-screen 0 1400x900x24' .venv/bin/python -m tests.gui.screenshot_readings OUT.png

Week 8's readings are pointed at a local server: one PDF arrives, one stalls part way (so it
shows its progress), one link leads to a login page (so it fails with advice), and an added
essay is a web page. The clock is fixed as in screenshot.py.
"""

from __future__ import annotations

import os
import sys
import tempfile
import time
from pathlib import Path

from PySide6.QtCore import QLocale
from PySide6.QtWidgets import QApplication

from app.domain.library import FetchState
from app.services.app_services import open_services
from app.services.clock import FixedClock
from app.ui.launch import build_main_window
from tests.gui.library_course import WEEK_8_TITLES, point_week_8, publish, reading_ids
from tests.gui.screenshot import MOMENT
from tests.integration.pdf_server import Gate, PdfServer, Reply
from tests.pdfs import make_pdf

LOGIN_PAGE = (
    b"<html><head><title>Sign in</title></head><body><form action='/login' method='post'>"
    b"<input name='user'><input type='password' name='password'></form></body></html>"
)
ESSAY = b"<html><head><title>The Bitter Lesson</title></head><body><p>Essay</p></body></html>"
ESSAY_TITLE = "The Bitter Lesson"


def main(out: str, width: int = 1280, height: int = 860) -> int:
    os.environ["TZ"] = "America/Los_Angeles"
    time.tzset()
    app = QApplication(sys.argv[:1])
    QLocale.setDefault(QLocale(QLocale.Language.English, QLocale.Country.UnitedStates))
    slow = make_pdf(40, size=3_400_000, seed=2)
    held = Gate()  # the second reading stops a little past 40 % until the picture is taken
    with PdfServer() as server, tempfile.TemporaryDirectory() as data_dir:
        links = [
            server.serve("/kraska18.pdf", make_pdf(23, size=1_450_000, seed=1)),
            server.serve_slowly(
                "/mirhoseini17.pdf",
                slow,
                piece=64_000,
                pause=0.1,
                gate=held,
                gate_after=len(slow) * 41 // 100,
            ),
            server.route(
                "/papers/pensieve.pdf",
                lambda seen: Reply(200, {"Content-Type": "text/html"}, LOGIN_PAGE),
            ),
        ]
        essay = server.route(
            "/IncIdeas/BitterLesson.html",
            lambda seen: Reply(200, {"Content-Type": "text/html"}, ESSAY),
        )
        services = open_services(Path(data_dir), clock=FixedClock(MOMENT))
        text = Path(__file__).resolve().parents[2] / "resources/course/index.md"
        page = point_week_8(text.read_text(encoding="utf-8"), links, [(ESSAY_TITLE, essay)])
        publish(services, Path(data_dir) / "site", page)
        window = build_main_window(services)
        window.resize(width, height)
        window.show()
        window.select_week(8)
        window.download_week()
        ids = reading_ids(services)
        wanted = {
            ids[WEEK_8_TITLES[0]]: FetchState.READY,
            ids[WEEK_8_TITLES[1]]: FetchState.DOWNLOADING,
            ids[WEEK_8_TITLES[2]]: FetchState.FAILED,
            ids[ESSAY_TITLE]: FetchState.WEB,
        }

        def settled() -> bool:
            states = {i: window.library.entry(i) for i in wanted}
            moving = states[ids[WEEK_8_TITLES[1]]]
            return (
                all(states[i].state is s for i, s in wanted.items()) and (moving.percent or 0) >= 38
            )

        deadline = time.monotonic() + 20
        while not settled() and time.monotonic() < deadline:
            app.processEvents()
            time.sleep(0.02)
        for _ in range(20):  # let the last progress tick and the layout land
            app.processEvents()
            time.sleep(0.02)
        window.grab().save(out)
        window.close()
        held.open()  # the cancelled download stops at the next bytes
        window.download_runner.wait()
        window.deleteLater()
        app.processEvents()
        services.close()
    print(out)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1], *(int(size) for size in sys.argv[2:4])))
