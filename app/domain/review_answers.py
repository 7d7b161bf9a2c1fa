"""Answer values of a review draft, and their JSON form as the command line prints and reads it.

An answer is one of:

- a string: text, a chosen option, a scale value (``"4"``), a date ``YYYY-MM-DD``, a time ``HH:MM``
  or a grid row's column;
- ``Other(text)``: the "Other: ___" choice of a choice question, with what the student wrote;
- a tuple for checkboxes: the ticked options and at most one ``Other(text)``.

In JSON these are ``"text"``, ``{"other": "x"}`` and ``["a", {"other": "x"}]``. A tuple, not a
list, so a draft stays immutable and hashable; the JSON side takes any list.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

# How a JSON document spells an answer: what json.loads gives and json.dumps takes.
JsonAnswer = str | dict[str, str] | list[str | dict[str, str]]


@dataclass(frozen=True)
class Other:
    """The "Other" choice of a choice or checkboxes question, with the student's own words."""

    text: str


Choice = str | Other
Answer = str | Other | tuple[Choice, ...]


class AnswerFormatError(ValueError):
    """A JSON value that is no answer; the message says which and why, in one line."""


def answer_to_json(value: Answer) -> JsonAnswer:
    """The JSON form of an answer: ``"text"``, ``{"other": "x"}`` or a list of those."""
    if isinstance(value, tuple):
        return [_choice_to_json(choice) for choice in value]
    return _choice_to_json(value)


def answer_from_json(data: object) -> Answer:
    """An answer from its JSON form; ``AnswerFormatError`` for anything else."""
    if isinstance(data, list):
        choices = tuple(_choice_from_json(item) for item in data)
        if sum(isinstance(choice, Other) for choice in choices) > 1:
            raise AnswerFormatError('a checkbox answer takes at most one {"other": ...}')
        return choices
    return _choice_from_json(data)


def answers_to_json(answers: Mapping[str, Answer]) -> dict[str, JsonAnswer]:
    """A whole draft's answers (or what found no place) as a JSON object, keys kept."""
    return {key: answer_to_json(value) for key, value in answers.items()}


def answers_from_json(data: object) -> dict[str, Answer]:
    """Answers from a JSON object of key -> answer; the error names the key at fault."""
    if not isinstance(data, dict):
        raise AnswerFormatError(f"answers must be a JSON object, not {_json_kind(data)}")
    answers: dict[str, Answer] = {}
    for key, value in data.items():
        try:
            answers[str(key)] = answer_from_json(value)
        except AnswerFormatError as error:
            raise AnswerFormatError(f"{key}: {error}") from None
    return answers


def is_empty(value: Answer) -> bool:
    """No answer given: blank text, a blank Other, or no box ticked (forms treat them alike)."""
    if isinstance(value, tuple):
        return all(is_empty(choice) for choice in value)
    text = value.text if isinstance(value, Other) else value
    return not text.strip()


def word_count(answers: Mapping[str, Answer]) -> int:
    """Words the student wrote: text answers and Other texts, split on whitespace.

    Ticked checkboxes are the form's words, not the student's, so they do not count; a chosen
    option given as a plain string cannot be told from text without the form and does count
    (one or two words against a review's hundreds).
    """
    total = 0
    for value in answers.values():
        if isinstance(value, tuple):
            total += sum(len(c.text.split()) for c in value if isinstance(c, Other))
        elif isinstance(value, Other):
            total += len(value.text.split())
        else:
            total += len(value.split())
    return total


def describe(value: Answer) -> str:
    """An answer as one short line of a message: quoted text, ``Other: "x"``, a list."""
    if isinstance(value, tuple):
        return "[" + ", ".join(describe(choice) for choice in value) + "]"
    if isinstance(value, Other):
        return f'Other: "{_shorten(value.text)}"'
    return f'"{_shorten(value)}"'


def _shorten(text: str, limit: int = 40) -> str:
    # Messages are one line: a paragraph answer is cut and its newlines flattened.
    flat = " ".join(text.split())
    return flat if len(flat) <= limit else flat[: limit - 1] + "…"


def _choice_to_json(choice: Choice) -> str | dict[str, str]:
    return {"other": choice.text} if isinstance(choice, Other) else choice


def _choice_from_json(data: object) -> Choice:
    if isinstance(data, str):
        return data
    if isinstance(data, dict):
        if set(data) != {"other"} or not isinstance(data["other"], str):
            raise AnswerFormatError('an Other answer is written {"other": "your text"}')
        return Other(data["other"])
    raise AnswerFormatError(
        f'an answer is "text", {{"other": "text"}} or a list of those, not {_json_kind(data)}'
    )


def _json_kind(data: object) -> str:
    names = {bool: "true/false", int: "a number", float: "a number", type(None): "null"}
    names.update({list: "a list", dict: "an object", str: "a string"})
    return names.get(type(data), type(data).__name__)
