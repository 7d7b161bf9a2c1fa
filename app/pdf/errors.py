"""Why a PDF cannot be read, in words a student can act on.

Every failure to open is a ``UserFacingError`` (one line, no traceback): the reader shows it in
the tab instead of the pages. A password is asked for by catching ``PasswordRequiredError``.
"""

from __future__ import annotations

from app.domain.errors import UserFacingError


class PdfOpenError(UserFacingError):
    """The file could not be opened as a PDF; ``str()`` says why, naming the file."""


class MissingFileError(PdfOpenError):
    """The file is not on disk (moved or deleted since it was downloaded)."""


class EmptyFileError(PdfOpenError):
    """The file has no bytes at all (an interrupted copy, a failed save)."""


class NotPdfError(PdfOpenError):
    """The bytes are something else: a web page saved under a .pdf name, an image, an archive."""


class DamagedPdfError(PdfOpenError):
    """The file starts like a PDF, but MuPDF could not recover a single page from it."""


class PasswordRequiredError(PdfOpenError):
    """The PDF is encrypted with a user password; open it again with the password."""


class WrongPasswordError(PasswordRequiredError):
    """The password given does not open the PDF (a subclass: the answer is to ask again)."""


class DocumentClosedError(PdfOpenError):
    """A call on a document after ``close()``: a late background job, safe to drop."""


class PageError(UserFacingError):
    """One page could not be rendered or read (its objects are damaged); the others may be fine."""


class NoSuchPageError(UserFacingError):
    """A page number beyond the document (a command line's ``--page 40`` on a 12-page paper)."""


class AnnotationExportError(UserFacingError):
    """The annotated copy could not be written (no such folder, no permission, disk full, or
    the copy would overwrite the original)."""
