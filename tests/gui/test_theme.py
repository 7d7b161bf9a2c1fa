"""The window's theme: View > Theme switches it live, a new window keeps the choice, and
"system" follows the desktop's colour scheme (or, without one, the desktop's palette)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QColor, QGuiApplication, QImage, QPalette
from PySide6.QtWidgets import QApplication, QMenu, QPushButton, QWidget
from pytestqt.qtbot import QtBot

from app.services.app_services import AppServices, open_services
from app.services.clock import Clock
from app.ui.main_window import MainWindow
from app.ui.theme import theme
from tests.gui.conftest import WindowFactory
from tests.gui.pixels import contrast, ground, image_of, ink, luminance


@pytest.fixture(autouse=True)
def _light_again(qapp: QApplication) -> Iterator[None]:
    """Each test leaves the application as the others expect it: light, no desktop hint."""
    system = theme().system_palette
    yield
    QGuiApplication.styleHints().colorSchemeChanged.emit(Qt.ColorScheme.Unknown)
    theme().set_system_palette(system)
    theme().apply("light")


def adwaita_dark() -> QPalette:
    """A GTK dark theme as a platform theme hands it to Qt (window, base, text)."""
    palette = QPalette()
    for role, colour in (
        (QPalette.ColorRole.Window, "#242424"),
        (QPalette.ColorRole.Base, "#1e1e1e"),
        (QPalette.ColorRole.Text, "#ffffff"),
        (QPalette.ColorRole.WindowText, "#ffffff"),
        (QPalette.ColorRole.Button, "#303030"),
        (QPalette.ColorRole.ButtonText, "#ffffff"),
    ):
        palette.setColor(role, QColor(colour))
    return palette


def theme_action(window: MainWindow, label: str) -> QAction:
    menu = next(
        a.menu() for a in window.view_menu.actions() if a.text().replace("&", "") == "Theme"
    )
    assert isinstance(menu, QMenu)
    return next(a for a in menu.actions() if a.text().replace("&", "") == label)


def header_looks(window: MainWindow) -> tuple[QColor, QColor]:
    """The week header's ground and text colours, read from its pixels."""
    image = image_of(window.detail.header)
    back = ground(image)
    return back, ink(image, back)


def is_dark_on_screen(window: MainWindow) -> bool:
    back, text = header_looks(window)
    assert contrast(back, text) >= 4.5, (back.name(), text.name())
    return luminance(back) < 0.2


def test_view_menu_switches_the_window_live_and_stores_the_choice(
    window: MainWindow, services: AppServices
) -> None:
    assert window.select_week(8)
    assert not is_dark_on_screen(window)
    assert theme_action(window, "System").isChecked()  # the default

    theme_action(window, "Dark").trigger()

    assert is_dark_on_screen(window)
    assert theme_action(window, "Dark").isChecked()
    assert services.config.get("appearance.theme").value == "dark"


def test_the_choice_is_remembered_by_a_new_window(
    make_window: WindowFactory, data_dir: Path, clock: Clock
) -> None:
    first = make_window()
    theme_action(first, "Dark").trigger()
    first.close()
    theme().apply("light")  # a new start begins light, as a fresh process would

    second = make_window(services=open_services(data_dir, clock=clock))

    assert second.select_week(8)
    assert is_dark_on_screen(second)
    assert theme_action(second, "Dark").isChecked()


def test_system_follows_the_desktops_colour_scheme_as_it_changes(window: MainWindow) -> None:
    hints = QGuiApplication.styleHints()
    assert window.select_week(8)
    assert not is_dark_on_screen(window)  # offscreen: no scheme, a light platform palette

    hints.colorSchemeChanged.emit(Qt.ColorScheme.Dark)
    assert is_dark_on_screen(window)

    hints.colorSchemeChanged.emit(Qt.ColorScheme.Light)
    assert not is_dark_on_screen(window)


def test_a_dark_gtk_palette_without_a_scheme_hint_is_followed(window: MainWindow) -> None:
    assert window.select_week(8)
    theme().set_system_palette(adwaita_dark())

    assert is_dark_on_screen(window)


def test_a_chosen_theme_does_not_follow_the_desktop(window: MainWindow) -> None:
    assert window.select_week(8)
    theme_action(window, "Light").trigger()

    QGuiApplication.styleHints().colorSchemeChanged.emit(Qt.ColorScheme.Dark)

    assert not is_dark_on_screen(window)


def test_toolbar_icons_are_redrawn_in_the_new_text_colour(window: MainWindow) -> None:
    for mode in ("light", "dark"):
        theme().apply(mode)
        text = window.palette().color(QPalette.ColorRole.WindowText)
        for action in (window.sync_action, window.today_action):
            image = action.icon().pixmap(24, 24).toImage()
            opaque = [
                image.pixelColor(x, y)
                for x in range(24)
                for y in range(24)
                if image.pixelColor(x, y).alpha() == 255
            ]
            assert opaque, action.text()
            # The line art's solid pixels are the text colour (Today adds one accent square).
            share = sum(c.rgb() == text.rgb() for c in opaque) / len(opaque)
            assert share > 0.6, (mode, action.text(), share)


