"""A keyring backend that keeps passwords in a dict, so no test reads or writes a real keyring.

tests/conftest.py installs a fresh one for every test with ``keyring.set_keyring``. Only tests
use it: the app never ships a keyring of its own (design.md section 5).
"""

from __future__ import annotations

from keyring.backend import KeyringBackend
from keyring.credentials import SimpleCredential
from keyring.errors import PasswordDeleteError


class MemoryKeyring(KeyringBackend):
    # Installed explicitly, never chosen by keyring's own probing; the value only has to exist.
    priority = 0.1  # type: ignore[assignment]

    def __init__(self) -> None:
        super().__init__()
        self.passwords: dict[tuple[str, str], str] = {}

    def get_password(self, service: str, username: str) -> str | None:
        return self.passwords.get((service, username))

    def set_password(self, service: str, username: str, password: str) -> None:
        self.passwords[(service, username)] = password

    def delete_password(self, service: str, username: str) -> None:
        if self.passwords.pop((service, username), None) is None:
            raise PasswordDeleteError(f"no password for {username} at {service}")

    def get_credential(self, service: str, username: str | None) -> SimpleCredential | None:
        """As the system keyrings do: with no user name given, the service's first login."""
        for (stored_service, user), password in self.passwords.items():
            if stored_service == service and username in (None, user):
                return SimpleCredential(user, password)
        return None
