"""The review editor: one week's draft, its fields generated from the week's questions.

What the student types is saved through ``ReviewService.set_answers`` after a short pause
(a single-shot timer restarted on every edit), when focus leaves a field and when the editor
is closed (``save_now``). A refused save says why in the editor's banner and keeps every
widget as it was, so nothing typed is lost; the next edit tries again.
"""

from __future__ import annotations

from collections.abc import Callable
from html import escape

from PySide6.QtCore import Qt, QTimer, Signal, Slot
from PySide6.QtWidgets import (
    QApplication,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from app.domain.form import EMAIL_KEY, EmailMode, Form, Question, QuestionKind
from app.domain.review import EMAIL_TITLE, ReviewStatus
from app.domain.review_answers import Answer, describe
from app.domain.review_template import QuestionSet, slots
from app.domain.review_template import Slot as AnswerSlot
from app.services.annotations import AnnotationService
from app.services.reviews import DraftView, ReviewError, ReviewService
from app.ui.message_banner import BannerKind, MessageBanner
from app.ui.review.answer_fields import AnswerField, email_field, make_field
from app.ui.review.quote_chooser import QuoteChooser, insert_lines

AUTOSAVE_MS = 800  # a pause in typing this long saves the draft

STATUS_WORDS = {
    ReviewStatus.NOT_STARTED: "Not started",
    ReviewStatus.DRAFTING: "Drafting",
    ReviewStatus.READY: "Ready",
    ReviewStatus.QUEUED: "Queued",
    ReviewStatus.SUBMITTED: "Submitted",
    ReviewStatus.NEEDS_ATTENTION: "Needs attention",
}
READ_ONLY = (ReviewStatus.QUEUED, ReviewStatus.SUBMITTED)


def questions_with_slots(questions: QuestionSet) -> list[tuple[Question, list[AnswerSlot]]]:
    """Every question in the order the student sees it, with its answer slots (none for an
    item the app cannot answer)."""
    grouped: dict[int, list[AnswerSlot]] = {}
    for found in slots(questions):
        grouped.setdefault(id(found.question), []).append(found)
    return [(question, grouped.get(id(question), [])) for question in questions.questions]


class ReviewEditor(QWidget):
    saved = Signal(int)  # the week, after its answers were written
    status_changed = Signal(int)  # the week, after ready (the Due view shows statuses)

    def __init__(
        self,
        reviews: Callable[[], ReviewService],
        annotations: AnnotationService,
        *,
        autosave_ms: int = AUTOSAVE_MS,
    ) -> None:
        super().__init__()
        self._reviews = reviews
        self._annotations = annotations
        self.titles: dict[str, str] = {}  # reading id -> title, for the quote chooser
        self.text_target: QPlainTextEdit | QLineEdit | None = None  # where quotes go
        self.chooser: QuoteChooser | None = None
        self.week: int | None = None
        self.view: DraftView | None = None
        self.fields: list[AnswerField] = []
        self._dirty = False
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
        self.buttons = QHBoxLayout()
        self.quote_button = QPushButton("Insert from annotations…")
        self.quote_button.setToolTip("Quote what you marked in the week's readings")
        self.quote_button.clicked.connect(self.choose_quotes)
        self.buttons.addWidget(self.ready_button)
        self.buttons.addWidget(self.quote_button)
        self.buttons.addStretch(1)

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
        self.week = week
        self.titles = titles or {}
        self.text_target = None
        self.banner.hide()
        self.changed_banner.hide()
        self.heading.setText(f"<b>Week {week}</b> — {escape(title)}")
        self._clear_body()
        if not has_review:
            self.view = None
            self.status.setText("No review this week.")
            self.ready_button.hide()
            self.quote_button.hide()
            return
        self.ready_button.show()
        self.quote_button.setVisible(bool(self.titles))
        self.view = self._reviews().draft(week)
        self._build(self.view)
        if self.view.form_changed:
            lines = "".join(f"<br>• {escape(line)}" for line in self.view.form_changed)
            self.changed_banner.show_message(
                BannerKind.INFO, f"<b>The form changed since you wrote this:</b>{lines}"
            )

    def _clear_body(self) -> None:
        self.fields = []
        self.not_on_form.setParent(None)
        while self.body_layout.count():
            item = self.body_layout.takeAt(0)
            widget = item.widget() if item is not None else None
            if widget is not None:
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

    def _label(self, html: str) -> QLabel:
        label = QLabel(html)
        label.setWordWrap(True)
        self.body_layout.addWidget(label)
        return label

    def _add(self, question: Question, field: AnswerField) -> None:
        mark = ' <span style="color:#c0392b">*</span>' if question.required else ""
        title = self._label(f"{escape(question.title)}{mark}")
        title.setBuddy(field)
        if question.help:
            hint = self._label(f"<small>{escape(question.help)}</small>")
            hint.setEnabled(False)  # greyed: it explains, it is not asked
        self.body_layout.addWidget(field)
        self.fields.append(field)

    def _show_state(self, view: DraftView) -> None:
        status = view.draft.status
        words = f"{view.words} word{'s' if view.words != 1 else ''}"
        text = f"Status: <b>{STATUS_WORDS[status]}</b> · {words}"
        if view.missing and status not in READ_ONLY:
            text += f" · {len(view.missing)} required to answer"
        self.status.setText(text)
        read_only = status in READ_ONLY
        for field in self.fields:
            field.set_read_only(read_only)
        self.ready_button.setEnabled(status not in (*READ_ONLY, ReviewStatus.READY))
        self.quote_button.setEnabled(not read_only)

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
        self.banner.show_message(BannerKind.SUCCESS, "Marked ready: submit it on the form.")
        self.status_changed.emit(self.week)

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
