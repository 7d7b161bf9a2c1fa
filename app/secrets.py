"""Credentials for readings behind a login, kept only in the system keyring.

Nothing here writes a secret anywhere else: not the database, not a config file, not a log.
Tests install an in-memory keyring backend (tests/conftest.py); the app never ships one
(``keyrings.alt`` would make a plaintext file the default store).
"""

from __future__ import annotations

import contextlib
import logging
from typing import Protocol

from app.domain.errors import UserFacingError

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


class FormCookies:
    """A cookie (or token) the student gave for a form host: ``NAME=value; NAME2=value2``,
    one per host, in the keyring only; sent by the outbox to that host and no other."""

    def get(self, host: str) -> str | None:
        """The cookie kept for ``host``; None when there is none, or no keyring to ask."""
        import keyring
        from keyring.errors import KeyringError

        try:
            return keyring.get_password(_cookie_service(host), COOKIE_USER)
        except KeyringError as error:  # a machine without a keyring: the forms go without
            log.info("no form cookie for %s: %s", host, error)
            return None

    def save(self, host: str, cookie: str) -> None:
        """Kept in the keyring; without one it is refused (never written anywhere else)."""
        import keyring
        from keyring.errors import KeyringError

        try:
            keyring.set_password(_cookie_service(host), COOKIE_USER, cookie)
        except KeyringError as error:
            raise NoKeyringError(
                f"the cookie for {host} was not kept: no system keyring ({error}); "
                "it is never written anywhere else"
            ) from None
        log.info("saved a form cookie for %s in the keyring", host)  # never the cookie

    def forget(self, host: str) -> bool:
        """True when there was one."""
        import keyring
        from keyring.errors import KeyringError, PasswordDeleteError

        try:
            keyring.delete_password(_cookie_service(host), COOKIE_USER)
        except (PasswordDeleteError, KeyringError):
            return False
        return True


COOKIE_USER = "cookie"


class NoKeyringError(UserFacingError):
    """No system keyring to keep a secret in; ``str()`` says so in one line."""


def cookie_pairs(cookie: str) -> list[tuple[str, str]]:
    """``a=1; b=2`` -> [("a", "1"), ("b", "2")]; pieces without ``=`` are left out."""
    pairs = []
    for piece in cookie.split(";"):
        name, equals, value = piece.strip().partition("=")
        if equals and name.strip():
            pairs.append((name.strip(), value.strip()))
    return pairs


def _cookie_service(host: str) -> str:
    return f"{SERVICE}:cookie:{host.lower()}"
