"""One ``{% include syllabus_entry %}`` body turned into a Week.

Headings give the title and guest speakers, bullets outside the reading divs give the review form
and slides, bullets inside ``required_reading`` / ``optional_reading`` divs give the readings.
No link is dropped: a reading bullet's later links are the reading's extra links, Google Slides
links are slides, and every other link (prose, Google Docs, project pages, bullets of no known
shape) is one of the week's links.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from datetime import date, time
from urllib.parse import SplitResult, urljoin, urlsplit

from app.domain.course import Link, Reading, ReviewForm, Slide, Speaker, Week, WeekKind
from app.domain.deadline import DEFAULT_DUE_TIME, due_at
from app.domain.reading_id import reading_id
from app.syllabus.inline import Inline, read_inline
from app.syllabus.inline import Link as InlineLink
from app.syllabus.warnings import ParseWarning

_HEADING = re.compile(r"^\s{0,3}(#{1,6})\s+(.*?)\s*#*\s*$")
_BULLET = re.compile(r"^\s{0,3}[*+-]\s+(.*)$")
_LINK_COMMENT = re.compile(r"^\s*\[//\]:\s*[<#]")
_TAG = re.compile(r"<(/?)div\b([^>]*)>", re.IGNORECASE)
_SPEAKER = re.compile(r"^\s*(?:invited|guest)?\s*speakers?\s*:\s*(.*)$", re.IGNORECASE)
_AFFILIATION = re.compile(r"^(.*?)\s*\(([^()]*)\)\s*$")
_VENUE = re.compile(r"^(.*?)\s*\[([^\[\]]+)\]\s*$")
_SLIDES = re.compile(r"^(?P<label>[^:\[\]]*slides?)\s*:\s*(?P<rest>.*)$", re.IGNORECASE)
# "Intro Lecture [[pdf](...), [pptx](...)]": a label, then a bracketed list of links
_DECK = re.compile(r"^(?P<label>[^\[\]:]*?)\s*\[(?P<rest>\s*\[.*)\]\s*\.?$")
_GOOGLE_SLIDES = re.compile(r"^https?://docs\.google\.com/presentation/", re.IGNORECASE)
_PLACEHOLDER = re.compile(r"\[(\w[^\[\]]*)\]")
_DUE_TIME = re.compile(r"before\s+(\d{1,2})(?::(\d{2}))?\s*([ap])\.?m\.?", re.IGNORECASE)
_FORM_HOSTS = ("docs.google.com", "goo.gl")  # goo.gl/forms/...: the older short links
_KINDS = (
    (re.compile(r"holiday", re.I), WeekKind.HOLIDAY),
    (re.compile(r"\bbreak\b|\bRRR\b", re.I), WeekKind.BREAK),
    (re.compile(r"presentation|proposal", re.I), WeekKind.PRESENTATIONS),
)


@dataclass(frozen=True)
class EntryContext:
    site_url: str | None
    timezone: str
    # reading id -> the week that lists it first: a paper listed twice keeps its first place,
    # since its id must stay unique in the store
    seen_readings: dict[str, int] = field(default_factory=dict)


@dataclass
class _Bullet:
    line: int
    text: str
    section: str | None  # "required", "optional", another div's class, or None outside divs


@dataclass
class _Entry:
    title: str | None = None
    speakers: list[Speaker] = field(default_factory=list)
    bullets: list[_Bullet] = field(default_factory=list)
    description: list[str] = field(default_factory=list)
    # links outside bullets (title, sub-headings, prose): (label, href)
    loose_links: list[tuple[str, str]] = field(default_factory=list)


@dataclass
class _WeekLinks:
    """The week's other links in page order; one already kept elsewhere in the week is skipped."""

    found: list[tuple[str, str]] = field(default_factory=list)  # (label, absolute url)

    def add(self, label: str, url: str | None) -> None:
        if url:
            self.found.append((label or url, url))

    def kept(self, week: Week) -> tuple[Link, ...]:
        used = {r.url for r in week.readings} | {
            x.url for r in week.readings for x in r.extra_links
        }
        used |= {s.url for s in week.slides} | {s.url for s in week.speakers}
        used |= {week.review.form_url} if week.review else set()
        links: list[Link] = []
        for label, url in self.found:
            if url not in used:
                used.add(url)
                links.append(Link(label, url))
        return tuple(links)


