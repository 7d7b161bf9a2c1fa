"""``study-companion form`` and ``review …``: a week's form and the draft written against it.

The arguments are declared in ``review_parsers`` (loaded by every command, so kept light).
"""

from __future__ import annotations

import argparse
import json
from typing import TYPE_CHECKING, TextIO

from app.cli.common import EXIT_OK, CommandError, opened_services, print_json
from app.domain.form import Form
from app.domain.review_answers import AnswerFormatError, answers_from_json, answers_to_json

if TYPE_CHECKING:
    from app.services.app_services import AppServices
    from app.services.reviews import DraftView, FormView


def form(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    with opened_services(args) as services:
        view = services.reviews.form(args.week, refresh=args.refresh)
    if view.error:
        err.write(f"study-companion: {view.error} Showing the copy fetched before.\n")
    if args.json:
        print_json(form_json(view), out)
        return EXIT_OK
    shown = view.form
    out.write(f"{shown.title}\n{view.link}\n")
    for question in shown.questions:
        mark = " *" if question.required else ""
        options = f" [{', '.join(question.options)}]" if question.options else ""
        out.write(
            f"  p{question.page + 1} {question.kind.value:<11} {question.title}{mark}{options}\n"
        )
    return EXIT_OK


def review(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    with opened_services(args) as services:
        return _ACTIONS[args.review_command](services, args, out)


def _show(services: AppServices, args: argparse.Namespace, out: TextIO) -> int:
    view = services.reviews.draft(args.week)
    if args.json:
        print_json(draft_json(view), out)
        return EXIT_OK
    draft = view.draft
    revision = f" (revision {draft.revision})" if draft.revision > 1 else ""
    out.write(f"week {draft.week}: {draft.status.value}, {view.words} words{revision}\n")
    for line in view.form_changed:
        out.write(f"  form changed: {line}\n")
    if view.missing:
        out.write(f"  missing: {', '.join(view.missing)}\n")
    for title in draft.not_on_form:
        out.write(f"  not on the form: {title}\n")
    return EXIT_OK


def _set(services: AppServices, args: argparse.Namespace, out: TextIO) -> int:
    try:
        data = json.loads(args.answers.read_text(encoding="utf-8"))
        answers = answers_from_json(data)
    except FileNotFoundError:
        raise CommandError(f"{args.answers}: no such file") from None
    except (json.JSONDecodeError, UnicodeDecodeError) as error:
        raise CommandError(f"{args.answers} is not JSON: {error}") from None
    except AnswerFormatError as error:
        raise CommandError(f"{args.answers}: {error}") from None
    view = services.reviews.set_answers(args.week, answers)
    out.write(f"week {args.week}: {view.draft.status.value}, {view.words} words\n")
    return EXIT_OK


def _ready(services: AppServices, args: argparse.Namespace, out: TextIO) -> int:
    view = services.reviews.mark_ready(args.week)
    out.write(f"week {args.week}: {view.draft.status.value}\n")
    return EXIT_OK


def _submitted(services: AppServices, args: argparse.Namespace, out: TextIO) -> int:
    view = services.reviews.mark_submitted(args.week)
    out.write(f"week {args.week}: {view.draft.status.value}; no more reminders for it\n")
    return EXIT_OK


def _prefill_link(services: AppServices, args: argparse.Namespace, out: TextIO) -> int:
    out.write(services.outbox.prefill_link(args.week) + "\n")
    return EXIT_OK


def _revise(services: AppServices, args: argparse.Namespace, out: TextIO) -> int:
    view = services.reviews.revise(args.week)
    draft = view.draft
    out.write(
        f"week {args.week}: revision {draft.revision}, {draft.status.value}; "
        f"submit it when it is ready (submit {args.week})\n"
    )
    return EXIT_OK


def _cookie(services: AppServices, args: argparse.Namespace, out: TextIO) -> int:
    """Never from the command line's arguments (other users see those): standard input, or a
    hidden prompt at a terminal."""
    import getpass
    import sys

    host = args.host.strip().lower()
    if args.cookie_action == "clear":
        had = services.outbox.forget_cookie(host)
        out.write(f"{host}: {'cookie removed' if had else 'no cookie was kept'}\n")
        return EXIT_OK
    if sys.stdin.isatty():
        cookie = getpass.getpass(f"Cookie for {host} (NAME=value; ...): ")
    else:
        cookie = sys.stdin.read()
    services.outbox.keep_cookie(host, cookie)
    out.write(f"{host}: cookie kept in the keyring; it is sent to {host} only\n")
    return EXIT_OK


_ACTIONS = {
    "show": _show,
    "set": _set,
    "ready": _ready,
    "submitted": _submitted,
    "prefill-link": _prefill_link,
    "revise": _revise,
    "cookie": _cookie,
}


def form_json(view: FormView) -> dict[str, object]:
    shown: Form = view.form
    return {
        "week": view.week,
        "url": view.link,
        "form_id": shown.form_id,
        "title": shown.title,
        "description": shown.description,
        "email": shown.email.value,
        "requires_signin": shown.requires_signin,
        "pages": [{"title": page.title, "description": page.description} for page in shown.pages],
        "questions": [
            {
                "entry_id": question.entry_id,
                "title": question.title,
                "help": question.help,
                "kind": question.kind.value,
                "required": question.required,
                "options": list(question.options),
                "other": question.other,
                "page": question.page,
                "rows": [row.title for row in question.rows],
                "keys": list(question.keys),
            }
            for question in shown.questions
        ],
        "fetched_at": shown.fetched_at.isoformat() if shown.fetched_at else None,
        "cached": view.cached,
    }


def draft_json(view: DraftView) -> dict[str, object]:
    draft = view.draft
    return {
        "week": draft.week,
        "status": draft.status.value,
        "answers": answers_to_json(draft.answers),
        "missing": list(view.missing),
        "words": view.words,
        "updated_at": draft.updated_at.isoformat() if draft.updated_at else None,
        "form_changed": list(view.form_changed),
        "not_on_form": answers_to_json(draft.not_on_form),
        "on_template": not isinstance(view.questions, Form),
        "revision": draft.revision,
    }
