"""The outbox in the database: entries (one per review revision), their receipts, the claims.

Every change of state is one ``BEGIN IMMEDIATE`` transaction on a plain sqlite3 connection, the
pattern of ``ReviewStore.claim``: the write lock is taken before the entry is read, so two
processes (or threads) never both move it. A sender claims a queued entry (``claim``: state
``sending``, claimed by this process's token), commits "the final POST went out" right before it
(``final_post_started``) and records the outcome with its receipt (``finish``). The review's
status follows in the same transaction, so the outbox and the draft never disagree.

An entry left ``sending`` by a process that no longer exists (``recover``) goes back to the
queue when its final POST had not started, and to the student (ambiguous) when it had: the
answer may have been recorded, so it is never sent again by itself.

These connections use ``synchronous=FULL``: the mark before the final POST must survive a
power cut, not only a killed process.
"""

from __future__ import annotations

import json
import os
import socket
import sqlite3
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from datetime import UTC, datetime
from functools import cache
from pathlib import Path

from app.domain.errors import UserFacingError
from app.domain.form import Form
from app.domain.outbox import (
    OutboxEntry,
    OutboxReason,
    OutboxState,
    Receipt,
    ReceiptOutcome,
)
from app.domain.review import ReviewStatus
from app.domain.review_answers import Answer, answers_from_json, answers_to_json
from app.store.database import Database
from app.store.form_codec import form_from_json, form_to_json

BUSY_TIMEOUT_S = 30.0  # a sender holds the lock only for a few statements, never over the network


class OutboxConflictError(UserFacingError):
    """The entry is not in a state that allows this; ``str()`` says why in one line."""


