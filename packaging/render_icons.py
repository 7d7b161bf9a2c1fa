"""Render the app icon's PNG sizes from its SVG, into the hicolor theme layout.

    .venv/bin/python packaging/render_icons.py

writes resources/icons/hicolor/NxN/apps/study-companion.png for each size desktops look up,
and scalable/apps/study-companion.svg (the SVG itself). The outputs are committed: run this
again after changing resources/icons/study-companion.svg.
"""

from __future__ import annotations

import os
import shutil
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
ICONS = ROOT / "resources" / "icons"
SOURCE = ICONS / "study-companion.svg"
HICOLOR = ICONS / "hicolor"
NAME = "study-companion"  # the .desktop entry's Icon= and the name notifications use
SIZES = (16, 22, 24, 32, 48, 64, 128, 256, 512)


def main() -> int:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")  # no display needed
    from PySide6.QtCore import Qt
    from PySide6.QtGui import QGuiApplication, QImage, QPainter
    from PySide6.QtSvg import QSvgRenderer

    app = QGuiApplication(sys.argv[:1])
    renderer = QSvgRenderer(str(SOURCE))
    if not renderer.isValid():
        sys.exit(f"render_icons.py: Qt cannot read {SOURCE}")
    for size in SIZES:
        image = QImage(size, size, QImage.Format.Format_ARGB32)
        image.fill(Qt.GlobalColor.transparent)
        painter = QPainter(image)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        renderer.render(painter)  # the SVG's view box scaled to the whole image
        painter.end()
        target = HICOLOR / f"{size}x{size}" / "apps" / f"{NAME}.png"
        target.parent.mkdir(parents=True, exist_ok=True)
        if not image.save(str(target), "PNG"):
            sys.exit(f"render_icons.py: could not write {target}")
        print(target.relative_to(ROOT))
    scalable = HICOLOR / "scalable" / "apps" / f"{NAME}.svg"
    scalable.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(SOURCE, scalable)
    print(scalable.relative_to(ROOT))
    del app
    return 0


if __name__ == "__main__":
    sys.exit(main())
