"""A reading's library state in words: what its row, the downloads panel and the week list say.

Plain functions of the domain's ``LibraryEntry``, so the wording is tested without widgets and
the row and the panel can never describe the same state differently.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from datetime import datetime

from app.domain.library import FailureKind, FetchState, LibraryEntry

HAVE_FILE = frozenset({FetchState.READY, FetchState.ATTACHED})
ACTIVE = frozenset({FetchState.QUEUED, FetchState.DOWNLOADING})


def plural(count: int, word: str) -> str:
    return f"{count} {word}{'' if count == 1 else 's'}"


def size_text(size: int) -> str:
    """Decimal units, as file managers show them: "820 kB", "1.4 MB", "12 MB"."""
    if size < 1000:
        return f"{size} B"
    value = float(size)
    for unit in ("kB", "MB", "GB"):
        value /= 1000
        if value < 999.5 or unit == "GB":
            return f"{value:.1f} {unit}" if value < 9.95 else f"{value:.0f} {unit}"
    raise AssertionError("unreachable")  # the loop returns at "GB"


def received_text(entry: LibraryEntry) -> str:
    """ "1.2 MB of 4.0 MB", or "1.2 MB" while the size is unknown, or "" before the first byte."""
    done = entry.bytes or 0
    if entry.total_bytes:
        return f"{size_text(done)} of {size_text(entry.total_bytes)}"
    return size_text(done) if done else ""


def file_facts(entry: LibraryEntry) -> str:
    """ "12 pages · 1.4 MB" for a file in the library."""
    facts = []
    if entry.pages is not None:
        facts.append(plural(entry.pages, "page"))
    if entry.bytes is not None:
        facts.append(size_text(entry.bytes))
    return " · ".join(facts)


def advice(error: str | None) -> str:
    """The service's reason as a sentence: capitalised and ended."""
    text = (error or "it failed for an unknown reason").strip()
    first = text.split(" ", 1)[0]
    if first.isalpha():  # not when it starts with an address: "arxiv.org answered 404 ..."
        text = text[:1].upper() + text[1:]
    return text if text.endswith((".", "!", "?")) else text + "."


def damage_advice(error: str | None) -> str:
    """What a damaged file's row says under its status: what is wrong, and the ways on."""
    return f"{advice(error)} Retry the download, replace it with another copy, or open it anyway."


def retry_text(entry: LibraryEntry) -> str | None:
    """ "Retrying in 4 s (attempt 2 of 5)" while a download waits to try again, else None."""
    wait = entry.retrying
    if wait is None:
        return None
    seconds = max(1, math.ceil(wait.seconds))  # "in 0 s" would read as stuck
    return f"Retrying in {seconds} s (attempt {wait.attempt} of {wait.attempts})"


def status_text(entry: LibraryEntry, *, has_link: bool = True, active: bool = True) -> str:
    """One line for the row: where the reading's file stands.

    ``active`` is False for a queued or downloading state left in the store by a run that was
    stopped (the app closed, or was killed): nothing is running for it now.
    """
    state = entry.state
    if state in ACTIVE and not active:
        kept = received_text(entry)
        return f"Interrupted · {kept} kept" if entry.bytes else "Interrupted"
    match state:
        case FetchState.QUEUED:
            return "Waiting to download"
        case FetchState.DOWNLOADING:
            if retry := retry_text(entry):
                return retry
            received = received_text(entry)
            if not received:
                return "Connecting…"
            percent = entry.percent
            return f"Downloading {percent} % · {received}" if percent is not None else received
        case FetchState.READY:
            facts = file_facts(entry)
            return f"PDF ready · {facts}" if facts else "PDF ready"
        case FetchState.ATTACHED:
            facts = file_facts(entry)
            return f"Your PDF · {facts}" if facts else "Your PDF"
        case FetchState.FAILED if entry.error_kind is FailureKind.OFFLINE:
            return "Not downloaded · offline"  # the panel says it once for the run
        case FetchState.FAILED:
            return "Could not download"
        case FetchState.DAMAGED:
            facts = file_facts(entry)
            return f"Damaged PDF · {facts}" if facts else "Damaged PDF"
        case FetchState.WEB:
            return "Web page · read it in the browser"
    if state is FetchState.NOT_FETCHED and entry.bytes and has_link:
        return f"Paused at {received_text(entry)}"  # the .part waits for Resume
    return "Not downloaded" if has_link else "No link · attach a PDF to keep it here"


def short_status(entry: LibraryEntry) -> str:
    """The downloads panel's status column (the failure's advice goes in its tooltip)."""
    match entry.state:
        case FetchState.QUEUED:
            return "Waiting"
        case FetchState.DOWNLOADING:
            if retry := retry_text(entry):
                return retry
            percent = entry.percent
            received = received_text(entry) or "connecting…"
            return f"{percent} % · {received}" if percent is not None else received
        case FetchState.READY | FetchState.ATTACHED:
            return "Ready · " + file_facts(entry)
        case FetchState.FAILED if entry.error_kind is FailureKind.OFFLINE:
            return "Offline"
        case FetchState.FAILED:
            return "Failed: " + advice(entry.error)
        case FetchState.DAMAGED:
            return "Damaged: " + advice(entry.error)
        case FetchState.WEB:
            return "Web page"
    return f"Paused at {received_text(entry)}" if entry.bytes else "Cancelled"


