"""Real PDFs for tests, made with PyMuPDF: a few pages of text, padded to a chosen size.

Padding is an embedded file of seeded random bytes: incompressible, so the PDF's size follows
the request closely, and deterministic, so a test can build the same file twice.
"""

from __future__ import annotations

import random
from pathlib import Path
from typing import Any

import pymupdf


def make_pdf(pages: int = 2, *, size: int | None = None, seed: int = 0, title: str = "") -> bytes:
    """A valid PDF with ``pages`` pages, at least ``size`` bytes long when one is given."""
    document: Any = pymupdf.open()  # type: ignore[no-untyped-call]  # partly typed
    try:
        for number in range(1, pages + 1):
            page = document.new_page()
            page.insert_text((72, 72), f"{title or 'Test paper'} (seed {seed})", fontsize=14)
            page.insert_text((72, 100), f"Page {number} of {pages}", fontsize=11)
        data: bytes = document.tobytes()
        if size is not None and size > len(data):
            padding = random.Random(seed).randbytes(size - len(data))
            document.embfile_add("padding.bin", padding)
            data = document.tobytes()
    finally:
        document.close()
    return data


def write_pdf(path: Path, pages: int = 2, *, size: int | None = None, seed: int = 0) -> bytes:
    data = make_pdf(pages, size=size, seed=seed)
    path.write_bytes(data)
    return data


def not_a_pdf_but_starts_like_one(size: int = 50_000, seed: int = 0) -> bytes:
    """The magic bytes and then noise: passes the first-bytes check, fails to open."""
    return b"%PDF-1.7\n" + random.Random(seed).randbytes(size)
