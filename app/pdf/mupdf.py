"""PyMuPDF, imported on first use and typed as ``Any``.

The import costs start-up time, so it happens when a PDF is first opened, not when the reader's
modules load. PyMuPDF's own annotations are partial (mypy strict rejects calls into them), and
our modules turn its objects into typed values at once (``app.pdf.content``).

MuPDF prints its errors on stdout unless told otherwise: loading a page with a 3D annotation
prints "MuPDF error: unsupported error: cannot create appearance stream for 3D annotations",
which would land in the middle of a command's ``--json`` output. Its messages go to this
module's logger instead, at INFO: every failure that matters reaches the caller as an exception
and the student as a sentence (``app.pdf.errors``).
"""

from __future__ import annotations

import functools
import logging
from typing import Any


@functools.cache
def mupdf() -> Any:
    import pymupdf

    module: Any = pymupdf
    module.set_messages(pylogging_logger=logging.getLogger(__name__), pylogging_level=logging.INFO)
    return module
