"""Write a one-page PDF (a heading and 29 lines of text) for packaging/smoke.sh.

    python3 packaging/smoke_pdf.py OUT.pdf

Written by hand with the standard library: the system Python has no PDF library, and the
bundle's PyMuPDF is to read and draw a file it did not make.
"""

from __future__ import annotations

import sys
from pathlib import Path


def one_page_pdf() -> bytes:
    lines = ["Smoke test: a paper opened from the bundle"] + [
        f"Line {n}: the reader draws this page in its render process." for n in range(1, 30)
    ]
    # 12 pt Helvetica from the top left margin, each ' moving one 16 pt line down.
    text = "BT /F1 12 Tf 72 760 Td 16 TL " + " ".join(f"({line}) '" for line in lines) + " ET"
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R"
        b" /Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n%s\nendstream" % (len(text), text.encode()),
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        xref,
    )
    return bytes(out)


if __name__ == "__main__":
    Path(sys.argv[1]).write_bytes(one_page_pdf())
