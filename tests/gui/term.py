"""Moments and data the GUI tests share."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

if TYPE_CHECKING:
    from app.ui.main_window import MainWindow

BERKELEY = ZoneInfo("America/Los_Angeles")
# Thursday before week 8 ("Machine learning Applied to Systems", Monday March 14, review due
# 1:00 PM PDT: the first lecture after the DST switch). Its slides are not posted yet.
MID_TERM = datetime(2022, 3, 10, 12, 0, tzinfo=BERKELEY)
EXTRA_READING = "Learned Systems Test Paper"
DAYS_OFF = (5, 9, 15)  # Presidents Day, Spring Break, RRR Week


class SettableClock:
    """A real clock the test moves by hand (the minute timer's refresh is what is tested)."""

    def __init__(self, moment: datetime) -> None:
        self.moment = moment

    def now(self) -> datetime:
        return self.moment


def plain(text: str) -> str:
    """Qt's en_US time format puts a narrow no-break space before AM/PM."""
    return text.replace("\u202f", " ").replace("\xa0", " ")


def selected_number(window: MainWindow) -> int | None:
    week = window.selected_week()
    return week.number if week is not None else None
