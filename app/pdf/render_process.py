"""Page rendering in a process of its own, so that MuPDF never holds this process's GIL.

PyMuPDF keeps the interpreter lock for the whole of a render (several ms a band), and the GUI
thread cannot run a line of Python meanwhile: scrolling stalled for as long as a band took.
One helper process (``python -m app.pdf.render_worker``) serves every reader tab: it opens
each document once, keeps its display lists, and sends pixels back as raw RGB over a pipe.
This side only writes requests and reads bytes (system calls that release the GIL), on the
reader's worker threads, never on the GUI thread.

- Started lazily, when the first document is opened for reading (``shared()``); until it has
  imported PyMuPDF (~0.2 s) pages render in this process as before, so the first open does not
  wait for it. Stopped at exit (``atexit``), or when its pipe closes (the app died).
- A crash (a page that kills MuPDF, the process killed) fails the page being drawn with a
  sentence, is logged, and the next render starts a new process, which reopens the documents.
- Messages are a 4-byte length and a JSON object; a rendered image's reply is followed by its
  pixel bytes. One request at a time (a lock): the tabs' workers take turns.
"""

from __future__ import annotations

import atexit
import contextlib
import json
import logging
import struct
import subprocess
import sys
import threading
from collections.abc import Callable
from typing import IO, Any, NoReturn, TypeVar

from app.pdf.content import Box, RenderedImage

log = logging.getLogger(__name__)
T = TypeVar("T")

READY = b"R"  # the worker's first byte: PyMuPDF is imported, requests are served
_LENGTH = struct.Struct(">I")
STOP_TIMEOUT_SECONDS = 2.0
WORKER_MODULE = "app.pdf.render_worker"


class RenderProcessError(RuntimeError):
    """The render process stopped (crashed or was killed) while serving a request."""


class RemotePageError(RuntimeError):
    """The render process could not draw a page; the message is for the student."""


def write_message(stream: IO[bytes], message: dict[str, Any], payload: Any = None) -> None:
    body = json.dumps(message).encode()
    stream.write(_LENGTH.pack(len(body)) + body)
    if payload is not None:
        stream.write(payload)
    stream.flush()


def read_exactly(stream: IO[bytes], size: int) -> bytearray:
    """``size`` bytes from ``stream``; EOFError if it ends first."""
    buffer = bytearray(size)
    view = memoryview(buffer)
    done = 0
    while done < size:
        count = stream.readinto(view[done:])  # type: ignore[attr-defined]
        if not count:
            raise EOFError("the pipe closed")
        done += count
    return buffer


def read_message(stream: IO[bytes]) -> dict[str, Any] | None:
    """The next message, or None when the other side closed the pipe between messages."""
    first = stream.read(1)
    if not first:
        return None
    (length,) = _LENGTH.unpack(first + read_exactly(stream, _LENGTH.size - 1))
    message: dict[str, Any] = json.loads(read_exactly(stream, length))
    return message


