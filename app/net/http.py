"""The shared requests session, and what a failed request means in words a student can act on.

The session keeps TLS verification on and takes proxies from the environment. ``describe``
turns requests' exceptions into one phrase that names the host and the URL (``status_words``
an HTTP status); the syllabus fetch,
the resolvers and the downloader each put it in a sentence of their own, with their own advice.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

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


@dataclass(frozen=True)
class Trouble:
    """A failed request: ``words`` (lower case, no final stop) and whether to try again later."""

    words: str
    transient: bool  # offline, timed out, cut short: the same request may work in a while
    says_what_to_do: bool = False  # the words end in their own advice (a proxy: its settings)

    def advised(self, again: str, otherwise: str) -> str:
        """The words and what to do: their own advice, else ``again`` when the same request
        may work in a while, ``otherwise`` when it will not."""
        if self.says_what_to_do:
            return self.words
        return f"{self.words}; {again if self.transient else otherwise}"


def describe(error: Exception, url: str) -> Trouble:
    """What went wrong with the request for ``url``; ``error`` is one of requests' exceptions."""
    import requests.exceptions as rx

    host = host_of(url)
    if isinstance(error, rx.SSLError):
        # Checked first: requests raises it as a ConnectionError too. Never worked around.
        words = f"the TLS certificate of {host} could not be verified, so {url} was not fetched "
        return Trouble(words + "(a network that intercepts secure connections?)", False)
    if isinstance(error, rx.ProxyError):
        words = f"the proxy refused or failed the request for {url}; check the proxy settings"
        return Trouble(words, True, says_what_to_do=True)
    if isinstance(error, rx.ConnectTimeout):
        return Trouble(f"{host} did not answer in time for {url} (offline?)", True)
    if isinstance(error, rx.ConnectionError) and "Read timed out" not in str(error):
        return Trouble(f"cannot reach {host} for {url} (offline, or the server is down)", True)
    if isinstance(error, rx.Timeout | rx.ConnectionError):
        # A stall mid-body comes wrapped as a ConnectionError that says "Read timed out".
        return Trouble(f"{host} took too long to send {url} (timed out)", True)
    if isinstance(error, rx.TooManyRedirects):
        return Trouble(f"the link {url} redirects in a loop", False)
    if isinstance(error, rx.ChunkedEncodingError):
        # requests' name for a body cut short (IncompleteRead), chunked or not
        return Trouble(f"{host} closed the connection before all of {url} arrived", True)
    if isinstance(error, rx.InvalidURL | rx.InvalidSchema | rx.MissingSchema):
        return Trouble(f"the link {url} is not a valid web address", False)
    return Trouble(f"fetching {url} failed ({error.__class__.__name__})", False)


def status_words(response: requests.Response) -> str:
    """``404 Not Found``: the status with its standard phrase, not the server's own spelling
    ("NOT FOUND", or none at all)."""
    from http import HTTPStatus

    try:
        phrase = HTTPStatus(response.status_code).phrase
    except ValueError:  # a status Python does not know
        phrase = response.reason or "error"
    return f"{response.status_code} {phrase}"


def sentence(words: str) -> str:
    """``words`` as the start of a sentence: the first letter in upper case."""
    return words[:1].upper() + words[1:]


def host_of(url: str) -> str:
    """The URL's host name, or the URL itself when it has none (or cannot be parsed)."""
    try:
        return urlsplit(url).hostname or url
    except ValueError:  # e.g. an unclosed "[" of an IPv6 host
        return url
