"""Inline Markdown of one line (a bullet or a heading) read with markdown-it-py: links and text."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from markdown_it import MarkdownIt
from markdown_it.token import Token

_HTML_LINK_OPEN = re.compile(r"<a\s[^>]*?href\s*=\s*[\"']([^\"']*)[\"']", re.IGNORECASE)
_HTML_LINK_CLOSE = re.compile(r"</a\s*>", re.IGNORECASE)


@dataclass(frozen=True)
class Link:
    text: str
    href: str


@dataclass(frozen=True)
class Inline:
    text: str  # the visible text, markup removed
    links: tuple[Link, ...]
    outside_links: str  # the visible text that is not inside any link


@cache
def _markdown() -> MarkdownIt:
    return MarkdownIt("commonmark")


def read_inline(source: str) -> Inline:
    tokens = _markdown().parseInline(source)
    children: list[Token] = (tokens[0].children or []) if tokens else []
    text: list[str] = []
    outside: list[str] = []
    links: list[Link] = []
    link_text: list[str] | None = None
    href = ""
    for token in children:
        html_open = _HTML_LINK_OPEN.match(token.content) if token.type == "html_inline" else None
        if token.type == "link_open" or html_open:  # an HTML <a href> is a link too
            href = html_open.group(1) if html_open else str(token.attrGet("href") or "")
            link_text = []
            continue
        closes = token.type == "link_close" or (
            token.type == "html_inline" and _HTML_LINK_CLOSE.match(token.content)
        )
        if closes and link_text is not None:
            links.append(Link(" ".join("".join(link_text).split()), href))
            link_text = None
            continue
        piece = _visible(token)
        text.append(piece)
        (link_text if link_text is not None else outside).append(piece)
    return Inline(" ".join("".join(text).split()), tuple(links), " ".join("".join(outside).split()))


def _visible(token: Token) -> str:
    if token.type in ("text", "code_inline", "image"):
        return token.content
    if token.type in ("softbreak", "hardbreak"):
        return " "
    return ""  # markup and inline HTML