class OutboxStore:
    def __init__(self, database: Database) -> None:
        self._database = database

    # -- reads -----------------------------------------------------------------------------------

    def entries(self) -> list[OutboxEntry]:
        """Every entry, newest first, with its receipts (oldest first)."""
        if not self._database.path.exists():
            return []
        with self._database.reading() as connection:
            rows = connection.execute(_SELECT + " ORDER BY o.id DESC").fetchall()
            return [_entry(row, _receipts(connection, row["id"])) for row in rows]

    def entry(self, entry_id: int) -> OutboxEntry | None:
        with self._database.reading() as connection:
            row = connection.execute(_SELECT + " WHERE o.id = ?", (entry_id,)).fetchone()
            return _entry(row, _receipts(connection, entry_id)) if row else None

    def entry_for(self, week: int, revision: int) -> OutboxEntry | None:
        with self._database.reading() as connection:
            row = connection.execute(
                _SELECT + " WHERE w.number = ? AND w.archived_at IS NULL AND o.revision = ?",
                (week, revision),
            ).fetchone()
            return _entry(row, _receipts(connection, row["id"])) if row else None

    def claimed(self) -> list[tuple[int, str]]:
        """(id, claimant) of every entry a sender holds now."""
        with self._database.reading() as connection:
            rows = connection.execute(
                "SELECT id, claimed_by FROM outbox WHERE state = 'sending'"
            ).fetchall()
        return [(row[0], row[1] or "") for row in rows]

    # -- putting a review in -----------------------------------------------------------------------

    def enqueue(
        self,
        week: int,
        revision: int,
        link: str,
        form: Form,
        answers: Mapping[str, Answer],
        now: datetime,
    ) -> int:
        """Put the review revision in the outbox (queued, due now); its id.

        An entry of the same revision that was refused (nothing recorded) takes the new answers
        and queues again, its receipts kept; one that is queued, sending, sent or ambiguous is
        an ``OutboxConflictError``: a revision is sent once.
        """
        with self._immediate() as connection:
            week_id = _week_id(connection, week)
            found = connection.execute(
                "SELECT id, state, reason FROM outbox WHERE week_id = ? AND revision = ?",
                (week_id, revision),
            ).fetchone()
            values = (
                link,
                form_to_json(form),
                json.dumps(answers_to_json(answers), ensure_ascii=False),
                _iso(now),
            )
            if found is None:
                entry_id = connection.execute(
                    "INSERT INTO outbox (week_id, revision, state, reason, message, changes, "
                    "link, form, answers, created, next_try_at, failures) "
                    "VALUES (?, ?, 'queued', NULL, '', '[]', ?, ?, ?, ?, ?, 0)",
                    (week_id, revision, *values, _iso(now)),
                ).lastrowid
            else:
                entry_id, state, reason = found
                if state != OutboxState.NEEDS_ATTENTION or reason == OutboxReason.AMBIGUOUS:
                    raise OutboxConflictError(_conflict(week, revision, entry_id, state, reason))
                connection.execute(
                    "UPDATE outbox SET state = 'queued', reason = NULL, message = '', "
                    "changes = '[]', link = ?, form = ?, answers = ?, next_try_at = ?, "
                    "failures = 0, claimed_by = NULL, claimed_at = NULL, final_post_at = NULL "
                    "WHERE id = ?",
                    (*values, entry_id),
                )
            _set_review_status(connection, week_id, revision, ReviewStatus.QUEUED)
            assert entry_id is not None
            return int(entry_id)

    def record_elsewhere(
        self,
        week: int,
        revision: int,
        link: str,
        form: Form,
        answers: Mapping[str, Answer],
        receipt: Receipt,
    ) -> int:
        """ "I submitted it in the browser": the revision's entry is sent, with ``receipt``.

        An entry being sent right now is an ``OutboxConflictError`` (its own answer will tell).
        """
        with self._immediate() as connection:
            week_id = _week_id(connection, week)
            found = connection.execute(
                "SELECT id, state FROM outbox WHERE week_id = ? AND revision = ?",
                (week_id, revision),
            ).fetchone()
            if found is None:
                entry_id = connection.execute(
                    "INSERT INTO outbox (week_id, revision, state, reason, message, changes, "
                    "link, form, answers, created, sent_at, failures) "
                    "VALUES (?, ?, 'sent', NULL, ?, '[]', ?, ?, ?, ?, ?, 0)",
                    (
                        week_id,
                        revision,
                        receipt.message,
                        link,
                        form_to_json(form),
                        json.dumps(answers_to_json(answers), ensure_ascii=False),
                        _iso(receipt.time),
                        _iso(receipt.time),
                    ),
                ).lastrowid
                assert entry_id is not None
            else:
                entry_id, state = found
                if state == OutboxState.SENDING:
                    raise OutboxConflictError(
                        f"the review of week {week} is being sent right now (outbox {entry_id})"
                    )
                if state != OutboxState.SENT:
                    _move(connection, entry_id, OutboxState.SENT, None, receipt.message, receipt)
            _add_receipt(connection, int(entry_id), receipt)
            _set_review_status(connection, week_id, revision, ReviewStatus.SUBMITTED)
            return int(entry_id)

    # -- sending ---------------------------------------------------------------------------------

    def claim(
        self, token: str, now: datetime, entry_id: int | None = None, *, waiting_too: bool = False
    ) -> OutboxEntry | None:
        """Take the first due queued entry (or entry ``entry_id`` if it is due) for sending;
        ``waiting_too``: also one whose next try is later (the student asked to send now).

        None when there is none: another sender may have taken it a moment ago.
        """
        with self._immediate() as connection:
            query = "SELECT id, next_try_at FROM outbox WHERE state = 'queued'"
            rows = connection.execute(query).fetchall()
            due = sorted(
                (_moment(row[1]) or now, row[0])
                for row in rows
                if (waiting_too or (_moment(row[1]) or now) <= now) and entry_id in (None, row[0])
            )
            if not due:
                return None
            chosen = due[0][1]
            connection.execute(
                "UPDATE outbox SET state = 'sending', claimed_by = ?, claimed_at = ?, "
                "final_post_at = NULL WHERE id = ? AND state = 'queued'",
                (token, _iso(now), chosen),
            )
        return self.entry(chosen)

    def final_post_started(self, entry_id: int, token: str, now: datetime) -> None:
        """Committed before the POST that records the response: a crash after it is ambiguous."""
        with self._immediate() as connection:
            connection.execute(
                "UPDATE outbox SET final_post_at = ? "
                "WHERE id = ? AND claimed_by = ? AND state = 'sending'",
                (_iso(now), entry_id, token),
            )

    def finish(
        self,
        entry_id: int,
        token: str,
        receipt: Receipt,
        state: OutboxState,
        reason: OutboxReason | None,
        message: str,
        changes: tuple[str, ...] = (),
        next_try_at: datetime | None = None,
    ) -> None:
        """Record an attempt's receipt and where the entry goes (the review's status follows).

        A retry counts one more failure in a row; any other end resets the count.
        """
        with self._immediate() as connection:
            held = connection.execute(
                "SELECT week_id, revision, failures FROM outbox "
                "WHERE id = ? AND claimed_by = ? AND state = 'sending'",
                (entry_id, token),
            ).fetchone()
            _add_receipt(connection, entry_id, receipt)
            if held is None:  # no longer ours (never, while this process lives): keep the receipt
                return
            week_id, revision, failures = held
            retrying = state is OutboxState.QUEUED
            connection.execute(
                "UPDATE outbox SET state = ?, reason = ?, message = ?, changes = ?, "
                "sent_at = ?, next_try_at = ?, failures = ?, claimed_by = NULL, "
                "claimed_at = NULL, final_post_at = NULL WHERE id = ?",
                (
                    state.value,
                    reason.value if reason else None,
                    message,
                    json.dumps(list(changes), ensure_ascii=False),
                    _iso(receipt.time) if state is OutboxState.SENT else None,
                    _iso(next_try_at) if next_try_at else None,
                    failures + 1 if retrying else 0,
                    entry_id,
                ),
            )
            _set_review_status(connection, week_id, revision, _review_status(state))

    def recover(
        self,
        alive: Callable[[str], bool],
        receipt_for: Callable[[OutboxEntry], Receipt],
        message_for: Callable[[int], str],
    ) -> list[int]:
        """Entries left ``sending`` by a process that is gone: back to the queue, or (their
        final POST had started) to the student as ambiguous, with ``receipt_for``'s receipt.
        The ids made ambiguous."""
        if not any(not alive(claimant) for _, claimant in self.claimed()):
            return []  # the usual case: a read, no write lock
        ambiguous: list[int] = []
        with self._immediate() as connection:
            rows = connection.execute(
                "SELECT id, claimed_by, final_post_at FROM outbox WHERE state = 'sending'"
            ).fetchall()
            for entry_id, claimant, final_post_at in rows:
                if alive(claimant or ""):
                    continue
                if final_post_at is None:
                    connection.execute(
                        "UPDATE outbox SET state = 'queued', claimed_by = NULL, "
                        "claimed_at = NULL WHERE id = ?",
                        (entry_id,),
                    )
                    continue
                row = connection.execute(_SELECT + " WHERE o.id = ?", (entry_id,)).fetchone()
                receipt = receipt_for(_entry(row, ()))
                _move(
                    connection,
                    entry_id,
                    OutboxState.NEEDS_ATTENTION,
                    OutboxReason.AMBIGUOUS,
                    message_for(entry_id),
                )
                _add_receipt(connection, entry_id, receipt)
                _set_review_status(
                    connection, row["week_id"], row["revision"], ReviewStatus.NEEDS_ATTENTION
                )
                ambiguous.append(entry_id)
        return ambiguous

    # -- the student's word ------------------------------------------------------------------------

    def confirm(self, entry_id: int, receipt: Receipt) -> OutboxEntry:
        """ "It arrived": the entry is sent (a manual receipt); the review is submitted."""
        with self._immediate() as connection:
            row = self._held(connection, entry_id)
            if row["state"] == OutboxState.SENT:
                raise OutboxConflictError(f"outbox {entry_id} was sent already: nothing to confirm")
            if row["state"] == OutboxState.SENDING:
                raise OutboxConflictError(
                    f"outbox {entry_id} is being sent right now: wait for its answer"
                )
            _move(connection, entry_id, OutboxState.SENT, None, receipt.message, receipt)
            _add_receipt(connection, entry_id, receipt)
            _set_review_status(connection, row["week_id"], row["revision"], ReviewStatus.SUBMITTED)
        found = self.entry(entry_id)
        assert found is not None
        return found

    def requeue(self, entry_id: int, now: datetime) -> None:
        """Send it again, on purpose: an entry that needs attention goes back to the queue."""
        with self._immediate() as connection:
            row = self._held(connection, entry_id)
            if row["state"] != OutboxState.NEEDS_ATTENTION:
                raise OutboxConflictError(
                    f"outbox {entry_id} is {row['state'].replace('_', ' ')}: "
                    + (
                        "it was sent; to send a changed review, start a new revision "
                        "(review revise WEEK)"
                        if row["state"] == OutboxState.SENT
                        else "it will be sent without being asked"
                    )
                )
            connection.execute(
                "UPDATE outbox SET state = 'queued', reason = NULL, message = '', changes = '[]', "
                "next_try_at = ?, failures = 0 WHERE id = ?",
                (_iso(now), entry_id),
            )
            _set_review_status(connection, row["week_id"], row["revision"], ReviewStatus.QUEUED)

    # -- helpers ---------------------------------------------------------------------------------

    def _held(self, connection: sqlite3.Connection, entry_id: int) -> sqlite3.Row:
        row = connection.execute(
            "SELECT id, week_id, revision, state FROM outbox WHERE id = ?", (entry_id,)
        ).fetchone()
        if row is None:
            raise OutboxConflictError(f"there is no outbox entry {entry_id} (see: outbox)")
        return row  # type: ignore[no-any-return]

    @contextmanager
    def _immediate(self) -> Iterator[sqlite3.Connection]:
        """One write transaction that holds the lock from its first statement."""
        connection = sqlite3.connect(self._database.path, timeout=BUSY_TIMEOUT_S)
        connection.isolation_level = None
        connection.row_factory = sqlite3.Row
        try:
            connection.execute("PRAGMA foreign_keys=ON")
            connection.execute("PRAGMA synchronous=FULL")
            connection.execute("BEGIN IMMEDIATE")
            try:
                yield connection
            except BaseException:
                connection.execute("ROLLBACK")
                raise
            connection.execute("COMMIT")
        finally:
            connection.close()


