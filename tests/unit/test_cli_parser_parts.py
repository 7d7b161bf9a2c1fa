"""A command's arguments read the same whether the whole parser is built or only its part.

``build_parser(argv)`` builds only the subparser of the command ``argv`` names (``due`` should
not pay for the other seventeen). Expected values come from the whole parser, built as before.
"""

from __future__ import annotations

import argparse

import pytest

from app import cli

# One use of every command, with its options and values (and top-level options before it).
LINES = [
    ["--data-dir", "/tmp/d", "syllabus", "parse", "index.md"],
    ["sync", "--source", "index.md", "--allow-removals", "--json"],
    ["weeks", "--json"],
    ["readings", "--week", "3"],
    ["download", "--week", "2", "--json"],
    ["screenshot", "out.png", "--view", "due", "--size", "800x600"],
    ["attach", "a1b2c3d4e5f6", "paper.pdf"],
    ["annotations", "list", "a1b2c3d4e5f6"],
    ["form", "4"],
    ["review", "show", "4"],
    ["submit", "4"],
    ["outbox", "flush"],
    ["remind", "--no-wait"],
    ["config", "get", "review.spellcheck"],
    ["schedule", "shift", "--start", "2026-12-07"],
    ["export-ics", "term.ics"],
    ["due", "--now", "2026-12-01T09:00:00+00:00", "--json"],
    ["--data-dir=/tmp/d", "due"],
    ["--data", "due", "weeks"],  # a prefix of --data-dir takes "due" as its value
    ["--exit-when-shown", "--data-dir", "/tmp/d"],
    ["--data-dir=/tmp/d"],
]


def parsed(parser: argparse.ArgumentParser, argv: list[str]) -> argparse.Namespace | str:
    try:
        return parser.parse_args(argv)
    except SystemExit as refused:
        return f"refused ({refused.code})"


@pytest.mark.parametrize("argv", LINES, ids=" ".join)
def test_the_part_built_for_a_command_reads_its_line_as_the_whole_parser_does(
    argv: list[str],
) -> None:
    whole = parsed(cli.build_parser(), argv)

    assert not isinstance(whole, str), whole  # every line is a valid use
    assert parsed(cli.build_parser(argv), argv) == whole


def commands_of(parser: argparse.ArgumentParser) -> set[str]:
    (commands,) = (a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    return set(commands.choices)


def test_only_the_named_commands_part_is_built() -> None:
    assert commands_of(cli.build_parser(["--data-dir", "/tmp/d", "due", "--json"])) == {"due"}


@pytest.mark.parametrize(
    "argv", [[], ["--data-dir", "due"], ["--data-dir", "/tmp/d", "--exit-when-shown", "--review=3"]]
)
def test_a_start_of_the_window_builds_no_command(argv: list[str]) -> None:
    assert commands_of(cli.build_parser(argv)) == set()


@pytest.mark.parametrize("argv", [["--help"], ["--data", "/tmp/d"], ["nosuch"], ["-h", "due"]])
def test_without_a_command_every_command_is_there_for_help_and_errors(argv: list[str]) -> None:
    commands = commands_of(cli.build_parser(argv))

    # the commands the program runs, and the screenshot the composition root takes
    assert commands == {*cli._HANDLERS, "screenshot"}
