"""Stable reading ids: the same paper keeps its id across syllabus versions.

The id is a short hash of a canonical key. The key folds the link variants a course page
moves between (http/https, ``www.``, tracking parameters, arXiv abs/pdf and version suffixes,
OpenReview forum/pdf, NeurIPS abstract/paper pages), so that such edits are not new papers.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from urllib.parse import parse_qsl, urlencode, urlsplit

_TRACKING_PARAMS = re.compile(r"^(utm_.*|_ga|_gl|usp|fbclid|gclid|ref|source)$", re.IGNORECASE)
_ARXIV = re.compile(r"^/(?:abs|pdf)/(?P<id>[a-z\-.]*/?\d+[.\d]*?)(?:v\d+)?(?:\.pdf)?/?$", re.I)
_PROCEEDINGS_HASH = re.compile(
    r"^/paper(?:_files/paper)?/(?P<year>\d{4})/(?:hash|file)/(?P<hash>[0-9a-f]{32})-"
    r"(?:Abstract|Paper)(?:-\w+)?\.(?:html|pdf)$"
)
_ACM_DOI = re.compile(r"^/doi/(?:(?:pdf|abs|full|epdf)/)?(?P<doi>10\.\d+/.+)$")
_PROCEEDINGS_HOSTS = {"papers.nips.cc", "proceedings.neurips.cc", "proceedings.mlsys.org"}


def normalize_url(url: str) -> str:
    """The link with the differences that never change the target removed."""
    parts = urlsplit(url.strip())
    host = (parts.hostname or "").lower().removeprefix("www.")
    try:
        port = parts.port
    except ValueError:  # a typo such as "arxiv:org": keep the text, it still names the link
        port, host = None, parts.netloc.lower().removeprefix("www.")
    if port and port not in (80, 443):
        host = f"{host}:{port}"
    query = [(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True)]
    query = sorted((k, v) for k, v in query if not _TRACKING_PARAMS.match(k))
    path = parts.path.rstrip("/") or "/"
    tail = f"?{urlencode(query)}" if query else ""
    return f"{host}{path}{tail}"


def canonical_key(url: str) -> str:
    """The paper a link points at, as a string: ``arxiv:1904.03257``, or the normalized URL."""
    normalized = normalize_url(url)
    parts = urlsplit("//" + normalized)
    host, path = parts.hostname or "", parts.path
    if host in ("arxiv.org", "export.arxiv.org") and (match := _ARXIV.match(path)):
        return f"arxiv:{match['id'].lower()}"
    if host == "openreview.net" and path in ("/forum", "/pdf"):
        paper = dict(parse_qsl(parts.query)).get("id")
        if paper:
            return f"openreview:{paper}"
    if host in _PROCEEDINGS_HOSTS and (match := _PROCEEDINGS_HASH.match(path)):
        return f"proceedings:{match['year']}:{match['hash']}"
    if host == "drive.google.com":
        match = re.match(r"^/file/d/([\w-]+)", path)
        file_id = match[1] if match else dict(parse_qsl(parts.query)).get("id")
        if file_id:  # file/d/ID/view, open?id=ID and uc?id=ID are one file
            return f"gdrive:{file_id}"
    if host == "dl.acm.org" and (match := _ACM_DOI.match(path)):
        return f"doi:{match['doi'].lower()}"
    return normalized


def normalize_title(title: str) -> str:
    """A title reduced to lower-case words, for matching a reading whose link changed."""
    decomposed = unicodedata.normalize("NFKD", title).casefold()
    folded = "".join(c for c in decomposed if not unicodedata.combining(c))  # "naïve" -> "naive"
    return " ".join(re.findall(r"\w+", folded))


def reading_id(url: str | None, title: str) -> str:
    """12 hex digits from the canonical link (or from the title when there is no link)."""
    key = canonical_key(url) if url else "title:" + normalize_title(title)
    return hashlib.sha256(key.encode()).hexdigest()[:12]
