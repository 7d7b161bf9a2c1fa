"""Entry point and composition root: a command runs in the terminal, no command opens the window."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from app import cli
from app.cli.common import data_dir_problem


def main(argv: Sequence[str] | None = None) -> int:
    # Only the named command's part of the parser is built: a short command stays short.
    parser = cli.build_parser(sys.argv[1:] if argv is None else argv)
    parser.add_argument(  # the window's own option: here, where the window is chosen
        "--review",
        type=int,
        metavar="WEEK",
        help="open the window on week WEEK's review draft (what a click on a reminder does)",
    )
    args = parser.parse_args(argv)
    if args.review is not None and args.command is not None:
        parser.error("--review opens the window: it goes without a command")
    if problem := data_dir_problem(args.data_dir):
        parser.error(problem)
    if args.command == "screenshot" and args.page is not None and args.reading is None:
        parser.error("screenshot --page needs --reading ID: the page of which reading?")
    if args.command == "screenshot":  # needs the window: the composition root, not cli, has it
        return _screenshot(args)
    if args.command is None:
        from app.log_setup import log_uncaught, set_up_logging

        set_up_logging(args.data_dir, to_file=True)
        log_uncaught()
        _log_qt_messages()
        from app.ui.launch import run_window

        return run_window(
            args.data_dir, exit_when_shown=bool(args.exit_when_shown), review_week=args.review
        )
    return cli.run(args)


def _screenshot(args: argparse.Namespace) -> int:
    from dataclasses import replace
    from pathlib import Path

    from app.domain.errors import UserFacingError
    from app.ui.screenshot import ScreenshotRequest, parse_size, take_screenshot

    _log_qt_messages()
    try:
        width, height = parse_size(args.size)
        request = ScreenshotRequest(
            Path(args.out), width, height, args.week, args.reading, args.page, args.dark, args.view
        )
        if args.theme is not None:
            request = replace(request, theme=args.theme)
        if args.now is not None:
            request = replace(request, now=args.now)
        return take_screenshot(args.data_dir, request)
    except UserFacingError as error:
        sys.stderr.write(f"{cli.PROGRAM}: {error}\n")
        return 1


def _log_qt_messages() -> None:
    """Qt's chatter ("This plugin does not support propagateSizeHints()") goes to the log,
    not onto the terminal: a warning there is read as something gone wrong."""
    import logging

    from PySide6.QtCore import QtMsgType, qInstallMessageHandler

    log = logging.getLogger("qt")
    levels = {QtMsgType.QtCriticalMsg: logging.ERROR, QtMsgType.QtFatalMsg: logging.CRITICAL}

    def handle(kind: QtMsgType, _context: object, message: str) -> None:
        log.log(levels.get(kind, logging.DEBUG), message)

    qInstallMessageHandler(handle)


if __name__ == "__main__":
    sys.exit(main())