def summary_text(entries: Iterable[LibraryEntry], *, running: bool) -> str:
    """The panel's headline: "3 of 8 done · 12 MB of 40 MB", or how the session ended."""
    entries = list(entries)
    if not entries:
        return "No downloads yet"
    done = [e for e in entries if e.state not in ACTIVE]
    if running:
        moving = [e for e in entries if e.state in ACTIVE | HAVE_FILE]
        received = sum(e.bytes or 0 for e in moving)
        text = f"{len(done)} of {len(entries)} done"
        if received and all(e.total_bytes for e in moving):
            expected = sum(e.total_bytes or 0 for e in moving)
            return f"{text} · {size_text(received)} of {size_text(expected)}"
        return f"{text} · {size_text(received)} received" if received else text
    ready = sum(1 for e in entries if e.state in HAVE_FILE)
    offline = sum(1 for e in entries if e.error_kind is FailureKind.OFFLINE)
    if offline:  # said once for the run, whatever else happened
        done_text = f" · {ready} ready" if ready else ""
        return (
            f"You are offline{done_text} · {offline} not downloaded: "
            "check the connection, then download again"
        )
    failed = sum(1 for e in entries if e.state is FetchState.FAILED)
    web = sum(1 for e in entries if e.state is FetchState.WEB)
    damaged = sum(1 for e in entries if e.state is FetchState.DAMAGED)
    cancelled = sum(1 for e in entries if e.state is FetchState.NOT_FETCHED)
    parts = [f"{ready} ready"] if ready else []
    parts += [f"{failed} failed"] if failed else []
    parts += [f"{damaged} damaged"] if damaged else []
    parts += [plural(web, "web page")] if web else []
    parts += [f"{cancelled} cancelled"] if cancelled else []
    return "Finished: " + ", ".join(parts)


def readings_count(total: int, ready: int) -> str:
    """The week list's "3 readings · 2 ready"."""
    text = plural(total, "reading")
    if ready:
        text += " · all ready" if ready == total and total > 1 else f" · {ready} ready"
    return text


def byte_progress(entries: Iterable[LibraryEntry]) -> tuple[int, int]:
    """(bytes in, bytes expected) for a session's bar: a reading's size counts once its
    server said it; a finished reading counts as whole with what it got, so the bar ends full."""
    done = expected = 0
    for entry in entries:
        got = entry.bytes or 0
        if entry.state in ACTIVE and entry.total_bytes:
            done, expected = done + min(got, entry.total_bytes), expected + entry.total_bytes
        else:
            done, expected = done + got, expected + got
    return done, expected


def unfinished(entry: LibraryEntry) -> bool:
    """Failed, damaged or paused part way: what the panel lists from the last downloads."""
    if entry.state in (FetchState.FAILED, FetchState.DAMAGED):
        return True
    return entry.state is FetchState.NOT_FETCHED and bool(entry.bytes)


EMPTY_PANEL = (
    "No downloads yet. Download Week (Ctrl+D) fetches the selected week's readings, "
    "Download All (Ctrl+Shift+D) the whole term's."
)


def library_text(entries: Iterable[LibraryEntry], readings: int) -> str:
    """The panel's headline before any download this session: where the term's files stand,
    as the last downloads left them (they are in the store, so a restart keeps them)."""
    entries = list(entries)
    here = sum(1 for e in entries if e.state in HAVE_FILE)
    failed = sum(1 for e in entries if e.state is FetchState.FAILED)
    damaged = sum(1 for e in entries if e.state is FetchState.DAMAGED)
    paused = sum(1 for e in entries if e.state is FetchState.NOT_FETCHED and e.bytes)
    if not (here or failed or damaged or paused):
        return EMPTY_PANEL
    parts = [f"{here} of {plural(readings, 'reading')} here"]
    parts += [f"{failed} failed"] if failed else []
    parts += [f"{damaged} damaged"] if damaged else []
    parts += [f"{paused} paused"] if paused else []
    last = max((e.fetched_at for e in entries if e.fetched_at), default=None)
    since = f" · last file {_when(last)}" if last else ""
    return "Library: " + ", ".join(parts) + since


def _when(moment: datetime) -> str:
    from app.ui.time_text import clock_time, local, short_date  # Qt's locale: only when shown

    moment = local(moment)
    return f"{short_date(moment.date())}, {clock_time(moment)}"


def outcome_text(entries: Iterable[LibraryEntry]) -> str | None:
    """The banner after a run whose readings did not all arrive; None when nothing needs the
    student (the panel's tally says the rest)."""
    entries = list(entries)
    failed = sum(1 for e in entries if e.state is FetchState.FAILED)
    damaged = sum(1 for e in entries if e.state is FetchState.DAMAGED)
    if any(e.error_kind is FailureKind.OFFLINE for e in entries):
        return f"You are offline: {plural(failed, 'reading')} not downloaded."
    if failed and damaged:
        return (
            f"{plural(failed, 'reading')} could not be downloaded and {damaged} came in "
            "damaged: their rows say why."
        )
    if failed:
        rows = "their rows say" if failed > 1 else "its row says"
        return f"{plural(failed, 'reading')} could not be downloaded: {rows} why."
    if damaged:
        return (
            f"{plural(damaged, 'reading')} came in damaged: "
            "Retry, replace it with another copy, or open it anyway."
        )
    return None
