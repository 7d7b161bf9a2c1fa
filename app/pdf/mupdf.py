"""PyMuPDF, imported on first use and typed as ``Any``.

The import costs start-up time, so it happens when a PDF is first opened, not when the reader's
modules load. PyMuPDF's own annotations are partial (mypy strict rejects calls into them), and
our modules turn its objects into typed values at once (``app.pdf.content``).
"""

from __future__ import annotations

from typing import Any


def mupdf() -> Any:
    import pymupdf

    return pymupdf
