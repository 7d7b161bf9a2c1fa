"""PDF files through PyMuPDF: validation now; rendering, text and annotations later.

PyMuPDF is imported inside functions only (it costs start-up time), and every call into it
holds ``MUPDF_LOCK``: PyMuPDF is not thread-safe, and downloads validate files on several
worker threads at once while the reader may be rendering on another.
"""

from __future__ import annotations

import threading

MUPDF_LOCK = threading.RLock()