def read_entry(
    number: int,
    day: date | None,
    start_line: int,
    body: list[tuple[int, str]],
    context: EntryContext,
) -> tuple[Week, list[ParseWarning]]:
    """Week ``number`` from the lines after its include (``start_line`` is the include's)."""
    warnings: list[ParseWarning] = []
    entry = _scan(body, warnings)
    review: ReviewForm | None = None
    slides: list[Slide] = []
    readings: list[Reading] = []
    links = _WeekLinks()
    for label, href in entry.loose_links:
        links.add(label, _absolute(href, context))
    for bullet in entry.bullets:
        inline = read_inline(bullet.text)
        if bullet.section in ("required", "optional"):
            reading = _reading(inline, bullet, context, warnings)
            if reading is None:
                continue
            if _first_listing(reading, number, bullet, context, warnings):
                readings.append(reading)
            else:  # listed in an earlier week: there it is a reading, here a link
                links.add(reading.title, reading.url)
                for extra in reading.extra_links:
                    links.add(extra.label, extra.url)
        elif form := _form_link(inline):
            if review is None:
                review = _review(form, inline, day, context, bullet.line, warnings)
            else:
                warnings.append(
                    ParseWarning(bullet.line, "a second form link; kept as a link of the week")
                )
                links.add(_label_of(inline, form), _absolute(form, context))
            others = [link for link in inline.links if link.href != form]
            slides += _sorted_links(others, links, context)
        elif match := _SLIDES.match(inline.text):
            rest = bullet.text.split(":", 1)[1]
            slides += _slides(match["label"].strip(), rest, context)
        elif deck := _DECK.match(bullet.text):
            slides += _slides(read_inline(deck["label"]).text or "Slides", deck["rest"], context)
        else:
            kept = [link for link in inline.links if _absolute(link.href, context)]
            slides += _sorted_links(kept, links, context)
            why = "its links kept with the week" if kept else "nothing kept"
            message = f"bullet not understood ({why}): {inline.text!r}"
            warnings.append(ParseWarning(bullet.line, message))
    title = entry.title or ""
    if not title:
        warnings.append(ParseWarning(start_line, f"entry {number} has no title"))
    week = Week(
        number=number,
        date=day,
        title=title,
        kind=_kind(title),
        speakers=tuple(entry.speakers),
        review=review,
        slides=tuple(slides),
        readings=tuple(readings),
        description=" ".join(entry.description) or None,
    )
    return replace(week, links=links.kept(week)), warnings


def _sorted_links(found: list[InlineLink], links: _WeekLinks, context: EntryContext) -> list[Slide]:
    """Google Slides links are slides; every other link is one of the week's links."""
    slides: list[Slide] = []
    for link in found:
        url = _absolute(link.href, context)
        if url and _GOOGLE_SLIDES.match(url):
            slides.append(Slide(link.text or "Slides", url))
        else:
            links.add(link.text, url)
    return slides


def _label_of(inline: Inline, href: str) -> str:
    return next((link.text for link in inline.links if link.href == href), "")


