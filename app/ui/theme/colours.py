"""The app's meaningful colours, one place, each with a light and a dark value.

Widgets and delegates read ``colours(palette)`` with the palette they draw with, so a row,
a label or a banner picks the set that suits the ground under it (ours, or a desktop's dark
palette). Every text colour here reads at least 4.5:1 on the bases, windows, day-off rows and
banner grounds of its set; ``tests/gui/test_contrast.py`` measures what the widgets draw.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtGui import QColor, QPalette


@dataclass(frozen=True)
class Colours:
    dark: bool
    link: str  # one link blue, everywhere
    success: str  # a reading ready, a review sent
    error: str
    warning: str  # due today, queued
    muted: str  # secondary text: dates, hosts, "no class"
    day_off_back: str  # holiday and break rows
    day_off_text: str
    urgent: str  # a countdown of the last day
    soon: str  # a countdown of the next few days
    focus: str  # the 2 px keyboard focus ring
    info_back: str  # banner grounds, under the palette's text
    success_back: str
    error_back: str
    info_edge: str  # banner borders
    success_edge: str
    error_edge: str
    tag_back: str  # a venue tag beside a reading's title
    tag_text: str
    box_back: str  # the review box in a week's header
    page_backdrop: str  # the reader's ground around the pages
    night_paper: str  # a dark page's paper before it is rendered

    def q(self, name: str) -> QColor:
        """One colour by its field name, as a QColor."""
        return QColor(str(getattr(self, name)))


LIGHT = Colours(
    dark=False,
    link="#1a5fb4",
    success="#1b6e37",
    error="#b3261e",
    warning="#8f5200",
    muted="#5c5f66",
    day_off_back="#eceef1",
    day_off_text="#50535a",
    urgent="#a8410a",
    soon="#1a5fb4",
    focus="#1a5fb4",
    info_back="#e8eef8",
    success_back="#e6f2ea",
    error_back="#f8e6e4",
    info_edge="#9db6dc",
    success_edge="#93c4a3",
    error_edge="#dc9c96",
    tag_back="#e3ebf6",
    tag_text="#284f80",
    box_back="#f0f4fa",
    page_backdrop="#5f6368",
    night_paper="#1e1f22",
)

DARK = Colours(
    dark=True,
    link="#8ab4f8",
    success="#6fcf8f",
    error="#ff8a80",
    warning="#f0b45a",
    muted="#a3a7ad",
    day_off_back="#2a2c30",
    day_off_text="#b4b8be",
    urgent="#ffab70",
    soon="#8ab4f8",
    focus="#8ab4f8",
    info_back="#1d2735",
    success_back="#1d2a22",
    error_back="#33201f",
    info_edge="#3d5a80",
    success_edge="#3b6b4a",
    error_edge="#7a3b36",
    tag_back="#26354a",
    tag_text="#b9cff0",
    box_back="#252b35",
    page_backdrop="#121314",
    night_paper="#1e1f22",
)


def is_dark(palette: QPalette) -> bool:
    """A palette whose windows are dark (ours, or a desktop's dark theme)."""
    return palette.color(QPalette.ColorRole.Window).lightnessF() < 0.5


def colours(palette: QPalette) -> Colours:
    """The set that reads on ``palette``'s grounds."""
    return DARK if is_dark(palette) else LIGHT
