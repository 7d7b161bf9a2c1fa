"""Pure rules from a reading's link to its PDF, by the shape of the URL (no network).

Each rule knows one family of links from design.md section 2 (arXiv, OpenReview, NeurIPS and
MLSys proceedings, legacy NIPS slugs, the ACM Digital Library, Google Drive, direct ``.pdf``
paths) or a shape that is known not to be a PDF (book pages, magazine articles, blog posts).
A link no rule knows is left to ``resolvers.resolve``, which fetches it.

Rewritten URLs keep the link's scheme and host as written: an ``http://`` link stays on plain
http, so it goes through the same proxy (``HTTP_PROXY``) as the link itself, and the servers
that prefer https redirect on their own.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from urllib.parse import SplitResult, parse_qs, urlencode, urlsplit, urlunsplit

from app.domain.library import Resolution

# Names for Resolution.via, shown in logs and kept in the store next to the resolved URL.
VIA_ARXIV = "arxiv"
VIA_OPENREVIEW = "openreview"
VIA_PROCEEDINGS = "proceedings"
VIA_NIPS_LEGACY = "nips_legacy"
VIA_ACM = "acm"
VIA_GDRIVE = "gdrive"
VIA_DIRECT = "direct"
VIA_WEB = "web"

# New ids (1904.03257, 2104.07857v2) and old ones with an archive name (cs/0112017,
# math.GT/0309136v1, hep-th/9901001).
_ARXIV_ID = r"(?:\d{4}\.\d{4,5}|[a-z][a-z\-]*(?:\.[A-Z]{2})?/\d{7})(?:v\d+)?"
_ARXIV_PATH = re.compile(rf"^/(?P<kind>abs|pdf)/(?P<id>{_ARXIV_ID})(?P<ext>\.pdf)?/?$", re.I)
_ARXIV_HOSTS = {"arxiv.org", "export.arxiv.org"}

# /paper/2012/hash/<32 hex>-Abstract.html, and since 2022 /paper_files/paper/...; newer
# tracks add a suffix (-Abstract-Conference.html -> -Paper-Conference.pdf) that must be kept.
_PROCEEDINGS_ABSTRACT = re.compile(
    r"^(?P<prefix>/(?:paper_files/)?paper/\d{4})/hash/(?P<hash>[0-9a-f]{32})"
    r"-Abstract(?P<track>-\w+)?\.html$",
    re.I,
)
_PROCEEDINGS_HOSTS = {
    "papers.nips.cc",
    "papers.neurips.cc",
    "proceedings.neurips.cc",
    "proceedings.mlsys.org",
}
# Before 2020 papers.nips.cc named papers /paper/8092-automatic-differentiation-in-ml-...;
# the PDF is the same path with ".pdf" appended.
_NIPS_LEGACY = re.compile(r"^/paper/\d+-[^/]+$")
_NIPS_LEGACY_HOSTS = {"papers.nips.cc", "papers.neurips.cc"}

# dl.acm.org/doi/10.1145/..., also the abs/full/epdf views of the same DOI.
_ACM_DOI = re.compile(r"^/doi/(?:(?:abs|full|fullHtml|epdf)/)?(?P<doi>10\.\d{4,9}/.+)$")

_DRIVE_FILE = re.compile(r"^/file/d/(?P<id>[\w-]+)(?:/|$)")


def resolve_by_rule(url: str) -> Resolution | None:
    """The PDF (or web page) a link leads to by its shape alone, or None to fetch and look."""
    try:
        parts = urlsplit(url.strip())
    except ValueError:  # e.g. an unclosed "[" of an IPv6 host
        return None
    if parts.scheme.lower() not in ("http", "https") or not parts.hostname:
        return None
    for rule in _RULES:
        if (found := rule(parts)) is not None:
            return found
    return None


def _host(parts: SplitResult) -> str:
    return (parts.hostname or "").lower().removeprefix("www.")


def _rebuilt(parts: SplitResult, path: str, query: str = "") -> str:
    """The link with a new path and query; its scheme and host as written, no fragment."""
    return urlunsplit((parts.scheme.lower(), parts.netloc, path, query, ""))


def _pdf(url: str, via: str) -> Resolution:
    return Resolution(url=url, is_pdf=True, via=via)


def _arxiv(parts: SplitResult) -> Resolution | None:
    if _host(parts) not in _ARXIV_HOSTS or not (match := _ARXIV_PATH.match(parts.path)):
        return None
    if match["kind"].lower() == "pdf":
        return _pdf(_rebuilt(parts, parts.path, parts.query), VIA_ARXIV)
    return _pdf(_rebuilt(parts, f"/pdf/{match['id']}"), VIA_ARXIV)


def _openreview(parts: SplitResult) -> Resolution | None:
    if _host(parts) != "openreview.net" or parts.path.rstrip("/") not in ("/forum", "/pdf"):
        return None
    paper = parse_qs(parts.query).get("id", [""])[0]
    if not paper:
        return None
    return _pdf(_rebuilt(parts, "/pdf", urlencode({"id": paper})), VIA_OPENREVIEW)


def _proceedings(parts: SplitResult) -> Resolution | None:
    if _host(parts) not in _PROCEEDINGS_HOSTS:
        return None
    if match := _PROCEEDINGS_ABSTRACT.match(parts.path):
        # A hash is unique only within its year, so the year stays in the path.
        track = match["track"] or ""
        path = f"{match['prefix']}/file/{match['hash']}-Paper{track}.pdf"
        return _pdf(_rebuilt(parts, path), VIA_PROCEEDINGS)
    path = parts.path.rstrip("/")
    if _host(parts) in _NIPS_LEGACY_HOSTS and _NIPS_LEGACY.match(path):
        if path.lower().endswith(".pdf"):
            return _pdf(_rebuilt(parts, path), VIA_NIPS_LEGACY)
        return _pdf(_rebuilt(parts, path + ".pdf"), VIA_NIPS_LEGACY)
    return None


def _acm(parts: SplitResult) -> Resolution | None:
    if _host(parts) != "dl.acm.org" or not (match := _ACM_DOI.match(parts.path)):
        return None
    # The PDF may still be paywalled; the downloader reports that as a login wall.
    return _pdf(_rebuilt(parts, f"/doi/pdf/{match['doi']}"), VIA_ACM)


def _google_drive(parts: SplitResult) -> Resolution | None:
    if _host(parts) != "drive.google.com":
        return None
    file_id = ""
    if match := _DRIVE_FILE.match(parts.path):
        file_id = match["id"]
    elif parts.path in ("/open", "/uc"):
        file_id = parse_qs(parts.query).get("id", [""])[0]
    if not file_id:
        return None
    # Large files answer this with a "can't scan for viruses" page, which the downloader passes.
    query = urlencode({"export": "download", "id": file_id})
    return _pdf(
        urlunsplit((parts.scheme.lower(), "drive.google.com", "/uc", query, "")), VIA_GDRIVE
    )


def _direct_pdf(parts: SplitResult) -> Resolution | None:
    # usenix.org/system/files/..., arxiv-like mirrors, personal pages: the path says it all.
    if parts.path.lower().endswith(".pdf"):
        return _pdf(_rebuilt(parts, parts.path, parts.query), VIA_DIRECT)
    return None


def _known_web_page(parts: SplitResult) -> Resolution | None:
    """Shapes that are articles or books to read online, never a downloadable PDF."""
    host, path = _host(parts), parts.path
    segments = [s.lower() for s in path.split("/") if s]
    is_web = (
        (host == "sciencedirect.com" and path.startswith("/book/"))
        or (host == "cacm.acm.org" and segments[-1:] == ["fulltext"])
        or any(label.endswith("blog") for label in host.split("."))
        or "blog" in segments
    )
    if not is_web:
        return None
    return Resolution(url=urlunsplit(parts), is_pdf=False, via=VIA_WEB)


# Order matters only where shapes overlap: ".pdf" paths are PDFs even on a blog's host.
_RULES: tuple[Callable[[SplitResult], Resolution | None], ...] = (
    _arxiv,
    _openreview,
    _proceedings,
    _acm,
    _google_drive,
    _direct_pdf,
    _known_web_page,
)
