"""Escaping and Russian number formatting: the only things templates do.

The number, plural and date words live in generator/russian.py (below every
stage, shared with the review comment and the corrections log); they are
re-exported here for the template filters."""

from __future__ import annotations

import html
import json
import re

from markupsafe import Markup

from generator import russian

# --- Russian words moved to generator/russian.py (issue 10, review package); re-exported ---
clean, score, delta, value, rank, plural, figure = (
    russian.clean,
    russian.score,
    russian.delta,
    russian.value,
    russian.rank,
    russian.plural,
    russian.figure,
)
# --- end of Russian words ---

# One escaping path for every context a data string can reach in a generated
# page: Markdown text (headings, lists, table cells, the text inside inline
# HTML, which Python-Markdown still parses), raw HTML blocks and quoted HTML
# attributes. HTML's own specials become named entities; every character with
# meaning in Markdown or in an enabled extension (attr_list `{}`, tables `|`,
# def_list `:`, admonition `!`, details `?`, setext `=`) becomes a numeric
# entity. Python-Markdown passes entities through untouched, browsers and the
# search indexer decode them, so the visitor reads the text exactly as
# written and no character can start syntax anywhere.
_HTML_ENTITIES = {"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;"}
_MD_SPECIAL_CHARS = "\\`*_{}[]()#+-.!|:=?~^$"
_ESCAPES = {**{c: f"&#{ord(c)};" for c in _MD_SPECIAL_CHARS}, **_HTML_ENTITIES}
_NEEDS_ESCAPE = re.compile("[" + re.escape(_MD_SPECIAL_CHARS + "".join(_HTML_ENTITIES)) + "]")


def _escape_match(m: re.Match) -> str:
    return _ESCAPES[m[0]]


class SafeUrl(str):
    """A link the generator made itself (relative paths between its own pages,
    built from validated slugs) or an external address that passed
    external_url(): written into an attribute HTML-escaped only."""


def text(value: object) -> Markup:
    """Any value as literal text, safe in every context of a generated page."""
    if isinstance(value, Markup):
        return value
    s = clean(value)
    if "№" in s or " %" in s:
        s = russian.no_break(s)
    # A substitution per special character: str.translate with a mapping is
    # three times slower on Cyrillic text, and every `{{ }}` of every page comes here.
    return Markup(_NEEDS_ESCAPE.sub(_escape_match, s))


def finalize(value: object) -> object:
    """Jinja's finalize: every `{{ }}` of every template goes through here, so a
    template cannot write a data string unescaped. Markup (macros, attr_json,
    text()) is already safe; a SafeUrl is only HTML-escaped."""
    if isinstance(value, Markup):
        return value
    if isinstance(value, SafeUrl):
        return Markup(html.escape(value, quote=True))
    return text(value)


_EXTERNAL_URL = re.compile(r"https?://[^\s<>\"'`\\]+")
_SLUG = re.compile(r"[a-z0-9][a-z0-9_-]*", re.ASCII)


def external_url(value: object) -> SafeUrl | None:
    """An http(s) address from data as a link target, or None: any other
    scheme (javascript:, data:) never becomes a link."""
    s = clean(value).strip()
    return SafeUrl(s) if _EXTERNAL_URL.fullmatch(s) else None


def slug(value: object) -> Markup:
    """An id written where Markdown syntax needs it as is (an attr_list
    anchor): only a lowercase slug passes, anything else is an error."""
    s = str(value)
    if not _SLUG.fullmatch(s):
        raise ValueError(f"not a slug: {s!r}")
    return Markup(s)


# The `md` filter of older templates: the same single escaping path.
md = text


def attr_json(obj: object) -> Markup:
    """JSON for an HTML attribute: deterministic, fully escaped."""
    dumped = json.dumps(obj, ensure_ascii=False, sort_keys=True, separators=(",", ":"), allow_nan=False)
    return Markup(html.escape(dumped, quote=True))
