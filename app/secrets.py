"""Credentials for readings behind a login, kept only in the system keyring.

Nothing here writes a secret anywhere else: not the database, not a config file, not a log.
Tests install an in-memory keyring backend (tests/conftest.py); the app never ships one
(``keyrings.alt`` would make a plaintext file the default store).
"""

from __future__ import annotations

import contextlib
import logging
from typing import Protocol

log = logging.getLogger(__name__)

SERVICE = "study-companion"


class CredentialStore(Protocol):
    def get(self, host: str) -> tuple[str, str] | None: ...
    def save(self, host: str, user: str, password: str) -> None: ...
    def forget(self, host: str) -> None: ...


class KeyringCredentials:
    """One entry per host: the user name and password stored together under the host's name."""

    def get(self, host: str) -> tuple[str, str] | None:
        import keyring

        credential = keyring.get_credential(_service(host), None)
        if credential is None:
            return None
        return credential.username, credential.password

    def save(self, host: str, user: str, password: str) -> None:
        import keyring

        self.forget(host)  # one user per host: a new login replaces the old one
        keyring.set_password(_service(host), user, password)
        log.info("saved credentials for %s in the keyring", host)  # the host only, never the secret

    def forget(self, host: str) -> None:
        import keyring
        from keyring.errors import PasswordDeleteError

        credential = keyring.get_credential(_service(host), None)
        if credential is not None:
            with contextlib.suppress(PasswordDeleteError):  # gone already: nothing to forget
                keyring.delete_password(_service(host), credential.username)


def _service(host: str) -> str:
    return f"{SERVICE}:{host.lower()}"
