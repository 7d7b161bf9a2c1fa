"""Inline Markdown of one line (a bullet or a heading) read with markdown-it-py: links and text."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from markdown_it import MarkdownIt
from markdown_it.token import Token


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
        if token.type == "link_open":
            link_text, href = [], str(token.attrGet("href") or "")
            continue
        if token.type == "link_close" and link_text is not None:
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
