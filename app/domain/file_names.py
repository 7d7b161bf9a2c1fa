"""Safe file names for downloaded readings, whatever a title or URL holds.

A name is ``<title-slug>-<reading id>.pdf``: the slug makes the folder readable, the reading id
makes names unique (two readings titled alike never overwrite each other's file). Only ASCII
letters, digits and ``-`` reach the slug, so no separator, no ``..``, no leading dot, no
control or shell-special character and no Windows reserved name can come out of it.
"""

from __future__ import annotations

import re
import unicodedata

PDF_SUFFIX = ".pdf"
# Well under the 255-byte limit of common file systems, leaving room for the ".part" and
# ".part.json" siblings the downloader writes next to the file, and kind to Windows paths.
MAX_NAME_LENGTH = 100
MIN_SLUG_LENGTH = 8  # below this a cut title says nothing; use the id alone

# Windows refuses these as a file's stem whatever the extension; a slug ends in "-<id>", so it
# cannot equal one, but the check stays so a future format change cannot reintroduce them.
WINDOWS_RESERVED = frozenset(
    {"con", "prn", "aux", "nul"}
    | {f"com{n}" for n in range(1, 10)}
    | {f"lpt{n}" for n in range(1, 10)}
)

_NOT_SLUG = re.compile(r"[^A-Za-z0-9]+")
_NOT_ID = re.compile(r"[^a-z0-9]+")
# Letters that NFKD does not decompose into ASCII but that have an obvious spelling; and
# apostrophes, dropped so "Don't" reads "Dont" rather than "Don-t".
_SPELLED = str.maketrans(
    {"ß": "ss", "æ": "ae", "Æ": "AE", "ø": "o", "Ø": "O", "œ": "oe", "Œ": "OE", "ł": "l"}
    | {"Ł": "L", "đ": "d", "Đ": "D", "þ": "th", "Þ": "Th", "ı": "i"}
    | {"'": "", "’": "", "ʼ": ""}
)


def slugify(text: str) -> str:
    """ASCII letters and digits joined by single dashes; accents folded, everything else gone."""
    folded = unicodedata.normalize("NFKD", text.translate(_SPELLED))
    ascii_only = folded.encode("ascii", "ignore").decode("ascii")
    return _NOT_SLUG.sub("-", ascii_only).strip("-")


def pdf_file_name(reading_id: str, title: str, *, max_length: int = MAX_NAME_LENGTH) -> str:
    """The file name for a reading's PDF: readable, unique by reading id, safe on any disk."""
    safe_id = _NOT_ID.sub("", reading_id.lower())
    if not safe_id:
        raise ValueError(f"a reading id must hold letters or digits: {reading_id!r}")
    # Ids are hex in practice, but a cleaned id may read "com1": alone it would be a device.
    id_alone = f"id-{safe_id}" if safe_id in WINDOWS_RESERVED else safe_id
    if len(id_alone) + len(PDF_SUFFIX) > max_length:
        raise ValueError(f"max_length {max_length} cannot hold the reading id {safe_id!r}")
    tail = f"-{safe_id}{PDF_SUFFIX}"
    room = max_length - len(tail)
    slug = _cut_at_word(slugify(title), room)
    if len(slug) < MIN_SLUG_LENGTH and len(slugify(title)) > len(slug):
        slug = ""  # a few letters of a long title mislead more than they help
    if not slug or slug.lower() in WINDOWS_RESERVED:
        return f"{id_alone}{PDF_SUFFIX}"
    return f"{slug}{tail}"


def _cut_at_word(slug: str, room: int) -> str:
    if len(slug) <= room:
        return slug
    if room <= 0:  # the id alone fills the name
        return ""
    cut = slug[:room]
    # Prefer ending on a whole word unless that throws most of the room away.
    boundary = cut.rfind("-")
    if boundary >= room // 2:
        cut = cut[:boundary]
    return cut.strip("-")
