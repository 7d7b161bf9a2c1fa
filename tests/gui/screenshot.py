"""Grab the main window to a PNG, as a user would see it mid-term (run under xvfb-run).

    xvfb-run -s '-screen 0 1400x900x24' .venv/bin/python tests/gui/screenshot.py OUT.png

The clock is fixed at Thursday 2022-03-10 12:00 in Berkeley, so the countdowns and the
selected week (week 8, its slides not posted yet) are the same on every run.
"""

from __future__ import annotations

import os
import sys
import tempfile
import time
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from PySide6.QtCore import QLocale, QTimer
from PySide6.QtWidgets import QApplication

from app.services.app_services import open_services
from app.services.clock import FixedClock
from app.ui.launch import build_main_window

MOMENT = datetime(2022, 3, 10, 12, 0, tzinfo=ZoneInfo("America/Los_Angeles"))


def main(out: str, week: int | None = None) -> int:
    os.environ["TZ"] = "America/Los_Angeles"
    time.tzset()  # the zone the deadlines are shown in: a student in Berkeley
    app = QApplication(sys.argv[:1])
    QLocale.setDefault(QLocale(QLocale.Language.English, QLocale.Country.UnitedStates))
    with tempfile.TemporaryDirectory() as data_dir:
        services = open_services(Path(data_dir), clock=FixedClock(MOMENT))
        window = build_main_window(services)
        window.resize(1280, 800)
        window.show()
        if week is not None:
            window.select_week(week)

        def grab() -> None:
            window.grab().save(out)
            window.close()

        QTimer.singleShot(500, grab)
        app.exec()
        services.close()
    print(out)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1], int(sys.argv[2]) if len(sys.argv) > 2 else None))
