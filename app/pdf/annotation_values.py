"""The small value formats of PDF annotations: dates, colours, names, and import keys.

Plain functions over strings and numbers (no PyMuPDF), shared by import and export.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Sequence
from datetime import UTC, datetime, timedelta, timezone, tzinfo

from app.domain.annotation import colour_channels

# ISO 32000-1, 7.9.4: D:YYYYMMDDHHmmSSOHH'mm' where everything after the year is optional.
# Writers differ: no "D:", no apostrophes, a trailing apostrophe missing, "Z00'00'".
_PDF_DATE = re.compile(
    r"(?:D:)?(\d{4})(\d{2})?(\d{2})?(\d{2})?(\d{2})?(\d{2})?"
    r"\s*(?:([Zz+\-])\s*(?:(\d{1,2})'?\s*(?:(\d{2})'?)?)?)?"
)


def parse_pdf_date(text: str | None, local_zone: tzinfo | None = None) -> datetime | None:
    """A PDF date string as an aware UTC datetime; None when missing or not a date.

    A date without a zone is read in ``local_zone`` (default: this machine's zone): the spec
    leaves its zone unknown, and such dates come from viewers (Preview, older Acrobat) that
    write the local time of the machine the student annotated on, which is almost always this
    one.
    """
    if not text:
        return None
    match = _PDF_DATE.fullmatch(text.strip())
    if match is None:
        return None
    year, month, day, hour, minute, second, sign, zone_hours, zone_minutes = match.groups()
    if sign is not None and hour is None:
        return None  # "D:2022-03" is an ISO month mangled, not 2022 in zone -03
    try:
        moment = datetime(
            int(year),
            int(month or 1),
            int(day or 1),
            int(hour or 0),
            int(minute or 0),
            min(int(second or 0), 59),  # a leap second "60" is real, datetime has none
        )
        if sign is None:
            if local_zone is None:
                return moment.astimezone(UTC)  # a naive datetime's astimezone reads it as local
            return moment.replace(tzinfo=local_zone).astimezone(UTC)
        offset = timedelta(hours=int(zone_hours or 0), minutes=int(zone_minutes or 0))
        zone = timezone(-offset if sign == "-" else offset)
        return moment.replace(tzinfo=zone).astimezone(UTC)
    except ValueError:  # month 13, hour 25, a zone beyond a day, ...
        return None


def format_pdf_date(moment: datetime) -> str:
    """``moment`` as a PDF date in UTC, e.g. ``D:20220301120000Z`` (to the second)."""
    if moment.tzinfo is None:
        raise ValueError("a PDF date needs an aware datetime")
    return moment.astimezone(UTC).strftime("D:%Y%m%d%H%M%SZ")


def colour_from_components(values: Sequence[float]) -> str | None:
    """A PDF colour array (/C) as ``#rrggbb``: 1 number is grey, 3 are RGB, 4 are CMYK.

    No numbers means "transparent" in the spec, and any other count is malformed: both give
    None (no colour). CMYK is converted the naive way (no colour profile): good enough to pick
    the nearest palette colour, and what MuPDF itself draws.
    """
    clamped = [min(max(float(value), 0.0), 1.0) for value in values]
    if len(clamped) == 1:
        red = green = blue = clamped[0]
    elif len(clamped) == 3:
        red, green, blue = clamped
    elif len(clamped) == 4:
        cyan, magenta, yellow, black = clamped
        red, green, blue = (
            (1 - cyan) * (1 - black),
            (1 - magenta) * (1 - black),
            (1 - yellow) * (1 - black),
        )
    else:
        return None
    return "#" + "".join(f"{round(channel * 255):02x}" for channel in (red, green, blue))


_DA_COLOUR = re.compile(
    r"(?:^|\s)((?:[-+]?(?:\d+\.?\d*|\.\d+)\s+){0,3}[-+]?(?:\d+\.?\d*|\.\d+))\s+(g|rg|k)(?=\s|$)"
)
_OPERANDS = {"g": 1, "rg": 3, "k": 4}


def colour_from_appearance_string(text: str) -> str | None:
    """The text colour set in a free text's /DA (e.g. ``/Helv 12 Tf 0 0 1 rg``), as ``#rrggbb``;
    None when it sets none. Free text from pdf.js and others has its colour only there."""
    found: str | None = None
    for match in _DA_COLOUR.finditer(text):
        numbers = match.group(1).split()[-_OPERANDS[match.group(2)] :]
        if len(numbers) == _OPERANDS[match.group(2)]:
            found = colour_from_components([float(number) for number in numbers])
    return found


def components_from_colour(colour: str) -> tuple[float, float, float]:
    """``#rrggbb`` as the RGB numbers (0 to 1) of a PDF colour array."""
    red, green, blue = colour_channels(colour)
    return red / 255, green / 255, blue / 255


def pdf_name(text: str) -> str:
    """A PDF name as PyMuPDF prints it (``/StrikeOut``, ``/My#20Stamp``) without the slash and
    with ``#xx`` escapes decoded."""
    name = text[1:] if text.startswith("/") else text
    return re.sub(r"#([0-9A-Fa-f]{2})", lambda match: chr(int(match.group(1), 16)), name)


def import_key(
    *,
    subtype: str,
    page: int,
    name: str | None,
    rect: Sequence[float],
    contents: str,
) -> str:
    """What identifies an annotation of a file across reads of it (and of re-saved copies).

    /NM is the annotation's name, kept by viewers when they re-save; it is only meant to be
    unique on its page, and PyMuPDF names every file's first annotation "fitz-A0", so the
    subtype and page go in with it. Without /NM: the subtype, page, rectangle rounded to a
    tenth of a point (writers print numbers with different precision) and contents.
    """
    if name:
        parts = ["nm", subtype, str(page), name]
    else:
        rounded = [f"{round(float(value), 1):.1f}" for value in rect]
        parts = ["content", subtype, str(page), *rounded, contents]
    digest = hashlib.sha256("\x1f".join(parts).encode("utf-8")).hexdigest()[:32]
    return f"{parts[0]}-{digest}"