class RenderProcess:
    """The parent's handle on the render process. Thread-safe; call from worker threads."""

    def __init__(self, command: list[str] | None = None) -> None:
        self._command = command or [sys.executable, "-m", WORKER_MODULE]
        self._lock = threading.Lock()  # one request and its reply at a time
        self._process: subprocess.Popen[bytes] | None = None
        self._ready = threading.Event()
        self._next_id = 0
        self.instance = 0  # counts starts: documents opened in an earlier process reopen
        self.crashes = 0

    @property
    def ready(self) -> bool:
        """Started and serving; False while it starts (pages then render in this process)."""
        return self._ready.is_set()

    def wait_ready(self, timeout: float) -> bool:
        """Wait until the process serves (tests and benchmarks; never on the GUI thread)."""
        return self._ready.wait(timeout)

    @property
    def pid(self) -> int | None:
        process = self._process
        return None if process is None else process.pid

    def start(self) -> None:
        """Start the process if it is not running; returns at once (see ``ready``)."""
        with self._lock:
            if self._process is None:
                self._spawn()

    def _spawn(self) -> None:
        process = subprocess.Popen(self._command, stdin=subprocess.PIPE, stdout=subprocess.PIPE)
        self._process = process
        self._ready.clear()
        self.instance += 1
        threading.Thread(
            target=self._wait_ready, args=(process,), name="render-process-start", daemon=True
        ).start()

    def _wait_ready(self, process: subprocess.Popen[bytes]) -> None:
        assert process.stdout is not None
        if process.stdout.read(1) == READY and self._process is process:
            self._ready.set()

    def new_document_id(self) -> int:
        with self._lock:
            self._next_id += 1
            return self._next_id

    def open(
        self, document_id: int, path: str, password: str | None, sizes: int
    ) -> tuple[dict[str, Any], int]:
        """Open a document there and wait for its description (``Description.as_json``, with
        the first ``sizes`` page sizes) or its failure (``error``, ``kind``); and the process
        instance it is open in. Only when ``ready``."""
        request = {"do": "open", "id": document_id, "path": path, "password": password}
        with self._lock:
            reply = self._ask({**request, "reply": True, "sizes": sizes})
            return reply, self.instance

    def open_later(self, document_id: int, path: str, password: str | None) -> int:
        """Open a document there without waiting (a failure comes back with its first
        render); returns the process instance it is open in."""
        with self._lock:
            self._send({"do": "open", "id": document_id, "path": path, "password": password})
            return self.instance

    def close_document(self, document_id: int, instance: int) -> None:
        with self._lock:
            if instance == self.instance and self._process is not None:
                with contextlib.suppress(RenderProcessError):  # gone: nothing left to close
                    self._send({"do": "close", "id": document_id})

    def render(
        self,
        document_id: int,
        page: int,
        scale: float,
        clip: Box | None,
        night: bool,
        natural_figures: bool = False,
    ) -> RenderedImage | None:
        """Page ``page`` of a document opened here, or None while the process is not ready
        (render in this process then); RemotePageError for a page MuPDF cannot draw,
        RenderProcessError if the process stopped (the next request starts another)."""
        request = {
            "do": "render",
            "id": document_id,
            "page": page,
            "scale": scale,
            "clip": None if clip is None else [clip.x0, clip.y0, clip.x1, clip.y1],
            "night": night,
            "natural_figures": natural_figures,  # each request says it: no state to go stale
        }
        with self._lock:
            if not self._ready.is_set():
                return None
            reply = self._ask(request)
            if "error" in reply:
                raise RemotePageError(str(reply["error"]))
            samples = self._read(lambda stdout: read_exactly(stdout, int(reply["size"])))
        return RenderedImage(
            width=int(reply["width"]),
            height=int(reply["height"]),
            stride=int(reply["stride"]),
            samples=samples,
            x=int(reply["x"]),
            y=int(reply["y"]),
        )

    def _ask(self, message: dict[str, Any]) -> dict[str, Any]:
        """Under the lock: send ``message`` and read its reply."""
        self._send(message)
        reply = self._read(read_message)
        if reply is None:
            self._crashed(EOFError("the pipe closed"))
        return reply

    def _read(self, read: Callable[[IO[bytes]], T]) -> T:
        """Under the lock: ``read`` from the process's output; a closed pipe is a crash."""
        process = self._process
        assert process is not None and process.stdout is not None
        try:
            return read(process.stdout)
        except (EOFError, OSError, ValueError) as error:
            self._crashed(error)

    def _send(self, message: dict[str, Any]) -> None:
        """Under the lock: write ``message``, starting the process first if it stopped."""
        if self._process is None:
            self._spawn()
        process = self._process
        assert process is not None and process.stdin is not None
        try:
            write_message(process.stdin, message)
        except OSError as error:
            self._crashed(error)

    def _crashed(self, error: BaseException) -> NoReturn:
        """Under the lock: the process is gone; forget it (the next request starts another)."""
        process = self._process
        self._process = None
        self._ready.clear()
        self.crashes += 1
        code = None
        if process is not None:
            process.kill()
            code = process.wait()
        log.warning("the render process stopped (exit status %s): %s", code, error)
        raise RenderProcessError("the page renderer stopped") from error

    def stop(self) -> None:
        """Ask the process to finish (closing its input) and wait a moment for it."""
        with self._lock:
            process, self._process = self._process, None
            self._ready.clear()
        if process is None:
            return
        assert process.stdin is not None
        try:
            process.stdin.close()
            process.wait(STOP_TIMEOUT_SECONDS)
        except (OSError, subprocess.TimeoutExpired):
            process.kill()
            process.wait()
        if process.stdout is not None:
            process.stdout.close()


_shared: RenderProcess | None = None
_shared_lock = threading.Lock()


def shared() -> RenderProcess:
    """The app's render process, started on first use and stopped at exit."""
    global _shared
    with _shared_lock:
        if _shared is None:
            _shared = RenderProcess()
            atexit.register(_shared.stop)
        _shared.start()
        return _shared