# -- the process that claims ---------------------------------------------------------------------


@cache
def process_token() -> str:
    """Who claims: host, boot, pid and the pid's start time (a reused pid is another process)."""
    pid = os.getpid()
    return json.dumps([socket.gethostname(), _boot_id(), pid, _start_time(pid)])


def is_alive(token: str) -> bool:
    """Whether the process that wrote ``token`` still runs. One on another host is taken to
    be alive: nothing here can tell, and taking a live sender's entry could send it twice."""
    try:
        host, boot, pid, started = json.loads(token)
    except (ValueError, TypeError):
        return False
    if host != socket.gethostname():
        return True
    if boot != _boot_id():
        return False  # the machine restarted since
    if started is None or _start_time(pid) is None:
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            return False
        except PermissionError:
            return True
        return True
    return bool(_start_time(pid) == started)


def _boot_id() -> str | None:
    try:
        return Path("/proc/sys/kernel/random/boot_id").read_text().strip()
    except OSError:
        return None


def _start_time(pid: int) -> int | None:
    """The process's start (clock ticks since boot, /proc); None without /proc or when it is
    gone or a zombie (killed, not yet reaped)."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    after_name = stat.rsplit(")", 1)[1].split()
    if after_name[0] == "Z":
        return None
    return int(after_name[19])


# -- rows ----------------------------------------------------------------------------------------

_SELECT = "SELECT o.*, w.number AS week FROM outbox o JOIN weeks w ON w.id = o.week_id"


def _entry(row: sqlite3.Row, receipts: tuple[Receipt, ...]) -> OutboxEntry:
    return OutboxEntry(
        id=row["id"],
        week=row["week"],
        revision=row["revision"],
        state=OutboxState(row["state"]),
        reason=OutboxReason(row["reason"]) if row["reason"] else None,
        message=row["message"],
        link=row["link"],
        form=form_from_json(row["form"]),
        answers=answers_from_json(json.loads(row["answers"])),
        created=_aware(row["created"]),
        sent_at=_moment(row["sent_at"]),
        next_try_at=_moment(row["next_try_at"]),
        failures=row["failures"],
        changes=tuple(json.loads(row["changes"])),
        receipts=receipts,
    )


def _receipts(connection: sqlite3.Connection, entry_id: int) -> tuple[Receipt, ...]:
    rows = connection.execute(
        "SELECT * FROM outbox_receipts WHERE entry_id = ? ORDER BY id", (entry_id,)
    ).fetchall()
    return tuple(
        Receipt(
            time=_aware(row["time"]),
            outcome=ReceiptOutcome(row["outcome"]),
            status=row["status"],
            url=row["url"],
            fields=tuple((str(key), str(value)) for key, value in json.loads(row["fields"])),
            message=row["message"],
        )
        for row in rows
    )


def _add_receipt(connection: sqlite3.Connection, entry_id: int, receipt: Receipt) -> None:
    connection.execute(
        "INSERT INTO outbox_receipts (entry_id, time, outcome, status, url, fields, message) "
        "VALUES (?, ?, ?, ?, ?, ?, ?)",
        (
            entry_id,
            _iso(receipt.time),
            receipt.outcome.value,
            receipt.status,
            receipt.url,
            json.dumps([list(pair) for pair in receipt.fields], ensure_ascii=False),
            receipt.message,
        ),
    )


def _move(
    connection: sqlite3.Connection,
    entry_id: int,
    state: OutboxState,
    reason: OutboxReason | None,
    message: str,
    receipt: Receipt | None = None,
) -> None:
    sent_at = _iso(receipt.time) if receipt and state is OutboxState.SENT else None
    connection.execute(
        "UPDATE outbox SET state = ?, reason = ?, message = ?, sent_at = ?, "
        "claimed_by = NULL, claimed_at = NULL, final_post_at = NULL WHERE id = ?",
        (state.value, reason.value if reason else None, message, sent_at, entry_id),
    )


def _review_status(state: OutboxState) -> ReviewStatus:
    return {
        OutboxState.QUEUED: ReviewStatus.QUEUED,
        OutboxState.SENDING: ReviewStatus.QUEUED,
        OutboxState.SENT: ReviewStatus.SUBMITTED,
        OutboxState.NEEDS_ATTENTION: ReviewStatus.NEEDS_ATTENTION,
    }[state]


def _set_review_status(
    connection: sqlite3.Connection, week_id: int, revision: int, status: ReviewStatus
) -> None:
    """The draft of this revision follows its entry (a newer revision is left alone)."""
    connection.execute(
        "UPDATE reviews SET status = ? WHERE week_id = ? AND revision = ?",
        (status.value, week_id, revision),
    )


def _week_id(connection: sqlite3.Connection, week: int) -> int:
    row = connection.execute(
        "SELECT id FROM weeks WHERE number = ? AND archived_at IS NULL", (week,)
    ).fetchone()
    if row is None:
        raise LookupError(f"there is no week {week}")
    return int(row[0])


def _conflict(week: int, revision: int, entry_id: int, state: str, reason: str | None) -> str:
    what = f"the review of week {week} (revision {revision}, outbox {entry_id})"
    if state == OutboxState.SENT:
        return f"{what} was submitted already; to send it again changed, run: review revise {week}"
    if reason == OutboxReason.AMBIGUOUS:
        return (
            f"{what} went out with no answer back: check the form, then run "
            f"outbox confirm {entry_id} or outbox resend {entry_id}"
        )
    return f"{what} is in the outbox already ({state}): it goes out by itself"


def _iso(moment: datetime) -> str:
    return moment.astimezone(UTC).isoformat()


def _aware(text: str) -> datetime:
    moment = datetime.fromisoformat(text)
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def _moment(text: str | None) -> datetime | None:
    return _aware(text) if text else None