def tab_to(widget: QWidget, qtbot: QtBot) -> None:
    """Press Tab, as a student does, until ``widget`` has the focus."""
    start = widget.previousInFocusChain()
    while not (start.focusPolicy() & Qt.FocusPolicy.TabFocus and start.isVisible()):
        start = start.previousInFocusChain()
    start.setFocus(Qt.FocusReason.OtherFocusReason)
    for _ in range(40):
        if widget.hasFocus():
            return
        focused = QApplication.focusWidget()
        assert focused is not None
        qtbot.keyClick(focused, Qt.Key.Key_Tab)
    assert widget.hasFocus()


def test_keyboard_focus_on_a_button_draws_a_ring_that_stands_out(
    window: MainWindow, qtbot: QtBot
) -> None:
    for mode in ("light", "dark"):
        theme().apply(mode)
        assert window.select_week(8)
        button = next(b for b in window.detail.findChildren(QPushButton) if b.isVisibleTo(window))
        window.week_list.setFocus(Qt.FocusReason.OtherFocusReason)
        before = image_of(button)
        tab_to(button, qtbot)
        after = image_of(button)
        behind = window.detail.widget().palette().color(QPalette.ColorRole.Base)
        changed = [
            QColor(after.pixel(x, y))
            for y in range(after.height())
            for x in range(after.width())
            if after.pixel(x, y) != before.pixel(x, y)
        ]
        # A 2 px ring all round: at least twice the perimeter changed...
        perimeter = 2 * (after.width() + after.height())
        assert len(changed) >= 2 * perimeter * 0.8, (mode, len(changed), perimeter)
        # ...in a colour a student can see against the pane (WCAG's 3:1 for non-text).
        strongest = max(changed, key=lambda c: contrast(c, behind))
        assert contrast(strongest, behind) >= 3, (mode, strongest.name())


def test_keyboard_focus_on_the_week_list_rings_the_current_week(
    window: MainWindow, qtbot: QtBot
) -> None:
    for mode in ("light", "dark"):
        theme().apply(mode)
        assert window.select_week(8)
        view = window.week_list
        area = view.visualRect(view.currentIndex())
        window.detail.setFocus(Qt.FocusReason.OtherFocusReason)
        before = view.viewport().grab(area).toImage()
        tab_to(view, qtbot)
        after = view.viewport().grab(area).toImage()
        changed = [
            QColor(after.pixel(x, y))
            for y in range(after.height())
            for x in range(after.width())
            if after.pixel(x, y) != before.pixel(x, y)
        ]
        perimeter = 2 * (area.width() + area.height())
        assert len(changed) >= 2 * perimeter * 0.8, (mode, len(changed), perimeter)
        selection = view.palette().color(QPalette.ColorRole.Highlight)
        strongest = max(changed, key=lambda c: contrast(c, selection))
        assert contrast(strongest, selection) >= 3, (mode, strongest.name())


def test_screenshot_theme_draws_the_window_in_that_theme(tmp_path: Path) -> None:
    from tests.integration.test_screenshot_command import run

    grounds = {}
    for mode in ("dark", "light"):
        out = tmp_path / f"{mode}.png"
        result = run(str(out), "--week", "8", "--theme", mode, data=tmp_path / "data")
        assert result.returncode == 0, result.stderr
        grounds[mode] = luminance(ground(QImage(str(out))))
    assert grounds["dark"] < 0.05 < 0.8 < grounds["light"]
    # A picture in another theme is not the student's choice: nothing is stored.
    services = open_services(tmp_path / "data")
    try:
        assert services.config.get("appearance.theme").is_default
    finally:
        services.close()


def test_tab_to_a_link_in_the_week_pane_rings_it(window: MainWindow, qtbot: QtBot) -> None:
    for mode in ("light", "dark"):
        theme().apply(mode)
        assert window.select_week(8)
        header = window.detail.header  # the speaker's page and the review form are links
        tab_to(header, qtbot)
        before = image_of(header)
        for _ in range(3):  # Tab goes from link to link inside the label
            if header.hasSelectedText():
                break
            qtbot.keyClick(header, Qt.Key.Key_Tab)
        assert header.hasSelectedText(), "no link took the focus"
        qtbot.waitUntil(lambda b=before, h=header: image_of(h) != b)
        after = image_of(header)
        behind = ground(after)
        ring = [
            QColor(after.pixel(x, y))
            for y in range(after.height())
            for x in range(after.width())
            if after.pixel(x, y) != before.pixel(x, y)
            and contrast(QColor(after.pixel(x, y)), behind) >= 3
        ]
        # A 2 px ring round a word or two: far more than a dotted hairline's pixels.
        assert len(ring) >= 150, (mode, len(ring))
