"""Start-up baseline: the least a PySide6 program can do to show a window, then quit.

``python -m tests.bench.bare_window`` imports QtWidgets, shows an empty QMainWindow and quits
from the event loop as soon as it has been shown. Qt is imported inside ``main`` so that
discovering the benchmarks does not load it.
"""

from __future__ import annotations

import sys


def main() -> int:
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication, QMainWindow

    app = QApplication(sys.argv)
    window = QMainWindow()
    window.setWindowTitle("bare window")
    window.show()
    QTimer.singleShot(0, app.quit)
    return app.exec()


if __name__ == "__main__":
    sys.exit(main())
