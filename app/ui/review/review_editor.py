"""The review editor: one week's draft, its fields generated from the week's questions.

What the student types is saved through ``ReviewService.set_answers`` after a short pause
(a single-shot timer restarted on every edit), when focus leaves a field and when the editor
is closed (``save_now``). A refused save says why in the editor's banner and keeps every
widget as it was, so nothing typed is lost; the next edit tries again.

Text answers are spell checked (``spell_check``) once the dictionary has loaded on a worker,
the first time a review is opened, unless ``review.spellcheck`` is off.

Submit…, the submit bar, locking while a review goes out and a new revision are
``review_submit.SubmitControls`` (``submitting``); once queued or submitted the fields are
read-only.

Fetch form brings the week's form on a worker (``FormFetchRunner``, the review controller's, shared
with the Due view) and rebuilds the fields on it, the answers moved by title; ``auto_fetch`` (set
by the running app, never in tests that stay offline) does so on opening a week whose form is
linked but not cached yet, or cached from a link the course page has replaced since.
"""

from __future__ import annotations

from collections.abc import Callable
from html import escape

from PySide6.QtCore import Qt, QTimer, Signal, Slot
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import (
    QApplication,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QProgressBar,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from app.domain.form import EMAIL_KEY, EmailMode, Form, Question, QuestionKind
from app.domain.review import EMAIL_TITLE, ReviewStatus
from app.domain.review_answers import Answer, describe, is_empty
from app.services.annotations import AnnotationService
from app.services.reviews import DraftView, FormView, ReviewError, ReviewService
from app.ui.message_banner import BannerKind, MessageBanner
from app.ui.review.answer_fields import email_field, make_field, questions_with_slots
from app.ui.review.field_base import AnswerField
from app.ui.review.form_fetch_runner import FormFetchRunner
from app.ui.review.quote_chooser import QuoteChooser, insert_lines
from app.ui.review.review_status import READ_ONLY, STATUS_WORDS
from app.ui.review.review_submit import SubmitControls
from app.ui.review.spell_check import SpellCheck
from app.ui.spelling import Speller
from app.ui.theme import colours, on_theme_change

AUTOSAVE_MS = 800  # a pause in typing this long saves the draft


class ReviewEditor(QWidget):
    saved = Signal(int)  # the week, after its answers were written
    status_changed = Signal(int)  # the week, after ready or submitted (the Due view shows it)

    def __init__(
        self,
        reviews: Callable[[], ReviewService],
        annotations: AnnotationService,
        *,
        autosave_ms: int = AUTOSAVE_MS,
        speller: Speller | None = None,
        fetcher: FormFetchRunner | None = None,
    ) -> None:
        """``speller`` underlines misspelled words (None: no spell checking); ``fetcher``
        fetches forms (None: one of the editor's own)."""
        super().__init__()
        self._reviews = reviews
        on_theme_change(self, self._retint_titles)
        self.spelling = SpellCheck(speller, self) if speller is not None else None
        self._annotations = annotations
        self.titles: dict[str, str] = {}  # reading id -> title, for the quote chooser
        self.text_target: QPlainTextEdit | QLineEdit | None = None  # where quotes go
        self.chooser: QuoteChooser | None = None
        self.week: int | None = None
        self.view: DraftView | None = None
        self.fields: list[AnswerField] = []
        self._dirty = False
        self._locked = False  # read-only: what the fields report is no edit of the student's
        self._week_title = ""
        self.auto_fetch = False  # fetch a linked form that is not cached on opening its week
        self._auto_tried: set[int] = set()  # once per run: a form out of reach is not hammered
        self.fetcher = fetcher if fetcher is not None else FormFetchRunner(reviews, self)
        self.fetcher.started.connect(self._fetch_started)
        self.fetcher.fetched.connect(self._fetched)
        self.fetcher.failed.connect(self._fetch_failed)
        self.autosave = QTimer(self)
        self.autosave.setSingleShot(True)
        self.autosave.setInterval(autosave_ms)
        self.autosave.timeout.connect(self.save_now)

        self.heading = QLabel()
        self.heading.setWordWrap(True)
        self.heading.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.status = QLabel()
        self.status.setWordWrap(True)
        self.banner = MessageBanner()
        self.changed_banner = MessageBanner()  # what a changed form no longer fits: stays put
        self.ready_button = QPushButton("Mark ready")
        self.ready_button.setToolTip("Check that every required question has an answer")
        self.ready_button.clicked.connect(self.mark_ready)
        self.submitting = SubmitControls(self, reviews, self)
        self.submit_button = self.submitting.button
        self.submit_bar = self.submitting.bar
        self.buttons = QHBoxLayout()
        self.quote_button = QPushButton("Insert from annotations…")
        self.quote_button.setToolTip("Quote what you marked in the week's readings")
        self.quote_button.clicked.connect(self.choose_quotes)
        self.submitted_button = self.submitting.submitted_button
        self.fetch_button = QPushButton("Fetch form")
        self.fetch_button.setToolTip(
            "Bring the week's Google Form as it is now (needs the network)"
        )
        self.fetch_button.clicked.connect(self.fetch_form)
        self.busy = QProgressBar()
        self.busy.setRange(0, 0)  # indeterminate: a fetch has no measurable steps
        self.busy.setMaximumSize(80, 12)
        self.busy.setTextVisible(False)
        self.busy.hide()
        self.buttons.addWidget(self.ready_button)
        self.buttons.addWidget(self.submit_button)
        self.buttons.addWidget(self.submitted_button)
        self.buttons.addWidget(self.quote_button)
        self.buttons.addStretch(1)
        self.buttons.addWidget(self.busy)
        self.buttons.addWidget(self.fetch_button)

        self.body = QWidget()
        self.body_layout = QVBoxLayout(self.body)
        self.body_layout.setContentsMargins(10, 6, 10, 10)
        self.body_layout.setSpacing(10)
        self.scroller = QScrollArea()
        self.scroller.setWidgetResizable(True)
        self.scroller.setFrameShape(QFrame.Shape.NoFrame)
        self.scroller.setWidget(self.body)
        self.scroller.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.not_on_form = QPlainTextEdit()
        self.not_on_form.setReadOnly(True)  # selectable: the student copies from it
        self.not_on_form.setAccessibleName("Answers not on the form")

        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 8, 8, 8)
        layout.addWidget(self.heading)
        layout.addWidget(self.status)
        layout.addWidget(self.submit_bar)
        layout.addWidget(self.banner)
        layout.addWidget(self.changed_banner)
        layout.addLayout(self.buttons)
        layout.addWidget(self.scroller, 1)
        app = QApplication.instance()
        if isinstance(app, QApplication):
            app.focusChanged.connect(self._focus_changed)

    # -- showing a week ------------------------------------------------------------------------

    def open_week(
        self, week: int, title: str, has_review: bool, titles: dict[str, str] | None = None
    ) -> None:
        """Show ``week``'s draft (saving the one shown before); ``titles`` names its readings."""
        self.save_now()
        self.fetcher.warm_up()
        self.week = week
        self._week_title = title
        self.titles = titles or {}
        self.text_target = None
        self.banner.hide()
        self.changed_banner.hide()
        self.heading.setText(f"<b>Week {week}</b> — {escape(title)}")
        self._clear_body()
        if not has_review:
            self.view = None
            self.status.setText("No review this week.")
            hidden_now = (self.ready_button, self.submit_button, self.submitted_button)
            for hidden in (*hidden_now, self.quote_button, self.submit_bar):
                hidden.hide()
            self.fetch_button.hide()
            self.busy.hide()
            return
        self.ready_button.show()
        self.submit_button.show()
        self.submitted_button.show()
        self.fetch_button.show()
        if self.spelling is not None:
            self.spelling.speller.refresh()  # the setting read anew; the dictionary loads once
        self.quote_button.setVisible(bool(self.titles))
        self.view = self._reviews().draft(week)
        self._build(self.view)
        fetching = self.fetcher.running(week)
        self.busy.setVisible(fetching)
        self.fetch_button.setEnabled(not fetching)
        if fetching:
            self.banner.show_message(BannerKind.INFO, "Fetching the form…")
        elif self.auto_fetch and week not in self._auto_tried and self._form_missing(week):
            self._auto_tried.add(week)  # fetched once per run: a form out of reach is not hammered
            self.fetch_form()
        if self.view.form_changed:
            lines = "".join(f"<br>• {escape(line)}" for line in self.view.form_changed)
            self.changed_banner.show_message(
                BannerKind.INFO, f"<b>The form changed since you wrote this:</b>{lines}"
            )

    def _clear_body(self) -> None:
        self.fields = []
        if self.spelling is not None:
            self.spelling.detach_all()
        self.not_on_form.setParent(None)
        while self.body_layout.count():
            item = self.body_layout.takeAt(0)
            widget = item.widget() if item is not None else None
            if widget is not None:
                widget.hide()  # gone at once, not only when the deferred delete runs
                widget.deleteLater()

    def _build(self, view: DraftView) -> None:
        questions = view.questions
        if isinstance(questions, Form):
            self._label(f"<b>{escape(questions.title)}</b>")
        else:
            self._label(
                "<i>The week's form is not here yet: this is the usual review; your "
                "answers move onto the form by title when it arrives.</i>"
            )
        if questions.email is EmailMode.INPUT:
            address = Question(0, None, EMAIL_TITLE, QuestionKind.SHORT, 0, required=True)
            self._add(address, email_field(address, EMAIL_KEY))
        page = 0
        for question, found in questions_with_slots(questions):
            if isinstance(questions, Form) and question.page != page:
                page = question.page
                title = questions.pages[page].title if page < len(questions.pages) else ""
                self._label(f"<b>{escape(title or f'Page {page + 1}')}</b>")
            self._add(question, make_field(question, found))
        if view.draft.not_on_form:
            self._label("<b>Not on the form</b> (kept here to copy from):")
            self.not_on_form.setPlainText(
                "\n".join(f"{t}: {_plain(v)}" for t, v in view.draft.not_on_form.items())
            )
            self.body_layout.addWidget(self.not_on_form)
        self.body_layout.addStretch(1)
        for field in self.fields:
            field.show_values(view.draft.answers)
            field.edited.connect(self._edited)
        self._show_state(view)

    def _title_html(self, title: str, required: bool) -> str:
        error = colours(self.palette()).error
        mark = f' <span style="color:{error}">*</span>' if required else ""
        return f"{escape(title)}{mark}"

    def _retint_titles(self) -> None:
        """The required marks are coloured in HTML: written again in the new colours."""
        for label in self.findChildren(QLabel):
            question = label.property("question")
            if question is not None:
                label.setText(self._title_html(*question))

    def _label(self, html: str) -> QLabel:
        label = QLabel(html)
        label.setWordWrap(True)
        self.body_layout.addWidget(label)
        return label

    def _add(self, question: Question, field: AnswerField) -> None:
        title = self._label(self._title_html(question.title, question.required))
        title.setProperty("question", (question.title, question.required))  # for a new theme
        title.setBuddy(field)
        if question.help:
            hint = self._label(f"<small>{escape(question.help)}</small>")
            # Greyed: it explains, it is not asked (the theme's muted grey, which still reads
            # at 4.5:1, where a disabled label's grey would not).
            hint.setForegroundRole(QPalette.ColorRole.PlaceholderText)
        self.body_layout.addWidget(field)
        self.fields.append(field)
        if self.spelling is not None:
            for widget in field.prose():
                self.spelling.attach(widget)

    def _show_state(self, view: DraftView) -> None:
        status = view.draft.status
        words = f"{view.words} word{'s' if view.words != 1 else ''}"
        text = f"Status: <b>{STATUS_WORDS[status]}</b> · {words}"
        if view.missing and status not in READ_ONLY:
            text += f" · {len(view.missing)} required to answer"
        self.status.setText(text)
        read_only = self.submitting.show_state(view)
        self.set_read_only(read_only)
        self.ready_button.setEnabled(not read_only and status is not ReviewStatus.READY)
        self.quote_button.setEnabled(not read_only)

    def set_read_only(self, read_only: bool) -> None:
        """Fields locked (queued, sent, or going out now) or free to edit."""
        self._locked = read_only
        for field in self.fields:
            field.set_read_only(read_only)

    def show_view(self, view: DraftView) -> None:
        """The draft as the store has it now (the outbox moved it on)."""
        self.view = view
        self._show_state(view)

    @property
    def confirm(self) -> QMessageBox | None:
        """The question Mark submitted… asks first (open while it waits for the answer)."""
        return self.submitting.confirm

    @property
    def editing(self) -> bool:
        """Edits of the student's not saved yet: the store's view must not replace them."""
        return self._dirty and not self._locked

    def reopen(self) -> None:
        """The shown week built anew from the store (a new revision, a fetched form)."""
        if self.week is not None:
            self.open_week(self.week, self._week_title, True, self.titles)

    # -- saving --------------------------------------------------------------------------------

    @Slot()
    def _edited(self) -> None:
        self._dirty = True
        self.autosave.start()  # restarted: saved after a pause, not on every key

    @Slot(object, object)
    def _focus_changed(self, old: QWidget | None, new: QWidget | None) -> None:
        if isinstance(new, (QPlainTextEdit, QLineEdit)) and new is not self.not_on_form:
            self.text_target = new if self.body.isAncestorOf(new) else self.text_target
        if self._dirty and old is not None and self.isAncestorOf(old):
            self.save_now()

    def answers(self) -> dict[str, Answer]:
        found: dict[str, Answer] = {}
        for field in self.fields:
            found.update(field.values())
        return found

    @Slot()
    def save_now(self) -> bool:
        """Write what the fields hold, if anything changed; False when it was refused."""
        self.autosave.stop()
        if not self._dirty or self.week is None or self.view is None:
            return True
        if self._unchanged():  # typed, then undone: a ready review stays ready
            self._dirty = False
            return True
        try:
            view = self._reviews().set_answers(self.week, self.answers())
        except ReviewError as error:
            self.banner.show_message(BannerKind.ERROR, f"Not saved: {escape(str(error))}")
            return False
        self._dirty = False
        self.view = view
        self._show_state(view)
        if self.banner.kind is BannerKind.ERROR:
            self.banner.hide()
        self.saved.emit(self.week)
        return True

    def _unchanged(self) -> bool:
        if self.view is None:
            return False
        shown = {key: value for key, value in self.answers().items() if not is_empty(value)}
        return shown == dict(self.view.draft.answers)

    @Slot()
    def mark_ready(self) -> None:
        if self.week is None or not self.save_now():
            return
        try:
            self.view = self._reviews().mark_ready(self.week)
        except ReviewError as error:
            self.banner.show_message(BannerKind.ERROR, escape(str(error)))
            return
        self._show_state(self.view)
        self.banner.show_message(BannerKind.SUCCESS, "Marked ready: Submit sends it to the form.")
        self.status_changed.emit(self.week)

    # -- the form --------------------------------------------------------------------------------

    def _form_missing(self, week: int) -> bool:
        """Linked, and no copy fetched from the link the course page gives now."""
        state = self._reviews().form_states().get(week)
        return state is not None and not state.cached

    @Slot()
    def fetch_form(self) -> None:
        """Fetch the week's form on a worker; the fields are rebuilt on it when it comes."""
        if self.week is None or self.view is None or not self.save_now():
            return
        self.fetcher.start(self.week)

    @Slot(int)
    def _fetch_started(self, week: int) -> None:
        """A fetch began (here, or from the Due view's button): the editor waits for it too."""
        if week == self.week and self.view is not None:
            self.busy.show()
            self.fetch_button.setEnabled(False)
            self.banner.show_message(BannerKind.INFO, "Fetching the form…")

    @Slot(int, object)
    def _fetched(self, week: int, form: FormView) -> None:
        if week != self.week:
            return  # the student moved on: the cache has it for when they come back
        self.reopen()  # the answers move by title
        if form.error:
            text = f"Could not fetch the form: {escape(form.error)}. The copy fetched before stays."
            self.banner.show_message(BannerKind.ERROR, text)
        else:
            self.banner.show_message(BannerKind.SUCCESS, f"Form fetched: {escape(form.form.title)}")

    @Slot(int, str)
    def _fetch_failed(self, week: int, reason: str) -> None:
        if week != self.week:
            return
        self.busy.hide()
        self.fetch_button.setEnabled(True)
        self.banner.show_message(BannerKind.ERROR, f"Could not fetch the form: {escape(reason)}")

    @Slot()
    def choose_quotes(self) -> QuoteChooser | None:
        """The chooser of the week's quotes; what is ticked goes into the last text field."""
        if self.week is None or not self.titles:
            return None
        found = self._annotations.for_week(self.week)
        self.chooser = QuoteChooser(found, self.titles, self)
        self.chooser.accepted.connect(self._insert_chosen)
        self.chooser.open()
        return self.chooser

    @Slot()
    def _insert_chosen(self) -> None:
        target = self.text_target or self._first_paragraph()
        if self.chooser is None or target is None:
            return
        insert_lines(target, self.chooser.chosen())
        target.setFocus()

    def _first_paragraph(self) -> QPlainTextEdit | None:
        found = [w for f in self.fields for w in f.findChildren(QPlainTextEdit)]
        return found[0] if found else None


def _plain(value: Answer) -> str:
    return value if isinstance(value, str) else describe(value)
