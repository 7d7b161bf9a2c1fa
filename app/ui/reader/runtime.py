"""Two process-wide settings the reader needs to stay smooth and alive.

1. ``keep_singletons_alive``: a guard against a reference-counting bug of PySide6 6.12.0 on
Python 3.11.

With this PySide6 build, every call of a C++ method that returns ``void`` hands back ``None``
without taking a reference to it, and ``SignalInstance.emit()`` does the same with ``True``.
Each such call therefore takes one reference away from ``None`` (or ``True``). On Python 3.12
and later these objects are immortal and nothing happens; on 3.11 their count reaches zero
after a few thousand calls (a few seconds of painting) and the interpreter aborts with "Fatal
Python error: none_dealloc" (or "bool_dealloc"). Measured here: 20 000 ``QPainter.setPen``
calls abort a fresh interpreter.

The guard gives ``None``, ``True`` and ``False`` a margin of 2**40 references, which is what
3.12's immortal objects amount to. It is harmless where the bug is absent (objects that are
never freed anyway keep a larger count) and a no-op on 3.12+ and on other interpreters.
It must run before the first Qt calls: the app's start-up and the tests' conftest should call
it; ``ReaderTab`` calls it too, so the reader is safe on its own.

2. ``freeze_startup_heap``: Python's full garbage collections walk every object the process
holds, Qt's and PyMuPDF's wrappers and all modules included: 10-15 ms measured here, on the GUI
thread or in the middle of the worker's job, felt as a stall while scrolling. Objects alive once
the first document is open live as long as the app; ``gc.freeze`` takes them out of those walks.
Called once, after the first reading opens (the app's start-up could call it instead).
"""

from __future__ import annotations

import ctypes
import gc
import sys

_MARGIN = 1 << 40
_applied = False
_frozen = False


def keep_singletons_alive() -> None:
    global _applied
    if _applied or sys.version_info >= (3, 12) or sys.implementation.name != "cpython":
        return
    _applied = True
    for value in (None, True, False):
        # ob_refcnt is the first field of every CPython object (Include/object.h).
        ctypes.c_ssize_t.from_address(id(value)).value += _MARGIN


def freeze_startup_heap() -> None:
    global _frozen
    if not _frozen:
        _frozen = True
        gc.freeze()
