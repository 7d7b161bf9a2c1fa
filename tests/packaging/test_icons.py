"""The app icon in every size desktops look up, under the hicolor theme's names: each PNG is
the size its folder says and a rendering of the SVG, not a stale one."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QImage, QImageReader, QPainter
from PySide6.QtSvg import QSvgRenderer

from tests.packaging.packaging_files import HICOLOR, ICON_SIZES, ICONS

SOURCE = ICONS / "study-companion.svg"


def test_every_size_and_the_scalable_icon_are_there() -> None:
    folders = {path.parent.parent.name for path in HICOLOR.glob("*/apps/study-companion.*")}
    assert folders == {f"{size}x{size}" for size in ICON_SIZES} | {"scalable"}
    scalable = HICOLOR / "scalable" / "apps" / "study-companion.svg"
    assert scalable.read_bytes() == SOURCE.read_bytes()


@pytest.mark.parametrize("size", ICON_SIZES)
def test_png_is_the_size_its_folder_names(size: int) -> None:
    reader = QImageReader(str(HICOLOR / f"{size}x{size}" / "apps" / "study-companion.png"))
    assert reader.format().data() == b"png"
    assert reader.size() == QSize(size, size)


@pytest.mark.parametrize("size", ICON_SIZES)
def test_png_shows_the_svg(qapp: object, size: int) -> None:
    """Drawn again here from the SVG, pixel values may differ by Qt's anti-aliasing only."""
    path = HICOLOR / f"{size}x{size}" / "apps" / "study-companion.png"
    shipped = QImage(str(path)).convertToFormat(QImage.Format.Format_ARGB32)
    expected = QImage(size, size, QImage.Format.Format_ARGB32)
    expected.fill(Qt.GlobalColor.transparent)
    painter = QPainter(expected)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    QSvgRenderer(str(SOURCE)).render(painter)
    painter.end()
    assert shipped.pixelColor(0, 0).alpha() == 0  # a corner is transparent: no square tile
    centre = shipped.pixelColor(size // 2, size // 2)
    assert centre.alpha() == 255
    difference = sum(abs(a - b) for a, b in zip(_bytes(shipped), _bytes(expected), strict=True))
    assert difference / (size * size * 4) < 2, "run packaging/render_icons.py again"


def _bytes(image: QImage) -> bytes:
    return bytes(image.constBits())[: image.sizeInBytes()]
