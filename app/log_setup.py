"""Where the app's log goes: warnings on the terminal, and for the window and the commands that
reach the network (sync, download, remind, review submits) a rotating file as well.

The file is ``study-companion.log`` (1 MB, five older files kept) in the platform's log folder,
or in ``logs/`` inside the data directory when one is given (``--data-dir`` or
``$STUDY_COMPANION_DATA_DIR``), so tests and a portable copy keep everything in one place.

Every line passes ``Redactor`` first: a password, a cookie, an Authorization header or a form's
answers never reach the file or the terminal, whoever logged them. Only the standard library is
imported here until a file is wanted: ``due`` is timed, and pays for nothing it does not write.
"""

from __future__ import annotations

import functools
import logging
import os
import re
from pathlib import Path

LOG_NAME = "study-companion.log"
MAX_BYTES = 1_000_000
BACKUPS = 5
FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"
CONSOLE_FORMAT = "%(levelname)s %(name)s: %(message)s"
HIDDEN = "[hidden]"


def _named(names: str, stops: str) -> re.Pattern[str]:
    """``name: value``, ``name=value`` or a dict's ``'name': 'value'``; an unquoted value runs
    to the first of ``stops`` (or the line's end), so a password with a space goes whole."""
    return re.compile(
        rf"(?P<name>['\"]?\b(?:{names})['\"]?\s*[:=]\s*)"
        rf"(?:(?P<quote>['\"])[^'\"]*(?P=quote)|[^'\"\r\n{stops}]+)",
        re.IGNORECASE,
    )


@functools.cache
def _patterns() -> tuple[re.Pattern[str], ...]:
    """What is hidden, each keeping its name so the line still says what was there. Compiled
    on the first line logged: ``due`` logs none and pays for none."""
    return (
        _named(r"(?:proxy-)?authorization", ",}"),  # "Authorization: Basic abc"
        _named(r"(?:set-)?cookie", ",}"),  # "Cookie: a=b; c=d"
        _named(r"password|passwd|secret|token|api[_-]?key", "&,;}"),
        _named(r"entry\.[\w.]+|emailAddress", "&,}"),  # a form's answers, the address it collects
    )


_USERINFO = r"(\b[a-z][a-z0-9+.-]*://[^/\s:@]+:)[^@\s/]+(?=@)"  # https://user:password@host


def redact(text: str) -> str:
    """``text`` with every value that looks like a secret replaced by ``[hidden]``."""
    for pattern in _patterns():
        text = pattern.sub(_hidden, text)
    return re.sub(_USERINFO, lambda found: found.group(1) + HIDDEN, text, flags=re.IGNORECASE)


def _hidden(found: re.Match[str]) -> str:
    quote = found.group("quote") or ""
    return f"{found.group('name')}{quote}{HIDDEN}{quote}"


class Redactor(logging.Filter):
    """Rewrites a record's message (and its traceback) with its secrets hidden."""

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        cleaned = redact(message)
        if cleaned != message:
            record.msg, record.args = cleaned, None
        if record.exc_info and not record.exc_text:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = redact(record.exc_text)
        return True


def log_folder(data_dir: str | os.PathLike[str] | None = None) -> Path:
    """``logs/`` in a data directory that was chosen, else the platform's log folder."""
    from app.store.paths import DATA_DIR_VARIABLE

    chosen = data_dir or os.environ.get(DATA_DIR_VARIABLE)
    if chosen:
        return Path(chosen).expanduser().resolve() / "logs"
    from platformdirs import user_log_path

    return user_log_path("study-companion", appauthor=False)


def log_file(data_dir: str | os.PathLike[str] | None = None) -> Path:
    return log_folder(data_dir) / LOG_NAME


def current_log_file(data_dir: str | os.PathLike[str] | None = None) -> Path:
    """The file this process logs to (``set_up_logging`` chose it: without ``--data-dir``, the
    platform's log folder), else where a run over ``data_dir`` would log."""
    from logging.handlers import RotatingFileHandler

    for handler in logging.getLogger().handlers:
        if isinstance(handler, RotatingFileHandler):
            return Path(handler.baseFilename)
    return log_file(data_dir)


def set_up_logging(data_dir: str | os.PathLike[str] | None = None, *, to_file: bool) -> None:
    """Warnings on stderr; with ``to_file``, information and up in the log file too. Once per
    process: a second call adds nothing (the window and a command may both ask)."""
    root = logging.getLogger()
    if any(isinstance(handler, _Console) for handler in root.handlers):
        if to_file:
            _add_file(root, data_dir)
        return
    console = _Console()
    console.setLevel(logging.WARNING)
    console.setFormatter(logging.Formatter(CONSOLE_FORMAT))
    console.addFilter(Redactor())
    root.addHandler(console)
    root.setLevel(logging.WARNING)
    if to_file:
        _add_file(root, data_dir)


def log_uncaught() -> None:
    """An exception no one caught (a slot that raised) goes to the log, then on as before."""
    import sys
    from types import TracebackType

    previous = sys.excepthook

    def hook(kind: type[BaseException], error: BaseException, trace: TracebackType | None) -> None:
        if not issubclass(kind, KeyboardInterrupt):
            logging.getLogger("app").critical("uncaught", exc_info=(kind, error, trace))
        previous(kind, error, trace)

    sys.excepthook = hook


def last_lines(path: Path, count: int = 50) -> list[str]:
    """The last ``count`` lines of the log (none when there is no log yet)."""
    try:
        with path.open(encoding="utf-8", errors="replace") as log:
            lines = log.read().splitlines()
    except OSError:
        return []
    return lines[-count:]


class _Console(logging.StreamHandler):  # type: ignore[type-arg]
    """Ours, so a second set-up can tell it is done."""


def _add_file(root: logging.Logger, data_dir: str | os.PathLike[str] | None) -> None:
    from logging.handlers import RotatingFileHandler

    if any(isinstance(handler, RotatingFileHandler) for handler in root.handlers):
        return
    path = log_file(data_dir)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handler = RotatingFileHandler(
            path, maxBytes=MAX_BYTES, backupCount=BACKUPS, encoding="utf-8", delay=True
        )
    except OSError as error:  # a read-only home still runs, without a log file
        logging.getLogger(__name__).warning("no log file at %s: %s", path, error)
        return
    handler.setLevel(logging.INFO)
    handler.setFormatter(logging.Formatter(FORMAT))
    handler.addFilter(Redactor())
    root.addHandler(handler)
    root.setLevel(logging.INFO)
    # Each run starts with what ran, so a bug report's lines have their context.
    import platform
    import sys

    from app import __version__

    logging.getLogger("app").info(
        "Study Companion %s (Python %s, %s): %s",
        __version__,
        platform.python_version(),
        platform.system(),
        " ".join(sys.argv[1:]) or "the window",
    )
