"""The render process itself: ``python -m app.pdf.render_worker`` (see ``render_process``).

Reads requests on stdin, answers renders on what was stdout; stdout itself is pointed at
stderr, so nothing MuPDF or a library prints can corrupt the replies. Ends when stdin closes.

MuPDF's store (decoded images, fonts, parsed objects; 256 MB by default) is made anew with
``STORE_CAP_BYTES`` before any document is opened: PyMuPDF has no setter, and the store's
limit is fixed when it is made. The empty default store it replaces is not freed (a few KB).
"""

from __future__ import annotations

import os
import signal
import sys
from pathlib import Path
from typing import IO, Any

from app.pdf.content import Box
from app.pdf.document import PdfDocument, open_pdf
from app.pdf.errors import PageError, PdfOpenError
from app.pdf.mupdf import mupdf
from app.pdf.render_process import READY, read_message, write_message

# A quarter of the reader's page cache (256 MB): decoded images of the pages being drawn and
# their fonts fit many times over; a paper full of photos re-decodes rather than grow.
STORE_CAP_BYTES = 64 * 1024 * 1024
# On a busy machine the window's thread goes first: a render that waits a little is a page
# drawn a frame later; a window that waits is a stall.
NICENESS = 5


def serve(requests: IO[bytes], replies: IO[bytes]) -> None:
    documents: dict[int, PdfDocument | PdfOpenError] = {}  # or why it did not open
    while (message := read_message(requests)) is not None:
        what, number = message["do"], int(message["id"])
        if what == "open":
            _open(documents, message, replies)
        elif what == "close":
            document = documents.pop(number, None)
            if isinstance(document, PdfDocument):
                document.close()
        elif what == "render":
            gone = PdfOpenError("That document is not open.")
            _render(documents.get(number, gone), message, replies)


def _open(
    documents: dict[int, PdfDocument | PdfOpenError], message: dict[str, Any], replies: IO[bytes]
) -> None:
    number, answer = int(message["id"]), bool(message.get("reply"))
    # Without a reply the other process reads the page sizes itself: read just one.
    sizes = int(message.get("sizes", 1)) if answer else 1
    try:
        opened = open_pdf(Path(message["path"]), message["password"], sizes_at_open=sizes)
    except PdfOpenError as error:
        documents[number] = error
        if answer:
            write_message(replies, {"error": str(error), "kind": type(error).__name__})
        return
    documents[number] = opened
    if answer:
        write_message(replies, opened.description.as_json())
    # The first page is asked for once the window has the page sizes and its width:
    # meanwhile (the other process lays out its widgets) its content is read here.
    opened.prepare(0)


def _render(
    document: PdfDocument | PdfOpenError, message: dict[str, Any], replies: IO[bytes]
) -> None:
    if isinstance(document, PdfOpenError):
        write_message(replies, {"error": str(document)})
        return
    clip = message["clip"]
    try:
        image = document.render(
            int(message["page"]),
            float(message["scale"]),
            None if clip is None else Box(*clip),
            night=bool(message["night"]),
            natural_figures=bool(message.get("natural_figures", False)),
        )
    except (PageError, IndexError) as error:
        write_message(replies, {"error": str(error)})
        return
    header = {
        "width": image.width,
        "height": image.height,
        "stride": image.stride,
        "x": image.x,
        "y": image.y,
        "size": len(image.samples),
    }
    write_message(replies, header, image.samples)


def main() -> int:
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl+C in a terminal is for the app
    if hasattr(os, "nice"):
        os.nice(NICENESS)
    replies = os.fdopen(os.dup(sys.stdout.fileno()), "wb")
    os.dup2(sys.stderr.fileno(), sys.stdout.fileno())
    mupdf().mupdf.fz_new_store_context(STORE_CAP_BYTES)
    replies.write(READY)
    replies.flush()
    serve(sys.stdin.buffer, replies)
    return 0


if __name__ == "__main__":
    sys.exit(main())