def _scan(body: list[tuple[int, str]], warnings: list[ParseWarning]) -> _Entry:
    """Walk the lines once: headings, bullets (with continuation lines), div nesting, prose."""
    entry = _Entry()
    divs: list[str] = []
    bullet: _Bullet | None = None
    for line_no, line in body:
        if not line.strip() or _LINK_COMMENT.match(line):
            bullet = None
            continue
        tags = list(_TAG.finditer(line))
        if tags:
            for tag in tags:
                _track_div(tag, divs, line_no, warnings)
            bullet = None
            rest = _TAG.sub("", line).strip()
            if not rest:
                continue
            line = rest
        if heading := _HEADING.match(line):
            bullet = None
            _heading(heading.group(2), line_no, entry, warnings)
        elif item := _BULLET.match(line):
            bullet = _Bullet(line_no, item.group(1).strip(), _section(divs))
            entry.bullets.append(bullet)
        elif bullet is not None:
            bullet.text += " " + line.strip()
        elif not divs and not entry.bullets:
            prose = read_inline(line.strip())
            entry.description.append(prose.text)
            entry.loose_links += [(link.text, link.href) for link in prose.links]
        else:
            prose = read_inline(line.strip())
            entry.loose_links += [(link.text, link.href) for link in prose.links]
            kept = "; its links kept with the week" if prose.links else ""
            warnings.append(ParseWarning(line_no, f"text not understood{kept}: {line.strip()!r}"))
    if divs:
        warnings.append(ParseWarning(body[-1][0], f"{len(divs)} <div> left open"))
    return entry


def _track_div(tag: re.Match[str], divs: list[str], line: int, warns: list[ParseWarning]) -> None:
    if tag.group(1):  # closing tag
        if divs:
            divs.pop()
        else:
            warns.append(ParseWarning(line, "</div> without an opening <div>"))
        return
    classes = re.search(r"class\s*=\s*[\"']([^\"']*)[\"']", tag.group(2))
    names = classes.group(1).split() if classes else []
    if "required_reading" in names:
        divs.append("required")
    elif "optional_reading" in names:
        divs.append("optional")
    else:
        divs.append(names[0] if names else "div")


def _section(divs: list[str]) -> str | None:
    """The innermost reading div decides; a plain wrapper div (class "reading") does not."""
    for name in reversed(divs):
        if name in ("required", "optional"):
            return name
    return divs[-1] if divs else None


def _heading(text: str, line: int, entry: _Entry, warnings: list[ParseWarning]) -> None:
    inline = read_inline(text)
    hrefs = [link.href for link in inline.links if link.href.strip()]
    speaker = _SPEAKER.match(inline.text)
    if speaker:
        names = _split_speakers(speaker.group(1))
        if len(hrefs) == len(names) > 1:  # "[A](a) (X) and [B](b) (Y)": each their own
            entry.speakers += [
                _speaker(name, href) for name, href in zip(names, hrefs, strict=True)
            ]
            return
        entry.speakers += [_speaker(name, hrefs[0] if hrefs else None) for name in names]
        if len(hrefs) > 1:
            warnings.append(
                ParseWarning(line, "speakers and links do not pair up; the first link is theirs")
            )
            entry.loose_links += [(link.text, link.href) for link in inline.links[1:]]
        return
    entry.loose_links += [(link.text, link.href) for link in inline.links]
    if entry.title is None:
        entry.title = inline.text
    else:
        warnings.append(ParseWarning(line, f"second heading ignored: {inline.text!r}"))


def _split_speakers(names: str) -> list[str]:
    """ "A (X) and B (Y)" is two speakers; "Microsoft DeepSpeed Team" stays one."""
    parts = re.split(r"\)\s*(?:,|&|\band\b)\s*", names)
    if len(parts) == 1:
        return [names.strip()]
    return [part.strip() + ")" for part in parts[:-1]] + [parts[-1].strip()]


def _speaker(text: str, url: str | None) -> Speaker:
    match = _AFFILIATION.match(text)
    if match and match.group(1):
        return Speaker(match.group(1).strip(), match.group(2).strip() or None, url)
    return Speaker(text.strip(), None, url)


def _kind(title: str) -> WeekKind:
    if not title:
        return WeekKind.OTHER
    for pattern, kind in _KINDS:
        if pattern.search(title):
            return kind
    return WeekKind.LECTURE


def _has_host(parts: SplitResult) -> bool:
    try:
        parts.port  # noqa: B018 - raises ValueError for "host:0:1" or a port past 65535
    except ValueError:
        return False
    return bool(parts.hostname)


