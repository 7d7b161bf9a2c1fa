"""Reviews, the use cases: each week's form (fetched, cached for offline drafting), the draft
written against it (or the default template before it exists), and the draft's status.

A draft always shows against the best questions known: the cached form when there is one, else
the default template. When the form arrives (or changes), the answers move onto its questions
by title (``move_onto_form``); what found no place is kept as "not on the form", never lost.

Looking at a draft never writes: the move is made anew on each read and stored only when the
student acts on the draft (answers, ready, submitted). So a refused change leaves the store as
it was, and what the new form no longer fits stays listed until the student has seen to it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from app.domain.changes import Change, ChangeItem, ChangeKind
from app.domain.course import Syllabus, Week
from app.domain.errors import UserFacingError
from app.domain.form import EMAIL_KEY, Form
from app.domain.identity import Identity, identity_answers
from app.domain.review import (
    ReviewDraft,
    ReviewStatus,
    form_changes,
    form_fingerprint,
    missing,
    validate,
)
from app.domain.review_answers import Answer, is_empty, word_count
from app.domain.review_moves import move_onto_form
from app.domain.review_template import QuestionSet, Template, default_template, slots
from app.services.clock import Clock
from app.store.course_store import CourseStore
from app.store.review_store import CachedForm, ReviewStore

if TYPE_CHECKING:
    import requests

    from app.store.outbox_store import OutboxStore

_LOCKED = (ReviewStatus.QUEUED, ReviewStatus.SUBMITTED)
_LOCKED_WHY = {
    ReviewStatus.QUEUED: "is sent and waits for the network to post it: it cannot be changed",
    ReviewStatus.SUBMITTED: "was submitted: it cannot be changed here any more",
}


class ReviewError(UserFacingError):
    """A review could not be shown or changed; ``str()`` is one line saying why."""


def linked_by(changes: Iterable[Change]) -> list[int]:
    """The weeks whose review link these sync changes added or replaced (or moved a deadline
    of: ``fetch_missing_forms`` skips a form it has)."""
    return sorted(
        {
            change.week
            for change in changes
            if change.item is ChangeItem.REVIEW_FORM
            and change.change is not ChangeKind.REMOVED
            and change.week is not None
        }
    )


@dataclass(frozen=True)
class FormView:
    week: int
    link: str
    form: Form
    cached: bool  # True when the network was not reached (or failed) and the cache answered
    error: str | None = None  # why a fetch failed, when the cached copy answered instead


@dataclass(frozen=True)
class FormFetch:
    """A form fetched in the background (after a sync): its title, or why it could not be."""

    week: int
    link: str
    title: str | None = None  # the form's title, when it was fetched
    error: str | None = None  # one line, when it was not (also recorded in the store)


@dataclass(frozen=True)
class FormState:
    """What the cache holds of a week's form: whether the window offers to fetch it."""

    week: int
    link: str  # the course page's link now
    cached: bool  # a copy fetched from this very link is here (another link's does not count)
    error: str | None = None  # why the last fetch from this link failed

    @property
    def wants_fetch(self) -> bool:
        return not self.cached or self.error is not None


@dataclass(frozen=True)
class DraftView:
    draft: ReviewDraft
    questions: QuestionSet  # the week's cached form, or the template before it
    missing: tuple[str, ...]  # titles of required questions without an answer
    words: int
    form_changed: tuple[str, ...]  # what no longer fits since the draft was written


