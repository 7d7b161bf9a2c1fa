"""A download in progress on disk: the bytes so far in ``NAME.part``, their origin beside it.

The sidecar remembers which URL the bytes came from and the validators the server gave them
(ETag, Last-Modified, total size), so a later resume asks for the rest with ``If-Range`` and a
file that changed on the server in between is fetched again instead of spliced onto old bytes.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
from dataclasses import asdict, dataclass
from pathlib import Path

from app.net.content_check import pdf_start

_HEAD_BYTES = 1024
_HASH_BLOCK = 1024 * 1024


@dataclass(frozen=True)
class PartState:
    url: str  # the link the download started from (before redirects, which may be signed URLs)
    etag: str | None = None
    last_modified: str | None = None
    total: int | None = None  # the whole file's size, when the server said
    resumable: bool = True  # False when the body came content-encoded: offsets would not match

    @property
    def if_range(self) -> str | None:
        """The validator for If-Range: a strong ETag, else the Last-Modified date.

        Weak ETags (``W/"..."``) may not be used in If-Range (RFC 9110 13.1.5).
        """
        if self.etag and not self.etag.startswith("W/"):
            return self.etag
        return self.last_modified


class PartFile:
    def __init__(self, dest: Path) -> None:
        self.path = dest.with_name(dest.name + ".part")
        self.sidecar = dest.with_name(dest.name + ".part.json")

    def size(self) -> int:
        try:
            return self.path.stat().st_size
        except FileNotFoundError:
            return 0

    def load_state(self) -> PartState | None:
        try:
            raw = json.loads(self.sidecar.read_text(encoding="utf-8"))
            return PartState(**raw)
        except (OSError, ValueError, TypeError):
            return None  # missing or torn by a crash mid-write: start the file over

    def save_state(self, state: PartState) -> None:
        self.sidecar.write_text(json.dumps(asdict(state)), encoding="utf-8")

    def resume_offset(self, url: str) -> tuple[int, PartState | None]:
        """How many bytes can be kept for ``url``; anything not safely resumable is dropped."""
        size = self.size()
        state = self.load_state()
        usable = (
            size > 0
            and state is not None
            and state.url == url  # the reading's link changed: the old bytes are another file
            and state.resumable
            and (state.total is None or size <= state.total)
            and self._starts_pdf()
        )
        if not usable:
            self.discard()
            return 0, None
        return size, state

    def _starts_pdf(self) -> bool:
        try:
            with self.path.open("rb") as part:
                return pdf_start(part.read(_HEAD_BYTES))
        except OSError:
            return False

    def hash_existing(self) -> hashlib._Hash:
        """A sha256 fed with the bytes already on disk; a resume then hashes only what it adds."""
        hasher = hashlib.sha256()
        with self.path.open("rb") as part:
            while block := part.read(_HASH_BLOCK):
                hasher.update(block)
        return hasher

    def discard(self) -> None:
        for path in (self.path, self.sidecar):
            with contextlib.suppress(FileNotFoundError):
                path.unlink()

    def promote(self, dest: Path) -> None:
        """Move the finished, validated part to ``dest`` atomically, replacing any older file.

        The data was fsynced before validation; the directory is synced after the rename so the
        new name survives a power cut too.
        """
        self.path.replace(dest)
        _sync_directory(dest.parent)
        with contextlib.suppress(FileNotFoundError):
            self.sidecar.unlink()


def _sync_directory(directory: Path) -> None:
    if os.name != "posix":
        return  # Windows cannot open a directory for fsync; its rename is durable enough
    descriptor = os.open(directory, os.O_RDONLY)
    try:
        os.fsync(descriptor)
    finally:
        os.close(descriptor)
