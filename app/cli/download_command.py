"""``study-companion download``: fetch the readings' PDFs with a progress line and a summary.

The progress line goes to stderr and redraws in place on a terminal; elsewhere each finished
reading is one line. The exit code is 1 when any download failed.
"""

from __future__ import annotations

import argparse
import math
import sys
import threading
from typing import TextIO

from app.cli.common import EXIT_FAILED, EXIT_OK, CommandError, opened_services, print_json
from app.domain.library import OFFLINE_MESSAGE, FailureKind, FetchState, LibraryEntry

_DONE = {FetchState.READY, FetchState.FAILED, FetchState.WEB, FetchState.NOT_FETCHED}
_DONE |= {FetchState.DAMAGED}
_HERE = {FetchState.READY, FetchState.ATTACHED}  # a PDF on this computer
TITLE_WIDTH = 60  # a title's characters in a line of output, at most
_STATE_WIDTH = 9  # "retrying " and the longest state word line up the titles


def download(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    with opened_services(args) as services:
        library = services.library
        if args.week is not None and services.course.syllabus().week(args.week) is None:
            raise CommandError(f"there is no week {args.week}")
        wanted = library.to_fetch(args.week)
        titles = {item.reading.id: item.reading.title for item in wanted}
        progress = _Progress(err, titles)
        library.set_credentials_prompt(_ask_on_terminal if sys.stdin.isatty() else None)
        cancel = threading.Event()
        try:
            finished = library.download(wanted, on_update=progress.update, cancel=cancel)
        except KeyboardInterrupt:  # Ctrl+C: stop cleanly; the .part files resume next time
            cancel.set()
            raise CommandError("interrupted; run the command again to resume") from None
        progress.close()
        # The readings of the syllabus as it is now: archived ones are not the week's any more.
        everything = [item for item in library.items(args.week) if not item.listed.archived]
    # A damaged file is kept, but it is not a good copy: the run did not fully succeed.
    failed = [e for e in finished if e.state in (FetchState.FAILED, FetchState.DAMAGED)]
    if args.json:
        print_json(
            [
                {"id": item.reading.id, "title": item.reading.title} | library_json(item.entry)
                for item in everything
            ],
            out,
        )
    else:
        fetched = {item.reading.id for item in wanted}
        already = sum(
            item.entry.state in _HERE and item.reading.id not in fetched for item in everything
        )
        _summary(out, finished, failed, titles, already=already)
    return EXIT_FAILED if failed else EXIT_OK


def detach(args: argparse.Namespace, out: TextIO, _err: TextIO) -> int:
    """The student's attached PDF leaves the reading; the window's Undo has no twin here, so
    the line says where the file waits."""
    with opened_services(args) as services:
        detached = services.library.detach(args.reading)
        notes = len(services.annotations.for_reading(args.reading))
    kept = str(detached.kept) if detached.kept else None
    if args.json:
        print_json(
            {"reading": args.reading, "state": detached.entry.state.value, "kept": kept}, out
        )
        return EXIT_OK
    where = f"; the file waits in {kept}" if kept else ""
    out.write(f"detached your PDF from {args.reading}{where}\n")
    if notes:
        out.write(f"{notes} annotation{'s' if notes != 1 else ''} stay with the reading\n")
    return EXIT_OK


def library_json(entry: LibraryEntry) -> dict[str, object]:
    return {
        "id": entry.reading_id,
        "state": entry.state.value,
        "path": entry.path,
        "bytes": entry.bytes,
        "pages": entry.pages,
        "sha256": entry.sha256,
        "error": entry.error,
    }


def _ask_on_terminal(host: str) -> tuple[str, str] | None:
    import getpass

    sys.stderr.write(f"\n{host} asks for a login (kept only in your system keyring).\n")
    user = input(f"User name for {host} (empty to skip): ").strip()
    if not user:
        return None
    return user, getpass.getpass(f"Password for {user} at {host}: ")


def short_title(title: str, limit: int = TITLE_WIDTH) -> str:
    """A title that fits a line beside its state: cut at a word, with an ellipsis."""
    title = " ".join(title.split())
    if len(title) <= limit:
        return title
    cut = title[: limit - 1]
    if " " in cut[limit // 2 :]:  # end on a whole word when one ends late enough
        cut = cut[: cut.rindex(" ")]
    return cut.rstrip(" ,;:-–—") + "…"


class _Progress:
    """Each finished reading is one line: its state, its title, and what to know.

    On a terminal those lines scroll above a progress bar redrawn in place.
    """

    def __init__(self, stream: TextIO, titles: dict[str, str]) -> None:
        self._stream = stream
        self._titles = titles
        self._total = len(titles)
        self._terminal = stream.isatty()
        self._lock = threading.Lock()
        self._received: dict[str, int] = {}
        self._finished: dict[str, LibraryEntry] = {}

    def update(self, entry: LibraryEntry) -> None:
        with self._lock:
            if entry.bytes is not None:
                self._received[entry.reading_id] = entry.bytes
            title = short_title(self._titles.get(entry.reading_id, entry.reading_id))
            if entry.retrying is not None:
                wait = entry.retrying
                self._say(
                    f"{'retrying':<{_STATE_WIDTH}}{title} · in {max(1, math.ceil(wait.seconds))} "
                    f"s (attempt {wait.attempt} of {wait.attempts}): {wait.reason}"
                )
            if entry.state in _DONE:
                self._finished[entry.reading_id] = entry
                self._say(_line(entry, title))
            if self._terminal:
                self._redraw()

    def _say(self, line: str) -> None:
        if self._terminal:  # over the progress bar, which is drawn again below
            line = "\r\033[K" + line
        self._stream.write(line + "\n")

    def _redraw(self) -> None:
        done, total = len(self._finished), self._total
        width = 30
        filled = width * done // total if total else width
        megabytes = sum(self._received.values()) / 1e6
        failed = sum(e.state is FetchState.FAILED for e in self._finished.values())
        tail = f" · {failed} failed" if failed else ""
        bar = "█" * filled + "░" * (width - filled)
        self._stream.write(f"\r{bar} {done}/{total} readings · {megabytes:.1f} MB{tail}  ")
        self._stream.flush()

    def close(self) -> None:
        if self._terminal and self._total:
            self._stream.write("\n")


def _line(entry: LibraryEntry, title: str) -> str:
    """ "ready   The Case for Learned Index Structures · 16 pages, 1.2 MB" """
    if entry.state is FetchState.READY:
        state, detail = "ready", f"{entry.pages} pages, {_size(entry.bytes)}"
    elif entry.state is FetchState.WEB:
        state, detail = "web", f"not a PDF: open {entry.source_url} in the browser"
    elif entry.state is FetchState.NOT_FETCHED:
        state, detail = "stopped", _kept(entry)
    elif entry.error_kind is FailureKind.OFFLINE:
        state, detail = "offline", ""
    elif entry.state is FetchState.DAMAGED:
        state, detail = "damaged", f"{entry.error} (kept: {entry.path})"
    else:
        state, detail = "failed", entry.error or ""
    return f"{state:<{_STATE_WIDTH}}{title}" + (f" · {detail}" if detail else "")


def _kept(entry: LibraryEntry) -> str:
    return f"{_size(entry.bytes)} kept for a resume" if entry.bytes else ""


def _summary(
    out: TextIO,
    finished: list[LibraryEntry],
    failed: list[LibraryEntry],
    titles: dict[str, str],
    already: int,
) -> None:
    ready = sum(e.state is FetchState.READY for e in finished)
    web = sum(e.state is FetchState.WEB for e in finished)
    damaged = sum(e.state is FetchState.DAMAGED for e in failed)
    offline = sum(e.error_kind is FailureKind.OFFLINE for e in failed)
    others = len(failed) - damaged - offline
    parts = [f"{ready} downloaded"]
    if web:
        parts.append(f"{web} web readings (open in the browser, or attach a PDF)")
    if others:
        parts.append(f"{others} failed")
    if damaged:
        parts.append(f"{damaged} damaged (kept; open anyway, download again or attach a copy)")
    if offline:
        parts.append(f"{offline} not downloaded")
    if already:
        parts.append(f"{already} already here")
    out.write(", ".join(parts) + ".\n")
    if offline:  # one message for the run, not one error per reading
        out.write(f"{OFFLINE_MESSAGE}: run the command again.\n")
    for entry in failed:
        if entry.error_kind is not FailureKind.OFFLINE:
            damage = "damaged, " if entry.state is FetchState.DAMAGED else ""
            title = short_title(titles.get(entry.reading_id, ""))
            out.write(f"  {title} ({entry.reading_id}): {damage}{entry.error}\n")


def _size(count: int | None) -> str:
    return f"{(count or 0) / 1e6:.1f} MB"
