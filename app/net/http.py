"""The shared requests session: TLS verification on, proxies from the environment, a clear agent."""

from __future__ import annotations

from typing import TYPE_CHECKING

from app import __version__

if TYPE_CHECKING:
    import requests

USER_AGENT = f"StudyCompanion/{__version__} (+https://github.com/study-companion)"
CONNECT_TIMEOUT = 10.0
READ_TIMEOUT = 30.0


def make_session() -> requests.Session:
    """Imported lazily: requests costs start-up time and most runs never touch the network."""
    import requests

    session = requests.Session()
    session.headers["User-Agent"] = USER_AGENT
    session.trust_env = True  # HTTP(S)_PROXY, NO_PROXY and REQUESTS_CA_BUNDLE are honoured
    return session
