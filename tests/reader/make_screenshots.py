"""``python -m tests.reader.make_screenshots OUT_DIR``: the reader on a generated paper, in
light and dark, as PNG files (run under xvfb-run to see what a desktop shows).

Not a test: a way to look at the reader. Opens page 3 (a photo, a figure-free column of text)
at fit width with the outline open, and a search for a word so that hits show.
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path


def main() -> int:
    from PySide6.QtWidgets import QApplication

    from app.services.reader import ReaderService
    from app.ui.reader.reader_tab import ReaderTab
    from tests.bench._reader import wait_for
    from tests.reader.papers import MARKER, make_paper

    out = Path(sys.argv[1] if len(sys.argv) > 1 else ".")
    out.mkdir(parents=True, exist_ok=True)
    app = QApplication(sys.argv[:1])
    with tempfile.TemporaryDirectory() as folder:
        paper = make_paper(Path(folder) / "systems-paper.pdf", 14)
        tab = ReaderTab(ReaderService(), paper.path, title="A Generated Paper")
        tab.resize(1400, 900)
        tab.show()
        wait_for(lambda: 0 in tab.view.painted_pages)
        tab.jump(2)
        tab.toolbar.search_field.setText(MARKER)
        tab.search.start(MARKER)
        wait_for(lambda: not tab.search.running and not tab.queue.busy)
        wait_for(lambda: all(p in tab.view.painted_pages for p in tab.view.visible_pages()))
        tab.grab().save(str(out / "reader-light.png"))
        tab.set_dark(True)
        wait_for(lambda: not tab.queue.busy)
        wait_for(lambda: all(p in tab.view.painted_pages for p in tab.view.visible_pages()))
        tab.grab().save(str(out / "reader-dark.png"))
        tab.close()
    app.processEvents()
    return 0


if __name__ == "__main__":
    sys.exit(main())
