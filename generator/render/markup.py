"""Escaping and Russian number formatting: the only things templates do."""

from __future__ import annotations

import html
import json
import math
import re

from markupsafe import Markup

from generator.arithmetic import round2

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
_ESCAPES = str.maketrans({**{c: f"&#{ord(c)};" for c in _MD_SPECIAL_CHARS}, **_HTML_ENTITIES})
_NEEDS_ESCAPE = re.compile("[" + re.escape(_MD_SPECIAL_CHARS + "".join(_HTML_ENTITIES)) + "]")
_INVISIBLE = re.compile(r"[\x00-\x1f\x7f-\x9f\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff]")


class SafeUrl(str):
    """A link the generator made itself (relative paths between its own pages,
    built from validated slugs) or an external address that passed
    external_url(): written into an attribute HTML-escaped only."""


def clean(text: object) -> str:
    """Data text with control, invisible and direction characters removed
    (validation already refuses them; this is the belt to those braces)."""
    return _INVISIBLE.sub("", "" if text is None else str(text))


def text(value: object) -> Markup:
    """Any value as literal text, safe in every context of a generated page."""
    if isinstance(value, Markup):
        return value
    s = clean(value)
    return Markup(s.translate(_ESCAPES) if _NEEDS_ESCAPE.search(s) else s)


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


def _num(x: float, decimals: int) -> str:
    text = f"{x:,.{decimals}f}".replace(",", "\u00a0").replace(".", ",")
    return text.replace("-", "\u2212")


def score(x: float | None) -> str:
    """83.333 -> '83,33'; none -> '—'."""
    if x is None or (isinstance(x, float) and math.isnan(x)):
        return "—"
    return _num(round2(x), 2)


def delta(x: float | None) -> str:
    if x is None or (isinstance(x, float) and math.isnan(x)):
        return "—"
    r = round2(x)
    return ("+" if r > 0 else "") + _num(r, 2)


def value(x: float | None, unit: str = "number") -> str:
    """A raw indicator value, in the words of its unit."""
    if x is None or (isinstance(x, float) and math.isnan(x)):
        return "не представлено"
    if unit == "boolean":
        return "да" if x >= 1 else "нет"
    if float(x).is_integer():
        text = _num(x, 0)
    else:
        # Every digit that decides a score (0.004 is not «0»): the shortest form
        # that reads back as the same number, cut to 10 significant digits so
        # 1/3 stays readable, never cutting the integer part; no exponent.
        shortest = repr(abs(float(x)))
        exponent = 0
        if "e" in shortest or len(shortest) > 11:  # the usual short figures skip Decimal
            import decimal

            d = decimal.Decimal(shortest)
            cap = max(10, d.adjusted() + 2)
            if len(d.as_tuple().digits) > cap:
                d = decimal.Context(prec=cap, rounding=decimal.ROUND_HALF_UP).plus(d)
            exponent = d.adjusted() if d.adjusted() < -9 else 0  # 1e-300 would be 300 zeros
            shortest = format(d.scaleb(-exponent).normalize(), "f")
        whole, _, fraction = shortest.partition(".")
        text = ("\u2212" if x < 0 else "") + f"{int(whole):,}".replace(",", "\u00a0") + ("," + fraction if fraction else "")
        if exponent:
            superscript = str.maketrans("-0123456789", "\u207b\u2070\u00b9\u00b2\u00b3\u2074\u2075\u2076\u2077\u2078\u2079")
            text += "\u00b710" + str(exponent).translate(superscript)
    # A no-break space: "69,23 %" never breaks before the sign.
    return text + ("\u00a0%" if unit == "percent" else "")


def rank(rank_min, rank_max, of: int | None = None) -> str:
    if rank_min is None or rank_min != rank_min:
        return "—"
    text = str(int(rank_min)) if rank_min == rank_max else f"{int(rank_min)}–{int(rank_max)}"
    return f"{text} из {of}" if of else text


def plural(n: int, one: str, few: str, many: str) -> str:
    n10, n100 = n % 10, n % 100
    if n10 == 1 and n100 != 11:
        word = one
    elif 2 <= n10 <= 4 and not 12 <= n100 <= 14:
        word = few
    else:
        word = many
    return f"{n} {word}"
