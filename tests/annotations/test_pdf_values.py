"""PDF date strings and colour arrays as viewers write them, and import keys."""

from __future__ import annotations

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import pytest

from app.pdf.annotation_values import (
    colour_from_appearance_string,
    colour_from_components,
    format_pdf_date,
    import_key,
    parse_pdf_date,
)

BERKELEY = ZoneInfo("America/Los_Angeles")


@pytest.mark.parametrize(
    ("text", "wanted"),
    [
        ("D:20220301093000-08'00'", datetime(2022, 3, 1, 17, 30, tzinfo=UTC)),  # Acrobat
        ("D:20220301093000-08'00", datetime(2022, 3, 1, 17, 30, tzinfo=UTC)),  # no closing '
        ("D:20220306170000+05'30'", datetime(2022, 3, 6, 11, 30, tzinfo=UTC)),
        ("D:20220303120000Z", datetime(2022, 3, 3, 12, 0, tzinfo=UTC)),  # Okular
        ("D:20220303120000Z00'00'", datetime(2022, 3, 3, 12, 0, tzinfo=UTC)),
        ("20220303120000+01'00'", datetime(2022, 3, 3, 11, 0, tzinfo=UTC)),  # no "D:"
    ],
)
def test_dates_with_a_zone_become_utc(text: str, wanted: datetime) -> None:
    parsed = parse_pdf_date(text)
    assert parsed == wanted
    assert parsed is not None and parsed.utcoffset() is not None


def test_a_date_without_a_zone_is_local_time_where_it_is_read() -> None:
    # Preview writes the local time without a zone; the student read it on this machine.
    winter = parse_pdf_date("D:20220302101500", local_zone=BERKELEY)
    assert winter == datetime(2022, 3, 2, 10, 15, tzinfo=BERKELEY).astimezone(UTC)
    assert winter == datetime(2022, 3, 2, 18, 15, tzinfo=UTC)
    summer = parse_pdf_date("D:20220702101500", local_zone=BERKELEY)
    assert summer == datetime(2022, 7, 2, 17, 15, tzinfo=UTC)  # daylight saving time
    # Without a zone given: this machine's, which tests/conftest.py pins to Berkeley's.
    assert parse_pdf_date("D:20220302101500") == winter


def test_a_date_may_stop_after_any_part() -> None:
    assert parse_pdf_date("D:2022", local_zone=UTC) == datetime(2022, 1, 1, tzinfo=UTC)
    assert parse_pdf_date("D:20220305", local_zone=UTC) == datetime(2022, 3, 5, tzinfo=UTC)
    assert parse_pdf_date("D:202203051412", local_zone=UTC) == datetime(
        2022, 3, 5, 14, 12, tzinfo=UTC
    )


@pytest.mark.parametrize("junk", [None, "", "yesterday", "D:20221301", "D:20220230", "D:2022-03"])
def test_what_is_not_a_date_is_no_date(junk: str | None) -> None:
    assert parse_pdf_date(junk) is None


def test_dates_are_written_in_utc_to_the_second() -> None:
    moment = datetime(2022, 3, 1, 9, 30, 15, 999, tzinfo=BERKELEY)
    written = format_pdf_date(moment)
    assert written == "D:20220301173015Z"
    assert parse_pdf_date(written) == moment.replace(microsecond=0)
    with pytest.raises(ValueError, match="aware"):
        format_pdf_date(datetime(2022, 3, 1))


@pytest.mark.parametrize(
    ("components", "wanted"),
    [
        ((0.5,), "#808080"),  # grey: round(127.5) is 128
        ((1.0, 0.82, 0.0), "#ffd100"),  # 0.82 * 255 = 209.1
        ((0.0, 0.2, 1.0, 0.0), "#ffcc00"),  # CMYK: (1-c)(1-k), (1-m)(1-k), (1-y)(1-k)
        ((0.0, 0.0, 0.0, 1.0), "#000000"),
        ((1.5, -1.0, 0.5), "#ff0080"),  # out of range numbers are clamped
        ((), None),  # transparent
        ((0.1, 0.2), None),  # malformed
    ],
)
def test_colours_in_any_colour_space_become_rrggbb(
    components: tuple[float, ...], wanted: str | None
) -> None:
    assert colour_from_components(components) == wanted


@pytest.mark.parametrize(
    ("appearance", "wanted"),
    [
        ("/Helv 10 Tf 1 0 0 rg", "#ff0000"),
        ("0 0 1 rg /Helv 12 Tf", "#0000ff"),
        (".5 g /Helv 9 Tf", "#808080"),
        ("/Helv 9 Tf", None),
    ],
)
def test_free_text_colour_is_read_from_its_appearance_string(
    appearance: str, wanted: str | None
) -> None:
    assert colour_from_appearance_string(appearance) == wanted


def test_import_keys_follow_the_name_when_there_is_one() -> None:
    named = import_key(
        subtype="Highlight", page=3, name="okular-1", rect=(1, 2, 3, 4), contents="a"
    )
    moved = import_key(
        subtype="Highlight", page=3, name="okular-1", rect=(9, 9, 9, 9), contents="edited"
    )
    assert named == moved  # a viewer that re-saves keeps /NM: the same annotation
    other_page = import_key(
        subtype="Highlight", page=4, name="okular-1", rect=(1, 2, 3, 4), contents="a"
    )
    assert named != other_page  # PyMuPDF names every file's first annotation "fitz-A0"


def test_import_keys_without_a_name_ignore_how_precisely_numbers_were_printed() -> None:
    def key(rect: tuple[float, ...], contents: str = "note") -> str:
        return import_key(subtype="Text", page=0, name=None, rect=rect, contents=contents)

    assert key((100.0, 200.0, 120.0, 220.0)) == key((100.00001, 199.99998, 120.0, 220.0))
    assert key((100.0, 200.0, 120.0, 220.0)) != key((100.0, 210.0, 120.0, 230.0))
    assert key((100.0, 200.0, 120.0, 220.0)) != key((100.0, 200.0, 120.0, 220.0), "other")
