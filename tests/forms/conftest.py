"""Fixtures for the review-form tests: the fake Google Forms behind a proxy, and a session.

``google`` is one local TLS server playing forms.gle, docs.google.com and accounts.google.com
(google_forms_server.py) behind a CONNECT proxy set as ``HTTPS_PROXY`` and ``HTTP_PROXY``, with
the test's certificate authority trusted through ``REQUESTS_CA_BUNDLE``: the app asks for the
real URLs, over TLS, and nothing leaves the machine.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
import requests

from app.net.http import make_session
from tests.forms.google_forms_server import HOSTS, GoogleFormsServer
from tests.integration.connect_proxy import ConnectProxy
from tests.integration.tls_server import Certificates, https_server, make_certificates


@pytest.fixture(scope="session")
def form_certificates(tmp_path_factory: pytest.TempPathFactory) -> Certificates:
    return make_certificates(tmp_path_factory.mktemp("forms-tls"), HOSTS)


@pytest.fixture
def google(
    form_certificates: Certificates, monkeypatch: pytest.MonkeyPatch
) -> Iterator[GoogleFormsServer]:
    with https_server(form_certificates) as site, ConnectProxy(site.port) as proxy:
        monkeypatch.setenv("HTTPS_PROXY", proxy.url)
        monkeypatch.setenv("HTTP_PROXY", proxy.url)
        monkeypatch.setenv("REQUESTS_CA_BUNDLE", str(form_certificates.authority))
        yield GoogleFormsServer(site)


@pytest.fixture
def session() -> Iterator[requests.Session]:
    """The app's own session (its headers, proxies and trust from the environment)."""
    with make_session() as opened:
        yield opened
