"""Entry point and composition root: a command runs in the terminal, no command opens the window."""

from __future__ import annotations

import logging
import sys
from collections.abc import Sequence

from app import cli


def main(argv: Sequence[str] | None = None) -> int:
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    args = cli.build_parser().parse_args(argv)
    if args.command is None:
        from app.ui.launch import run_window

        return run_window(args.data_dir, exit_when_shown=bool(args.exit_when_shown))
    return cli.run(args)


if __name__ == "__main__":
    sys.exit(main())