def _absolute(href: str, context: EntryContext) -> str | None:
    href = href.strip()
    if not href:
        return None
    parts = urlsplit(href)
    if parts.scheme in ("http", "https") and not _has_host(parts):
        return None  # "https://:0:1" leads nowhere: treated like an empty link
    if parts.scheme:
        return href
    return urljoin(context.site_url, href) if context.site_url else href


def _form_link(inline: Inline) -> str | None:
    for link in inline.links:
        parts = urlsplit(link.href)
        host = (parts.hostname or "").lower()
        if host == "forms.gle" or (host in _FORM_HOSTS and parts.path.startswith("/forms/")):
            return link.href
    return None


def _review(
    form_url: str,
    inline: Inline,
    day: date | None,
    context: EntryContext,
    line: int,
    warnings: list[ParseWarning],
) -> ReviewForm:
    label = next((link.text for link in inline.links if link.href == form_url), "")
    at = DEFAULT_DUE_TIME
    if match := _DUE_TIME.search(inline.text):
        hour = int(match.group(1)) % 12 + (12 if match.group(3).lower() == "p" else 0)
        at = time(hour, int(match.group(2) or 0))
    else:  # the course's rule stands in, and the user is told that it does
        message = f"no 'before H:MM PM' deadline in {inline.text!r}; assuming 1:00 PM"
        warnings.append(ParseWarning(line, message))
    due = due_at(day, at, context.timezone) if day else None
    return ReviewForm(form_url=form_url, due=due, label=label or "Review form")


def _slides(label: str, rest: str, context: EntryContext) -> list[Slide]:
    """Linked decks, plus plain ``[PDF]`` placeholders for decks not posted yet."""
    inline = read_inline(rest)
    slides = [
        Slide(f"{label} ({link.text})", _absolute(link.href, context)) for link in inline.links
    ]
    for placeholder in _PLACEHOLDER.findall(inline.outside_links):
        slides.append(Slide(f"{label} ({placeholder})", None))
    return slides


def _first_listing(
    reading: Reading,
    week: int,
    bullet: _Bullet,
    context: EntryContext,
    warnings: list[ParseWarning],
) -> bool:
    if reading.id not in context.seen_readings:
        context.seen_readings[reading.id] = week
        return True
    first_week = context.seen_readings[reading.id]
    message = f"“{reading.title}” is listed again in week {week}; kept in week {first_week}"
    warnings.append(ParseWarning(bullet.line, message))
    return False


def _reading(
    inline: Inline, bullet: _Bullet, context: EntryContext, warnings: list[ParseWarning]
) -> Reading | None:
    links = [link for link in inline.links if link.text]
    if not links:
        warnings.append(
            ParseWarning(bullet.line, f"reading without a link skipped: {inline.text!r}")
        )
        return None
    link = links[0]
    extra_links = tuple(
        Link(other.text or url, url)
        for other in inline.links
        if other is not link and (url := _absolute(other.href, context))
    )
    if extra_links:  # a second paper, slides, a blog post: the first link is the reading
        others = ", ".join(repr(extra.label) for extra in extra_links)
        message = f"{link.text!r} is the reading; {others} kept as its extra links"
        warnings.append(ParseWarning(bullet.line, message))
    url = _absolute(link.href, context)
    if url is None:
        warnings.append(ParseWarning(bullet.line, f"reading {link.text!r} has an empty link"))
    title, venue = link.text, None
    if match := _VENUE.match(link.text):
        title, venue = match.group(1).strip() or link.text, match.group(2).strip()
    # a nested "* [slides](...)" bullet joins its reading: its star is no prose
    note = inline.text if inline.outside_links.strip(" .,;:*+-") else None
    return Reading(
        id=reading_id(url, title),
        title=title,
        url=url,
        required=bullet.section == "required",
        venue=venue,
        note=note,
        extra_links=extra_links,
    )