class ReviewService:
    def __init__(
        self,
        store: ReviewStore,
        courses: CourseStore,
        session_factory: Callable[[], requests.Session],
        clock: Clock,
        identity: Callable[[], Identity] = Identity,
        outbox: OutboxStore | None = None,
    ) -> None:
        """``identity`` is filled into new drafts; ``outbox`` holds what was sent (a review
        whose sending had no answer stays locked until the student says what became of it)."""
        self._store = store
        self._courses = courses
        self._session_factory = session_factory
        self._clock = clock
        self._identity = identity
        self._outbox = outbox

    # -- forms -----------------------------------------------------------------------------------

    def form(self, week: int, *, refresh: bool = False) -> FormView:
        """The week's form: the cached copy, or fetched (always fetched with ``refresh``)."""
        link = self._link(week)
        cached = self._store.cached_form(week)
        if not refresh and cached and cached.form and cached.link == link:
            return FormView(week, link, cached.form, cached=True)
        return self._fetch(week, link, cached)

    def form_states(self, syllabus: Syllabus | None = None) -> dict[int, FormState]:
        """Each linked week's form as the cache holds it (``syllabus``: the term, read already);
        reads only, never the network."""
        found: dict[int, FormState] = {}
        for week, link in self._links(syllabus).items():
            cached = self._store.cached_form(week)
            if cached is None or cached.link != link:
                found[week] = FormState(week, link, cached=False)
            else:
                found[week] = FormState(week, link, cached.form is not None, cached.error)
        return found

    def fetch_missing_forms(self, weeks: Iterable[int] | None = None) -> list[FormFetch]:
        """Fetch each form the course page links but the cache lacks: of ``weeks`` (after a
        sync, those it linked: ``linked_by``), else of every week.

        A sync asks only for the links it brought, so a sync that adds none touches no form.
        Failures are recorded in the store and returned, never raised.
        """
        wanted = None if weeks is None else set(weeks)
        done: list[FormFetch] = []
        for week, link in sorted(self._links().items()):
            if wanted is not None and week not in wanted:
                continue
            cached = self._store.cached_form(week)
            if cached and cached.form and cached.link == link:
                continue
            try:
                view = self._fetch(week, link, cached)
            except ReviewError as error:
                done.append(FormFetch(week, link, error=str(error)))
            else:
                done.append(FormFetch(week, link, title=view.form.title))
        return done

    def _fetch(self, week: int, link: str, cached: CachedForm | None) -> FormView:
        from app.net.forms import FormFetchError, fetch_form

        now = self._clock.now()
        try:
            with self._session_factory() as session:
                fetched = fetch_form(link, session)
        except FormFetchError as error:
            self._store.save_form_failure(week, link, str(error), error.kind.value, now)
            if cached and cached.form and cached.link == link:
                return FormView(week, link, cached.form, cached=True, error=str(error))
            raise ReviewError(str(error)) from None
        form = replace(fetched.form, fetched_at=now)
        self._store.save_form(week, link, form, now)
        return FormView(week, link, form, cached=False)

    # -- drafts ----------------------------------------------------------------------------------

    def draft(self, week: int) -> DraftView:
        """The week's draft against the best questions known; moved onto a newly known form.

        Nothing is written: the move is stored with the student's next change.
        """
        questions = self._questions(week)
        stored = self._store.draft(week)
        if stored is None:  # a new draft: the student's identity goes into its questions
            answers = identity_answers(questions, self._identity(), {})
            draft = ReviewDraft(week, answers, form_snapshot=form_fingerprint(questions))
            return self._view(draft, questions, changed=())
        draft, against = stored.draft, stored.written_against
        changed: tuple[str, ...] = ()
        if draft.form_snapshot != form_fingerprint(questions) and isinstance(questions, Form):
            if against is not None:
                changed = tuple(form_changes(against, questions, draft.answers))
            if draft.status is not ReviewStatus.SUBMITTED:
                draft = move_onto_form(draft, questions, against)
                if against is None:  # begun on the template: the form's identity questions are new
                    answers = identity_answers(questions, self._identity(), draft.answers)
                    draft = replace(draft, answers=answers)
        return self._view(draft, questions, changed)

    def set_answers(self, week: int, answers: Mapping[str, Answer]) -> DraftView:
        """Store answers (keys ``entry.N``, ``emailAddress``, template keys or exact question
        titles); one invalid value refuses them all, naming the question and the value."""
        view = self.draft(week)
        self._refuse_if_locked(view.draft)
        by_title = {slot.title: slot.key for slot in slots(view.questions)}
        keyed: dict[str, Answer] = {}
        for name, value in answers.items():
            key = name if name == EMAIL_KEY or name not in by_title else by_title[name]
            reason = validate(view.questions, key, value)
            if reason is not None:
                raise ReviewError(f"{reason}; nothing was changed")
            keyed[key] = value
        merged = {
            key: value
            for key, value in {**view.draft.answers, **keyed}.items()
            if not is_empty(value)
        }
        status = ReviewStatus.DRAFTING if merged else ReviewStatus.NOT_STARTED
        return self._save(replace(view.draft, answers=merged, status=status), view.questions)

    def mark_ready(self, week: int) -> DraftView:
        view = self.draft(week)
        if view.draft.status in _LOCKED:  # already further along than ready
            return view
        self._refuse_if_locked(view.draft)
        if view.missing:
            raise ReviewError(
                f"the review of week {week} is not ready: {', '.join(view.missing)} "
                f"{'is' if len(view.missing) == 1 else 'are'} still to answer"
            )
        return self._save(replace(view.draft, status=ReviewStatus.READY), view.questions)

    def mark_submitted(self, week: int) -> DraftView:
        """The student submitted it elsewhere (in the browser): reminders stop, and the outbox
        keeps a receipt of the student's word (an entry of this revision is sent by it)."""
        link = self._link(week)
        view = self.draft(week)
        if self._outbox is not None:  # first: an entry being sent right now refuses it
            from app.domain.outbox import Receipt, ReceiptOutcome
            from app.store.outbox_store import OutboxConflictError

            form = view.questions if isinstance(view.questions, Form) else _unknown_form(link)
            words = "You submitted it in the browser."
            receipt = Receipt(
                self._clock.now(), ReceiptOutcome.SUBMITTED_ELSEWHERE, None, form.url, (), words
            )
            draft = view.draft
            try:
                self._outbox.record_elsewhere(
                    week, draft.revision, link, form, draft.answers, receipt
                )
            except OutboxConflictError as error:
                raise ReviewError(str(error)) from None
        return self._save(replace(view.draft, status=ReviewStatus.SUBMITTED), view.questions)

    def revise(self, week: int) -> DraftView:
        """A submitted review's next revision: an editable copy (drafting), sent only on purpose."""
        view = self.draft(week)
        draft = view.draft
        if draft.status is not ReviewStatus.SUBMITTED:
            held = self._hold(draft)
            queued = draft.status is ReviewStatus.QUEUED
            why = held or ("it waits in the outbox" if queued else "change it as it is")
            state = draft.status.value.replace("_", " ")
            raise ReviewError(f"the review of week {week} is {state}, not submitted: {why}")
        revised = replace(draft, revision=draft.revision + 1, status=ReviewStatus.DRAFTING)
        return self._save(revised, view.questions)

    def form_link(self, week: int) -> str:
        """The course page's link to the week's review form."""
        return self._link(week)

    def warm_up(self) -> None:
        """Get the store ready to write (off the GUI thread: the first write loads SQLAlchemy)."""
        self._store.warm_up()

    def statuses(self) -> dict[int, ReviewStatus]:
        """Each drafted week's status as ``draft`` shows it (a form that changed under a ready
        draft may make it need attention before the student has looked)."""
        return {week: self.draft(week).draft.status for week in sorted(self._store.statuses())}

    # -- helpers ---------------------------------------------------------------------------------

    def _refuse_if_locked(self, draft: ReviewDraft) -> None:
        if draft.status in _LOCKED:
            raise ReviewError(f"the review of week {draft.week} {_LOCKED_WHY[draft.status]}")
        held = self._hold(draft)
        if held is not None:
            raise ReviewError(f"the review of week {draft.week} cannot be changed: {held}")

    def _hold(self, draft: ReviewDraft) -> str | None:
        """Why the outbox keeps this revision as it is (sent with no answer back), or None."""
        from app.domain.outbox import OutboxReason

        if self._outbox is None or draft.status is not ReviewStatus.NEEDS_ATTENTION:
            return None
        entry = self._outbox.entry_for(draft.week, draft.revision)
        if entry is None or entry.reason is not OutboxReason.AMBIGUOUS:
            return None
        return (
            f"it went out with no answer back; check the form, then run "
            f"outbox confirm {entry.id} or outbox resend {entry.id}"
        )

    def _save(self, draft: ReviewDraft, questions: QuestionSet) -> DraftView:
        saved = replace(
            draft, form_snapshot=form_fingerprint(questions), updated_at=self._clock.now()
        )
        self._store.save_draft(saved, questions if isinstance(questions, Form) else None)
        return self._view(saved, questions, changed=())

    def _view(
        self, draft: ReviewDraft, questions: QuestionSet, changed: tuple[str, ...]
    ) -> DraftView:
        return DraftView(
            draft=draft,
            questions=questions,
            missing=tuple(missing(questions, draft.answers)),
            words=word_count(draft.answers),
            form_changed=changed,
        )

    def _questions(self, week: int) -> QuestionSet:
        cached = self._store.cached_form(week)
        if cached is not None and cached.form is not None:
            return cached.form
        return self._template(week)

    def _template(self, week: int) -> Template:
        found = self._week(week)
        return default_template([reading.title for reading in found.readings if reading.required])

    def _link(self, week: int) -> str:
        found = self._week(week)
        if found.review is None:
            raise ReviewError(f"week {week} has no review form on the course page")
        return found.review.form_url

    def _links(self, read: Syllabus | None = None) -> dict[int, str]:
        syllabus = read if read is not None else self._courses.syllabus()
        weeks = syllabus.weeks if syllabus else ()
        return {week.number: week.review.form_url for week in weeks if week.review}

    def _week(self, week: int) -> Week:
        syllabus = self._courses.syllabus()
        found = syllabus.week(week) if syllabus else None
        if found is None:
            raise ReviewError(f"there is no week {week}")
        return found


def _unknown_form(link: str) -> Form:
    """The form of a review submitted in the browser before the app ever fetched it."""
    return Form(form_id="", url=link, title="")
