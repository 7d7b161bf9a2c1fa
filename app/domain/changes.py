"""What changed between two syllabus versions, and which stored weeks and readings the new ones are.

Weeks are matched by what identifies them (title, readings, review form) before their slot in
the term, so an inserted holiday row or a renumbering does not reassign a student's data to the
wrong week. Readings are matched by their canonical link, then by title (a link that changed);
a reading that is new to the live syllabus is matched the same way against the archived ones, so
one that returns is the stored reading again, whatever its link was when it left. A week new to
the live syllabus is matched against the archived weeks too (by what identifies it, never by its
slot alone), so a week that returns is its stored row again, with the review drafted on it.

A plan also says how much of the live term it would archive (``Archiving``); a sync holds back a
plan that crosses a quarter of it (see ``Archiving.held_back``).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from enum import StrEnum

from app.domain.course import Reading, Syllabus, Week
from app.domain.reading_id import canonical_key, normalize_title, reading_id


class ChangeKind(StrEnum):
    ADDED = "added"
    CHANGED = "changed"
    REMOVED = "removed"


class ChangeItem(StrEnum):
    WEEK = "week"
    READING = "reading"
    REVIEW_FORM = "review_form"
    SLIDES = "slides"
    SPEAKER = "speaker"


@dataclass(frozen=True)
class Change:
    change: ChangeKind
    item: ChangeItem
    week: int | None
    detail: str

    def __str__(self) -> str:
        where = f"week {self.week}: " if self.week is not None else ""
        return f"{where}{self.item.replace('_', ' ')} {self.change}: {self.detail}"


WeekPair = tuple[int | None, int | None]  # (index in old.weeks, index in new.weeks)


@dataclass(frozen=True)
class Archiving:
    """How many of the live weeks and readings a plan would archive.

    Why a quarter: the course staff edit a page a week or two at a time (a reading swapped, a
    holiday row, a week renamed); nothing in a real term's history archives more than one week
    or a few readings at once. A page cut short is another thing: the parser is positional and
    reads entries one by one, so a file cut at an entry boundary (a failed upload, an editor's
    half-saved buffer, a page cut after week 6 of 16) parses cleanly, without a single warning,
    as a shorter term. Nothing about the page itself betrays it; only what the merge would take
    away does: 10 of 16 weeks. A schedule reset to "TBA" (no weeks at all) is the same case.
    Readings count on their own, for a page that keeps its weeks but loses their reading lists.
    """

    weeks: int
    of_weeks: int
    readings: int
    of_readings: int

    @property
    def held_back(self) -> bool:
        """More than a quarter of the live weeks or of the live readings would be archived."""
        return self.weeks * 4 > self.of_weeks or self.readings * 4 > self.of_readings

    def describe(self) -> str:
        """``10 of 16 weeks and 40 of 63 readings``."""

        def count(part: int, whole: int, noun: str) -> str:
            return f"{part} of {whole} {noun}{'s' if whole != 1 else ''}"

        return f"{count(self.weeks, self.of_weeks, 'week')} and " + count(
            self.readings, self.of_readings, "reading"
        )


NOTHING_ARCHIVED = Archiving(0, 0, 0, 0)


@dataclass(frozen=True)
class MergePlan:
    week_pairs: tuple[WeekPair, ...]
    kept_ids: Mapping[str, str]  # new reading id -> the stored id it is written to, if not its own
    changes: tuple[Change, ...]
    # new week index -> index in the archived weeks given to plan_merge: that row comes back
    revived_weeks: Mapping[int, int] = field(default_factory=dict)
    archiving: Archiving = NOTHING_ARCHIVED

    @property
    def removals(self) -> tuple[Change, ...]:
        """The weeks and readings this plan archives, in term order."""
        return tuple(
            c
            for c in self.changes
            if c.change is ChangeKind.REMOVED and c.item in (ChangeItem.WEEK, ChangeItem.READING)
        )


_TITLE, _READINGS, _FORM, _SLOT = 4, 3, 3, 2


def _week_score(old: Week, new: Week) -> int:
    score = 0
    if old.title and normalize_title(old.title) == normalize_title(new.title):
        score += _TITLE
    if {_key(r) for r in old.readings} & {_key(r) for r in new.readings}:
        score += _READINGS
    if (
        old.review
        and new.review
        and _form_key(old.review.form_url) == _form_key(new.review.form_url)
    ):
        score += _FORM
    return score + _slot_score(old, new)


def _key(reading: Reading) -> str:
    return reading_id(reading.url, reading.title)


def _form_key(url: str) -> str:
    return canonical_key(url)


def match_weeks(old: tuple[Week, ...], new: tuple[Week, ...]) -> tuple[WeekPair, ...]:
    """Greedy best-first pairing; a slot alone matches only when nothing better claims either."""
    candidates = sorted(
        (
            (-score, abs(oi - ni), oi, ni)
            for oi, o in enumerate(old)
            for ni, n in enumerate(new)
            if (score := _week_score(o, n)) >= _SLOT
        )
    )
    old_of_new: dict[int, int] = {}
    taken: set[int] = set()
    for _, _, oi, ni in candidates:
        if oi not in taken and ni not in old_of_new:
            taken.add(oi)
            old_of_new[ni] = oi
    pairs: list[WeekPair] = [(old_of_new.get(ni), ni) for ni in range(len(new))]
    pairs += [(oi, None) for oi in range(len(old)) if oi not in taken]
    return tuple(pairs)


def revive_weeks(
    pairs: tuple[WeekPair, ...], new: tuple[Week, ...], archived: tuple[Week, ...]
) -> dict[int, int]:
    """New weeks no live week continues -> the archived week each one is (best first).

    A slot alone is not enough here: an archived week 7 must not lend its draft review to a new,
    different week 7, so a week comes back only on its title, a reading or its review form.
    """
    fresh = [ni for oi, ni in pairs if oi is None and ni is not None]
    candidates = sorted(
        (-score, ai, ni)
        for ni in fresh
        for ai, gone in enumerate(archived)
        if (score := _week_score(gone, new[ni]) - _slot_score(gone, new[ni])) > 0
    )
    revived: dict[int, int] = {}
    taken: set[int] = set()
    for _, ai, ni in candidates:  # ties: the earlier archived week (the store lists newest first)
        if ai not in taken and ni not in revived:
            taken.add(ai)
            revived[ni] = ai
    return revived


def _slot_score(old: Week, new: Week) -> int:
    same_slot = old.date == new.date if old.date and new.date else old.number == new.number
    return _SLOT if same_slot else 0


def _match_readings(old: Iterable[Reading], new: Iterable[Reading]) -> dict[str, Reading]:
    """New reading id -> the old reading it continues."""
    old_by_key = {_key(r): r for r in old}
    matched: dict[str, Reading] = {}
    unmatched_new: list[Reading] = []
    for reading in new:
        previous = old_by_key.pop(reading.id, None)
        if previous is None:
            unmatched_new.append(reading)
        else:
            matched[reading.id] = previous
    old_by_title = {normalize_title(r.title): r for r in old_by_key.values()}
    for reading in unmatched_new:
        previous = old_by_title.pop(normalize_title(reading.title), None)
        if previous is not None:
            matched[reading.id] = previous
    return matched


def plan_merge(
    old: Syllabus,
    new: Syllabus,
    archived: Iterable[Reading] = (),
    archived_weeks: tuple[Week, ...] = (),
) -> MergePlan:
    """Pair the stored syllabus (``old``, live part) with ``new``; ``archived`` and
    ``archived_weeks`` are the stored readings and weeks that left it, which the new syllabus may
    bring back."""
    pairs = match_weeks(old.weeks, new.weeks)
    revived = revive_weeks(pairs, new.weeks, archived_weeks)
    collector = _ChangeCollector()
    new_number_of_old = {
        old.weeks[oi].number: new.weeks[ni].number
        for oi, ni in pairs
        if oi is not None and ni is not None
    }
    for oi, ni in pairs:
        if oi is None and ni is not None:
            week = new.weeks[ni]
            collector.add(ChangeKind.ADDED, ChangeItem.WEEK, week.number, week.title)
        elif ni is None and oi is not None:
            week = old.weeks[oi]
            collector.add(ChangeKind.REMOVED, ChangeItem.WEEK, week.number, week.title)
        elif oi is not None and ni is not None:
            _compare_weeks(old.weeks[oi], new.weeks[ni], collector)
    _compare_forms(old, new, pairs, collector)

    matched = _match_readings((r for _, r in old.readings), (r for _, r in new.readings))
    old_week_of = {r.id: w.number for w, r in old.readings}
    continued = {previous.id for previous in matched.values()}
    for week, reading in new.readings:
        previous = matched.get(reading.id)
        if previous is None:
            collector.add(ChangeKind.ADDED, ChangeItem.READING, week.number, reading.title)
            continue
        was_in = new_number_of_old.get(old_week_of[previous.id])
        _compare_readings(previous, reading, week.number, was_in, collector)
    gone_readings = 0
    for week, reading in old.readings:
        if reading.id not in continued:
            gone_readings += 1
            number = new_number_of_old.get(week.number, week.number)
            collector.add(ChangeKind.REMOVED, ChangeItem.READING, number, reading.title)
    gone_weeks = sum(1 for _, ni in pairs if ni is None)
    archiving = Archiving(gone_weeks, len(old.weeks), gone_readings, len(old.readings))

    # A reading relinked while live kept its first id; back after an archive under that link,
    # the link's own id is another one, and the student's file and position hang on the first.
    returning = _match_readings(archived, (r for _, r in new.readings if r.id not in matched))
    kept = {new_id: prev.id for new_id, prev in (matched | returning).items() if new_id != prev.id}
    kept.update(_own_ids_for_newcomers(old, new, kept))
    return MergePlan(pairs, kept, collector.sorted(), revived, archiving)


def _own_ids_for_newcomers(old: Syllabus, new: Syllabus, kept: Mapping[str, str]) -> dict[str, str]:
    """New reading id -> a stored id of its own, for a reading whose id a relinked one keeps.

    A reading whose link changed keeps its stored id (the student's data hangs on it). If a
    later reading arrives with that old link, its id is the one already kept: without an id of
    its own, both would be written to one stored row and one reading would silently vanish.
    """
    claimed = set(kept.values())
    taken = claimed | {r.id for _, r in old.readings} | {r.id for _, r in new.readings}
    own: dict[str, str] = {}
    for _, reading in new.readings:
        if reading.id in claimed and reading.id not in kept:
            attempt = 1
            while (candidate := reading_id(None, f"{reading.id} {attempt}")) in taken:
                attempt += 1
            own[reading.id] = candidate
            taken.add(candidate)
    return own


class _ChangeCollector:
    def __init__(self) -> None:
        self._changes: list[Change] = []

    def add(self, change: ChangeKind, item: ChangeItem, week: int | None, detail: str) -> None:
        self._changes.append(Change(change, item, week, detail))

    def sorted(self) -> tuple[Change, ...]:
        order = list(ChangeItem)
        return tuple(sorted(self._changes, key=lambda c: (c.week or 0, order.index(c.item))))


def _compare_weeks(old: Week, new: Week, out: _ChangeCollector) -> None:
    n = new.number
    if old.number != n:
        out.add(ChangeKind.CHANGED, ChangeItem.WEEK, n, f"renumbered from week {old.number}")
    if old.title != new.title:
        out.add(ChangeKind.CHANGED, ChangeItem.WEEK, n, f"title “{old.title}” → “{new.title}”")
    if old.date != new.date:
        out.add(ChangeKind.CHANGED, ChangeItem.WEEK, n, f"date {old.date} → {new.date}")
    if old.kind != new.kind:
        out.add(ChangeKind.CHANGED, ChangeItem.WEEK, n, f"kind {old.kind} → {new.kind}")

    old_speakers = {s.name: s for s in old.speakers}
    new_speakers = {s.name: s for s in new.speakers}
    for name in old_speakers.keys() - new_speakers.keys():
        out.add(ChangeKind.REMOVED, ChangeItem.SPEAKER, n, name)
    for name, speaker in new_speakers.items():
        if name not in old_speakers:
            out.add(ChangeKind.ADDED, ChangeItem.SPEAKER, n, name)
        elif old_speakers[name] != speaker:
            out.add(ChangeKind.CHANGED, ChangeItem.SPEAKER, n, f"{name}: affiliation or link")

    old_slides = {s.label: s.url for s in old.slides}
    new_slides = {s.label: s.url for s in new.slides}
    for label in old_slides.keys() - new_slides.keys():
        out.add(ChangeKind.REMOVED, ChangeItem.SLIDES, n, label)
    for label, url in new_slides.items():
        if label not in old_slides:
            out.add(
                ChangeKind.ADDED,
                ChangeItem.SLIDES,
                n,
                label if url else f"{label} (not posted yet)",
            )
        elif old_slides[label] != url:
            what = "posted" if old_slides[label] is None else "link changed"
            out.add(ChangeKind.CHANGED, ChangeItem.SLIDES, n, f"{label} {what}")


def _compare_forms(
    old: Syllabus, new: Syllabus, pairs: tuple[WeekPair, ...], out: _ChangeCollector
) -> None:
    old_form_week = {_form_key(w.review.form_url): w.number for w in old.weeks if w.review}
    new_form_week = {_form_key(w.review.form_url): w.number for w in new.weeks if w.review}
    for oi, ni in pairs:
        before = old.weeks[oi].review if oi is not None else None
        after = new.weeks[ni].review if ni is not None else None
        if ni is None:
            continue  # the whole week's removal says enough
        number = new.weeks[ni].number
        before_key = _form_key(before.form_url) if before else None
        after_key = _form_key(after.form_url) if after else None
        if before_key == after_key:
            if before and after and before.due != after.due:
                out.add(ChangeKind.CHANGED, ChangeItem.REVIEW_FORM, number, "deadline moved")
            continue
        if after is not None and after_key is not None:
            moved_from = old_form_week.get(after_key)
            if moved_from is not None:
                detail = f"{after.form_url} (moved from week {moved_from})"
            else:
                detail = after.form_url
            kind = ChangeKind.CHANGED if before else ChangeKind.ADDED
            out.add(kind, ChangeItem.REVIEW_FORM, number, detail)
        elif before is not None and before_key is not None:
            moved_to = new_form_week.get(before_key)
            detail = f"moved to week {moved_to}" if moved_to is not None else before.form_url
            out.add(ChangeKind.REMOVED, ChangeItem.REVIEW_FORM, number, detail)


def _compare_readings(
    old: Reading, new: Reading, week: int, was_in: int | None, out: _ChangeCollector
) -> None:
    details = []
    if was_in is not None and was_in != week:
        details.append(f"moved from week {was_in}")
    if old.title != new.title:
        details.append(f"title was “{old.title}”")
    if old.url != new.url:
        details.append(f"link {old.url} → {new.url}")
    if old.required != new.required:
        details.append("now required" if new.required else "now optional")
    if old.venue != new.venue:
        details.append(f"venue {old.venue} → {new.venue}")
    if details:
        out.add(ChangeKind.CHANGED, ChangeItem.READING, week, f"{new.title}: {'; '.join(details)}")
